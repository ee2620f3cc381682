/** Converting the sandbox's records to the provider's wire format: rupees, DD-MM-YYYY, MMYYYY. */
import { docFields, sectionInfo } from "../ims/sections";
import { isoToGstDate, taxPeriodToReturnPeriod } from "../ims/periods";
import type { SandboxConfig } from "./config";
import type { SandboxRecord } from "./model";

/** Paise to the wire's rupee number. n / 100 is the double nearest the 2-decimal value, as JSON prints it. */
export function rupees(paise: number): number {
  return paise / 100;
}

/** A wire rupee amount to paise, or null when it is not a non-negative amount with at most 2 decimals. */
export function paiseOf(value: unknown): number | null {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return null;
  const paise = Math.round(value * 100);
  return paise / 100 === value ? paise : null;
}

export type WireRecord = Record<string, string | number>;

export interface WireOptions {
  pendingBlocked: boolean;
  pendingFlagName: SandboxConfig["pendingFlagName"];
}

/** A record as GET invoices returns it. */
export function toWireRecord(r: SandboxRecord, options: WireOptions): WireRecord {
  const info = sectionInfo(r.section);
  const f = docFields(r.section);
  const wire: WireRecord = { stin: r.stin, [f.num]: r.docNum, [f.date]: isoToGstDate(r.docDate) };
  if (info.isAmendment) {
    wire[f.origNum] = r.origDocNum ?? "";
    wire[f.origDate] = r.origDocDate ? isoToGstDate(r.origDocDate) : "";
  }
  if (info.hasInvoiceType) wire.inv_typ = r.invType ?? "R";
  wire.srcform = r.srcForm;
  wire.rtnprd = taxPeriodToReturnPeriod(r.returnPeriod);
  wire.pos = r.pos;
  wire.val = rupees(r.val);
  wire.txval = rupees(r.txval);
  wire.iamt = rupees(r.iamt);
  wire.camt = rupees(r.camt);
  wire.samt = rupees(r.samt);
  wire.cess = rupees(r.cess);
  wire.action = r.action;
  wire[options.pendingFlagName] = options.pendingFlagName === "ispendactblocked" ? yn(options.pendingBlocked) : yn(!options.pendingBlocked);
  wire.srcfilstatus = r.filed ? "Filed" : "Not Filed";
  wire.hash = r.hash;
  wire.isRemarksBlocked = yn(r.remarksBlocked);
  if (info.canBeSpecified) wire.isItcRedReqBlocked = yn(r.itcReductionBlocked || !r.specified);
  if (r.remarks !== undefined) wire.remarks = r.remarks;
  if (r.itcRedReq !== undefined) wire.itcRedReq = r.itcRedReq;
  if (r.declIgst !== undefined) wire.declIgst = rupees(r.declIgst);
  if (r.declCgst !== undefined) wire.declCgst = rupees(r.declCgst);
  if (r.declSgst !== undefined) wire.declSgst = rupees(r.declSgst);
  if (r.declCess !== undefined) wire.declCess = rupees(r.declCess);
  return wire;
}

function yn(flag: boolean): "Y" | "N" {
  return flag ? "Y" : "N";
}
