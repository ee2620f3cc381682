/**
 * Finding a purchase register's columns by their header labels.
 *
 * Labels are normalised (case, spaces, punctuation, ₹ / Rs. / INR, "Tax Paid" / "Tax Amount" /
 * "Tax (₹)" all read the same), then matched against the catalogue below. Each field names the
 * labels of the layouts the add-in knows: the Matching Offline Tool's purchase template, GSTR-2
 * (b2b, cdnr), GSTR-2B (B2B, B2B-CDNR), Tally, Zoho Books, Busy and the add-in's own template.
 * The document is the supplier's: "Supplier Invoice No." wins over anything else, and the
 * buyer's "Voucher No." / "Voucher Date" are recognised only to be set aside.
 */
import { cellText, type Cell } from "./cells";

export type RegisterField =
  | "supplierGstin"
  | "supplierName"
  | "docType"
  | "docNumber"
  | "docDate"
  | "placeOfSupply"
  | "value"
  | "taxableValue"
  | "rate"
  | "igst"
  | "cgst"
  | "sgst"
  | "cess"
  // Recognised so that they are not taken for the fields above; never read.
  | "voucherNumber"
  | "voucherDate"
  | "originalDocNumber"
  | "supplyType";

/** The fields read into a register line, in the add-in template's column order. */
export const READ_FIELDS = ["supplierGstin", "supplierName", "docType", "docNumber", "docDate", "placeOfSupply", "value", "taxableValue", "rate", "igst", "cgst", "sgst", "cess"] as const satisfies readonly RegisterField[];
export type ReadField = (typeof READ_FIELDS)[number];

/** Without these a row cannot be matched. */
export const REQUIRED_FIELDS: readonly RegisterField[] = ["supplierGstin", "docNumber", "docDate", "taxableValue"];

/** Fields whose value may be spread over several columns (Tally ledgers), summed. */
export const SUMMED_FIELDS: ReadonlySet<RegisterField> = new Set(["taxableValue", "igst", "cgst", "sgst", "cess"]);

export const FIELD_LABELS: Readonly<Record<RegisterField, string>> = {
  supplierGstin: "Supplier GSTIN",
  supplierName: "Supplier name",
  docType: "Document type",
  docNumber: "Supplier's document number",
  docDate: "Supplier's document date",
  placeOfSupply: "Place of supply",
  value: "Document value",
  taxableValue: "Taxable value",
  rate: "Rate (%)",
  igst: "IGST",
  cgst: "CGST",
  sgst: "SGST/UTGST",
  cess: "Cess",
  voucherNumber: "Voucher number (yours, not read)",
  voucherDate: "Voucher date (yours, not read)",
  originalDocNumber: "Original invoice number (not read)",
  supplyType: "Supply type (not read)",
};

/** The add-in's own purchase-register template: these headers, in this order. */
export const ADDIN_TEMPLATE_HEADERS: readonly string[] = [
  "Supplier GSTIN",
  "Supplier name",
  "Document type",
  "Document number",
  "Document date",
  "Place of supply",
  "Document value (₹)",
  "Taxable value (₹)",
  "Rate (%)",
  "IGST (₹)",
  "CGST (₹)",
  "SGST/UTGST (₹)",
  "Cess (₹)",
];

export type Confidence = "high" | "medium" | "low";

/**
 * A header label as compared: lower case, ₹ / Rs / INR and "(%)" gone, punctuation as spaces,
 * "paid" / "amount" / "amt" after a tax head dropped ("Integrated Tax Paid" = "Integrated Tax").
 */
