/**
 * How a row changes on the offline path (issue 13): pure functions from a row and what the
 * upload file or the portal's error file says to the row's status or the row to write. States
 * are codes in the hidden column ("in-upload", "uploaded", "failed"); the words are for people.
 */
import { recordFingerprint } from "./fingerprint";
import { appliedRecord, sameDeclaration, saveIntentOf } from "./plan";
import type { ItcReduction, SaveIntent } from "./records";
import { editFromRecord, RESULTS, type ReviewRow, type RowStatus } from "./review-rows";
import type { SaveAction } from "./sections";

/** What an upload file asked the portal to save for one record. */
export interface UploadedEntry {
  action: SaveAction;
  remarks?: string;
  itcReduction?: ItcReduction;
}

const ASKED: Record<SaveAction, string> = { A: "Accept", R: "Reject", P: "Keep pending" };

/** "In upload file": the row's entry is in `fileName` (kept in the Reference ID column). */
export function inUploadStatus(fileName: string, action: SaveAction, stamp: string, itcDefaulted = false): RowStatus {
  const itc = itcDefaulted ? ' with "Reduce ITC" Yes (an accepted credit note needs an answer; Yes is the portal\'s default — enter N in "Reduce ITC? (Y/N)" and save a new upload file to change it)' : "";
  return {
    result: RESULTS.inUpload,
    state: "in-upload",
    referenceId: fileName,
    updatedAt: stamp,
    message: `${ASKED[action]}${itc}: in the upload file ${fileName}. Upload it on the GST portal (IMS → Offline → Upload), then open the portal's error file here, or confirm that the portal processed it.`,
  };
}

/** "Failed": the portal's error file names this record; the entry is kept, to go in the next upload file. */
export function uploadFailedStatus(fileName: string, code: string | null, message: string, stamp: string): RowStatus {
  const words = sentence(message) || "The portal reported an error without a message.";
  const advice =
    code === "IMSSAV0010"
      ? " The record changed on the portal since its IMS file was downloaded: download the IMS file again and open it here (your entry is kept), then save a new upload file."
      : " Your entry is kept: correct it if needed, and save a new upload file.";
  return { result: RESULTS.failed, state: "failed", referenceId: fileName, updatedAt: stamp, message: `${code ? `${code}: ` : ""}${words}${advice}` };
}

/** Whether the row's entry still asks for what the upload file carried. */
export function stillAsks(row: ReviewRow, entry: UploadedEntry): boolean {
  const now = row.edit.unparsed ? null : saveIntentOf(row);
  return now !== null && now.action === entry.action && (now.remarks ?? "") === (entry.remarks ?? "") && sameDeclaration(row.record, now.itcReduction, entry.itcReduction);
}

/**
 * A row whose upload the portal processed: the saved record becomes its pulled state, so the next
 * upload file does not carry it again. An entry the user changed since the upload is kept.
 */
export function uploadedRow(row: ReviewRow, entry: UploadedEntry, fileName: string, message: string, stamp: string): ReviewRow {
  const intent: SaveIntent = { action: entry.action };
  if (entry.remarks) intent.remarks = entry.remarks;
  if (entry.itcReduction) intent.itcReduction = entry.itcReduction;
  const record = appliedRecord(row.record, intent);
  return {
    ...row,
    record,
    pulledAction: record.action,
    fingerprint: recordFingerprint(record),
    inPortal: true,
    edit: stillAsks(row, entry) ? editFromRecord(record) : row.edit,
    status: { result: RESULTS.uploaded, state: "uploaded", referenceId: fileName, updatedAt: stamp, message },
  };
}

function sentence(text: string): string {
  const t = text.trim();
  return t === "" || /[.!?]$/.test(t) ? t : `${t}.`;
}
