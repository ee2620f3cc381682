/**
 * Reading the body rows of probed section sheets in chunks sized to the response budget,
 * several sheets' chunks sharing a sync. Each chunk also loads the Action cells' validation and
 * the number formats and formulas of the user's own columns, so that a pull can keep them.
 */
import { DEFAULT_BUDGET_BYTES, jsonBytes, readInChunks, type SyncCounter } from "./chunking";
import type { CellValue } from "./cells";
import type { SheetProbe } from "./sheet-probe";
import { actionColumn, actionRange, findLostDropDowns, validationVerdict } from "./validation-scan";

/** Excel returns null for reads above 5,000,000 cells: stay well below. */
const MAX_CELLS_PER_READ = 1_000_000;
const READ_OVERHEAD_BYTES = 300;
/** Rows ahead may be longer than the rows seen so far: aim this much above what was seen. */
const READ_MARGIN = 1.05;

export interface SheetCells {
  values: CellValue[][];
  /** Number formats of the user's columns, by body row offset. */
  userFormats: string[][];
  /** R1C1 formulas of the user's columns, per body row (undefined where a cell holds a constant). */
  userFormulas: (string | undefined)[][];
  /** Body row offsets whose Action cell has no drop-down. */
  lost: Set<number>;
}

interface Span {
  probe: SheetProbe;
  start: number;
  count: number;
}

interface Chunk {
  span: Span;
  range: Excel.Range;
  dv: Excel.DataValidation | null;
  formats: Excel.Range[];
}

export function emptyCells(rows: number): SheetCells {
  return { values: new Array(rows), userFormats: new Array(rows), userFormulas: new Array(rows), lost: new Set() };
}

/** Reads the body rows of every probed sheet, packing chunks of several sheets into each sync. */
export async function readBodies(
  context: Excel.RequestContext,
  probes: readonly SheetProbe[],
  counter: SyncCounter,
  budget = DEFAULT_BUDGET_BYTES,
): Promise<Map<SheetProbe, SheetCells>> {
  const out = new Map<SheetProbe, SheetCells>();
  const todo = probes.filter((p) => p.sheetName && p.bodyRows > 0);
  for (const p of probes) out.set(p, emptyCells(p.bodyRows));
  /** The next body row to read, per sheet: moved on only once a chunk has synced. */
  const next = new Map<SheetProbe, number>(todo.map((p) => [p, 0]));
  const estimate = new Map<SheetProbe, number>(todo.map((p) => [p, Math.ceil((p.rowBytes + 16 * p.userColumns.length) * READ_MARGIN)]));
  const searches: Span[] = [];

  await readInChunks<Chunk[]>(context, counter, {
    queue() {
      const open = todo.filter((p) => (next.get(p) as number) < p.bodyRows);
      if (!open.length) return null;
      let room = budget;
      const batch: Chunk[] = [];
      for (const p of open) {
        const est = estimate.get(p) as number;
        const at = next.get(p) as number;
        let n = Math.min(p.bodyRows - at, Math.floor((room - READ_OVERHEAD_BYTES) / est), Math.floor(MAX_CELLS_PER_READ / Math.max(1, p.width)));
        if (n <= 0) {
          if (batch.length) break;
          n = 1;
        }
        batch.push(queueChunk(context, { probe: p, start: at, count: n }));
        room -= n * est + READ_OVERHEAD_BYTES;
        if (room < READ_OVERHEAD_BYTES + est) break;
      }
      return batch;
    },
    shrink(refused) {
      if (refused.length === 1 && refused[0]?.span.count === 1) return false;
      for (const { span } of refused) estimate.set(span.probe, Math.ceil((estimate.get(span.probe) as number) * 1.6));
      return true;
    },
    take(batch) {
      for (const { span, range, dv, formats } of batch) {
        const values = range.values as CellValue[][];
        const cells = out.get(span.probe) as SheetCells;
        for (let i = 0; i < span.count; i++) cells.values[span.start + i] = (values[i] ?? []) as CellValue[];
        if (formats.length) {
          const loaded = formats.map((f) => f.numberFormat as string[][]);
          for (let i = 0; i < span.count; i++) cells.userFormats[span.start + i] = loaded.map((col) => String(col[i]?.[0] ?? "General"));
          const formulas = formats.map((f) => f.formulasR1C1 as unknown[][]);
          for (let i = 0; i < span.count; i++) cells.userFormulas[span.start + i] = formulas.map((col) => formulaOf(col[i]?.[0]));
        }
        const observed = Math.ceil(jsonBytes(values) / span.count) + 1 + 16 * span.probe.userColumns.length;
        estimate.set(span.probe, Math.max(Math.ceil(observed * READ_MARGIN), Math.ceil(span.probe.width * 3)));
        next.set(span.probe, span.start + span.count);
        // The span's validation: kept throughout, lost throughout, or to be searched.
        const verdict = dv ? validationVerdict(dv, span.count) : "kept";
        if (verdict === "search") searches.push(span);
        else if (verdict === "lost") markLost(out, span.probe, span.start, span.count);
      }
    },
  });

  // Locate the cells that lost the drop-down inside chunks whose cells differ.
  const mixed = searches.map((s) => ({ key: s.probe, start: s.start, count: s.count }));
  await findLostDropDowns(context, mixed, actionColumn, (span) => markLost(out, span.key, span.start, span.count), counter, budget);
  return out;
}

/** Queues the loads of one chunk: the cells, the Action cells' validation, and the user's columns' formats and formulas. */
function queueChunk(context: Excel.RequestContext, span: Span): Chunk {
  const { probe: p, start, count } = span;
  const ws = context.workbook.worksheets.getItem(p.sheetName as string);
  const range = ws.getRangeByIndexes(p.originRow + 1 + start, p.originCol, count, p.width);
  range.load("values");
  const dv = actionRange(context, p, start, count)?.dataValidation ?? null;
  dv?.load("type,rule");
  const formats = p.userColumns.map((u) => {
    const f = ws.getRangeByIndexes(p.originRow + 1 + start, p.originCol + u.index, count, 1);
    f.load("numberFormat,formulasR1C1");
    return f;
  });
  return { span, range, dv, formats };
}

function formulaOf(v: unknown): string | undefined {
  return typeof v === "string" && v.startsWith("=") ? v : undefined;
}

function markLost(out: Map<SheetProbe, SheetCells>, probe: SheetProbe, start: number, count: number): void {
  const lost = (out.get(probe) as SheetCells).lost;
  for (let i = 0; i < count; i++) lost.add(start + i);
}
