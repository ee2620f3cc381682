/**
 * Wire ↔ domain. Inbound functions take responses the schemas have already validated, so
 * they cannot meet a bad amount or date. Outbound functions check what the caller hands
 * them and throw InvalidRequestError naming the field.
 */
import type { ImsRecord, ItcReduction, SaveIntent } from "../ims/records";
import { gstDateToIso, isIsoDate, isoToGstDate, isTaxPeriod, returnPeriodToTaxPeriod, taxPeriodToReturnPeriod, type IsoDate, type TaxPeriod } from "../ims/periods";
import { docFields, sectionByPayloadKey, sectionByReportKey, sectionInfo, SECTION_CODES, type GoodsType, type PayloadKey, type SectionCode } from "../ims/sections";
import type { EndpointName } from "./endpoints";
import { InvalidRequestError } from "./errors";
import { isWholePaise, paiseToRupees, rupeesToPaise, rupeesToPaiseRounded } from "./money";
import { parseFiledStatus, SALES_KEYS, type WireAddedBackItem, type WireCountSet, type WireImsRecord, type WireRejection, type WireRequestStatus, type WireSalesGroup } from "./schemas";
import type {
  ActionCountSet,
  AddedBackLiability,
  AddedBackSection,
  InvoiceCounts,
  RecordError,
  RejectedRecord,
  RequestStatus,
  SalesDocument,
  SalesSection,
  SalesView,
  SubmitItem,
  SubmitOperation,
  SupplierError,
  SupplierReturnType,
} from "./types";

// ---- units -----------------------------------------------------------------------------

/** Paise of an amount the schema already accepted. */
function paise(rupees: number): number {
  const p = rupeesToPaise(rupees);
  if (p === null) throw new Error("internal: an unvalidated amount reached the converter");
  return p;
}

/** Paise of a sales amount the schema accepted (up to 3 decimals, rounded half away from zero). */
function roundedPaise(rupees: number): number {
  const p = rupeesToPaiseRounded(rupees);
  if (p === null) throw new Error("internal: an unvalidated amount reached the converter");
  return p;
}

function iso(gstDate: string): IsoDate {
  const d = gstDateToIso(gstDate);
  if (d === null) throw new Error("internal: an unvalidated date reached the converter");
  return d;
}

function period(mmyyyy: string): TaxPeriod {
  const p = returnPeriodToTaxPeriod(mmyyyy);
  if (p === null) throw new Error("internal: an unvalidated period reached the converter");
  return p;
}

function present<T>(v: T | null | undefined): v is T {
  return v !== undefined && v !== null;
}

function blockedFlag(v: "Y" | "N" | boolean | null | undefined): boolean | null {
  if (!present(v)) return null;
  return typeof v === "boolean" ? v : v === "Y";
}

// ---- records ---------------------------------------------------------------------------

export function toImsRecord(section: SectionCode, w: WireImsRecord): ImsRecord {
  const info = sectionInfo(section);
  const note = info.docKind === "note";
  const docNumber = (note ? w.nt_num : w.inum) as string;
  const docDate = (note ? w.nt_dt : w.idt) as string;
  const record: ImsRecord = {
    section,
    supplierGstin: w.stin,
    docNumber,
    docDate: iso(docDate),
    sourceForm: w.srcform,
    returnPeriod: period(w.rtnprd),
    placeOfSupply: w.pos,
    value: paise(w.val),
    taxableValue: paise(w.txval),
    igst: paise(w.iamt),
    cgst: paise(w.camt),
    sgst: paise(w.samt),
    cess: paise(w.cess),
    action: w.action,
    pendingBlocked: w.ispendactblocked !== undefined ? w.ispendactblocked === "Y" : w.ispendactnallwd === "N",
    supplierFiled: parseFiledStatus(w.srcfilstatus) === true,
    hash: w.hash,
    remarksBlocked: blockedFlag(w.isRemarksBlocked) === true,
    itcReductionBlocked: blockedFlag(w.isItcRedReqBlocked ?? w.itcRedReqBlocked),
  };
  if (info.isAmendment) {
    record.originalDocNumber = (note ? w.ont_num : w.oinum) as string;
    record.originalDocDate = iso((note ? w.ont_dt : w.oidt) as string);
  }
  if (info.hasInvoiceType) record.invoiceType = w.inv_typ as string;
  if (present(w.remarks) && w.remarks !== "") record.remarks = w.remarks;
  if (present(w.itcRedReq)) {
    const reduction: ItcReduction = { required: w.itcRedReq };
    if (present(w.declIgst)) reduction.igst = paise(w.declIgst);
    if (present(w.declCgst)) reduction.cgst = paise(w.declCgst);
    if (present(w.declSgst)) reduction.sgst = paise(w.declSgst);
    if (present(w.declCess)) reduction.cess = paise(w.declCess);
    record.itcReduction = reduction;
  }
  return record;
}

