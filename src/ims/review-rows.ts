/**
 * The typed rows of a section sheet, shared by the workbook engine (pull, read-back) and the
 * submit step, and the pure merge of a fresh pull into the rows a sheet already holds.
 * No Office and no HTTP here.
 */
import { itcText, recordFingerprint } from "./fingerprint";
import { imsRecordKey, type ImsRecord, type ItcReduction } from "./records";
import { IST_OFFSET_MS } from "./periods";
import { actionWord } from "./action-text";
import { rupeesText } from "./portal-rules";
import { changedDocumentFields, type PortalField } from "./record-fields";
import { sectionInfo, type Action, type SectionCode } from "./sections";

/** The editable columns, named for problems and for cells kept verbatim. */
export type EditField = "action" | "remarks" | "itcRequired" | "itcIgst" | "itcCgst" | "itcSgst" | "itcCess";

/** What the user asks for on a row: the editable columns, read and typed. */
export interface RowEdit {
  /** Null when the cell holds text that is not an action (its text is in `unparsed.action`). */
  action: Action | null;
  remarks: string;
  /** Only on sections with ITC-reduction columns; absent when "Reduce ITC?" is blank. */
  itcReduction?: ItcReduction;
  /** Editable cells that could not be read, kept verbatim so a refresh writes them back unchanged. */
  unparsed?: Partial<Record<EditField, string | number | boolean>>;
}

/**
 * What the add-in knows of a row, kept as a code in a hidden column: the Result and Message
 * columns are words for people, never read back to decide anything (old workbooks without the
 * column fall back to the Result text).
 */
export type RowState =
  | ""
  | "submitted"
  | "saved"
  | "reset"
  | "failed"
  | "refused"
  | "conflict"
  | "supplier-changed"
  | "unknown"
  | "not-on-portal"
  | "duplicate"
  | "unrecognised"
  /** Without an API account: the row's entry is in the upload file named in its Reference ID, not known to the portal yet. */
  | "in-upload"
  /** Without an API account: the portal processed the upload file with this row's entry (the user confirmed it, or a later IMS file shows it). */
  | "uploaded";

/** The status columns, as the submit step last wrote them. */
export interface RowStatus {
  result: string;
  referenceId: string;
  message: string;
  /** ISO instant ("2025-11-21T05:00:00.000Z"), or "" when never updated. */
  updatedAt: string;
  /** The row's state code; when absent, the one the Result text stands for. */
  state?: RowState;
}

export interface ReviewRow {
  /** 1-based row number in the sheet (the header is row 1). */
  sheetRow: number;
  /** `imsRecordKey` of the record. */
  key: string;
  /** The record as pulled (action, remarks and declaration as the portal held them). */
  record: ImsRecord;
  pulledAction: Action;
  /** The portal's version of the record (its hash). */
  version: string;
  /** `recordFingerprint` of the record when it was pulled (as stored in the sheet). */
  fingerprint: string;
  edit: RowEdit;
  status: RowStatus;
  /** False when the latest pull did not return this record. */
  inPortal: boolean;
  /** The row's key cell is blank (pasted from elsewhere): `key` was derived from its columns, and the row is found by its sheet row. */
  keyless?: true;
}

export type RowProblemCode =
  | "bad-action"
  | "bad-itc"
  | "bad-amount"
  | "duplicate-key"
  | "hidden-column-missing"
  | "hidden-column-edited"
  | "record-edited"
  | "validation-lost"
  | "unrecognised-row"
  | "column-missing";

export interface RowProblem {
  /** 1-based sheet row (1 for problems with the header). */
  sheetRow: number;
  key?: string;
  /** The column's header text ("Action (A/R/P/N)"), or a short name of the cells concerned. */
  field: string;
  code: RowProblemCode;
  /** A sentence for people, naming the row and the column. */
  message: string;
}

/** Result texts the engine writes; the submit step adds its own. Conditional formats colour them. */
export const RESULTS = {
  saved: "Saved",
  failed: "Failed",
  submitted: "Submitted",
  notOnPortal: "Not on portal",
  duplicate: "Duplicate row",
  unrecognised: "Not recognised",
  /** Written by the submit step when the portal changed a record since the pull; a pull that returns the record clears it. */
  conflict: "Conflict",
  reset: "Reset",
  refused: "Refused",
  unknown: "Outcome unknown",
  /** Without an API account: the entry is in an upload file (its name in the Reference ID column). */
  inUpload: "In upload file",
  uploaded: "Uploaded",
} as const;

export const EMPTY_STATUS: RowStatus = { result: "", referenceId: "", message: "", updatedAt: "", state: "" };

