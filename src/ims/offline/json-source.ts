/**
 * A JSON reader that remembers where things came from, for the portal's offline files.
 *
 * `JSON.parse` loses what the upload must keep: the exact text of each record (number
 * spellings such as `142700.00`, escapes, key order, spacing), the literal text of a number too
 * long for a double (a 19-digit invoice number), and where a broken file broke. This reader
 * keeps, for every object and array, its offsets in the source, for every number its literal
 * text, and on failure the line, column and JSON path of the problem.
 *
 * It is strict JSON (RFC 8259) with one tolerance: control characters inside strings, which some
 * generators leave unescaped, are read as they are and counted. Plain TypeScript: no Node, no DOM.
 */

export interface JsonNumber {
  readonly kind: "number";
  /** The number exactly as written ("142700.00", "1e3", "12345678901234567890"). */
  readonly raw: string;
}

export interface JsonArray {
  readonly kind: "array";
  readonly items: JsonValue[];
  /** Offset of "[" in the source. */
  readonly start: number;
  /** Offset just after "]". */
  readonly end: number;
}

export interface JsonObject {
  readonly kind: "object";
  /** Members in source order; a key written twice keeps its last value (as JSON.parse does) and is listed in `repeatedKeys`. */
  readonly members: Map<string, JsonValue>;
  /** Offset of "{" in the source. */
  readonly start: number;
  /** Offset just after "}". */
  readonly end: number;
  readonly repeatedKeys?: string[];
}

export type JsonValue = null | boolean | string | JsonNumber | JsonArray | JsonObject;

/** Where one member of an object sits in the source (offsets into the text given). */
export interface MemberSpan {
  key: string;
  /** Offset of the key's opening quote. */
  keyStart: number;
  /** Offset just after the key's closing quote. */
  keyEnd: number;
  valueStart: number;
  /** Offset just after the value. */
  valueEnd: number;
}

export interface JsonSyntaxProblem {
  /** 0-based offset of the problem in the text. */
  offset: number;
  /** 1-based line and column. */
  line: number;
  column: number;
  /** What the reader expected there, in words. */
  expected: string;
  /** What it found, in words ("the end of the file", `"x"`). */
  found: string;
  /** The JSON path being read ("imsDetails.b2b[41].val"); "" at the top. */
  path: string;
  /** True when the text ended before the JSON did: a truncated file. */
  atEnd: boolean;
}

export type JsonReadResult<T> = { ok: true; value: T; controlCharacters: number } | { ok: false; problem: JsonSyntaxProblem };

export interface ReadOptions {
  /** Deepest nesting accepted (default 64): IMS files are 4 deep; deeper text is not one of them. */
  maxDepth?: number;
}

class SyntaxStop {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {}
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

class Reader {
  private pos = 0;
  /** Path segments of the value being read, for error messages only. */
  private readonly path: (string | number)[] = [];
  controlCharacters = 0;
  /** Member spans of the objects at this depth (1 = the top value), when asked for. */
  readonly spans: MemberSpan[] = [];

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    private readonly spanDepth: number,
  ) {}

  read(): JsonValue {
    this.skipSpace();
    const value = this.value(1);
    this.skipSpace();
    if (this.pos < this.text.length) throw new SyntaxStop(this.pos, "the end of the file after the top-level value");
    return value;
  }

  problem(stop: SyntaxStop): JsonSyntaxProblem {
    const { line, column } = lineAndColumn(this.text, stop.offset);
    const atEnd = stop.offset >= this.text.length;
    return { offset: stop.offset, line, column, expected: stop.expected, found: atEnd ? "the end of the file" : describeChar(this.text, stop.offset), path: pathText(this.path), atEnd };
  }