/** The record field each wire field of GET invoices becomes. */
const RECORD_FIELD_OF_WIRE: Readonly<Record<string, keyof ImsRecord>> = {
  stin: "supplierGstin",
  inum: "docNumber",
  nt_num: "docNumber",
  idt: "docDate",
  nt_dt: "docDate",
  oinum: "originalDocNumber",
  ont_num: "originalDocNumber",
  oidt: "originalDocDate",
  ont_dt: "originalDocDate",
  inv_typ: "invoiceType",
  srcform: "sourceForm",
  rtnprd: "returnPeriod",
  pos: "placeOfSupply",
  val: "value",
  txval: "taxableValue",
  iamt: "igst",
  camt: "cgst",
  samt: "sgst",
  cess: "cess",
  action: "action",
  ispendactblocked: "pendingBlocked",
  ispendactnallwd: "pendingBlocked",
  srcfilstatus: "supplierFiled",
  hash: "hash",
  isRemarksBlocked: "remarksBlocked",
  isItcRedReqBlocked: "itcReductionBlocked",
  itcRedReqBlocked: "itcReductionBlocked",
  remarks: "remarks",
  itcRedReq: "itcReduction",
  declIgst: "itcReduction",
  declCgst: "itcReduction",
  declSgst: "itcReduction",
  declCess: "itcReduction",
};

/** A record the schema set aside, named as far as its own fields allow. */
export function toRejectedRecord(section: SectionCode, r: WireRejection): RejectedRecord {
  const fields: Record<string, unknown> = typeof r.raw === "object" && r.raw !== null && !Array.isArray(r.raw) ? (r.raw as Record<string, unknown>) : {};
  const textOf = (v: unknown) => (typeof v === "string" ? v : "");
  const wireField = typeof r.path[0] === "string" ? r.path[0] : "(record)";
  return {
    section,
    index: r.index,
    supplierGstin: textOf(fields.stin),
    docNumber: textOf(fields[docFields(section).num]),
    returnPeriod: returnPeriodToTaxPeriod(textOf(fields.rtnprd)),
    field: Object.hasOwn(RECORD_FIELD_OF_WIRE, wireField) ? (RECORD_FIELD_OF_WIRE[wireField] as string) : wireField,
    wireField,
    detail: r.problems > 1 ? `${r.message} (and ${r.problems - 1} more)` : r.message,
  };
}

/** A save or reset entry: the fields the portal compares against its current version. */
export type WireEntry = Record<string, string | number>;

const AMOUNTS = [
  ["val", "value"],
  ["txval", "taxableValue"],
  ["iamt", "igst"],
  ["camt", "cgst"],
  ["samt", "sgst"],
  ["cess", "cess"],
] as const;

/**
 * Everything identifying the record and its values, echoed exactly as fetched, plus
 * prev_status (the action the portal showed). hash, the pending/remarks/ITC blocked flags
 * and srcfilstatus are never sent.
 */
