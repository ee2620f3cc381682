/**
 * The upload file for the portal's offline IMS upload (IMS → Offline → Upload), built from the
 * downloaded records and what the user wants done with each.
 *
 * Shape (offline-and-register-formats.md §1, [M]): `{"rtin": <recipient GSTIN>, "reqtyp": "SAVE",
 * "invdata": {<section key>: [records]}}`, only changed records. Each record is the downloaded
 * record's exact text with only its action fields changed (record-text.ts): `action`; `remarks` on
 * Reject and Pending; `itcRedReq` and `declIgst/declCgst/declSgst/declCess` on accepts that carry a
 * declaration, with `itcRedReq` always on accepted credit notes. Every entry is checked first with
 * the rules of the API path (portal-rules.ts `checkSave`); what breaks one is refused on its row
 * and left out. A record cannot be set back to No action through this file: that is refused too.
 */
import { actionWord } from "../action-text";
import { hasGstinShape } from "../gstin";
import { IST_OFFSET_MS } from "../periods";
import { saveIntentOf, sameDeclaration } from "../plan";
import { checkSave, type RuleCode, type RuleContext } from "../portal-rules";
import { imsRecordKey, type ImsRecord, type ItcReduction, type SaveIntent } from "../records";
import type { SheetField } from "../record-fields";
import type { RowEdit } from "../review-rows";
import { sectionInfo, type Action, type SaveAction, type SectionCode } from "../sections";
import { objectMembers } from "./json-source";
import { readRecord } from "./record-reader";
import { editObjectText, type ObjectMembers } from "./record-text";

/** What the user wants for one record: the row's Action, Remarks and ITC-reduction columns. */
export interface UploadIntent {
  action: Action;
  remarks?: string;
  itcReduction?: ItcReduction;
}

/** A downloaded record: what was read and its exact text (`DownloadedRecord` is one). */
export interface UploadSource {
  record: ImsRecord;
  raw: string;
  /** The section key the download used: "eco"/"ecoa" are echoed; anything else becomes the API's payload key ("ecom", "b2bcn"). */
  sectionKey?: string;
}

export interface UploadOptions {
  /**
   * Also write `prev_status` (the action the download showed), as the API's save does. Off by
   * default: the public descriptions of the offline upload do not have it.
   */
  includePrevStatus?: boolean;
  /** Downloaded fields to leave out of the upload (say `["tradenm", "hash"]`), should the portal refuse them. Default none. */
  omitFields?: readonly string[];
  /** `itcRedReq` written on an accepted credit note with no declaration (default "Y", the portal's own default). */
  creditNoteItcDefault?: "Y" | "N";
}

export interface BuildUploadInput {
  /** The recipient's GSTIN (`rtin`): the workbook's, checked against the download beforehand. */
  gstin: string;
  /** The downloaded records, in the download's order. */
  records: readonly UploadSource[];
  /** The user's intent per record key (`imsRecordKey`); records without one are left out. */
  intents: ReadonlyMap<string, UploadIntent>;
  rules: RuleContext;
  options?: UploadOptions;
}

export type UploadRefusalCode = RuleCode | "offline-cannot-reset" | "needs-action" | "duplicate-record" | "record-text-mismatch" | "bad-intent";

export interface UploadRefusal {
  code: UploadRefusalCode;
  /** The column the refusal is about (map the id to the layout's header text to show it). */
  field: SheetField;
  message: string;
}

export type UploadOutcome =
  | {
      kind: "included";
      key: string;
      section: SectionCode;
      action: SaveAction;
      /** The ITC-reduction answer written, if any. */
      itcRedReq?: "Y" | "N";
      /** True when `itcRedReq` was written by default (an accepted credit note without a declaration). */
      itcRedReqDefaulted: boolean;
    }
  | { kind: "refused"; key: string; section: SectionCode; reasons: UploadRefusal[] }
  /** The intent asks for what the download already shows: nothing to upload. */
  | { kind: "unchanged"; key: string; section: SectionCode };

export interface UploadFile {
  /** The file's text (UTF-8 when saved), compact JSON. */
  text: string;
  /** Its size in UTF-8 bytes. */
  bytes: number;
  /** True when no record is in it (GSTN's tool makes an empty file then, too): there is nothing to upload. */
  empty: boolean;
  /** Records in the file, per section. */
  bySection: Partial<Record<SectionCode, number>>;
  /** One per record given with an intent, in the records' order. */
  outcomes: UploadOutcome[];
  /** Intents naming no record given. */
  unknownKeys: string[];
  /** Sentences about the file as a whole (its size). */
  warnings: string[];
}

const HEADS = [
  ["igst", "declIgst"],
  ["cgst", "declCgst"],
  ["sgst", "declSgst"],
  ["cess", "declCess"],
] as const;
const SNAKE_ITC_FIELDS = ["itc_red_req", "decl_igst", "decl_cgst", "decl_sgst", "decl_cess"];
const CAMEL_ITC_FIELDS = ["itcRedReq", ...HEADS.map(([, wire]) => wire)];