  private skipSpace(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
      else break;
    }
    this.pos = p;
  }

  private value(depth: number): JsonValue {
    const c = this.text.charCodeAt(this.pos);
    if (c === OPEN_BRACE) return this.object(depth);
    if (c === OPEN_BRACKET) return this.array(depth);
    if (c === QUOTE) return this.string();
    if (c === MINUS || isDigit(c)) return this.number();
    if (this.text.startsWith("true", this.pos)) {
      this.pos += 4;
      return true;
    }
    if (this.text.startsWith("false", this.pos)) {
      this.pos += 5;
      return false;
    }
    if (this.text.startsWith("null", this.pos)) {
      this.pos += 4;
      return null;
    }
    throw new SyntaxStop(this.pos, "a value (an object, array, text, number, true, false or null)");
  }

  private object(depth: number): JsonObject {
    if (depth > this.maxDepth) throw new SyntaxStop(this.pos, `at most ${this.maxDepth} levels of nesting`);
    const start = this.pos;
    this.pos++;
    const members = new Map<string, JsonValue>();
    let repeated: string[] | undefined;
    const collect = depth === this.spanDepth;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === CLOSE_BRACE) {
      this.pos++;
      return { kind: "object", members, start, end: this.pos };
    }
    this.path.push("");
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== QUOTE) throw new SyntaxStop(this.pos, 'a member name in double quotes');
      const keyStart = this.pos;
      const key = this.string();
      const keyEnd = this.pos;
      this.path[this.path.length - 1] = key;
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== COLON) throw new SyntaxStop(this.pos, `":" after the member name "${key}"`);
      this.pos++;
      this.skipSpace();
      const valueStart = this.pos;
      const value = this.value(depth + 1);
      if (collect) this.spans.push({ key, keyStart, keyEnd, valueStart, valueEnd: this.pos });
      if (members.has(key)) (repeated ??= []).push(key);
      members.set(key, value);
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      if (c === COMMA) {
        this.pos++;
        this.skipSpace();
        continue;
      }
      if (c === CLOSE_BRACE) {
        this.pos++;
        break;
      }
      throw new SyntaxStop(this.pos, `"," or "}" after the value of "${key}"`);
    }
    this.path.pop();
    const out: JsonObject = repeated ? { kind: "object", members, start, end: this.pos, repeatedKeys: repeated } : { kind: "object", members, start, end: this.pos };
    return out;
  }

  private array(depth: number): JsonArray {
    if (depth > this.maxDepth) throw new SyntaxStop(this.pos, `at most ${this.maxDepth} levels of nesting`);
    const start = this.pos;
    this.pos++;
    const items: JsonValue[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === CLOSE_BRACKET) {
      this.pos++;
      return { kind: "array", items, start, end: this.pos };
    }
    this.path.push(0);
    for (;;) {
      this.path[this.path.length - 1] = items.length;
      items.push(this.value(depth + 1));
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      if (c === COMMA) {
        this.pos++;
        this.skipSpace();
        continue;
      }
      if (c === CLOSE_BRACKET) {
        this.pos++;
        break;
      }
      throw new SyntaxStop(this.pos, '"," or "]" after a list item');
    }
    this.path.pop();
    return { kind: "array", items, start, end: this.pos };
  }

  private string(): string {
    const t = this.text;
    const open = this.pos;
    let p = open + 1;
    // Fast path: no escapes.
    for (;;) {
      if (p >= t.length) throw new SyntaxStop(t.length, "the closing quote of a text value");
      const c = t.charCodeAt(p);
      if (c === QUOTE) {
        this.pos = p + 1;
        return t.slice(open + 1, p);
      }
      if (c === BACKSLASH) break;
      if (c < 0x20) this.controlCharacters++;
      p++;
    }
    let out = t.slice(open + 1, p);
    for (;;) {
      if (p >= t.length) throw new SyntaxStop(t.length, "the closing quote of a text value");
      const c = t.charCodeAt(p);
      if (c === QUOTE) {
        this.pos = p + 1;
        return out;
      }
      if (c === BACKSLASH) {
        const e = t.charCodeAt(p + 1);
        if (Number.isNaN(e)) throw new SyntaxStop(t.length, "an escape after \\");
        switch (e) {
          case QUOTE:
            out += '"';
            break;
          case BACKSLASH:
            out += "\\";
            break;
          case 0x2f:
            out += "/";
            break;
          case 0x62:
            out += "\b";
            break;
          case 0x66:
            out += "\f";
            break;
          case 0x6e:
            out += "\n";
            break;
          case 0x72:
            out += "\r";
            break;
          case 0x74:
            out += "\t";
            break;
          case 0x75: {
            const hex = t.slice(p + 2, p + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new SyntaxStop(Math.min(p + 2, t.length), "four hex digits after \\u");
            out += String.fromCharCode(parseInt(hex, 16));
            p += 4;
            break;
          }
          default:
            throw new SyntaxStop(p + 1, 'an escape (\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX)');
        }
        p += 2;
        continue;
      }
      if (c < 0x20) this.controlCharacters++;
      out += t.charAt(p);
      p++;
    }
  }

  private number(): JsonNumber {
    const t = this.text;
    const start = this.pos;
    let p = start;
    if (t.charCodeAt(p) === MINUS) p++;
    if (t.charCodeAt(p) === ZERO) p++;
    else if (isDigit(t.charCodeAt(p))) while (isDigit(t.charCodeAt(p))) p++;
    else throw new SyntaxStop(p, "a digit");
    if (t.charCodeAt(p) === DOT) {
      p++;
      if (!isDigit(t.charCodeAt(p))) throw new SyntaxStop(p, "a digit after the decimal point");
      while (isDigit(t.charCodeAt(p))) p++;
    }
    const e = t.charCodeAt(p);
    if (e === 0x65 || e === 0x45) {
      p++;
      const s = t.charCodeAt(p);
      if (s === PLUS || s === MINUS) p++;
      if (!isDigit(t.charCodeAt(p))) throw new SyntaxStop(p, "a digit in the exponent");
      while (isDigit(t.charCodeAt(p))) p++;
    }
    this.pos = p;
    return { kind: "number", raw: t.slice(start, p) };
  }
}

