/**
 * The supplier view in the workbook: one read-only sheet per GSTR-1 section ("Sales B2B", …,
 * never the IMS sections' own names), the customer-wise totals ("Customers") and the
 * documents to follow up ("Follow-up", whose user column every refresh keeps). All through the
 * report-sheet writer, so portal text is written to Text cells.
 */
import { actionWord } from "../ims/action-text";
import { formatIst } from "../ims/review-rows";
import {
  customerTotals,
  mergeFollowUp,
  noteWord,
  OUTWARD_SECTIONS,
  OUTWARD_TITLES,
  outwardKey,
  outwardSectionInfo,
  ratesText,
  type FollowUpRow,
  type NoteKind,
  type OutwardDocument,
  type OutwardForm,
  type OutwardSection,
} from "../ims/outward";
import type { FilingFrequency, IsoDate, TaxPeriod } from "../ims/periods";
import { ACTIONS, type Action } from "../ims/sections";
import type { CellValue } from "./cells";
import { nextMetadata, queueMetadata } from "./metadata";
import { dateCell, isoOfCell, paiseOfCell, rupeesCell, textOfCell } from "./report-cells";
import { headerIndex, rewriteReportSheet, type ReportColumn, type ReportWriteOptions, type TableContent } from "./report-sheet";

export const SALES_SHEET_PREFIX = "Sales ";
export const FOLLOW_UP_SHEET = "Follow-up";
export const FOLLOW_UP_TABLE = "IMS_FollowUp";
export const CUSTOMERS_SHEET = "Customers";
export const CUSTOMERS_TABLE = "IMS_Customers";
export const FOLLOW_UP_NOTE_HEADER = "Follow-up (called, emailed, amended)";
export const KEY_HEADER = "Document key (do not edit)";

export function salesTableName(section: OutwardSection): string {
  return `IMS_Sales_${section}`;
}

export function salesSheetName(section: OutwardSection): string {
  return `${SALES_SHEET_PREFIX}${section}`;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export function periodWords(period: TaxPeriod): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  return m ? `${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}` : period;
}

/** A column of a sales sheet and how a document fills it. */
interface SalesColumn extends ReportColumn {
  cell(d: OutwardDocument): CellValue;
}

function col(header: string, kind: ReportColumn["kind"], width: number, cell: (d: OutwardDocument) => CellValue, role?: ReportColumn["role"]): SalesColumn {
  return { header, kind, width, cell, ...(role ? { role } : {}) };
}

export function salesColumns(section: OutwardSection): SalesColumn[] {
  const { notes, amendment, ecom } = outwardSectionInfo(section);
  const doc = notes ? "Note" : "Invoice";
  const cols: SalesColumn[] = [];
  if (ecom) {
    cols.push(
      col("Recipient GSTIN", "text", 120, (d) => d.recipientGstin),
      col("Supplier GSTIN", "text", 120, (d) => d.supplierGstin ?? ""),
      col("Part", "text", 55, (d) => d.ecomPart ?? ""),
      col("Supply type", "text", 60, (d) => d.supplyType ?? ""),
    );
  } else cols.push(col("Customer GSTIN", "text", 120, (d) => d.recipientGstin));
  cols.push(col(`${doc} no.`, "text", 110, (d) => d.docNumber), col(`${doc} date`, "date", 75, (d) => dateCell(d.docDate)));
  if (amendment) {
    cols.push(col(`Original ${doc.toLowerCase()} no.`, "text", 110, (d) => d.originalDocNumber ?? ""), col(`Original ${doc.toLowerCase()} date`, "date", 85, (d) => dateCell(d.originalDocDate)));
  }
  if (notes) cols.push(col("Note type", "text", 85, (d) => noteWord(d.noteType)));
  if (!ecom) cols.push(col("Invoice type", "text", 60, (d) => d.invoiceType ?? ""));
  cols.push(col("Place of supply", "text", 60, (d) => d.placeOfSupply));
  if (!ecom) cols.push(col("Reverse charge", "text", 60, (d) => (d.reverseCharge ? "Yes" : "No")));
  cols.push(
    col("Rate", "text", 60, (d) => ratesText(d.rates)),
    col(`${doc} value (₹)`, "amount", 95, (d) => rupeesCell(d.value)),
    col("Taxable value (₹)", "amount", 95, (d) => rupeesCell(d.taxableValue)),
    col("IGST (₹)", "amount", 85, (d) => rupeesCell(d.igst)),
    col("CGST (₹)", "amount", 85, (d) => rupeesCell(d.cgst)),
    col("SGST (₹)", "amount", 85, (d) => rupeesCell(d.sgst)),
    col("Cess (₹)", "amount", 70, (d) => rupeesCell(d.cess)),
    col("Customer's action", "text", 80, (d) => actionWord(d.recipientAction)),
    col("Customer's remarks", "text", 200, (d) => d.remarks ?? ""),
    col("Return period", "text", 60, (d) => d.period),
    col("Return", "text", 60, (d) => d.form),
    col(KEY_HEADER, "text", 60, (d) => outwardKey(d), "hidden"),
  );
  return cols;
}

