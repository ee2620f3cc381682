import * as fs from "node:fs";

/**
 * fs.writeSync may in principle write less than asked; loop until the whole buffer is out.
 * Writes at the current file position, or at `position` if given.
 */
export function writeAll(fd: number, bytes: Uint8Array, position?: number): void {
  let offset = 0;
  while (offset < bytes.length) {
    const at = position === undefined ? null : position + offset;
    const written = fs.writeSync(fd, bytes, offset, bytes.length - offset, at);
    if (written <= 0) throw new Error(`write made no progress (${offset} of ${bytes.length} bytes written)`);
    offset += written;
  }
}

const DEFAULT_CHUNK_CHARS = 8 * 1024 * 1024;

/**
 * Writes a (possibly ~200 MB) string as UTF-8 in bounded chunks, so the encoded copy never
 * has to exist in memory all at once.
 */
export function writeStringChunked(fd: number, text: string, chunkChars = DEFAULT_CHUNK_CHARS): void {
  if (!(chunkChars >= 1)) throw new RangeError(`chunkChars must be >= 1, got ${chunkChars}`);
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + chunkChars, text.length);
    // Cutting between the halves of a surrogate pair would encode each half as U+FFFD.
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end += 1;
    writeAll(fd, Buffer.from(text.slice(start, end), "utf8"));
    start = end;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Makes a rename or file creation in `dir` durable. Windows cannot open a directory as a
 * file (and NTFS journals the metadata itself), and some Linux filesystems answer EINVAL;
 * neither is an error worth failing a write for.
 */
export function fsyncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, "r");
  } catch (error) {
    if (process.platform === "win32") return;
    throw error;
  }
  try {
    fs.fsyncSync(fd);
  } catch (error) {
    if (!(errorCode(error) === "EINVAL" || process.platform === "win32")) throw error;
  } finally {
    fs.closeSync(fd);
  }
}

export function errorCode(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

/** Reads a whole file, or returns null if it does not exist. */
export function readFileIfExists(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return null;
    throw error;
  }
}

export function unlinkIfExists(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch (error) {
    if (errorCode(error) !== "ENOENT") throw error;
  }
}
