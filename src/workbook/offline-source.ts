/**
 * Without an API account (issue 13): what the workbook keeps, in its metadata, of the portal's
 * offline files — the IMS file the sheets were last read from (its name and date), the filing
 * frequency the rules use without a sign-in, and the upload file last saved. Only these fields,
 * each checked, are ever written; a file name is plain text and never goes into a cell here.
 */
import type { FilingFrequency } from "../ims/periods";

export interface OfflineUpload {
  /** The upload file's name ("IMS_upload_<GSTIN>_<YYYYMMDD>_<HHMM>.json"), also in its rows' Reference ID. */
  fileName: string;
  /** ISO instant it was saved. */
  savedAt: string;
  /** Records in it. */
  records: number;
  /** ISO instant the user confirmed that the portal processed it. */
  confirmedAt?: string;
}

export interface OfflineSource {
  /** The name of the portal's IMS file as the user picked it. */
  fileName: string;
  /** ISO instant of the file (its last-modified time), when the pane knew it. */
  fileDate?: string;
  /** ISO instant it was opened into the sheets. */
  importedAt: string;
  /** The taxpayer's GSTR-3B frequency, for the portal's rules when nobody is signed in. */
  frequency: FilingFrequency;
  /** Records read from it. */
  records: number;
  upload?: OfflineUpload;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_NAME = 255;

function instant(value: unknown): string | undefined {
  return typeof value === "string" && ISO_INSTANT.test(value) ? value : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** A file name as it may be kept: no control characters, at most 255 characters; undefined when empty. */
export function cleanFileName(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  // eslint-disable-next-line no-control-regex
  const name = value.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, MAX_NAME);
  return name === "" ? undefined : name;
}

function cleanUpload(value: unknown): OfflineUpload | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  const fileName = cleanFileName(v.fileName);
  const savedAt = instant(v.savedAt);
  const records = count(v.records);
  if (!fileName || !savedAt || records === undefined) return undefined;
  const out: OfflineUpload = { fileName, savedAt, records };
  const confirmedAt = instant(v.confirmedAt);
  if (confirmedAt) out.confirmedAt = confirmedAt;
  return out;
}

/** Only the known fields, each checked; undefined when the value is not an offline source. */
export function cleanOfflineSource(value: unknown): OfflineSource | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  const fileName = cleanFileName(v.fileName);
  const importedAt = instant(v.importedAt);
  const records = count(v.records);
  if (!fileName || !importedAt || records === undefined) return undefined;
  const out: OfflineSource = { fileName, importedAt, frequency: v.frequency === "quarterly" ? "quarterly" : "monthly", records };
  const fileDate = instant(v.fileDate);
  if (fileDate) out.fileDate = fileDate;
  const upload = cleanUpload(v.upload);
  if (upload) out.upload = upload;
  return out;
}
