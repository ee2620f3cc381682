/**
 * Quality on the project's seeded synthetic generator (every kind of noise the reference lists):
 * F1 over linked pairs ≥ 0.99 and category accuracy ≥ 0.95, for each register layout. The set
 * that judges the add-in is a different one; these thresholds guard against regressions.
 */
import { reconcile } from "../../src/ims/reconcile";
import { readRegister } from "../../src/ims/register";
import { score } from "./score";
import { generateSynthetic, NUMBER_NOISES, type Layout } from "./synthetic";

const LAYOUTS: readonly [Layout, number][] = [
  ["add-in", 11],
  ["moot", 12],
  ["tally", 13],
  ["gstr2", 14],
];

describe("quality on the synthetic generator", () => {
  test.each(LAYOUTS)("%s layout, 3,000 documents: F1 ≥ 0.99, category accuracy ≥ 0.95", (layout, seed) => {
    const set = generateSynthetic({ seed, docs: 3000, layout });
    const read = readRegister(set.cells);
    expect(read.problems).toEqual([]);
    const result = reconcile(set.ims, read.lines);
    const predicted = result.links.map((l) => ({ category: l.category, ims: l.ims, pr: l.pr.map((i) => read.lines[i]!.dataRow) }));
    const s = score(set.truth, predicted);
    expect(s.f1).toBeGreaterThanOrEqual(0.99);
    expect(s.categoryAccuracy).toBeGreaterThanOrEqual(0.95);
  });

  test("the generator makes every kind of noise the reference lists, and is deterministic", () => {
    const set = generateSynthetic({ seed: 5, docs: 3000 });
    for (const kind of ["exact", "number", "date", "rounding", "number+date", "value-mismatch", "igst-as-cgst", "branch", "missing-in-pr", "missing-in-ims", "clubbed", "split", "duplicate", "decoy:near-number", "decoy:near-amount", "decoy:last-year-pr", "decoy:last-year-ims"]) {
      expect([kind, (set.noiseCounts[kind] ?? 0) > 0]).toEqual([kind, true]);
    }
    const noises = set.truth.map((t) => t.noise).join(" ");
    for (const kind of NUMBER_NOISES) expect([kind, noises.includes(`number:${kind}`)]).toEqual([kind, true]);
    expect(set.ims.some((r) => r.section === "CN")).toBe(true);
    expect(set.cells.flat().some((c) => (typeof c === "number" && c < 0) || (typeof c === "string" && /^\(|^-\d/.test(c)))).toBe(true);
    expect(generateSynthetic({ seed: 5, docs: 300 })).toEqual(generateSynthetic({ seed: 5, docs: 300 }));
  });
});