const STATE_BY_RESULT: Readonly<Record<string, RowState>> = {
  [RESULTS.saved]: "saved",
  [RESULTS.failed]: "failed",
  [RESULTS.submitted]: "submitted",
  [RESULTS.notOnPortal]: "not-on-portal",
  [RESULTS.duplicate]: "duplicate",
  [RESULTS.unrecognised]: "unrecognised",
  [RESULTS.conflict]: "conflict",
  [RESULTS.reset]: "reset",
  [RESULTS.refused]: "refused",
  [RESULTS.unknown]: "unknown",
  [RESULTS.inUpload]: "in-upload",
  [RESULTS.uploaded]: "uploaded",
};

const ROW_STATES = new Set<string>(["", ...Object.values(STATE_BY_RESULT), "supplier-changed"]);

export function isRowState(text: string): text is RowState {
  return ROW_STATES.has(text);
}

/** The row's state: its code, or (a status written without one) what its Result text stands for. */
export function rowState(status: RowStatus): RowState {
  return status.state ?? STATE_BY_RESULT[status.result] ?? "";
}

/** Whether a section's sheet carries the ITC-reduction columns (sections with specified records). */
export function sectionHasItcColumns(section: SectionCode): boolean {
  return sectionInfo(section).canBeSpecified;
}

/** The editable columns as the portal left them: what a freshly pulled row shows. */
export function editFromRecord(record: ImsRecord): RowEdit {
  const edit: RowEdit = { action: record.action, remarks: record.remarks ?? "" };
  if (sectionHasItcColumns(record.section) && record.itcReduction) edit.itcReduction = { ...record.itcReduction };
  return edit;
}

/** A freshly pulled row. */
export function rowFromRecord(record: ImsRecord, sheetRow: number): ReviewRow {
  return {
    sheetRow,
    key: imsRecordKey(record),
    record,
    pulledAction: record.action,
    version: record.hash,
    fingerprint: recordFingerprint(record),
    edit: editFromRecord(record),
    status: { ...EMPTY_STATUS },
    inPortal: true,
  };
}

function hasUnparsed(edit: RowEdit): boolean {
  return !!edit.unparsed && Object.keys(edit.unparsed).length > 0;
}

/** True when the editable columns differ from what was pulled: the user changed something. */
export function isEdited(row: ReviewRow): boolean {
  if (hasUnparsed(row.edit)) return true;
  if (row.edit.action !== row.pulledAction) return true;
  if (row.edit.remarks !== (row.record.remarks ?? "")) return true;
  if (sectionHasItcColumns(row.record.section) && itcText(row.edit.itcReduction) !== itcText(row.record.itcReduction)) return true;
  return false;
}

/** Whether two entries ask for the same thing (the cells may be written differently). */
export function sameEdit(a: RowEdit, b: RowEdit): boolean {
  return (
    a.action === b.action &&
    a.remarks === b.remarks &&
    itcText(a.itcReduction) === itcText(b.itcReduction) &&
    JSON.stringify(a.unparsed ?? {}) === JSON.stringify(b.unparsed ?? {})
  );
}

export interface MergeSummary {
  /** Records new to the sheet, appended at the end. */
  added: number;
  /** Rows whose portal record changed (new version or changed fields). */
  updated: number;
  unchanged: number;
  /** Rows whose edits were kept while their portal columns were refreshed. */
  keptEdits: number;
  /** Of those, rows whose portal record changed under the edit (worth a second look). */
  editsOnChangedRecords: number;
  /** Rows whose unsent entry now waits for the user's confirmation: the supplier changed the document under it. */
  awaitingConfirmation: number;
  /** Rows where the user had typed into the portal's columns: the portal's values were put back and the row says what was there. */
  portalEditsUndone: number;
  /** Rows kept and marked because the pull did not return their record. */
  leftPortal: number;
  /** Rows marked "Not on portal" before that are back in this pull. */
  returned: number;
  /** Duplicate rows removed because they carried no edit, or the same edit as the row kept. */
  duplicatesDropped: number;
  /** Duplicate rows kept because their edits disagree (marked; the user must choose). */
  conflictingDuplicates: number;
}

export interface MergeResult {
  rows: ReviewRow[];
  /** For each row, the existing row it continues (null for a record new to the sheet). */
  from: (ReviewRow | null)[];
  summary: MergeSummary;
}

export interface MergeOptions {
  /** ISO instant of this pull, for the "Not on portal" message. */
  pulledAt: string;
  /** Sheet row of the first data row (default 2, under the header). */
  firstSheetRow?: number;
  /**
   * False when the pull was filtered (by status): records it did not return may still be on
   * the portal, so their rows are left exactly as they are instead of marked "Not on portal".
   */
  complete?: boolean;
}