export function normaliseHeader(label: string): string {
  let t = label
    .toLowerCase()
    .replace(/₹|\(\s*(?:rs\.?|inr|in rs\.?|rupees)\s*\)|\bin\s+rs\.?|\brs\.?(?=\s|$|\))|\binr\b/g, " ")
    .replace(/'s\b/g, "s")
    .replace(/#/g, " no ")
    .replace(/[^a-z0-9%]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  t = t.replace(/\b(tax|gst|igst|cgst|sgst|utgst|cess)( paid| amount| amt| value)+$/, "$1");
  t = t.replace(/\bnumber\b/g, "no").replace(/\bnum\b/g, "no").replace(/\binv\b/g, "invoice").replace(/\bdt\b/g, "date");
  return t;
}

interface Pattern {
  field: RegisterField;
  confidence: Confidence;
  /** Names the supplier explicitly ("Supplier Invoice No."): wins over a plain "Invoice No.". */
  specific?: true;
  /** Exact normalised labels, or a test on the normalised label. */
  match: readonly string[] | RegExp;
  note?: string;
}

const TAX_EXCLUDE = /\b(availed|itc|eligib|rate|fcy|reversal|reversed|ineligible)\b/;

/** Read top to bottom; for each column the first pattern that matches names its field. */
const PATTERNS: readonly Pattern[] = [
  // -- things that look like the supplier's document but are not --
  { field: "voucherNumber", confidence: "high", match: ["voucher no", "vch no", "voucher", "purchase voucher no", "our ref no", "internal ref no", "purchase order no", "po no", "bill of entry no"] },
  { field: "voucherDate", confidence: "high", match: ["voucher date", "vch date", "posting date", "purchase order date", "po date", "entry date", "booking date", "gl date"] },
  { field: "originalDocNumber", confidence: "high", match: /^(invoice advance (payment|receipt) voucher no|original invoice no|linked invoice no|against invoice no|original document no|original note no)$|^invoice advance (payment|receipt) voucher date$|^original invoice date$/ },
  { field: "supplyType", confidence: "high", match: ["invoice type", "type of inward supplies", "supply type", "note supply type", "gst treatment", "source of supply", "reverse charge", "supply attract reverse charge", "pre gst", "itc availability", "eligibility for itc"] },
  // -- the supplier --
  {
    field: "supplierGstin",
    confidence: "high",
    match: ["gstin of supplier", "gstin of supplier eco", "supplier gstin", "gstin uin of supplier", "supplier gstin uin", "gstin uin", "gstin", "gst identification no gstin", "gst identification no", "vendor gstin", "party gstin", "party gstin uin", "gstin of the supplier", "suppliers gstin", "ctin", "stin", "gstin no", "gst no", "supplier gst no", "party gst no", "vendor gst no", "gstin uin of party", "gst registration no"],
  },
  { field: "supplierGstin", confidence: "medium", match: /\bgstin\b(?!.*\b(recipient|buyer|our|company|ecommerce|eco operator)\b)/ },
  { field: "supplierName", confidence: "high", match: ["trade legal name", "trade name", "legal name", "trade legal name of supplier", "trade legal name of the supplier", "supplier name", "name of supplier", "name of the supplier", "vendor name", "party name", "particulars", "supplier", "vendor", "party", "name", "party account name", "account name", "ledger name"] },
  // -- the supplier's document --
  {
    field: "docNumber",
    confidence: "high",
    specific: true,
    match: ["supplier invoice no", "supplier invoice", "supplier bill no", "suppliers invoice no", "party invoice no", "party bill no", "vendor invoice no", "vendor bill no", "supplier ref no", "suppliers ref no", "supplier document no", "supplier inv no", "party inv no"],
  },
  {
    field: "docNumber",
    confidence: "high",
    match: ["bill no", "bill", "invoice no", "document no", "doc no", "note no", "note refund voucher no", "credit note no", "debit note no", "credit debit note no", "invoice note no", "invoice credit note debit note no", "invoice bill no", "vendor reference no"],
  },
  { field: "docNumber", confidence: "medium", match: /^(supplier|party|vendor)\b.*\b(invoice|bill|ref|reference|document|doc)\b.*\bno\b$|^(ref|reference) no$|^reference$|^invoice\b.*\bno$/ },
  { field: "docNumber", confidence: "low", match: ["vch bill no", "bill voucher no"], note: "this column may hold your voucher number rather than the supplier's invoice number" },
  { field: "docNumber", confidence: "low", match: ["no", "doc", "document"], note: "check that this is the supplier's document number" },
  {
    field: "docDate",
    confidence: "high",
    specific: true,
    match: ["supplier invoice date", "supplier bill date", "suppliers invoice date", "party invoice date", "party bill date", "vendor invoice date", "vendor bill date", "supplier ref date", "supplier document date", "supplier inv date", "party inv date"],
  },
  {
    field: "docDate",
    confidence: "high",
    match: ["bill date", "invoice date", "document date", "doc date", "note date", "note refund voucher date", "credit note date", "debit note date", "invoice note date", "invoice credit note debit note date"],
  },
  { field: "docDate", confidence: "medium", match: /^(supplier|party|vendor)\b.*\bdate$|^invoice\b.*\bdate$/ },
  { field: "docDate", confidence: "low", match: ["date", "dated", "txn date", "transaction date"], note: "a plain Date column may be your voucher date rather than the supplier's invoice date" },
  {
    field: "docType",
    confidence: "high",
    match: ["document type", "doc type", "note type", "type of note", "type of document", "note type credit debit", "document type c d", "note type c d", "invoice note type", "type of document invoice credit note debit note"],
  },
  { field: "docType", confidence: "low", match: ["voucher type", "transaction type", "type", "vch type", "entry type"] },
  { field: "placeOfSupply", confidence: "high", match: ["place of supply", "pos", "place of supply pos", "place of supply name of state ut", "state of supply", "place of supply state"] },
  // -- amounts --
  { field: "value", confidence: "high", match: ["invoice value", "note value", "document value", "total invoice value", "note refund voucher value", "invoice note value", "bill amount", "invoice amount", "gross total", "total amount", "total", "grand total", "total value", "bill value", "document total", "invoice total", "net amount", "bill total", "total bill value", "total amt", "bill amt", "invoice amt", "net amt", "gross amt", "gross amount"] },
  { field: "value", confidence: "low", match: ["value", "amount", "amt"], note: "check that this is the document's total value" },
  { field: "taxableValue", confidence: "high", match: ["taxable value", "taxable amount", "taxable amt", "taxable", "assessable value", "assessable amt", "assessable amount", "taxable value of goods", "taxable val", "taxable value of supply", "value of supply", "net taxable value", "taxable value rs"] },
  { field: "taxableValue", confidence: "medium", match: /^(item total|item amount|sub ?total)$|\bpurchases?\b(?!.*\b(return|order)\b)/, note: "check that this is the taxable value" },
  {
    field: "rate",
    confidence: "high",
    match: ["rate", "rate %", "gst rate", "gst rate %", "tax rate", "tax rate %", "rate of tax", "rate of tax %", "item tax %", "gst %", "igst rate", "applicable rate"],
  },
  { field: "igst", confidence: "high", match: ["integrated tax", "igst", "integrated gst", "integrated tax igst", "igst integrated tax", "input igst"] },
  { field: "cgst", confidence: "high", match: ["central tax", "cgst", "central gst", "central tax cgst", "cgst central tax", "input cgst"] },
  { field: "sgst", confidence: "high", match: ["state ut tax", "state tax", "ut tax", "sgst", "utgst", "sgst utgst", "state gst", "state ut tax sgst utgst", "sgst ut tax", "state ut gst", "input sgst", "sgst ugst"] },
  { field: "cess", confidence: "high", match: ["cess", "compensation cess", "gst cess", "cess tax", "input cess"] },
  // Ledger columns named by the user (Tally): "Input IGST @18%", "CGST 9%".
  { field: "igst", confidence: "medium", match: /\b(igst|integrated tax)\b/, note: "a ledger column; several are added together" },
  { field: "cgst", confidence: "medium", match: /\b(cgst|central tax)\b/, note: "a ledger column; several are added together" },
  { field: "sgst", confidence: "medium", match: /\b(sgst|utgst|state ut tax|state tax)\b/, note: "a ledger column; several are added together" },
  { field: "cess", confidence: "medium", match: /\bcess\b/, note: "a ledger column; several are added together" },
];

const TAX_FIELDS: ReadonlySet<RegisterField> = new Set(["igst", "cgst", "sgst", "cess", "taxableValue"]);

export interface HeaderClass {
  field: RegisterField;
  confidence: Confidence;
  /** Lower is better: 0 names the supplier explicitly, then high, medium, low. */
  rank: number;
  note?: string;
}

const RANK: Record<Confidence, number> = { high: 1, medium: 2, low: 3 };

/** The field a single label names, with the confidence and a note; null when none. */
export function classifyHeader(label: string): HeaderClass | null {
  const n = normaliseHeader(label);
  if (n === "") return null;
  for (const p of PATTERNS) {
    if (TAX_FIELDS.has(p.field) && p.confidence !== "high" && TAX_EXCLUDE.test(n)) continue;
    if (TAX_FIELDS.has(p.field) && p.confidence === "high" && TAX_EXCLUDE.test(n)) continue;
    const hit = Array.isArray(p.match) ? (p.match as readonly string[]).includes(n) : (p.match as RegExp).test(n);
    if (!hit) continue;
    const out: HeaderClass = { field: p.field, confidence: p.confidence, rank: p.specific ? 0 : RANK[p.confidence] };
    if (p.note !== undefined) out.note = p.note;
    return out;
  }
  return null;
}

// ---- the header row --------------------------------------------------------------------

export type RegisterLayout =
  | "matching-offline-tool"
  | "gstr2-b2b"
  | "gstr2-cdnr"
  | "gstr2b-b2b"
  | "gstr2b-cdnr"
  | "tally"
  | "zoho"
  | "busy"
  | "add-in-template"
  | "unknown";

export interface ColumnMatch {
  column: number;
  header: string;
  confidence: Confidence;
  /** Lower is better (see HeaderClass). */
  rank: number;
  note?: string;
}

export interface FieldMatch {
  field: RegisterField;
  /** The columns read (several only for summed amounts), in sheet order. */
  columns: number[];
  headers: string[];
  confidence: Confidence;
  note?: string;
  /** Other columns that could be this field, for the pane to offer. */
  alternatives: ColumnMatch[];
}

/**
 * Where the header is and which columns hold which field. Column and row numbers are 0-based
 * positions in the 2-D array given.
 */
export interface RegisterMapping {
  headerRow: number;
  /** 1, or 2 for the portal's two-row headers (GSTR-2B). Data starts at headerRow + headerRows. */
  headerRows: number;
  columns: Partial<Record<RegisterField, number[]>>;
}

export interface MappingProposal {
  mapping: RegisterMapping;
  /** One entry per field found, in READ_FIELDS order, then the set-aside ones. */
  fields: FieldMatch[];
  /** Required fields with no column. */
  missing: RegisterField[];
  /** Fields where two columns are equally good: the leftmost is used, the pane should ask. */
  ambiguous: RegisterField[];
  /** Columns with a header that names nothing the add-in reads. */
  unmapped: { column: number; header: string }[];
  layout: RegisterLayout;
  /** The header label of each column as read (two-row headers combined). */
  headers: string[];
}

const HEADER_SCAN_ROWS = 40;

function rowLabels(cells: readonly (readonly Cell[])[], r: number): string[] {
  return (cells[r] ?? []).map((c) => (typeof c === "string" ? cellText(c) : ""));
}

function looksLikeData(cells: readonly (readonly Cell[])[], r: number): boolean {
  return (cells[r] ?? []).some((c) => typeof c === "number" || (typeof c === "string" && /^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][0-9A-Z]{3}$/.test(cellText(c).toUpperCase())));
}

function scoreRow(labels: readonly string[]): { score: number; fields: Set<RegisterField> } {
  const fields = new Set<RegisterField>();
  let score = 0;
  for (const l of labels) {
    const c = classifyHeader(l);
    if (!c) continue;
    if (!fields.has(c.field)) score += c.confidence === "high" ? 2 : 1;
    fields.add(c.field);
  }
  for (const f of REQUIRED_FIELDS) if (fields.has(f)) score += 2;
  return { score, fields };
}

/** Labels of a header block: the lower row's label where it has one, else the upper row's. */
function combinedLabels(cells: readonly (readonly Cell[])[], top: number, rows: number): string[] {
  const upper = rowLabels(cells, top);
  if (rows === 1) return upper;
  const lower = rowLabels(cells, top + 1);
  const width = Math.max(upper.length, lower.length);
  const out: string[] = [];
  for (let c = 0; c < width; c++) out.push(lower[c] || upper[c] || "");
  return out;
}

/** The header block: the row among the first 40 naming the most fields, with the row below when it holds sub-headers. */
export function findHeader(cells: readonly (readonly Cell[])[]): { headerRow: number; headerRows: number } | null {
  let best: { row: number; score: number } | null = null;
  const limit = Math.min(cells.length, HEADER_SCAN_ROWS);
  for (let r = 0; r < limit; r++) {
    const { score, fields } = scoreRow(rowLabels(cells, r));
    if (fields.size < 2) continue;
    if (!best || score > best.score) best = { row: r, score };
  }
  if (!best) return null;
  // A two-row header: the row above or below also names fields and holds no data.
  const single = scoreRow(rowLabels(cells, best.row)).score;
  for (const top of [best.row - 1, best.row]) {
    if (top < 0 || top + 1 >= cells.length) continue;
    const other = top === best.row ? top + 1 : top;
    if (looksLikeData(cells, other)) continue;
    const otherScore = scoreRow(rowLabels(cells, other)).fields.size;
    if (otherScore === 0) continue;
    const combined = scoreRow(combinedLabels(cells, top, 2)).score;
    if (combined > single) return { headerRow: top, headerRows: 2 };
  }
  return { headerRow: best.row, headerRows: 1 };
}

function guessLayout(headers: readonly string[]): RegisterLayout {
  const set = new Set(headers.map(normaliseHeader));
  const has = (...labels: string[]) => labels.every((l) => set.has(l));
  if (ADDIN_TEMPLATE_HEADERS.every((h) => set.has(normaliseHeader(h)))) return "add-in-template";
  if (has("supplier invoice no") && (set.has("voucher no") || set.has("voucher type") || set.has("particulars"))) return "tally";
  if (has("gst identification no gstin") || has("bill no", "vendor name") || set.has("gst treatment")) return "zoho";
  if (has("note refund voucher no")) return "gstr2-cdnr";
  if (has("note no", "note type") || has("note no", "note date")) return "gstr2b-cdnr";
  if (has("integrated tax paid") || (has("invoice no", "rate") && set.has("eligibility for itc"))) return "gstr2-b2b";
  if (has("gstin of supplier", "invoice no", "integrated tax") && (set.has("itc availability") || set.has("supply attract reverse charge") || set.has("invoice type"))) return "gstr2b-b2b";
  if (has("type of inward supplies") || (has("document no", "document date", "integrated tax") && set.has("gstin of supplier eco"))) return "matching-offline-tool";
  if (set.has("vch bill no") || (set.has("party name") && set.has("gstin no"))) return "busy";
  return "unknown";
}

/**
 * Proposes where the header is and which column holds each field. The proposal is what the
 * pane shows for confirmation; `applyOverride` applies the user's corrections.
 */
export function proposeMapping(cells: readonly (readonly Cell[])[]): MappingProposal {
  const found = findHeader(cells);
  const headerRow = found?.headerRow ?? 0;
  const headerRows = found?.headerRows ?? 1;
  const headers = found ? combinedLabels(cells, headerRow, headerRows) : [];
  return withTypeFromValues(cells, proposalFor(headers, headerRow, headerRows));
}

const SAMPLE_ROWS = 500;

/**
 * Without a document-type column, a column set aside as a supply type ("Invoice type") whose
 * values read as invoice / credit note / debit note, credit or debit notes among them, is taken
 * as the document type.
 */
function withTypeFromValues(cells: readonly (readonly Cell[])[], p: MappingProposal): MappingProposal {
  if (p.mapping.columns.docType) return p;
  const first = p.mapping.headerRow + p.mapping.headerRows;
  const rows = cells.slice(first, first + SAMPLE_ROWS);
  for (const column of p.mapping.columns.supplyType ?? []) {
    let typed = 0;
    let notes = 0;
    let filled = 0;
    for (const row of rows) {
      const t = cellText(row[column]).toLowerCase().replace(/[^a-z]/g, "");
      if (t === "") continue;
      filled++;
      if (/^(invoice|taxinvoice|inv|creditnote|debitnote|cn|dn|credit|debit)$/.test(t)) typed++;
      if (/^(creditnote|debitnote|cn|dn|credit|debit)$/.test(t)) notes++;
    }
    if (filled === 0 || notes === 0 || typed < filled * 0.9) continue;
    const header = p.headers[column] ?? "";
    const supply = (p.mapping.columns.supplyType ?? []).filter((c) => c !== column);
    const columns = { ...p.mapping.columns, docType: [column] };
    if (supply.length > 0) columns.supplyType = supply;
    else delete columns.supplyType;
    const fields = p.fields.filter((f) => f.field !== "supplyType" || supply.length > 0).map((f) => (f.field === "supplyType" ? { ...f, columns: supply } : f));
    fields.push({ field: "docType", columns: [column], headers: [header], confidence: "medium", note: "its values are invoices, credit notes and debit notes", alternatives: [] });
    const order = new Map<RegisterField, number>([...READ_FIELDS, "voucherNumber", "voucherDate", "originalDocNumber", "supplyType"].map((f, i) => [f as RegisterField, i]));
    fields.sort((a, b) => (order.get(a.field) ?? 99) - (order.get(b.field) ?? 99));
    return { ...p, mapping: { ...p.mapping, columns }, fields };
  }
  return p;
}

function proposalFor(headers: readonly string[], headerRow: number, headerRows: number): MappingProposal {
  const byField = new Map<RegisterField, ColumnMatch[]>();
  const unmapped: { column: number; header: string }[] = [];
  headers.forEach((header, column) => {
    if (header === "") return;
    const c = classifyHeader(header);
    if (!c) {
      unmapped.push({ column, header });
      return;
    }
    const m: ColumnMatch = { column, header, confidence: c.confidence, rank: c.rank };
    if (c.note !== undefined) m.note = c.note;
    const list = byField.get(c.field) ?? [];
    list.push(m);
    byField.set(c.field, list);
  });
  const columns: Partial<Record<RegisterField, number[]>> = {};
  const fields: FieldMatch[] = [];
  const ambiguous: RegisterField[] = [];
  const order: RegisterField[] = [...READ_FIELDS, "voucherNumber", "voucherDate", "originalDocNumber", "supplyType"];
  for (const field of order) {
    const list = byField.get(field);
    if (!list || list.length === 0) continue;
    const bestRank = Math.min(...list.map((m) => m.rank));
    const best = list.filter((m) => m.rank === bestRank);
    // Amounts spread over ledger columns (medium: "Input CGST @9%") are added up; anything else takes one column.
    const summed = SUMMED_FIELDS.has(field) && best[0]?.confidence === "medium";
    const chosen = summed ? best : best.slice(0, 1);
    if (!summed && best.length > 1) ambiguous.push(field);
    const first = chosen[0] as ColumnMatch;
    const fm: FieldMatch = {
      field,
      columns: chosen.map((m) => m.column),
      headers: chosen.map((m) => m.header),
      confidence: first.confidence,
      alternatives: list.filter((m) => !chosen.includes(m)),
    };
    if (first.note !== undefined) fm.note = first.note;
    fields.push(fm);
    columns[field] = fm.columns;
  }
  const missing = REQUIRED_FIELDS.filter((f) => columns[f] === undefined);
  return { mapping: { headerRow, headerRows, columns }, fields, missing, ambiguous, unmapped, layout: guessLayout(headers), headers: [...headers] };
}

/** A column named by its 0-based index, its letter ("C") or its header label. */
export type ColumnRef = number | string;

export interface MappingOverride {
  headerRow?: number;
  headerRows?: number;
  /** Per field: the column(s) to read, or null to read none. */
  columns?: Partial<Record<RegisterField, ColumnRef | ColumnRef[] | null>>;
}

function letterIndex(ref: string): number | null {
  if (!/^[A-Z]{1,3}$/.test(ref)) return null;
  let n = 0;
  for (const ch of ref) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/**
 * The proposal with the user's corrections: a new header row re-reads the headers; each field
 * given takes the columns named (by index, letter or header label, case and spacing ignored).
 * Throws when a column cannot be found, naming the field.
 */
export function applyOverride(cells: readonly (readonly Cell[])[], proposal: MappingProposal, override: MappingOverride): MappingProposal {
  let base = proposal;
  if (override.headerRow !== undefined && (override.headerRow !== proposal.mapping.headerRow || (override.headerRows ?? 1) !== proposal.mapping.headerRows)) {
    const rows = override.headerRows ?? 1;
    base = proposalFor(combinedLabels(cells, override.headerRow, rows), override.headerRow, rows);
  }
  if (!override.columns) return base;
  const normalisedHeaders = base.headers.map(normaliseHeader);
  const resolve = (field: RegisterField, ref: ColumnRef): number => {
    if (typeof ref === "number") {
      if (!Number.isInteger(ref) || ref < 0) throw new Error(`Column for ${field}: ${ref} is not a column index`);
      return ref;
    }
    const byHeader = normalisedHeaders.indexOf(normaliseHeader(ref));
    if (byHeader >= 0) return byHeader;
    const byLetter = letterIndex(ref.trim().toUpperCase());
    if (byLetter !== null) return byLetter;
    throw new Error(`Column for ${field}: no header "${ref}"`);
  };
  const columns: Partial<Record<RegisterField, number[]>> = { ...base.mapping.columns };
  const fields = base.fields.filter((f) => !(f.field in override.columns!));
  const taken = new Set<number>();
  for (const [key, ref] of Object.entries(override.columns) as [RegisterField, ColumnRef | ColumnRef[] | null | undefined][]) {
    if (ref === undefined) continue;
    if (ref === null) {
      delete columns[key];
      continue;
    }
    const cols = (Array.isArray(ref) ? ref : [ref]).map((r) => resolve(key, r));
    for (const c of cols) taken.add(c);
    columns[key] = cols;
    fields.push({ field: key, columns: cols, headers: cols.map((c) => base.headers[c] ?? ""), confidence: "high", note: "set by you", alternatives: [] });
  }
  // A column the user gave to one field is no longer read for another.
  for (const [key, cols] of Object.entries(columns) as [RegisterField, number[]][]) {
    if (key in override.columns) continue;
    const kept = cols.filter((c) => !taken.has(c));
    if (kept.length === 0) delete columns[key];
    else columns[key] = kept;
  }
  const order = new Map<RegisterField, number>([...READ_FIELDS, "voucherNumber", "voucherDate", "originalDocNumber", "supplyType"].map((f, i) => [f as RegisterField, i]));
  fields.sort((a, b) => (order.get(a.field) ?? 99) - (order.get(b.field) ?? 99));
  const finalFields = fields.filter((f) => columns[f.field] !== undefined).map((f) => ({ ...f, columns: columns[f.field] as number[] }));
  return {
    ...base,
    mapping: { ...base.mapping, columns },
    fields: finalFields,
    missing: REQUIRED_FIELDS.filter((f) => columns[f] === undefined),
    ambiguous: base.ambiguous.filter((f) => !(f in override.columns!)),
  };
}
