/**
 * What Excel does to a value written to a cell (docs/excel-api-subset.md, "Cell type coercion").
 *
 * - Text-format cells ("@") keep strings exactly as written, apostrophe and leading "=" included.
 *   Numbers and booleans written through the API stay numbers and booleans.
 * - In any other format a string is parsed like typed input: `'` prefix → text without the
 *   apostrophe; `=…` → formula; `+…` and `@…` → formula `=+…`/`=@…`; `-…` → a negative number
 *   if the rest is numeric, else the formula `=-…`; numeric text (`00123`, `1E5`, `1,234`,
 *   ` 42 `, `12%`, `(5)`) → number; TRUE/FALSE → boolean; date-like text → date serial; anything
 *   else → text.
 * - Excel keeps 15 significant digits: longer digit strings are truncated ("1234567890123456" →
 *   1234567890123450), and doubles are rounded to 15 digits (0.1+0.2 → 0.3).
 * - If the cell's format is General, Excel also sets a number format that matches what was typed
 *   (dates, "#,##0", "0%", "0.00E+00").
 *
 * Date order: `Range.values` parses as en-US (month first: "05-11-2025" is 11 May 2025 and
 * "19-8-2025" stays text), whatever the user's locale, per the @types/office-js comment on
 * `Range.values`. Typing in the grid follows the user's locale (the fake's `userDateOrder`, DMY
 * for en-IN by default).
 */
import type { Scalar } from "./cells";
import { serialFromParts } from "./dates";
import { evaluateFormula } from "./formula";

export type DateOrder = "MDY" | "DMY";

export interface CoerceOptions {
  dateOrder: DateOrder;
  /** Year used for dates typed without one ("Nov 5", "1-2"). */
  currentYear: number;
}

/** The result of coercing one input; reused between calls (read it before the next call). */
export interface Coerced {
  /** "skip": null/undefined/NaN input, the cell is left unchanged. */
  kind: "skip" | "clear" | "set";
  value: Scalar | undefined;
  formula: string | undefined;
  /** A number format Excel applies when the cell's format is General. */
  autoFormat: string | undefined;
}

export const TEXT_FORMAT = "@";
export const GENERAL = "General";

const out: Coerced = { kind: "skip", value: undefined, formula: undefined, autoFormat: undefined };

function setOut(kind: Coerced["kind"], value: Scalar | undefined, formula?: string, autoFormat?: string): Coerced {
  out.kind = kind;
  out.value = value;
  out.formula = formula;
  out.autoFormat = autoFormat;
  return out;
}

/** Doubles are kept to 15 significant digits, as Excel stores them. */
export function round15(n: number): number {
  const abs = Math.abs(n);
  if (abs < 1e15 && Number.isInteger(n)) return n;
  // Fast path: at most 6 decimals and 9 integer digits fit in 15 significant digits.
  if (abs < 1e9) {
    const m = n * 1e6;
    if (m === Math.round(m)) return n;
  }
  const r = Number(n.toPrecision(15));
  return Object.is(r, -0) ? 0 : r;
}

/**
 * Coerces one written value for a cell whose current number format is `cellFormat`.
 * Returns a shared object: copy what you need before calling again.
 */
export function coerce(input: unknown, cellFormat: string, opts: CoerceOptions): Coerced {
  if (input === null || input === undefined) return setOut("skip", undefined);
  if (typeof input === "number") {
    // JSON.stringify turns NaN/Infinity into null, and null means "leave the cell alone".
    if (!Number.isFinite(input)) return setOut("skip", undefined);
    return setOut("set", round15(input));
  }
  if (typeof input === "boolean") return setOut("set", input);
  if (input instanceof Date) return coerce(input.toISOString(), cellFormat, opts);
  if (typeof input !== "string") return setOut("set", String(input));
  const s = input;
  if (s.length === 0) return setOut("clear", undefined);
  if (cellFormat === TEXT_FORMAT) return setOut("set", s);
  return coerceString(s, opts);
}

