/**
 * "Action for all" in the workbook: writing one action into chosen rows of the section sheets,
 * and undoing it exactly. The undo record is a hidden sheet ("IMS undo"), one row per cell
 * written (the apply it belongs to, the record key, what was written, what the cell held), so
 * it survives a pane reload and travels with the workbook.
 *
 * Never overwriting what a user typed: the cells are read first (which also gives the exact
 * value the undo record keeps), then each block of rows is written in a batch that also loads
 * the key and the Action cells it replaces and appends the undo rows. A row whose key or Action
 * changed between the read and the write (a co-author sorted, or someone typed) gets the value
 * it had just before the write put back, and its undo row is cleared.
 */
import { undoDecision, stillBlankAction, type BulkTarget, type UndoEntry } from "../ims/suppliers";
import { SECTION_CODES, type SaveAction, type SectionCode } from "../ims/sections";
import { CALL_OVERHEAD_BYTES, DEFAULT_BUDGET_BYTES, readInChunks, WriteBatcher, type SyncCounter } from "./chunking";
import type { CellValue } from "./cells";
import { readGrid } from "./report-sheet";
import { probeWorkbook, type SheetProbe } from "./sheet-probe";
import { sheetNamed } from "./table-sheet";

export const UNDO_SHEET = "IMS undo";
/** Journals written before remarks were (five columns) read with blank remarks: Remarks left alone. */
export const UNDO_HEADERS = ["Apply", "Section", "Record key", "Written", "Before", "Remarks written", "Remarks before"] as const;
const UNDO_WIDTH = UNDO_HEADERS.length;

export interface BulkApplyResult {
  /** Cells written, by supplier GSTIN. */
  written: Map<string, number>;
  /** "<section>|<record key>" of each row written. */
  writtenKeys: Set<string>;
  /** Rows someone typed into, or that moved, between the read and the write: left as they were. */
  changedMeanwhile: number;
  syncs: number;
}

export interface BulkUndoResult {
  /** The apply undone (its ISO instant), or null when there was nothing to undo. */
  batch: string | null;
  restored: number;
  /** Cells changed since the apply (left as they are now). */
  changed: number;
  /** Rows whose action has since been sent to the portal (left as they are). */
  sent: number;
  /** Rows no longer on their sheet. */
  gone: number;
  syncs: number;
}

function col(probe: SheetProbe, id: "key" | "action" | "remarks" | "portalAction" | "state"): number {
  const c = probe.map[id];
  if (c === undefined || c < 0) throw new Error(`The ${probe.section} sheet has lost a column the add-in needs; pull ${probe.section} again.`);
  return c;
}

/** Consecutive runs of 0-based body offsets. */
function runs(offsets: readonly number[]): { start: number; count: number }[] {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const out: { start: number; count: number }[] = [];
  for (const o of sorted) {
    const last = out[out.length - 1];
    if (last && last.start + last.count === o) last.count++;
    else out.push({ start: o, count: 1 });
  }
  return out;
}

/** Reads the key and Action cells of the given body runs of one sheet, in chunks. */
async function readCells(
  context: Excel.RequestContext,
  probe: SheetProbe,
  spans: readonly { start: number; count: number }[],
  counter: SyncCounter,
  budget: number,
): Promise<Map<number, { key: CellValue; action: CellValue; remarks: CellValue }>> {
  const out = new Map<number, { key: CellValue; action: CellValue; remarks: CellValue }>();
  const ws = context.workbook.worksheets.getItem(probe.sheetName as string);
  const keyCol = col(probe, "key");
  const actionCol = col(probe, "action");
  const remarksCol = col(probe, "remarks");
  let i = 0;
  let perChunk = Math.max(1, Math.floor(budget / 600));
  await readInChunks(context, counter, {
    queue() {
      if (i >= spans.length) return null;
      const batch: { span: { start: number; count: number }; keys: Excel.Range; actions: Excel.Range; remarks: Excel.Range }[] = [];
      let rows = 0;
      while (i < spans.length && (batch.length === 0 || rows + (spans[i] as { count: number }).count <= perChunk)) {
        const span = spans[i] as { start: number; count: number };
        const at = probe.originRow + 1 + span.start;
        const keys = ws.getRangeByIndexes(at, probe.originCol + keyCol, span.count, 1).load("values");
        const actions = ws.getRangeByIndexes(at, probe.originCol + actionCol, span.count, 1).load("values");
        const remarks = ws.getRangeByIndexes(at, probe.originCol + remarksCol, span.count, 1).load("values");
        batch.push({ span, keys, actions, remarks });
        rows += span.count;
        i++;
      }
      return batch;
    },
    shrink(refused) {
      if (refused.length === 1) return false;
      i -= refused.length;
      perChunk = Math.max(1, Math.floor(perChunk / 2));
      return true;
    },
    take(batch) {
      for (const { span, keys, actions, remarks } of batch) {
        for (let j = 0; j < span.count; j++) out.set(span.start + j, { key: keys.values[j]?.[0] as CellValue, action: actions.values[j]?.[0] as CellValue, remarks: remarks.values[j]?.[0] as CellValue });
      }
    },
  });
  return out;
}

