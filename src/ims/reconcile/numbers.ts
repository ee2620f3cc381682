/**
 * Document numbers as the matcher compares them. One number gives several keys, from strict to
 * loose; the rules (rules.ts) say which key each step compares.
 *
 *   "INV/2025-26/00123"  compact "INV20252600123"  norm "123"    serial "123"  fy 2025
 *   "Inv 123"            compact "INV123"          norm "123"    serial "123"  fy null
 *   "MH123/25-26"        compact "MH1232526"       norm "MH123"  serial "123"  fy 2025
 *   "GST/0042/2025"      (dated 2025-08-01)        norm "42"     serial "42"   fy null
 *
 * - compact: upper case, letters and digits only (separators, spaces and case forgotten);
 * - norm: without financial-year fragments standing on their own (2025-26, 2025-2026, 25-26,
 *   2526, 202526, FY25-26), without a calendar year of the document's FY standing on its own
 *   ("…/2025", "R-45/2025-1"), without leading prefix words (INV, INVOICE, BILL, NO, TAX, …),
 *   and without leading zeros in each digit group;
 * - serial: the last digit group of norm (without leading zeros) with letters glued after it;
 * - stem: norm without a short trailing group ("123/2" → "123"), for the lines of a split document;
 * - variants: norm and serial once a financial year glued to a digit group is taken off
 *   ("INV25260123" → "123"), for each way of reading it;
 * - fy: the financial year a fragment in the number names (its first calendar year), or null.
 *
 * A year pair like "25-26" or "2526" could be part of a number; it counts as a financial year
 * only within a year of the document's own (when the date is known), and never when it is the
 * only digit group left.
 */

export interface NumberKeys {
  /** Trimmed, inner whitespace collapsed. */
  raw: string;
  compact: string;
  norm: string;
  serial: string | null;
  stem: string | null;
  fy: number | null;
  /**
   * Other readings of a number whose serial has a financial year glued to it ("DL08202526" is
   * DL 0820 + 2526, or DL 08 + 202526): norm and serial with the fragment taken off, at most three.
   */
  variants: readonly { norm: string; serial: string | null }[];
}

/** Words a person puts before the number itself: dropped from `norm` when leading. */
const PREFIX_WORDS = new Set([
  "INV", "INVOICE", "INVOICES", "INVC", "INVNO", "BILL", "BILLNO", "BL", "NO", "NUM", "NUMBER", "TAX", "TAXINV", "TI", "SI", "SINV",
  "PI", "GST", "GSTINV", "RI", "DOC", "DOCUMENT", "REF", "VCH", "CN", "CRN", "CR", "CREDIT", "NOTE", "DN", "DBN", "DR", "DEBIT", "SR", "SRNO",
]);

const MIN_YY = 10;
const MAX_VARIANTS = 3;
const NO_READINGS: { run: number; text: string }[] = [];
const NO_VARIANTS: readonly { norm: string; serial: string | null }[] = Object.freeze([]);
const MAX_YY = 45;
const MAX_RUNS = 64;
const NOT_ALNUM = /[^A-Z0-9]/g;
/** Reused to build strings in one piece (a concatenation would be flattened again when hashed). */
const parts: string[] = [];

// Scratch space for one call (the matcher calls this 200k times; no allocation per run).
const runStart = new Int32Array(MAX_RUNS);
const runEnd = new Int32Array(MAX_RUNS);
const runDigit = new Uint8Array(MAX_RUNS);
const runSep = new Uint8Array(MAX_RUNS);
const runGone = new Uint8Array(MAX_RUNS);

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The value of the digits upper[start, end), or -1 when longer than 9 digits. */
function digitsValue(upper: string, start: number, end: number): number {
  if (end - start > 9) return -1;
  let v = 0;
  for (let k = start; k < end; k++) v = v * 10 + (upper.charCodeAt(k) - 48);
  return v;
}

function twoDigitsAt(s: string, i: number): number {
  return (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);
}

/** The financial year (its first calendar year) of an ISO date: April to March. */
export function fyOfDate(iso: string | null | undefined): number | null {
  if (!iso || iso.length < 7) return null;
  const y = twoDigitsAt(iso, 0) * 100 + twoDigitsAt(iso, 2);
  const m = twoDigitsAt(iso, 5);
  if (!(y > 0) || !(m >= 1 && m <= 12)) return null;
  return m >= 4 ? y : y - 1;
}

