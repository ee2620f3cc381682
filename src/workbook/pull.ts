/**
 * Pulling records into section sheets: read what each sheet holds, merge the fresh records in
 * (edits kept, portal columns refreshed, departed records marked, new ones appended), and
 * rewrite the sheets, all in one Excel.run with as few syncs as the payload limit allows.
 */
import type { ImsRecord } from "../ims/records";
import { mergeRows, RESULTS, type MergeSummary, type ReviewRow } from "../ims/review-rows";
import { SECTION_CODES, type SectionCode } from "../ims/sections";
import { sectionLayout } from "./layout";
import { DEFAULT_BUDGET_BYTES, WriteBatcher, type SyncCounter } from "./chunking";
import { rowToCells, type CellValue } from "./cells";
import { nextMetadata } from "./metadata";
import type { OfflineSource } from "./offline-source";
import { emptyCells, readBodies } from "./body-read";
import { emptyRead, parseSheet, type SectionSheetRead } from "./parse-sheet";
import { probeWorkbook } from "./sheet-probe";
import { writeRowCells } from "./row-writes";
import { queueEditsSnapshot, readEditsSnapshots, snapshotBytes, typedSinceRead, watchedCells, type TypedEntry } from "./edits-watch";
import {
  finishInContext,
  isStagingSheet,
  NOTHING_TO_RECOVER,
  PULL_MARKER_KEY,
  PullInterruptedError,
  type RecoveryResult,
  queueDeleteSnapshots,
  queuePullDone,
  queuePullMarker,
  queueSectionFinish,
  stagingSheetName,
  type PullMarker,
  type SectionSwap,
} from "./recovery";
import type { WorkbookGlance, WorkbookState } from "./sheet-probe";
import { swapBytes, writeStagingSheet, type UserCells } from "./section-sheet";
import { freeSheetName, sheetNamed, sheetNamesTaken } from "./table-sheet";
import { queueBlobSheet, type PackedBlobs } from "./blob-sheet";
import { ROWS_PER_SLICE, yieldToHost } from "./yield";

export interface PullInput {
  /** The GSTIN whose records these are; a workbook holds one GSTIN's data. */
  gstin: string;
  /** ISO instant of the pull. */
  pulledAt: string;
  /** The portal's records, per section pulled. Sections left out are not touched. */
  records: Partial<Record<SectionCode, readonly ImsRecord[]>>;
  /** False for a pull filtered by status: rows it did not return are left as they are. Default true. */
  complete?: boolean;
  /** Records read from the portal's offline IMS file rather than the API: the file, kept in the metadata with the pull. */
  offline?: OfflineSource;
  /** A hidden sheet of texts to replace in the pull's first batch (blob-sheet.ts), such as a portal file's records. */
  keep?: PackedBlobs;
}

/**
 * A pull decided once the workbook has been seen, in the pull's own first sync: a caller that
 * must check the workbook first (its GSTIN, its sheets) needs no read of its own. Throwing
 * writes nothing.
 */
export type PullPlanner = (workbook: WorkbookGlance) => PullInput;

export interface PullOptions {
  /** Bytes aimed for per sync (default DEFAULT_BUDGET_BYTES, 76% of the 5 MB limit). */
  budgetBytes?: number;
}

export interface SectionPullSummary extends MergeSummary {
  section: SectionCode;
  sheetName: string;
  /** Rows on the sheet after the pull. */
  rows: number;
  /** Rows that could not be tied to a record, kept as they were and marked. */
  unrecognisedKept: number;
  /** Problems the sheet had before the pull (most are repaired by it). */
  problemsBefore: number;
  /** Rows whose Action drop-down had been lost (put back by the pull). */
  validationRestored: number;
}

export interface PullResult {
  sections: SectionPullSummary[];
  /** Sections of an earlier, interrupted pull that this pull finished first (from their staging copies). */
  finishedEarlier: SectionCode[];
  /** Excel's error when it failed near the end and the add-in finished the pull from the staging sheets. */
  finishedAfter?: string;
  /** Rows whose editable cells someone typed in while the pull ran: kept (written back after the copy). */
  typedDuringPull: number;
  /** Syncs this pull used, and syncs re-sent after the host refused a payload. */
  syncs: number;
  retries: number;
}

const UNRECOGNISED_MESSAGE = "This row has no record key and no supplier GSTIN, document number and return period; it was kept as it is and is never submitted.";

