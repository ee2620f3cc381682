/**
 * Splits a section's saves or resets into requests by record count and body size. Sizes are
 * measured on the exact wire entries the client will send, so a batch never surprises the API.
 */
import { toResetEntry, toSaveEntry } from "../api";
import type { ResetEntry, SaveEntry } from "../ims/plan";

export interface BatchLimits {
  maxRecords: number;
  maxBytes: number;
}

/** The provider has no documented limit; these stay well inside the sandbox's 5,000 records and 4 MB. */
export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxRecords: 1000, maxBytes: 1_500_000 };

const ENVELOPE_BYTES = 200;

export function splitBatches<T extends SaveEntry | ResetEntry>(entries: readonly T[], limits: BatchLimits): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const entry of entries) {
    const wire = entry.kind === "save" ? toSaveEntry(entry.record, entry.intent) : toResetEntry(entry.record);
    const size = utf8Length(JSON.stringify(wire)) + 1;
    if (current.length > 0 && (current.length >= limits.maxRecords || bytes + size > limits.maxBytes)) {
      batches.push(current);
      current = [];
      bytes = ENVELOPE_BYTES;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length) batches.push(current);
  return batches;
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
