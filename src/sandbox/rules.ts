/**
 * The portal's rules for save and reset requests: a schema check of the whole request
 * (a failure ends the request ER / IMSSAV005) and per-record checks (failures are listed
 * in the error report, the rest is applied). Codes with the SIM prefix are the sandbox's
 * own where no real code is known; README.md lists them.
 */
import { docFields, sectionByPayloadKey, type Action, type SectionInfo } from "../ims/sections";
import { gstDateToIso, returnPeriodToTaxPeriod } from "../ims/periods";
import type { SandboxRecord } from "./model";
import { paiseOf, rupees } from "./wire";

export const ERROR_TEXT = {
  IMSSAV005: "Schema validation failure",
  IMSSAV0010: "Either previous action is incorrect/ invoice might have edited by supplier",
  SIM001: "Pending action is not allowed for this record",
  SIM002: "Remarks are not allowed for this record",
  SIM003: "ITC reduction can be declared only while accepting a specified record that allows it",
  SIM004: "Declared ITC reduction exceeds the tax of the record",
  SIM005: "Remarks exceed the maximum length",
  SIM006: "Pending is no longer allowed: the one-tax-period window for this specified record has passed",
  SIM007: "Declared CGST and SGST reduction must be equal",
  SIM008: "Remarks can be saved only with Reject or Pending",
} as const;
export type RecordErrorCode = Exclude<keyof typeof ERROR_TEXT, "IMSSAV005">;

export type RequestKind = "SAVE" | "RESET";

/** A record of a request, checked for shape and converted to the sandbox's units. */
export interface RequestRecord {
  section: SectionInfo;
  stin: string;
  docNum: string;
  docDate: string;
  origDocNum?: string;
  origDocDate?: string;
  invType?: string;
  srcForm: string;
  returnPeriod: string;
  pos: string;
  /** Amounts exactly as sent, in rupees: compared with the stored version to the last bit. */
  val: number;
  txval: number;
  iamt: number;
  camt: number;
  samt: number;
  cess: number;
  prevStatus: Action;
  action?: Exclude<Action, "N">;
  remarks?: string;
  itcRedReq?: "Y" | "N";
  declIgst?: number;
  declCgst?: number;
  declSgst?: number;
  declCess?: number;
  /** Whether any 2025 declaration field was sent. */
  declares: boolean;
}

export type SchemaResult = { ok: true; rtin: string; records: RequestRecord[] } | { ok: false; reason: string };

/**
 * The provider's save/reset schema's GSTIN pattern (data/gst/schema/request/taxpayer/invoices/save.json,
 * definitions.gstin): the 14th character may be Z or 1-9/A-J, so its own example stin
 * "24MAYAS0100J1JD" is a GSTIN.
 */
const GSTIN_SHAPE = /^[0-9]{2}[a-zA-Z]{5}[0-9]{4}[a-zA-Z][1-9A-Za-z][Zz1-9A-Ja-j][0-9a-zA-Z]$/;
const DOC_NUMBER = /^(?=.{1,16}$)([/\-0]*[a-zA-Z0-9/\-]*[a-zA-Z1-9]+[a-zA-Z0-9/\-]*)$/;
const POS = /^(0[1-9]|[12][0-9]|3[0-8]|96|97)$/;
const INV_TYPES = new Set(["R", "DE", "SEWP", "SEWOP", "CBW"]);
const SRC_FORMS = new Set(["R1", "R1A", "IFF"]);
const MAX_VAL = 9999999999999.99;
const MAX_TAX = 99999999999.99;
const DECL_FIELDS = ["declIgst", "declCgst", "declSgst", "declCess"] as const;

