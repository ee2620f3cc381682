/**
 * The offline path (issue 13), put together for the pane: the portal's IMS file in
 * (offline-import.ts), the upload file out (offline-upload.ts), the portal's error file back and
 * the upload confirmed (offline-settle.ts). None of it needs an API account or a sign-in: the
 * GSTIN is the workbook's, and the rules take the filing frequency kept with the file.
 */
import { gstinStateCode } from "../ims/gstin";
import { istDateOf, type FilingFrequency } from "../ims/periods";
import { DEFAULT_REMARKS_MAX_LENGTH, type RuleContext } from "../ims/portal-rules";
import { readWorkbookMetadata, type WorkbookMetadata } from "../workbook";
import { AppError } from "./explain";
import { openImsFile } from "./offline-import";
import type { OfflineFiles, OfflineStatus } from "./offline-types";
import { confirmUploaded, openErrorFile } from "./offline-settle";
import { saveUploadFile } from "./offline-upload";
import { reviewWorkbook, type SheetsPort } from "./submit";
import type { ProgressOptions, ReviewReport } from "./types";

export interface Taxpayer {
  gstin: string;
  frequency: FilingFrequency;
}

export interface OfflineDeps {
  sheets: SheetsPort;
  now: () => Date;
  /** The signed-in taxpayer, when there is a session. */
  signedIn(): Taxpayer | null;
  /** The GSTIN and frequency remembered from an earlier sign-in (browser storage), if any. */
  remembered(): Taxpayer | null;
}

export interface WorkbookContext {
  gstin: string;
  frequency: FilingFrequency;
  rules: RuleContext;
  metadata: WorkbookMetadata;
}

export function rulesFor(gstin: string, frequency: FilingFrequency, now: Date): RuleContext {
  return { today: istDateOf(now.getTime()), frequency, stateCode: gstinStateCode(gstin), remarksMaxLength: DEFAULT_REMARKS_MAX_LENGTH };
}

/** The refusal when a workbook of one GSTIN is used under another's session (as on the API path). */
export function otherGstinError(workbookGstin: string, signedIn: string): AppError {
  return new AppError(
    `This workbook belongs to GSTIN ${workbookGstin}`,
    `You are signed in as ${signedIn}. Nothing was read or written. Sign out, or sign in with ${workbookGstin}, to work on this workbook; or open the workbook of ${signedIn}.`,
    "sign-in-again",
  );
}

/** The workbook's GSTIN and the rules to check its rows with; an AppError when the workbook has no IMS records yet. */
export async function workbookContext(deps: OfflineDeps): Promise<WorkbookContext> {
  const metadata = await readWorkbookMetadata();
  if (!metadata) {
    throw new AppError(
      "No IMS records in this workbook yet",
      "Open the IMS file downloaded from the GST portal (Files tab; on the portal: IMS → Offline → Download JSON), or sign in and pull. Nothing was changed.",
    );
  }
  const signed = deps.signedIn();
  if (signed && signed.gstin !== metadata.gstin) throw otherGstinError(metadata.gstin, signed.gstin);
  const frequency = metadata.offline?.frequency ?? signed?.frequency ?? "monthly";
  return { gstin: metadata.gstin, frequency, rules: rulesFor(metadata.gstin, frequency, deps.now()), metadata };
}

/** Stops before the next step once the user cancelled: nothing of that step was written. */
export function stopIfCancelled(options: ProgressOptions): void {
  if (options.signal?.aborted) throw new AppError("Cancelled", "Stopped before changing anything more in the workbook.");
}

export function step(options: ProgressOptions, message: string, done: number, total: number): void {
  options.onProgress?.({ message, done, total });
}

/** Review without a sign-in: the workbook's own GSTIN and frequency, the same plan and rules as the API path. */
export async function offlineReview(deps: OfflineDeps): Promise<ReviewReport> {
  const ctx = await workbookContext(deps);
  return reviewWorkbook({ sheets: deps.sheets, rules: ctx.rules });
}

export async function offlineStatus(): Promise<OfflineStatus> {
  const metadata = await readWorkbookMetadata();
  const offline = metadata?.offline;
  return {
    gstin: metadata?.gstin ?? null,
    file: offline
      ? { fileName: offline.fileName, fileDate: offline.fileDate ?? null, importedAt: offline.importedAt, gstin: metadata.gstin, frequency: offline.frequency, records: offline.records }
      : null,
    upload: offline?.upload ? { fileName: offline.upload.fileName, savedAt: offline.upload.savedAt, records: offline.upload.records, confirmedAt: offline.upload.confirmedAt ?? null } : null,
  };
}

export function createOfflineFiles(deps: OfflineDeps): OfflineFiles {
  return {
    status: () => offlineStatus(),
    openImsFile: (file, options = {}) => openImsFile(deps, file, options),
    saveUploadFile: (options = {}) => saveUploadFile(deps, options),
    openErrorFile: (file, options = {}) => openErrorFile(deps, file, options),
    confirmUploaded: (uploadFile, options = {}) => confirmUploaded(deps, uploadFile, options),
  };
}
