/**
 * A hidden sheet that keeps texts for the add-in (packed-text.ts): each text is a "block", kept
 * in one or more rows of [block, part, parts, data]. Numbers in the first three columns are the
 * add-in's own; the data column is Text-formatted and every part starts with a tag, so nothing
 * in it can become a number, a date or a formula. A damaged or missing part loses only its own
 * block, which the reader reports as null.
 */
import { CALL_OVERHEAD_BYTES, DEFAULT_BUDGET_BYTES, readInChunks, rowJsonBytes, WriteBatcher, type SyncCounter } from "./chunking";
import type { CellValue } from "./cells";
import { packText, PART_CHARS, unpackText, type PackOptions } from "./packed-text";

export const BLOB_HEADERS = ["Block", "Part", "Parts", "Data (kept by IMS for Excel: do not edit)"] as const;
const WIDTH = BLOB_HEADERS.length;
const FORMATS = ["0", "0", "0", "@"];

export interface BlobSheetOptions extends PackOptions {
  /** Bytes aimed for per sync (default DEFAULT_BUDGET_BYTES). */
  budgetBytes?: number;
  /** Whether the sheet is there, when the caller just read the sheet names (saves a sync). */
  exists?: boolean;
}

export interface BlobWriteResult {
  syncs: number;
  retries: number;
  /** Rows of parts written. */
  parts: number;
  /** Characters written in the data column. */
  chars: number;
}

/** A hidden sheet's new content, packed (packBlobs) and ready to queue. */
export interface PackedBlobs {
  sheetName: string;
  /** [block, part, parts, data] per row. */
  rows: CellValue[][];
}

/** Packs `blocks`, one text each, into the sheet's rows. */
export async function packBlobs(sheetName: string, blocks: readonly string[], options: PackOptions = {}): Promise<PackedBlobs> {
  const rows: CellValue[][] = [];
  for (const [b, text] of blocks.entries()) {
    const parts = await packText(text, options);
    parts.forEach((p, i) => rows.push([b + 1, i + 1, parts.length, p]));
  }
  return { sheetName, rows };
}

/**
 * Queues the replacement of the sheet (`exists`: whether it is there now) through `batcher`: a
 * fresh hidden sheet with its header, then the rows in blocks under the batcher's budget.
 */
export async function queueBlobSheet(batcher: WriteBatcher, blobs: PackedBlobs, exists: boolean): Promise<void> {
  const { sheetName, rows } = blobs;
  await batcher.add({
    bytes: 8 * CALL_OVERHEAD_BYTES + 2 * rowJsonBytes([...BLOB_HEADERS]),
    queue(c) {
      const worksheets = c.workbook.worksheets;
      if (exists) worksheets.getItem(sheetName).delete();
      const ws = worksheets.add(sheetName);
      ws.visibility = "Hidden";
      const head = ws.getRangeByIndexes(0, 0, 1, WIDTH);
      head.numberFormat = [BLOB_HEADERS.map(() => "@")];
      head.values = [[...BLOB_HEADERS]];
    },
  });
  const rowBytes = rows.map((r) => rowJsonBytes(r) + rowJsonBytes(FORMATS) + 2);
  let from = 0;
  while (from < rows.length) {
    const n = await batcher.nextBlockRows(rowBytes, from, 3 * CALL_OVERHEAD_BYTES);
    const start = from;
    const block = rows.slice(start, start + n);
    await batcher.add({
      bytes: 3 * CALL_OVERHEAD_BYTES + rowBytes.slice(start, start + n).reduce((s, b) => s + b, 0),
      queue(c) {
        const range = c.workbook.worksheets.getItem(sheetName).getRangeByIndexes(1 + start, 0, block.length, WIDTH);
        range.numberFormat = block.map(() => [...FORMATS]);
        range.values = block;
      },
    });
    from += n;
  }
}

