/**
 * The "Suppliers" sheet: the supplier-wise review of the section sheets, one row per supplier
 * GSTIN. Its name column and "Action for all" are the user's, and the match columns are kept for
 * reconciliation to fill: every refresh carries all three over by GSTIN.
 */
import { formatIst } from "../ims/review-rows";
import { parseActionForAll, type SupplierRow } from "../ims/suppliers";
import type { SaveAction } from "../ims/sections";
import type { CellValue } from "./cells";
import { nextMetadata, queueMetadata } from "./metadata";
import { rupeesCell, textOfCell } from "./report-cells";
import { headerIndex, rewriteReportSheet, type ReportColumn, type ReportWriteOptions, type TableContent } from "./report-sheet";

export const SUPPLIERS_SHEET = "Suppliers";
export const SUPPLIERS_TABLE = "IMS_Suppliers";
export const NAME_HEADER = "Supplier name";
export const ACTION_FOR_ALL_HEADER = "Action for all (A/R/P)";

/**
 * Match counts per category, for reconciliation to fill (issue 11's categories). The add-in
 * writes them blank and keeps what is there on every refresh.
 */
export const MATCH_HEADERS = ["Match: exact", "Match: suggested", "Match: mismatch", "Match: missing in PR", "Match: missing in IMS", "Match: duplicate in PR"] as const;

export const SUPPLIER_COLUMNS: readonly ReportColumn[] = [
  { header: "Supplier GSTIN", kind: "text", width: 120 },
  { header: NAME_HEADER, kind: "text", width: 170, role: "user" },
  { header: "Documents", kind: "count", width: 65 },
  { header: "On portal: no action", kind: "count", width: 70 },
  { header: "On portal: accepted", kind: "count", width: 70 },
  { header: "On portal: rejected", kind: "count", width: 70 },
  { header: "On portal: pending", kind: "count", width: 70 },
  { header: "Drafted: no action", kind: "count", width: 70 },
  { header: "Drafted: accept", kind: "count", width: 70 },
  { header: "Drafted: reject", kind: "count", width: 70 },
  { header: "Drafted: pending", kind: "count", width: 70 },
  { header: "Drafted: not an action", kind: "count", width: 70 },
  { header: "Taxable value (₹)", kind: "amount", width: 100 },
  { header: "IGST (₹)", kind: "amount", width: 90 },
  { header: "CGST (₹)", kind: "amount", width: 90 },
  { header: "SGST (₹)", kind: "amount", width: 90 },
  { header: "Cess (₹)", kind: "amount", width: 75 },
  { header: ACTION_FOR_ALL_HEADER, kind: "text", width: 75, role: "user" },
  ...MATCH_HEADERS.map((header): ReportColumn => ({ header, kind: "count", width: 70, role: "placeholder" })),
];

const KEPT = [NAME_HEADER, ACTION_FOR_ALL_HEADER, ...MATCH_HEADERS];

function keptCells(content: TableContent | undefined): Map<string, CellValue[]> {
  const out = new Map<string, CellValue[]>();
  if (!content) return out;
  const gstinAt = headerIndex(content, "Supplier GSTIN");
  if (gstinAt < 0) return out;
  const at = KEPT.map((h) => headerIndex(content, h));
  for (const row of content.rows) {
    const gstin = textOfCell(row[gstinAt]).trim();
    if (gstin === "" || out.has(gstin)) continue;
    out.set(
      gstin,
      at.map((i) => (i < 0 ? "" : (row[i] ?? ""))),
    );
  }
  return out;
}

export interface SuppliersWrite {
  gstin: string;
  reviewedAt: string;
  suppliers: readonly SupplierRow[];
  /** Names the portal gave, by GSTIN: fill a blank name cell (never one the user typed). */
  names?: ReadonlyMap<string, string>;
  /** Names from the purchase register, used where the portal gave none. */
  registerNames?: ReadonlyMap<string, string>;
  /** A reconciliation's counts per supplier, in MATCH_HEADERS order: replace the Match columns (suppliers absent get zeros). Absent: the Match columns are kept. */
  matches?: ReadonlyMap<string, readonly number[]>;
}

