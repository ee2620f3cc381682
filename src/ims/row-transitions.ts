/**
 * How a row changes when the portal answers: pure functions from a row and what the portal now
 * holds to the row to write. The user's entry is never lost: an entry typed while a request was
 * on its way stays on the row, to be sent next time.
 */
import { appliedRecord, entryOf, portalHolds, type PlanEntry } from "./plan";
import { recordFingerprint } from "./fingerprint";
import type { ImsRecord } from "./records";
import { editFromRecord, RESULTS, sameEdit, type ReviewRow, type RowStatus } from "./review-rows";

/** A status as the submit step writes it. */
export function status(result: string, referenceId: string, message: string, updatedAt: string): RowStatus {
  return { result, referenceId, message, updatedAt };
}

/** The row with `record` as its pulled state (what the portal holds now). */
function pulledAs(row: ReviewRow, record: ImsRecord): ReviewRow {
  return { ...row, record, pulledAction: record.action, version: record.hash, fingerprint: recordFingerprint(record), inPortal: true };
}

function doneResult(kind: "save" | "reset"): string {
  return kind === "save" ? RESULTS.saved : RESULTS.reset;
}

export const CHANGED_WHILE_SENT = "You changed this row while it was being sent: your new entry is kept and is sent on the next submit.";

/**
 * A row whose entry the portal applied: the applied record becomes its pulled state, so nothing
 * is sent twice. `current` is the row as the sheet holds it now: if the user changed the entry
 * since it was read for sending, the new entry is kept.
 */
export function appliedRow(entry: PlanEntry, current: ReviewRow | undefined, referenceId: string, message: string, stamp: string): ReviewRow {
  const record = appliedRecord(entry.record, entry.kind === "save" ? entry.intent : null);
  const changedMeanwhile = current !== undefined && !sameEdit(current.edit, entry.row.edit);
  return {
    ...pulledAs(entry.row, record),
    edit: changedMeanwhile ? current.edit : editFromRecord(record),
    status: status(doneResult(entry.kind), referenceId, changedMeanwhile ? `${message} ${CHANGED_WHILE_SENT}` : message, stamp),
  };
}

/**
 * A row followed up after the pane closed: the portal's record becomes its pulled state. The
 * user's entry stays when it asks for something other than what the portal now holds (it was
 * changed after sending, or cannot be read), so that it is sent next time.
 */
export function followedRow(row: ReviewRow, now: ImsRecord, kind: "save" | "reset", referenceId: string, message: string, stamp: string): ReviewRow {
  const entry = row.edit.action === null || row.edit.unparsed ? null : entryOf(row, row.edit.action === "N" ? "reset" : "save");
  const asked = entry !== null && portalHolds(entry, now);
  return { ...pulledAs(row, now), edit: asked ? editFromRecord(now) : row.edit, status: status(doneResult(kind), referenceId, message, stamp) };
}