function coerceString(s: string, opts: CoerceOptions): Coerced {
  const c0 = s.charCodeAt(0);
  // Fast path: plain text starting with a letter that can't be a month name or TRUE/FALSE.
  if (((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122)) && (s.length > 20 || !MAYBE_WORD_VALUE.test(s))) {
    return setOut("set", s);
  }
  switch (c0) {
    case 39 /* ' */:
      return s.length === 1 ? setOut("clear", undefined) : setOut("set", s.slice(1));
    case 61 /* = */:
      if (s.length === 1) return setOut("set", s);
      return setOut("set", evaluateFormula(s), s);
    case 43 /* + */:
    case 64 /* @ */:
      if (s.length === 1) return setOut("set", s);
      return formulaFrom("=" + s);
    case 45 /* - */: {
      if (s.length === 1) return setOut("set", s);
      const n = parseNumber(s);
      if (n) return setOut("set", n.value, undefined, n.format);
      return formulaFrom("=" + s);
    }
    default:
      break;
  }
  const n = parseNumber(s);
  if (n) return setOut("set", n.value, undefined, n.format);
  const upper = s.length <= 5 ? s.toUpperCase() : "";
  if (upper === "TRUE") return setOut("set", true);
  if (upper === "FALSE") return setOut("set", false);
  const d = parseDate(s, opts);
  if (d) return setOut("set", d.serial, undefined, d.format);
  return setOut("set", s);
}

function formulaFrom(formula: string): Coerced {
  return setOut("set", evaluateFormula(formula), formula);
}