function echoEntry(r: ImsRecord, field: string, endpoint: EndpointName): WireEntry {
  const bad = (name: string, detail: string) => new InvalidRequestError(endpoint, `${field}.${name}`, detail);
  if (!(SECTION_CODES as readonly string[]).includes(r.section)) throw bad("section", "not an IMS section");
  const info = sectionInfo(r.section);
  const f = docFields(r.section);
  if (typeof r.supplierGstin !== "string" || r.supplierGstin === "") throw bad("supplierGstin", "missing");
  if (typeof r.docNumber !== "string" || r.docNumber === "") throw bad("docNumber", "missing");
  if (!isIsoDate(r.docDate)) throw bad("docDate", "not an ISO date");
  const entry: WireEntry = { stin: r.supplierGstin, [f.num]: r.docNumber, [f.date]: isoToGstDate(r.docDate) };
  if (info.isAmendment) {
    if (typeof r.originalDocNumber !== "string" || r.originalDocNumber === "") throw bad("originalDocNumber", `required on ${r.section}`);
    if (r.originalDocDate === undefined || !isIsoDate(r.originalDocDate)) throw bad("originalDocDate", `required on ${r.section}, as an ISO date`);
    entry[f.origNum] = r.originalDocNumber;
    entry[f.origDate] = isoToGstDate(r.originalDocDate);
  }
  if (info.hasInvoiceType) {
    if (typeof r.invoiceType !== "string" || r.invoiceType === "") throw bad("invoiceType", `required on ${r.section}`);
    entry.inv_typ = r.invoiceType;
  }
  if (typeof r.sourceForm !== "string" || r.sourceForm === "") throw bad("sourceForm", "missing");
  entry.srcform = r.sourceForm;
  if (!isTaxPeriod(r.returnPeriod)) throw bad("returnPeriod", "not a YYYY-MM period");
  entry.rtnprd = taxPeriodToReturnPeriod(r.returnPeriod);
  if (typeof r.placeOfSupply !== "string" || !/^[0-9]{2}$/.test(r.placeOfSupply)) throw bad("placeOfSupply", "not a 2-digit state code");
  entry.pos = r.placeOfSupply;
  for (const [wire, domain] of AMOUNTS) {
    const p = r[domain];
    if (!isWholePaise(p) || p < 0) throw bad(domain, "not a whole, non-negative number of paise");
    entry[wire] = paiseToRupees(p);
  }
  if (!["A", "R", "P", "N"].includes(r.action)) throw bad("action", "not A, R, P or N");
  return entry;
}

export function toSaveEntry(record: ImsRecord, intent: SaveIntent, field = "record", endpoint: EndpointName = "invoices.save"): WireEntry {
  const entry = echoEntry(record, field, endpoint);
  if (!["A", "R", "P"].includes(intent.action)) throw new InvalidRequestError(endpoint, `${field}.intent.action`, "not A, R or P");
  entry.action = intent.action;
  entry.prev_status = record.action;
  if (intent.remarks !== undefined && intent.remarks !== "") {
    if (typeof intent.remarks !== "string") throw new InvalidRequestError(endpoint, `${field}.intent.remarks`, "not text");
    entry.remarks = intent.remarks;
  }
  const itc = intent.itcReduction;
  if (itc) {
    if (itc.required !== "Y" && itc.required !== "N") throw new InvalidRequestError(endpoint, `${field}.intent.itcReduction.required`, "not Y or N");
    entry.itcRedReq = itc.required;
    for (const [wire, head] of [["declIgst", "igst"], ["declCgst", "cgst"], ["declSgst", "sgst"], ["declCess", "cess"]] as const) {
      const p = itc[head];
      if (p === undefined) continue;
      if (!isWholePaise(p) || p < 0) throw new InvalidRequestError(endpoint, `${field}.intent.itcReduction.${head}`, "not a whole, non-negative number of paise");
      entry[wire] = paiseToRupees(p);
    }
  }
  return entry;
}

export function toResetEntry(record: ImsRecord, field = "record", endpoint: EndpointName = "invoices.reset"): WireEntry {
  const entry = echoEntry(record, field, endpoint);
  entry.prev_status = record.action;
  return entry;
}

export interface SubmitBody {
  rtin: string;
  reqtyp: "SAVE" | "RESET";
  invdata: Partial<Record<PayloadKey, WireEntry[]>>;
}