/** The user's own columns, lined up with the rows about to be written: each from the sheet row it was on (null: a new row). */
function userCellsFor(read: SectionSheetRead, oldRows: readonly (number | null)[]): UserCells | undefined {
  const { headers, rows } = read.userColumns;
  if (!headers.length) return undefined;
  const blank: { values: CellValue[]; formats: string[]; formulas?: (string | undefined)[] } = { values: headers.map(() => "" as CellValue), formats: headers.map(() => "General") };
  const picked = oldRows.map((r) => (r === null ? undefined : rows.get(r)) ?? blank);
  const formulas = picked.map((p): (string | undefined)[] => (p.formulas ?? []));
  return { headers, values: picked.map((p) => p.values), formats: picked.map((p) => p.formats), ...(formulas.some((f) => f.length) ? { formulas } : {}) };
}

/**
 * Pulls the given sections' records into their sheets, or those a planner decides on. Throws
 * before writing anything when the workbook holds another GSTIN's data.
 */
export async function pullIntoWorkbook(input: PullInput | PullPlanner, options: PullOptions = {}): Promise<PullResult> {
  let planner: PullPlanner;
  if (typeof input === "function") {
    planner = (glance) => {
      const planned = input(glance);
      checkInput(planned);
      return planned;
    };
  } else {
    checkInput(input);
    planner = () => input;
  }
  const budget = options.budgetBytes ?? DEFAULT_BUDGET_BYTES;

  const run: PullRun = { stage: "reading", sections: [], summaries: [], counter: { syncs: 0, retries: 0 }, finishedEarlier: [], typed: [], snapshots: [] };
  try {
    await runPull(planner, budget, run);
  } catch (e) {
    if (run.stage === "reading") throw e;
    const { sections } = run;
    const message = e instanceof Error ? e.message : String(e);
    // Excel failed once the pull had started writing: finish it from the staging sheets, or drop
    // them; entries typed during it are still in their snapshot sheets, and are written back.
    const after = await finishInterruptedPull().catch(() => null);
    if (run.stage === "copied") {
      if (after === null) throw new TypedEntriesPendingError(sections, message);
      return { ...resultOf(run), finishedAfter: message, typedDuringPull: after.typed.length };
    }
    if (after === null) throw new PullInterruptedError(sections, "pending", message);
    if (after.finished.length === 0) throw new PullInterruptedError(sections, "untouched", message);
    return { ...resultOf(run), finishedAfter: message, typedDuringPull: after.typed.length };
  }
  return resultOf(run);
}

function sectionsOf(input: PullInput): SectionCode[] {
  return SECTION_CODES.filter((code) => input.records[code] !== undefined);
}

function checkInput(input: PullInput): void {
  if (Number.isNaN(Date.parse(input.pulledAt))) throw new Error(`pulledAt is not an ISO instant: ${input.pulledAt}`);
  for (const code of sectionsOf(input)) {
    for (const r of input.records[code] ?? []) {
      if (r.section !== code) throw new Error(`A ${r.section} record was given for section ${code}`);
    }
  }
}

function resultOf(run: PullRun): PullResult {
  return { sections: run.summaries, syncs: run.counter.syncs, retries: run.counter.retries, finishedEarlier: run.finishedEarlier, typedDuringPull: run.typed.length };
}

/** The pull ran to its end, but Excel failed while writing back what was typed during it: those entries are kept in hidden sheets. */
export class TypedEntriesPendingError extends Error {
  constructor(
    readonly sections: readonly SectionCode[],
    readonly excelMessage: string,
  ) {
    super(
      `The pull of ${sections.join(", ")} is done, but Excel failed (${excelMessage}) while putting back entries typed during it. ` +
        "They are kept in a hidden sheet and put back on their rows the next time you pull or open the add-in.",
    );
    this.name = "TypedEntriesPendingError";
  }
}

interface PullRun {
  /** "writing" once the first write is queued (a failure may leave staging sheets); "copied" once every section sheet holds its new content. */
  stage: "reading" | "writing" | "copied";
  /** The sections being pulled (known once the pull is planned). */
  sections: SectionCode[];
  summaries: SectionPullSummary[];
  counter: SyncCounter;
  finishedEarlier: SectionCode[];
  /** Rows whose editable cells were typed while the pull ran, written back after the copy. */
  typed: TypedEntry[];
  /** Sections whose snapshot sheets hold `typed`: deleted once it is written back. */
  snapshots: SectionCode[];
}

function needsRecovery(state: WorkbookState): boolean {
  return state.pullMarker !== null || state.sheetNames.some(isStagingSheet);
}

/**
 * The pull. An earlier pull that was interrupted is first finished (or cleaned up) and what was
 * typed during it written back; then the pull starts afresh, in one Excel.run.
 */
