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
import { queueEditsWatch, type TypedEntry } from "./edits-watch";
import { queueSwap, type SwapPlan } from "./section-sheet";

export const PULL_MARKER_KEY = "ims-for-excel-pull";
export const STAGING_PREFIX = "IMS staging ";

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

export function stagingSheetName(section: SectionCode): string {
  return `${STAGING_PREFIX}${section}`;
}

export function isStagingSheet(name: string): boolean {
  return name.startsWith(STAGING_PREFIX);
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
}

/**
 * Finishes (marker) or cleans up (no marker) after an interrupted pull, given what the workbook
 * holds: one sync per section to finish, one to close.
 */
export async function finishInContext(context: Excel.RequestContext, rawMarker: unknown, sheets: ReadonlyMap<string, { tables: readonly string[] }>): Promise<RecoveryResult> {
  const marker = rawMarker === null ? null : cleanPullMarker(rawMarker);
  const staging = [...sheets.keys()].filter(isStagingSheet);
  if (!marker) {
    if (!staging.length && rawMarker === null) return { finished: [], discarded: 0, syncs: 0, typed: [] };
    for (const name of staging) context.workbook.worksheets.getItem(name).delete();
    if (rawMarker !== null) context.workbook.settings.getItemOrNullObject(PULL_MARKER_KEY).delete();
    await context.sync();
    return { finished: [], discarded: staging.length, syncs: 1, typed: [] };
  }
  const finished: SectionCode[] = [];
  const typed: TypedEntry[] = [];
  let syncs = 0;
  for (const swap of marker.swaps) {
    if (!sheets.has(swap.stagingName)) continue; // copied already
    const watch = sheets.has(swap.sheetName) ? queueEditsWatch(context, swap, DEFAULT_BUDGET_BYTES) : null;
    if (watch) {
      await context.sync();
      syncs++;
      typed.push(...watch());
    }
    queueSectionFinish(context, swap, sheets);
    await context.sync();
    syncs++;
    finished.push(swap.section);
  }
  queuePullDone(context, marker);
  await context.sync();
  return { finished, discarded: 0, syncs: syncs + 1, typed };
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
