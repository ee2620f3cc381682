/**
 * One record of a portal offline file (download or error file) read into an `ImsRecord`.
 *
 * The offline files use the API's field names (`stin`, `inum`/`nt_num`, `val`, `rtnprd`, …) but
 * the public descriptions disagree on spellings (offline-and-register-formats.md §1), so every
 * documented spelling is read: `rtnprd` as `MMYYYY` or `MM`, `srcfilstatus` as Filed / Not Filed,
 * FILED / SAVED or F, flags as Y/N or booleans, `itcRedReqBlocked` or `isItcRedReqBlocked`,
 * camelCase or snake_case ITC-reduction fields. Unknown extra fields are tolerated (and named).
 * Money becomes integer paise and dates ISO here, as in the API layer.
 */
import type { ImsRecord, ItcReduction } from "../records";
import { gstDateToIso, returnPeriodToTaxPeriod, makePeriod, type IsoDate, type TaxPeriod } from "../periods";
import { docFields, sectionInfo, type Action, type SectionCode } from "../sections";
import { isNumber, valueText, type JsonObject, type JsonValue } from "./json-source";

/** Things read with a default or a guess: reported once per file as warnings, never silently. */
export type ReadNote =
  | "month-only-period"
  | "action-missing"
  | "pending-flag-missing"
  | "filing-status-missing"
  | "filing-status-unknown"
  | "tax-head-missing"
  | "source-form-missing"
  | "invoice-type-missing"
  | "doc-number-as-number"
  | "note-number-as-inum";

export type RecordRead =
  | { ok: true; record: ImsRecord; tradeName?: string; periodInferred: boolean; notes: ReadNote[]; unknownFields: string[] }
  | { ok: false; field: string; message: string; supplierGstin: string; docNumber: string };

/** Every field name the readers know (the rest are "unknown" and echoed untouched). */
export const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  "stin", "tradenm", "inum", "nt_num", "idt", "nt_dt", "oinum", "oidt", "ont_num", "ont_dt", "inv_typ",
  "val", "pos", "txval", "iamt", "camt", "samt", "cess", "action", "srcform", "rtnTyp", "rtnprd", "sRtnPrd",
  "srcfilstatus", "ispendactblocked", "ispendactnallwd", "isRemarksBlocked", "itcRedReqBlocked", "isItcRedReqBlocked",
  "hash", "remarks", "itcRedReq", "itc_red_req", "declIgst", "declCgst", "declSgst", "declCess",
  "decl_igst", "decl_cgst", "decl_sgst", "decl_cess", "prev_status", "error_msg", "error_cd",
]);

/** The first of `names` the object holds, with its name. */
export function memberOf(o: JsonObject, ...names: string[]): { name: string; value: JsonValue } | undefined {
  for (const name of names) {
    if (o.members.has(name)) return { name, value: o.members.get(name) as JsonValue };
  }
  return undefined;
}

/** Text of a string, or the literal of a number (a numeric invoice number); null otherwise. */
export function textOf(v: JsonValue | undefined): string | null {
  if (typeof v === "string") return v;
  if (isNumber(v)) return v.raw;
  return null;
}

function blank(v: JsonValue | undefined): boolean {
  return v === undefined || v === null || (typeof v === "string" && v.trim() === "");
}

type Read<T> = { ok: true; value: T } | { ok: false; message: string };

/** Y/N, Yes/No, true/false (any case); null when absent or blank. */
export function readFlag(v: JsonValue | undefined): Read<boolean | null> {
  if (blank(v)) return { ok: true, value: null };
  if (typeof v === "boolean") return { ok: true, value: v };
  const t = typeof v === "string" ? v.trim().toUpperCase() : "";
  if (t === "Y" || t === "YES" || t === "TRUE") return { ok: true, value: true };
  if (t === "N" || t === "NO" || t === "FALSE") return { ok: true, value: false };
  return { ok: false, message: `is ${valueText(v)}, not Y or N` };
}

/** The supplier's filing status: Filed / FILED / F → true; Not Filed / SAVED / S / NF → false; null for anything else. */
export function readFiled(v: JsonValue | undefined): boolean | null {
  if (typeof v === "boolean") return v;
  if (typeof v !== "string") return null;
  const t = v.trim().toUpperCase().replace(/[\s_-]+/g, " ");
  if (t === "FILED" || t === "F" || t === "Y") return true;
  if (t === "NOT FILED" || t === "NOTFILED" || t === "NF" || t === "SAVED" || t === "S" || t === "N") return false;
  return null;
}

/** "05-11-2025", "5-11-2025" or "05/11/2025" → "2025-11-05"; null when not a real date. */
export function readDate(v: JsonValue | undefined): IsoDate | null {
  if (typeof v !== "string") return null;
  const m = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$/.exec(v.trim());
  if (!m) return null;
  return gstDateToIso(`${(m[1] as string).padStart(2, "0")}-${(m[2] as string).padStart(2, "0")}-${m[3] as string}`);
}

