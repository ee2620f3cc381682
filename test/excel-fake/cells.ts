/**
 * The cell store of one worksheet. Sparse: a Map from row index to a `Row`, and each `Row` keeps
 * plain arrays indexed by column (values, formulas, number formats, validation, styles), created
 * only when something is written. Formats may also live on whole columns (`colDefaults`), as in
 * Excel, so formatting "F:F" doesn't allocate a million cells.
 *
 * For the three attributes (nf = number format, dv = data validation, st = style), a cell's
 * entry means: `undefined` = inherit the column's default; anything else (including null and
 * "General") = this cell's own setting.
 */
import { MAX_COLS, MAX_ROWS, type Rect } from "./addresses";
import { Codes, officeError } from "./errors";
import type { DvSpec } from "./validation";

export type Scalar = string | number | boolean;

export interface Style {
  readonly bold?: boolean;
  readonly fill?: string;
  readonly fontColor?: string;
  readonly wrap?: boolean;
}

export interface AttrTypes {
  nf: string;
  dv: DvSpec | null;
  st: Style | null;
}
export type AttrKey = keyof AttrTypes;
export const ATTR_KEYS: readonly AttrKey[] = ["nf", "dv", "st"];
export const ATTR_DEFAULTS: Readonly<AttrTypes> = { nf: "General", dv: null, st: null };

export class Row {
  v: (Scalar | undefined)[] = [];
  f: (string | undefined)[] | undefined = undefined;
  nf: (string | undefined)[] | undefined = undefined;
  dv: (DvSpec | null | undefined)[] | undefined = undefined;
  st: (Style | null | undefined)[] | undefined = undefined;
}

type AttrArray<K extends AttrKey> = (AttrTypes[K] | undefined)[];

/** A copy of part of a row, used to move cells (sort, shift). */
export interface RowSlice {
  v: (Scalar | undefined)[];
  f: (string | undefined)[] | undefined;
  nf: (string | undefined)[] | undefined;
  dv: (DvSpec | null | undefined)[] | undefined;
  st: (Style | null | undefined)[] | undefined;
}

function sliceOf<T>(arr: T[] | undefined, c0: number, c1: number): T[] | undefined {
  if (!arr || arr.length <= c0) return undefined;
  const out = new Array<T>(c1 - c0 + 1);
  let found = false;
  for (let c = c0; c <= c1; c++) {
    const x = arr[c];
    if (x !== undefined) found = true;
    out[c - c0] = x as T;
  }
  return found ? out : undefined;
}

/** Rectangles reaching the last row and starting at or above this row use the column layer. */
const COLUMN_LAYER_MAX_TOP = 1024;

function isDefault<K extends AttrKey>(k: K, v: AttrTypes[K] | undefined): boolean {
  return v === undefined || v === ATTR_DEFAULTS[k];
}

export class CellStore {
  readonly rows = new Map<number, Row>();
  readonly colDefaults: { nf: Map<number, string>; dv: Map<number, DvSpec | null>; st: Map<number, Style | null> } = {
    nf: new Map(),
    dv: new Map(),
    st: new Map(),
  };
  private sortedKeys: number[] | null = null;

  row(r: number): Row | undefined {
    return this.rows.get(r);
  }

  ensureRow(r: number): Row {
    let row = this.rows.get(r);
    if (!row) {
      row = new Row();
      this.rows.set(r, row);
      this.sortedKeys = null;
    }
    return row;
  }

  /** Row indices that have storage, ascending. */
  rowKeys(): number[] {
    if (!this.sortedKeys) this.sortedKeys = Array.from(this.rows.keys()).sort((a, b) => a - b);
    return this.sortedKeys;
  }

  value(r: number, c: number): Scalar | undefined {
    return this.rows.get(r)?.v[c];
  }

  formula(r: number, c: number): string | undefined {
    return this.rows.get(r)?.f?.[c];
  }

  colDefault<K extends AttrKey>(c: number, k: K): AttrTypes[K] {
    const m = this.colDefaults[k] as Map<number, AttrTypes[K]>;
    const v = m.get(c);
    return v === undefined ? (ATTR_DEFAULTS[k] as AttrTypes[K]) : v;
  }

  /** The effective attribute of a cell: its own, else its column's, else the default. */
  attr<K extends AttrKey>(r: number, c: number, k: K): AttrTypes[K] {
    const arr = this.rows.get(r)?.[k] as AttrArray<K> | undefined;
    const own = arr?.[c];
    return own !== undefined ? own : this.colDefault(c, k);
  }

