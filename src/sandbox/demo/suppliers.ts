/**
 * Suppliers: valid GSTINs built from PAN rules (4th letter the entity type, 5th the initial
 * of the name or surname), names, industries and document series; weighted pools per
 * recipient; the e-commerce operators of the ECOM sections.
 */
import { gstinCheckChar } from "../../ims/gstin";
import type { FilingFrequency } from "../../ims/periods";
import { DocBook, INVOICE_TEMPLATES, NOTE_TEMPLATES, parseFormat } from "./documents";
import { INDUSTRIES, abbreviation, makeBusinessName, type EntityType, type Industry } from "./names";
import { Weighted, pickWeighted, type Rng } from "./prng";
import { StateSampler, stateInfo } from "./states";

export interface EcoOperator {
  legalName: string;
  tradeName: string;
  pan: string;
  hqState: string;
  kind: "food" | "ride" | "hotel";
  template: string;
  weight: number;
}

export interface Supplier {
  gstin: string;
  legalName: string;
  tradeName: string;
  stateCode: string;
  frequency: FilingFrequency;
  industry: Industry;
  /** Median taxable value of an invoice, paise. */
  median: number;
  sigma: number;
  dominantRate: number;
  /** Cess rate on 28% lines, 0 when none. */
  cessRate: number;
  invoiceSeries: number;
  creditSeries: number;
  debitSeries: number;
  eco: EcoOperator | null;
}

export const ECO_OPERATORS: readonly EcoOperator[] = [
  { legalName: "Zaykaa Foodtech Private Limited", tradeName: "Zaykaa", pan: "AAHCZ7310Q", hqState: "29", kind: "food", template: "ZK{ST}{FY4}{N7}", weight: 25 },
  { legalName: "Safar Mobility Solutions Private Limited", tradeName: "Safar Rides", pan: "AAICS2468P", hqState: "27", kind: "ride", template: "SR{FY4}{ST}{N7}", weight: 25 },
  { legalName: "Nivaas Stays Private Limited", tradeName: "Nivaas Stays", pan: "AAGCN5523L", hqState: "06", kind: "hotel", template: "NV{ST}{FY4}{N7}", weight: 18 },
  { legalName: "Musafir Yatra Online Private Limited", tradeName: "MusafirYatra", pan: "AAJCM9081D", hqState: "07", kind: "hotel", template: "MY-{ST}-{N8}", weight: 14 },
  { legalName: "Chalo Cabs Technologies Private Limited", tradeName: "ChaloCabs", pan: "AAKCC3377H", hqState: "36", kind: "ride", template: "CC{ST}{FY4}{N7}", weight: 18 },
];

/** ECO 9(5) services: restaurant food 5%, passenger transport 5%, hotel rooms 12% (18% above ₹7,500). */
const ECO_INDUSTRIES: Readonly<Record<EcoOperator["kind"], Industry>> = {
  food: { key: "eco-food", nouns: [], endings: [], rates: [5], rateWeights: [1], cessRates: [], medianLo: 1_800, medianHi: 1_800, weight: 0 },
  ride: { key: "eco-ride", nouns: [], endings: [], rates: [5], rateWeights: [1], cessRates: [], medianLo: 850, medianHi: 850, weight: 0 },
  hotel: { key: "eco-hotel", nouns: [], endings: [], rates: [12, 18], rateWeights: [0.7, 0.3], cessRates: [], medianLo: 5_500, medianHi: 5_500, weight: 0 },
};

const ENTITY_WEIGHTS: readonly (readonly [EntityType, number])[] = [
  ["C", 42],
  ["F", 27],
  ["P", 26],
  ["H", 3],
  ["T", 1],
  ["A", 1],
];

const QUARTERLY_SHARE: Readonly<Record<EntityType, number>> = { C: 0.08, F: 0.25, P: 0.35, H: 0.35, T: 0.1, A: 0.1 };

const NOTE_TABLE = new Weighted(NOTE_TEMPLATES, NOTE_TEMPLATES.map((t) => t[2]));

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

