/**
 * The portal's IMS offline files, without an API account (issue 13): pure functions, no Office,
 * no DOM, no HTTP. The pane reaches them through src/app.
 *
 * - `parseImsDownload(text)`: the JSON downloaded from IMS → Offline, read into `ImsRecord`s by
 *   section, each with `raw`, its exact text in the file.
 * - `checkFileGstin(file, gstin, fileName?)`: refuse another GSTIN's file with a plain sentence.
 * - `buildUploadFile({gstin, records, intents, rules})`: the upload JSON of the changed records,
 *   each echoed byte for byte except its action fields, checked with the API path's rules; an
 *   outcome per record (included, refused with code, column and message, or unchanged).
 * - `keepFileTexts(records)` / `KeptTexts`: what the workbook keeps of a file so that every record's
 *   exact text comes back from its row (skeletons filled from the row, checked by digest).
 * - `parseErrorFile(text, {known})`: the portal's error file (either shape), errors per record key,
 *   and the entries that could not be tied to a record; `settleUpload` says which records of the
 *   upload failed and which went through.
 *
 * Failures of a whole file come back as `{ok: false, error: OfflineFileError}` with a sentence
 * naming what and where; nothing throws on a bad file. See docs/offline-files.md.
 */
export { parseImsDownload, checkFileGstin, gstinsInFileName } from "./download";
export type { DownloadedRecord, RejectedRecord, ImsDownload, DownloadOptions, GstinCheck } from "./download";
export { buildUploadFile, uploadIntentOf, uploadFileName, utf8Length } from "./upload";
export type { UploadIntent, UploadSource, UploadOptions, BuildUploadInput, UploadRefusal, UploadRefusalCode, UploadOutcome, UploadFile } from "./upload";
export { parseErrorFile, settleUpload } from "./error-file";
export type { ErrorFile, ErrorFileOptions, KnownRecord, OfflineRecordError, UnmappedError, UploadSettlement } from "./error-file";
export { keepFileTexts, KeptTexts } from "./record-template";
export type { FileRecord, KeptText, KeptTextsData, Skeleton } from "./record-template";
export { ACTION_FIELDS, editObjectText, withoutActionFields } from "./record-text";
export type { OfflineFileError, OfflineFileErrorCode, OfflineResult, ParseWarning } from "./file-errors";
export { DEFAULT_MAX_CHARS } from "./file-errors";