const AMOUNT = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * Paise of a rupee amount written as a JSON number or a numeric text; an error when it is not a
 * finite amount with at most two decimals. As in the API layer, `paise / 100` gives back exactly
 * the double the file printed, which is the check.
 */
export function readAmount(v: JsonValue | undefined): Read<number> {
  const raw = isNumber(v) ? v.raw : typeof v === "string" ? v.trim() : null;
  if (raw === null || !AMOUNT.test(raw)) return { ok: false, message: `is ${valueText(v)}, not an amount in rupees` };
  const rupees = Number(raw);
  const paise = Math.round(rupees * 100);
  if (!Number.isFinite(rupees) || !Number.isSafeInteger(paise) || paise / 100 !== rupees) {
    return { ok: false, message: `is ${raw}, not an amount in rupees with at most two decimals` };
  }
  return { ok: true, value: paise === 0 ? 0 : paise };
}

/**
 * A return period written "MMYYYY" ("112025", also "92025" or the number 112025) or "YYYY-MM".
 * Written "MM" only, the year is the first one that puts the period on or after the document's
 * month: a return cannot report a document before it was issued, and a record still in IMS is
 * rarely more than a year older than its return. `inferred` says so.
 */
export function readPeriod(v: JsonValue | undefined, docDate: IsoDate | null): Read<{ period: TaxPeriod; inferred: boolean }> {
  const t = textOf(v)?.trim() ?? "";
  if (/^\d{5,6}$/.test(t)) {
    const p = returnPeriodToTaxPeriod(t.padStart(6, "0"));
    if (p) return { ok: true, value: { period: p, inferred: false } };
  }
  const iso = /^(\d{4})-(\d{2})$/.exec(t);
  if (iso && Number(iso[2]) >= 1 && Number(iso[2]) <= 12) return { ok: true, value: { period: t, inferred: false } };
  if (/^\d{1,2}$/.test(t) && Number(t) >= 1 && Number(t) <= 12) {
    if (!docDate) return { ok: false, message: `is ${valueText(v)}, a month without its year, and the document date that would tell the year is missing` };
    const docYear = Number(docDate.slice(0, 4));
    const docMonth = Number(docDate.slice(5, 7));
    const month = Number(t);
    return { ok: true, value: { period: makePeriod(month >= docMonth ? docYear : docYear + 1, month), inferred: true } };
  }
  return { ok: false, message: `is ${valueText(v)}, not a return period (MMYYYY)` };
}

const ACTION_SET: ReadonlySet<string> = new Set(["A", "R", "P", "N"]);

/** The record's section-specific identity fields, as far as they can be read (for messages). */
export function identityOf(section: SectionCode, o: JsonObject): { supplierGstin: string; docNumber: string } {
  const f = docFields(section);
  return {
    supplierGstin: textOf(o.members.get("stin"))?.trim() ?? "",
    docNumber: textOf(memberOf(o, f.num, "inum", "nt_num")?.value) ?? "",
  };
}

