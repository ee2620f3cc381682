/**
 * Supplier-wise review (inward): the section sheets summed per supplier into the Suppliers sheet,
 * the Summary's inward charts, and "Action for all" with its undo.
 */
import { allSections } from "../ims/sections";
import { formatIst } from "../ims/review-rows";
import { bulkTargets, inwardByAction, supplierSummaries } from "../ims/suppliers";
import { applyBulkActions, latestBulkApply, readReportTable, readSectionSheets, supplierChoicesOf, SUPPLIERS_TABLE, undoLatestBulkApply, writeActionFigures, writeSuppliersSheet } from "../workbook";
import type { BulkApplyReport, BulkUndoReport, ProgressOptions, SuppliersReport, UndoAvailable } from "./types";

export interface SuppliersDeps {
  gstin: string;
  now: () => Date;
}

const ALL = allSections().map((s) => s.code);

/** Reads every section sheet and writes the Suppliers sheet and the Summary's inward figures. */
export async function reviewSuppliers(deps: SuppliersDeps, opts: ProgressOptions = {}): Promise<SuppliersReport> {
  opts.onProgress?.({ message: "Reading the section sheets", done: 0, total: 2 });
  const reads = await readSectionSheets(ALL, { repairValidation: false });
  const rows = reads.flatMap((r) => r.rows);
  const suppliers = supplierSummaries(rows);
  const reviewedAt = deps.now().toISOString();
  opts.onProgress?.({ message: "Writing the Suppliers sheet", done: 1, total: 2 });
  const written = await writeSuppliersSheet({ gstin: deps.gstin, reviewedAt, suppliers });
  await writeActionFigures(deps.gstin, { side: "inward", totals: inwardByAction(rows), asOf: `section sheets as of the supplier-wise review of ${formatIst(reviewedAt)}` });
  opts.onProgress?.({ message: "Done", done: 2, total: 2 });
  return { sheetName: written.sheetName, suppliers: suppliers.length, documents: suppliers.reduce((n, s) => n + s.documents, 0), reviewedAt };
}

/** Writes every supplier's "Action for all" into its rows that have no action; then refreshes the Suppliers sheet. */
export async function applySupplierActions(deps: SuppliersDeps, opts: ProgressOptions = {}): Promise<BulkApplyReport> {
  opts.onProgress?.({ message: "Reading the Suppliers sheet", done: 0, total: 3 });
  const { choices, problems } = supplierChoicesOf(await readReportTable(SUPPLIERS_TABLE));
  const empty: BulkApplyReport = { written: 0, suppliers: [], skipped: { typed: 0, decided: 0, inFlight: 0, pendingNotAllowed: 0 }, changedMeanwhile: 0, problems, noChoices: true };
  if (choices.size === 0) return empty;
  opts.onProgress?.({ message: "Finding the rows without an action", done: 1, total: 3 });
  const reads = await readSectionSheets(ALL, { repairValidation: false });
  const plan = bulkTargets(reads, choices);
  opts.onProgress?.({ message: `Writing ${plan.targets.length} ${plan.targets.length === 1 ? "action" : "actions"}`, done: 2, total: 3 });
  const result = await applyBulkActions(deps.now().toISOString(), plan.targets);
  await reviewSuppliers(deps);
  opts.onProgress?.({ message: "Done", done: 3, total: 3 });
  const suppliers = [...choices].map(([gstin, action]) => ({ gstin, action, rows: result.written.get(gstin) ?? 0 }));
  return { written: suppliers.reduce((n, s) => n + s.rows, 0), suppliers, skipped: plan.skipped, changedMeanwhile: result.changedMeanwhile, problems, noChoices: false };
}

export async function undoSupplierActions(deps: SuppliersDeps, opts: ProgressOptions = {}): Promise<BulkUndoReport> {
  opts.onProgress?.({ message: "Putting the cells back", done: 0, total: 2 });
  const r = await undoLatestBulkApply();
  if (r.batch) await reviewSuppliers(deps);
  opts.onProgress?.({ message: "Done", done: 2, total: 2 });
  return { undone: r.batch !== null, restored: r.restored, changed: r.changed, sent: r.sent, gone: r.gone };
}

export async function supplierUndoAvailable(): Promise<UndoAvailable | null> {
  const latest = await latestBulkApply();
  return latest ? { at: latest.batch, cells: latest.cells } : null;
}