function plausibleYear(year: number, strong: boolean, dateFy: number | null): boolean {
  const yy = year % 100;
  if (yy < MIN_YY || yy > MAX_YY) return false;
  return strong || dateFy === null || (year >= dateFy - 1 && year <= dateFy + 1);
}

/** The FY a whole digit group names on its own ("202526", "20252026", "2526"), or null. */
function fyOfGroup(upper: string, start: number, end: number, dateFy: number | null): number | null {
  const len = end - start;
  if (len === 6 && upper.charCodeAt(start) === 50 && upper.charCodeAt(start + 1) === 48) {
    const a = digitsValue(upper, start + 2, start + 4);
    const b = digitsValue(upper, start + 4, start + 6);
    if (b === (a + 1) % 100 && plausibleYear(2000 + a, true, dateFy)) return 2000 + a;
  }
  if (len === 8 && upper.charCodeAt(start) === 50 && upper.charCodeAt(start + 1) === 48 && upper.charCodeAt(start + 4) === 50 && upper.charCodeAt(start + 5) === 48) {
    const a = digitsValue(upper, start + 2, start + 4);
    const b = digitsValue(upper, start + 6, start + 8);
    if (b === a + 1 && plausibleYear(2000 + a, true, dateFy)) return 2000 + a;
  }
  if (len === 4) {
    const a = digitsValue(upper, start, start + 2);
    const b = digitsValue(upper, start + 2, start + 4);
    if (b === a + 1 && plausibleYear(2000 + a, false, dateFy)) return 2000 + a;
  }
  return null;
}

function twoDigits(n: number): string {
  return String(n % 100).padStart(2, "0");
}

const GLUED = new Map<number, readonly string[]>();

/** An FY as written glued to a serial, for the document's FY and its neighbours: "20252026", "202526", "2526". */
function gluedForms(dateFy: number): readonly string[] {
  let forms = GLUED.get(dateFy);
  if (!forms) {
    const out: string[] = [];
    for (const year of [dateFy, dateFy - 1, dateFy + 1]) {
      const a = twoDigits(year);
      const b = twoDigits(year + 1);
      out.push(`20${a}20${b}`, `20${a}${b}`, `${a}${b}`);
    }
    forms = out;
    GLUED.set(dateFy, forms);
  }
  return forms;
}

function stripZeros(t: string): string {
  let i = 0;
  while (i < t.length - 1 && t.charCodeAt(i) === 48) i++;
  return i === 0 ? t : t.slice(i);
}

/**
 * The keys of a document number. `dateFy` (the FY of the document's date) lets a fragment glued
 * to the serial be recognised, and tells a year pair from a part of the number.
 */