/** The save or reset body: entries grouped under their section's payload key, in the order given. */
export function toSubmitBody(operation: SubmitOperation, rtin: string, items: readonly SubmitItem[]): SubmitBody {
  const endpoint: EndpointName = operation === "save" ? "invoices.save" : "invoices.reset";
  if (items.length === 0) throw new InvalidRequestError(endpoint, "items", "nothing to send");
  const invdata: Partial<Record<PayloadKey, WireEntry[]>> = {};
  items.forEach((item, i) => {
    const field = `items[${i}].record`;
    let entry: WireEntry;
    if (operation === "save") {
      if (!item.intent) throw new InvalidRequestError(endpoint, `items[${i}].intent`, "a save needs an intent");
      entry = toSaveEntry(item.record, item.intent, field, endpoint);
    } else {
      entry = toResetEntry(item.record, field, endpoint);
    }
    (invdata[sectionInfo(item.record.section).payloadKey] ??= []).push(entry);
  });
  return { rtin, reqtyp: operation === "save" ? "SAVE" : "RESET", invdata };
}

// ---- counts and status -----------------------------------------------------------------

export function toInvoiceCounts(goodsType: GoodsType, wire: { total: number; sections: Record<string, WireCountSet> }): InvoiceCounts {
  const sections: Record<string, ActionCountSet> = {};
  for (const [key, c] of Object.entries(wire.sections)) {
    const name = goodsType === "others" ? (sectionByPayloadKey(key)?.code ?? key.toUpperCase()) : key.toUpperCase();
    sections[name] = { noAction: c.noaction, accepted: c.accept, rejected: c.reject, pending: c.pending };
  }
  return { goodsType, total: wire.total, sections };
}

function nonEmpty(s: string | null | undefined): string | null {
  return present(s) && s !== "" ? s : null;
}

/**
 * A request status in the domain. `sent` are the records of the request, when this client
 * sent it: an error-report entry that names only a supplier (no `inv`) then marks every
 * record of that supplier and section in the request failed (see RecordError.supplierOnly).
 */
export function toRequestStatus(referenceId: string, w: WireRequestStatus, sent?: readonly SubmitItem[]): RequestStatus {
  const recordErrors: RecordError[] = [];
  const supplierErrors: SupplierError[] = [];
  for (const [key, entries] of Object.entries(w.error_report ?? {})) {
    const info = sectionByReportKey(key);
    if (!info) continue; // the schema refuses unknown keys
    for (const e of entries) {
      if (!present(e.inv) || e.inv.length === 0) {
        supplierErrors.push({ section: info.code, supplierGstin: e.stin, errorCode: e.error_cd, message: e.error_msg });
        const named = new Set<string>();
        for (const item of sent ?? []) {
          const r = item.record;
          if (r.section !== info.code || r.supplierGstin.toUpperCase() !== e.stin.toUpperCase()) continue;
          const id = `${r.docNumber.toUpperCase()}|${r.returnPeriod}`;
          if (named.has(id)) continue;
          named.add(id);
          recordErrors.push({
            section: info.code,
            supplierGstin: r.supplierGstin,
            docNumber: r.docNumber,
            returnPeriod: r.returnPeriod,
            errorCode: e.error_cd,
            message: `${e.error_msg.trim().replace(/[.!?]?$/, ".")} The portal named the supplier ${e.stin} but not which of its documents, so each of them in this request is reported failed.`,
            supplierOnly: true,
          });
        }
        continue;
      }
      for (const doc of e.inv) {
        recordErrors.push({
          section: info.code,
          supplierGstin: e.stin,
          docNumber: (doc.inum ?? doc.nt_num) as string,
          returnPeriod: period(doc.rtnprd),
          errorCode: e.error_cd,
          message: e.error_msg,
        });
      }
    }
  }
  return {
    referenceId,
    state: w.status_cd,
    operation: w.transTypCd === "SAV" ? "save" : w.transTypCd === "RST" ? "reset" : null,
    processed: Number(w.proc_cnt ?? 0),
    errored: w.err_cnt !== undefined ? Number(w.err_cnt) : recordErrors.length + supplierErrors.length,
    errorCode: nonEmpty(w.err_cd),
    errorMessage: nonEmpty(w.err_msg),
    recordErrors,
    supplierErrors,
  };
}

