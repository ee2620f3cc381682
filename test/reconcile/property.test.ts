/**
 * Properties: a document and its noisy PR copy always link (every kind of noise the reference
 * lists that keeps the document the same document); shuffling either input changes nothing;
 * every IMS record and every PR line comes back exactly once.
 */
import fc from "fast-check";
import { gstinCheckChar } from "../../src/ims/gstin";
import type { ImsRecord } from "../../src/ims/records";
import { reconcile, type ReconLink } from "../../src/ims/reconcile";
import { readRegister, type PrLine } from "../../src/ims/register";
import { dayAfter, imsRecord, prLine } from "./helpers";
import { generateSynthetic, noisyNumber, NUMBER_NOISES, rngOf, type Layout } from "./synthetic";

function gstin(state: string, pan: string, entity: string): string {
  const first14 = `${state}${pan}${entity}Z`;
  return first14 + gstinCheckChar(first14);
}
const PAN = "AABCB5678K";
const MAIN = gstin("29", PAN, "1");
const BRANCH = gstin("27", PAN, "2");
const OTHER = gstin("27", "AAFCD4321M", "1");

const pad = (n: number, w: number) => String(n).padStart(w, "0");
const STYLES: readonly ((s: number) => string)[] = [
  (s) => `INV/2025-26/${pad(s, 5)}`,
  (s) => `BILL-${s}`,
  (s) => pad(s, 6),
  (s) => `MH${s}/25-26`,
  (s) => `2526/${pad(s, 4)}`,
  (s) => `TI${pad(s, 5)}`,
  (s) => `K/SAL/${s}`,
  (s) => String(s),
  (s) => `GST/${s}/2025-26`,
];

/** A serial whose digits read as a year pair ("2526") is ambiguous by nature: left out. */
const serialArb = fc.integer({ min: 1, max: 99999 }).filter((s) => !/^(1\d|2\d|3\d)(\d\d)$/.test(String(s)) || Number(String(s).slice(2)) !== Number(String(s).slice(0, 2)) + 1);

const docArb = fc.record({
  style: fc.integer({ min: 0, max: STYLES.length - 1 }),
  serial: serialArb,
  day: fc.integer({ min: 0, max: 364 }),
  taxable: fc.integer({ min: 10_000, max: 50_000_000 }),
  rate: fc.constantFrom(5, 12, 18, 28),
  inter: fc.boolean(),
  section: fc.constantFrom("B2B", "B2B", "CN", "DN") as fc.Arbitrary<"B2B" | "CN" | "DN">,
});

