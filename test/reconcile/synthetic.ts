/**
 * A seeded, deterministic purchase register and IMS set with the truth, for the reconciliation
 * tests and the reconcile-100k bench. Every kind of noise the reference lists
 * (../shared/reference/reconciliation-peers.md, "Kinds of noise a real register shows") is made:
 *
 *   identical documents; number formats (leading zeros added or dropped, "-" vs "/", separators
 *   dropped, case, spaces, financial-year fragments added, dropped or changed, prefixes added or
 *   dropped, only the serial kept); the supplier reporting only the serial digits, or the buyer
 *   booking a decorated number; dates shifted by 1-10 days, also across month ends; rounding up
 *   to ₹1; real value mismatches (a different taxable value; IGST booked as CGST+SGST with the
 *   same total); the same supplier's other branch GSTIN; PR lines with no IMS document and IMS
 *   documents with no PR line; several documents booked as one line and one document split
 *   across lines; duplicate PR entries; credit notes with negative amounts; near-miss decoys
 *   (same supplier, similar numbers or amounts, different documents); last year's document with
 *   the same serial as this year's.
 *
 * Noises are also combined (number + date, number + rounding, branch + number). The register is
 * written as cells in one of several layouts, with amounts and dates in the forms Excel and the
 * exports show, and read back through the add-in's register reader.
 */
import { gstinCheckChar } from "../../src/ims/gstin";
import type { ImsRecord } from "../../src/ims/records";
import type { SectionCode } from "../../src/ims/sections";
import type { Category } from "../../src/ims/reconcile";
import { ADDIN_TEMPLATE_HEADERS, STATE_CODES, type Cell } from "../../src/ims/register";

/** mulberry32: small, fast, seeded. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Layout = "add-in" | "moot" | "tally" | "gstr2";

export interface SyntheticOptions {
  seed: number;
  /** IMS documents of this year (last year's decoys come on top). */
  docs: number;
  layout?: Layout;
}

export interface TruthEntry {
  category: Category;
  ims: number[];
  /** PR data rows, 1-based, header excluded. */
  pr: number[];
  /** The noise applied, for diagnostics. */
  noise: string;
}

export interface SyntheticSet {
  ims: ImsRecord[];
  cells: Cell[][];
  truth: TruthEntry[];
  /** How many documents got each noise. */
  noiseCounts: Record<string, number>;
}

// ---- small helpers ---------------------------------------------------------------------

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const OTHER_STATES = ["29", "07", "24", "33", "09", "06", "19", "36", "32", "08"];
const FY = 2025;
const FY_START = Date.UTC(2025, 3, 1) / 86_400_000;
const FY_DAYS = 365;

function isoOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

export interface Rng {
  next: () => number;
  int: (lo: number, hi: number) => number;
  pick: <T>(xs: readonly T[]) => T;
  chance: (p: number) => boolean;
}

export function rngOf(seed: number): Rng {
  const next = seeded(seed);
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T,>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T,
    chance: (p) => next() < p,
  };
}

// ---- suppliers and their numbering -----------------------------------------------------

interface Supplier {
  pan: string;
  gstins: string[];
  name: string;
  style: number;
  noteStyle: number;
  letters: string;
  serialStart: number;
  inter: boolean;
}

function makeGstin(state: string, pan: string, entity: number): string {
  const first14 = `${state}${pan}${"123456789ABCDEFGHJ"[entity - 1] ?? "1"}Z`;
  return first14 + gstinCheckChar(first14);
}

function makeSupplier(r: Rng, n: number): Supplier {
  let pan = "";
  for (let i = 0; i < 3; i++) pan += r.pick([...LETTERS]);
  pan += r.pick(["C", "F", "P", "H"]);
  pan += r.pick([...LETTERS]);
  pan += pad(r.int(0, 9999), 4) + r.pick([...LETTERS]);
  const state = r.chance(0.55) ? "27" : r.pick(OTHER_STATES);
  const gstins = [makeGstin(state, pan, 1)];
  const branches = r.chance(0.3) ? r.int(1, 2) : 0;
  for (let b = 0; b < branches; b++) gstins.push(makeGstin(r.chance(0.5) ? r.pick(OTHER_STATES) : state, pan, b + 2));
  return {
    pan,
    gstins,
    name: `Supplier ${n} ${r.pick(["Traders", "Industries", "Pvt Ltd", "& Co", "Enterprises", "LLP"])}`,
    style: r.int(0, 9),
    noteStyle: r.int(0, 3),
    letters: r.pick(["MH", "KA", "DL", "AB", "SR", "PQ"]) + r.pick(["", "X", "S"]),
    serialStart: r.int(1, 4000),
    inter: state !== "27",
  };
}

function fyLong(fy: number): string {
  return `${fy}-${pad((fy + 1) % 100, 2)}`;
}
function fyShort(fy: number): string {
  return `${pad(fy % 100, 2)}-${pad((fy + 1) % 100, 2)}`;
}

