/**
 * Finishing a pull that Excel interrupted. A pull writes each section's new content to a hidden
 * staging sheet first; only when every staging sheet is complete does it record a marker in the
 * workbook's settings (in the same batch as the last staging write) and copy the staging sheets
 * over the section sheets. So after any failed or hung sync:
 * - no marker: the section sheets were not touched; leftover staging sheets are deleted;
 * - a marker: the copy is (re)done from the staging sheets still there, the pull's metadata
 *   written, the marker removed. Each step can be repeated: a staging sheet is deleted in the
 *   batch that copies it.
 * The marker holds sheet names and sizes only, never data or secrets.
 */
import { parseSectionCode, type SectionCode } from "../ims/sections";
import { sectionLayout } from "./layout";
import { cleanMetadata, queueMetadata, type WorkbookMetadata } from "./metadata";
import { DEFAULT_BUDGET_BYTES } from "./chunking";
import { queueEditsSnapshot, readEditsSnapshots, snapshotIsComplete, snapshotSections, type TypedEntry } from "./edits-watch";
import { isSnapshotSheet, isStagingSheet, snapshotSheetName, stagingSheetName } from "./staging-names";
import { queueSwap, type SwapPlan } from "./section-sheet";

export const PULL_MARKER_KEY = "ims-for-excel-pull";
export { isStagingSheet, STAGING_PREFIX, stagingSheetName } from "./staging-names";

export interface SectionSwap extends SwapPlan {
  section: SectionCode;
}

export interface PullMarker {
  /** ISO instant of the pull. */
  pulledAt: string;
  /** The workbook's metadata once the pull is done. */
  metadata: WorkbookMetadata;
  swaps: SectionSwap[];
}

const SHEET_NAME = /^[^\\/?*[\]:]{1,31}$/;

function count(v: unknown): number | null {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v < 2_000_000 ? v : null;
}

function cleanSwap(value: unknown): SectionSwap | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  const section = typeof v.section === "string" ? parseSectionCode(v.section) : null;
  const nums = [v.originRow, v.originCol, v.clearRows, v.clearColumns, v.rows, v.width].map(count);
  if (!section || typeof v.sheetName !== "string" || !SHEET_NAME.test(v.sheetName) || v.stagingName !== stagingSheetName(section)) return null;
  if (nums.some((n) => n === null) || typeof v.create !== "boolean" || typeof v.setWidths !== "boolean") return null;
  const [originRow, originCol, clearRows, clearColumns, rows, width] = nums as number[];
  return { section, sheetName: v.sheetName, stagingName: v.stagingName, create: v.create, setWidths: v.setWidths, originRow, originCol, clearRows, clearColumns, rows, width } as SectionSwap;
}

/** The marker as written by a pull, each field checked; null when absent or not one. */
export function cleanPullMarker(value: unknown): PullMarker | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  const metadata = cleanMetadata(v.metadata);
  if (typeof v.pulledAt !== "string" || !metadata || !Array.isArray(v.swaps)) return null;
  const swaps = v.swaps.map(cleanSwap);
  if (swaps.some((s) => s === null)) return null;
  return { pulledAt: v.pulledAt, metadata, swaps: swaps as SectionSwap[] };
}

export function queuePullMarker(context: Excel.RequestContext, marker: PullMarker): void {
  context.workbook.settings.add(PULL_MARKER_KEY, JSON.parse(JSON.stringify(marker)) as PullMarker);
}

/**
 * A table Excel named itself ("Table1") on a section sheet: a swap cut short after adding the
 * section's table and before naming it. It covers the section's cells, so it goes too.
 */
const UNNAMED_TABLE = /^Table\d+$/;

/** Queues the copy of one staging sheet over its section sheet, if it is still there (else it was copied already). */
export function queueSectionFinish(context: Excel.RequestContext, swap: SectionSwap, sheets: ReadonlyMap<string, { tables: readonly string[] }>): boolean {
  if (!sheets.has(swap.stagingName)) return false;
  const layout = sectionLayout(swap.section);
  const target = sheets.get(swap.sheetName);
  const tables = (target?.tables ?? []).filter((name) => name === layout.tableName || UNNAMED_TABLE.test(name));
  queueSwap(context, layout, { ...swap, create: !target }, tables);
  return true;
}