async function runPull(planner: PullPlanner, budget: number, run: PullRun): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const earlier = await Excel.run({ delayForCellEdit: true }, async (context): Promise<RecoveryResult | null> => {
      const planned: { input?: PullInput } = {};
      const state = await probeWorkbook(
        context,
        (glance) => {
          const input = planner(glance);
          planned.input = input;
          run.sections = sectionsOf(input);
          return run.sections;
        },
        run.counter,
      );
      if (attempt === 0 && needsRecovery(state)) {
        run.stage = "writing";
        return finishInContext(context, state.pullMarker, state.tablesBySheet);
      }
      await pullInContext(context, state, planned.input as PullInput, run.sections, budget, run);
      return null;
    });
    if (!earlier) break;
    run.counter.syncs += earlier.syncs;
    run.finishedEarlier = earlier.finished;
    await settleTypedEntries(earlier);
    run.stage = "reading";
  }
  await settleTypedEntries(run);
}

async function pullInContext(context: Excel.RequestContext, state: WorkbookState, input: PullInput, sections: readonly SectionCode[], budget: number, run: PullRun): Promise<void> {
  const { counter, summaries } = run;
  const metadata = nextMetadata(state.metadata, {
    gstin: input.gstin,
    pulledAt: Object.fromEntries(sections.map((s) => [s, input.pulledAt])),
    ...(input.offline ? { offline: input.offline } : {}),
  });
  const cells = await readBodies(context, state.probes, counter, budget);

  const taken = sheetNamesTaken(state.sheetNames);
  const stagingLeft = new Set(state.sheetNames.filter(isStagingSheet));
  const batcher = new WriteBatcher(context, budget, counter, (c) => {
    run.stage = "writing";
    c.workbook.application.suspendScreenUpdatingUntilNextSync();
  });
  if (input.keep) await queueBlobSheet(batcher, input.keep, sheetNamed(state.sheetNames, input.keep.sheetName) !== null);
  const swaps: SectionSwap[] = [];
  // The sheets as the copy will find them: what the probe saw, with every staging sheet written.
  const tables = new Map(state.tablesBySheet);
  // The rows the pull read, by section: what the snapshot's "typed since" is judged against.
  const readRows = new Map<SectionCode, readonly ReviewRow[]>();
  for (const probe of state.probes) {
    const { layout, section } = probe;
    const read = probe.sheetName ? parseSheet(probe, cells.get(probe) ?? emptyCells(0), true) : emptyRead(section);
    const merged = mergeRows(read.rows, input.records[section] ?? [], { pulledAt: input.pulledAt, complete: input.complete ?? true });
    readRows.set(section, read.rows);

    const out: CellValue[][] = new Array<CellValue[]>(merged.rows.length);
    for (let i = 0; i < merged.rows.length; i++) {
      out[i] = rowToCells(layout, merged.rows[i] as ReviewRow);
      if ((i + 1) % ROWS_PER_SLICE === 0) await yieldToHost();
    }
    const resultCol = layout.index.result as number;
    const messageCol = layout.index.message as number;
    for (const u of read.unrecognised) {
      const row = [...u.cells];
      row[resultCol] = RESULTS.unrecognised;
      row[messageCol] = UNRECOGNISED_MESSAGE;
      out.push(row);
    }

    const sheetName = probe.sheetName ?? freeSheetName([probe.nameTakenByOther ? `${layout.sheetName} (IMS)` : layout.sheetName], taken);
    const stagingName = stagingSheetName(section);
    const user = userCellsFor(read, [...merged.from.map((r) => r?.sheetRow ?? null), ...read.unrecognised.map((u) => u.sheetRow)]);
    const plan = {
      layout,
      sheetName,
      stagingName,
      stagingExists: stagingLeft.delete(stagingName),
      create: !probe.sheetName,
      setWidths: !probe.sheetName,
      originRow: probe.originRow,
      originCol: probe.originCol,
      clearRows: probe.sheetName ? 1 + probe.bodyRows : 0,
      clearColumns: probe.sheetName ? Math.max(probe.width, probe.usedColumns - probe.originCol) : 0,
    };
    swaps.push({ section, ...(await writeStagingSheet(batcher, plan, out, user)) });
    tables.set(stagingName, { tables: [] });
    summaries.push({
      ...merged.summary,
      section,
      sheetName,
      rows: out.length,
      unrecognisedKept: read.unrecognised.length,
      problemsBefore: read.problems.length,
      validationRestored: read.validationLost.length,
    });
  }
  // Staging sheets of sections this pull did not write are an interrupted pull's leftovers.
  const leftovers = [...stagingLeft];
  for (const name of leftovers) tables.delete(name);
  const marker: PullMarker = { pulledAt: input.pulledAt, metadata, swaps };
  // Order is what makes this safe: a batch that fails part-way has applied a prefix of its calls
  // (nothing at all for most failures). The marker is queued after the last staging write, so a
  // marker in the workbook means every staging sheet is whole; the copies come after the marker.
  await batcher.add({
    bytes: 600 + JSON.stringify(marker).length + 200 * leftovers.length,
    queue: (c) => {
      for (const name of leftovers) c.workbook.worksheets.getItem(name).delete();
      queuePullMarker(c, marker);
    },
  });
  // Then each staging sheet is copied over its section sheet: calls that do not grow with rows.
  // In the same batch, just before, Excel snapshots the editable cells of both sheets: what was
  // typed since the pull read the sheet is found there and written back after the copy.
  const snapshots = new Set<SectionCode>();
  for (const swap of swaps) {
    await batcher.add({
      bytes: 8 * 200 + swapBytes(sectionLayoutOf(swap), swap) + snapshotBytes(swap.section),
      queue: (c) => {
        if (queueEditsSnapshot(c, swap, tables)) snapshots.add(swap.section);
        queueSectionFinish(c, swap, tables);
      },
    });
  }
  await batcher.add({ bytes: 600 + JSON.stringify(metadata).length, queue: (c) => queuePullDone(c, marker) });
  await batcher.flush();
  run.stage = "copied";
  run.snapshots = [...snapshots];
  const typed = await readEditsSnapshots(context, run.snapshots, counter, budget);
  run.typed.push(...typedSinceRead(typed, cellsAsRead(typed, readRows)));
}

