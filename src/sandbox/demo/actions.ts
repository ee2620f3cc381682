/**
 * The recipient's actions already taken at seeding: accept / reject / pending / none, the
 * remarks accountants write, and ITC-reduction declarations on accepted specified records.
 * Every choice respects the portal's rules (see ../rules.ts).
 */
import type { Action } from "../../ims/sections";
import type { SandboxRecord } from "../model";
import type { Rng } from "./prng";

export const MAX_REMARKS_LENGTH = 250;

/** An action for a record in an open period; pending only where it is allowed. */
export function chooseAction(rng: Rng, filed: boolean, pendingAllowed: boolean): Action {
  const x = rng.next();
  if (filed) {
    if (x < 0.19) return "A";
    if (x < 0.235) return "R";
    if (x < 0.255) return pendingAllowed ? "P" : "N";
    return "N";
  }
  // Saved, not filed: accountants mostly wait, some park the record as pending.
  if (x < 0.06) return "A";
  if (x < 0.075) return "R";
  if (x < 0.175) return pendingAllowed ? "P" : "N";
  return "N";
}

/**
 * On an accepted specified record: sometimes "ITC needs to be reduced: Yes" with the amounts
 * actually reduced per head (CGST = SGST, each at most the record's own tax), sometimes "No".
 */
export function declare(rng: Rng, r: SandboxRecord): void {
  if (r.action !== "A" || !r.specified || r.itcReductionBlocked) return;
  const x = rng.next();
  if (x < 0.35) {
    const f = rng.chance(0.3) ? 1 : rng.chance(0.3) ? 0.5 : Math.round(rng.uniform(0.2, 0.95) * 100) / 100;
    const half = Math.min(r.camt, r.samt, Math.round(r.camt * f));
    r.itcRedReq = "Y";
    r.declIgst = Math.min(r.iamt, Math.round(r.iamt * f));
    r.declCgst = half;
    r.declSgst = half;
    r.declCess = Math.min(r.cess, Math.round(r.cess * f));
  } else if (x < 0.43) {
    r.itcRedReq = "N";
  }
}

const REJECT_REMARKS: readonly string[] = [
  "Goods not received",
  "Goods not received till date",
  "Rate mismatch — PO {po} at {rate}%",
  "Quantity short by {qty} units",
  "Material rejected in QC, returned vide DC {dc}",
  "Invoice does not pertain to us",
  "Price not as per PO {po}",
  "Services not rendered",
  "Invoice cancelled by supplier, IRN cancelled",
  "Amount differs from our books by Rs {diff}",
  "Wrong tax head charged, IGST applicable",
  "PO {po} closed, supply not authorised",
];

const CREDIT_REJECT_REMARKS: readonly string[] = [
  "Credit note not agreed — discount not as per agreement",
  "CN already adjusted in invoice value",
  "Credit note not issued to us",
  "Rate difference CN not accepted, PO {po} rate applies",
  "Quantity in CN does not match goods returned (DC {dc})",
];

const PENDING_REMARKS: readonly string[] = [
  "GRN pending at stores",
  "Awaiting goods receipt at {site} plant",
  "Under verification with purchase dept",
  "Query raised with supplier on rate",
  "Awaiting PO amendment",
  "Matching with PO {po}",
  "Amendment expected from supplier",
  "Goods in transit, LR {lr}",
  "Awaiting QC clearance at {site}",
  "Price difference under discussion with vendor",
];

const CREDIT_PENDING_REMARKS: readonly string[] = [
  "Awaiting confirmation of CN from accounts",
  "CN under reconciliation with vendor ledger",
  "Checking against debit note raised by us",
];

const RATES: readonly number[] = [5, 12, 18, 28];

/** A GST rate other than the one the document charged (for "Rate mismatch — PO at x%"). */
function otherRate(rng: Rng, r: SandboxRecord): number {
  const charged = r.txval > 0 ? ((r.iamt + r.camt + r.samt) * 100) / r.txval : 0;
  for (;;) {
    const rate = rng.pick(RATES);
    if (Math.abs(rate - charged) > 1) return rate;
  }
}

/**
 * A remark for a rejected or pending record, or undefined when the accountant wrote none.
 * `previousDoc` is another document of the same supplier (for "Duplicate of …").
 */
export function remarkFor(rng: Rng, r: SandboxRecord, previousDoc: string | null, sites: readonly string[]): string | undefined {
  if (r.remarksBlocked) return undefined;
  const isCredit = r.section === "CN" || r.section === "CNA";
  let template: string;
  if (r.action === "R") {
    if (!rng.chance(0.65)) return undefined;
    if (previousDoc !== null && rng.chance(0.12)) return `Duplicate of ${previousDoc}`;
    template = rng.pick(isCredit && rng.chance(0.7) ? CREDIT_REJECT_REMARKS : REJECT_REMARKS);
  } else if (r.action === "P") {
    if (!rng.chance(0.35)) return undefined;
    template = rng.pick(isCredit && rng.chance(0.6) ? CREDIT_PENDING_REMARKS : PENDING_REMARKS);
  } else {
    return undefined;
  }
  const text = template
    .replace("{po}", String(rng.range(4000, 4999)).padStart(4, "0"))
    .replace("{rate}", String(otherRate(rng, r)))
    .replace("{qty}", String(rng.range(2, 40) * 5))
    .replace("{dc}", String(rng.range(100, 2999)))
    .replace("{diff}", String(rng.range(1, 250) * 10))
    .replace("{lr}", String(rng.range(100000, 999999)))
    .replace("{site}", rng.pick(sites));
  return text.length > MAX_REMARKS_LENGTH ? text.slice(0, MAX_REMARKS_LENGTH) : text;
}