export function numberKeys(number: string, dateFy: number | null = null): NumberKeys {
  let raw = number.trim();
  if (/\s\s|[\t\n\r]/.test(raw)) raw = raw.replace(/\s+/g, " ");
  const upper = /[a-z]/.test(raw) ? raw.toUpperCase() : raw;

  // Runs of letters or digits, and whether a separator came before each.
  let n = 0;
  let sep = 0;
  let i = 0;
  while (i < upper.length) {
    const c = upper.charCodeAt(i);
    const d = isDigitCode(c);
    if (!d && !(c >= 65 && c <= 90)) {
      sep = 1;
      i++;
      continue;
    }
    const start = i;
    while (i < upper.length) {
      const c2 = upper.charCodeAt(i);
      const d2 = isDigitCode(c2);
      if (d2 !== d || (!d2 && !(c2 >= 65 && c2 <= 90))) break;
      i++;
    }
    if (n < MAX_RUNS) {
      runStart[n] = start;
      runEnd[n] = i;
      runDigit[n] = d ? 1 : 0;
      runSep[n] = sep;
      runGone[n] = 0;
      n++;
    }
    sep = 0;
  }
  let separated = n !== 1 || runStart[0] !== 0 || runEnd[0] !== upper.length;
  if (separated && n > 0 && runStart[0] === 0 && runEnd[n - 1] === upper.length) {
    separated = false;
    for (let k = 1; k < n; k++) if (runSep[k]) separated = true;
  }
  const compact = separated ? upper.replace(NOT_ALNUM, "") : upper;
  let digitRuns = 0;
  for (let k = 0; k < n; k++) digitRuns += runDigit[k] as number;

  let fy: number | null = null;
  // Separated fragments, every one. A pair like "2024/25" or "26-27" can be part of the number,
  // so the fragments naming the document's own FY go first ("KAX2024/25-26" is KAX2024 of
  // 2025-26), the unambiguous "2025-26" / "2025-2026" before the two-digit "25-26", and from
  // the right ("GST/2024/2025-26" keeps 2024).
  for (let pass = 0; pass < 4; pass++) {
    const ownYearOnly = pass < 2;
    if (ownYearOnly && dateFy === null) continue;
    const strong = pass % 2 === 0;
    for (let k = n - 2; k >= 0; k--) {
      if (!runDigit[k] || runGone[k] || !runDigit[k + 1] || !runSep[k + 1] || runGone[k + 1]) continue;
      const la = (runEnd[k] as number) - (runStart[k] as number);
      const lb = (runEnd[k + 1] as number) - (runStart[k + 1] as number);
      const a = digitsValue(upper, runStart[k] as number, runEnd[k] as number);
      const b = digitsValue(upper, runStart[k + 1] as number, runEnd[k + 1] as number);
      let year = -1;
      if (strong) {
        if (la === 4 && a >= 2000 && a < 2100 && ((lb === 2 && b === (a + 1) % 100) || (lb === 4 && b === a + 1))) year = a;
      } else if (la === 2 && lb === 2 && b === a + 1) year = 2000 + a;
      if (year < 0 || (ownYearOnly && year !== dateFy) || !plausibleYear(year, strong, dateFy) || digitRuns <= 2) continue;
      runGone[k] = 1;
      runGone[k + 1] = 1;
      digitRuns -= 2;
      if (fy === null) fy = year;
      k--;
    }
  }
  // Whole groups: "202526", "20252026", "2526".
  for (let k = 0; k < n; k++) {
    if (!runDigit[k] || runGone[k] || digitRuns <= 1) continue;
    const year = fyOfGroup(upper, runStart[k] as number, runEnd[k] as number, dateFy);
    if (year !== null) {
      runGone[k] = 1;
      digitRuns--;
      if (fy === null) fy = year;
    }
  }
  // A lone calendar year of the document's financial year standing on its own, anywhere
  // ("INV/123/2025", "R-0045/2025-1"), as long as another digit group is left.
  if (dateFy !== null) {
    for (let k = 0; k < n && digitRuns > 1; k++) {
      if (!runDigit[k] || runGone[k] || (runEnd[k] as number) - (runStart[k] as number) !== 4) continue;
      if (k > 0 && !runSep[k]) continue;
      if (k + 1 < n && !runSep[k + 1]) continue;
      // The FY's two calendar years, or the one before (a date shifted across 1 April).
      const y = digitsValue(upper, runStart[k] as number, runEnd[k] as number);
      if (y >= dateFy - 1 && y <= dateFy + 1) {
        runGone[k] = 1;
        digitRuns--;
      }
    }
  }
  // A fragment glued to a digit group ("25260123", "01232526", twice, or beside a separated
  // one): each way of taking it off is a variant reading, never the main one.
  let readings: { run: number; text: string }[] = NO_READINGS;
  if (dateFy !== null) {
    const forms = gluedForms(dateFy);
    // Any form starts with "20" or a year of the three, and ends with the year after.
    const lo = (dateFy - 1) % 100;
    for (let k = 0; k < n && readings.length < MAX_VARIANTS; k++) {
      if (!runDigit[k] || runGone[k]) continue;
      const start = runStart[k] as number;
      const end = runEnd[k] as number;
      if (end - start < 5) continue;
      const head = digitsValue(upper, start, start + 2);
      const tail = digitsValue(upper, end - 2, end);
      const headFits = head === 20 || (head - lo + 100) % 100 <= 2;
      const tailFits = (tail - lo - 1 + 100) % 100 <= 2;
      if (!headFits && !tailFits) continue;
      for (let f = 0; f < forms.length; f++) {
        const form = forms[f] as string;
        if (end - start <= form.length) continue;
        for (let side = 0; side < 2; side++) {
          if (side === 0 ? !upper.startsWith(form, start) : !upper.endsWith(form, end)) continue;
          let text = upper.slice(start, end);
          let stripped = false;
          // Take the fragment off, then any further fragment on the same side ("2025262526…").
          for (let f: string | undefined = form; f !== undefined; ) {
            const rest = side === 0 ? text.slice(f.length) : text.slice(0, text.length - f.length);
            if (/^0+$/.test(rest)) break;
            text = rest;
            stripped = true;
            f = forms.find((g) => text.length > g.length && (side === 0 ? text.startsWith(g) : text.endsWith(g)));
          }
          if (stripped && readings.length < MAX_VARIANTS && !readings.some((x) => x.run === k && x.text === text)) {
            if (readings === NO_READINGS) readings = [];
            readings.push({ run: k, text });
          }
        }
      }
    }
  }
  // "FY" before a removed fragment.
  for (let k = 0; k + 1 < n; k++) {
    if (runDigit[k] || runGone[k] || !runGone[k + 1]) continue;
    const len = (runEnd[k] as number) - (runStart[k] as number);
    if (len === 2 && upper.startsWith("FY", runStart[k] as number)) runGone[k] = 1;
    else if (len > 2 && upper.startsWith("FY", (runEnd[k] as number) - 2)) runEnd[k] = (runEnd[k] as number) - 2;
  }
  // Leading prefix words, as long as something is left.
  let kept = 0;
  for (let k = 0; k < n; k++) if (!runGone[k]) kept++;
  for (let k = 0; k < n && kept > 1; k++) {
    if (runGone[k]) continue;
    if (runDigit[k] || !PREFIX_WORDS.has(upper.slice(runStart[k] as number, runEnd[k] as number))) break;
    runGone[k] = 1;
    kept--;
  }
  // norm, serial, stem, and the variant readings.
  const main = readingOf(upper, n, -1, "");
  let variants: readonly { norm: string; serial: string | null }[] = NO_VARIANTS;
  if (readings.length > 0) {
    const list: { norm: string; serial: string | null }[] = [];
    for (const r of readings) {
      const v = readingOf(upper, n, r.run, r.text);
      if (v.norm !== main.norm && !list.some((x) => x.norm === v.norm)) list.push({ norm: v.norm, serial: v.serial });
    }
    if (list.length > 0) variants = list;
  }
  return { raw, compact, norm: main.norm || compact, serial: main.serial, stem: main.stem, fy, variants };
}