const noiseArb = fc.record({
  number: fc.option(fc.constantFrom(...NUMBER_NOISES), { nil: null }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  shift: fc.integer({ min: -10, max: 10 }),
  taxableDelta: fc.integer({ min: -100, max: 100 }),
  taxDelta: fc.integer({ min: -100, max: 100 }),
  branch: fc.boolean(),
  negative: fc.boolean(),
});

type DocSpec = typeof docArb extends fc.Arbitrary<infer T> ? T : never;

function documentOf(d: DocSpec): ImsRecord {
  const tax = Math.round((d.taxable * d.rate) / 100);
  const half = Math.round(tax / 2);
  const date = dayAfter("2025-04-01", d.day);
  const number = d.section === "CN" ? `CN/25-26/${pad(d.serial, 3)}` : d.section === "DN" ? `DN-${d.serial}` : (STYLES[d.style] as (s: number) => string)(d.serial);
  return imsRecord({
    section: d.section,
    supplierGstin: MAIN,
    docNumber: number,
    docDate: date,
    returnPeriod: date.slice(0, 7),
    taxableValue: d.taxable,
    igst: d.inter ? tax : 0,
    cgst: d.inter ? 0 : half,
    sgst: d.inter ? 0 : half,
    value: d.taxable + (d.inter ? tax : 2 * half),
  });
}

describe("a document and its noisy PR copy always link", () => {
  test("number formats, dates within the window, rounding up to ₹1, a branch GSTIN, a credit note's sign", () => {
    fc.assert(
      fc.property(docArb, noiseArb, (d, noise) => {
        const ims = documentOf(d);
        const r = rngOf(noise.seed);
        let number = ims.docNumber;
        if (noise.number) {
          const changed = noisyNumber(r, ims.docNumber, d.serial, noise.number);
          number = changed.pr;
          ims.docNumber = changed.ims;
        }
        const sign = ims.section === "CN" && noise.negative ? -1 : 1;
        const taxHead = ims.igst > 0 ? "igst" : "cgst";
        const line = prLine({
          supplierGstin: noise.branch ? BRANCH : MAIN,
          docNumber: number,
          docDate: dayAfter(ims.docDate, noise.shift),
          docType: ims.section === "CN" ? "credit" : null,
          taxableValue: sign * (ims.taxableValue + noise.taxableDelta),
          igst: sign * (ims.igst + (taxHead === "igst" ? noise.taxDelta : 0)),
          cgst: sign * (ims.cgst + (taxHead === "cgst" ? noise.taxDelta : 0)),
          sgst: sign * ims.sgst,
          value: sign * (ims.value + noise.taxableDelta + noise.taxDelta),
        });
        // Other documents around it: another supplier's, and this supplier's next one.
        const next = { ...ims, docNumber: `${ims.docNumber}-B`, taxableValue: ims.taxableValue + 7_77, value: ims.value + 7_77 };
        const others = [imsRecord({ supplierGstin: OTHER, docNumber: ims.docNumber }), next];
        const result = reconcile([ims, ...others], [line, prLine({ dataRow: 2, supplierGstin: OTHER, docNumber: ims.docNumber })]);
        const link = result.links.find((l) => l.ims.includes(0)) as ReconLink;
        expect([link.category, link.pr]).toEqual([link.category === "exact" ? "exact" : "suggested", [0]]);
        expect(link.ims).toEqual([0]);
      }),
      { numRuns: 400, seed: 20260101 },
    );
  });
});

/** A link in terms of content that does not depend on positions: IMS by hash, PR by data row. */
function canonical(links: readonly ReconLink[], ims: readonly ImsRecord[], pr: readonly PrLine[]): string[] {
  return links
    .map((l) =>
      JSON.stringify([
        l.category,
        l.ims.map((i) => (ims[i] as ImsRecord).hash).sort(),
        l.pr.map((p) => (pr[p] as PrLine).dataRow).sort((a, b) => a - b),
        l.reasons.map((r) => r.text),
        l.rule,
      ]),
    )
    .sort();
}

function shuffled<T>(list: readonly T[], keys: readonly number[]): T[] {
  return list
    .map((x, i) => [x, keys[i % keys.length]! * 1_000_003 + i * 7919] as const)
    .sort((a, b) => (a[1] % 104729) - (b[1] % 104729) || a[1] - b[1])
    .map(([x]) => x);
}

describe("order does not matter", () => {
  test("shuffling the IMS records, the PR lines, or both, gives the same links", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom<Layout>("add-in", "moot", "gstr2"),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 5, maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 5, maxLength: 40 }),
        (seed, layout, imsKeys, prKeys) => {
          const set = generateSynthetic({ seed, docs: 250, layout });
          const ims = set.ims.map((r, i) => ({ ...r, hash: `doc${i}` }));
          const pr = readRegister(set.cells).lines;
          const base = canonical(reconcile(ims, pr).links, ims, pr);
          const ims2 = shuffled(ims, imsKeys);
          const pr2 = shuffled(pr, prKeys);
          expect(canonical(reconcile(ims2, pr).links, ims2, pr)).toEqual(base);
          expect(canonical(reconcile(ims, pr2).links, ims, pr2)).toEqual(base);
          expect(canonical(reconcile(ims2, pr2).links, ims2, pr2)).toEqual(base);
        },
      ),
      { numRuns: 25, seed: 777 },
    );
  });

  test("every IMS record and every PR line appears in exactly one entry", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const set = generateSynthetic({ seed, docs: 200, layout: "add-in" });
        const pr = readRegister(set.cells).lines;
        const result = reconcile(set.ims, pr);
        expect(result.links.flatMap((l) => l.ims).sort((a, b) => a - b)).toEqual(set.ims.map((_, i) => i));
        expect(result.links.flatMap((l) => l.pr).sort((a, b) => a - b)).toEqual(pr.map((_, i) => i));
        for (const l of result.links) expect(l.suggestions.length).toBe(l.ims.length);
      }),
      { numRuns: 20, seed: 4242 },
    );
  });
});
