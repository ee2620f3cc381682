/**
 * The "Added back" sheet: for one period, the liabilities added back to the taxpayer's GSTR-3B
 * because customers rejected its credit notes or downward amendments, with totals per head.
 */
import { addedBackTotals, ADDED_BACK_PARTS, noteWord, type AddedBackEntry } from "../ims/outward";
import { formatIst } from "../ims/review-rows";
import type { TaxPeriod } from "../ims/periods";
import type { CellValue } from "./cells";
import { nextMetadata, queueMetadata } from "./metadata";
import { periodWords } from "./outward-sheets";
import { dateCell, rupeesCell } from "./report-cells";
import { rewriteReportSheet, type ReportColumn, type ReportWriteOptions } from "./report-sheet";

export const ADDED_BACK_SHEET = "Added back";
export const ADDED_BACK_TOTALS_TABLE = "IMS_AddedBackTotals";
export const ADDED_BACK_TABLE = "IMS_AddedBack";

const HEADS: readonly ReportColumn[] = [
  { header: "Value (₹)", kind: "amount", width: 95 },
  { header: "Taxable value (₹)", kind: "amount", width: 95 },
  { header: "IGST (₹)", kind: "amount", width: 85 },
  { header: "CGST (₹)", kind: "amount", width: 85 },
  { header: "SGST (₹)", kind: "amount", width: 85 },
  { header: "Cess (₹)", kind: "amount", width: 70 },
];

export const ADDED_BACK_TOTAL_COLUMNS: readonly ReportColumn[] = [{ header: "Section", kind: "text", width: 120 }, { header: "Documents", kind: "count", width: 120 }, ...HEADS];

export const ADDED_BACK_COLUMNS: readonly ReportColumn[] = [
  { header: "Section", kind: "text", width: 120 },
  { header: "Customer GSTIN", kind: "text", width: 120 },
  { header: "Customer name", kind: "text", width: 160 },
  { header: "Supplier GSTIN", kind: "text", width: 120 },
  { header: "Supplier name", kind: "text", width: 160 },
  { header: "Document no.", kind: "text", width: 110 },
  { header: "Document date", kind: "date", width: 75 },
  { header: "Note type", kind: "text", width: 85 },
  { header: "Original no.", kind: "text", width: 110 },
  { header: "Original date", kind: "date", width: 75 },
  { header: "Invoice type", kind: "text", width: 60 },
  ...HEADS,
  { header: "Your return period", kind: "text", width: 70 },
  { header: "Return", kind: "text", width: 55 },
  { header: "Customer's remarks", kind: "text", width: 200 },
];

const SECTION_WORDS: Readonly<Record<(typeof ADDED_BACK_PARTS)[number] | "Total", string>> = {
  CDNR: "CDNR (credit notes)",
  B2BA: "B2BA (amended invoices)",
  CDNRA: "CDNRA (amended notes)",
  ECOMA: "ECOMA (amended e-commerce)",
  Total: "Total",
};

function entryCells(e: AddedBackEntry): CellValue[] {
  return [
    e.section,
    e.recipientGstin,
    e.recipientName ?? "",
    e.supplierGstin ?? "",
    e.supplierName ?? "",
    e.docNumber,
    dateCell(e.docDate),
    noteWord(e.noteType),
    e.originalDocNumber ?? "",
    dateCell(e.originalDocDate),
    e.invoiceType ?? "",
    rupeesCell(e.value),
    rupeesCell(e.taxableValue),
    rupeesCell(e.igst),
    rupeesCell(e.cgst),
    rupeesCell(e.sgst),
    rupeesCell(e.cess),
    e.supplierPeriod ?? "",
    e.form ?? "",
    e.remarks ?? "",
  ];
}

export interface AddedBackWrite {
  gstin: string;
  period: TaxPeriod;
  pulledAt: string;
  entries: readonly AddedBackEntry[];
}

export async function writeAddedBackSheet(w: AddedBackWrite, options: ReportWriteOptions = {}): Promise<{ sheetName: string; syncs: number }> {
  const totals = addedBackTotals(w.entries);
  return rewriteReportSheet(
    [ADDED_BACK_TOTALS_TABLE, ADDED_BACK_TABLE],
    () => ({
      names: [ADDED_BACK_SHEET, `IMS ${ADDED_BACK_SHEET}`],
      title: [
        `Added back to your liability for ${periodWords(w.period)}: credit notes and downward amendments your customers rejected`,
        `GSTIN ${w.gstin} · pulled ${formatIst(w.pulledAt)} · ${w.entries.length ? `${w.entries.length} ${w.entries.length === 1 ? "document" : "documents"}` : "none: the portal has no added-back liabilities for this period"}`,
      ],
      tables: [
        {
          tableName: ADDED_BACK_TOTALS_TABLE,
          caption: "Totals per head",
          columns: ADDED_BACK_TOTAL_COLUMNS,
          rows: totals.map((t) => [SECTION_WORDS[t.section], t.documents, rupeesCell(t.value), rupeesCell(t.taxableValue), rupeesCell(t.igst), rupeesCell(t.cgst), rupeesCell(t.sgst), rupeesCell(t.cess)]),
        },
        { tableName: ADDED_BACK_TABLE, caption: "Documents", columns: ADDED_BACK_COLUMNS, rows: w.entries.map(entryCells) },
      ],
    }),
    { ...options, alsoQueue: (c, metadata) => queueMetadata(c, nextMetadata(metadata, { gstin: w.gstin, addedBack: { period: w.period, pulledAt: w.pulledAt } })) },
  );
}
