/**
 * The reconciliation as report rows (pure: no Office): one row per link or unmatched document,
 * IMS and PR side by side, for the "Reconciliation" sheet; one row per supplier for
 * "Reconciliation by supplier"; and the match counts per supplier for the Suppliers sheet.
 *
 * Amounts stay paise here (the sheet writer turns them into rupees), dates stay ISO.
 *
 * Signs: both sides are shown as the matcher compares them, without sign. IMS gives credit notes
 * as positive amounts (the matcher takes the absolute value all the same, documents.ts
 * `imsDoc`); the purchase register may book a credit note negative, and the matcher compares the
 * absolute value of each PR document's sum per head (documents.ts `prDoc`), where the lines of
 * one document share one sign. The PR sums here are the sums of each line's absolute amounts:
 * the same figures for every line whose heads carry the line's sign.
 */
import type { ImsRecord } from "../records";
import type { PrLine } from "../register/read";
import type { SaveAction } from "../sections";
import { CATEGORIES, type AmountHead, type Category } from "./config";
import type { ReconLink, Reconciliation } from "./match";

/** The heads shown per side (the document value is left out: the PR often has none). */
export type ReportHead = Exclude<AmountHead, "value">;
export const REPORT_HEADS: readonly ReportHead[] = ["taxableValue", "igst", "cgst", "sgst", "cess"];

/** Paise per head. */
export type HeadAmounts = Readonly<Record<ReportHead, number>>;

/** How the sheets name each category. */
export const CATEGORY_WORDS: Readonly<Record<Category, string>> = {
  exact: "Exact",
  suggested: "Suggested",
  mismatch: "Mismatch",
  missing_in_pr: "Missing in PR",
  missing_in_ims: "Missing in IMS",
  duplicate: "Duplicate in PR",
};

/** How the sheets show a suggested action (words the Action column also reads: action-text.ts). */
export const SUGGESTED_ACTION_WORDS: Readonly<Record<SaveAction, string>> = { A: "Accept", R: "Reject", P: "Keep pending" };

export interface ReconRow {
  category: Category;
  /** The reasons' texts joined with "; " ("" when none). */
  reasons: string;
  /** The IMS side's supplier GSTIN, else the PR side's. */
  supplierGstin: string;
  /** The name given for the GSTIN, else the PR's name for it, else "". */
  supplierName: string;
  /** Indices into the IMS records given (by date, then number) and into the PR lines given (row order). */
  imsIndices: readonly number[];
  prIndices: readonly number[];
  /** Distinct IMS sections, joined with ", " ("B2B", "B2B, B2BA"). */
  imsSections: string;
  /** IMS document numbers, one per record, joined with ", ". */
  imsDocNumbers: string;
  /** The earliest IMS record's date (ISO), "" when the link has none. */
  imsDate: string;
  /** Where the IMS records are: section sheet and 1-based row, joined ("B2B 14, B2B 15"). */
  imsSheetRows: string;
  ims: HeadAmounts;
  /** 1-based rows on the purchase-register sheet, joined ("12, 13"). */
  prSheetRows: string;
  /** The distinct PR document numbers, as written (trimmed), in row order. */
  prNumbers: readonly string[];
  /** `prNumbers` joined with ", ". */
  prDocNumbers: string;
  /** The first PR line's date (ISO), "" when there is none. */
  prDate: string;
  /** Sums of the lines' absolute amounts (a credit note booked negative shows positive). */
  pr: HeadAmounts;
  /** IMS minus PR, per head. */
  difference: HeadAmounts;
  /** The first suggestion the link gives; null when none. */
  suggestedAction: SaveAction | null;
  /** Its remarks, "" when none. */
  suggestedRemarks: string;
}

export interface ReconRowsInput {
  ims: readonly ImsRecord[];
  /** The 1-based sheet row of each IMS record on its section's sheet (parallel to `ims`). */
  imsSheetRows: readonly number[];
  pr: readonly PrLine[];
  /** The 1-based row of a line on the purchase-register sheet. */
  prSheetRow: (line: PrLine) => number;
  result: Reconciliation;
  /** Supplier names by GSTIN (the portal's, or typed on the Suppliers sheet): preferred to the PR's. */
  names: ReadonlyMap<string, string>;
}

const ZERO: HeadAmounts = Object.freeze({ taxableValue: 0, igst: 0, cgst: 0, sgst: 0, cess: 0 });

function emptySums(): Record<ReportHead, number> {
  return { taxableValue: 0, igst: 0, cgst: 0, sgst: 0, cess: 0 };
}

