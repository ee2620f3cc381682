/** Checks every generated record against the portal's rules; returns the first few violations. */
import { isValidGstin } from "../../../src/ims/gstin";
import { filingPeriodOf, firstDay, isIsoDate, periodOfDate, specifiedPendingDeadline } from "../../../src/ims/periods";
import { sectionInfo } from "../../../src/ims/sections";
import { computeRecordHash } from "../../../src/sandbox/hash";
import { recordKey, type SandboxRecord, type TaxpayerProfile } from "../../../src/sandbox/model";

export const DOC_NUMBER = /^(?=.{1,16}$)([/\-0]*[a-zA-Z0-9/\-]*[a-zA-Z1-9]+[a-zA-Z0-9/\-]*)$/;

const MIN_VAL = 50_000;
const MAX_VAL = 500_000_000;

function isPaise(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

export function violations(profile: TaxpayerProfile, records: readonly SandboxRecord[], asOf: string): string[] {
  const out: string[] = [];
  const keys = new Set<string>();
  const open = prevMonth(asOf.slice(0, 7));
  const fail = (r: SandboxRecord, why: string): void => {
    if (out.length < 20) out.push(`${why}: ${JSON.stringify(r)}`);
  };
  for (const r of records) {
    const info = sectionInfo(r.section);
    if (!isValidGstin(r.stin)) fail(r, "invalid stin");
    if (r.stin === profile.gstin) fail(r, "supplier is the recipient");
    if (!r.supplierName) fail(r, "no supplier name");
    if (!DOC_NUMBER.test(r.docNum)) fail(r, "doc number pattern");
    const key = recordKey(r);
    if (keys.has(key)) fail(r, "duplicate key");
    keys.add(key);
    if (!isIsoDate(r.docDate) || r.docDate > asOf) fail(r, "doc date");
    if (info.isAmendment) {
      if (r.origDocNum === undefined || !DOC_NUMBER.test(r.origDocNum)) fail(r, "orig doc number");
      if (r.origDocDate === undefined || !isIsoDate(r.origDocDate)) fail(r, "orig doc date");
      else {
        if (r.origDocDate >= firstDay(r.returnPeriod)) fail(r, "original not in an earlier period");
        if (r.docDate < r.origDocDate || r.docDate >= firstDay(r.returnPeriod)) fail(r, "amended doc date");
      }
    } else {
      if (r.origDocNum !== undefined || r.origDocDate !== undefined) fail(r, "orig fields on an original");
      if (periodOfDate(r.docDate) !== r.returnPeriod) fail(r, "doc date outside its return period");
    }
    // Tax heads.
    for (const v of [r.val, r.txval, r.iamt, r.camt, r.samt, r.cess]) if (!isPaise(v)) fail(r, "amount not integer paise");
    const inter = r.stin.slice(0, 2) !== r.pos;
    if (inter && (r.camt !== 0 || r.samt !== 0)) fail(r, "CGST/SGST on an inter-state supply");
    if (!inter && r.iamt !== 0) fail(r, "IGST on an intra-state supply");
    if (r.camt !== r.samt) fail(r, "CGST != SGST");
    if (r.val < r.txval) fail(r, "val < txval");
    if (Math.abs(r.val - (r.txval + r.iamt + r.camt + r.samt + r.cess)) >= 100) fail(r, "val is not the sum (± round-off)");
    if (r.val < MIN_VAL || r.val > MAX_VAL) fail(r, "val out of range");
    if (r.invType === "SEWOP" && r.iamt + r.camt + r.samt + r.cess !== 0) fail(r, "tax on SEWOP");
    if ((r.invType === "SEWP" || r.invType === "SEWOP") && !inter) fail(r, "SEZ supply not inter-state");
    if (info.hasInvoiceType !== (r.invType !== undefined)) fail(r, "inv type presence");
    if (!["R1", "R1A", "IFF"].includes(r.srcForm)) fail(r, "src form");
    // Periods.
    const expectedItc = r.filed ? filingPeriodOf(r.returnPeriod, profile.frequency) : r.returnPeriod;
    if (r.itcPeriod !== expectedItc) fail(r, "itc period");
    if (!/^(0[1-9]|[12][0-9]|3[0-8])$/.test(r.pos)) fail(r, "pos");
    const closed = profile.filed3bPeriods.includes(filingPeriodOf(r.itcPeriod, profile.frequency));
    if (closed && r.action !== "P") fail(r, "record of a GSTR-3B-filed period that is not pending");
    if (!r.filed && r.returnPeriod < open) fail(r, "unfiled record of an old period");
    // Specified records and blocks.
    if ((r.section === "CN" || r.section === "CNA") && !r.specified) fail(r, "credit note not specified");
    if (!info.canBeSpecified && r.specified) fail(r, "specified in a section that cannot be");
    if (r.specified) {
      const deadline = specifiedPendingDeadline(r.itcPeriod, profile.frequency, profile.stateCode);
      if (r.pendingBlocked !== (deadline === null)) fail(r, "pendingBlocked of a specified record");
      if (r.action === "P" && (deadline === null || deadline < asOf)) fail(r, "pending specified record past its window");
    }
    if (r.itcReductionBlocked && !r.specified) fail(r, "itcReductionBlocked on a non-specified record");
    // Actions and inputs.
    if (r.action === "P" && r.pendingBlocked) fail(r, "pending on a pending-blocked record");
    if (r.remarks !== undefined) {
      if (r.action !== "R" && r.action !== "P") fail(r, "remarks without R/P");
      if (r.remarks.length === 0 || [...r.remarks].length > 250) fail(r, "remarks length");
      if (r.remarksBlocked) fail(r, "remarks on a remarks-blocked record");
    }
    if (r.itcRedReq !== undefined && (r.action !== "A" || !r.specified || r.itcReductionBlocked)) fail(r, "declaration where not allowed");
    const declared = [r.declIgst, r.declCgst, r.declSgst, r.declCess].some((v) => v !== undefined);
    if (declared) {
      if (r.itcRedReq !== "Y") fail(r, "declared amounts without itcRedReq Y");
      const [i, c, s, x] = [r.declIgst ?? 0, r.declCgst ?? 0, r.declSgst ?? 0, r.declCess ?? 0];
      if (c !== s) fail(r, "declCgst != declSgst");
      if (i > r.iamt || c > r.camt || s > r.samt || x > r.cess || ![i, c, s, x].every(isPaise)) fail(r, "declared more than the tax");
    }
    if (r.version !== 1) fail(r, "version");
    if (r.hash !== computeRecordHash(r)) fail(r, "hash");
  }
  return out;
}

export function prevMonth(period: string): string {
  const y = Number(period.slice(0, 4));
  const m = Number(period.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}
