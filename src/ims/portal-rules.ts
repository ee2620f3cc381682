/**
 * The portal's rules for a recipient's action on one record, checked before anything is sent
 * (the sandbox enforces the same ones). Each refusal names the field and says, in plain
 * words, what is wrong and what would be allowed.
 */
import type { ImsRecord, SaveIntent } from "./records";
import { sectionInfo } from "./sections";
import { isoToGstDate, specifiedPendingDeadline, type FilingFrequency, type IsoDate } from "./periods";

export type RuleCode =
  | "pending-blocked"
  | "pending-window-passed"
  | "remarks-blocked"
  | "remarks-too-long"
  | "remarks-need-reject-or-pending"
  | "itc-declaration-not-allowed"
  | "itc-declaration-exceeds-tax"
  | "itc-cgst-sgst-differ";

export interface RuleViolation {
  code: RuleCode;
  field: "action" | "remarks" | "itcReduction";
  message: string;
}

export interface RuleContext {
  /** Today on the portal's calendar (India). */
  today: IsoDate;
  /** The recipient's GSTR-3B frequency; decides how long specified records may stay pending. */
  frequency: FilingFrequency;
  /** The recipient's state code (QRMP due dates differ by state). */
  stateCode: string;
  remarksMaxLength: number;
}

export const DEFAULT_REMARKS_MAX_LENGTH = 250;

/**
 * Whether the record is a "specified record" (Advisory 624): credit notes always; amendments
 * when the portal lets the recipient declare an ITC reduction on them.
 */
export function isSpecifiedRecord(r: Pick<ImsRecord, "section" | "itcReductionBlocked">): boolean {
  if (r.section === "CN" || r.section === "CNA") return true;
  return sectionInfo(r.section).canBeSpecified && r.itcReductionBlocked === false;
}

/** The last day a specified record may be kept pending, or null when there is no such limit. */
export function pendingDeadline(r: ImsRecord, ctx: Pick<RuleContext, "frequency" | "stateCode">): IsoDate | "never" | null {
  if (!isSpecifiedRecord(r)) return null;
  return specifiedPendingDeadline(r.returnPeriod, ctx.frequency, ctx.stateCode) ?? "never";
}

export function checkSave(record: ImsRecord, intent: SaveIntent, ctx: RuleContext): RuleViolation[] {
  const out: RuleViolation[] = [];
  const doc = describe(record);
  if (intent.action === "P") {
    if (record.pendingBlocked) {
      out.push({ code: "pending-blocked", field: "action", message: `The portal does not allow Pending on ${doc}. Accept or Reject it.` });
    } else {
      const deadline = pendingDeadline(record, ctx);
      if (deadline === "never") {
        out.push({ code: "pending-window-passed", field: "action", message: `${capital(doc)} is a specified record from before October 2025, which cannot be kept Pending. Accept or Reject it.` });
      } else if (deadline && ctx.today > deadline) {
        out.push({ code: "pending-window-passed", field: "action", message: `${capital(doc)} could be kept Pending only until ${isoToGstDate(deadline)} (one tax period). Accept or Reject it.` });
      }
    }
  }
  const remarks = intent.remarks ?? "";
  if (remarks.length > 0) {
    if (record.remarksBlocked) out.push({ code: "remarks-blocked", field: "remarks", message: `The portal does not accept remarks on ${doc}. Clear the remarks.` });
    else if (intent.action === "A") out.push({ code: "remarks-need-reject-or-pending", field: "remarks", message: "Remarks can be saved only with Reject or Pending. Clear the remarks or change the action." });
    const length = [...remarks].length;
    if (length > ctx.remarksMaxLength) out.push({ code: "remarks-too-long", field: "remarks", message: `Remarks are ${length} characters; the portal takes at most ${ctx.remarksMaxLength}.` });
  }
  const itc = intent.itcReduction;
  if (itc) {
    if (intent.action !== "A" || !isSpecifiedRecord(record) || record.itcReductionBlocked === true) {
      const why = intent.action !== "A" ? "only when accepting" : "only on credit notes and the amendments the portal allows it on";
      out.push({ code: "itc-declaration-not-allowed", field: "itcReduction", message: `An ITC-reduction declaration can be made ${why}. Clear the ITC-reduction columns.` });
    } else {
      const heads = [
        ["IGST", itc.igst, record.igst],
        ["CGST", itc.cgst, record.cgst],
        ["SGST", itc.sgst, record.sgst],
        ["cess", itc.cess, record.cess],
      ] as const;
      if (itc.required === "N" && heads.some(([, declared]) => declared !== undefined && declared > 0)) {
        out.push({ code: "itc-declaration-not-allowed", field: "itcReduction", message: "Amounts to reduce were given with \"ITC to be reduced\" set to N. Set it to Y or clear the amounts." });
      }
      for (const [head, declared, tax] of heads) {
        if (declared !== undefined && declared > tax) {
          out.push({ code: "itc-declaration-exceeds-tax", field: "itcReduction", message: `The ${head} to reduce (₹${rupeesText(declared)}) is more than the record's ${head} (₹${rupeesText(tax)}).` });
        }
      }
      if ((itc.cgst ?? 0) !== (itc.sgst ?? 0)) {
        out.push({ code: "itc-cgst-sgst-differ", field: "itcReduction", message: `The CGST (₹${rupeesText(itc.cgst ?? 0)}) and SGST (₹${rupeesText(itc.sgst ?? 0)}) to reduce must be equal.` });
      }
    }
  }
  return out;
}

function describe(r: ImsRecord): string {
  const info = sectionInfo(r.section);
  const kind = info.docKind === "note" ? (r.section.startsWith("CN") ? "credit note" : "debit note") : "invoice";
  return `${info.isAmendment ? "amended " : ""}${kind} ${r.docNumber} of ${r.supplierGstin}`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Paise as Indian-grouped rupees for messages: 1234567 → "12,345.67". */
export function rupeesText(paise: number): string {
  const negative = paise < 0;
  const abs = Math.abs(paise);
  const whole = String(Math.floor(abs / 100));
  const fraction = String(abs % 100).padStart(2, "0");
  const last3 = whole.slice(-3);
  const rest = whole.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${rest ? `${rest},${last3}` : last3}.${fraction}`;
}
