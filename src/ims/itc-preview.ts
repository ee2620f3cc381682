/**
 * The ITC preview for a period (issue 11): ITC per head as GSTR-2B would show it with the
 * actions the portal holds now ("before") and with the actions drafted in the section sheets
 * ("after"), and the suppliers whose net ITC the drafted actions change. Paise throughout.
 * Amendments (B2BA, CNA, DNA, ECOMA) count with their amended values, as the records hold them.
 */
import { itcEffect } from "./plan";
import type { TaxPeriod } from "./periods";
import type { ImsRecord, ItcReduction } from "./records";
import type { EditField, ReviewRow } from "./review-rows";
import type { Action } from "./sections";
import { reviewable } from "./suppliers/summary";

/** Tax per head, paise. */
export interface ItcHeads {
  igst: number;
  cgst: number;
  sgst: number;
  cess: number;
}

export interface ItcPosition {
  /** Accepted and deemed-accepted (no action) invoices and debit notes: in GSTR-2B, claimable. */
  claimable: ItcHeads;
  /** Kept pending, out of this GSTR-2B; a pending credit note counts negative (a reduction put off). */
  deferred: ItcHeads;
  /** Rejected invoices and debit notes: never claimable. A rejected credit note forgoes nothing. */
  forgone: ItcHeads;
  /** Accepted and deemed-accepted credit notes: the ITC to reduce, as declared where declared. */
  creditNoteReduction: ItcHeads;
  /** claimable minus creditNoteReduction. */
  net: ItcHeads;
}

export interface SupplierItcChange {
  gstin: string;
  /** The supplier's name when known, else "". */
  name: string;
  /** Net ITC (the four heads of `net` added), paise. */
  before: number;
  after: number;
  /** after minus before. */
  difference: number;
}

export interface ItcPreview {
  /** Only records of this return period, or all when null. */
  period: TaxPeriod | null;
  /** As the portal holds the actions now (no action = deemed accepted). */
  before: ItcPosition;
  /** With the actions drafted in the sheets. */
  after: ItcPosition;
  /** Suppliers whose net ITC changes: the largest change first, ties by GSTIN. */
  bySupplier: SupplierItcChange[];
  /** Rows whose Action (or ITC declaration) cannot be read: counted as the portal holds them. */
  unreadable: number;
  /** Rows counted. */
  documents: number;
}

export interface ItcPreviewOptions {
  period: TaxPeriod | null;
  /** Supplier names by GSTIN. */
  names?: ReadonlyMap<string, string>;
}

/** An action on a record with the ITC-reduction declaration that goes with it. */
interface Stance {
  action: Action;
  itcReduction: ItcReduction | undefined;
}

type Bucket = Exclude<keyof ItcPosition, "net">;

const HEADS = ["igst", "cgst", "sgst", "cess"] as const;

/** Cells that decide a row's ITC; one that cannot be read keeps the row off the submit plan. */
const ITC_CELLS: readonly EditField[] = ["action", "itcRequired", "itcIgst", "itcCgst", "itcSgst", "itcCess"];

export function itcPreview(rows: readonly ReviewRow[], options: ItcPreviewOptions): ItcPreview {
  const before = emptyPosition();
  const after = emptyPosition();
  const netBySupplier = new Map<string, { before: number; after: number }>();
  let unreadable = 0;
  let documents = 0;
  for (const row of rows) {
    if (!reviewable(row)) continue;
    if (options.period !== null && row.record.returnPeriod !== options.period) continue;
    documents++;
    const portal: Stance = { action: row.pulledAction, itcReduction: row.record.itcReduction };
    const drafted = draftedStance(row);
    if (!drafted) unreadable++;
    const was = addTo(before, row.record, portal);
    const will = addTo(after, row.record, drafted ?? portal);
    const supplier = netBySupplier.get(row.record.supplierGstin) ?? { before: 0, after: 0 };
    supplier.before += was;
    supplier.after += will;
    netBySupplier.set(row.record.supplierGstin, supplier);
  }
  finishNet(before);
  finishNet(after);
  const bySupplier: SupplierItcChange[] = [...netBySupplier]
    .filter(([, net]) => net.after !== net.before)
    .map(([gstin, net]) => ({ gstin, name: options.names?.get(gstin) ?? "", before: net.before, after: net.after, difference: net.after - net.before }))
    .sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference) || (a.gstin < b.gstin ? -1 : a.gstin > b.gstin ? 1 : 0));
  return { period: options.period, before, after, bySupplier, unreadable, documents };
}

/**
 * What the sheet asks for, or null when the Action or a declaration cell cannot be read: the
 * submit plan refuses such a row, so the portal goes on holding what it holds.
 */
function draftedStance(row: ReviewRow): Stance | null {
  const unparsed = row.edit.unparsed;
  if (row.edit.action === null || ITC_CELLS.some((cell) => unparsed?.[cell] !== undefined)) return null;
  return { action: row.edit.action, itcReduction: row.edit.itcReduction };
}

function isCreditNote(record: ImsRecord): boolean {
  return record.section === "CN" || record.section === "CNA";
}

/** Adds the record's ITC under the stance to its bucket; returns its effect on net ITC (all heads). */
function addTo(position: ItcPosition, record: ImsRecord, stance: Stance): number {
  const share = shareOf(record, stance);
  if (!share) return 0;
  const into = position[share.bucket];
  for (const head of HEADS) into[head] += share.heads[head];
  if (share.bucket === "claimable") return headsTotal(share.heads);
  if (share.bucket === "creditNoteReduction") return -headsTotal(share.heads);
  return 0;
}

function shareOf(record: ImsRecord, stance: Stance): { bucket: Bucket; heads: ItcHeads } | null {
  const { action } = stance;
  if (!isCreditNote(record)) {
    const heads = itcEffect(record, null);
    if (action === "P") return { bucket: "deferred", heads };
    if (action === "R") return { bucket: "forgone", heads };
    return { bucket: "claimable", heads };
  }
  // A rejected credit note leaves ITC alone: the supplier's liability is added back instead.
  if (action === "R") return null;
  if (action === "P") return { bucket: "deferred", heads: itcEffect(record, null) };
  // No action is deemed acceptance, which cannot carry a declaration: the whole tax is reduced.
  const declaration = action === "A" ? stance.itcReduction : undefined;
  const effect = itcEffect(record, { action: "A", itcReduction: declaration });
  return { bucket: "creditNoteReduction", heads: negated(effect) };
}

function zeroHeads(): ItcHeads {
  return { igst: 0, cgst: 0, sgst: 0, cess: 0 };
}

function emptyPosition(): ItcPosition {
  return { claimable: zeroHeads(), deferred: zeroHeads(), forgone: zeroHeads(), creditNoteReduction: zeroHeads(), net: zeroHeads() };
}

/** 0 − x rather than −x, so that no head is ever −0. */
function negated(heads: ItcHeads): ItcHeads {
  return { igst: 0 - heads.igst, cgst: 0 - heads.cgst, sgst: 0 - heads.sgst, cess: 0 - heads.cess };
}

function finishNet(position: ItcPosition): void {
  for (const head of HEADS) position.net[head] = position.claimable[head] - position.creditNoteReduction[head];
}

/** The four heads added. */
export function headsTotal(heads: ItcHeads): number {
  return heads.igst + heads.cgst + heads.sgst + heads.cess;
}
