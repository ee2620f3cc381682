/**
 * A1 addresses: parsing, formatting, column letters. Rows and columns are 0-based and
 * rectangles inclusive throughout the fake; addresses are 1-based as in Excel.
 */

export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

/** A rectangle of cells, 0-based, inclusive on both ends. */
export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export interface ParsedAddress extends Rect {
  /** The sheet named in the address ("Sheet1!A1"), unquoted; undefined when none. */
  sheet?: string;
}

/** 0 → "A", 25 → "Z", 26 → "AA". */
export function columnLetters(col: number): string {
  let n = col + 1;
  let s = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    s = String.fromCharCode(65 + rem) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** "A" → 0, "aa" → 26; -1 when not letters or out of Excel's range. */
export function columnIndex(letters: string): number {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return -1;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1 < MAX_COLS ? n - 1 : -1;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const COL = /^\$?([A-Za-z]{1,3})$/;
const ROW = /^\$?(\d{1,7})$/;

function parseCell(s: string): { r: number; c: number } | null {
  const m = CELL.exec(s);
  if (!m) return null;
  const c = columnIndex(m[1] ?? "");
  const r = Number(m[2]) - 1;
  if (c < 0 || r < 0 || r >= MAX_ROWS) return null;
  return { r, c };
}

/** Splits "Sheet1!A1:B2" / "'My Sheet'!A1" into sheet name and reference. */
function splitSheet(address: string): { sheet?: string; ref: string } | null {
  const bang = address.lastIndexOf("!");
  if (bang < 0) return { ref: address };
  let sheet = address.slice(0, bang);
  const ref = address.slice(bang + 1);
  if (sheet.startsWith("'")) {
    if (!sheet.endsWith("'") || sheet.length < 2) return null;
    sheet = sheet.slice(1, -1).replace(/''/g, "'");
  }
  if (sheet.length === 0) return null;
  return { sheet, ref };
}

/**
 * Parses an A1 address: "A1", "A1:B2", "$A$1", "C:C", "A:F", "2:2", "1:4", with an optional
 * sheet prefix. Returns null when it is not a valid single-area address.
 */
export function parseAddress(address: string): ParsedAddress | null {
  const split = splitSheet(address.trim());
  if (!split) return null;
  const parts = split.ref.split(":");
  if (parts.length > 2) return null;
  const a = parts[0] ?? "";
  const b = parts[1] ?? a;
  let rect: Rect | null = null;
  const ca = parseCell(a);
  const cb = parseCell(b);
  if (ca && cb) {
    rect = { r0: Math.min(ca.r, cb.r), c0: Math.min(ca.c, cb.c), r1: Math.max(ca.r, cb.r), c1: Math.max(ca.c, cb.c) };
  } else if (parts.length === 2 && COL.test(a) && COL.test(b)) {
    const x = columnIndex(a.replace(/\$/g, ""));
    const y = columnIndex(b.replace(/\$/g, ""));
    if (x >= 0 && y >= 0) rect = { r0: 0, r1: MAX_ROWS - 1, c0: Math.min(x, y), c1: Math.max(x, y) };
  } else if (parts.length === 2 && ROW.test(a) && ROW.test(b)) {
    const x = Number(a.replace(/\$/g, "")) - 1;
    const y = Number(b.replace(/\$/g, "")) - 1;
    if (x >= 0 && y >= 0 && x < MAX_ROWS && y < MAX_ROWS) rect = { c0: 0, c1: MAX_COLS - 1, r0: Math.min(x, y), r1: Math.max(x, y) };
  }
  if (!rect) return null;
  return split.sheet === undefined ? rect : { ...rect, sheet: split.sheet };
}

export function isEntireColumns(r: Rect): boolean {
  return r.r0 === 0 && r.r1 === MAX_ROWS - 1;
}

export function isEntireRows(r: Rect): boolean {
  return r.c0 === 0 && r.c1 === MAX_COLS - 1;
}

/** Unbounded = whole columns or whole rows; Excel refuses cell-level writes and returns null for cell-level reads. */
export function isUnbounded(r: Rect): boolean {
  return isEntireColumns(r) || isEntireRows(r);
}

export function cellCount(r: Rect): number {
  return (r.r1 - r.r0 + 1) * (r.c1 - r.c0 + 1);
}

/** Reference part of an address as Excel reports it: "A1", "A1:B2", "C:C", "2:3", "1:1048576". */
export function formatRef(r: Rect): string {
  if (isEntireColumns(r) && !isEntireRows(r)) return `${columnLetters(r.c0)}:${columnLetters(r.c1)}`;
  if (isEntireRows(r)) return `${r.r0 + 1}:${r.r1 + 1}`;
  const a = `${columnLetters(r.c0)}${r.r0 + 1}`;
  if (r.r0 === r.r1 && r.c0 === r.c1) return a;
  return `${a}:${columnLetters(r.c1)}${r.r1 + 1}`;
}

/** Sheet names are quoted in addresses when they are not plain identifiers or look like references. */
export function quoteSheetName(name: string): string {
  const plain = /^[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_.\u00C0-\uFFFF]*$/.test(name);
  const looksLikeRef = /^[A-Za-z]{1,3}\d+$/.test(name) || /^[Rr]\d*[Cc]\d*$/.test(name) || /^[RrCc]$/.test(name);
  if (plain && !looksLikeRef) return name;
  return `'${name.replace(/'/g, "''")}'`;
}

/** Full address as `Range.address` returns it: "Sheet1!A1:B2" (no `$`). */
export function formatAddress(sheet: string, r: Rect): string {
  return `${quoteSheetName(sheet)}!${formatRef(r)}`;
}

/** 1-based A1 of a single cell, for messages: (0,0) → "A1". */
export function cellName(row: number, col: number): string {
  return `${columnLetters(col)}${row + 1}`;
}

export function intersect(a: Rect, b: Rect): Rect | null {
  const r0 = Math.max(a.r0, b.r0);
  const c0 = Math.max(a.c0, b.c0);
  const r1 = Math.min(a.r1, b.r1);
  const c1 = Math.min(a.c1, b.c1);
  return r0 <= r1 && c0 <= c1 ? { r0, c0, r1, c1 } : null;
}

export function contains(outer: Rect, inner: Rect): boolean {
  return outer.r0 <= inner.r0 && outer.c0 <= inner.c0 && outer.r1 >= inner.r1 && outer.c1 >= inner.c1;
}

/** `a` minus `b`, as up to four disjoint rectangles. */
export function subtract(a: Rect, b: Rect): Rect[] {
  const i = intersect(a, b);
  if (!i) return [a];
  const out: Rect[] = [];
  if (a.r0 < i.r0) out.push({ r0: a.r0, r1: i.r0 - 1, c0: a.c0, c1: a.c1 });
  if (i.r1 < a.r1) out.push({ r0: i.r1 + 1, r1: a.r1, c0: a.c0, c1: a.c1 });
  if (a.c0 < i.c0) out.push({ r0: i.r0, r1: i.r1, c0: a.c0, c1: i.c0 - 1 });
  if (i.c1 < a.c1) out.push({ r0: i.r0, r1: i.r1, c0: i.c1 + 1, c1: a.c1 });
  return out;
}

/**
 * Where a rectangle goes when rows `at`… shift by `delta` (insert > 0, delete < 0) within columns
 * c0..c1, as Excel adjusts references: below → moves; spanning the insertion point → grows;
 * partly deleted → shrinks; entirely deleted → null. Rectangles not inside c0..c1 don't move.
 */
export function shiftRectRows(r: Rect, at: number, delta: number, c0: number, c1: number): Rect | null {
  if (r.c0 < c0 || r.c1 > c1) return r;
  if (delta > 0) {
    if (r.r0 >= at) return { ...r, r0: r.r0 + delta, r1: Math.min(MAX_ROWS - 1, r.r1 + delta) };
    if (r.r1 >= at) return { ...r, r1: Math.min(MAX_ROWS - 1, r.r1 + delta) };
    return r;
  }
  const n = -delta;
  const last = at + n - 1;
  if (r.r1 < at) return r;
  if (r.r0 > last) return { ...r, r0: r.r0 - n, r1: r.r1 - n };
  const kept = Math.max(0, at - r.r0) + Math.max(0, r.r1 - last);
  if (kept === 0) return null;
  const r0 = Math.min(r.r0, at);
  return { ...r, r0, r1: r0 + kept - 1 };
}

/** The same for columns `at`… within rows r0..r1. */
export function shiftRectCols(r: Rect, at: number, delta: number, r0: number, r1: number): Rect | null {
  const t = shiftRectRows({ r0: r.c0, r1: r.c1, c0: r.r0, c1: r.r1 }, at, delta, r0, r1);
  return t && { r0: t.c0, r1: t.c1, c0: t.r0, c1: t.r1 };
}