/**
 * The members every upload record sets or removes, whatever the download held in them: `action`,
 * `remarks` and the ITC-reduction fields (see uploadRecordText). Their downloaded values never
 * reach the upload file, only their places.
 */
export const REWRITTEN_FIELDS: readonly string[] = ["action", "remarks", ...CAMEL_ITC_FIELDS, ...SNAKE_ITC_FIELDS];

/** Older offline uploads were limited to 5 MB; no limit is documented for IMS. */
const SIZE_WARNING_BYTES = 5 * 1024 * 1024;

/**
 * Builds the upload file. Only records whose intent differs from what the download shows go in;
 * each one is checked with the API path's rules and refused (with a reason naming the column)
 * instead of written when it breaks one. Throws only for a `gstin` that is not a GSTIN.
 */
export function buildUploadFile(input: BuildUploadInput): UploadFile {
  const rtin = input.gstin.trim().toUpperCase();
  if (!hasGstinShape(rtin)) throw new RangeError(`The upload file needs the recipient's GSTIN; "${input.gstin}" is not one.`);
  const options = input.options ?? {};
  const keyCount = new Map<string, number>();
  for (const s of input.records) {
    const k = imsRecordKey(s.record);
    keyCount.set(k, (keyCount.get(k) ?? 0) + 1);
  }

  const outcomes: UploadOutcome[] = [];
  const bySection = new Map<SectionCode, { sectionKey: string; texts: string[] }>();
  const seen = new Set<string>();
  for (const source of input.records) {
    const record = source.record;
    const key = imsRecordKey(record);
    const intent = input.intents.get(key);
    if (!intent) continue;
    seen.add(key);
    const section = record.section;
    const refuse = (reasons: UploadRefusal[]) => outcomes.push({ kind: "refused", key, section, reasons });

    if ((keyCount.get(key) ?? 0) > 1) {
      refuse([{ code: "duplicate-record", field: "docNumber", message: `The downloaded file holds more than one record with this supplier, document number and period, so the add-in cannot tell which one the action is for. Act on it on the GST portal.` }]);
      continue;
    }
    if (!["A", "R", "P", "N"].includes(intent.action)) {
      refuse([{ code: "bad-intent", field: "action", message: `"${String(intent.action)}" is not an action; use A, R, P or N.` }]);
      continue;
    }
    const remarks = intent.remarks ?? "";
    const changed = intent.action !== record.action || remarks !== (record.remarks ?? "") || !sameDeclaration(record, intent.itcReduction, record.itcReduction);
    if (!changed) {
      outcomes.push({ kind: "unchanged", key, section });
      continue;
    }
    if (intent.action === "N") {
      if (record.action === "N") {
        refuse([{ code: "needs-action", field: "action", message: "Remarks or an ITC-reduction declaration need an action: choose A, R or P, or clear them." }]);
      } else {
        refuse([
          {
            code: "offline-cannot-reset",
            field: "action",
            message: `The portal's offline upload cannot set a record back to No action: its upload file saves only Accept, Reject or Pending. This record stays ${actionWord(record.action)} on the portal. To undo that, reset it on the GST portal's IMS dashboard, or choose A, R or P here.`,
          },
        ]);
      }
      continue;
    }

    const edit: RowEdit = { action: intent.action, remarks };
    if (intent.itcReduction) edit.itcReduction = intent.itcReduction;
    const save = saveIntentOf({ edit }) as SaveIntent;
    const violations = checkSave(record, save, input.rules);
    if (violations.length) {
      refuse(violations.map((v) => ({ code: v.code, field: v.field, message: v.message })));
      continue;
    }

    const read = readSource(source, key);
    if (!read.ok) {
      refuse([{ code: "record-text-mismatch", field: "docNumber", message: read.message }]);
      continue;
    }

    const { text, itcRedReq, defaulted } = uploadRecordText(source, read.members, save, options);
    // One list per section, under the key the download used for it (the first one seen).
    const group = bySection.get(section) ?? { sectionKey: uploadSectionKey(section, source.sectionKey), texts: [] };
    group.texts.push(text);
    bySection.set(section, group);
    const outcome: UploadOutcome = { kind: "included", key, section, action: save.action, itcRedReqDefaulted: defaulted };
    if (itcRedReq) outcome.itcRedReq = itcRedReq;
    outcomes.push(outcome);
  }

  const sectionTexts: string[] = [];
  const counts: Partial<Record<SectionCode, number>> = {};
  for (const [section, group] of bySection) {
    sectionTexts.push(`${JSON.stringify(group.sectionKey)}:[${group.texts.join(",")}]`);
    counts[section] = group.texts.length;
  }
  // Valid JSON by construction: each record is a downloaded object whose member values were
  // replaced or added as JSON.stringify output (the tests read every file built back).
  const text = `{"rtin":${JSON.stringify(rtin)},"reqtyp":"SAVE","invdata":{${sectionTexts.join(",")}}}`;
  const bytes = utf8Length(text);
  const warnings: string[] = [];
  if (bytes > SIZE_WARNING_BYTES) {
    warnings.push(`The upload file is ${(bytes / (1024 * 1024)).toFixed(1)} MB. No size limit is documented for the IMS upload, but older offline uploads took at most 5 MB: if the portal refuses it, upload the changes in parts.`);
  }
  const unknownKeys = [...input.intents.keys()].filter((k) => !seen.has(k));
  return { text, bytes, empty: sectionTexts.length === 0, bySection: counts, outcomes, unknownKeys, warnings };
}

