/**
 * Reading one purchase-register cell: what Excel (or a CSV) gives is a string, a number, a
 * boolean or "" for an empty cell. Each parser returns the domain value (paise, ISO date,
 * 2-digit state code, document type) or a `CellError` saying what was wrong; none throws.
 */
import type { IsoDate } from "../periods";

/** A cell value as Excel's `Range.values` gives it. */
export type Cell = string | number | boolean | null | undefined;

export interface CellError {
  error: string;
}

export function isCellError(v: unknown): v is CellError {
  return typeof v === "object" && v !== null && "error" in v;
}

/** The text of a cell, trimmed ("" for empty, booleans as TRUE/FALSE). */
export function cellText(c: Cell): string {
  if (c === null || c === undefined) return "";
  if (typeof c === "string") return c.replace(/[\u00a0\u2007\u202f]/g, " ").trim();
  if (typeof c === "boolean") return c ? "TRUE" : "FALSE";
  if (!Number.isFinite(c)) return "";
  // Integers as written (Excel keeps 00123 only as text; a number 123 reads "123").
  return String(c);
}

export function isBlank(c: Cell): boolean {
  return cellText(c) === "";
}

// ---- amounts ---------------------------------------------------------------------------

const AMOUNT_TEXT = /^([+-]?)(\d{1,3}(?:,\d{2,3})+|\d+)?(?:\.(\d*))?([+-]?)$/;

/**
 * Paise of an amount cell: numbers as they are (rounded to the paisa), text with commas in any
 * grouping (Indian 1,23,456.78 or 123,456.78), ₹ / Rs. / INR, spaces, a leading or trailing
 * minus, or brackets for a negative. Empty is null (the caller decides whether that is zero).
 */
export function parseAmount(c: Cell): number | null | CellError {
  if (typeof c === "number") {
    if (!Number.isFinite(c)) return { error: "not a finite number" };
    const p = Math.round(c * 100);
    return Number.isSafeInteger(p) ? (p === 0 ? 0 : p) : { error: "too large" };
  }
  if (typeof c === "boolean") return { error: "a TRUE/FALSE value, not an amount" };
  let t = cellText(c);
  if (t === "" || t === "-" || t === "–") return null;
  let negative = false;
  if (/^\(.*\)$/.test(t)) {
    negative = true;
    t = t.slice(1, -1).trim();
  }
  t = t
    .replace(/₹|\bINR\b|\bRs\.?/gi, "")
    .replace(/[\s\u00a0]/g, "");
  if (/^\(.*\)$/.test(t)) {
    negative = !negative;
    t = t.slice(1, -1);
  }
  const m = AMOUNT_TEXT.exec(t);
  if (!m || (m[2] === undefined && (m[3] === undefined || m[3] === ""))) return { error: `"${cellText(c)}" is not an amount` };
  if (m[1] && m[4]) return { error: `"${cellText(c)}" has two signs` };
  if (m[1] === "-" || m[4] === "-") negative = !negative;
  const whole = (m[2] ?? "0").replace(/,/g, "");
  const frac = m[3] ?? "";
  // Round the fraction to 2 places, half away from zero, on the digits themselves.
  let paise = Number(whole) * 100 + Number((frac + "00").slice(0, 2));
  if (frac.length > 2 && Number(frac.charAt(2)) >= 5) paise += 1;
  if (!Number.isSafeInteger(paise)) return { error: `"${cellText(c)}" is too large` };
  return negative && paise !== 0 ? -paise : paise;
}

/** A tax rate in percent ("18", "18%", 0.18 as Excel shows 18% formatted cells), or null when empty. */
export function parseRate(c: Cell): number | null | CellError {
  if (typeof c === "number") return c > 0 && c < 1 ? Math.round(c * 10000) / 100 : c;
  const t = cellText(c).replace(/%$/, "").trim();
  if (t === "") return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : { error: `"${cellText(c)}" is not a rate` };
}

// ---- dates -----------------------------------------------------------------------------

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
};

function isoOf(year: number, month: number, day: number): IsoDate | null {
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2200) return null;
  const dim = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > dim) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function fullYear(y: string): number {
  const n = Number(y);
  return y.length <= 2 ? 2000 + n : n;
}

/** Excel's serial day number (1900 date system) to ISO; 25569 is 1970-01-01. */
export function excelSerialToIso(serial: number): IsoDate | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 109574) return null;
  const ms = Math.round((Math.floor(serial) - 25569) * 86_400_000);
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * An ISO date from dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy (2-digit years are 20yy), 12-Jul-17,
 * 12 July 2017, ISO (with or without a time), or an Excel serial (as a number or digits).
 * Day first, as in India; month first only when the day-first reading is impossible.
 * Empty is null.
 */