/** Writes each target's action (and remarks, when it has some) where its row still holds its key and no action, keeping the undo record in the same batches. */
export async function applyBulkActions(batch: string, targets: readonly BulkTarget[], options: { budgetBytes?: number } = {}): Promise<BulkApplyResult> {
  const budget = options.budgetBytes ?? DEFAULT_BUDGET_BYTES;
  const counter: SyncCounter = { syncs: 0, retries: 0 };
  const written = new Map<string, number>();
  const writtenKeys = new Set<string>();
  let changedMeanwhile = 0;
  if (!targets.length) return { written, writtenKeys, changedMeanwhile, syncs: 0 };
  await Excel.run({ delayForCellEdit: true }, async (context) => {
    const sections = SECTION_CODES.filter((s) => targets.some((t) => t.section === s));
    const state = await probeWorkbook(context, sections, counter);
    const journalExists = sheetNamed(state.sheetNames, UNDO_SHEET) !== null;
    let nextJournalRow = 1;
    if (journalExists) {
      const used = context.workbook.worksheets.getItem(UNDO_SHEET).getUsedRangeOrNullObject(true);
      used.load("rowIndex,rowCount");
      counter.syncs++;
      await context.sync();
      nextJournalRow = used.isNullObject ? 1 : Math.max(1, used.rowIndex + used.rowCount);
    }

    // 1. What each target row holds now.
    type Planned = BulkTarget & { offset: number; before: CellValue; remarksBefore: CellValue; probe: SheetProbe };
    /** What a row's Remarks cell holds once written: the target's remarks, or what it held. */
    const remarksOf = (p: Planned): string => String(p.remarks ?? p.remarksBefore ?? "");
    const planned: Planned[] = [];
    for (const probe of state.probes) {
      if (!probe.sheetName) {
        changedMeanwhile += targets.filter((t) => t.section === probe.section).length;
        continue;
      }
      const mine = targets.filter((t) => t.section === probe.section).map((t) => ({ ...t, offset: t.sheetRow - probe.originRow - 2 }));
      const seen = await readCells(context, probe, runs(mine.map((t) => t.offset)), counter, budget);
      for (const t of mine) {
        const cells = seen.get(t.offset);
        if (!cells || cells.key !== t.key || !stillBlankAction(cells.action)) changedMeanwhile++;
        else planned.push({ ...t, before: cells.action ?? "", remarksBefore: cells.remarks ?? "", probe });
      }
    }

    // 2. The undo sheet, when there is none, in a sync of its own: a batch Excel applies in part
    // and the batcher sends again must never add it a second time.
    if (!journalExists && planned.length) {
      const journal = context.workbook.worksheets.add(UNDO_SHEET);
      journal.visibility = "Hidden";
      const head = journal.getRangeByIndexes(0, 0, 1, UNDO_WIDTH);
      head.numberFormat = [UNDO_HEADERS.map(() => "@")];
      head.values = [[...UNDO_HEADERS]];
      counter.syncs++;
      await context.sync();
    }

    // 3. The writes, each block with its undo rows; the batch reads what it replaces.
    const batcher = new WriteBatcher(context, budget, counter);
    type Loaded = { keys: Excel.Range; actions: Excel.Range; remarks: Excel.Range | null };
    const checks: (Loaded & { t: Planned; journalRow: number; i: number })[] = [];
    for (const probe of state.probes) {
      const mine = planned.filter((p) => p.probe === probe).sort((a, b) => a.offset - b.offset);
      // Blocks of consecutive rows.
      const blocks: Planned[][] = [];
      for (const p of mine) {
        const last = blocks[blocks.length - 1];
        const prev = last?.[last.length - 1];
        if (last && prev && prev.offset + 1 === p.offset) last.push(p);
        else blocks.push([p]);
      }
      for (const block of blocks) {
        const start = (block[0] as Planned).offset;
        const firstJournalRow = nextJournalRow;
        nextJournalRow += block.length;
        let loaded: Loaded | null = null;
        const withRemarks = block.some((p) => p.remarks !== undefined);
        await batcher.add({
          bytes: 14 * CALL_OVERHEAD_BYTES + block.reduce((n, p) => n + 2 * p.key.length + batch.length + 40 + 3 * (p.remarks?.length ?? 0), 0),
          responseBytes: block.reduce((n, p) => n + p.key.length + 20 + 2 * (p.remarks?.length ?? 0), 0),
          queue(c) {
            const worksheets = c.workbook.worksheets;
            const journal = worksheets.getItem(UNDO_SHEET);
            // The undo rows go first: a batch Excel applies only in part never leaves a written cell without its undo row.
            const rows = journal.getRangeByIndexes(firstJournalRow, 0, block.length, UNDO_WIDTH);
            rows.numberFormat = block.map(() => UNDO_HEADERS.map(() => "@"));
            rows.values = block.map((p) => [batch, p.section, p.key, p.action, p.before, p.remarks ?? "", p.remarks === undefined ? "" : p.remarksBefore]);
            const ws = worksheets.getItem(probe.sheetName as string);
            const at = probe.originRow + 1 + start;
            const keys = ws.getRangeByIndexes(at, probe.originCol + col(probe, "key"), block.length, 1).load("values");
            const actions = ws.getRangeByIndexes(at, probe.originCol + col(probe, "action"), block.length, 1);
            actions.load("values");
            actions.numberFormat = block.map(() => ["@"]);
            actions.values = block.map((p) => [p.action]);
            let remarks: Excel.Range | null = null;
            if (withRemarks) {
              remarks = ws.getRangeByIndexes(at, probe.originCol + col(probe, "remarks"), block.length, 1);
              remarks.load("values");
              remarks.numberFormat = block.map(() => ["@"]);
              remarks.values = block.map((p) => [remarksOf(p)]);
            }
            loaded = { keys, actions, remarks };
          },
          afterSync() {
            const l = loaded as Loaded | null;
            if (l) block.forEach((t, i) => checks.push({ t, journalRow: firstJournalRow + i, ...l, i }));
          },
        });
      }
    }
    await batcher.flush();

    // 4. Rows that changed between the read and the write get back what they held; their undo rows go.
    // A batch Excel applied in part and the batcher sent again finds its own values already there.
    const changed = (c: (typeof checks)[number]): boolean => {
      const action = c.actions.values[c.i]?.[0];
      if (c.keys.values[c.i]?.[0] !== c.t.key || (action !== c.t.before && action !== c.t.action)) return true;
      const remarks = c.remarks?.values[c.i]?.[0];
      return c.remarks !== null && remarks !== c.t.remarksBefore && remarks !== remarksOf(c.t);
    };
    const putBack = checks.filter(changed);
    const putBackSet = new Set(putBack);
    for (const c of checks) {
      if (putBackSet.has(c)) continue;
      written.set(c.t.supplierGstin, (written.get(c.t.supplierGstin) ?? 0) + 1);
      writtenKeys.add(`${c.t.section}|${c.t.key}`);
    }
    changedMeanwhile += putBack.length;
    if (putBack.length) {
      const fix = new WriteBatcher(context, budget, counter);
      for (const c of putBack) {
        await fix.add({
          bytes: 6 * CALL_OVERHEAD_BYTES,
          queue(ctx) {
            const ws = ctx.workbook.worksheets.getItem(c.t.probe.sheetName as string);
            const row = c.t.probe.originRow + 1 + c.t.offset;
            ws.getRangeByIndexes(row, c.t.probe.originCol + col(c.t.probe, "action"), 1, 1).values = [[c.actions.values[c.i]?.[0] ?? ""]];
            if (c.remarks) ws.getRangeByIndexes(row, c.t.probe.originCol + col(c.t.probe, "remarks"), 1, 1).values = [[c.remarks.values[c.i]?.[0] ?? ""]];
            ctx.workbook.worksheets.getItem(UNDO_SHEET).getRangeByIndexes(c.journalRow, 0, 1, UNDO_WIDTH).values = [UNDO_HEADERS.map(() => "")];
          },
        });
      }
      await fix.flush();
    }
  });
  return { written, writtenKeys, changedMeanwhile, syncs: counter.syncs };
}

