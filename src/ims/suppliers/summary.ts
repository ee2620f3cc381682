/**
 * Supplier-wise review (inward): one row per supplier GSTIN with its documents counted by the
 * portal's action and by the action drafted in the sheet, and its taxable value and taxes
 * (credit notes deducted), from the rows of the section sheets.
 */
import { itcEffect } from "../plan";
import { isEdited, rowState, type ReviewRow } from "../review-rows";
import { ACTIONS, type Action } from "../sections";
import { emptyActionTotals, type ActionTotals } from "../outward/totals";

/** What the Action column asks for: an action, or text that is not one. */
export type Drafted = Action | "unreadable";

export interface SupplierRow {
  supplierGstin: string;
  documents: number;
  /** By the action the portal held at the last pull. */
  portal: Record<Action, number>;
  /** By the Action column as it stands (the portal's action on rows nobody changed). */
  drafted: Record<Drafted, number>;
  /** Rows whose Action the user changed from what was pulled. */
  edited: number;
  /** Paise; credit notes count negative. */
  taxableValue: number;
  igst: number;
  cgst: number;
  sgst: number;
  cess: number;
}

/** Rows still on the portal (a row kept as "Not on portal" is history, not a document to review). */
export function reviewable(row: ReviewRow): boolean {
  return row.inPortal && rowState(row.status) !== "not-on-portal";
}

function drafted(row: ReviewRow): Drafted {
  if (row.edit.unparsed?.action !== undefined) return "unreadable";
  return row.edit.action ?? "unreadable";
}

function counts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/** Suppliers, the largest tax first (ties by GSTIN). */
export function supplierSummaries(rows: readonly ReviewRow[]): SupplierRow[] {
  const by = new Map<string, SupplierRow>();
  for (const row of rows) {
    if (!reviewable(row)) continue;
    const r = row.record;
    let s = by.get(r.supplierGstin);
    if (!s) {
      s = { supplierGstin: r.supplierGstin, documents: 0, portal: counts(ACTIONS), drafted: counts<Drafted>([...ACTIONS, "unreadable"]), edited: 0, taxableValue: 0, igst: 0, cgst: 0, sgst: 0, cess: 0 };
      by.set(r.supplierGstin, s);
    }
    s.documents++;
    s.portal[row.pulledAction]++;
    s.drafted[drafted(row)]++;
    if (isEdited(row)) s.edited++;
    const sign = r.section === "CN" || r.section === "CNA" ? -1 : 1;
    s.taxableValue += sign * r.taxableValue;
    s.igst += sign * r.igst;
    s.cgst += sign * r.cgst;
    s.sgst += sign * r.sgst;
    s.cess += sign * r.cess;
  }
  const tax = (s: SupplierRow) => Math.abs(s.igst + s.cgst + s.sgst + s.cess);
  return [...by.values()].sort((a, b) => tax(b) - tax(a) || a.supplierGstin.localeCompare(b.supplierGstin));
}

/** Inward documents and their effect on ITC (credit notes negative) by the portal's action: the Summary's charts. */
export function inwardByAction(rows: readonly ReviewRow[]): ActionTotals {
  const out = emptyActionTotals();
  for (const row of rows) {
    if (!reviewable(row)) continue;
    const e = itcEffect(row.record, null);
    out[row.pulledAction].documents++;
    out[row.pulledAction].tax += e.igst + e.cgst + e.sgst + e.cess;
  }
  return out;
}