export interface OutwardWrite {
  gstin: string;
  period: TaxPeriod;
  form: OutwardForm;
  pulledAt: string;
  /** Every section's documents (an empty list: the portal said "no records"). */
  documents: Readonly<Record<OutwardSection, readonly OutwardDocument[]>>;
  today: IsoDate;
  frequency: FilingFrequency;
}

export interface OutwardWriteResult {
  sheets: { section: OutwardSection; sheetName: string; documents: number }[];
  followUp: { sheetName: string; rows: number; notesKept: number; keptForNote: number };
  customers: { sheetName: string; rows: number };
  syncs: number;
}

function pullLine(w: Pick<OutwardWrite, "gstin" | "period" | "form" | "pulledAt">): string {
  return `GSTIN ${w.gstin} · ${periodWords(w.period)} · ${w.form} · pulled ${formatIst(w.pulledAt)}`;
}

/** Writes the six sales sheets, Follow-up and Customers, and records the pull in the workbook. */
export async function writeOutwardSheets(w: OutwardWrite, options: ReportWriteOptions = {}): Promise<OutwardWriteResult> {
  let syncs = 0;
  const sheets: OutwardWriteResult["sheets"] = [];
  for (const section of OUTWARD_SECTIONS) {
    const docs = w.documents[section];
    const cols = salesColumns(section);
    const r = await rewriteReportSheet(
      [salesTableName(section)],
      () => ({
        names: [salesSheetName(section), `IMS ${salesSheetName(section)}`],
        title: [
          `Sales ${section}: ${OUTWARD_TITLES[section]}, with what each customer did in IMS`,
          pullLine(w),
          docs.length ? `${docs.length} ${docs.length === 1 ? "document" : "documents"}. Read-only: pulling again rewrites this sheet.` : "No documents: the portal has none for this period and return.",
        ],
        tables: [{ tableName: salesTableName(section), columns: cols, rows: docs.map((d) => cols.map((c) => c.cell(d))) }],
        freezeFirstHeader: true,
      }),
      options,
    );
    syncs += r.syncs;
    sheets.push({ section, sheetName: r.sheetName, documents: docs.length });
  }
  const all = OUTWARD_SECTIONS.flatMap((s) => w.documents[s]);
  const customers = await writeCustomersSheet(w, all, options);
  syncs += customers.syncs;
  const followUp = await writeFollowUpSheet(w, all, {
    ...options,
    alsoQueue: (c, metadata) => queueMetadata(c, nextMetadata(metadata, { gstin: w.gstin, outward: { period: w.period, form: w.form, pulledAt: w.pulledAt } })),
  });
  syncs += followUp.syncs;
  return { sheets, followUp: { sheetName: followUp.sheetName, rows: followUp.rows, notesKept: followUp.notesKept, keptForNote: followUp.keptForNote }, customers: { sheetName: customers.sheetName, rows: customers.rows }, syncs };
}

// ---- Customers ---------------------------------------------------------------------------------

const ACTION_HEADS: Readonly<Record<Action, string>> = { N: "No action", A: "Accepted", R: "Rejected", P: "Pending" };

export const CUSTOMER_COLUMNS: readonly ReportColumn[] = [
  { header: "Customer GSTIN", kind: "text", width: 120 },
  { header: "Documents", kind: "count", width: 70 },
  { header: "Value (₹)", kind: "amount", width: 100 },
  ...ACTIONS.flatMap((a): ReportColumn[] => [
    { header: `${ACTION_HEADS[a]}: documents`, kind: "count", width: 75 },
    { header: `${ACTION_HEADS[a]}: value (₹)`, kind: "amount", width: 100 },
  ]),
];

async function writeCustomersSheet(w: OutwardWrite, docs: readonly OutwardDocument[], options: ReportWriteOptions): Promise<{ sheetName: string; rows: number; syncs: number }> {
  const totals = customerTotals(docs);
  const rows = totals.map((t) => [t.customerGstin, t.documents, rupeesCell(t.value), ...ACTIONS.flatMap((a) => [t.byAction[a].documents, rupeesCell(t.byAction[a].value)])]);
  const r = await rewriteReportSheet(
    [CUSTOMERS_TABLE],
    () => ({
      names: [CUSTOMERS_SHEET, `IMS ${CUSTOMERS_SHEET}`],
      title: ["Customers: documents and value by what each customer did in IMS", pullLine(w), "Credit notes and refund vouchers count negative in values."],
      tables: [{ tableName: CUSTOMERS_TABLE, columns: CUSTOMER_COLUMNS, rows }],
      freezeFirstHeader: true,
    }),
    options,
  );
  return { ...r, rows: rows.length };
}

// ---- Follow-up ---------------------------------------------------------------------------------