/** The undo record's rows, in the order they were written (blank rows skipped). */
function journalEntries(grid: readonly CellValue[][]): (UndoEntry & { row: number })[] {
  const out: (UndoEntry & { row: number })[] = [];
  grid.forEach((r, i) => {
    if (i === 0) return;
    const [batch, section, key, written, before, remarksWritten, remarksBefore] = r;
    if (typeof batch !== "string" || batch === "" || typeof key !== "string") return;
    if (!(SECTION_CODES as readonly unknown[]).includes(section) || (written !== "A" && written !== "R" && written !== "P")) return;
    const remarks = remarksWritten === undefined || remarksWritten === null || remarksWritten === "" ? null : String(remarksWritten);
    out.push({ batch, section: section as SectionCode, key, written: written as SaveAction, before: before ?? "", remarksWritten: remarks, remarksBefore: remarksBefore ?? "", row: i });
  });
  return out;
}

/** The latest apply that can still be undone (its ISO instant and cell count), or null. */
export async function latestBulkApply(): Promise<{ batch: string; cells: number } | null> {
  return Excel.run({ delayForCellEdit: true }, async (context) => {
    const entries = await readJournal(context, { syncs: 0, retries: 0 }, DEFAULT_BUDGET_BYTES);
    const last = entries[entries.length - 1];
    return last ? { batch: last.batch, cells: entries.filter((e) => e.batch === last.batch).length } : null;
  });
}