export function makeGstin(stateCode: string, pan: string, entityNumber: string): string {
  const first14 = `${stateCode}${pan}${entityNumber}Z`;
  return first14 + gstinCheckChar(first14);
}

export interface DemoSupplierSpec {
  gstin: string;
  legalName: string;
  tradeName: string;
  frequency: FilingFrequency;
  industryKey: string;
  /** Median taxable value of an invoice, rupees. */
  medianRupees: number;
  invoiceTemplate: string;
  creditTemplate: string;
  debitTemplate: string;
  invoicesPerDay: number;
}

/** Creates suppliers with unique GSTINs and PANs and registers their document series. */
export class SupplierRegistry {
  private readonly usedPans = new Set<string>();
  private readonly ecoSuppliers = new Map<string, Supplier>();

  constructor(readonly docs: DocBook, reservedGstins: readonly string[]) {
    for (const g of reservedGstins) this.usedPans.add(g.slice(2, 12));
    for (const op of ECO_OPERATORS) this.usedPans.add(op.pan);
  }

  regular(rng: Rng, states: StateSampler, industries: Weighted<Industry>): Supplier {
    const entity = pickWeighted(rng, ENTITY_WEIGHTS);
    const stateCode = states.sample(rng);
    const state = stateInfo(stateCode);
    const industry = industries.sample(rng);
    const name = makeBusinessName(rng, entity, state.region, industry);
    const pan = this.newPan(rng, entity, name.panInitial);
    const entityNumber = pickWeighted(rng, [["1", 88], ["2", 9], ["3", 3]] as const);
    const scale = entity === "C" ? 1.4 : entity === "P" || entity === "H" ? 0.6 : 1;
    const median = Math.round(Math.exp(rng.uniform(Math.log(industry.medianLo), Math.log(industry.medianHi))) * scale * 100);
    const abbr = abbreviation(name.tradeName);
    const invoicesPerDay = Math.min(150, Math.max(0.03, rng.logNormal(2, 1.1)));
    const notes = NOTE_TABLE.sample(rng);
    const invoiceTemplate = pickWeighted(rng, INVOICE_TEMPLATES);
    return {
      gstin: makeGstin(stateCode, pan, entityNumber),
      legalName: name.legalName,
      tradeName: name.tradeName,
      stateCode,
      frequency: rng.chance(QUARTERLY_SHARE[entity]) ? "quarterly" : "monthly",
      industry,
      median,
      sigma: rng.uniform(0.6, 1.05),
      dominantRate: pickRate(rng, industry),
      cessRate: industry.cessRates.length > 0 ? rng.pick(industry.cessRates) : 0,
      invoiceSeries: this.docs.addSeries(parseFormat(invoiceTemplate, abbr, state.abbr), invoicesPerDay, rng.int(3000)),
      creditSeries: this.docs.addSeries(parseFormat(notes[0], abbr, state.abbr), invoicesPerDay * rng.uniform(0.03, 0.12), rng.int(400)),
      debitSeries: this.docs.addSeries(parseFormat(notes[1], abbr, state.abbr), invoicesPerDay * rng.uniform(0.01, 0.05), rng.int(150)),
      eco: null,
    };
  }

  demo(spec: DemoSupplierSpec): Supplier {
    const industry = INDUSTRIES.find((i) => i.key === spec.industryKey);
    if (!industry) throw new Error(`Unknown industry ${spec.industryKey}`);
    const stateCode = spec.gstin.slice(0, 2);
    const st = stateInfo(stateCode).abbr;
    return {
      gstin: spec.gstin,
      legalName: spec.legalName,
      tradeName: spec.tradeName,
      stateCode,
      frequency: spec.frequency,
      industry,
      median: spec.medianRupees * 100,
      sigma: 0.8,
      dominantRate: industry.rates[0] ?? 18,
      cessRate: 0,
      invoiceSeries: this.docs.addSeries(parseFormat(spec.invoiceTemplate, "", st), spec.invoicesPerDay, 0),
      creditSeries: this.docs.addSeries(parseFormat(spec.creditTemplate, "", st), spec.invoicesPerDay * 0.06, 120),
      debitSeries: this.docs.addSeries(parseFormat(spec.debitTemplate, "", st), spec.invoicesPerDay * 0.02, 30),
      eco: null,
    };
  }

