/**
 * "Open a portal IMS file": the JSON downloaded from IMS → Offline, read (src/ims/offline) and
 * written into the section sheets exactly as a pull writes them (pullIntoWorkbook: edits kept,
 * portal columns refreshed, changed records flagged, departed ones marked). Every check comes
 * first — the file can be read, it is this workbook's (or this sign-in's) GSTIN — so a file
 * refused changes nothing; the workbook's side of them is checked in the pull's first sync, so the
 * import makes no read of its own. What the upload file needs to echo the records exactly goes to
 * a hidden sheet in the pull's first batch (record-template.ts), then the sheets and the metadata
 * (file name, date, GSTIN) are written.
 */
import { isValidGstin } from "../ims/gstin";
import { checkFileGstin, gstinsInFileName, keepFileTexts, parseImsDownload, type ImsDownload, type RejectedRecord } from "../ims/offline";
import type { ImsRecord } from "../ims/records";
import { SECTION_CODES, type SectionCode } from "../ims/sections";
import { PullInterruptedError, pullIntoWorkbook, type WorkbookMetadata } from "../workbook";
import { cleanFileName, type OfflineSource } from "../workbook/offline-source";
import { packBlobs } from "../workbook/blob-sheet";
import { keptRecordBlocks, OFFLINE_RECORDS_SHEET } from "../workbook/offline-store";
import { AppError } from "./explain";
import { otherGstinError, step, stopIfCancelled, type OfflineDeps, type Taxpayer } from "./offline";
import type { ImsFileReport, OpenImsFileOptions, PickedFile } from "./offline-types";
import type { SectionPullReport } from "./types";

const NOTHING_CHANGED = "Nothing in the workbook was changed.";

export async function openImsFile(deps: OfflineDeps, file: PickedFile, options: OpenImsFileOptions = {}): Promise<ImsFileReport> {
  step(options, `Reading ${file.name}`, 0, 2);
  const parsed = parseImsDownload(file.text);
  if (!parsed.ok) throw new AppError("This file cannot be opened", `${parsed.error.message} ${NOTHING_CHANGED}`);
  const download = parsed.value;
  if (download.records.length === 0 && download.rejected.length > 0) {
    throw new AppError("No record of this file can be read", `${rejectedSentence(download.rejected)} ${NOTHING_CHANGED}`);
  }
  const texts = keepFileTexts(
    download.records.map((d) => ({ key: d.key, sectionKey: d.sectionKey, record: d.record, raw: d.raw, ...(d.tradeName !== undefined ? { tradeName: d.tradeName } : {}) })),
  );
  const keep = await packBlobs(OFFLINE_RECORDS_SHEET, keptRecordBlocks(texts));
  stopIfCancelled(options);

  step(options, "Writing the sheets", 1, 2);
  const importedAt = deps.now().toISOString();
  const decided: { value?: { gstin: string; confirmed: boolean; unconfirmedMessage?: string; source: OfflineSource } } = {};
  // Decided in the pull's first sync, from what the workbook holds; a refusal there writes nothing.
  const result = await pullIntoWorkbook((workbook) => {
    const metadata = workbook.metadata;
    const who = whoseFile(download, file.name, metadata, deps.signedIn(), options.gstin);
    const frequency = options.frequency ?? metadata?.offline?.frequency ?? deps.signedIn()?.frequency ?? deps.remembered()?.frequency ?? "monthly";
    // The file is the whole of IMS: every section it has records for, and every section sheet
    // already in the workbook (whose records the file no longer lists are marked "Not on portal").
    const records: Partial<Record<SectionCode, ImsRecord[]>> = {};
    for (const code of SECTION_CODES) {
      const list = download.bySection[code];
      if (list.length || metadata?.pulledAt[code] !== undefined) records[code] = list.map((d) => d.record);
    }
    const source: OfflineSource = { fileName: cleanFileName(file.name) ?? "IMS file.json", importedAt, frequency, records: download.records.length };
    const fileDate = instantOf(file.lastModified);
    if (fileDate) source.fileDate = fileDate;
    const upload = metadata?.gstin === who.gstin ? metadata.offline?.upload : undefined;
    if (upload) source.upload = upload;
    decided.value = { ...who, source };
    // Records set aside may still be on the portal: rows of them are left as they are.
    return { gstin: who.gstin, pulledAt: importedAt, records, complete: download.rejected.length === 0, offline: source, keep };
  }).catch((e: unknown) => {
    throw e instanceof PullInterruptedError ? interruptedError(cleanFileName(file.name) ?? "The file", e) : e;
  });
  if (!decided.value) throw new Error("The pull finished without deciding what to write");
  const { gstin, confirmed, unconfirmedMessage, source } = decided.value;

  const notices: string[] = [];
  if (!confirmed && unconfirmedMessage) notices.push(unconfirmedMessage);
  if (download.rejected.length) notices.push(rejectedSentence(download.rejected));
  for (const w of download.warnings) notices.push(w.count > 1 ? `${w.message} (${w.count} places)` : w.message);
  if (result.finishedEarlier.length) notices.push(`A pull of ${result.finishedEarlier.join(", ")} that Excel interrupted has been finished from its hidden copy first.`);
  if (result.typedDuringPull) notices.push(`${result.typedDuringPull} ${result.typedDuringPull === 1 ? "row" : "rows"} changed in the sheets while the file was being written: those entries were kept.`);
  if (result.finishedAfter) notices.push(`Excel failed near the end (${result.finishedAfter}); the add-in finished from its hidden copy, so the sheets are complete.`);

  const sections: SectionPullReport[] = result.sections.map((s) => ({
    section: s.section,
    records: download.bySection[s.section].length,
    added: s.added,
    updated: s.updated,
    keptEdits: s.keptEdits,
    leftPortal: s.leftPortal,
    awaitingConfirmation: s.awaitingConfirmation,
    portalEditsUndone: s.portalEditsUndone,
  }));
  step(options, "Opened", 2, 2);
  return {
    file: { fileName: source.fileName, fileDate: source.fileDate ?? null, importedAt, gstin, frequency: source.frequency, records: download.records.length },
    sections,
    gstinConfirmed: confirmed,
    periods: download.periods,
    notices,
  };
}