export async function writeSuppliersSheet(w: SuppliersWrite, options: ReportWriteOptions = {}): Promise<{ sheetName: string; rows: number; syncs: number }> {
  const r = await rewriteReportSheet(
    [SUPPLIERS_TABLE],
    (found) => {
      const kept = keptCells(found.existing.get(SUPPLIERS_TABLE));
      const rows = w.suppliers.map((s): CellValue[] => {
        const k = kept.get(s.supplierGstin) ?? KEPT.map(() => "");
        const typedName = k[0] ?? "";
        const name = typedName === "" ? (w.names?.get(s.supplierGstin) ?? w.registerNames?.get(s.supplierGstin) ?? "") : typedName;
        const matchCells = w.matches ? (w.matches.get(s.supplierGstin) ?? MATCH_HEADERS.map(() => 0)) : k.slice(2);
        return [
          s.supplierGstin,
          name,
          s.documents,
          s.portal.N,
          s.portal.A,
          s.portal.R,
          s.portal.P,
          s.drafted.N,
          s.drafted.A,
          s.drafted.R,
          s.drafted.P,
          s.drafted.unreadable,
          rupeesCell(s.taxableValue),
          rupeesCell(s.igst),
          rupeesCell(s.cgst),
          rupeesCell(s.sgst),
          rupeesCell(s.cess),
          k[1] ?? "",
          ...matchCells,
        ];
      });
      return {
        names: [SUPPLIERS_SHEET, `IMS ${SUPPLIERS_SHEET}`],
        title: [
          "Suppliers: the section sheets, one row per supplier",
          `Reviewed ${formatIst(w.reviewedAt)} · GSTIN ${w.gstin} · credit notes are deducted from the amounts.`,
          `Type a name where the portal gives none. To act on all of a supplier's rows that have no action yet, pick A, R or P in "${ACTION_FOR_ALL_HEADER}" and press "Apply" in the pane (it never overwrites an action you typed, and Undo puts the cells back).`,
          "The grey Match columns are filled when you reconcile with your purchase register.",
        ],
        tables: [
          {
            tableName: SUPPLIERS_TABLE,
            columns: SUPPLIER_COLUMNS,
            rows,
            dropDown: {
              column: SUPPLIER_COLUMNS.findIndex((c) => c.header === ACTION_FOR_ALL_HEADER),
              title: "Action for all",
              message: "A, R or P: the add-in writes it into this supplier's rows that have no action, when you press Apply in the pane.",
            },
          },
        ],
        freezeFirstHeader: true,
      };
    },
    { ...options, alsoQueue: (c, metadata) => queueMetadata(c, nextMetadata(metadata, { gstin: w.gstin, suppliersAt: w.reviewedAt })) },
  );
  return { ...r, rows: w.suppliers.length };
}

export interface SupplierChoices {
  /** The action chosen per supplier GSTIN. */
  choices: Map<string, SaveAction>;
  /** Cells that hold something that is not A, R or P, in words. */
  problems: string[];
  /** Whether the sheet exists. */
  found: boolean;
}

/** The "Action for all" cells of the Suppliers sheet. */
export function supplierChoicesOf(content: TableContent | undefined): SupplierChoices {
  const choices = new Map<string, SaveAction>();
  const problems: string[] = [];
  if (!content) return { choices, problems, found: false };
  const gstinAt = headerIndex(content, "Supplier GSTIN");
  const actionAt = headerIndex(content, ACTION_FOR_ALL_HEADER);
  if (gstinAt < 0 || actionAt < 0) return { choices, problems: [`The Suppliers sheet has lost its "${gstinAt < 0 ? "Supplier GSTIN" : ACTION_FOR_ALL_HEADER}" column; build the supplier-wise review again.`], found: true };
  for (const row of content.rows) {
    const gstin = textOfCell(row[gstinAt]).trim();
    if (gstin === "") continue;
    const parsed = parseActionForAll(row[actionAt]);
    if (!parsed.ok) problems.push(`${gstin}: ${parsed.reason}`);
    else if (parsed.action) choices.set(gstin, parsed.action);
  }
  return { choices, problems, found: true };
}
