/**
 * The reconciliation's two sheets, rewritten whole on every reconcile:
 * - "Reconciliation" (table IMS_Reconciliation): one row per link or unmatched document, IMS and
 *   PR side by side, the difference per head, the category and its reasons, and the action the
 *   category suggests;
 * - "Reconciliation by supplier" (table IMS_ReconSuppliers): per supplier GSTIN, documents,
 *   taxable value and tax on each side, the differences and the counts per category.
 * Rows come from src/ims/reconcile/report-rows.ts (paise, ISO dates); cells are rupees and date
 * serials, and every document number, name and sheet-row list is written as text.
 */
import { CATEGORIES } from "../ims/reconcile/config";
import { CATEGORY_WORDS, SUGGESTED_ACTION_WORDS, type ReconRow, type SupplierReconRow } from "../ims/reconcile/report-rows";
import { formatIst } from "../ims/review-rows";
import type { CellValue } from "./cells";
import { loadMetadata, metadataOf, nextMetadata, queueMetadata, type WorkbookMetadata } from "./metadata";
import { dateCell, rupeesCell } from "./report-cells";
import { rewriteReportSheet, type ReportColumn, type ReportWriteOptions } from "./report-sheet";
import { MATCH_HEADERS } from "./suppliers-sheet";

export const RECONCILIATION_SHEET = "Reconciliation";
export const RECONCILIATION_TABLE = "IMS_Reconciliation";
export const RECON_SUPPLIERS_SHEET = "Reconciliation by supplier";
export const RECON_SUPPLIERS_TABLE = "IMS_ReconSuppliers";

const HEAD_WORDS = ["taxable value", "IGST", "CGST", "SGST", "cess"] as const;

/** One amount column per head, in REPORT_HEADS order: "IMS taxable value (₹)", … */
function heads(side: "IMS" | "PR" | "Difference", width: number): ReportColumn[] {
  return HEAD_WORDS.map((head): ReportColumn => ({ header: `${side} ${head} (₹)`, kind: "amount", width }));
}

export const RECONCILIATION_COLUMNS: readonly ReportColumn[] = [
  { header: "Category", kind: "text", width: 85 },
  { header: "Reasons", kind: "text", width: 260 },
  { header: "Supplier GSTIN", kind: "text", width: 120 },
  { header: "Supplier name", kind: "text", width: 160 },
  { header: "IMS section", kind: "text", width: 55 },
  { header: "IMS document no.", kind: "text", width: 120 },
  { header: "IMS date", kind: "date", width: 75 },
  { header: "IMS sheet row", kind: "text", width: 80 },
  ...heads("IMS", 90),
  { header: "PR sheet row", kind: "text", width: 70 },
  { header: "PR document no.", kind: "text", width: 120 },
  { header: "PR date", kind: "date", width: 75 },
  ...heads("PR", 90),
  ...heads("Difference", 90),
  { header: "Suggested action", kind: "text", width: 85 },
  { header: "Suggested remarks", kind: "text", width: 200 },
];

export const RECON_SUPPLIER_COLUMNS: readonly ReportColumn[] = [
  { header: "Supplier GSTIN", kind: "text", width: 120 },
  { header: "Supplier name", kind: "text", width: 170 },
  { header: "IMS documents", kind: "count", width: 70 },
  { header: "IMS taxable value (₹)", kind: "amount", width: 100 },
  { header: "IMS tax (₹)", kind: "amount", width: 95 },
  { header: "PR documents (distinct numbers)", kind: "count", width: 85 },
  { header: "PR lines", kind: "count", width: 60 },
  { header: "PR taxable value (₹)", kind: "amount", width: 100 },
  { header: "PR tax (₹)", kind: "amount", width: 95 },
  { header: "Difference taxable value (₹)", kind: "amount", width: 100 },
  { header: "Difference tax (₹)", kind: "amount", width: 95 },
  ...MATCH_HEADERS.map((header): ReportColumn => ({ header, kind: "count", width: 70 })),
];

function reconCells(r: ReconRow): CellValue[] {
  return [
    CATEGORY_WORDS[r.category],
    r.reasons,
    r.supplierGstin,
    r.supplierName,
    r.imsSections,
    r.imsDocNumbers,
    dateCell(r.imsDate),
    r.imsSheetRows,
    rupeesCell(r.ims.taxableValue),
    rupeesCell(r.ims.igst),
    rupeesCell(r.ims.cgst),
    rupeesCell(r.ims.sgst),
    rupeesCell(r.ims.cess),
    r.prSheetRows,
    r.prDocNumbers,
    dateCell(r.prDate),
    rupeesCell(r.pr.taxableValue),
    rupeesCell(r.pr.igst),
    rupeesCell(r.pr.cgst),
    rupeesCell(r.pr.sgst),
    rupeesCell(r.pr.cess),
    rupeesCell(r.difference.taxableValue),
    rupeesCell(r.difference.igst),
    rupeesCell(r.difference.cgst),
    rupeesCell(r.difference.sgst),
    rupeesCell(r.difference.cess),
    r.suggestedAction ? SUGGESTED_ACTION_WORDS[r.suggestedAction] : "",
    r.suggestedRemarks,
  ];
}