function pathText(path: readonly (string | number)[]): string {
  let out = "";
  for (const s of path) {
    if (typeof s === "number") out += `[${s}]`;
    else out += /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s) ? (out === "" ? s : `.${s}`) : `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** 1-based line and column of an offset (lines end at \n; a \r before it is not counted as a column). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

function describeChar(text: string, offset: number): string {
  const c = text.charAt(offset);
  if (c === "\n") return "a line break";
  if (c.trim() === "") return "a space";
  const word = /^[A-Za-z0-9_]+/.exec(text.slice(offset, offset + 20));
  return word ? `"${word[0]}"` : `"${c}"`;
}

/** Reads a JSON text. A failure says where, with what was expected there. */
export function readJson(text: string, options: ReadOptions = {}): JsonReadResult<JsonValue> {
  const reader = new Reader(text, options.maxDepth ?? 64, -1);
  try {
    const value = reader.read();
    return { ok: true, value, controlCharacters: reader.controlCharacters };
  } catch (e) {
    if (e instanceof SyntaxStop) return { ok: false, problem: reader.problem(e) };
    if (e instanceof RangeError) return { ok: false, problem: reader.problem(new SyntaxStop(0, "less deeply nested JSON")) };
    throw e;
  }
}

/**
 * The members of one JSON object text (such as a record's `raw`), with their offsets in it:
 * what the upload needs to change a member's value and leave every other byte as it was.
 */
export function objectMembers(text: string): JsonReadResult<{ object: JsonObject; members: MemberSpan[] }> {
  const reader = new Reader(text, 64, 1);
  try {
    const value = reader.read();
    if (value === null || typeof value !== "object" || value.kind !== "object") {
      return { ok: false, problem: reader.problem(new SyntaxStop(0, "an object")) };
    }
    return { ok: true, value: { object: value, members: reader.spans }, controlCharacters: reader.controlCharacters };
  } catch (e) {
    if (e instanceof SyntaxStop) return { ok: false, problem: reader.problem(e) };
    throw e;
  }
}

export function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && v.kind === "object";
}

export function isArray(v: JsonValue | undefined): v is JsonArray {
  return typeof v === "object" && v !== null && v.kind === "array";
}

export function isNumber(v: JsonValue | undefined): v is JsonNumber {
  return typeof v === "object" && v !== null && v.kind === "number";
}

/** A value in words for messages: `"31-02-2026"`, `142700.5`, `true`, `null`, `an object`, `a list`. */
export function valueText(v: JsonValue | undefined): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v.kind === "number") return v.raw;
  return v.kind === "object" ? "an object" : "a list";
}