/**
 * The source's text read, and checked to be the record it comes with: a sentence when it is
 * damaged or of another record (a mix-up in the caller's storage).
 */
function readSource(source: UploadSource, key: string): { ok: true; members: ObjectMembers } | { ok: false; message: string } {
  const read = objectMembers(source.raw);
  if (!read.ok) return { ok: false, message: `The downloaded text kept for this record is damaged (line ${read.problem.line}, column ${read.problem.column}). Open the portal's IMS file again.` };
  const r = readRecord(source.record.section, read.value.object);
  if (!r.ok) return { ok: false, message: `The downloaded text kept for this record cannot be read: ${r.message}. Open the portal's IMS file again.` };
  if (imsRecordKey(r.record) !== key) return { ok: false, message: `The downloaded text kept for this record is of another record (${r.record.docNumber} of ${r.record.supplierGstin}). Open the portal's IMS file again.` };
  return { ok: true, members: read.value };
}

/** One record's text in the upload: the downloaded text with its action fields set for `save`. */
function uploadRecordText(source: UploadSource, members: ObjectMembers, save: SaveIntent, options: UploadOptions): { text: string; itcRedReq?: "Y" | "N"; defaulted: boolean } {
  const record = source.record;
  const set = new Map<string, string>();
  const remove = new Set<string>([...SNAKE_ITC_FIELDS, ...(options.omitFields ?? [])]);
  set.set("action", JSON.stringify(save.action));
  if ((save.action === "R" || save.action === "P") && save.remarks) set.set("remarks", JSON.stringify(save.remarks));
  else remove.add("remarks");

  let itc: ItcReduction | undefined;
  let defaulted = false;
  if (save.action === "A") {
    itc = save.itcReduction;
    const creditNote = record.section === "CN" || record.section === "CNA";
    if (!itc && creditNote && record.itcReductionBlocked !== true) {
      itc = { required: options.creditNoteItcDefault ?? "Y" };
      defaulted = true;
    }
  }
  if (itc) {
    set.set("itcRedReq", JSON.stringify(itc.required));
    for (const [head, wire] of HEADS) {
      const paise = itc[head];
      if (paise === undefined) remove.add(wire);
      else set.set(wire, String(paise / 100));
    }
  } else {
    for (const f of CAMEL_ITC_FIELDS) remove.add(f);
  }
  if (options.includePrevStatus) set.set("prev_status", JSON.stringify(record.action));
  for (const k of set.keys()) remove.delete(k);
  const text = editObjectText(source.raw, { set, remove }, members);
  return itc ? { text, itcRedReq: itc.required, defaulted } : { text, defaulted };
}

/**
 * The key a section's records go under: the download's own when it is one of the portal's
 * lower-case spellings (`ecom`, or `eco` should the portal use it), else the API's payload key.
 */
function uploadSectionKey(section: SectionCode, downloaded: string | undefined): string {
  const payloadKey = sectionInfo(section).payloadKey;
  const k = downloaded?.toLowerCase();
  if (k === payloadKey) return k;
  if ((section === "ECOM" && k === "eco") || (section === "ECOMA" && k === "ecoa")) return k;
  return payloadKey;
}

/** Size of a text in UTF-8 bytes. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** The intent a row's editable columns state; null when its Action cell cannot be read. */
export function uploadIntentOf(edit: RowEdit): UploadIntent | null {
  if (edit.action === null || (edit.unparsed && Object.keys(edit.unparsed).length > 0)) return null;
  const intent: UploadIntent = { action: edit.action };
  if (edit.remarks !== "") intent.remarks = edit.remarks;
  if (edit.itcReduction) intent.itcReduction = edit.itcReduction;
  return intent;
}

/** "IMS_upload_27AAACI1234F1Z2_20260521_1430.json": a name with the GSTIN and the time in India. */
export function uploadFileName(gstin: string, epochMs: number): string {
  const d = new Date(epochMs + IST_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, "0");
  return `IMS_upload_${gstin.trim().toUpperCase()}_${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}_${p(d.getUTCHours())}${p(d.getUTCMinutes())}.json`;
}