const MAYBE_WORD_VALUE = /^(?:true|false|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;

// ---------------------------------------------------------------------------------------------
// Numbers

const MANTISSA = /^(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/;

/** Keeps the first 15 significant digits of a plain digit string, zeroing the rest (Excel truncates). */
function truncateDigits(intPart: string, frac: string): string {
  const digits = intPart + frac;
  const firstSig = digits.search(/[1-9]/);
  if (firstSig < 0 || digits.length - firstSig <= 15) return frac ? `${intPart}.${frac}` : intPart;
  const keep = firstSig + 15;
  const kept = digits.slice(0, keep) + "0".repeat(Math.max(0, digits.length - keep));
  const i = kept.slice(0, intPart.length);
  const f = kept.slice(intPart.length);
  return f ? `${i}.${f}` : i;
}

/** Parses numeric text the way Excel's input parser does; null when it is not a number. */
export function parseNumber(raw: string): { value: number; format: string | undefined } | null {
  let s = raw.trim();
  if (s.length === 0 || s.length > 64) return null;
  let negative = false;
  let percent = false;
  if (s.startsWith("(") && s.endsWith(")")) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  if (s.endsWith("%")) {
    percent = true;
    s = s.slice(0, -1).trim();
  }
  const sign = s[0];
  if (sign === "+" || sign === "-") {
    if (negative) return null;
    negative = sign === "-";
    s = s.slice(1);
  }
  let exponent = 0;
  let scientific = false;
  const e = s.search(/[eE]/);
  if (e >= 0) {
    const exp = s.slice(e + 1);
    if (!/^[+-]?\d{1,3}$/.test(exp)) return null;
    exponent = Number(exp);
    scientific = true;
    s = s.slice(0, e);
  }
  const m = MANTISSA.exec(s);
  if (!m) return null;
  const intRaw = m[1] ?? "";
  const frac = m[2] ?? "";
  if (intRaw.length === 0 && frac.length === 0) return null;
  const grouped = intRaw.includes(",");
  const intPart = intRaw.replace(/,/g, "");
  let value = Number(truncateDigits(intPart || "0", frac));
  if (scientific) value = Number(`${value}e${exponent}`);
  if (percent) value = value / 100;
  if (!Number.isFinite(value)) return null;
  value = round15(negative ? -value : value);
  if (Object.is(value, -0)) value = 0;
  let format: string | undefined;
  if (percent) format = frac.length > 0 ? "0.00%" : "0%";
  else if (scientific) format = "0.00E+00";
  else if (grouped) format = frac.length > 0 ? "#,##0.00" : "#,##0";
  return { value, format };
}

// ---------------------------------------------------------------------------------------------
// Dates

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
};

function yearFrom(text: string): number {
  const y = Number(text);
  if (text.length === 4) return y;
  return y < 30 ? 2000 + y : 1900 + y;
}

export function shortDateFormat(order: DateOrder): string {
  return order === "MDY" ? "m/d/yyyy" : "dd-mm-yyyy";
}

/** Parses date-like text; null when Excel would keep it as text. */
export function parseDate(raw: string, opts: CoerceOptions): { serial: number; format: string } | null {
  const s = raw.trim().replace(/\s+/g, " ");
  if (s.length < 3 || s.length > 24) return null;
  let m: RegExpExecArray | null;
  const short = shortDateFormat(opts.dateOrder);
  const withOrder = (a: number, b: number): [number, number] => (opts.dateOrder === "MDY" ? [a, b] : [b, a]);

  if ((m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(s))) {
    const serial = serialFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
    return serial === null ? null : { serial, format: short };
  }
  if ((m = /^(\d{1,2})([-/])(\d{1,2})\2(\d{1,2}|\d{4})$/.exec(s))) {
    const [mon, day] = withOrder(Number(m[1]), Number(m[3]));
    const serial = serialFromParts(yearFrom(m[4] ?? ""), mon, day);
    return serial === null ? null : { serial, format: short };
  }
  if ((m = /^(\d{1,2})[-/](\d{1,2})$/.exec(s))) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const [mon, day] = withOrder(a, b);
    const serial = serialFromParts(opts.currentYear, mon, day);
    if (serial !== null) return { serial, format: "d-mmm" };
    // "2-30": not a day of February, so Excel reads month-year (Feb 1930).
    if (opts.dateOrder === "MDY" && a >= 1 && a <= 12 && (m[2] ?? "").length === 2) {
      const my = serialFromParts(yearFrom(m[2] ?? ""), a, 1);
      if (my !== null) return { serial: my, format: "mmm-yy" };
    }
    return null;
  }
  if ((m = /^(\d{1,2})[-/](\d{4})$/.exec(s))) {
    const serial = serialFromParts(Number(m[2]), Number(m[1]), 1);
    return serial === null ? null : { serial, format: "mmm-yy" };
  }
  if ((m = /^(\d{1,2})[- ]([A-Za-z]{3,9})\.?(?:[- ,]+(\d{2}|\d{4}))?$/.exec(s))) {
    const mon = MONTHS[(m[2] ?? "").toLowerCase()];
    if (mon === undefined) return null;
    const year = m[3] ? yearFrom(m[3]) : opts.currentYear;
    const serial = serialFromParts(year, mon, Number(m[1]));
    return serial === null ? null : { serial, format: m[3] ? "d-mmm-yy" : "d-mmm" };
  }
  if ((m = /^([A-Za-z]{3,9})\.?[- ](\d{1,2})(?:,? ?[- ]?(\d{4}))?$/.exec(s))) {
    const mon = MONTHS[(m[1] ?? "").toLowerCase()];
    if (mon === undefined) return null;
    const year = m[3] ? Number(m[3]) : opts.currentYear;
    const serial = serialFromParts(year, mon, Number(m[2]));
    return serial === null ? null : { serial, format: m[3] ? "d-mmm-yy" : "d-mmm" };
  }
  if ((m = /^([A-Za-z]{3,9})\.?[- ](\d{4})$/.exec(s))) {
    const mon = MONTHS[(m[1] ?? "").toLowerCase()];
    if (mon === undefined) return null;
    const serial = serialFromParts(Number(m[2]), mon, 1);
    return serial === null ? null : { serial, format: "mmm-yy" };
  }
  return null;
}