/** The supplier's own way of numbering a document. */
function formatNumber(s: Supplier, kind: "invoice" | "credit" | "debit", serial: number, fy: number): string {
  if (kind === "credit") {
    switch (s.noteStyle) {
      case 0: return `CN/${fyShort(fy)}/${pad(serial, 3)}`;
      case 1: return `CRN-${serial}`;
      case 2: return `${s.letters}/CN/${serial}`;
      default: return `CN${pad(serial, 5)}`;
    }
  }
  if (kind === "debit") return s.noteStyle % 2 === 0 ? `DN-${serial}` : `DN/${fyShort(fy)}/${serial}`;
  switch (s.style) {
    case 0: return `INV/${fyLong(fy)}/${pad(serial, 5)}`;
    case 1: return `BILL-${serial}`;
    case 2: return pad(serial, 6);
    case 3: return `${s.letters}${serial}/${fyShort(fy)}`;
    case 4: return `${pad(fy % 100, 2)}${pad((fy + 1) % 100, 2)}/${pad(serial, 4)}`;
    case 5: return `TI${pad(serial, 5)}`;
    case 6: return `${s.letters.charAt(0)}/SAL/${serial}`;
    case 7: return String(serial);
    case 8: return `${s.letters}-${fyShort(fy)}-${pad(serial, 4)}`;
    default: return `GST/${serial}/${fyLong(fy)}`;
  }
}

// ---- number noise ----------------------------------------------------------------------

export const NUMBER_NOISES = [
  "zeros", "sep-swap", "sep-drop", "case", "spaces", "fy-add", "fy-drop", "fy-change", "prefix-add", "prefix-drop", "serial-only", "decorated", "ims-serial-only",
] as const;
export type NumberNoise = (typeof NUMBER_NOISES)[number];

/** An FY fragment standing on its own (not digits inside a longer group). */
const FY_PATTERN = /(?<!\d)(?:FY)?(?:2025-2026|2025-26|2025\/26|202526|25-26|2526)(?!\d)/;

function tidy(n: string): string {
  return n.replace(/([/-]){2,}/g, "$1").replace(/^[/\- ]+|[/\- ]+$/g, "");
}