/** Queues the pull's metadata and the marker's removal: the last step of a pull. */
export function queuePullDone(context: Excel.RequestContext, marker: PullMarker): void {
  queueMetadata(context, marker.metadata);
  context.workbook.settings.getItemOrNullObject(PULL_MARKER_KEY).delete();
}

export interface RecoveryResult {
  /** Sections whose interrupted pull was finished from the staging sheets. */
  finished: SectionCode[];
  /** Staging sheets of a pull that stopped before changing any section sheet, deleted. */
  discarded: number;
  syncs: number;
  /** Entries typed into the section sheets since the pull read them: to write back after the copy. */
  typed: TypedEntry[];
  /** Sections whose snapshot sheets were read: to delete once `typed` is written back. */
  snapshots: SectionCode[];
}

export const NOTHING_TO_RECOVER: RecoveryResult = Object.freeze({ finished: [], discarded: 0, syncs: 0, typed: [], snapshots: [] }) as RecoveryResult;

/**
 * Finishes (marker) or cleans up (no marker) after an interrupted pull, given what the workbook
 * holds: one sync per section to finish, one to close; then reads every snapshot sheet, those
 * left by the interrupted pull and those the finishing copies took.
 */
export async function finishInContext(context: Excel.RequestContext, rawMarker: unknown, sheets: ReadonlyMap<string, { tables: readonly string[] }>): Promise<RecoveryResult> {
  const marker = rawMarker === null ? null : cleanPullMarker(rawMarker);
  const present = new Set(sheets.keys());
  const counter = { syncs: 0, retries: 0 };
  const finished: SectionCode[] = [];
  let discarded = 0;
  if (!marker) {
    const staging = [...present].filter((name) => isStagingSheet(name) && !isSnapshotSheet(name));
    if (staging.length || rawMarker !== null) {
      for (const name of staging) context.workbook.worksheets.getItem(name).delete();
      if (rawMarker !== null) context.workbook.settings.getItemOrNullObject(PULL_MARKER_KEY).delete();
      counter.syncs++;
      await context.sync();
      discarded = staging.length;
    }
  } else {
    for (const swap of marker.swaps) {
      if (!present.has(swap.stagingName)) continue; // copied already
      const snapshot = snapshotSheetName(swap.section);
      const keep = present.has(snapshot) && (await snapshotIsComplete(context, swap.section, counter));
      if (!keep && present.has(swap.sheetName) && queueEditsSnapshot(context, { ...swap, create: false }, present)) present.add(snapshot);
      queueSectionFinish(context, swap, sheets);
      counter.syncs++;
      await context.sync();
      finished.push(swap.section);
    }
    queuePullDone(context, marker);
    counter.syncs++;
    await context.sync();
  }
  const snapshots = snapshotSections(present);
  const typed = await readEditsSnapshots(context, snapshots, counter, DEFAULT_BUDGET_BYTES);
  return { finished, discarded, syncs: counter.syncs, typed, snapshots };
}

/** Queues the deletion of snapshot sheets (once what they held is written back). */
export function queueDeleteSnapshots(context: Excel.RequestContext, sections: readonly SectionCode[]): void {
  for (const section of sections) context.workbook.worksheets.getItemOrNullObject(snapshotSheetName(section)).delete();
}

/** A pull that Excel stopped, said truthfully: what state the section sheets are in. */
export class PullInterruptedError extends Error {
  constructor(
    readonly sections: readonly SectionCode[],
    /** "untouched": no section sheet was changed; "pending": the copy finishes at the next pull or when the pane opens. */
    readonly state: "untouched" | "pending",
    readonly excelMessage: string,
  ) {
    const names = sections.join(", ");
    super(
      state === "untouched"
        ? `Excel stopped the pull of ${names} before any section sheet was changed (${excelMessage}). Your sheets and entries are as they were; pull again.`
        : `Excel stopped the pull of ${names} (${excelMessage}) and is not answering. Your sheets and entries are safe: the pull is finished from its hidden copy the next time you pull or open the add-in.`,
    );
    this.name = "PullInterruptedError";
  }
}
