/** Small builders for the reconciliation tests: IMS records and PR lines that match unless told otherwise. */
import type { ImsRecord } from "../../src/ims/records";
import { reconcile, type ReconcileConfigInput, type Reconciliation } from "../../src/ims/reconcile";
import type { PrLine } from "../../src/ims/register";

export const SUPPLIER = "29AABCB5678K1Z5";
/** The same supplier's branch in Maharashtra: same PAN (characters 3-12), another GSTIN. */
export const BRANCH = "27AABCB5678K2Z8";
export const OTHER_SUPPLIER = "29AAFCD4321M1ZN";

export function imsRecord(o: Partial<ImsRecord> = {}): ImsRecord {
  return {
    section: "B2B",
    supplierGstin: SUPPLIER,
    docNumber: "INV/2025-26/00123",
    docDate: "2025-07-10",
    invoiceType: "R",
    sourceForm: "R1",
    returnPeriod: "2025-07",
    placeOfSupply: "27",
    value: 118000,
    taxableValue: 100000,
    igst: 18000,
    cgst: 0,
    sgst: 0,
    cess: 0,
    action: "N",
    pendingBlocked: false,
    supplierFiled: true,
    hash: "h",
    remarksBlocked: false,
    itcReductionBlocked: null,
    ...o,
  };
}

export function prLine(o: Partial<PrLine> = {}): PrLine {
  return {
    dataRow: 1,
    cellRow: 1,
    supplierGstin: SUPPLIER,
    supplierName: "B Ltd",
    docType: null,
    docNumber: "INV/2025-26/00123",
    docDate: "2025-07-10",
    placeOfSupply: "27",
    rate: null,
    value: 118000,
    taxableValue: 100000,
    igst: 18000,
    cgst: 0,
    sgst: 0,
    cess: 0,
    usable: true,
    problems: [],
    ...o,
  };
}

/** PR lines numbered 1, 2, 3… in the order given. */
export function rows(...lines: Partial<PrLine>[]): PrLine[] {
  return lines.map((l, k) => prLine({ dataRow: k + 1, cellRow: k + 1, ...l }));
}

export interface Simple {
  category: string;
  ims: number[];
  pr: number[];
  reasons: string[];
  rule: string | null;
}

/** The reconciliation as plain entries (PR as data rows, reasons as codes), sorted. */
export function simple(result: Reconciliation, pr: readonly PrLine[]): Simple[] {
  return result.links
    .map((l) => ({ category: l.category, ims: [...l.ims], pr: l.pr.map((i) => (pr[i] as PrLine).dataRow), reasons: l.reasons.map((r) => r.code), rule: l.rule }))
    .sort((a, b) => (a.pr[0] ?? 1e9) - (b.pr[0] ?? 1e9) || (a.ims[0] ?? 1e9) - (b.ims[0] ?? 1e9));
}

export function run(ims: ImsRecord[], pr: PrLine[], config: ReconcileConfigInput = {}): Simple[] {
  return simple(reconcile(ims, pr, config), pr);
}

/** Days after 2025-07-10 as an ISO date. */
export function dayAfter(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