/** The number with one kind of noise; the IMS side changes only for "ims-serial-only". */
export function noisyNumber(r: Rng, original: string, serial: number, kind: NumberNoise): { pr: string; ims: string } {
  const same = (pr: string) => ({ pr, ims: original });
  // A number of digits only has no financial year to change, whatever its digits look like.
  if (/^\d+$/.test(original) && (kind === "fy-change" || kind === "fy-drop")) kind = "fy-add";
  let out: string;
  switch (kind) {
    case "zeros": {
      // The serial's digits (the last group reading as the serial).
      const groups = [...original.matchAll(/\d+/g)];
      const serialGroups = groups.filter((g) => Number(g[0]) === serial);
      const m = serialGroups.length === 1 ? serialGroups[0] : undefined;
      if (!m || m.index === undefined) return same(`INV-${original}`);
      const digits = m[0];
      const replaced = /^0+\d/.test(digits) ? digits.replace(/^0+(?=\d)/, "") : digits.padStart(digits.length + r.int(1, 3), "0");
      out = original.slice(0, m.index) + replaced + original.slice(m.index + digits.length);
      break;
    }
    case "sep-swap":
      out = original.includes("/") ? original.replace(/\//g, "-") : original.includes("-") ? original.replace(/-/g, "/") : original.replace(/^([A-Z]+)(\d)/i, "$1-$2");
      break;
    case "sep-drop":
      out = original.replace(/[/\- ]/g, "");
      break;
    case "case":
      out = /[A-Z]/.test(original) ? (r.chance(0.5) ? original.toLowerCase() : original.charAt(0) + original.slice(1).toLowerCase()) : `inv-${original}`;
      break;
    case "spaces":
      // Around a separator, between a prefix and the digits, or a separator become a space.
      out = /[/-]/.test(original) ? (r.chance(0.5) ? original.replace(/([/-])/, " $1 ") : original.replace(/[/-]/, " ")) : original.replace(/^([A-Z]+)(\d)/i, "$1 $2");
      if (out === original) out = `No. ${original}`;
      break;
    case "fy-add":
      out = FY_PATTERN.test(original) && !/^\d+$/.test(original) ? original.replace(FY_PATTERN, r.pick(["2025-26", "25-26", "2526"])) : r.chance(0.5) ? `${original}/${r.pick(["25-26", "2025-26"])}` : `${r.pick(["2025-26", "25-26"])}/${original}`;
      break;
    case "fy-drop":
      out = FY_PATTERN.test(original) ? tidy(original.replace(FY_PATTERN, "")) : `${original}/25-26`;
      break;
    case "fy-change":
      out = FY_PATTERN.test(original) ? original.replace(FY_PATTERN, (m) => r.pick(["2025-26", "25-26", "2526", "2025-2026", "FY25-26"].filter((x) => x !== m))) : `${original}/2025-26`;
      break;
    case "prefix-add":
      out = `${r.pick(["INV/", "BILL-", "Inv ", "INV-", "Bill No "])}${original}`;
      break;
    case "prefix-drop": {
      const m = /^([A-Za-z]+)[/\- ]?(?=\w)/.exec(original);
      out = m ? original.slice(m[0].length) : `BILL-${original}`;
      break;
    }
    case "serial-only":
      out = String(serial);
      break;
    case "decorated":
      out = `${r.pick(["INV/", "PUR/", "BILL-"])}${r.pick(["2025-26/", "25-26/", ""])}${original}`;
      break;
    case "ims-serial-only":
      if (original === String(serial)) return same(`INV/${original}`);
      return { pr: original, ims: String(serial) };
  }
  if (out === original || out.trim() === "") out = `INV/${original}`;
  return same(out);
}

// ---- documents -------------------------------------------------------------------------

interface Amounts {
  taxable: number;
  igst: number;
  cgst: number;
  sgst: number;
  cess: number;
  value: number;
}

interface Part {
  rate: number;
  taxable: number;
  igst: number;
  cgst: number;
  sgst: number;
  cess: number;
}

interface GenDoc {
  id: number;
  supplier: number;
  gstin: string;
  kind: "invoice" | "credit" | "debit";
  serial: number;
  day: number;
  number: string;
  parts: Part[];
  value: number;
}

function partOf(taxable: number, rate: number, inter: boolean, withCess: boolean): Part {
  const tax = Math.round((taxable * rate) / 100);
  const half = Math.round((taxable * rate) / 200);
  return {
    rate,
    taxable,
    igst: inter ? tax : 0,
    cgst: inter ? 0 : half,
    sgst: inter ? 0 : half,
    cess: withCess ? Math.round(taxable * 0.12) : 0,
  };
}

function sumParts(parts: readonly Part[]): Amounts {
  const a = { taxable: 0, igst: 0, cgst: 0, sgst: 0, cess: 0, value: 0 };
  for (const p of parts) {
    a.taxable += p.taxable;
    a.igst += p.igst;
    a.cgst += p.cgst;
    a.sgst += p.sgst;
    a.cess += p.cess;
  }
  a.value = a.taxable + a.igst + a.cgst + a.sgst + a.cess;
  return a;
}

function randomTaxable(r: Rng): number {
  const rupees = Math.exp(Math.log(500) + r.next() * (Math.log(800_000) - Math.log(500)));
  return r.chance(0.5) ? Math.round(rupees) * 100 : Math.round(rupees * 100);
}

function makeParts(r: Rng, inter: boolean, multiRate: boolean): Part[] {
  const taxable = randomTaxable(r);
  const rate = r.pick([5, 12, 18, 18, 18, 28]);
  const cess = rate === 28 && r.chance(0.3);
  if (!multiRate) return [partOf(taxable, rate, inter, cess)];
  const first = Math.round(taxable * (0.2 + 0.6 * r.next()));
  const other = r.pick([5, 12, 18, 28].filter((x) => x !== rate));
  return [partOf(first, rate, inter, false), partOf(taxable - first, other, inter, false)];
}

function record(d: GenDoc): ImsRecord {
  const a = sumParts(d.parts);
  const section: SectionCode = d.kind === "credit" ? "CN" : d.kind === "debit" ? "DN" : "B2B";
  const date = isoOfDay(d.day);
  return {
    section,
    supplierGstin: d.gstin,
    docNumber: d.number,
    docDate: date,
    invoiceType: "R",
    sourceForm: "R1",
    returnPeriod: date.slice(0, 7),
    placeOfSupply: "27",
    value: d.value,
    taxableValue: a.taxable,
    igst: a.igst,
    cgst: a.cgst,
    sgst: a.sgst,
    cess: a.cess,
    action: "N",
    pendingBlocked: false,
    supplierFiled: true,
    hash: `h${d.supplier}x${d.serial}${d.kind.charAt(0)}${d.day}`,
    remarksBlocked: false,
    itcReductionBlocked: d.kind === "credit" ? false : null,
  };
}

// ---- PR lines before layout ------------------------------------------------------------

interface GenLine {
  gstin: string;
  name: string;
  kind: "invoice" | "credit" | "debit";
  number: string;
  day: number;
  /** One entry per row (rate lines), or a single row. */
  rows: { rate: number | null; taxable: number; igst: number; cgst: number; sgst: number; cess: number }[];
  value: number;
  negative: boolean;
  /** The truth entry this line belongs to. */
  truth: number;
  /** Sort key among lines of the register. */
  order: number;
}

const SCENARIOS: readonly (readonly [string, number])[] = [
  ["exact", 40],
  ["number", 17],
  ["date", 7],
  ["rounding", 5],
  ["number+date", 4],
  ["number+rounding", 2],
  ["value-mismatch", 3],
  ["igst-as-cgst", 2],
  ["branch", 3],
  ["missing-in-pr", 6],
  ["clubbed", 3],
  ["split", 2.5],
  ["duplicate", 2.5],
];

function pickScenario(r: Rng): string {
  const total = SCENARIOS.reduce((s, [, w]) => s + w, 0);
  let x = r.next() * total;
  for (const [name, w] of SCENARIOS) {
    x -= w;
    if (x < 0) return name;
  }
  return "exact";
}

/** Generates the set. Same options, same set. */
export function generateSynthetic(options: SyntheticOptions): SyntheticSet {
  const r = rngOf(options.seed);
  const layout = options.layout ?? "add-in";
  const multiRateAllowed = layout === "gstr2";
  const supplierCount = Math.max(6, Math.round(options.docs / 40));
  const suppliers: Supplier[] = [];
  for (let n = 0; n < supplierCount; n++) suppliers.push(makeSupplier(r, n));
  const weights = suppliers.map(() => 0.2 + r.next() * r.next() * 4);
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  const pickSupplier = () => {
    let x = r.next() * totalWeight;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i] as number;
      if (x < 0) return i;
    }
    return weights.length - 1;
  };

  // This year's documents, numbered per supplier and kind in date order.
  const docs: GenDoc[] = [];
  for (let k = 0; k < options.docs; k++) {
    const supplier = pickSupplier();
    const s = suppliers[supplier] as Supplier;
    const kind: GenDoc["kind"] = r.chance(0.09) ? "credit" : r.chance(0.055) ? "debit" : "invoice";
    const parts = makeParts(r, s.inter, multiRateAllowed && kind === "invoice" && r.chance(0.1));
    const a = sumParts(parts);
    docs.push({
      id: k,
      supplier,
      gstin: s.gstins[0] as string,
      kind,
      serial: 0,
      day: FY_START + r.int(0, FY_DAYS - 1),
      number: "",
      parts,
      value: r.chance(0.4) ? Math.round(a.value / 100) * 100 : a.value,
    });
  }
  const order = docs.map((_, i) => i).sort((x, y) => (docs[x] as GenDoc).supplier - (docs[y] as GenDoc).supplier || (docs[x] as GenDoc).day - (docs[y] as GenDoc).day || x - y);
  const counters = new Map<string, number>();
  const usedSerials = new Map<string, Set<number>>();
  for (const i of order) {
    const d = docs[i] as GenDoc;
    const s = suppliers[d.supplier] as Supplier;
    const key = `${d.supplier}|${d.kind}`;
    const serial = counters.get(key) ?? (d.kind === "invoice" ? s.serialStart : r.int(1, 300));
    counters.set(key, serial + 1);
    d.serial = serial;
    d.number = formatNumber(s, d.kind, serial, FY);
    const used = usedSerials.get(key) ?? new Set<number>();
    used.add(serial);
    usedSerials.set(key, used);
  }

  const ims: ImsRecord[] = [];
  const lines: GenLine[] = [];
  const truth: TruthEntry[] = [];
  const noiseCounts: Record<string, number> = {};
  const count = (n: string) => (noiseCounts[n] = (noiseCounts[n] ?? 0) + 1);
  const imsIndex = new Map<number, number>();
  const pushIms = (d: GenDoc) => {
    imsIndex.set(d.id, ims.length);
    ims.push(record(d));
    return ims.length - 1;
  };
  const truthOf = (category: Category, imsIdx: number[], noise: string) => {
    truth.push({ category, ims: imsIdx, pr: [], noise });
    return truth.length - 1;
  };
  const lineOf = (d: GenDoc, t: number, overrides: Partial<GenLine> = {}): GenLine => {
    const s = suppliers[d.supplier] as Supplier;
    return {
      gstin: d.gstin,
      name: s.name,
      kind: d.kind,
      number: d.number,
      day: d.day,
      rows: d.parts.map((p) => ({ rate: p.rate, taxable: p.taxable, igst: p.igst, cgst: p.cgst, sgst: p.sgst, cess: p.cess })),
      value: d.value,
      negative: d.kind === "credit" && r.chance(0.8),
      truth: t,
      order: r.next(),
      ...overrides,
    };
  };
  const collapse = (l: GenLine): GenLine => {
    // One row per document (sums), for layouts without a rate column or for noise on amounts.
    if (l.rows.length <= 1) return l;
    const a = l.rows.reduce((s, x) => ({ rate: null, taxable: s.taxable + x.taxable, igst: s.igst + x.igst, cgst: s.cgst + x.cgst, sgst: s.sgst + x.sgst, cess: s.cess + x.cess }), { rate: null as number | null, taxable: 0, igst: 0, cgst: 0, sgst: 0, cess: 0 });
    return { ...l, rows: [a] };
  };
  const shiftDay = (d: GenDoc) => {
    const n = r.int(1, 10);
    // Toward the month's end when near it, so that the shift often crosses it.
    const dom = Number(isoOfDay(d.day).slice(8, 10));
    const sign = dom >= 21 ? 1 : dom <= 10 ? -1 : r.chance(0.5) ? 1 : -1;
    return d.day + sign * n;
  };

  const taken = new Set<number>();
  const missing = new Set<number>();
  const byDocOrder = order; // supplier, then date
  for (let oi = 0; oi < byDocOrder.length; oi++) {
    const di = byDocOrder[oi] as number;
    if (taken.has(di)) continue;
    taken.add(di);
    const d = docs[di] as GenDoc;
    const s = suppliers[d.supplier] as Supplier;
    let scenario = pickScenario(r);
    if (scenario === "branch" && s.gstins.length < 2) scenario = "number";
    if (scenario === "igst-as-cgst" && d.parts.length > 1) scenario = "value-mismatch";
    count(scenario);

    if (scenario === "clubbed") {
      // The next one or two documents of the supplier, of the same kind, within 20 days.
      const group = [d];
      const want = r.chance(0.7) ? 1 : 2;
      for (let oj = oi + 1; oj < byDocOrder.length && group.length <= want; oj++) {
        const dj = byDocOrder[oj] as number;
        const other = docs[dj] as GenDoc;
        if (other.supplier !== d.supplier) break;
        if (taken.has(dj) || other.kind !== d.kind) continue;
        if (other.day - d.day > 20) break;
        group.push(other);
        taken.add(dj);
      }
      if (group.length === 1) {
        const t = truthOf("exact", [pushIms(d)], "exact (clubbed without partner)");
        lines.push(collapse(lineOf(d, t)));
        continue;
      }
      const idx = group.map(pushIms);
      const t = truthOf("suggested", idx, "clubbed");
      const sums = group.map((g) => sumParts(g.parts));
      const total = sums.reduce((a, b) => ({ taxable: a.taxable + b.taxable, igst: a.igst + b.igst, cgst: a.cgst + b.cgst, sgst: a.sgst + b.sgst, cess: a.cess + b.cess, value: a.value + b.value }));
      const number = r.chance(0.75) ? d.number : group.map((g) => g.number).join(", ");
      lines.push({ ...lineOf(d, t), number, rows: [{ rate: null, taxable: total.taxable, igst: total.igst, cgst: total.cgst, sgst: total.sgst, cess: total.cess }], value: group.reduce((v, g) => v + g.value, 0) });
      continue;
    }

    const i = pushIms(d);
    switch (scenario) {
      case "exact": {
        const t = truthOf("exact", [i], "exact");
        lines.push(layout === "gstr2" ? lineOf(d, t) : collapse(lineOf(d, t)));
        break;
      }
      case "number":
      case "number+date":
      case "number+rounding":
      case "date":
      case "rounding":
      case "branch": {
        let line = collapse(lineOf(d, -1));
        const noises: string[] = [];
        if (scenario.startsWith("number") || (scenario === "branch" && r.chance(0.3))) {
          const kind = r.pick(NUMBER_NOISES);
          const { pr, ims: imsNumber } = noisyNumber(r, d.number, d.serial, kind);
          line.number = pr;
          if (imsNumber !== d.number) {
            (ims[i] as ImsRecord).docNumber = imsNumber;
          }
          noises.push(`number:${kind}`);
          // Sometimes two changes at once ("inv 123" for "INV/2025-26/00123").
          if (r.chance(0.2) && kind !== "serial-only" && kind !== "ims-serial-only") {
            const second = r.pick(NUMBER_NOISES.filter((k) => k !== "ims-serial-only" && k !== "serial-only" && k !== kind));
            line.number = noisyNumber(r, line.number, d.serial, second).pr;
            noises.push(`number:${second}`);
          }
          // Two changes that undo each other are no change: make it one.
          if (line.number === (ims[i] as ImsRecord).docNumber) line.number = `INV-${line.number}`;
        }
        if (scenario === "date" || scenario === "number+date") {
          line.day = shiftDay(d);
          noises.push("date");
        }
        if (scenario === "rounding" || scenario === "number+rounding") {
          const row = line.rows[0] as GenLine["rows"][number];
          const delta = r.int(1, 100) * (r.chance(0.5) ? 1 : -1);
          const taxDelta = r.chance(0.5) ? r.int(-100, 100) : 0;
          const heads = row.igst > 0 ? { igst: row.igst + taxDelta } : { cgst: row.cgst + taxDelta };
          line = { ...line, rows: [{ ...row, taxable: row.taxable + delta, ...heads }], value: line.value + delta + taxDelta };
          noises.push("rounding");
        }
        if (scenario === "branch") {
          line.gstin = r.pick(s.gstins.slice(1));
          noises.push("branch");
        }
        const t = truthOf("suggested", [i], noises.join("+"));
        line.truth = t;
        lines.push(line);
        break;
      }
      case "value-mismatch": {
        const t = truthOf("mismatch", [i], "value-mismatch");
        const line = collapse(lineOf(d, t));
        const row = line.rows[0] as GenLine["rows"][number];
        const factor = (r.chance(0.5) ? 1 : -1) * (0.02 + r.next() * 0.38);
        const delta = Math.max(1500, Math.abs(Math.round(row.taxable * factor))) * Math.sign(factor);
        const rate = d.parts[0]?.rate ?? 18;
        const changed = { ...row, taxable: row.taxable + delta };
        const p = partOf(changed.taxable, rate, row.igst > 0, false);
        const next = { ...changed, igst: p.igst, cgst: p.cgst, sgst: p.sgst };
        lines.push({ ...line, rows: [next], value: line.value + (next.taxable - row.taxable) + (next.igst - row.igst) + (next.cgst - row.cgst) + (next.sgst - row.sgst) });
        break;
      }
      case "igst-as-cgst": {
        const t = truthOf("mismatch", [i], "igst-as-cgst");
        const line = collapse(lineOf(d, t));
        const row = line.rows[0] as GenLine["rows"][number];
        const next =
          row.igst > 0
            ? { ...row, igst: 0, cgst: Math.floor(row.igst / 2), sgst: row.igst - Math.floor(row.igst / 2) }
            : { ...row, igst: row.cgst + row.sgst, cgst: 0, sgst: 0 };
        lines.push({ ...line, rows: [next] });
        break;
      }
      case "missing-in-pr":
        truthOf("missing_in_pr", [i], "missing-in-pr");
        missing.add(d.id);
        break;
      case "split": {
        const t = truthOf("suggested", [i], "split");
        const base = collapse(lineOf(d, t));
        const row = base.rows[0] as GenLine["rows"][number];
        const n = r.chance(0.7) ? 2 : 3;
        const cuts: number[] = [];
        // Parts of at least a tenth each.
        for (let k = 0; k < n - 1; k++) cuts.push((k + 1) / n + (r.next() - 0.5) * (0.8 / n - 0.2));
        cuts.sort((a, b) => a - b);
        const fractions = cuts.map((c, k) => c - (cuts[k - 1] ?? 0)).concat(1 - (cuts[cuts.length - 1] ?? 0));
        const acc = { taxable: 0, igst: 0, cgst: 0, sgst: 0, cess: 0 };
        fractions.forEach((f, k) => {
          const last = k === fractions.length - 1;
          const part = (h: keyof typeof acc) => (last ? row[h] - acc[h] : Math.round(row[h] * f));
          const piece = { rate: row.rate, taxable: part("taxable"), igst: part("igst"), cgst: part("cgst"), sgst: part("sgst"), cess: part("cess") };
          for (const h of Object.keys(acc) as (keyof typeof acc)[]) acc[h] += piece[h];
          lines.push({ ...base, rows: [piece], value: piece.taxable + piece.igst + piece.cgst + piece.sgst + piece.cess, order: base.order + k * 1e-9 });
        });
        break;
      }
      case "duplicate": {
        const t = truthOf("exact", [i], "duplicate (original)");
        const line = collapse(lineOf(d, t));
        lines.push(line);
        const dup = truthOf("duplicate", [], "duplicate (copy)");
        lines.push({ ...line, truth: dup, order: r.next() * 0 + line.order + (r.chance(0.5) ? 1e-9 : 0.01 * r.next()) });
        break;
      }
    }
  }

  // PR lines with no IMS document: the supplier's own later serials, not reported.
  const extra = Math.round(options.docs * 0.05);
  for (let k = 0; k < extra; k++) {
    const supplier = pickSupplier();
    const s = suppliers[supplier] as Supplier;
    const serial = s.serialStart + 6000 + k;
    const d: GenDoc = { id: -1, supplier, gstin: s.gstins[0] as string, kind: "invoice", serial, day: FY_START + r.int(0, FY_DAYS - 1), number: formatNumber(s, "invoice", serial, FY), parts: makeParts(r, s.inter, false), value: 0 };
    d.value = sumParts(d.parts).value;
    lines.push(collapse(lineOf(d, truthOf("missing_in_ims", [], "missing-in-ims"))));
    count("missing-in-ims");
  }

  // Near-miss decoys and last year's documents, around documents already made; half of the
  // near misses beside a document missing in the PR, where a loose matcher would take them.
  const thisYear = docs.filter((d) => imsIndex.has(d.id));
  const unbooked = docs.filter((d) => missing.has(d.id));
  const lastYearDone = new Set<number>();
  const decoys = Math.round(options.docs * 0.05);
  for (let k = 0; k < decoys; k++) {
    const kind = r.pick(["near-number", "near-amount", "last-year-pr", "last-year-ims"] as const);
    const d = (kind === "near-number" || kind === "near-amount") && unbooked.length > 0 && r.chance(0.5) ? r.pick(unbooked) : r.pick(thisYear);
    if (kind.startsWith("last-year")) {
      if (lastYearDone.has(d.id)) continue;
      lastYearDone.add(d.id);
    }
    const s = suppliers[d.supplier] as Supplier;
    const used = usedSerials.get(`${d.supplier}|${d.kind}`) ?? new Set<number>();
    count(`decoy:${kind}`);
    if (kind === "near-number") {
      // A serial one digit away that the supplier never used, amounts 2-15% off.
      let serial = d.serial;
      for (let tries = 0; tries < 20 && (serial === d.serial || used.has(serial)); tries++) {
        const digits = String(d.serial).split("");
        const pos = r.int(0, digits.length - 1);
        digits[pos] = String((Number(digits[pos]) + r.int(1, 9)) % 10);
        serial = Number(digits.join(""));
        if (serial === 0) serial = d.serial;
      }
      if (serial === d.serial || used.has(serial)) continue;
      used.add(serial);
      const f = 1 + (r.chance(0.5) ? 1 : -1) * (0.02 + r.next() * 0.13);
      const parts = d.parts.map((p) => partOf(Math.round(p.taxable * f), p.rate, p.igst > 0, p.cess > 0));
      const decoy: GenDoc = { ...d, serial, number: formatNumber(s, d.kind, serial, FY), parts, day: d.day + r.int(-5, 5), value: sumParts(parts).value };
      lines.push(collapse(lineOf(decoy, truthOf("missing_in_ims", [], "decoy: near number"))));
    } else if (kind === "near-amount") {
      // Another document of the supplier with the same amounts, dated near.
      const serial = s.serialStart + 9000 + k;
      const decoy: GenDoc = { ...d, serial, number: formatNumber(s, d.kind, serial, FY), day: d.day + r.int(-8, 8) };
      lines.push(collapse(lineOf(decoy, truthOf("missing_in_ims", [], "decoy: near amount"))));
    } else if (kind === "last-year-pr") {
      // Last year's document with this serial, booked last year.
      const parts = makeParts(r, s.inter, false);
      const day = d.day - 365 + r.int(-20, 20);
      const decoy: GenDoc = { ...d, number: formatNumber(s, d.kind, d.serial, FY - 1), parts, day, value: sumParts(parts).value };
      lines.push(collapse(lineOf(decoy, truthOf("missing_in_ims", [], "decoy: last year's (PR)"))));
    } else {
      // Last year's document with this serial, reported late in IMS, not in this register.
      const parts = makeParts(r, s.inter, false);
      const nearBoundary = isoOfDay(d.day) < "2025-04-15";
      const day = nearBoundary ? FY_START - r.int(1, 8) : d.day - 365 + r.int(-20, 20);
      const decoy: GenDoc = { ...d, number: formatNumber(s, d.kind, d.serial, FY - 1), parts, day, value: sumParts(parts).value };
      const rec = record(decoy);
      ims.push(rec);
      truthOf("missing_in_pr", [ims.length - 1], "decoy: last year's (IMS)");
    }
  }

  return { ims, ...writeRegister(r, layout, lines, truth), truth, noiseCounts };
}