export function parseDate(c: Cell): IsoDate | null | CellError {
  if (typeof c === "number") return excelSerialToIso(c) ?? { error: `${c} is not a date` };
  if (typeof c === "boolean") return { error: "a TRUE/FALSE value, not a date" };
  const t = cellText(c);
  if (t === "") return null;
  const bad = { error: `"${t}" is not a date` };
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(t);
  if (m) return isoOf(Number(m[1]), Number(m[2]), Number(m[3])) ?? bad;
  m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(t);
  if (m) return isoOf(Number(m[1]), Number(m[2]), Number(m[3])) ?? bad;
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:\s+[\d:.]+(?:\s*[AP]M)?)?$/i.exec(t);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = fullYear(m[3] as string);
    return isoOf(y, b, a) ?? isoOf(y, a, b) ?? bad;
  }
  m = /^(\d{1,2})[-/.\s]*([A-Za-z]{3,9})[-/.,\s]*(\d{2}|\d{4})$/.exec(t);
  if (m) {
    const month = MONTHS[(m[2] as string).toLowerCase()];
    return month ? (isoOf(fullYear(m[3] as string), month, Number(m[1])) ?? bad) : bad;
  }
  m = /^([A-Za-z]{3,9})[-/.\s]+(\d{1,2}),?[-/.\s]+(\d{4})$/.exec(t);
  if (m) {
    const month = MONTHS[(m[1] as string).toLowerCase()];
    return month ? (isoOf(Number(m[3]), month, Number(m[2])) ?? bad) : bad;
  }
  if (/^\d{5}(\.\d+)?$/.test(t)) return excelSerialToIso(Number(t)) ?? bad;
  return bad;
}

// ---- place of supply -------------------------------------------------------------------

/** GST state codes and names (with the common older spellings). */
export const STATE_CODES: Readonly<Record<string, string>> = {
  "01": "Jammu and Kashmir", "02": "Himachal Pradesh", "03": "Punjab", "04": "Chandigarh", "05": "Uttarakhand",
  "06": "Haryana", "07": "Delhi", "08": "Rajasthan", "09": "Uttar Pradesh", "10": "Bihar", "11": "Sikkim",
  "12": "Arunachal Pradesh", "13": "Nagaland", "14": "Manipur", "15": "Mizoram", "16": "Tripura", "17": "Meghalaya",
  "18": "Assam", "19": "West Bengal", "20": "Jharkhand", "21": "Odisha", "22": "Chhattisgarh", "23": "Madhya Pradesh",
  "24": "Gujarat", "25": "Daman and Diu", "26": "Dadra and Nagar Haveli and Daman and Diu", "27": "Maharashtra",
  "28": "Andhra Pradesh (Old)", "29": "Karnataka", "30": "Goa", "31": "Lakshadweep", "32": "Kerala", "33": "Tamil Nadu",
  "34": "Puducherry", "35": "Andaman and Nicobar Islands", "36": "Telangana", "37": "Andhra Pradesh", "38": "Ladakh",
  "96": "Foreign Country", "97": "Other Territory",
};

function stateKey(name: string): string {
  return name.toLowerCase().replace(/&/g, "and").replace(/[^a-z]/g, "");
}

const STATE_BY_NAME = new Map<string, string>([
  ...Object.entries(STATE_CODES).map(([code, name]) => [stateKey(name), code] as [string, string]),
  ["orissa", "21"], ["pondicherry", "34"], ["uttaranchal", "05"], ["jammuandkashmir", "01"], ["jandk", "01"],
  ["andhrapradeshnew", "37"], ["andhrapradeshold", "28"], ["newdelhi", "07"], ["nctofdelhi", "07"], ["dadraandnagarhaveli", "26"],
  ["othercountry", "96"], ["overseas", "96"],
]);

/** "27", "27-Maharashtra", "27 - Maharashtra", "Maharashtra", 27 → "27"; empty → null. */
export function parsePlaceOfSupply(c: Cell): string | null | CellError {
  if (typeof c === "number") {
    const code = String(Math.trunc(c)).padStart(2, "0");
    return STATE_CODES[code] !== undefined ? code : { error: `${c} is not a state code` };
  }
  const t = cellText(c);
  if (t === "") return null;
  const m = /^(\d{1,2})(?:\s*[-–:)]?\s*([A-Za-z&. ()]*))?$/.exec(t);
  if (m) {
    const code = (m[1] as string).padStart(2, "0");
    if (STATE_CODES[code] !== undefined) return code;
  }
  const byName = STATE_BY_NAME.get(stateKey(t));
  return byName ?? { error: `"${t}" is not a place of supply` };
}

// ---- document type ---------------------------------------------------------------------

export type PrDocType = "invoice" | "credit" | "debit";

/**
 * "Invoice", "Tax Invoice", "Purchase", "Regular", "B2B", "R", "INV" → invoice; "Credit Note",
 * "C", "CN", "CDN-C", "Purchase Return" → credit; "Debit Note", "D", "DN" → debit. Empty is null.
 */
export function parseDocType(c: Cell): PrDocType | null | CellError {
  const t = cellText(c).toLowerCase().replace(/[^a-z]/g, "");
  if (t === "") return null;
  if (/^(c|cn|cr|crn|credit|creditnote|creditnotes|cdnc|purchasereturn|purchasereturns|returnnote)$/.test(t)) return "credit";
  if (/^(d|dn|dr|dbn|debit|debitnote|debitnotes|cdnd|supplementaryinvoice)$/.test(t)) return "debit";
  if (/^(i|inv|invoice|invoices|taxinvoice|billofsupply|bill|purchase|purchases|regular|r|b2b|b2ba|de|sezwp|sezwop|sewp|sewop|deemedexport|purchaseinvoice)$/.test(t)) return "invoice";
  return { error: `"${cellText(c)}" is not a document type (invoice, credit note or debit note)` };
}

// ---- GSTIN -----------------------------------------------------------------------------

/** Upper-cased, spaces removed; an error unless it has a GSTIN's 15-character shape. */
export function parseGstin(c: Cell): string | null | CellError {
  const t = cellText(c).toUpperCase().replace(/[\s-]/g, "");
  if (t === "") return null;
  return /^[0-9]{2}[0-9A-Z]{13}$/.test(t) ? t : { error: `"${cellText(c)}" is not a GSTIN` };
}
