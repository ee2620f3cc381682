/**
 * Reading a purchase register's rows into lines, with the mapping of headers.ts. Every row with
 * content either becomes a line or is listed: a line carries its problems (naming the row and
 * the field), and a line with a fatal problem (no GSTIN, no number, an amount that is not an
 * amount) is marked unusable rather than dropped.
 */
import { hasGstinShape, isValidGstin } from "../gstin";
import type { IsoDate } from "../periods";
import { cellText, isBlank, isCellError, parseAmount, parseDate, parseDocType, parseGstin, parsePlaceOfSupply, parseRate, type Cell, type PrDocType } from "./cells";
import { applyOverride, FIELD_LABELS, proposeMapping, type MappingOverride, type MappingProposal, type RegisterField } from "./headers";

/** One row of the purchase register, in the domain's units (paise, ISO dates), signs as booked. */
export interface PrLine {
  /** 1-based among the rows after the header (header excluded): what the CLI prints. */
  dataRow: number;
  /** 0-based index of the row in the 2-D array read (add the range's first row for the sheet row). */
  cellRow: number;
  supplierGstin: string;
  supplierName: string;
  /** From a document-type column; null when there is none or it was empty. */
  docType: PrDocType | null;
  docNumber: string;
  docDate: IsoDate | null;
  placeOfSupply: string | null;
  /** Percent; null without a rate column. */
  rate: number | null;
  /** Document value in paise; null without a value column or when empty. */
  value: number | null;
  taxableValue: number;
  igst: number;
  cgst: number;
  sgst: number;
  cess: number;
  /** False when a fatal problem keeps the line out of matching. */
  usable: boolean;
  problems: RowProblem[];
}

export interface RowProblem {
  dataRow: number;
  cellRow: number;
  field: RegisterField | "row";
  /** 0-based column, null for the row as a whole. */
  column: number | null;
  /** The cell's text as read. */
  value: string;
  message: string;
  /** A fatal problem keeps the row out of matching. */
  fatal: boolean;
}

export interface RegisterRead {
  proposal: MappingProposal;
  /** Every row with content below the header, except the rows in `skipped`. */
  lines: PrLine[];
  /** All problems of all lines, in row order. */
  problems: RowProblem[];
  /** Rows left out on purpose (a totals row, a repeated header), each with the reason. */
  skipped: { dataRow: number; cellRow: number; reason: string }[];
}

export interface ReadOptions {
  /** The user's corrections to the proposed mapping. */
  override?: MappingOverride;
  /** A mapping confirmed earlier (kept in the workbook): used as it is, no proposal. */
  proposal?: MappingProposal;
}

const TOTAL_ROW = /^(grand\s+)?(sub\s*)?totals?\b|^total\s+of\b/i;

