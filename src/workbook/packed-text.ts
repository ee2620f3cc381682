/**
 * Long text kept in cells: split into parts that fit one cell (Excel holds at most 32,767
 * characters), each part starting with a short tag so that no part can ever be read as a number,
 * a date or a formula, whatever the cell's format. Where the host can compress
 * (CompressionStream: Excel on the web, Windows WebView2, Safari 16.4+), the text is deflated
 * with zlib — whose Adler-32 checksum catches a damaged part — and written as base64: the JSON
 * of IMS records shrinks five- to tenfold, so a 100,000-record file costs a few syncs, not a dozen.
 * Elsewhere it is kept as it is. Both are read back, so a workbook moves freely between hosts
 * that can decompress.
 */

/** Excel's limit of characters in one cell. */
export const CELL_TEXT_LIMIT = 32_767;
/** Characters of text per part, tag included: well under the cell limit. */
export const PART_CHARS = 32_000;

const TAG_DEFLATED = "z1:";
const TAG_PLAIN = "t1:";

export class PackedTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PackedTextError";
  }
}

export interface PackOptions {
  /** Compress when the host can (default true). */
  compress?: boolean;
}

function canCompress(): boolean {
  return typeof CompressionStream === "function" && typeof DecompressionStream === "function";
}

/** The parts to write, one per cell, in order. */
export async function packText(text: string, options: PackOptions = {}): Promise<string[]> {
  if ((options.compress ?? true) && canCompress()) {
    const bytes = await pipeThrough(new CompressionStream("deflate"), new TextEncoder().encode(text));
    return split(toBase64(bytes), TAG_DEFLATED, PART_CHARS - TAG_DEFLATED.length);
  }
  return split(text, TAG_PLAIN, PART_CHARS - TAG_PLAIN.length);
}

/** The text the parts hold; a PackedTextError when a part is missing, damaged or of another kind. */
export async function unpackText(parts: readonly string[]): Promise<string> {
  if (parts.length === 0) throw new PackedTextError("no parts");
  const tag = parts[0]?.slice(0, 3) ?? "";
  if (tag !== TAG_DEFLATED && tag !== TAG_PLAIN) throw new PackedTextError("a part does not start with a known tag");
  let body = "";
  for (const p of parts) {
    if (typeof p !== "string" || !p.startsWith(tag)) throw new PackedTextError("the parts are of different kinds");
    body += p.slice(tag.length);
  }
  if (tag === TAG_PLAIN) return body;
  if (!canCompress()) throw new PackedTextError("this host cannot decompress text (it has no DecompressionStream)");
  const bytes = fromBase64(body);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(await pipeThrough(new DecompressionStream("deflate"), bytes));
  } catch (e) {
    throw new PackedTextError(`the compressed text is damaged (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** `text` in pieces of at most `size` characters, each tagged; a surrogate pair is never cut. */
function split(text: string, tag: string, size: number): string[] {
  const out: string[] = [];
  let at = 0;
  do {
    let end = Math.min(text.length, at + size);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    out.push(tag + text.slice(at, end));
    at = end;
  } while (at < text.length);
  return out;
}

async function pipeThrough(stream: CompressionStream | DecompressionStream, input: Uint8Array): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  const writing = writer.write(input as Uint8Array<ArrayBuffer>).then(() => writer.close());
  // A damaged input errors the readable side; the writer's rejection says the same thing.
  writing.catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
  }
  await writing;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** Bytes per btoa call: a multiple of 3, so the pieces join without padding in between. */
const BASE64_STEP = 3 * 8192;

function toBase64(bytes: Uint8Array): string {
  const pieces: string[] = [];
  for (let i = 0; i < bytes.length; i += BASE64_STEP) {
    pieces.push(btoa(String.fromCharCode(...bytes.subarray(i, i + BASE64_STEP))));
  }
  return pieces.join("");
}

function fromBase64(text: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new PackedTextError("the compressed text is damaged (not base64)");
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
