/**
 * What can be wrong with a whole offline file, as a typed value with a sentence for people, and
 * the warnings about what was read with a default or a guess. Shared by the download and the
 * error-file readers.
 */
import { lineAndColumn, readJson, type JsonSyntaxProblem, type JsonValue } from "./json-source";
import { sectionByPayloadKey, sectionByReportKey, type SectionInfo } from "../sections";

export type OfflineFileErrorCode =
  /** Nothing but spaces (or a byte-order mark). */
  | "empty"
  /** Longer than the reader accepts (`maxChars`). */
  | "too-large"
  /** Not JSON (or JSON with a syntax error before its end). */
  | "not-json"
  /** The text ends before the JSON does: a cut-off download or copy. */
  | "truncated"
  /** JSON, but not shaped like the file expected. */
  | "wrong-shape"
  /** A section the add-in does not know holds records (it would be lost silently otherwise). */
  | "unknown-section"
  /** Another kind of portal file: an upload file, an error file, a GSTR-2B file. */
  | "other-file-kind";

export interface OfflineFileError {
  code: OfflineFileErrorCode;
  /** A plain sentence naming what is wrong and where, and what to do. */
  message: string;
  /** Where, when known: 1-based line and column, 0-based offset, the JSON path. */
  line?: number;
  column?: number;
  offset?: number;
  path?: string;
}

export type OfflineResult<T> = { ok: true; value: T } | { ok: false; error: OfflineFileError };

export interface ParseWarning {
  code: string;
  /** A sentence for people. */
  message: string;
  /** How many records (or places) it concerns. */
  count: number;
  /** Up to three JSON paths where it was seen. */
  examples: string[];
}

/** Collects warnings by code: one entry per code, counted, with a few examples. */
export class WarningList {
  private readonly byCode = new Map<string, ParseWarning>();

  add(code: string, message: string, example?: string): void {
    const w = this.byCode.get(code);
    if (w) {
      w.count++;
      if (example !== undefined && w.examples.length < 3) w.examples.push(example);
      return;
    }
    this.byCode.set(code, { code, message, count: 1, examples: example !== undefined ? [example] : [] });
  }

  list(): ParseWarning[] {
    return [...this.byCode.values()];
  }
}

/** Default largest text read: far above any IMS file seen, low enough to stop a wrong pick early. */
export const DEFAULT_MAX_CHARS = 100 * 1024 * 1024;

export const BYTE_ORDER_MARK = "\uFEFF";

function megabytes(chars: number): string {
  return `${(chars / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Reads the text of an offline file: strips a byte-order mark, refuses empty and oversized text
 * and things that are plainly not JSON (a ZIP, a web page), and reads the JSON with positions.
 * `what` names the file for messages ("The IMS file"). Offsets in the value are into `body`,
 * the text without its byte-order mark.
 */
export function readFileJson(text: string, what: string, maxChars: number): OfflineResult<{ value: JsonValue; body: string; hadByteOrderMark: boolean; controlCharacters: number }> {
  const hadByteOrderMark = text.startsWith(BYTE_ORDER_MARK);
  const body = hadByteOrderMark ? text.slice(1) : text;
  if (body.length > maxChars) {
    return { ok: false, error: { code: "too-large", message: `${what} is ${megabytes(body.length)}; the add-in reads files up to ${megabytes(maxChars)}. Check that this is the IMS file downloaded from the portal.` } };
  }
  const first = /\S/.exec(body);
  if (!first) return { ok: false, error: { code: "empty", message: `${what} is empty. Download it again from the portal.` } };
  if (body.startsWith("PK\u0003\u0004")) {
    return { ok: false, error: { code: "not-json", message: `${what} is a ZIP archive, not JSON. Extract the JSON file from it and open that.`, offset: 0, line: 1, column: 1 } };
  }
  if (body.slice(0, 200).includes("\u0000") || body.startsWith("\uFFFD\uFFFD")) {
    return { ok: false, error: { code: "not-json", message: `${what} is not UTF-8 text (it looks like UTF-16, or a binary file). Open the JSON file exactly as the portal gave it.`, offset: 0, line: 1, column: 1 } };
  }
  if (first[0] === "<") {
    const at = lineAndColumn(body, first.index);
    return { ok: false, error: { code: "not-json", message: `${what} is a web page (HTML), not JSON: the portal may have shown an error or a sign-in page instead of the file. Download it again.`, offset: first.index, ...at } };
  }
  const read = readJson(body);
  if (!read.ok) return { ok: false, error: syntaxError(what, read.problem) };
  return { ok: true, value: { value: read.value, body, hadByteOrderMark, controlCharacters: read.controlCharacters } };
}

function syntaxError(what: string, p: JsonSyntaxProblem): OfflineFileError {
  const where = `line ${p.line}, column ${p.column}${p.path ? `, in ${p.path}` : ""}`;
  const base = { offset: p.offset, line: p.line, column: p.column, path: p.path };
  if (p.atEnd) {
    return { ...base, code: "truncated", message: `${what} ends before its JSON does (${where}): it was probably cut off while downloading or copying. Download it again from the portal.` };
  }
  return { ...base, code: "not-json", message: `${what} is not valid JSON at ${where}: expected ${p.expected}, found ${p.found}.` };
}

/** "b2bcn", "B2BCN", "b2b-cn", "cn", "eco": the section a key of an offline file names, or null. */
export function sectionOfKey(key: string): SectionInfo | null {
  const k = key.toLowerCase().replace(/[-_\s]/g, "");
  if (k === "eco") return sectionByPayloadKey("ecom");
  if (k === "ecoa") return sectionByPayloadKey("ecoma");
  return sectionByReportKey(k);
}

/** The JSON path of a member: `imsDetails.b2b`, `data.error_report["b2b cn"]`. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  const name = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
  if (parent === "") return name;
  return name.startsWith('"') ? `${parent}[${name}]` : `${parent}.${name}`;
}