/** Reads the register: the header found (or given), then one line per row with content. */
export function readRegister(cells: readonly (readonly Cell[])[], options: ReadOptions = {}): RegisterRead {
  let proposal = options.proposal ?? proposeMapping(cells);
  if (options.override) proposal = applyOverride(cells, proposal, options.override);
  const { headerRow, headerRows, columns } = proposal.mapping;
  const first = headerRow + headerRows;
  const lines: PrLine[] = [];
  const problems: RowProblem[] = [];
  const skipped: RegisterRead["skipped"] = [];
  const colOf = (f: RegisterField): number[] => columns[f] ?? [];
  const normalisedHeaders = proposal.headers.map((h) => h.toLowerCase().replace(/\s+/g, " ").trim());
  // The buyer's voucher type ("Purchase", "Debit Note" for a purchase return): it tells an
  // invoice from a note, but not which note the supplier issued, so the sign decides that.
  const typeIsVoucherType = proposal.fields.some((f) => f.field === "docType" && f.confidence === "low");

  for (let r = first; r < cells.length; r++) {
    const row = cells[r] ?? [];
    if (row.every(isBlank)) continue;
    const dataRow = r - first + 1;
    const texts = row.map(cellText);
    if (texts.length > 0 && texts.filter((t, i) => t !== "" && t.toLowerCase().replace(/\s+/g, " ") === normalisedHeaders[i]).length >= 3) {
      skipped.push({ dataRow, cellRow: r, reason: "a repeated header row" });
      continue;
    }
    const gstinCell = colOf("supplierGstin").map((c) => row[c])[0];
    const numberCell = colOf("docNumber").map((c) => row[c])[0];
    if (isBlank(gstinCell) && isBlank(numberCell) && texts.some((t) => TOTAL_ROW.test(t))) {
      skipped.push({ dataRow, cellRow: r, reason: "a totals row" });
      continue;
    }
    const rowProblems: RowProblem[] = [];
    const problem = (field: RegisterField | "row", column: number | null, value: Cell, message: string, fatal: boolean) =>
      rowProblems.push({ dataRow, cellRow: r, field, column, value: cellText(value), message, fatal });
    const one = (f: RegisterField): { cell: Cell; column: number | null } => {
      const c = colOf(f)[0];
      return c === undefined ? { cell: undefined, column: null } : { cell: row[c], column: c };
    };

    // Supplier GSTIN.
    let supplierGstin = "";
    {
      const { cell, column } = one("supplierGstin");
      const g = parseGstin(cell);
      if (g === null) problem("supplierGstin", column, cell, `${FIELD_LABELS.supplierGstin} is empty`, true);
      else if (isCellError(g)) problem("supplierGstin", column, cell, g.error, true);
      else {
        supplierGstin = g;
        if (!hasGstinShape(g)) problem("supplierGstin", column, cell, `"${g}" does not have a GSTIN's shape (2-digit state, PAN, entity, Z, check)`, false);
        else if (!isValidGstin(g)) problem("supplierGstin", column, cell, `"${g}": the check character does not match`, false);
      }
    }
    // Document number.
    let docNumber = "";
    {
      const { cell, column } = one("docNumber");
      docNumber = cellText(cell);
      if (docNumber === "") problem("docNumber", column, cell, `${FIELD_LABELS.docNumber} is empty`, true);
    }
    // Date.
    let docDate: IsoDate | null = null;
    {
      const { cell, column } = one("docDate");
      const d = parseDate(cell);
      if (d === null) problem("docDate", column, cell, `${FIELD_LABELS.docDate} is empty`, false);
      else if (isCellError(d)) problem("docDate", column, cell, d.error, false);
      else docDate = d;
    }
    let docType: PrDocType | null = null;
    {
      const { cell, column } = one("docType");
      const t = parseDocType(cell);
      if (isCellError(t)) {
        if (!typeIsVoucherType) problem("docType", column, cell, t.error, false);
      } else docType = typeIsVoucherType && t !== "invoice" ? null : t;
    }
    let placeOfSupply: string | null = null;
    {
      const { cell, column } = one("placeOfSupply");
      const p = parsePlaceOfSupply(cell);
      if (isCellError(p)) problem("placeOfSupply", column, cell, p.error, false);
      else placeOfSupply = p;
    }
    let rate: number | null = null;
    {
      const { cell, column } = one("rate");
      const p = parseRate(cell);
      if (isCellError(p)) problem("rate", column, cell, p.error, false);
      else rate = p;
    }
    let value: number | null = null;
    {
      const { cell, column } = one("value");
      const p = parseAmount(cell);
      if (isCellError(p)) problem("value", column, cell, p.error, false);
      else value = p;
    }
    // Summed amounts: several ledger columns add up; empty is zero, except an empty taxable value.
    const amount = (f: "taxableValue" | "igst" | "cgst" | "sgst" | "cess"): number | null => {
      let sum: number | null = null;
      for (const c of colOf(f)) {
        const p = parseAmount(row[c]);
        if (isCellError(p)) {
          problem(f, c, row[c], `${FIELD_LABELS[f]}: ${p.error}`, true);
          continue;
        }
        if (p !== null) sum = (sum ?? 0) + p;
      }
      return sum;
    };
    const taxable = amount("taxableValue");
    const igst = amount("igst") ?? 0;
    const cgst = amount("cgst") ?? 0;
    const sgst = amount("sgst") ?? 0;
    const cess = amount("cess") ?? 0;
    if (taxable === null) {
      const c = colOf("taxableValue")[0] ?? null;
      problem("taxableValue", c, c === null ? "" : row[c], `${FIELD_LABELS.taxableValue} is empty`, true);
    }
    const supplierName = one("supplierName").cell;
    const line: PrLine = {
      dataRow,
      cellRow: r,
      supplierGstin,
      supplierName: cellText(supplierName),
      docType,
      docNumber,
      docDate,
      placeOfSupply,
      rate,
      value,
      taxableValue: taxable ?? 0,
      igst,
      cgst,
      sgst,
      cess,
      usable: !rowProblems.some((p) => p.fatal),
      problems: rowProblems,
    };
    lines.push(line);
    problems.push(...rowProblems);
  }
  return { proposal, lines, problems, skipped };
}