  setContent(r: number, c: number, value: Scalar | undefined, formula: string | undefined): void {
    const row = this.ensureRow(r);
    row.v[c] = value;
    if (formula !== undefined) (row.f ??= [])[c] = formula;
    else if (row.f && row.f[c] !== undefined) row.f[c] = undefined;
  }

  setAttr<K extends AttrKey>(r: number, c: number, k: K, v: AttrTypes[K] | undefined): void {
    const row = this.ensureRow(r);
    let arr = row[k] as AttrArray<K> | undefined;
    if (!arr) {
      if (v === undefined) return;
      arr = [];
      (row as unknown as Record<AttrKey, AttrArray<K>>)[k] = arr;
    }
    arr[c] = v;
  }

  /**
   * Sets attribute `k` of every cell of `rect` to `fn(current)`. Whole-column rectangles update
   * the column defaults (and the cells that override them) instead of touching every row.
   */
  mapAttr<K extends AttrKey>(rect: Rect, k: K, fn: (old: AttrTypes[K]) => AttrTypes[K]): void {
    // Down to the last row ("F:F", or "F2:F1048576" under a header): change the column's default,
    // pinning the rows above the rectangle to what they had.
    if (rect.r1 === MAX_ROWS - 1 && rect.r0 <= COLUMN_LAYER_MAX_TOP) {
      for (let r = 0; r < rect.r0; r++) {
        for (let c = rect.c0; c <= rect.c1; c++) {
          const arr = this.rows.get(r)?.[k] as AttrArray<K> | undefined;
          if (arr?.[c] === undefined) this.setAttr(r, c, k, this.colDefault(c, k));
        }
      }
      const defaults = this.colDefaults[k] as Map<number, AttrTypes[K]>;
      for (let c = rect.c0; c <= rect.c1; c++) {
        const nv = fn(this.colDefault(c, k));
        if (isDefault(k, nv)) defaults.delete(c);
        else defaults.set(c, nv);
      }
      for (const [r, row] of this.rows) {
        if (r < rect.r0) continue;
        const arr = row[k] as AttrArray<K> | undefined;
        if (!arr) continue;
        const end = Math.min(rect.c1, arr.length - 1);
        for (let c = rect.c0; c <= end; c++) {
          const own = arr[c];
          if (own !== undefined) arr[c] = fn(own);
        }
      }
      return;
    }
    for (let r = rect.r0; r <= rect.r1; r++) {
      const row = this.ensureRow(r);
      let arr = row[k] as AttrArray<K> | undefined;
      for (let c = rect.c0; c <= rect.c1; c++) {
        const own = arr?.[c];
        const nv = fn(own !== undefined ? own : this.colDefault(c, k));
        if (!arr) {
          arr = [];
          (row as unknown as Record<AttrKey, AttrArray<K>>)[k] = arr;
        }
        arr[c] = nv;
      }
    }
  }

  /** Distinct effective values of attribute `k` over `rect`, stopping after `limit`. */
  distinctAttr<K extends AttrKey>(rect: Rect, k: K, limit = 2): AttrTypes[K][] {
    const seen = new Set<AttrTypes[K]>();
    const height = rect.r1 - rect.r0 + 1;
    if (height > this.rows.size) {
      // Some rows of the rectangle have no storage: they show the column defaults.
      for (let c = rect.c0; c <= rect.c1 && seen.size < limit; c++) seen.add(this.colDefault(c, k));
      for (const r of this.rowKeys()) {
        if (r < rect.r0 || r > rect.r1) continue;
        for (let c = rect.c0; c <= rect.c1 && seen.size < limit; c++) seen.add(this.attr(r, c, k));
        if (seen.size >= limit) break;
      }
    } else {
      for (let r = rect.r0; r <= rect.r1 && seen.size < limit; r++) {
        for (let c = rect.c0; c <= rect.c1 && seen.size < limit; c++) seen.add(this.attr(r, c, k));
      }
    }
    return Array.from(seen);
  }

  clearContent(rect: Rect): void {
    for (const r of this.rowsIn(rect)) {
      const row = this.rows.get(r);
      if (!row) continue;
      const end = Math.min(rect.c1, Math.max(row.v.length, row.f?.length ?? 0) - 1);
      for (let c = rect.c0; c <= end; c++) {
        row.v[c] = undefined;
        if (row.f) row.f[c] = undefined;
      }
    }
  }

  /** Resets attributes of `rect` to Excel's defaults (explicitly, so column formats don't show through). */
  resetAttrs(rect: Rect, keys: readonly AttrKey[]): void {
    for (const k of keys) {
      const d = ATTR_DEFAULTS[k];
      this.mapAttr(rect, k, () => d);
    }
  }

