/**
 * The portal's rules for a recipient's action on one record, checked before anything is sent
 * (the sandbox enforces the same ones). Each refusal names the column it is about and says, in
 * plain words, what is wrong and what would be allowed.
 */
import type { ImsRecord, SaveIntent } from "./records";
import type { SheetField } from "./record-fields";
import { sectionInfo } from "./sections";
import { isoToGstDate, specifiedPendingDeadline, type FilingFrequency, type IsoDate } from "./periods";

export type RuleCode =
  | "doc-number-not-accepted"
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
  /** The column the refusal is about (the one that explains it, or the one to change). */
  field: SheetField;
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

/**
 * GSTN's pattern for the document numbers a save or reset echoes (inum, nt_num, oinum,
 * ont_num; contract §2.2): 1 to 16 letters, digits, "/" and "-", with at least one letter or
 * digit other than 0. A record the portal lists with another number cannot be sent: the
 * portal would fail its whole request (IMSSAV005).
 */
export const DOC_NUMBER_PATTERN = /^(?=.{1,16}$)([/\-0]*[a-zA-Z0-9/\-]*[a-zA-Z1-9]+[a-zA-Z0-9/\-]*)$/;
export const MAX_DOC_NUMBER_LENGTH = 16;

/** The document numbers a request about this record would echo, each checked against the portal's pattern. */
export function checkDocNumbers(record: Pick<ImsRecord, "docNumber" | "originalDocNumber">): RuleViolation[] {
  const out: RuleViolation[] = [];
  const numbers = [
    ["docNumber", "Document number", record.docNumber],
    ["originalDocNumber", "Original document number", record.originalDocNumber],
  ] as const;
  for (const [field, name, value] of numbers) {
    if (value === undefined || DOC_NUMBER_PATTERN.test(value)) continue;
    out.push({
      code: "doc-number-not-accepted",
      field,
      message: `${name} "${value}" ${docNumberFault(value)}; the portal takes 1 to ${MAX_DOC_NUMBER_LENGTH} letters, digits, "/" and "-", with a letter or a digit other than 0. It would refuse this record and every record sent with it, so it is not sent: act on it on the GST portal.`,
    });
  }
  return out;
}

/** Why a document number does not fit the portal's pattern, in words. */
function docNumberFault(value: string): string {
  const chars = [...value];
  if (chars.length === 0) return "is empty";
  const faults: string[] = [];
  const odd = [...new Set(chars.filter((c) => !/[a-zA-Z0-9/-]/.test(c)))].map((c) => (c === " " ? "a space" : `"${c}"`));
  if (odd.length) faults.push(`contains ${listText(odd)}`);
  if (chars.length > MAX_DOC_NUMBER_LENGTH) faults.push(`is ${chars.length} characters long`);
  if (!odd.length && !/[a-zA-Z1-9]/.test(value)) faults.push("has no letter and no digit other than 0");
  return listText(faults);
}

/** "a", "a and b", "a, b and c". */
function listText(items: readonly string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}` : (items[0] ?? "");
}

export function checkSave(record: ImsRecord, intent: SaveIntent, ctx: RuleContext): RuleViolation[] {
  const out: RuleViolation[] = checkDocNumbers(record);
  const doc = describe(record);
  if (intent.action === "P") {
    if (record.pendingBlocked) {
      out.push({ code: "pending-blocked", field: "pendingAllowed", message: `The portal does not allow Pending on ${doc}. Accept or Reject it.` });
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
      out.push({ code: "itc-declaration-not-allowed", field: "itcRequired", message: `An ITC-reduction declaration can be made ${why}. Clear the ITC-reduction columns.` });
    } else {
      const heads = [
        ["IGST", itc.igst, record.igst, "itcIgst"],
        ["CGST", itc.cgst, record.cgst, "itcCgst"],
        ["SGST", itc.sgst, record.sgst, "itcSgst"],
        ["cess", itc.cess, record.cess, "itcCess"],
      ] as const;
      if (itc.required === "N" && heads.some(([, declared]) => declared !== undefined && declared > 0)) {
        out.push({ code: "itc-declaration-not-allowed", field: "itcRequired", message: "Amounts to reduce were given with \"ITC to be reduced\" set to N. Set it to Y or clear the amounts." });
      }
      for (const [head, declared, tax, field] of heads) {
        if (declared !== undefined && declared > tax) {
          out.push({ code: "itc-declaration-exceeds-tax", field, message: `The ${head} to reduce (₹${rupeesText(declared)}) is more than the record's ${head} (₹${rupeesText(tax)}).` });
        }
      }
      if ((itc.cgst ?? 0) !== (itc.sgst ?? 0)) {
        out.push({ code: "itc-cgst-sgst-differ", field: "itcCgst", message: `The CGST (₹${rupeesText(itc.cgst ?? 0)}) and SGST (₹${rupeesText(itc.sgst ?? 0)}) to reduce must be equal.` });
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