/** Validates a save/reset body. The reason names the section, record index and field. */
export function checkRequestSchema(body: unknown, kind: RequestKind): SchemaResult {
  if (!isObject(body)) return fail("body is not an object");
  const extra = Object.keys(body).filter((k) => !["rtin", "reqtyp", "invdata"].includes(k));
  if (extra.length) return fail(`unknown field ${extra[0]}`);
  if (typeof body.rtin !== "string" || !GSTIN_SHAPE.test(body.rtin)) return fail("rtin is not a GSTIN");
  if (body.reqtyp !== kind) return fail(`reqtyp must be ${kind}`);
  if (!isObject(body.invdata)) return fail("invdata is not an object");
  const records: RequestRecord[] = [];
  const keys = Object.keys(body.invdata);
  if (keys.length === 0) return fail("invdata has no section");
  for (const key of keys) {
    const section = sectionByPayloadKey(key);
    if (!section) return fail(`invdata.${key} is not a section`);
    const list = body.invdata[key];
    if (!Array.isArray(list) || list.length === 0) return fail(`invdata.${key} must be a non-empty array`);
    for (let i = 0; i < list.length; i++) {
      const parsed = parseRecord(list[i], section, kind);
      if (typeof parsed === "string") return fail(`invdata.${key}[${i}]: ${parsed}`);
      records.push(parsed);
    }
  }
  return { ok: true, rtin: body.rtin, records };
}

function fail(reason: string): SchemaResult {
  return { ok: false, reason };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function parseRecord(raw: unknown, section: SectionInfo, kind: RequestKind): RequestRecord | string {
  if (!isObject(raw)) return "record is not an object";
  const f = docFields(section.code);
  const allowed = new Set<string>(["stin", f.num, f.date, "srcform", "rtnprd", "pos", "val", "txval", "iamt", "camt", "samt", "cess", "prev_status"]);
  if (section.hasInvoiceType) allowed.add("inv_typ");
  if (section.isAmendment) {
    allowed.add(f.origNum);
    allowed.add(f.origDate);
  }
  if (kind === "SAVE") for (const k of ["action", "remarks", "itcRedReq", ...DECL_FIELDS]) allowed.add(k);
  for (const k of Object.keys(raw)) if (!allowed.has(k)) return `unknown field ${k}`;
  for (const k of allowed) {
    const optional = ["remarks", "itcRedReq", ...DECL_FIELDS].includes(k);
    if (!optional && raw[k] === undefined) return `missing field ${k}`;
  }
  const str = (k: string): string | null => (typeof raw[k] === "string" ? (raw[k] as string) : null);
  const stin = str("stin");
  if (!stin || !GSTIN_SHAPE.test(stin)) return "stin is not a GSTIN";
  const docNum = str(f.num);
  if (!docNum || !DOC_NUMBER.test(docNum)) return `${f.num} is not a document number`;
  const docDate = gstDateToIso(str(f.date) ?? "");
  if (!docDate) return `${f.date} is not a DD-MM-YYYY date`;
  const record: Partial<RequestRecord> & { section: SectionInfo } = { section, stin, docNum, docDate, declares: false };
  if (section.isAmendment) {
    const origNum = str(f.origNum);
    if (!origNum || !DOC_NUMBER.test(origNum)) return `${f.origNum} is not a document number`;
    const origDate = gstDateToIso(str(f.origDate) ?? "");
    if (!origDate) return `${f.origDate} is not a DD-MM-YYYY date`;
    record.origDocNum = origNum;
    record.origDocDate = origDate;
  }
  if (section.hasInvoiceType) {
    const invType = str("inv_typ");
    if (!invType || !INV_TYPES.has(invType)) return "inv_typ is not a supply type";
    record.invType = invType;
  }
  const srcForm = str("srcform");
  if (!srcForm || !SRC_FORMS.has(srcForm)) return "srcform is not R1, R1A or IFF";
  record.srcForm = srcForm;
  const period = returnPeriodToTaxPeriod(str("rtnprd") ?? "");
  if (!period) return "rtnprd is not MMYYYY";
  record.returnPeriod = period;
  const pos = str("pos");
  if (!pos || !POS.test(pos)) return "pos is not a state code";
  record.pos = pos;
  for (const k of ["val", "txval", "iamt", "camt", "samt", "cess"] as const) {
    const v = raw[k];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > (k === "val" ? MAX_VAL : MAX_TAX)) return `${k} is not an amount`;
    record[k] = v;
  }
  const prev = raw.prev_status;
  if (prev !== "A" && prev !== "R" && prev !== "P" && prev !== "N") return "prev_status is not A, R, P or N";
  record.prevStatus = prev;
  if (kind === "SAVE") {
    const action = raw.action;
    if (action !== "A" && action !== "R" && action !== "P") return "action is not A, R or P";
    record.action = action;
    if (raw.remarks !== undefined) {
      if (typeof raw.remarks !== "string") return "remarks is not text";
      record.remarks = raw.remarks;
    }
    if (raw.itcRedReq !== undefined) {
      if (raw.itcRedReq !== "Y" && raw.itcRedReq !== "N") return "itcRedReq is not Y or N";
      record.itcRedReq = raw.itcRedReq;
      record.declares = true;
    }
    for (const k of DECL_FIELDS) {
      if (raw[k] === undefined) continue;
      const paise = paiseOf(raw[k]);
      if (paise === null) return `${k} is not an amount with at most 2 decimals`;
      record[k] = paise;
      record.declares = true;
    }
  }
  return record as RequestRecord;
}

