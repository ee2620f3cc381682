/**
 * Totals of the supplier view: per customer by recipient action (documents and value), by
 * action for the Summary's charts, and the added-back liabilities per head.
 */
import { ACTIONS, type Action } from "../sections";
import { signOf, taxOf, type OutwardDocument } from "./documents";
import type { IsoDate, TaxPeriod } from "../periods";

export interface ActionFigures {
  documents: number;
  /** Paise; credit notes and refund vouchers count negative. */
  value: number;
}

export interface CustomerTotals {
  customerGstin: string;
  documents: number;
  /** Paise, signed. */
  value: number;
  byAction: Record<Action, ActionFigures>;
}

function emptyByAction(): Record<Action, ActionFigures> {
  return { N: { documents: 0, value: 0 }, A: { documents: 0, value: 0 }, R: { documents: 0, value: 0 }, P: { documents: 0, value: 0 } };
}

/** One row per customer, the largest value first (ties by GSTIN). */
export function customerTotals(docs: readonly OutwardDocument[]): CustomerTotals[] {
  const by = new Map<string, CustomerTotals>();
  for (const d of docs) {
    let t = by.get(d.recipientGstin);
    if (!t) {
      t = { customerGstin: d.recipientGstin, documents: 0, value: 0, byAction: emptyByAction() };
      by.set(d.recipientGstin, t);
    }
    const v = signOf(d) * d.value;
    t.documents++;
    t.value += v;
    t.byAction[d.recipientAction].documents++;
    t.byAction[d.recipientAction].value += v;
  }
  return [...by.values()].sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || a.customerGstin.localeCompare(b.customerGstin));
}

/** Documents and tax by action: the Summary's charts, inward and outward. */
export type ActionTotals = Record<Action, { documents: number; tax: number }>;

export function emptyActionTotals(): ActionTotals {
  return Object.fromEntries(ACTIONS.map((a) => [a, { documents: 0, tax: 0 }])) as ActionTotals;
}

/** Outward documents and tax (credit notes and refund vouchers negative) by the recipients' actions. */
export function outwardByAction(docs: readonly OutwardDocument[]): ActionTotals {
  const out = emptyActionTotals();
  for (const d of docs) {
    out[d.recipientAction].documents++;
    out[d.recipientAction].tax += signOf(d) * taxOf(d);
  }
  return out;
}

// ---- added-back liabilities -----------------------------------------------------------------

export const ADDED_BACK_PARTS = ["CDNR", "B2BA", "CDNRA", "ECOMA"] as const;
export type AddedBackPart = (typeof ADDED_BACK_PARTS)[number];

/** A liability added back because a recipient rejected a credit note or a downward amendment. */
export interface AddedBackEntry {
  section: AddedBackPart;
  recipientGstin: string;
  recipientName?: string;
  supplierGstin?: string;
  supplierName?: string;
  docNumber: string;
  docDate: IsoDate;
  noteType?: "C" | "D" | "R";
  originalDocNumber?: string;
  originalDocDate?: IsoDate;
  invoiceType?: string;
  remarks?: string;
  /** The supplier's return period of the rejected document. */
  supplierPeriod?: TaxPeriod;
  /** R1 or R1A. */
  form?: string;
  /** Paise. */
  value: number;
  taxableValue: number;
  igst: number;
  cgst: number;
  sgst: number;
  cess: number;
}

export interface HeadTotals {
  /** A section, or "Total". */
  section: AddedBackPart | "Total";
  documents: number;
  value: number;
  taxableValue: number;
  igst: number;
  cgst: number;
  sgst: number;
  cess: number;
}

/** Per section (every section, even without entries) and in all: documents and each head, paise. */
export function addedBackTotals(entries: readonly AddedBackEntry[]): HeadTotals[] {
  const zero = (section: HeadTotals["section"]): HeadTotals => ({ section, documents: 0, value: 0, taxableValue: 0, igst: 0, cgst: 0, sgst: 0, cess: 0 });
  const rows = new Map<HeadTotals["section"], HeadTotals>(ADDED_BACK_PARTS.map((s) => [s, zero(s)]));
  const total = zero("Total");
  for (const e of entries) {
    for (const t of [rows.get(e.section) as HeadTotals, total]) {
      t.documents++;
      t.value += e.value;
      t.taxableValue += e.taxableValue;
      t.igst += e.igst;
      t.cgst += e.cgst;
      t.sgst += e.sgst;
      t.cess += e.cess;
    }
  }
  return [...rows.values(), total];
}