/** Excel stopped the sheets' writing: what that means for the file, in the Files tab's words. */
function interruptedError(fileName: string, e: PullInterruptedError): AppError {
  const detail =
    e.state === "untouched"
      ? `Excel stopped before any section sheet was changed (${e.excelMessage}). Your sheets and entries are as they were; open ${fileName} again.`
      : `Excel stopped (${e.excelMessage}) and is not answering. Your sheets and entries are safe: the sheets are finished from their hidden copy the next time you open a file, pull or open the add-in. Then open ${fileName} again.`;
  return new AppError(`${fileName} was not opened completely`, detail, "retry");
}

/**
 * Whose file this is. The workbook's GSTIN, else the signed-in one, else the one the user typed,
 * is what the file must match; with none of those, the file's own (in its JSON or its name).
 * Throws an AppError — nothing written yet — for another GSTIN's file or when nobody can tell.
 */
function whoseFile(
  download: ImsDownload,
  fileName: string,
  metadata: WorkbookMetadata | null,
  signedIn: Taxpayer | null,
  typed: string | undefined,
): { gstin: string; confirmed: boolean; unconfirmedMessage?: string } {
  if (metadata && signedIn && metadata.gstin !== signedIn.gstin) throw otherGstinError(metadata.gstin, signedIn.gstin);
  const given = typed?.trim().toUpperCase() ?? "";
  if (given && !isValidGstin(given)) throw new AppError("Check the GSTIN", `"${typed ?? ""}" is not a valid GSTIN (15 characters with a correct check digit). ${NOTHING_CHANGED}`, "none");
  const expected = metadata?.gstin ?? signedIn?.gstin ?? (given || null);
  if (expected) {
    const check = checkFileGstin(download, expected, fileName);
    if (!check.ok) throw new AppError("This file is for another GSTIN", `${check.message} ${NOTHING_CHANGED}`);
    return check.confirmed ? { gstin: expected, confirmed: true } : { gstin: expected, confirmed: false, unconfirmedMessage: check.message };
  }
  const named = download.gstin?.trim().toUpperCase() ?? "";
  if (isValidGstin(named)) return { gstin: named, confirmed: true };
  const inName = gstinsInFileName(fileName);
  if (inName.length === 1) return { gstin: inName[0] as string, confirmed: true };
  throw new AppError("Which GSTIN is this file for?", `The file does not name the GSTIN it was downloaded for. Enter that GSTIN, then open the file again. ${NOTHING_CHANGED}`, "none");
}

function instantOf(ms: number | undefined): string | undefined {
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) return undefined;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function rejectedSentence(rejected: readonly RejectedRecord[]): string {
  const shown = rejected.slice(0, 3).map((r) => r.message);
  const more = rejected.length > shown.length ? ` And ${rejected.length - shown.length} more.` : "";
  return `${rejected.length} ${rejected.length === 1 ? "record" : "records"} of the file could not be read and ${rejected.length === 1 ? "was" : "were"} left out; rows already on the sheets for them are kept as they were: ${shown.join(" ")}${more}`;
}