  /** Stored row indices within the rows of `rect`, ascending. */
  rowsIn(rect: Rect): number[] {
    const height = rect.r1 - rect.r0 + 1;
    if (height <= this.rows.size) {
      const out: number[] = [];
      for (let r = rect.r0; r <= rect.r1; r++) if (this.rows.has(r)) out.push(r);
      return out;
    }
    return this.rowKeys().filter((r) => r >= rect.r0 && r <= rect.r1);
  }

  /**
   * The smallest rectangle holding every cell with content (valuesOnly) or with content or a
   * non-default format. Null when there is none. Whole-column formats don't count.
   */
  bounds(valuesOnly: boolean): Rect | null {
    let r0 = Infinity;
    let r1 = -1;
    let c0 = Infinity;
    let c1 = -1;
    for (const [r, row] of this.rows) {
      let lo = Infinity;
      let hi = -1;
      const scan = (arr: readonly unknown[] | undefined, isUsed: (x: unknown) => boolean): void => {
        if (!arr) return;
        for (let c = 0; c < arr.length; c++) {
          if (isUsed(arr[c])) {
            if (c < lo) lo = c;
            break;
          }
        }
        for (let c = arr.length - 1; c >= 0; c--) {
          if (isUsed(arr[c])) {
            if (c > hi) hi = c;
            break;
          }
        }
      };
      const defined = (x: unknown): boolean => x !== undefined;
      scan(row.v, defined);
      scan(row.f, defined);
      if (!valuesOnly) {
        scan(row.nf, (x) => x !== undefined && x !== "General");
        scan(row.dv, (x) => x !== undefined && x !== null);
        scan(row.st, (x) => x !== undefined && x !== null);
      }
      if (hi < 0) continue;
      if (r < r0) r0 = r;
      if (r > r1) r1 = r;
      if (lo < c0) c0 = lo;
      if (hi > c1) c1 = hi;
    }
    return r1 < 0 ? null : { r0, r1, c0, c1 };
  }

  readSlice(r: number, c0: number, c1: number): RowSlice {
    const row = this.rows.get(r);
    const w = c1 - c0 + 1;
    if (!row) return { v: new Array(w), f: undefined, nf: undefined, dv: undefined, st: undefined };
    return {
      v: sliceOf(row.v, c0, c1) ?? new Array(w),
      f: sliceOf(row.f, c0, c1),
      nf: sliceOf(row.nf, c0, c1),
      dv: sliceOf(row.dv, c0, c1),
      st: sliceOf(row.st, c0, c1),
    };
  }

  /** Writes a slice back at (r, c0), replacing everything in those cells. */
  writeSlice(r: number, c0: number, s: RowSlice, width: number): void {
    const row = this.ensureRow(r);
    const put = <T>(get: () => T[] | undefined, set: (a: T[]) => void, src: (T | undefined)[] | undefined): void => {
      let arr = get();
      if (!src && !arr) return;
      if (!arr) {
        arr = [];
        set(arr);
      }
      for (let i = 0; i < width; i++) arr[c0 + i] = src ? (src[i] as T) : (undefined as T);
    };
    put(() => row.v, (a) => (row.v = a), s.v);
    put(() => row.f, (a) => (row.f = a), s.f);
    put(() => row.nf, (a) => (row.nf = a), s.nf);
    put(() => row.dv, (a) => (row.dv = a), s.dv);
    put(() => row.st, (a) => (row.st = a), s.st);
  }

  private clearSlice(r: number, c0: number, c1: number): void {
    const row = this.rows.get(r);
    if (!row) return;
    for (const arr of [row.v, row.f, row.nf, row.dv, row.st]) {
      if (!arr) continue;
      const end = Math.min(c1, arr.length - 1);
      for (let c = c0; c <= end; c++) arr[c] = undefined;
    }
  }

  private rowHasContent(r: number, c0: number, c1: number): boolean {
    const row = this.rows.get(r);
    if (!row) return false;
    for (const arr of [row.v, row.f]) {
      if (!arr) continue;
      const end = Math.min(c1, arr.length - 1);
      for (let c = c0; c <= end; c++) if (arr[c] !== undefined) return true;
    }
    return false;
  }