/** Whether the echoed identifying and value fields are exactly the record's current version. */
export function matchesCurrentVersion(req: RequestRecord, r: SandboxRecord): boolean {
  return (
    req.docDate === r.docDate &&
    (req.origDocNum ?? "") === (r.origDocNum ?? "") &&
    (req.origDocDate ?? "") === (r.origDocDate ?? "") &&
    (req.invType ?? "") === (r.invType ?? (req.section.hasInvoiceType ? "R" : "")) &&
    req.srcForm === r.srcForm &&
    req.pos === r.pos &&
    // A drifted echo (0.1 + 0.2) is a different amount, hence a different version.
    req.val === rupees(r.val) &&
    req.txval === rupees(r.txval) &&
    req.iamt === rupees(r.iamt) &&
    req.camt === rupees(r.camt) &&
    req.samt === rupees(r.samt) &&
    req.cess === rupees(r.cess)
  );
}

export interface RecordContext {
  /** Pending refused by flag (ispendactblocked). */
  pendingBlockedByFlag: boolean;
  /** A specified record whose one-period pending window has passed. */
  pendingWindowPassed: boolean;
  remarksMaxLength: number;
}

/** The first rule a save breaks, in the portal's order, or null. */
export function checkSave(req: RequestRecord, current: SandboxRecord | undefined, ctx: RecordContext): RecordErrorCode | null {
  if (!current || current.action !== req.prevStatus || !matchesCurrentVersion(req, current)) return "IMSSAV0010";
  if (req.action === "P" && ctx.pendingBlockedByFlag) return "SIM001";
  if (req.action === "P" && ctx.pendingWindowPassed) return "SIM006";
  if (req.remarks !== undefined && req.remarks.length > 0) {
    if (current.remarksBlocked) return "SIM002";
    if (req.action === "A") return "SIM008";
    if ([...req.remarks].length > ctx.remarksMaxLength) return "SIM005";
  }
  if (req.declares) {
    if (req.action !== "A" || !current.specified || current.itcReductionBlocked) return "SIM003";
    const hasAmounts = req.declIgst !== undefined || req.declCgst !== undefined || req.declSgst !== undefined || req.declCess !== undefined;
    if (req.itcRedReq !== "Y" && hasAmounts) return "SIM003";
    if ((req.declIgst ?? 0) > current.iamt || (req.declCgst ?? 0) > current.camt || (req.declSgst ?? 0) > current.samt || (req.declCess ?? 0) > current.cess) return "SIM004";
    if ((req.declCgst ?? 0) !== (req.declSgst ?? 0)) return "SIM007";
  }
  return null;
}

export function checkReset(req: RequestRecord, current: SandboxRecord | undefined): RecordErrorCode | null {
  if (!current || current.action !== req.prevStatus || !matchesCurrentVersion(req, current)) return "IMSSAV0010";
  return null;
}
