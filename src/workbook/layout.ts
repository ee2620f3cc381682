/**
 * The columns of each section sheet: portal columns (read-only, as pulled), editable columns,
 * status columns and hidden columns. One layout per section, from the section catalogue.
 */
import { allSections, sectionInfo, type SectionCode } from "../ims/sections";
import { sectionHasItcColumns } from "../ims/review-rows";
import type { SheetField } from "../ims/record-fields";

/**
 * Bump when the workbook's layout changes; stored in workbook settings, and read when the pane
 * opens to bring an older workbook up to date (migrate.ts). 3: the supplier view's sheets,
 * Follow-up, Customers, Added back, Suppliers, the undo record of bulk actions, and the
 * Summary's by-action tables and charts (section sheets are unchanged).
 */
export const LAYOUT_VERSION = 3;

/** The domain's record and edit fields, then the status and hidden columns. */
export type ColumnId = SheetField | "result" | "referenceId" | "message" | "updatedAt" | "key" | "version" | "pulled" | "fingerprint" | "state";

/** text: kept exactly as text ("@"); date: a real Excel date; datetime: date and time; amount: rupees with Indian grouping. */
export type ColumnKind = "text" | "date" | "datetime" | "amount";
export type ColumnGroup = "portal" | "edit" | "status" | "hidden";

export interface ColumnDef {
  id: ColumnId;
  header: string;
  kind: ColumnKind;
  group: ColumnGroup;
  /** Column width in points. */
  width: number;
}

/** Rupees with Indian digit grouping (1,23,45,678.90), whatever the user's locale. */
export const INDIAN_AMOUNT_FORMAT = "[>=10000000]##\\,##\\,##\\,##0.00;[>=100000]##\\,##\\,##0.00;##,##0.00";
export const TEXT_FORMAT = "@";
export const DATE_FORMAT = "dd-mm-yyyy";
export const DATETIME_FORMAT = "dd-mm-yyyy hh:mm";

export function numberFormatOf(kind: ColumnKind): string {
  switch (kind) {
    case "text":
      return TEXT_FORMAT;
    case "date":
      return DATE_FORMAT;
    case "datetime":
      return DATETIME_FORMAT;
    case "amount":
      return INDIAN_AMOUNT_FORMAT;
  }
}

export interface SectionLayout {
  section: SectionCode;
  /** The sheet's plain name ("B2B"). */
  sheetName: string;
  /** The Excel table's name, unique in the workbook ("IMS_B2B"). */
  tableName: string;
  columns: readonly ColumnDef[];
  /** Column index (0-based) by id; absent ids are not in this section. */
  index: Partial<Record<ColumnId, number>>;
  hasItc: boolean;
}

export const SUMMARY_SHEET = "Summary";

function col(id: ColumnId, header: string, kind: ColumnKind, group: ColumnGroup, width: number): ColumnDef {
  return { id, header, kind, group, width };
}

function buildLayout(section: SectionCode): SectionLayout {
  const info = sectionInfo(section);
  const doc = info.docKind === "note" ? "Note" : "Invoice";
  const docLower = doc.toLowerCase();
  const hasItc = sectionHasItcColumns(section);
  const columns: ColumnDef[] = [
    col("supplierGstin", "Supplier GSTIN", "text", "portal", 120),
    col("docNumber", `${doc} no.`, "text", "portal", 110),
    col("docDate", `${doc} date`, "date", "portal", 75),
  ];
  if (info.isAmendment) {
    columns.push(col("originalDocNumber", `Original ${docLower} no.`, "text", "portal", 110));
    columns.push(col("originalDocDate", `Original ${docLower} date`, "date", "portal", 85));
  }
  if (info.hasInvoiceType) columns.push(col("invoiceType", "Invoice type", "text", "portal", 60));
  columns.push(
    col("placeOfSupply", "Place of supply", "text", "portal", 60),
    col("value", `${doc} value (₹)`, "amount", "portal", 95),
    col("taxableValue", "Taxable value (₹)", "amount", "portal", 95),
    col("igst", "IGST (₹)", "amount", "portal", 85),
    col("cgst", "CGST (₹)", "amount", "portal", 85),
    col("sgst", "SGST (₹)", "amount", "portal", 85),
    col("cess", "Cess (₹)", "amount", "portal", 70),
    col("sourceForm", "Source form", "text", "portal", 55),
    col("returnPeriod", "Return period", "text", "portal", 60),
    col("supplierFiled", "Supplier filing status", "text", "portal", 75),
    col("pendingAllowed", "Pending allowed", "text", "portal", 60),
    col("remarksAllowed", "Remarks allowed", "text", "portal", 60),
  );
  if (hasItc) columns.push(col("itcReductionAllowed", "ITC reduction allowed", "text", "portal", 70));
  columns.push(
    col("portalAction", "Action on portal", "text", "portal", 75),
    col("action", "Action (A/R/P/N)", "text", "edit", 70),
    col("remarks", "Remarks", "text", "edit", 200),
  );
  if (hasItc) {
    columns.push(
      col("itcRequired", "Reduce ITC? (Y/N)", "text", "edit", 65),
      col("itcIgst", "ITC to reduce: IGST (₹)", "amount", "edit", 90),
      col("itcCgst", "ITC to reduce: CGST (₹)", "amount", "edit", 90),
      col("itcSgst", "ITC to reduce: SGST (₹)", "amount", "edit", 90),
      col("itcCess", "ITC to reduce: Cess (₹)", "amount", "edit", 85),
    );
  }
  columns.push(
    col("result", "Result", "text", "status", 80),
    col("referenceId", "Reference ID", "text", "status", 110),
    col("message", "Message", "text", "status", 260),
    col("updatedAt", "Updated at", "datetime", "status", 95),
    col("key", "Record key (do not edit)", "text", "hidden", 60),
    col("version", "Portal version (do not edit)", "text", "hidden", 60),
    col("pulled", "Pulled remarks and ITC (do not edit)", "text", "hidden", 60),
    col("fingerprint", "Fingerprint (do not edit)", "text", "hidden", 60),
    col("state", "Row state (do not edit)", "text", "hidden", 60),
  );
  const index: Partial<Record<ColumnId, number>> = {};
  columns.forEach((c, i) => (index[c.id] = i));
  return { section, sheetName: section, tableName: `IMS_${section}`, columns, index, hasItc };
}

const LAYOUTS = new Map<SectionCode, SectionLayout>(allSections().map((s) => [s.code, buildLayout(s.code)]));

export function sectionLayout(section: SectionCode): SectionLayout {
  const layout = LAYOUTS.get(section);
  if (!layout) throw new Error(`No layout for section ${String(section)}`);
  return layout;
}

/** "A", ..., "Z", "AA", ... for a 0-based column index. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