  /** An e-commerce operator's registration in a state (they register in every state they operate in). */
  eco(op: EcoOperator, stateCode: string): Supplier {
    const key = `${op.pan}|${stateCode}`;
    let supplier = this.ecoSuppliers.get(key);
    if (!supplier) {
      const industry = ECO_INDUSTRIES[op.kind];
      const series = this.docs.addSeries(parseFormat(op.template, "", stateCode), op.kind === "hotel" ? 900 : 4000, 250_000);
      supplier = {
        gstin: makeGstin(stateCode, op.pan, "1"),
        legalName: op.legalName,
        tradeName: op.tradeName,
        stateCode,
        frequency: "monthly",
        industry,
        median: industry.medianLo * 100,
        sigma: op.kind === "hotel" ? 0.55 : 0.5,
        dominantRate: industry.rates[0] ?? 5,
        cessRate: 0,
        invoiceSeries: series,
        creditSeries: series,
        debitSeries: series,
        eco: op,
      };
      this.ecoSuppliers.set(key, supplier);
    }
    return supplier;
  }

  private newPan(rng: Rng, entity: EntityType, initial: string): string {
    for (;;) {
      const first = pickWeighted(rng, [["A", 55], ["B", 20], ["C", 10], ["D", 6], ["E", 5], ["G", 4]] as const);
      const digits = String(rng.range(1, 9999)).padStart(4, "0");
      const pan = `${first}${LETTERS.charAt(rng.int(26))}${LETTERS.charAt(rng.int(26))}${entity}${initial}${digits}${LETTERS.charAt(rng.int(26))}`;
      if (!this.usedPans.has(pan)) {
        this.usedPans.add(pan);
        return pan;
      }
    }
  }
}

function pickRate(rng: Rng, industry: Industry): number {
  let x = rng.next() * industry.rateWeights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < industry.rates.length; i++) {
    x -= industry.rateWeights[i] ?? 0;
    if (x < 0) return industry.rates[i] ?? 18;
  }
  return industry.rates[0] ?? 18;
}

/** A record's rate: mostly the supplier's usual one, sometimes another of its industry's. */
export function recordRate(rng: Rng, supplier: Supplier): number {
  return rng.chance(0.85) ? supplier.dominantRate : pickRate(rng, supplier.industry);
}

export interface SupplierPool {
  suppliers: Supplier[];
  table: Weighted<Supplier>;
}

/** How many suppliers a recipient with this many records has: ~300 at 2,000, ~2,000 at 100,000. */
export function poolSize(records: number): number {
  return Math.max(25, Math.min(2000, Math.round(300 * Math.pow(records / 2000, 0.49))));
}

/**
 * A recipient's suppliers with Zipf-like volumes (a few key vendors, a long tail). High-volume
 * vendors are monthly filers (QRMP is for turnover up to ₹5 crore).
 */
export function createPool(registry: SupplierRegistry, rng: Rng, homeState: string, size: number, industryBoost: Readonly<Record<string, number>>): SupplierPool {
  const states = new StateSampler(homeState);
  const industries = new Weighted(INDUSTRIES, INDUSTRIES.map((i) => i.weight * (industryBoost[i.key] ?? 1)));
  const ranks = rng.shuffle(Array.from({ length: size }, (_, i) => i));
  const suppliers: Supplier[] = [];
  const weights: number[] = [];
  for (let i = 0; i < size; i++) {
    const s = registry.regular(rng, states, industries);
    const rank = ranks[i] as number;
    if (rank < size * 0.05) s.frequency = "monthly";
    suppliers.push(s);
    weights.push(Math.pow(rank + 1, -0.85) * (0.7 + 0.6 * rng.next()));
  }
  return { suppliers, table: new Weighted(suppliers, weights) };
}

export const ECO_TABLE = new Weighted(ECO_OPERATORS, ECO_OPERATORS.map((o) => o.weight));
