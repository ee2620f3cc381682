/**
 * After an upload: "Open the portal's error file" puts each error on its row ("Failed", with the
 * portal's code and message; the entry is kept for the next upload file), and "The portal
 * processed it" turns the other rows of that upload into "Uploaded", with what was uploaded as
 * their state on the portal. Both read what the upload file held from the workbook, so they work
 * after a reopen, on any machine.
 */
import { checkFileGstin, parseErrorFile, settleUpload, type KnownRecord, type OfflineRecordError, type UnmappedError } from "../ims/offline";
import { uploadedRow, uploadFailedStatus } from "../ims/offline-rows";
import { rowState, type ReviewRow, type RowStatus } from "../ims/review-rows";
import type { TaxPeriod } from "../ims/periods";
import type { SectionCode } from "../ims/sections";
import { recordGstr2bActivity } from "../workbook";
import { readUploadRecord, recordOfflineUpload, type UploadEntry, type UploadRecord } from "../workbook/offline-store";
import { AppError } from "./explain";
import { step, stopIfCancelled, workbookContext, type OfflineDeps } from "./offline";
import type { ConfirmUploadReport, ErrorFileReport, PickedFile } from "./offline-types";
import type { SheetsPort } from "./submit";
import { issue } from "./submit/review";
import type { ProgressOptions, RowIssue } from "./types";

const NOTHING_CHANGED = "Nothing in the workbook was changed.";

interface UploadRows {
  upload: UploadRecord;
  /** The upload's records that still have a row, by key. */
  rows: Map<string, { section: SectionCode; row: ReviewRow; entry: UploadEntry }>;
}

async function uploadRows(sheets: SheetsPort): Promise<UploadRows> {
  const upload = await readUploadRecord();
  if (!upload) throw new AppError("No upload file to settle", `No upload file was saved from this workbook (or what it held can no longer be read). Save an upload file first. ${NOTHING_CHANGED}`);
  const entries = new Map(upload.entries.map((e) => [e.key, e]));
  const rows = new Map<string, { section: SectionCode; row: ReviewRow; entry: UploadEntry }>();
  const sections = [...new Set(upload.entries.map((e) => e.section))];
  const present = new Set(await sheets.sections());
  for (const section of sections) {
    if (!present.has(section)) continue;
    for (const row of (await sheets.read(section)).rows) {
      const entry = entries.get(row.key);
      if (entry && entry.section === section && !rows.has(row.key)) rows.set(row.key, { section, row, entry });
    }
  }
  return { upload, rows };
}

/** Whether the row still stands for this upload: waiting for it, or failed by it (an error file opened twice). */
function ofUpload(row: ReviewRow, fileName: string): boolean {
  const state = rowState(row.status);
  return (state === "in-upload" || state === "failed") && row.status.referenceId === fileName;
}