/** Reads one record of `section`. `o` is the record's object as written in the file. */
export function readRecord(section: SectionCode, o: JsonObject): RecordRead {
  const info = sectionInfo(section);
  const f = docFields(section);
  const notes: ReadNote[] = [];
  const id = identityOf(section, o);
  const fail = (field: string, message: string): RecordRead => ({ ok: false, field, message: `${field} ${message}`, ...id });

  if (o.repeatedKeys?.length) {
    return fail(o.repeatedKeys[0] as string, "is written more than once in this record, so which value the portal holds is unclear");
  }

  const stin = textOf(o.members.get("stin"));
  if (stin === null || stin.trim() === "") return fail("stin", `is ${valueText(o.members.get("stin"))}; the supplier's GSTIN is required`);

  let numMember = memberOf(o, f.num);
  if (!numMember && f.num === "nt_num" && o.members.has("inum")) {
    numMember = memberOf(o, "inum");
    notes.push("note-number-as-inum");
  }
  const docNumber = textOf(numMember?.value);
  if (docNumber === null || docNumber === "") return fail(f.num, `is ${valueText(numMember?.value)}; the document number is required`);
  if (isNumber(numMember?.value)) notes.push("doc-number-as-number");

  const dateMember = memberOf(o, f.date, ...(f.date === "nt_dt" ? ["idt"] : []));
  const docDate = readDate(dateMember?.value);
  if (!docDate) return fail(f.date, `is ${valueText(dateMember?.value)}, not a date (dd-mm-yyyy)`);

  const periodMember = memberOf(o, "rtnprd", "sRtnPrd");
  const period = readPeriod(periodMember?.value, docDate);
  if (!period.ok) return fail("rtnprd", period.message);
  if (period.value.inferred) notes.push("month-only-period");

  const amounts: Record<"value" | "taxableValue" | "igst" | "cgst" | "sgst" | "cess", number> = { value: 0, taxableValue: 0, igst: 0, cgst: 0, sgst: 0, cess: 0 };
  for (const [wire, key, required] of [
    ["val", "value", true],
    ["txval", "taxableValue", true],
    ["iamt", "igst", false],
    ["camt", "cgst", false],
    ["samt", "sgst", false],
    ["cess", "cess", false],
  ] as const) {
    const v = o.members.get(wire);
    if (!required && (v === undefined || v === null)) {
      notes.push("tax-head-missing");
      continue;
    }
    const a = readAmount(v);
    if (!a.ok) return fail(wire, a.message);
    amounts[key] = a.value;
  }

  let action: Action = "N";
  const actionValue = o.members.get("action");
  if (actionValue === undefined || actionValue === null) notes.push("action-missing");
  else {
    const t = typeof actionValue === "string" ? actionValue.trim().toUpperCase() : "";
    if (!ACTION_SET.has(t)) return fail("action", `is ${valueText(actionValue)}, not A, R, P or N`);
    action = t as Action;
  }

  const blockedPending = readFlag(o.members.get("ispendactblocked"));
  if (!blockedPending.ok) return fail("ispendactblocked", blockedPending.message);
  let pendingBlocked = blockedPending.value;
  if (pendingBlocked === null) {
    // The older spelling: "N" there marks a record on which Pending is blocked (as in src/api).
    const older = readFlag(o.members.get("ispendactnallwd"));
    if (!older.ok) return fail("ispendactnallwd", older.message);
    if (older.value !== null) pendingBlocked = older.value === false;
  }
  if (pendingBlocked === null) notes.push("pending-flag-missing");

  const remarksFlag = readFlag(memberOf(o, "isRemarksBlocked")?.value);
  if (!remarksFlag.ok) return fail("isRemarksBlocked", remarksFlag.message);
  const itcFlagMember = memberOf(o, "isItcRedReqBlocked", "itcRedReqBlocked");
  const itcFlag = readFlag(itcFlagMember?.value);
  if (!itcFlag.ok) return fail(itcFlagMember?.name ?? "itcRedReqBlocked", itcFlag.message);

  const filedValue = o.members.get("srcfilstatus");
  const filed = readFiled(filedValue);
  if (filedValue === undefined || filedValue === null) notes.push("filing-status-missing");
  else if (filed === null) notes.push("filing-status-unknown");

  const sourceForm = textOf(memberOf(o, "srcform", "rtnTyp")?.value)?.trim() ?? "";
  if (sourceForm === "") notes.push("source-form-missing");

  const posText = textOf(o.members.get("pos"))?.trim() ?? "";
  const posDigits = /^\d{1,2}/.exec(posText);
  const placeOfSupply = posDigits ? posDigits[0].padStart(2, "0") : posText;

  const record: ImsRecord = {
    section,
    supplierGstin: stin.trim(),
    docNumber,
    docDate,
    sourceForm,
    returnPeriod: period.value.period,
    placeOfSupply,
    ...amounts,
    action,
    pendingBlocked: pendingBlocked === true,
    supplierFiled: filed === true,
    hash: textOf(o.members.get("hash")) ?? "",
    remarksBlocked: remarksFlag.value === true,
    itcReductionBlocked: itcFlag.value,
  };

  if (info.isAmendment) {
    const origNum = textOf(o.members.get(f.origNum));
    if (origNum === null || origNum === "") return fail(f.origNum, `is ${valueText(o.members.get(f.origNum))}; an amendment names the original document`);
    const origDate = readDate(o.members.get(f.origDate));
    if (!origDate) return fail(f.origDate, `is ${valueText(o.members.get(f.origDate))}, not a date (dd-mm-yyyy)`);
    record.originalDocNumber = origNum;
    record.originalDocDate = origDate;
  }
  if (info.hasInvoiceType) {
    const t = textOf(o.members.get("inv_typ"))?.trim() ?? "";
    if (t === "") notes.push("invoice-type-missing");
    else record.invoiceType = t;
  }
  const remarks = o.members.get("remarks");
  if (typeof remarks === "string" && remarks !== "") record.remarks = remarks;

  const itcMember = memberOf(o, "itcRedReq", "itc_red_req");
  const itcRequired = readFlag(itcMember?.value);
  if (!itcRequired.ok) return fail(itcMember?.name ?? "itcRedReq", itcRequired.message);
  if (itcRequired.value !== null) {
    const reduction: ItcReduction = { required: itcRequired.value ? "Y" : "N" };
    for (const [camel, snake, head] of [
      ["declIgst", "decl_igst", "igst"],
      ["declCgst", "decl_cgst", "cgst"],
      ["declSgst", "decl_sgst", "sgst"],
      ["declCess", "decl_cess", "cess"],
    ] as const) {
      const m = memberOf(o, camel, snake);
      if (!m || m.value === null) continue;
      const a = readAmount(m.value);
      if (!a.ok) return fail(m.name, a.message);
      reduction[head] = a.value;
    }
    record.itcReduction = reduction;
  }

  const unknownFields: string[] = [];
  for (const k of o.members.keys()) if (!KNOWN_FIELDS.has(k)) unknownFields.push(k);
  const tradeName = o.members.get("tradenm");
  const out: RecordRead = { ok: true, record, periodInferred: period.value.inferred, notes, unknownFields };
  if (typeof tradeName === "string" && tradeName !== "") out.tradeName = tradeName;
  return out;
}