  /**
   * Inserts (`delta` > 0) or deletes (`delta` < 0) rows at `at` within columns c0..c1, shifting
   * the cells below. Inserted cells take number formats and styles from the row above and data
   * validation when the cells above and below share it (Excel extends a validated area when you
   * insert inside it).
   */
  shiftRows(at: number, delta: number, c0: number, c1: number): void {
    if (delta === 0) return;
    const fullWidth = c0 === 0 && c1 === MAX_COLS - 1;
    if (delta > 0) {
      for (let r = MAX_ROWS - delta; r < MAX_ROWS; r++) {
        if (this.rowHasContent(r, c0, c1)) throw officeError("NonBlankCellOffSheet", `inserting ${delta} row(s) would push data off the sheet`);
      }
    }
    if (fullWidth) {
      const moved = new Map<number, Row>();
      for (const [r, row] of this.rows) {
        if (delta < 0 && r >= at && r < at - delta) continue;
        const nr = r >= at ? r + delta : r;
        if (nr < MAX_ROWS) moved.set(nr, row);
      }
      this.rows.clear();
      for (const [r, row] of moved) this.rows.set(r, row);
      this.sortedKeys = null;
    } else {
      const keys = this.rowKeys().filter((r) => r >= at);
      if (delta > 0) {
        for (let i = keys.length - 1; i >= 0; i--) {
          const r = keys[i] as number;
          const s = this.readSlice(r, c0, c1);
          this.clearSlice(r, c0, c1);
          if (r + delta < MAX_ROWS) this.writeSlice(r + delta, c0, s, c1 - c0 + 1);
        }
      } else {
        for (const r of keys) {
          const s = this.readSlice(r, c0, c1);
          this.clearSlice(r, c0, c1);
          if (r >= at - delta) this.writeSlice(r + delta, c0, s, c1 - c0 + 1);
        }
      }
    }
    if (delta > 0 && at > 0) this.inheritFormats(at, delta, c0, c1);
  }

  private inheritFormats(at: number, count: number, c0: number, c1: number): void {
    const above = this.rows.get(at - 1);
    const below = this.rows.get(at + count);
    if (!above) return;
    const lastCol = Math.min(c1, Math.max(above.nf?.length ?? 0, above.st?.length ?? 0, above.dv?.length ?? 0) - 1);
    for (let c = c0; c <= lastCol; c++) {
      const nf = above.nf?.[c];
      const st = above.st?.[c];
      const dv = above.dv?.[c];
      const dvBelow = below?.dv?.[c];
      for (let r = at; r < at + count; r++) {
        if (nf !== undefined) this.setAttr(r, c, "nf", nf);
        if (st !== undefined) this.setAttr(r, c, "st", st);
        if (dv !== undefined && dv === dvBelow) this.setAttr(r, c, "dv", dv);
      }
    }
  }

  /** Inserts (`delta` > 0) or deletes (`delta` < 0) columns at `at` within rows r0..r1. */
  shiftCols(at: number, delta: number, r0: number, r1: number): void {
    if (delta === 0) return;
    const fullHeight = r0 === 0 && r1 === MAX_ROWS - 1;
    const rows = fullHeight ? this.rowKeys() : this.rowsIn({ r0, r1, c0: 0, c1: 0 });
    for (const r of rows) {
      const row = this.rows.get(r);
      if (!row) continue;
      for (const key of ["v", "f", "nf", "dv", "st"] as const) {
        const arr = row[key] as unknown[] | undefined;
        if (!arr || arr.length <= at) continue;
        if (delta > 0) arr.splice(at, 0, ...new Array<unknown>(delta));
        else arr.splice(at, -delta);
        if (arr.length > MAX_COLS) {
          if (arr.slice(MAX_COLS).some((x) => x !== undefined) && (key === "v" || key === "f")) {
            throw officeError("NonBlankCellOffSheet", "inserting columns would push data off the sheet");
          }
          arr.length = MAX_COLS;
        }
      }
    }
    if (fullHeight) {
      for (const k of ATTR_KEYS) {
        const m = this.colDefaults[k] as Map<number, unknown>;
        const entries = Array.from(m.entries());
        m.clear();
        for (const [c, v] of entries) {
          if (delta < 0 && c >= at && c < at - delta) continue;
          const nc = c >= at ? c + delta : c;
          if (nc < MAX_COLS) m.set(nc, v);
        }
      }
    }
  }

  /** Throws InvalidArgument unless `rect` lies on the sheet. */
  static check(rect: Rect): void {
    if (rect.r0 < 0 || rect.c0 < 0 || rect.r1 >= MAX_ROWS || rect.c1 >= MAX_COLS || rect.r0 > rect.r1 || rect.c0 > rect.c1) {
      throw officeError(Codes.invalidArgument, "the range is outside the worksheet");
    }
  }
}
