/**
 * Without an API account (issue 13): what the pane may ask of the portal's offline files, and
 * what it gets back. The files' own formats are read and written by src/ims/offline; these are
 * the application's answers, in the pane's terms (sections, rows, sentences).
 */
import type { FilingFrequency, TaxPeriod } from "../ims/periods";
import type { SectionCode } from "../ims/sections";
import type { ProgressOptions, RowIssue, SectionPullReport } from "./types";

/** A file the user picked, as the pane read it: `File.name`, `File.text()`, `File.lastModified`. */
export interface PickedFile {
  name: string;
  text: string;
  /** Milliseconds since the epoch, when the host says. */
  lastModified?: number;
}

export interface OpenImsFileOptions extends ProgressOptions {
  /** The GSTIN the file was downloaded for: needed only when neither the workbook, a sign-in nor the file names one. */
  gstin?: string;
  /** The taxpayer's GSTR-3B frequency, for the portal's rules (pending windows) without a sign-in. */
  frequency?: FilingFrequency;
}

/** The portal IMS file the sheets were last read from. */
export interface OfflineFileInfo {
  fileName: string;
  /** ISO instant of the file (its last-modified time), when known. */
  fileDate: string | null;
  importedAt: string;
  gstin: string;
  frequency: FilingFrequency;
  records: number;
}

export interface ImsFileReport {
  file: OfflineFileInfo;
  /** Per section written, as a pull reports it. */
  sections: SectionPullReport[];
  /** True when the file named the GSTIN (in its JSON or its name); false: it could not be checked. */
  gstinConfirmed: boolean;
  /** The records' return periods, ascending. */
  periods: TaxPeriod[];
  /** Sentences: what was read with a guess, records set aside, anything else the import did. */
  notices: string[];
}

export interface UploadSectionCount {
  section: SectionCode;
  accept: number;
  reject: number;
  pending: number;
}

export interface UploadFileReport {
  /** The file to save, or null when no row has a change the upload can carry. */
  file: { name: string; text: string; bytes: number } | null;
  sections: UploadSectionCount[];
  /** Records in the file. */
  records: number;
  /** Accepted credit notes given "Reduce ITC: Yes" by default (the portal requires an answer). */
  itcDefaulted: number;
  /** Rows left out, each with the rule or reason on its row. */
  refused: RowIssue[];
  conflicts: RowIssue[];
  /** An earlier upload file, not yet settled, whose rows this one takes over: upload only the newest. */
  replaces: string | null;
  /** Sentences about the file as a whole. */
  warnings: string[];
}

export interface ErrorFileReport {
  /** The upload file the error file was read against (the last one saved). */
  uploadFile: string;
  /** Rows now "Failed", with the portal's code and message. */
  failed: RowIssue[];
  /** The portal refused the whole upload file. */
  wholeFile: { code: string; message: string } | null;
  /** Rows of the upload the error file does not name: "Uploaded" once the user confirms the portal processed it. */
  withoutError: number;
  /** What could not be tied to a row of that upload, in sentences. */
  unmatched: string[];
  warnings: string[];
}

export interface ConfirmUploadReport {
  uploadFile: string;
  /** Rows now "Uploaded". */
  uploaded: number;
  /** Return periods of those records (for the GSTR-2B panel). */
  changedReturnPeriods: TaxPeriod[];
}

export interface OfflineStatus {
  /** The GSTIN the workbook belongs to, or null for a new workbook. */
  gstin: string | null;
  file: OfflineFileInfo | null;
  /** The upload file last saved from this workbook. */
  upload: { fileName: string; savedAt: string; records: number; confirmedAt: string | null } | null;
}

/** The offline path: the portal's IMS file in, the upload file out, its error file back. No sign-in needed. */
export interface OfflineFiles {
  /** What the workbook says of the offline path (for the pane when it opens: works after a reopen). */
  status(): Promise<OfflineStatus>;
  /** Reads the portal's IMS file into the section sheets, as a pull does (edits kept, changed records flagged). Nothing is written when the file cannot be read or is another GSTIN's. */
  openImsFile(file: PickedFile, options?: OpenImsFileOptions): Promise<ImsFileReport>;
  /** Builds the upload file of the rows' changes (checked with the portal's rules) and marks its rows "In upload file". The pane saves `file`. */
  saveUploadFile(options?: ProgressOptions): Promise<UploadFileReport>;
  /** Reads the portal's error file for the last upload: each error to its row ("Failed", with the portal's code and message). */
  openErrorFile(file: PickedFile, options?: ProgressOptions): Promise<ErrorFileReport>;
  /** The user says the portal processed the upload: its rows without an error become "Uploaded". */
  confirmUploaded(uploadFile: string, options?: ProgressOptions): Promise<ConfirmUploadReport>;
}
