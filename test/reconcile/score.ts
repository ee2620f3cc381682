/**
 * Scoring a reconciliation against the truth: precision, recall and F1 over linked
 * (PR data row, IMS index) pairs, a many-to-one link counting as its pairs; and category
 * accuracy over every IMS document and every PR row.
 */
import type { Category } from "../../src/ims/reconcile";

export interface Entry {
  category: Category;
  ims: readonly number[];
  /** PR data rows. */
  pr: readonly number[];
}

export interface Score {
  precision: number;
  recall: number;
  f1: number;
  categoryAccuracy: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  /** truth category → predicted category → count, over items. */
  confusion: Record<string, Record<string, number>>;
}

const LINKED: ReadonlySet<Category> = new Set(["exact", "suggested", "mismatch"]);

function pairsOf(entries: readonly Entry[]): Set<string> {
  const out = new Set<string>();
  for (const e of entries) {
    if (!LINKED.has(e.category)) continue;
    for (const i of e.ims) for (const p of e.pr) out.add(`${i}|${p}`);
  }
  return out;
}

function itemsOf(entries: readonly Entry[]): Map<string, Category> {
  const out = new Map<string, Category>();
  for (const e of entries) {
    for (const i of e.ims) out.set(`ims:${i}`, e.category);
    for (const p of e.pr) out.set(`pr:${p}`, e.category);
  }
  return out;
}

export function score(truth: readonly Entry[], predicted: readonly Entry[]): Score {
  const t = pairsOf(truth);
  const p = pairsOf(predicted);
  let correct = 0;
  for (const x of p) if (t.has(x)) correct++;
  const precision = p.size === 0 ? 1 : correct / p.size;
  const recall = t.size === 0 ? 1 : correct / t.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const ti = itemsOf(truth);
  const pi = itemsOf(predicted);
  let right = 0;
  const confusion: Record<string, Record<string, number>> = {};
  for (const [item, cat] of ti) {
    const got = pi.get(item) ?? "absent";
    if (got === cat) right++;
    const row = (confusion[cat] ??= {});
    row[got] = (row[got] ?? 0) + 1;
  }
  return { precision, recall, f1, categoryAccuracy: ti.size === 0 ? 1 : right / ti.size, truePairs: t.size, predictedPairs: p.size, correctPairs: correct, confusion };
}
