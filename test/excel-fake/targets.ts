/** What a Range proxy resolves to at sync time, and small helpers shared by the proxies. */
import { CellStore, type Style } from "./cells";
import type { Rect } from "./addresses";
import { FakeClientObject } from "./context";
import type { SheetModel } from "./model";

export interface RangeTarget {
  sheet: SheetModel;
  rect: Rect;
}

export function rangeTarget(sheet: SheetModel, rect: Rect): RangeTarget {
  CellStore.check(rect);
  return { sheet, rect };
}

/** Proxies passed as arguments travel as object-path references on the wire. */
export function wireArg(a: unknown): unknown {
  return a instanceof FakeClientObject ? { _ObjectPathId: a._pathId } : a;
}

const styles = new Map<string, Style | null>();

/** One shared Style object per distinct combination (null for "no style"). */
export function internStyle(s: Style): Style | null {
  const clean: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) if (v !== undefined && v !== false) clean[k] = v;
  const key = JSON.stringify(clean, Object.keys(clean).sort());
  let out = styles.get(key);
  if (out === undefined) {
    out = Object.keys(clean).length === 0 ? null : (Object.freeze(clean) as Style);
    styles.set(key, out);
  }
  return out;
}

/** Applies a style change to every cell of the range, sharing Style objects. */
export function patchStyle(t: RangeTarget, patch: Partial<Style>): void {
  const memo = new Map<Style | null, Style | null>();
  t.sheet.cells.mapAttr(t.rect, "st", (old) => {
    let n = memo.get(old);
    if (n === undefined) {
      n = internStyle({ ...(old ?? {}), ...patch });
      memo.set(old, n);
    }
    return n;
  });
}

/** The common value of a style property over the range, or null when cells differ. */
export function uniformStyle<T>(t: RangeTarget, pick: (s: Style | null) => T): T | null {
  const seen = new Set<T>();
  for (const s of t.sheet.cells.distinctAttr(t.rect, "st", 10_000)) {
    seen.add(pick(s));
    if (seen.size > 1) return null;
  }
  return seen.size === 1 ? (Array.from(seen)[0] as T) : null;
}
