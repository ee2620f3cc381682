/**
 * What a link says: the differences per head (IMS minus PR, PR signs removed), the category they
 * make (exact, suggested, mismatch) and the reasons, worded for the pane, the remarks and the CLI.
 */
import { AMOUNT_HEADS, HEAD_LABELS, type AmountHead, type Category, type ReconcileConfig } from "./config";
import { amountsOf, type Doc } from "./documents";
import { formatRupees } from "./money-text";
import type { Shape } from "./rules";

export type ReasonCode =
  | "number_format"
  | "date"
  | "rounding"
  | "branch_gstin"
  | "clubbed"
  | "split"
  | "amount"
  | "igst_as_cgst_sgst"
  | "cgst_sgst_as_igst"
  | "duplicate"
  | "unreadable";

export interface Reason {
  code: ReasonCode;
  /** For suggested links exactly "number format", "date", "rounding", "branch GSTIN", "clubbed" or "split". */
  text: string;
  head?: AmountHead;
  /** Paise, IMS side and PR side (sign removed), and IMS minus PR. */
  ims?: number;
  pr?: number;
  difference?: number;
  /** Days between the dates (PR minus IMS); null when the PR date is missing. */
  days?: number | null;
  /** For a duplicate: the PR data row it repeats. */
  ofRow?: number;
}

export interface HeadDifference {
  head: AmountHead;
  ims: number;
  pr: number;
  /** IMS minus PR, paise. */
  difference: number;
  withinTolerance: boolean;
}

export interface Assessment {
  category: Category;
  reasons: readonly Reason[];
  differences: readonly HeadDifference[];
}

/** Whether a head's difference is within its tolerance (k: how many documents a side adds up). */
export function within(config: ReconcileConfig, head: AmountHead, ims: number, diff: number, k: number): boolean {
  const t = config.tolerances[head];
  return Math.abs(diff) <= Math.max(t.paise * k, Math.floor((t.percent * Math.abs(ims)) / 100));
}

export function assess(config: ReconcileConfig, imsDocs: readonly Doc[], prDocs: readonly Doc[], shape: Shape): Assessment {
  const one = imsDocs.length === 1 && prDocs.length === 1;
  const firstIms = imsDocs[0] as Doc;
  const firstPr = prDocs[0] as Doc;
  let a = amountsOf(firstIms);
  let b = amountsOf(firstPr);
  let prHasValue = firstPr.hasValue;
  if (!one) {
    a = [0, 0, 0, 0, 0, 0];
    b = [0, 0, 0, 0, 0, 0];
    for (const d of imsDocs) a = a.map((x, h) => x + (amountsOf(d)[h] as number));
    for (const d of prDocs) b = b.map((x, h) => x + (amountsOf(d)[h] as number));
    prHasValue = prDocs.every((d) => d.hasValue);
  }
  const k = Math.max(imsDocs.length, prDocs.length);
  const differences: HeadDifference[] = [];
  for (let h = 0; h < 6; h++) {
    if (h === 5 && !prHasValue) continue;
    const diff = (a[h] as number) - (b[h] as number);
    if (diff === 0) continue;
    const head = AMOUNT_HEADS[h] as AmountHead;
    differences.push({ head, ims: a[h] as number, pr: b[h] as number, difference: diff, withinTolerance: within(config, head, a[h] as number, diff, k) });
  }
  const reasons: Reason[] = [];
  const mismatch = differences.some((d) => !d.withinTolerance);
  if (mismatch) {
    const imsIgst = a[1] as number;
    const prIgst = b[1] as number;
    const imsCs = (a[2] as number) + (a[3] as number);
    const prCs = (b[2] as number) + (b[3] as number);
    const taxTol = (config.tolerances.igst.paise + config.tolerances.cgst.paise + config.tolerances.sgst.paise) * k;
    let swapped: ReasonCode | null = null;
    if (imsIgst > 0 && imsCs === 0 && prIgst === 0 && Math.abs(imsIgst - prCs) <= taxTol) swapped = "igst_as_cgst_sgst";
    else if (prIgst > 0 && prCs === 0 && imsIgst === 0 && Math.abs(imsCs - prIgst) <= taxTol) swapped = "cgst_sgst_as_igst";
    if (swapped === "igst_as_cgst_sgst") reasons.push({ code: swapped, text: `IGST booked as CGST+SGST (IMS IGST ${formatRupees(imsIgst)}, PR CGST+SGST ${formatRupees(prCs)})` });
    if (swapped === "cgst_sgst_as_igst") reasons.push({ code: swapped, text: `CGST+SGST booked as IGST (IMS CGST+SGST ${formatRupees(imsCs)}, PR IGST ${formatRupees(prIgst)})` });
    for (const d of differences) {
      if (d.withinTolerance) continue;
      if (swapped && (d.head === "igst" || d.head === "cgst" || d.head === "sgst")) continue;
      reasons.push({
        code: "amount",
        text: `${HEAD_LABELS[d.head]} differs by ${formatRupees(Math.abs(d.difference))} (IMS ${formatRupees(d.ims)}, PR ${formatRupees(d.pr)})`,
        head: d.head,
        ims: d.ims,
        pr: d.pr,
        difference: d.difference,
      });
    }
  }
  const branch = one ? firstIms.gstin !== firstPr.gstin : imsDocs.some((i) => prDocs.some((p) => p.gstin !== i.gstin));
  if (branch) reasons.push({ code: "branch_gstin", text: "branch GSTIN" });
  if (shape === "clubbed") reasons.push({ code: "clubbed", text: "clubbed" });
  if (shape === "split") reasons.push({ code: "split", text: "split" });
  if (one) {
    const ic = config.exactIgnoresCase;
    const same = ic ? firstIms.raw.toUpperCase() === firstPr.raw.toUpperCase() : firstIms.raw === firstPr.raw;
    if (!same) reasons.push({ code: "number_format", text: "number format" });
    if (firstIms.day === null || firstPr.day === null || firstIms.day !== firstPr.day) {
      reasons.push({ code: "date", text: "date", days: firstIms.day === null || firstPr.day === null ? null : firstPr.day - firstIms.day });
    }
  }
  if (!mismatch && differences.length > 0) reasons.push({ code: "rounding", text: "rounding" });
  const category: Category = mismatch ? "mismatch" : reasons.length === 0 ? "exact" : "suggested";
  return { category, reasons, differences };
}

