/**
 * The journal file: one line per appended batch,
 *
 *   <seq> <crc> <json>\n
 *
 * where <seq> is a decimal sequence number (1, 2, 3, ... with no gaps inside a file),
 * <crc> is 8 lowercase hex digits of the CRC-32 of the bytes "<seq> <json>" (the line
 * without its crc field and newline), and <json> is the batch as a JSON array of entries.
 * JSON.stringify never emits a raw newline, so "\n" only ever ends a line.
 */
import { crc32 } from "./crc32";

export const JOURNAL_FILE = "journal.log";

const NEWLINE = 0x0a;
const SPACE = 0x20;
const CRC_DIGITS = 8;
const SEQ_PATTERN = /^[1-9][0-9]{0,15}$/;
const CRC_PATTERN = /^[0-9a-f]{8}$/;

export interface JournalBatch {
  seq: number;
  entries: unknown[];
}

export interface JournalScan {
  /** The intact lines, in file order. */
  batches: JournalBatch[];
  /** Length of the intact prefix; everything after it is damaged. */
  validBytes: number;
  /** Why the scan stopped before the end of the file, if it did. */
  problem?: string;
}

export function encodeJournalLine(seq: number, entries: readonly unknown[]): Buffer {
  const seqPrefix = Buffer.from(`${seq} `, "latin1");
  const json = Buffer.from(JSON.stringify(entries), "utf8");
  const crc = crc32(json, crc32(seqPrefix)).toString(16).padStart(CRC_DIGITS, "0");
  return Buffer.concat([Buffer.from(`${seq} ${crc} `, "latin1"), json, Buffer.from("\n", "latin1")]);
}

/** Verifies lines in order and stops at the first torn, corrupt or out-of-sequence one. */
export function scanJournal(bytes: Buffer): JournalScan {
  const batches: JournalBatch[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const end = bytes.indexOf(NEWLINE, pos);
    if (end === -1) {
      return { batches, validBytes: pos, problem: `torn final line at byte ${pos} (no newline)` };
    }
    const decoded = decodeLine(bytes, pos, end);
    if (typeof decoded === "string") {
      return { batches, validBytes: pos, problem: `${decoded} in line at byte ${pos}` };
    }
    const previous = batches[batches.length - 1];
    if (previous !== undefined && decoded.seq !== previous.seq + 1) {
      return {
        batches,
        validBytes: pos,
        problem: `sequence break at byte ${pos}: expected seq ${previous.seq + 1}, found ${decoded.seq}`,
      };
    }
    batches.push(decoded);
    pos = end + 1;
  }
  return { batches, validBytes: pos };
}

/** Returns the batch, or a description of what is wrong with the line. */
function decodeLine(bytes: Buffer, start: number, end: number): JournalBatch | string {
  const seqEnd = bytes.indexOf(SPACE, start);
  if (seqEnd === -1 || seqEnd >= end) return "malformed header";
  const seqText = bytes.toString("latin1", start, seqEnd);
  const crcStart = seqEnd + 1;
  const jsonStart = crcStart + CRC_DIGITS + 1;
  if (!SEQ_PATTERN.test(seqText) || jsonStart > end || bytes[jsonStart - 1] !== SPACE) return "malformed header";
  const crcText = bytes.toString("latin1", crcStart, crcStart + CRC_DIGITS);
  if (!CRC_PATTERN.test(crcText)) return "malformed header";
  const seq = Number(seqText);
  if (!Number.isSafeInteger(seq)) return "malformed header";

  const json = bytes.subarray(jsonStart, end);
  const actual = crc32(json, crc32(bytes.subarray(start, crcStart)));
  if (actual !== parseInt(crcText, 16)) return `checksum mismatch (seq ${seq})`;

  let entries: unknown;
  try {
    entries = JSON.parse(json.toString("utf8"));
  } catch {
    return `invalid JSON (seq ${seq})`;
  }
  if (!Array.isArray(entries)) return `payload is not an array (seq ${seq})`;
  return { seq, entries };
}