/** "21-11-2025 10:30 IST" for an ISO instant (India has no daylight saving: UTC+05:30). */
export function formatIst(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms + IST_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}-${p(d.getUTCMonth() + 1)}-${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} IST`;
}

/**
 * Merges a fresh pull into the rows a sheet holds, keyed by record key (never by position):
 * - rows keep their order; rows whose editable columns differ from what was pulled keep those
 *   edits while their portal columns (and version, fingerprint) take the fresh record;
 *   unedited rows take the portal's action, remarks and declaration;
 * - rows whose record is not in the pull are kept as they are and marked "Not on portal";
 * - new records are appended in the order given;
 * - duplicate rows of one key collapse to one when no edit would be lost; otherwise every
 *   edited copy is kept and marked.
 */
export function mergeRows(existing: readonly ReviewRow[], fresh: readonly ImsRecord[], options: MergeOptions): MergeResult {
  const first = options.firstSheetRow ?? 2;
  const summary: MergeSummary = {
    added: 0,
    updated: 0,
    unchanged: 0,
    keptEdits: 0,
    editsOnChangedRecords: 0,
    awaitingConfirmation: 0,
    portalEditsUndone: 0,
    leftPortal: 0,
    returned: 0,
    duplicatesDropped: 0,
    conflictingDuplicates: 0,
  };

  const freshByKey = new Map<string, ImsRecord>();
  for (const record of fresh) {
    const key = imsRecordKey(record);
    if (!freshByKey.has(key)) freshByKey.set(key, record);
  }

  // Duplicates: decide which rows of each key survive.
  const groups = new Map<string, ReviewRow[]>();
  for (const row of existing) {
    const group = groups.get(row.key);
    if (group) group.push(row);
    else groups.set(row.key, [row]);
  }
  const survivors = new Set<ReviewRow>();
  const conflicted = new Set<ReviewRow>();
  for (const group of groups.values()) {
    const edited = group.filter(isEdited);
    const first = edited[0] ?? group[0];
    if (!first) continue;
    if (edited.length > 1 && !edited.every((r) => sameEdit(r.edit, first.edit))) {
      for (const r of edited) {
        survivors.add(r);
        conflicted.add(r);
      }
      summary.conflictingDuplicates += edited.length - 1;
      summary.duplicatesDropped += group.length - edited.length;
    } else {
      survivors.add(first);
      summary.duplicatesDropped += group.length - 1;
    }
  }

  const rows: ReviewRow[] = [];
  const from: (ReviewRow | null)[] = [];
  const used = new Set<string>();
  for (const old of existing) {
    if (!survivors.has(old)) continue;
    const sheetRow = first + rows.length;
    const record = freshByKey.get(old.key);
    let row: ReviewRow;
    if (record) {
      used.add(old.key);
      const fingerprint = recordFingerprint(record);
      const changed = record.hash !== old.version || fingerprint !== old.fingerprint;
      // Portal columns typed over: the row's own pulled state is not to be trusted, so the entry
      // counts as the user's whenever it asks for something the portal does not hold.
      const portalTyped = recordFingerprint(old.record) !== old.fingerprint;
      const edited = isEdited(old) || (portalTyped && isEdited({ ...old, record, pulledAction: record.action }));
      const wasAway = !old.inPortal || rowState(old.status) === "not-on-portal";
      let status: RowStatus = wasAway ? { ...old.status, result: "", message: "", state: "" } : { ...old.status };
      if (rowState(old.status) === "conflict") {
        // The pull brings the row up to date with what the portal holds: the conflict is resolved.
        const kept = isEdited({ ...old, record, pulledAction: record.action });
        status = { ...old.status, result: "", referenceId: "", state: "", message: `Brought up to date by the pull of ${formatIst(options.pulledAt)}${kept ? "; your entry is kept and is sent on the next submit" : ""}.` };
      }
      // Portal columns the user changed (same version, yet the sheet's values differ): put back,
      // and said on the row with what was there, so nothing typed disappears unexplained.
      const undone = record.hash === old.version && portalTyped ? portalEditsOf(old, record) : [];
      if (undone.length) {
        status = { ...status, message: `The pull of ${formatIst(options.pulledAt)} put back the portal's values where this row had been changed: ${undone.join("; ")}. These columns show the portal's record; to act on it, use the Action column.` };
        summary.portalEditsUndone++;
      }
      // The supplier changed the document under an entry not sent yet: the entry is kept, but it
      // was made for other figures, so it waits for the user's confirmation.
      const moved = isEdited(old) && rowState(old.status) !== "submitted" ? changedDocumentFields(old.record, record) : [];
      if (moved.length) {
        status = { result: RESULTS.conflict, state: "supplier-changed", referenceId: "", updatedAt: options.pulledAt, message: supplierChangeMessage(old.record, record, moved) };
      } else if (rowState(old.status) === "supplier-changed" && !changed) {
        status = { ...old.status };
      }
      row = {
        sheetRow,
        key: old.key,
        record,
        pulledAction: record.action,
        version: record.hash,
        fingerprint,
        edit: edited ? old.edit : editFromRecord(record),
        status,
        inPortal: true,
      };
      // An entry in an upload file that the portal now holds: that upload was processed.
      if (rowState(old.status) === "in-upload" && !moved.length && edited && !isEdited(row)) {
        row.status = {
          result: RESULTS.uploaded,
          state: "uploaded",
          referenceId: old.status.referenceId,
          updatedAt: options.pulledAt,
          message: `The portal holds this entry (seen in the records of ${formatIst(options.pulledAt)}): the upload file was processed.`,
        };
      }
      if (wasAway) summary.returned++;
      if (changed) summary.updated++;
      else summary.unchanged++;
      if (edited && isEdited(row)) {
        summary.keptEdits++;
        if (changed) summary.editsOnChangedRecords++;
      }
      if (moved.length) summary.awaitingConfirmation++;
    } else if (options.complete === false) {
      row = { ...old, sheetRow };
      summary.unchanged++;
    } else {
      row = {
        ...old,
        sheetRow,
        status: {
          ...old.status,
          result: RESULTS.notOnPortal,
          state: "not-on-portal",
          message: `Not returned by the portal in the pull of ${formatIst(options.pulledAt)}; kept so that nothing you entered is lost.`,
        },
        inPortal: false,
      };
      summary.leftPortal++;
    }
    if (conflicted.has(old)) {
      row.status = {
        ...row.status,
        result: RESULTS.duplicate,
        state: "duplicate",
        message: "This record appears on more than one row with different edits; keep one row and delete the others.",
      };
    }
    rows.push(row);
    from.push(old);
  }

  for (const [key, record] of freshByKey) {
    if (used.has(key)) continue;
    rows.push(rowFromRecord(record, first + rows.length));
    from.push(null);
    summary.added++;
  }
  return { rows, from, summary };
}

const FIELD_WORDS: Partial<Record<PortalField, string>> = {
  supplierGstin: "supplier GSTIN",
  docNumber: "document number",
  docDate: "document date",
  originalDocNumber: "original document number",
  originalDocDate: "original document date",
  invoiceType: "invoice type",
  placeOfSupply: "place of supply",
  value: "document value",
  taxableValue: "taxable value",
  igst: "IGST",
  cgst: "CGST",
  sgst: "SGST",
  cess: "cess",
  sourceForm: "source form",
  returnPeriod: "return period",
};

/** What the user had typed into portal columns, against the portal's record: `taxable value "1.00" → "₹1,000.00"`. */
function portalEditsOf(old: ReviewRow, fresh: ImsRecord): string[] {
  const out = changedDocumentFields(fresh, old.record).map((f) => `${FIELD_WORDS[f] ?? f} ${fieldText(f, old.record)} → ${fieldText(f, fresh)}`);
  if (old.pulledAction !== fresh.action) out.push(`action on portal "${actionWord(old.pulledAction)}" → "${actionWord(fresh.action)}"`);
  return out;
}

function fieldText(field: PortalField, r: ImsRecord): string {
  const v = r[field as keyof ImsRecord];
  return AMOUNT_FIELDS.has(field) && typeof v === "number" ? `₹${rupeesText(v)}` : `"${String(v ?? "")}"`;
}

const AMOUNT_FIELDS = new Set<PortalField>(["value", "taxableValue", "igst", "cgst", "sgst", "cess"]);

/** "The supplier changed this document after you entered your action: taxable value ₹1,000.00 → ₹1,200.00; …" */
export function supplierChangeMessage(before: ImsRecord, after: ImsRecord, fields: readonly PortalField[]): string {
  const shown = (field: PortalField, r: ImsRecord): string => {
    const v = r[field as keyof ImsRecord];
    return AMOUNT_FIELDS.has(field) && typeof v === "number" ? `₹${rupeesText(v)}` : String(v ?? "(none)");
  };
  const changes = fields.map((f) => `${FIELD_WORDS[f] ?? f} ${shown(f, before)} → ${shown(f, after)}`).join("; ");
  return `The supplier changed this document after you entered your action: ${changes}. Your entry is kept but not sent until you confirm it (Review: "Send as entered"), or change it.`;
}