export async function openErrorFile(deps: OfflineDeps, file: PickedFile, options: ProgressOptions = {}): Promise<ErrorFileReport> {
  const ctx = await workbookContext(deps);
  step(options, `Reading ${file.name}`, 0, 3);
  const { upload, rows } = await uploadRows(deps.sheets);
  const known: KnownRecord[] = [...rows.values()].map(({ row }) => row.record);
  const parsed = parseErrorFile(file.text, { known });
  if (!parsed.ok) throw new AppError("This error file cannot be opened", `${parsed.error.message} ${NOTHING_CHANGED}`);
  const errorFile = parsed.value;
  const check = checkFileGstin(errorFile, ctx.gstin, file.name);
  if (!check.ok) throw new AppError("This error file is for another GSTIN", `${check.message} ${NOTHING_CHANGED}`);
  stopIfCancelled(options);

  step(options, "Writing the errors on their rows", 1, 3);
  const settled = settleUpload([...rows.keys()], errorFile);
  const stamp = deps.now().toISOString();
  const updates = new Map<SectionCode, { key: string; status: RowStatus }[]>();
  const failed: RowIssue[] = [];
  const unmatched: string[] = [];
  const fail = (key: string, code: string | null, message: string) => {
    const r = rows.get(key);
    if (!r) return;
    if (!ofUpload(r.row, upload.fileName)) {
      unmatched.push(`${r.section} ${r.row.record.docNumber} of ${r.row.record.supplierGstin} (row ${r.row.sheetRow}): ${message} This row no longer stands for ${upload.fileName} (it shows "${r.row.status.result || "no result"}"), so it was left as it is.`);
      return;
    }
    const status = uploadFailedStatus(upload.fileName, code, message, stamp);
    updates.set(r.section, [...(updates.get(r.section) ?? []), { key, status }]);
    failed.push(issue(r.section, r.row, code ?? "portal-error", status.message));
  };
  if (settled.wholeFile) {
    for (const key of rows.keys()) fail(key, settled.wholeFile.code || null, `The portal refused the whole upload file: ${settled.wholeFile.message}`);
  } else {
    for (const [key, errors] of settled.failed) fail(key, errors[0]?.code ?? null, errors.map((e) => e.message).join(" "));
  }
  for (const [section, list] of updates) await deps.sheets.writeStatuses(section, list);

  for (const e of settled.outside) unmatched.push(outsideSentence(e, upload.fileName));
  for (const u of errorFile.unmapped) unmatched.push(unmappedSentence(u));
  const withoutError = settled.wholeFile ? 0 : settled.uploaded.filter((k) => {
    const r = rows.get(k);
    return r !== undefined && rowState(r.row.status) === "in-upload" && r.row.status.referenceId === upload.fileName;
  }).length;
  step(options, "Done", 3, 3);
  return {
    uploadFile: upload.fileName,
    failed,
    wholeFile: settled.wholeFile,
    withoutError,
    unmatched,
    warnings: errorFile.warnings.map((w) => w.message),
  };
}

export async function confirmUploaded(deps: OfflineDeps, uploadFile: string, options: ProgressOptions = {}): Promise<ConfirmUploadReport> {
  const ctx = await workbookContext(deps);
  step(options, "Reading the sheets", 0, 2);
  const { upload, rows } = await uploadRows(deps.sheets);
  if (upload.fileName !== uploadFile) {
    throw new AppError("That is not the latest upload file", `The latest upload file saved from this workbook is ${upload.fileName}; ${uploadFile} was replaced by it. Upload ${upload.fileName}, then confirm it. ${NOTHING_CHANGED}`);
  }
  stopIfCancelled(options);
  step(options, "Marking the rows Uploaded", 1, 2);
  const stamp = deps.now().toISOString();
  const bySection = new Map<SectionCode, ReviewRow[]>();
  const periods = new Set<TaxPeriod>();
  for (const { section, row, entry } of rows.values()) {
    if (rowState(row.status) !== "in-upload" || row.status.referenceId !== uploadFile) continue;
    const message = `Saved on the portal through the upload file ${uploadFile} (you confirmed the portal processed it).`;
    bySection.set(section, [...(bySection.get(section) ?? []), uploadedRow(row, entry, uploadFile, message, stamp)]);
    periods.add(row.record.returnPeriod);
  }
  for (const [section, list] of bySection) await deps.sheets.writeRows(section, list);
  await recordOfflineUpload(ctx.gstin, (u) => ({ ...(u ?? { fileName: uploadFile, savedAt: upload.savedAt, records: upload.entries.length }), confirmedAt: stamp }));
  const changedReturnPeriods = [...periods].sort();
  if (changedReturnPeriods.length) {
    // Only a hint for the GSTR-2B panel: the rows already say what the portal holds.
    await recordGstr2bActivity(ctx.gstin, { changedAt: Object.fromEntries(changedReturnPeriods.map((p) => [p, stamp])) }).catch(() => undefined);
  }
  step(options, "Done", 2, 2);
  return { uploadFile, uploaded: [...bySection.values()].reduce((n, l) => n + l.length, 0), changedReturnPeriods };
}

function outsideSentence(e: OfflineRecordError, fileName: string): string {
  return `${e.section} ${e.docNumber} of ${e.supplierGstin} (${e.returnPeriod}): ${e.code ? `${e.code}: ` : ""}${e.message} This record was not in ${fileName}: is the error file of another upload?`;
}

function unmappedSentence(u: UnmappedError): string {
  const what = [u.section ?? u.sectionKey, u.docNumber, u.supplierGstin ? `of ${u.supplierGstin}` : null].filter(Boolean).join(" ");
  return `${what || u.path}: ${u.code ? `${u.code}: ` : ""}${u.message} ${u.reason}`;
}