async function readJournal(context: Excel.RequestContext, counter: SyncCounter, budget: number): Promise<(UndoEntry & { row: number })[]> {
  const journal = context.workbook.worksheets.getItemOrNullObject(UNDO_SHEET);
  journal.load("name");
  counter.syncs++;
  await context.sync();
  if (journal.isNullObject) return [];
  const used = journal.getUsedRangeOrNullObject(true);
  used.load("rowIndex,rowCount");
  counter.syncs++;
  await context.sync();
  if (used.isNullObject) return [];
  const grid = await readGrid(context, UNDO_SHEET, 0, 0, used.rowIndex + used.rowCount, UNDO_WIDTH, counter, budget);
  return journalEntries(grid);
}

/** Undoes the latest apply: each cell still holding what was written, on a row nothing was sent for, gets back what it held. */
export async function undoLatestBulkApply(options: { budgetBytes?: number } = {}): Promise<BulkUndoResult> {
  const budget = options.budgetBytes ?? DEFAULT_BUDGET_BYTES;
  const counter: SyncCounter = { syncs: 0, retries: 0 };
  const result: BulkUndoResult = { batch: null, restored: 0, changed: 0, sent: 0, gone: 0, syncs: 0 };
  await Excel.run({ delayForCellEdit: true }, async (context) => {
    const entries = await readJournal(context, counter, budget);
    const last = entries[entries.length - 1];
    if (!last) return;
    result.batch = last.batch;
    const mine = entries.filter((e) => e.batch === last.batch);
    const sections = SECTION_CODES.filter((s) => mine.some((e) => e.section === s));
    const state = await probeWorkbook(context, sections, counter);
    const restores: { probe: SheetProbe; offset: number; entry: UndoEntry }[] = [];
    for (const probe of state.probes) {
      const wanted = mine.filter((e) => e.section === probe.section);
      if (!probe.sheetName || probe.bodyRows === 0) {
        result.gone += wanted.length;
        continue;
      }
      const cells = await readRowCells(context, probe, counter, budget);
      const byKey = new Map<string, number[]>();
      cells.forEach((c, offset) => {
        if (typeof c.key !== "string" || c.key === "") return;
        const list = byKey.get(c.key) ?? [];
        list.push(offset);
        byKey.set(c.key, list);
      });
      for (const entry of wanted) {
        const offsets = byKey.get(entry.key);
        if (!offsets?.length) {
          result.gone++;
          continue;
        }
        for (const offset of offsets) {
          const decision = undoDecision(entry, cells[offset] as RowCells);
          if (decision === "restore") restores.push({ probe, offset, entry });
          else if (decision === "sent") result.sent++;
          else result.changed++;
        }
      }
    }

    // Each restore is checked in its own batch's loads: a cell changed meanwhile gets back what it had.
    const batcher = new WriteBatcher(context, budget, counter);
    const checks: { r: (typeof restores)[number]; key: Excel.Range; action: Excel.Range; remarks: Excel.Range | null }[] = [];
    for (const r of restores) {
      let loaded: { key: Excel.Range; action: Excel.Range; remarks: Excel.Range | null } | null = null;
      const remarksWritten = r.entry.remarksWritten;
      await batcher.add({
        bytes: 12 * CALL_OVERHEAD_BYTES + 2 * r.entry.key.length + 2 * String(r.entry.remarksBefore).length,
        responseBytes: r.entry.key.length + 40 + (remarksWritten?.length ?? 0),
        queue(c) {
          const ws = c.workbook.worksheets.getItem(r.probe.sheetName as string);
          const row = r.probe.originRow + 1 + r.offset;
          const key = ws.getRangeByIndexes(row, r.probe.originCol + col(r.probe, "key"), 1, 1).load("values");
          const action = ws.getRangeByIndexes(row, r.probe.originCol + col(r.probe, "action"), 1, 1);
          action.load("values");
          action.numberFormat = [["@"]];
          action.values = [[r.entry.before]];
          let remarks: Excel.Range | null = null;
          if (remarksWritten !== null) {
            remarks = ws.getRangeByIndexes(row, r.probe.originCol + col(r.probe, "remarks"), 1, 1);
            remarks.load("values");
            remarks.numberFormat = [["@"]];
            remarks.values = [[r.entry.remarksBefore]];
          }
          loaded = { key, action, remarks };
        },
        afterSync() {
          const l = loaded as { key: Excel.Range; action: Excel.Range; remarks: Excel.Range | null } | null;
          if (l) checks.push({ r, ...l });
        },
      });
    }
    // The apply's undo rows are the last ones written: cleared with the restores.
    const first = Math.min(...mine.map((e) => e.row));
    const lastRow = Math.max(...mine.map((e) => e.row));
    await batcher.add({
      bytes: 4 * CALL_OVERHEAD_BYTES,
      queue(c) {
        c.workbook.worksheets.getItem(UNDO_SHEET).getRangeByIndexes(first, 0, lastRow - first + 1, UNDO_WIDTH).clear("Contents");
      },
    });
    await batcher.flush();
    const putBack = checks.filter((c) => {
      if (c.key.values[0]?.[0] !== c.r.entry.key || c.action.values[0]?.[0] !== c.r.entry.written) return true;
      const remarks = c.remarks?.values[0]?.[0];
      return c.remarks !== null && remarks !== c.r.entry.remarksWritten && remarks !== c.r.entry.remarksBefore;
    });
    result.restored = checks.length - putBack.length;
    result.changed += putBack.length;
    if (putBack.length) {
      for (const c of putBack) {
        context.workbook.worksheets
          .getItem(c.r.probe.sheetName as string)
          .getRangeByIndexes(c.r.probe.originRow + 1 + c.r.offset, c.r.probe.originCol + col(c.r.probe, "action"), 1, 1).values = [[c.action.values[0]?.[0] ?? ""]];
        if (c.remarks)
          context.workbook.worksheets
            .getItem(c.r.probe.sheetName as string)
            .getRangeByIndexes(c.r.probe.originRow + 1 + c.r.offset, c.r.probe.originCol + col(c.r.probe, "remarks"), 1, 1).values = [[c.remarks.values[0]?.[0] ?? ""]];
      }
      counter.syncs++;
      await context.sync();
    }
  });
  result.syncs = counter.syncs;
  return result;
}