/** The editable cells, as the pull read them, of the rows with these keys: per section and key. */
function cellsAsRead(typed: readonly TypedEntry[], readRows: ReadonlyMap<SectionCode, readonly ReviewRow[]>): Map<SectionCode, Map<string, CellValue[][]>> {
  const out = new Map<SectionCode, Map<string, CellValue[][]>>();
  const wanted = new Set(typed.map((t) => `${t.section}\u0000${t.key}`));
  for (const [section, rows] of readRows) {
    const layout = sectionLayout(section);
    const byKey = new Map<string, CellValue[][]>();
    for (const row of rows) {
      if (!wanted.has(`${section}\u0000${row.key}`)) continue;
      byKey.set(row.key, [...(byKey.get(row.key) ?? []), watchedCells(section, rowToCells(layout, row))]);
    }
    out.set(section, byKey);
  }
  return out;
}

/** Writes back what was typed during a pull, then deletes the snapshot sheets that held it. */
async function settleTypedEntries(found: { typed: readonly TypedEntry[]; snapshots: readonly SectionCode[] }): Promise<void> {
  await writeTypedEntries(found.typed);
  if (!found.snapshots.length) return;
  await Excel.run({ delayForCellEdit: true }, async (context) => {
    queueDeleteSnapshots(context, found.snapshots);
    await context.sync();
  });
}

/** Writes back, by key, what was typed into section sheets while a pull was copying over them. */
async function writeTypedEntries(typed: readonly TypedEntry[]): Promise<void> {
  for (const section of new Set(typed.map((t) => t.section))) {
    const mine = typed.filter((t) => t.section === section);
    await writeRowCells(section, mine[0]?.ids ?? [], mine.map((t) => ({ key: t.key, cells: t.cells })));
  }
}

/** For the pane when it opens, and after a failed pull: finishes or cleans up an interrupted pull. One sync when there is nothing to do. */
export async function finishInterruptedPull(): Promise<RecoveryResult> {
  const result = await Excel.run({ delayForCellEdit: true }, async (context): Promise<RecoveryResult> => {
    const setting = context.workbook.settings.getItemOrNullObject(PULL_MARKER_KEY);
    setting.load("value");
    const worksheets = context.workbook.worksheets;
    worksheets.load("items/name");
    await context.sync();
    const raw = setting.isNullObject ? null : (setting.value as unknown);
    if (raw === null && !worksheets.items.some((w) => isStagingSheet(w.name))) return { ...NOTHING_TO_RECOVER, syncs: 1 };
    const perSheet = worksheets.items.map((ws) => {
      ws.tables.load("items/name");
      return ws;
    });
    await context.sync();
    const sheets = new Map(perSheet.map((ws) => [ws.name, { tables: ws.tables.items.map((t) => t.name) }]));
    const finished = await finishInContext(context, raw, sheets);
    return { ...finished, syncs: finished.syncs + 2 };
  });
  await settleTypedEntries(result);
  return result;
}

/** Pulls one section's records into its sheet (the task pane's "Pull" for one section). */
export async function pullSectionIntoSheet(
  section: SectionCode,
  records: readonly ImsRecord[],
  context: { gstin: string; pulledAt: string },
  options: PullOptions = {},
): Promise<SectionPullSummary> {
  const result = await pullIntoWorkbook({ gstin: context.gstin, pulledAt: context.pulledAt, records: { [section]: records } }, options);
  return result.sections[0] as SectionPullSummary;
}

function sectionLayoutOf(swap: SectionSwap) {
  return sectionLayout(swap.section);
}