/** norm, serial and stem of the kept runs, with run `sub` read as `subText`. */
function readingOf(upper: string, n: number, sub: number, subText: string): { norm: string; serial: string | null; stem: string | null } {
  parts.length = 0;
  let lastKept = -1;
  for (let k = 0; k < n; k++) {
    if (runGone[k]) continue;
    let part = k === sub ? subText : upper.slice(runStart[k] as number, runEnd[k] as number);
    if (runDigit[k]) part = stripZeros(part);
    parts.push(part);
    lastKept = k;
  }
  const kept = parts.length;
  const norm = kept === 1 ? (parts[0] as string) : parts.join("");
  let stem: string | null = null;
  if (kept >= 2 && runSep[lastKept] && (runEnd[lastKept] as number) - (runStart[lastKept] as number) <= 2) {
    parts.pop();
    stem = parts.join("");
  }
  let serial: string | null = null;
  for (let k = n - 1; k >= 0; k--) {
    if (runGone[k] || !runDigit[k]) continue;
    const digits = stripZeros(k === sub ? subText : upper.slice(runStart[k] as number, runEnd[k] as number));
    let after = "";
    for (let j = k + 1; j < n; j++) {
      if (runGone[j]) continue;
      if (!runDigit[j] && !runSep[j]) after = upper.slice(runStart[j] as number, runEnd[j] as number);
      break;
    }
    serial = after === "" ? digits : digits + after;
    break;
  }
  return { norm, serial, stem };
}


/**
 * Numbers written in one cell for several documents ("INV-1, INV-2", "12 & 13", "12+13"):
 * the parts, or just the number when it names one.
 */
export function splitNumberList(number: string): string[] {
  const parts = number.split(/\s*(?:,|;|&|\+|\band\b)\s*/i).map((p) => p.trim()).filter((p) => p !== "");
  return parts.length > 1 ? parts : [number];
}

/**
 * Optimal-string-alignment distance (Levenshtein with adjacent transpositions), stopping early
 * once it exceeds `max` (then max + 1 is returned).
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = new Array<number>(m + 1);
  let cur = new Array<number>(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, (prev2[j - 2] as number) + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[m] as number, max + 1);
}