// ---- the register as cells ---------------------------------------------------------------

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function dateCell(r: Rng, day: number, layout: Layout): Cell {
  const iso = isoOfDay(day);
  const [y, m, d] = iso.split("-") as [string, string, string];
  if (layout === "gstr2") return `${d}-${MONTHS[Number(m) - 1]}-${y.slice(2)}`;
  switch (r.int(0, 4)) {
    case 0: return `${d}-${m}-${y}`;
    case 1: return `${d}/${m}/${y}`;
    case 2: return Date.UTC(Number(y), Number(m) - 1, Number(d)) / 86_400_000 + 25569;
    case 3: return iso;
    default: return `${d}-${MONTHS[Number(m) - 1]}-${y.slice(2)}`;
  }
}

function indian(rupees: string): string {
  const [whole, frac] = rupees.split(".") as [string, string];
  const neg = whole.startsWith("-");
  const digits = neg ? whole.slice(1) : whole;
  const grouped = digits.length > 3 ? `${digits.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ",")},${digits.slice(-3)}` : digits;
  return `${neg ? "-" : ""}${grouped}.${frac}`;
}

function amountCell(r: Rng, paise: number, negative: boolean): Cell {
  const v = negative ? -paise : paise;
  const text = (v / 100).toFixed(2);
  switch (r.int(0, 5)) {
    case 0: return indian(text);
    case 1: return v < 0 ? `(${indian(text.slice(1))})` : `₹${indian(text)}`;
    case 2: return text;
    default: return v / 100;
  }
}

