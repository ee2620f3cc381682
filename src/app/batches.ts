/**
 * Splits a section's saves or resets into requests by record count and body size. Sizes are
 * measured on the exact wire entries the client will send, so a batch never surprises the API.
 */
import { toResetEntry, toSaveEntry } from "../api";
import type { ResetEntry, SaveEntry } from "../ims/plan";
import { jsonBytes } from "../workbook";

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
    const size = jsonBytes(wire) + 1;
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
