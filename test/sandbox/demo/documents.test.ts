import { DocBook, INVOICE_TEMPLATES, MAX_DOC_NUMBER_LENGTH, NOTE_TEMPLATES, parseFormat } from "../../../src/sandbox/demo/documents";
import { Calendar } from "../../../src/sandbox/demo/calendar";
import { Rng, Weighted } from "../../../src/sandbox/demo/prng";
import { abbreviation } from "../../../src/sandbox/demo/names";
import { DOC_NUMBER } from "./invariants";

const cal = new Calendar("2026-05-10");

function numberDocs(template: string, rate: number, dates: [string, number][], abbr = "SBST"): string[] {
  const book = new DocBook();
  const s = book.addSeries(parseFormat(template, abbr, "MH"), rate, 0);
  const ids = dates.map(([period, day]) => book.add(s, cal.month(period), day));
  book.assign(new Rng(1, "test"));
  return ids.map((id) => book.docNum(id));
}

describe("document numbers", () => {
  it("render the financial year and padding like real series", () => {
    const [nov] = numberDocs("INV/{FY4}/{N5}", 1, [["2025-11", 5]]);
    expect(nov).toMatch(/^INV\/2526\/\d{5}$/);
    const [cn] = numberDocs("CN/{FY2D}/{N3}", 0.05, [["2026-02", 20]]);
    expect(cn).toMatch(/^CN\/25-26\/\d{3}$/);
    const [own] = numberDocs("{ABBR}/{N}/{FY2D}", 0.5, [["2026-04", 2]]);
    expect(own).toMatch(/^SBST\/\d+\/26-27$/);
  });

  it("increase with the date and restart each April in FY series", () => {
    const dates: [string, number][] = [["2026-03", 30], ["2026-03", 2], ["2026-04", 1], ["2026-04", 15], ["2026-03", 30], ["2026-02", 11]];
    const nums = numberDocs("SI/{FY2D}/{N4}", 3, dates);
    const seq = (s: string): number => Number(s.split("/")[2]);
    expect(new Set(nums).size).toBe(nums.length);
    expect(seq(nums[5]!)).toBeLessThan(seq(nums[1]!));
    expect(seq(nums[1]!)).toBeLessThan(seq(nums[0]!));
    expect(seq(nums[1]!)).toBeLessThan(seq(nums[4]!));
    expect(seq(nums[2]!)).toBeLessThan(10); // 1 April: a new series
    expect(seq(nums[2]!)).toBeLessThan(seq(nums[3]!));
    expect(nums[2]).toMatch(/^SI\/26-27\//);
    expect(seq(nums[0]!)).toBeGreaterThan(900); // ~3 a day for a year
  });

  it("never restart in series without a year", () => {
    const nums = numberDocs("INV-{N}", 2, [["2025-03", 31], ["2025-04", 1], ["2026-04", 1]]).map((s) => Number(s.slice(4)));
    expect(nums[0]!).toBeLessThan(nums[1]!);
    expect(nums[1]!).toBeLessThan(nums[2]!);
    expect(nums[0]!).toBeGreaterThan(2 * 365 * 7); // running since July 2017
  });

  it("fall back to a compact format rather than exceed 16 characters", () => {
    const dates: [string, number][] = Array.from({ length: 50 }, (_, i) => ["2026-03", 1 + (i % 28)]);
    for (const t of ["{ABBR}/{N}/{FY2D}", "{ABBR}/CN/{N4}", "INV-{N}"]) {
      const nums = numberDocs(t, 5_000_000, dates, "ABCD");
      for (const n of nums) {
        expect(n.length).toBeLessThanOrEqual(MAX_DOC_NUMBER_LENGTH);
        expect(n).toMatch(DOC_NUMBER);
      }
      expect(new Set(nums).size).toBe(nums.length);
    }
  });

  it("fit GSTN's pattern for every template at realistic volumes", () => {
    const templates = [...INVOICE_TEMPLATES.map((t) => t[0]), ...NOTE_TEMPLATES.flatMap((t) => [t[0], t[1]])];
    for (const t of templates) {
      const f = parseFormat(t, "WXYZ", "MH");
      expect(f.fixedLength + Math.max(f.pad, 5)).toBeLessThanOrEqual(MAX_DOC_NUMBER_LENGTH);
      for (const n of numberDocs(t, 40, [["2025-04", 1], ["2025-12", 31], ["2026-03", 31]], "WXYZ")) expect(n).toMatch(DOC_NUMBER);
    }
  });

  it("abbreviate trade names to 2–4 letters", () => {
    expect(abbreviation("Shree Balaji Steel Traders")).toBe("SBST");
    expect(abbreviation("Vardhman Packaging Pvt Ltd")).toBe("VP");
    expect(abbreviation("Kaveri Agro Foods LLP")).toBe("KAF");
    expect(abbreviation("Mehta & Sons")).toBe("MS");
    expect(abbreviation("Zed")).toMatch(/^[A-Z]{2,4}$/);
  });
});

describe("prng", () => {
  it("is deterministic per seed and label, and uniform-ish", () => {
    const a = new Rng(42, "x");
    const b = new Rng(42, "x");
    const c = new Rng(42, "y");
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs.slice(0, 5));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });

  it("samples by weight", () => {
    const rng = new Rng(3, "w");
    const w = new Weighted(["a", "b", "c"], [1, 0, 3]);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 4000; i++) counts[w.sample(rng) as "a" | "b" | "c"] += 1;
    expect(counts.b).toBe(0);
    expect(counts.c / counts.a).toBeGreaterThan(2.5);
    expect(counts.c / counts.a).toBeLessThan(3.6);
  });
});