function supplierCells(s: SupplierReconRow): CellValue[] {
  return [
    s.supplierGstin,
    s.supplierName,
    s.imsDocuments,
    rupeesCell(s.imsTaxableValue),
    rupeesCell(s.imsTax),
    s.prDocuments,
    s.prLines,
    rupeesCell(s.prTaxableValue),
    rupeesCell(s.prTax),
    rupeesCell(s.taxableValueDifference),
    rupeesCell(s.taxDifference),
    ...CATEGORIES.map((c) => s.counts[c]),
  ];
}

export interface ReconciliationWrite {
  /** The taxpayer's GSTIN (the workbook's). */
  gstin: string;
  /** When the reconciliation ran (ISO instant). */
  reconciledAt: string;
  rows: readonly ReconRow[];
  suppliers: readonly SupplierReconRow[];
  /** How many IMS records and PR lines went in (the title says so). */
  imsDocuments: number;
  prLines: number;
}

export interface ReconciliationWriteResult {
  /** The sheets written: Reconciliation, then by supplier (as named in the workbook). */
  sheets: string[];
  syncs: number;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Rewrites both sheets (each in its own Excel.run, each copied over its old content in one
 * batch). Throws WorkbookGstinMismatchError, writing nothing, when the workbook belongs to another
 * GSTIN; records the GSTIN in the workbook's metadata otherwise. `options.alsoQueue` is queued
 * with the second sheet, once both are written.
 */
export async function writeReconciliationSheets(w: ReconciliationWrite, options: ReportWriteOptions = {}): Promise<ReconciliationWriteResult> {
  const when = `Reconciled ${formatIst(w.reconciledAt)} · GSTIN ${w.gstin} · ${plural(w.imsDocuments, "IMS document", "IMS documents")} · ${plural(w.prLines, "purchase-register line", "purchase-register lines")}`;
  const suggestionsNote = 'A suggested action goes into a section sheet\'s Action column only when you press "Apply suggestions" in the pane, and only where the row has no action.';
  const checkGstin = (c: Excel.RequestContext, metadata: WorkbookMetadata | null): void => queueMetadata(c, nextMetadata(metadata, { gstin: w.gstin }));
  const budget = options.budgetBytes === undefined ? {} : { budgetBytes: options.budgetBytes };
  // A workbook of another GSTIN is refused before anything is written (and again as each sheet is put in place).
  await Excel.run({ delayForCellEdit: true }, async (context) => {
    const setting = loadMetadata(context);
    await context.sync();
    nextMetadata(metadataOf(setting), { gstin: w.gstin });
  });

  const links = await rewriteReportSheet(
    [RECONCILIATION_TABLE],
    () => ({
      names: [RECONCILIATION_SHEET, `IMS ${RECONCILIATION_SHEET}`],
      title: [
        "Reconciliation: IMS and your purchase register (PR) side by side, one row per link or unmatched document",
        when,
        "Category and Reasons explain each row: Exact; Suggested (linked despite a different number format, date, rounding, branch GSTIN, or several documents clubbed or split); Mismatch (amounts differ beyond tolerance); Missing in PR; Missing in IMS; Duplicate in PR. Differences are IMS minus PR; credit notes show without sign on both sides.",
        suggestionsNote,
      ],
      tables: [{ tableName: RECONCILIATION_TABLE, columns: RECONCILIATION_COLUMNS, rows: w.rows.map(reconCells) }],
      freezeFirstHeader: true,
    }),
    { ...budget, alsoQueue: checkGstin },
  );
  const bySupplier = await rewriteReportSheet(
    [RECON_SUPPLIERS_TABLE],
    () => ({
      names: [RECON_SUPPLIERS_SHEET, `IMS ${RECON_SUPPLIERS_SHEET}`],
      title: [
        "Reconciliation by supplier: documents, taxable value and tax on each side, largest tax difference first",
        when,
        `Tax is IGST + CGST + SGST + cess; differences are IMS minus PR. The Match columns count IMS records per category, and PR documents for Missing in IMS and Duplicate in PR; the "${links.sheetName}" sheet gives each link's category and reasons.`,
        suggestionsNote,
      ],
      tables: [{ tableName: RECON_SUPPLIERS_TABLE, columns: RECON_SUPPLIER_COLUMNS, rows: w.suppliers.map(supplierCells) }],
      freezeFirstHeader: true,
    }),
    {
      ...budget,
      alsoQueue: (c, metadata) => {
        checkGstin(c, metadata);
        options.alsoQueue?.(c, metadata);
      },
    },
  );
  return { sheets: [links.sheetName, bySupplier.sheetName], syncs: 1 + links.syncs + bySupplier.syncs };
}