type RowCells = { key: CellValue; action: CellValue; remarks: CellValue; portalAction: CellValue; state: CellValue };

/** Every body row's key, Action, Remarks, Action on portal and row state, read in chunks. */
async function readRowCells(context: Excel.RequestContext, probe: SheetProbe, counter: SyncCounter, budget: number): Promise<RowCells[]> {
  const ws = context.workbook.worksheets.getItem(probe.sheetName as string);
  const cols = (["key", "action", "remarks", "portalAction", "state"] as const).map((id) => col(probe, id));
  const out: RowCells[] = [];
  let at = 0;
  let perChunk = Math.max(1, Math.floor(budget / 600));
  await readInChunks(context, counter, {
    queue() {
      if (at >= probe.bodyRows) return null;
      const n = Math.min(perChunk, probe.bodyRows - at);
      const ranges = cols.map((c) => ws.getRangeByIndexes(probe.originRow + 1 + at, probe.originCol + c, n, 1).load("values"));
      return { n, ranges };
    },
    shrink({ n }) {
      if (n === 1) return false;
      perChunk = Math.max(1, Math.floor(n / 2));
      return true;
    },
    take({ n, ranges }) {
      const [k, a, m, p, s] = ranges.map((r) => r.values as CellValue[][]);
      for (let i = 0; i < n; i++) out.push({ key: k?.[i]?.[0] ?? "", action: a?.[i]?.[0] ?? "", remarks: m?.[i]?.[0] ?? "", portalAction: p?.[i]?.[0] ?? "", state: s?.[i]?.[0] ?? "" });
      at += n;
    },
  });
  return out;
}