export const FOLLOW_UP_COLUMNS: readonly ReportColumn[] = [
  { header: "Customer GSTIN", kind: "text", width: 120 },
  { header: "Section", kind: "text", width: 55 },
  { header: "Document no.", kind: "text", width: 110 },
  { header: "Document date", kind: "date", width: 75 },
  { header: "Note type", kind: "text", width: 85 },
  { header: "Value (₹)", kind: "amount", width: 95 },
  { header: "Tax (₹)", kind: "amount", width: 85 },
  { header: "Customer's action", kind: "text", width: 80 },
  { header: "Customer's remarks", kind: "text", width: 200 },
  { header: "Return period", kind: "text", width: 60 },
  { header: "Return", kind: "text", width: 60 },
  { header: "Days since filing", kind: "count", width: 60 },
  { header: "What to do", kind: "text", width: 320 },
  { header: FOLLOW_UP_NOTE_HEADER, kind: "text", width: 200, role: "user" },
  { header: KEY_HEADER, kind: "text", width: 60, role: "hidden" },
];

function followUpCells(r: FollowUpRow): CellValue[] {
  return [
    r.customerGstin,
    r.section,
    r.docNumber,
    dateCell(r.docDate),
    noteWord(r.noteType),
    rupeesCell(r.value),
    rupeesCell(r.tax),
    actionWord(r.action),
    r.remarks,
    r.period,
    r.form,
    r.daysSinceFiling,
    r.hint,
    r.note,
    r.key,
  ];
}

const ACTION_BY_WORD = new Map<string, Action>(ACTIONS.map((a) => [actionWord(a), a]));
const NOTE_BY_WORD = new Map<string, NoteKind>((["C", "D", "R"] as const).map((k) => [noteWord(k), k]));

/**
 * The Follow-up rows as the sheet holds them, and the notes of every row with a key: a row the
 * user changed so that it cannot be read back whole still gives its note to its document.
 */
export function readFollowUpRows(content: TableContent | undefined): { rows: FollowUpRow[]; notes: Map<string, FollowUpRow["note"]> } {
  const rows: FollowUpRow[] = [];
  const notes = new Map<string, FollowUpRow["note"]>();
  if (!content) return { rows, notes };
  const idx = FOLLOW_UP_COLUMNS.map((c) => headerIndex(content, c.header));
  for (const cells of content.rows) {
    const get = (i: number): CellValue | undefined => {
      const j = idx[i] as number;
      return j < 0 ? undefined : cells[j];
    };
    const key = textOfCell(get(14));
    if (key === "") continue;
    const noteCell = get(13);
    const note: FollowUpRow["note"] = noteCell === undefined || noteCell === null ? "" : noteCell;
    if (note !== "") notes.set(key, note);
    const section = textOfCell(get(1));
    const form = textOfCell(get(10));
    const period = textOfCell(get(9));
    const action = ACTION_BY_WORD.get(textOfCell(get(7)));
    const docDate = isoOfCell(get(3));
    const value = paiseOfCell(get(5));
    const tax = paiseOfCell(get(6));
    if (!(OUTWARD_SECTIONS as readonly string[]).includes(section) || (form !== "GSTR-1" && form !== "GSTR-1A") || !/^\d{4}-\d{2}$/.test(period) || !action || !docDate || value === null || tax === null) continue;
    const row: FollowUpRow = {
      key,
      customerGstin: textOfCell(get(0)),
      section: section as OutwardSection,
      form,
      period,
      docNumber: textOfCell(get(2)),
      docDate,
      value,
      tax,
      action,
      remarks: textOfCell(get(8)),
      daysSinceFiling: 0,
      hint: textOfCell(get(12)),
      note,
    };
    const kind = NOTE_BY_WORD.get(textOfCell(get(4)));
    if (kind) row.noteType = kind;
    rows.push(row);
  }
  return { rows, notes };
}

async function writeFollowUpSheet(
  w: OutwardWrite,
  docs: readonly OutwardDocument[],
  options: ReportWriteOptions,
): Promise<{ sheetName: string; rows: number; notesKept: number; keptForNote: number; syncs: number }> {
  let merged: ReturnType<typeof mergeFollowUp> | null = null;
  const r = await rewriteReportSheet(
    [FOLLOW_UP_TABLE],
    (found) => {
      const existing = readFollowUpRows(found.existing.get(FOLLOW_UP_TABLE));
      merged = mergeFollowUp({ fresh: docs, pulled: { period: w.period, form: w.form }, existing: existing.rows, looseNotes: existing.notes, today: w.today, frequency: w.frequency });
      return {
        names: [FOLLOW_UP_SHEET, `IMS ${FOLLOW_UP_SHEET}`],
        title: [
          "Follow-up: documents your customers rejected, kept pending or have not acted on",
          `By customer, highest value first. Days since filing count from the GSTR-1 due date (the portal does not say when you filed). Latest pull: ${pullLine(w)}.`,
          `Write what you did in "${FOLLOW_UP_NOTE_HEADER}": every refresh keeps it with its document.`,
        ],
        tables: [{ tableName: FOLLOW_UP_TABLE, columns: FOLLOW_UP_COLUMNS, rows: merged.rows.map(followUpCells) }],
        freezeFirstHeader: true,
      };
    },
    options,
  );
  const m = merged as ReturnType<typeof mergeFollowUp> | null;
  return { ...r, rows: m?.rows.length ?? 0, notesKept: m?.notesKept ?? 0, keptForNote: m?.keptForNote ?? 0 };
}