// ---- supplier views --------------------------------------------------------------------

function optionalIso(d: string | undefined): IsoDate | undefined {
  return d === undefined || d === "" ? undefined : iso(d);
}

function optionalText(t: string | undefined): string | undefined {
  return t === undefined || t === "" ? undefined : t;
}

export function toSalesView(section: SalesSection, returnType: SupplierReturnType, wire: { gstin: string; rtnprd: string; groups: WireSalesGroup[] }): SalesView {
  const { notes } = SALES_KEYS[section];
  const documents: SalesDocument[] = [];
  for (const g of wire.groups) {
    for (const d of g.documents) {
      const doc: SalesDocument = {
        recipientGstin: g.recipient,
        docNumber: (notes ? d.nt_num : d.inum) as string,
        docDate: iso((notes ? d.nt_dt : d.idt) as string),
        value: roundedPaise(d.val),
        placeOfSupply: d.pos,
        reverseCharge: d.rchrg === "Y",
        items: d.itms.map((it) => ({
          rate: it.itm_det.rt,
          taxableValue: roundedPaise(it.itm_det.txval),
          igst: roundedPaise(it.itm_det.iamt ?? 0),
          cgst: roundedPaise(it.itm_det.camt ?? 0),
          sgst: roundedPaise(it.itm_det.samt ?? 0),
          cess: roundedPaise(it.itm_det.csamt ?? 0),
        })),
        imsAction: d.imsactn ?? "N",
      };
      if (g.supplier !== undefined) doc.supplierGstin = g.supplier;
      if (g.part !== undefined) doc.ecomPart = g.part;
      if (d.sply_ty !== undefined) doc.supplyType = d.sply_ty;
      if (d.ntty) doc.noteType = d.ntty;
      const origNum = optionalText(notes ? d.ont_num : d.oinum);
      const origDate = optionalIso(notes ? d.ont_dt : d.oidt);
      if (origNum !== undefined) doc.originalDocNumber = origNum;
      if (origDate !== undefined) doc.originalDocDate = origDate;
      if (d.inv_typ !== undefined) doc.invoiceType = d.inv_typ;
      if (d.chksum !== undefined) doc.checksum = d.chksum;
      if (present(d.remarks) && d.remarks !== "") doc.remarks = d.remarks;
      documents.push(doc);
    }
  }
  return { supplierGstin: wire.gstin, period: period(wire.rtnprd), returnType, section, documents };
}

export function toAddedBackLiability(section: AddedBackSection, e: WireAddedBackItem): AddedBackLiability {
  const notes = section === "CDNR" || section === "CDNRA";
  const ecom = section === "ECOMA";
  const out: AddedBackLiability = {
    section,
    recipientGstin: (ecom ? e.rtin : e.ctin) as string,
    docNumber: (notes ? e.nt_num : e.inum) as string,
    docDate: iso((notes ? e.nt_dt : e.idt) as string),
    value: paise(e.val),
    taxableValue: paise(e.txval),
    igst: paise(e.iamt),
    cgst: paise(e.camt),
    sgst: paise(e.samt),
    cess: paise(e.csamt),
  };
  const name = ecom ? e.rtinNam : e.tradenm;
  if (name !== undefined) out.recipientName = name;
  if (ecom && e.stin !== undefined) out.supplierGstin = e.stin;
  if (ecom && e.stinNam !== undefined) out.supplierName = e.stinNam;
  if (e.inv_typ !== undefined) out.invoiceType = e.inv_typ;
  if (e.ntty !== undefined) out.noteType = e.ntty;
  const origNum = optionalText(notes ? e.ont_num : e.oinum);
  const origDate = optionalIso(notes ? e.ont_dt : e.oidt);
  if (origNum !== undefined) out.originalDocNumber = origNum;
  if (origDate !== undefined) out.originalDocDate = origDate;
  if (present(e.remarks) && e.remarks !== "") out.remarks = e.remarks;
  if (e.supPrd !== undefined) out.supplierPeriod = period(e.supPrd);
  if (e.form !== undefined) out.form = e.form;
  return out;
}
