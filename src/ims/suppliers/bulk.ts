/**
 * "Action for all": one action for every row of a supplier that has no action yet, and the
 * record that lets it be undone exactly. A row qualifies when the portal holds no action for its
 * record and the Action column still says what the pull put there (the user typed nothing);
 * a row the user typed into is never overwritten.
 */
import { parseActionText } from "../action-text";
import { isEdited, rowState, type ReviewRow } from "../review-rows";
import type { SaveAction, SectionCode } from "../sections";
import { reviewable } from "./summary";

export type ActionForAll = { ok: true; action: SaveAction | null } | { ok: false; reason: string };

/** The "Action for all" cell: A, R or P (any case or spelling the Action column takes); blank or N means none. */
export function parseActionForAll(value: unknown): ActionForAll {
  if (value === "" || value === null || value === undefined) return { ok: true, action: null };
  const parsed = parseActionText(value);
  if (!parsed.ok) return { ok: false, reason: parsed.reason.replace(/N \(no action\)$/, "N (none)") };
  return { ok: true, action: parsed.action === "N" ? null : parsed.action };
}

export interface BulkTarget {
  section: SectionCode;
  key: string;
  supplierGstin: string;
  /** 1-based sheet row when the rows were read (the write checks the key is still there). */
  sheetRow: number;
  action: SaveAction;
  /** Written into the Remarks cell with the action (reconciliation's suggestions); absent: Remarks is left alone. */
  remarks?: string;
}

export interface BulkSkips {
  /** Rows whose Action the user changed: left as typed. */
  typed: number;
  /** Rows the portal already holds an action for. */
  decided: number;
  /** Rows waiting for the portal's answer to an earlier submit, or in doubt. */
  inFlight: number;
  /** Rows where Pending is not allowed (P only). */
  pendingNotAllowed: number;
}

export interface BulkPlan {
  targets: BulkTarget[];
  skipped: BulkSkips;
}

/**
 * Why a row may not take an action written for the user, or null when it may: the user changed
 * its entry (typed), the portal already holds an action (decided), a submit is on its way or in
 * doubt (inFlight), or Pending is not allowed on the record.
 */
export function bulkSkipReason(row: ReviewRow, action: SaveAction): keyof BulkSkips | null {
  const state = rowState(row.status);
  if (isEdited(row)) return "typed";
  if (row.pulledAction !== "N") return "decided";
  if (state === "submitted" || state === "unknown" || state === "duplicate") return "inFlight";
  if (action === "P" && row.record.pendingBlocked) return "pendingNotAllowed";
  return null;
}

/** Rows the add-in may write into at all: on the portal and found by their key. */
export function bulkCandidate(row: ReviewRow): boolean {
  return reviewable(row) && !row.keyless;
}

/** The rows of each chosen supplier that take its action. */
export function bulkTargets(reads: readonly { section: SectionCode; rows: readonly ReviewRow[] }[], choices: ReadonlyMap<string, SaveAction>): BulkPlan {
  const targets: BulkTarget[] = [];
  const skipped: BulkSkips = { typed: 0, decided: 0, inFlight: 0, pendingNotAllowed: 0 };
  for (const { section, rows } of reads) {
    for (const row of rows) {
      const action = choices.get(row.record.supplierGstin);
      if (!action || !bulkCandidate(row)) continue;
      const skip = bulkSkipReason(row, action);
      if (skip) skipped[skip]++;
      else targets.push({ section, key: row.key, supplierGstin: row.record.supplierGstin, sheetRow: row.sheetRow, action });
    }
  }
  return { targets, skipped };
}

/** One cell the add-in wrote: enough to put back exactly what was there. */
export interface UndoEntry {
  /** The apply it belongs to (an ISO instant). */
  batch: string;
  section: SectionCode;
  key: string;
  written: SaveAction;
  /** The cell's value just before the write, as Excel returned it. */
  before: string | number | boolean;
  /** The remarks written with the action, or null when Remarks was left alone. */
  remarksWritten: string | null;
  /** The Remarks cell just before the write (meaningful only with remarksWritten). */
  remarksBefore: string | number | boolean;
}

/** Whether a cell still holds what the add-in wrote there (so undo may put back what was before). */
export function stillWritten(cell: unknown, entry: Pick<UndoEntry, "written">): boolean {
  return typeof cell === "string" && cell.trim().toUpperCase() === entry.written;
}

/** Whether a cell read just before writing still asks for no action (the user typed nothing since the rows were read). */
export function stillBlankAction(cell: unknown): boolean {
  if (cell === "" || cell === null || cell === undefined) return true;
  const parsed = parseActionText(cell);
  return parsed.ok && parsed.action === "N";
}

/** What undo finds on a row the add-in wrote: the Action cell, and what the portal and the submit step say of the row. */
export interface UndoRowCells {
  action: unknown;
  /** The Remarks cell. */
  remarks?: unknown;
  /** The "Action on portal" cell ("No action", "Accepted", …). */
  portalAction: unknown;
  /** The hidden row-state cell. */
  state: unknown;
}

export type UndoDecision = "restore" | "changed" | "sent";

/**
 * Undo puts back what a cell held only where it still holds what the add-in wrote and nothing
 * was sent: once the portal holds an action for the record (or a submit is on its way), putting
 * "no action" back would ask the next submit to reset it.
 */
export function undoDecision(entry: Pick<UndoEntry, "written"> & Partial<Pick<UndoEntry, "remarksWritten" | "remarksBefore">>, cells: UndoRowCells): UndoDecision {
  if (!stillWritten(cells.action, entry)) return "changed";
  // Remarks still as written, or as they were (a batch Excel applied only in part wrote the action alone).
  if (entry.remarksWritten !== null && entry.remarksWritten !== undefined && cells.remarks !== entry.remarksWritten && cells.remarks !== entry.remarksBefore) return "changed";
  const state = typeof cells.state === "string" ? cells.state : "";
  if (cells.portalAction !== "No action" || state === "submitted" || state === "unknown" || state === "saved") return "sent";
  return "restore";
}