function distinct(values: readonly string[]): string[] {
  return values.length < 2 ? [...values] : [...new Set(values)];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const CATEGORY_ORDER: Readonly<Record<Category, number>> = Object.fromEntries(CATEGORIES.map((c, i) => [c, i])) as Record<Category, number>;

/** One row of the report per link, ordered by category (as CATEGORIES), supplier GSTIN, then document number. */
export function reconciliationRows(input: ReconRowsInput): ReconRow[] {
  const { ims, imsSheetRows, pr, result } = input;
  if (imsSheetRows.length !== ims.length) throw new Error(`reconciliationRows: ${imsSheetRows.length} sheet rows given for ${ims.length} IMS records`);
  // The register's name for each GSTIN (its first non-empty one): names a supplier on rows with no PR line.
  const registerNames = new Map<string, string>();
  for (const line of pr) {
    const name = line.supplierName.trim();
    if (name !== "" && !registerNames.has(line.supplierGstin)) registerNames.set(line.supplierGstin, name);
  }
  const rows = result.links.map((link) => rowOf(link, input, registerNames));
  // Sort keys computed once: the first document number of either side, then the row's place.
  const order = rows.map((row, k) => ({ row, k, firstNumber: firstNumberOf(row, ims, pr) }));
  order.sort(
    (a, b) =>
      CATEGORY_ORDER[a.row.category] - CATEGORY_ORDER[b.row.category] ||
      compareText(a.row.supplierGstin, b.row.supplierGstin) ||
      compareText(a.firstNumber, b.firstNumber) ||
      compareText(a.row.prDocNumbers, b.row.prDocNumbers) ||
      (a.row.imsIndices[0] ?? -1) - (b.row.imsIndices[0] ?? -1) ||
      (a.row.prIndices[0] ?? -1) - (b.row.prIndices[0] ?? -1) ||
      a.k - b.k,
  );
  return order.map((o) => o.row);
}

function firstNumberOf(row: ReconRow, ims: readonly ImsRecord[], pr: readonly PrLine[]): string {
  const i = row.imsIndices[0];
  if (i !== undefined) return (ims[i] as ImsRecord).docNumber.trim();
  const p = row.prIndices[0];
  return p !== undefined ? (pr[p] as PrLine).docNumber.trim() : "";
}

/** IMS records of a clubbed link by date, then number: the same order whatever order they came in. */
function byDateAndNumber(ims: readonly ImsRecord[]): (a: number, b: number) => number {
  return (a, b) => {
    const x = ims[a] as ImsRecord;
    const y = ims[b] as ImsRecord;
    return compareText(x.docDate, y.docDate) || compareText(x.docNumber, y.docNumber) || compareText(x.section, y.section) || a - b;
  };
}

function rowOf(link: ReconLink, input: ReconRowsInput, registerNames: ReadonlyMap<string, string>): ReconRow {
  const { ims, imsSheetRows, pr, prSheetRow, names } = input;
  const imsIndices = link.ims.length < 2 ? link.ims : [...link.ims].sort(byDateAndNumber(ims));
  const imsRecords = imsIndices.map((i) => ims[i] as ImsRecord);
  const prLines = link.pr.map((p) => pr[p] as PrLine);

  const imsSums = emptySums();
  for (const r of imsRecords) for (const head of REPORT_HEADS) imsSums[head] += Math.abs(r[head]);
  const prSums = emptySums();
  for (const l of prLines) for (const head of REPORT_HEADS) prSums[head] += Math.abs(l[head]);
  const difference = emptySums();
  for (const head of REPORT_HEADS) {
    const given = link.differences.find((d) => d.head === head);
    difference[head] = given ? given.difference : imsSums[head] - prSums[head];
  }

  const firstIms = imsRecords[0];
  const firstPr = prLines[0];
  const supplierGstin = firstIms?.supplierGstin ?? firstPr?.supplierGstin ?? "";
  const prName = prLines.map((l) => l.supplierName.trim()).find((n) => n !== "");
  const supplierName = names.get(supplierGstin) || prName || registerNames.get(supplierGstin) || "";

  const suggestion = link.suggestions.find((s) => s !== null) ?? null;
  const prNumbers = distinct(prLines.map((l) => l.docNumber.trim()));
  return {
    category: link.category,
    reasons: link.reasons.map((r) => r.text).join("; "),
    supplierGstin,
    supplierName,
    imsIndices,
    prIndices: link.pr,
    imsSections: distinct(imsRecords.map((r) => r.section)).join(", "),
    imsDocNumbers: imsRecords.map((r) => r.docNumber).join(", "),
    imsDate: firstIms?.docDate ?? "",
    imsSheetRows: imsIndices.map((i) => `${(ims[i] as ImsRecord).section} ${imsSheetRows[i] as number}`).join(", "),
    ims: imsRecords.length ? imsSums : ZERO,
    prSheetRows: prLines.map((l) => String(prSheetRow(l))).join(", "),
    prNumbers,
    prDocNumbers: prNumbers.join(", "),
    prDate: firstPr?.docDate ?? "",
    pr: prLines.length ? prSums : ZERO,
    difference,
    suggestedAction: suggestion ? suggestion.action : null,
    suggestedRemarks: suggestion?.remarks ?? "",
  };
}

/** Tax: IGST + CGST + SGST + cess, paise. */
export function taxOf(a: HeadAmounts): number {
  return a.igst + a.cgst + a.sgst + a.cess;
}

export interface SupplierReconRow {
  supplierGstin: string;
  /** The first non-empty name among the supplier's rows. */
  supplierName: string;
  /** IMS records. */
  imsDocuments: number;
  imsTaxableValue: number;
  /** IGST + CGST + SGST + cess, paise. */
  imsTax: number;
  /** Distinct PR document numbers (as written, trimmed): rate lines and repeated lines count once. */
  prDocuments: number;
  /** PR lines (rows of the register). */
  prLines: number;
  prTaxableValue: number;
  prTax: number;
  /** IMS minus PR: the sums of the rows' differences. */
  taxableValueDifference: number;
  taxDifference: number;
  /** As `matchCountsBySupplier`: IMS records per category, PR-only categories by link. */
  counts: Record<Category, number>;
}

function zeroCounts(): Record<Category, number> {
  return { exact: 0, suggested: 0, mismatch: 0, missing_in_pr: 0, missing_in_ims: 0, duplicate: 0 };
}

/**
 * How many of a row's entries count for its category: its IMS records when it has any (exact,
 * suggested, mismatch, missing in PR), else one per link (missing in IMS, duplicate in PR).
 */
function countOfRow(row: ReconRow): number {
  return row.imsIndices.length > 0 ? row.imsIndices.length : 1;
}

/**
 * One row per supplier GSTIN (the rows' GSTIN: a link's PR lines count under the IMS side's
 * supplier, so a branch-GSTIN link stays on one row), by absolute tax difference, largest first,
 * ties by GSTIN.
 */
export function supplierReconRows(rows: readonly ReconRow[]): SupplierReconRow[] {
  const bySupplier = new Map<string, SupplierReconRow>();
  const prNumbersBySupplier = new Map<string, Set<string>>();
  for (const row of rows) {
    let s = bySupplier.get(row.supplierGstin);
    if (!s) {
      s = {
        supplierGstin: row.supplierGstin,
        supplierName: "",
        imsDocuments: 0,
        imsTaxableValue: 0,
        imsTax: 0,
        prDocuments: 0,
        prLines: 0,
        prTaxableValue: 0,
        prTax: 0,
        taxableValueDifference: 0,
        taxDifference: 0,
        counts: zeroCounts(),
      };
      bySupplier.set(row.supplierGstin, s);
      prNumbersBySupplier.set(row.supplierGstin, new Set());
    }
    if (s.supplierName === "" && row.supplierName !== "") s.supplierName = row.supplierName;
    s.imsDocuments += row.imsIndices.length;
    s.imsTaxableValue += row.ims.taxableValue;
    s.imsTax += taxOf(row.ims);
    s.prLines += row.prIndices.length;
    s.prTaxableValue += row.pr.taxableValue;
    s.prTax += taxOf(row.pr);
    s.taxableValueDifference += row.difference.taxableValue;
    s.taxDifference += taxOf(row.difference);
    s.counts[row.category] += countOfRow(row);
    const numbers = prNumbersBySupplier.get(row.supplierGstin) as Set<string>;
    for (const n of row.prNumbers) numbers.add(n);
  }
  const out = [...bySupplier.values()];
  for (const s of out) s.prDocuments = (prNumbersBySupplier.get(s.supplierGstin) as Set<string>).size;
  out.sort((a, b) => Math.abs(b.taxDifference) - Math.abs(a.taxDifference) || compareText(a.supplierGstin, b.supplierGstin));
  return out;
}

/** What the match counts can be taken from: the report rows, or the matcher's result itself. */
export type MatchCountSource = readonly ReconRow[] | { ims: readonly ImsRecord[]; pr: readonly PrLine[]; result: Reconciliation };

/**
 * What the Suppliers sheet's "Match: …" columns show, by supplier GSTIN (a link's: the IMS side's,
 * else the PR side's): IMS records per category (exact, suggested, mismatch, missing in PR), and
 * links for the PR-only categories (missing in IMS, duplicate in PR: one per PR document, however
 * many rate lines it has). From the rows or from the result, the same counts.
 */
export function matchCountsBySupplier(source: MatchCountSource): Map<string, Record<Category, number>> {
  const out = new Map<string, Record<Category, number>>();
  const add = (gstin: string, category: Category, n: number): void => {
    let counts = out.get(gstin);
    if (!counts) {
      counts = zeroCounts();
      out.set(gstin, counts);
    }
    counts[category] += n;
  };
  if (isRowList(source)) {
    for (const row of source) add(row.supplierGstin, row.category, countOfRow(row));
    return out;
  }
  const { ims, pr, result } = source;
  for (const link of result.links) {
    const i = link.ims[0];
    const p = link.pr[0];
    const gstin = i !== undefined ? (ims[i] as ImsRecord).supplierGstin : p !== undefined ? (pr[p] as PrLine).supplierGstin : "";
    add(gstin, link.category, link.ims.length > 0 ? link.ims.length : 1);
  }
  return out;
}

function isRowList(source: MatchCountSource): source is readonly ReconRow[] {
  return Array.isArray(source);
}