function posCell(r: Rng, code: string): Cell {
  return r.chance(0.5) ? code : `${code}-${STATE_CODES[code] ?? ""}`;
}

function writeRegister(r: Rng, layout: Layout, lines: GenLine[], truth: TruthEntry[]): { cells: Cell[][] } {
  lines.sort((a, b) => a.day - b.day || a.order - b.order);
  const cells: Cell[][] = [];
  let header: string[];
  const top: Cell[][] = [];
  switch (layout) {
    case "moot":
      top.push(["GSTIN of recipient", "27AAACI1234F1Z2"], ["Trade/Legal name", "Demo Industries"], ["Financial year", "2025-26"], ["Tax period", "March"]);
      header = ["GSTIN of Supplier/ECO", "Trade/Legal name", "Type of inward supplies", "Document type", "Document number", "Document date", "Taxable value (₹)", "Integrated tax (₹)", "Central tax (₹)", "State/UT tax (₹)", "Cess (₹)"];
      break;
    case "tally":
      top.push(["Demo Industries"], ["Purchase Register"], ["1-Apr-25 to 31-Mar-26"], []);
      header = ["Date", "Particulars", "Voucher Type", "Voucher No.", "Supplier Invoice No.", "Supplier Invoice Date", "GSTIN/UIN", "Gross Total", "Purchase @5%", "Purchase @12%", "Purchase @18%", "Purchase @28%", "Input IGST", "Input CGST", "Input SGST", "Cess"];
      break;
    case "gstr2":
      top.push(["Summary For B2B(3)"], ["No. of Suppliers", "", "No. of Invoices", "", "Total Invoice Value"], [1, "", 1, "", 0]);
      header = ["GSTIN of Supplier", "Invoice Number", "Invoice date", "Invoice Value", "Place Of Supply", "Reverse Charge", "Invoice Type", "Rate", "Taxable Value", "Integrated Tax Paid", "Central Tax Paid", "State/UT Tax Paid", "Cess Paid", "Eligibility For ITC", "Availed ITC Integrated Tax", "Availed ITC Central Tax", "Availed ITC State/UT Tax", "Availed ITC Cess"];
      break;
    default:
      header = [...ADDIN_TEMPLATE_HEADERS];
  }
  cells.push(...top, header);
  let dataRow = 0;
  let voucher = 1;
  for (const l of lines) {
    const t = truth[l.truth] as TruthEntry;
    const typeText = l.kind === "credit" ? "Credit Note" : l.kind === "debit" ? "Debit Note" : "Invoice";
    for (const row of l.rows) {
      dataRow++;
      t.pr.push(dataRow);
      const neg = l.negative;
      const value = l.rows.length > 1 ? l.value : l.rows.length === 1 ? (l.value || row.taxable + row.igst + row.cgst + row.sgst + row.cess) : l.value;
      switch (layout) {
        case "moot":
          cells.push([l.gstin, l.name, "B2B", typeText, l.number, dateCell(r, l.day, layout), amountCell(r, row.taxable, neg), amountCell(r, row.igst, neg), amountCell(r, row.cgst, neg), amountCell(r, row.sgst, neg), amountCell(r, row.cess, neg)]);
          break;
        case "tally": {
          const rate = row.rate ?? 18;
          const ledger = [5, 12, 18, 28].map((x) => (x === rate ? amountCell(r, row.taxable, neg) : ""));
          cells.push([
            dateCell(r, l.day + r.int(0, 12), layout),
            l.name,
            l.kind === "invoice" ? "Purchase" : l.kind === "credit" ? "Debit Note" : "Purchase",
            `PV/${voucher++}`,
            l.number,
            dateCell(r, l.day, layout),
            l.gstin,
            amountCell(r, value, neg),
            ...ledger,
            row.igst ? amountCell(r, row.igst, neg) : "",
            row.cgst ? amountCell(r, row.cgst, neg) : "",
            row.sgst ? amountCell(r, row.sgst, neg) : "",
            row.cess ? amountCell(r, row.cess, neg) : "",
          ]);
          break;
        }
        case "gstr2":
          cells.push([l.gstin, l.number, dateCell(r, l.day, layout), amountCell(r, value, neg), posCell(r, "27"), "N", "Regular", row.rate ?? 18, amountCell(r, row.taxable, neg), amountCell(r, row.igst, neg), amountCell(r, row.cgst, neg), amountCell(r, row.sgst, neg), amountCell(r, row.cess, neg), "Inputs", 0, 0, 0, 0]);
          break;
        default:
          cells.push([l.gstin, l.name, typeText, l.number, dateCell(r, l.day, layout), posCell(r, "27"), amountCell(r, value, neg), amountCell(r, row.taxable, neg), row.rate ?? "", amountCell(r, row.igst, neg), amountCell(r, row.cgst, neg), amountCell(r, row.sgst, neg), amountCell(r, row.cess, neg)]);
      }
    }
  }
  // A duplicate's original is the first of the identical rows; the convention the matcher keeps.
  for (const t of truth) t.pr.sort((a, b) => a - b);
  fixDuplicateOrder(truth);
  return { cells };
}

/** Identical rows are interchangeable: the earlier is the one linked, the later the duplicate. */
function fixDuplicateOrder(truth: TruthEntry[]): void {
  const dups = truth.filter((t) => t.category === "duplicate");
  const originals = truth.filter((t) => t.noise === "duplicate (original)");
  // Pair them in creation order: each duplicate was pushed right after its original.
  for (let k = 0; k < dups.length && k < originals.length; k++) {
    const dup = dups[k] as TruthEntry;
    const orig = originals[k] as TruthEntry;
    const a = orig.pr[0];
    const b = dup.pr[0];
    if (a !== undefined && b !== undefined && b < a) {
      orig.pr = [b];
      dup.pr = [a];
    }
  }
}
