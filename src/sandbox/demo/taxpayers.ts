/**
 * The three demo recipients (fixed: docs and tests rely on them), what they buy, how they
 * appear when they supply each other, and their profiles relative to the seeding day.
 */
import { addMonths, filingPeriodOf, type FilingFrequency, type TaxPeriod } from "../../ims/periods";
import type { TaxpayerProfile } from "../model";
import type { DemoSupplierSpec } from "./suppliers";

export interface DemoTaxpayer {
  gstin: string;
  username: string;
  legalName: string;
  tradeName: string;
  frequency: FilingFrequency;
}

export const DEMO_TAXPAYERS: readonly DemoTaxpayer[] = [
  { gstin: "27AAACI1234F1Z2", username: "demo.mh", legalName: "Indrayani Industrial Components Private Limited", tradeName: "Indrayani Components", frequency: "monthly" },
  { gstin: "29AABCB5678K1Z5", username: "demo.ka", legalName: "Brindavan Electricals Private Limited", tradeName: "Brindavan Electricals", frequency: "quarterly" },
  { gstin: "07AAFCD4321M1ZN", username: "demo.dl", legalName: "Devika Tradelinks Private Limited", tradeName: "Devika Tradelinks", frequency: "monthly" },
];

export interface DemoDetails {
  supplier: Omit<DemoSupplierSpec, "gstin" | "legalName" | "tradeName" | "frequency">;
  /** Industries the recipient buys from more than average. */
  industryBoost: Readonly<Record<string, number>>;
  /** Plants and warehouses named in pending remarks. */
  sites: readonly string[];
  importsScale: number;
  isdScale: number;
}

export const DEMO_DETAILS: Readonly<Record<string, DemoDetails>> = {
  "27AAACI1234F1Z2": {
    supplier: { industryKey: "autocomp", medianRupees: 120_000, invoiceTemplate: "IIC/{FY4}/{N5}", creditTemplate: "CN/{FY2D}/{N3}", debitTemplate: "DN-{N4}", invoicesPerDay: 18 },
    industryBoost: { steel: 3, engineering: 2.5, hardware: 2, autocomp: 2, plastics: 1.5, packaging: 1.5, logistics: 1.5, chemicals: 1.5, tyres: 1.2 },
    sites: ["Chakan", "Bhosari", "Ranjangaon"],
    importsScale: 1.2,
    isdScale: 1,
  },
  "29AABCB5678K1Z5": {
    supplier: { industryKey: "electricals", medianRupees: 45_000, invoiceTemplate: "BE/{N5}/{FY2D}", creditTemplate: "CRN/{FY4}/{N4}", debitTemplate: "DBN/{FY4}/{N3}", invoicesPerDay: 5 },
    industryBoost: { electricals: 2.5, computers: 2, plastics: 2, packaging: 1.5, hardware: 1.5, logistics: 1.5, it: 1.5 },
    sites: ["Peenya", "Bommasandra", "Doddaballapur"],
    importsScale: 0.6,
    isdScale: 0.3,
  },
  "07AAFCD4321M1ZN": {
    supplier: { industryKey: "computers", medianRupees: 60_000, invoiceTemplate: "DTL{FY4}{N5}", creditTemplate: "CN/{N4}/{FY2D}", debitTemplate: "DN/{N4}/{FY2D}", invoicesPerDay: 30 },
    industryBoost: { computers: 2, paper: 2, furniture: 1.5, services: 1.5, logistics: 1.5, electricals: 1.5, it: 1.5, catering: 1.2 },
    sites: ["Okhla", "Naraina", "Mundka"],
    importsScale: 2.5,
    isdScale: 0.6,
  },
};

export function demoDetails(gstin: string): DemoDetails {
  const d = DEMO_DETAILS[gstin];
  if (!d) throw new Error(`No demo details for ${gstin}`);
  return d;
}

export function demoSupplierSpec(t: DemoTaxpayer): DemoSupplierSpec {
  return { ...demoDetails(t.gstin).supplier, gstin: t.gstin, legalName: t.legalName, tradeName: t.tradeName, frequency: t.frequency };
}

/** GSTR-3B periods before the one containing `open` (the last 12 filing periods) are filed. */
export function profileOf(t: DemoTaxpayer, open: TaxPeriod): TaxpayerProfile {
  const step = t.frequency === "monthly" ? 1 : 3;
  const openFiling = filingPeriodOf(open, t.frequency);
  const filed: TaxPeriod[] = [];
  for (let i = 12; i >= 1; i--) filed.push(addMonths(openFiling, -step * i));
  return {
    gstin: t.gstin,
    username: t.username,
    legalName: t.legalName,
    tradeName: t.tradeName,
    stateCode: t.gstin.slice(0, 2),
    frequency: t.frequency,
    filed3bPeriods: filed,
  };
}