/** Replaces the sheet's content with `blocks`, one text each (an empty list leaves a sheet with its header only). */
export async function writeBlobSheet(sheetName: string, blocks: readonly string[], options: BlobSheetOptions = {}): Promise<BlobWriteResult> {
  const blobs = await packBlobs(sheetName, blocks, options);
  const budget = options.budgetBytes ?? DEFAULT_BUDGET_BYTES;
  const counter: SyncCounter = { syncs: 0, retries: 0 };
  await Excel.run({ delayForCellEdit: true }, async (context) => {
    let exists = options.exists;
    if (exists === undefined) {
      const existing = context.workbook.worksheets.getItemOrNullObject(sheetName);
      existing.load("name");
      counter.syncs++;
      await context.sync();
      exists = !existing.isNullObject;
    }
    const batcher = new WriteBatcher(context, budget, counter);
    await queueBlobSheet(batcher, blobs, exists);
    await batcher.flush();
  });
  return { ...counter, parts: blobs.rows.length, chars: blobs.rows.reduce((n, r) => n + String(r[3]).length, 0) };
}

export interface BlobReadResult {
  /** False when the sheet is not in the workbook. */
  exists: boolean;
  /** Each block's text, in order; null for a block with a missing or damaged part. */
  blocks: (string | null)[];
  syncs: number;
  retries: number;
}

/** Reads every block back. */
export async function readBlobSheet(sheetName: string, options: BlobSheetOptions = {}): Promise<BlobReadResult> {
  const budget = options.budgetBytes ?? DEFAULT_BUDGET_BYTES;
  const counter: SyncCounter = { syncs: 0, retries: 0 };
  const grid = await Excel.run({ delayForCellEdit: true }, async (context): Promise<CellValue[][] | null> => {
    const ws = context.workbook.worksheets.getItemOrNullObject(sheetName);
    const used = ws.getUsedRangeOrNullObject(true);
    used.load("rowIndex,rowCount");
    counter.syncs++;
    await context.sync();
    if (ws.isNullObject) return null;
    if (used.isNullObject) return [];
    const last = used.rowIndex + used.rowCount;
    const out: CellValue[][] = [];
    // Parts are at most PART_CHARS characters; JSON escaping and non-ASCII text can make them larger.
    let perChunk = Math.max(1, Math.floor(budget / (PART_CHARS * 1.25 + 64)));
    let at = 1;
    await readInChunks(context, counter, {
      queue() {
        if (at >= last) return null;
        const n = Math.min(perChunk, last - at);
        const range = ws.getRangeByIndexes(at, 0, n, WIDTH);
        range.load("values");
        return { n, range };
      },
      shrink({ n }) {
        if (n === 1) return false;
        perChunk = Math.max(1, Math.floor(n / 2));
        return true;
      },
      take({ n, range }) {
        out.push(...(range.values as CellValue[][]));
        at += n;
      },
    });
    return out;
  });
  if (grid === null) return { exists: false, blocks: [], ...counter };
  return { exists: true, blocks: await blocksOf(grid), ...counter };
}

/** Groups the rows into blocks and unpacks each; a block with a missing, extra or damaged part is null. */
async function blocksOf(grid: readonly CellValue[][]): Promise<(string | null)[]> {
  const byBlock = new Map<number, { parts: Map<number, string>; of: number; bad: boolean }>();
  for (const row of grid) {
    const [b, p, of, data] = row;
    if (row.every((c) => c === "" || c === null || c === undefined)) continue;
    if (!isIndex(b)) continue;
    const entry = byBlock.get(b) ?? { parts: new Map<number, string>(), of: isIndex(of) ? of : 0, bad: false };
    byBlock.set(b, entry);
    if (!isIndex(p) || !isIndex(of) || of !== entry.of || typeof data !== "string" || entry.parts.has(p)) {
      entry.bad = true;
      continue;
    }
    entry.parts.set(p, data);
  }
  const count = byBlock.size ? Math.max(...byBlock.keys()) : 0;
  const out: (string | null)[] = [];
  for (let b = 1; b <= count; b++) {
    const entry = byBlock.get(b);
    if (!entry || entry.bad || entry.parts.size !== entry.of) {
      out.push(null);
      continue;
    }
    const parts: string[] = [];
    for (let p = 1; p <= entry.of; p++) parts.push(entry.parts.get(p) ?? "");
    out.push(await unpackText(parts).catch(() => null));
  }
  return out;
}

function isIndex(v: CellValue | undefined): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 1;
}
