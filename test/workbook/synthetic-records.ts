/**
 * Deterministic synthetic IMS records for tests and the pull benchmark.
 * Shared by test/workbook and bench/pull.ts; no randomness beyond a seeded generator.
 */
import { gstinCheckChar } from "../../src/ims/gstin";
import type { ImsRecord } from "../../src/ims/records";
import { sectionInfo, SECTION_CODES, type Action, type SectionCode } from "../../src/ims/sections";

/** A small, fast, seeded generator (mulberry32). */
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

const STATES = ["27", "29", "07", "24", "33", "09", "06", "19"];
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

export function makeGstin(n: number): string {
  const state = STATES[n % STATES.length] as string;
  let pan = "";
  let x = n;
  for (let i = 0; i < 5; i++) {
    pan += LETTERS[x % 26];
    x = Math.floor(x / 26) + 7 * (i + 1);
  }
  pan += String(1000 + (n % 9000)).padStart(4, "0") + LETTERS[n % 26];
  const first14 = `${state}${pan}1Z`;
  return first14 + gstinCheckChar(first14);
}

const ACTIONS: readonly Action[] = ["N", "N", "N", "A", "R", "P"];

/** One record of a section, fully determined by (section, i). Overrides win. */
export function makeRecord(section: SectionCode, i: number, overrides: Partial<ImsRecord> = {}): ImsRecord {
  const info = sectionInfo(section);
  const rnd = seeded(i * 31 + section.length * 7 + section.charCodeAt(0));
  const month = 1 + (i % 12);
  const period = `2025-${String(month).padStart(2, "0")}`;
  const day = 1 + (i % 28);
  const taxable = Math.round(rnd() * 50_000_00) + 100_00; // paise
  const inter = rnd() < 0.4;
  const tax = Math.round(taxable * 0.18);
  const half = Math.floor(tax / 2);
  const record: ImsRecord = {
    section,
    supplierGstin: makeGstin(1000 + (i % 997)),
    docNumber: `${info.docKind === "note" ? "CN" : "INV"}/${2025}/${String(i).padStart(6, "0")}`,
    docDate: `${period}-${String(day).padStart(2, "0")}`,
    sourceForm: rnd() < 0.8 ? "R1" : "IFF",
    returnPeriod: period,
    placeOfSupply: STATES[i % STATES.length] as string,
    value: taxable + tax,
    taxableValue: taxable,
    igst: inter ? tax : 0,
    cgst: inter ? 0 : half,
    sgst: inter ? 0 : half,
    cess: 0,
    action: ACTIONS[i % ACTIONS.length] as Action,
    pendingBlocked: i % 5 === 0,
    supplierFiled: i % 7 !== 0,
    hash: (i * 2654435761).toString(16).padStart(12, "0") + section.toLowerCase(),
    remarksBlocked: false,
    itcReductionBlocked: info.canBeSpecified ? i % 3 === 0 : null,
  };
  if (info.hasInvoiceType) record.invoiceType = "R";
  if (info.isAmendment) {
    record.originalDocNumber = `O${record.docNumber}`;
    record.originalDocDate = `2025-01-${String(day).padStart(2, "0")}`;
  }
  if (i % 11 === 0) record.remarks = `Remark ${i}`;
  return { ...record, ...overrides };
}

/** `count` records spread over the eight sections (B2B about half of them). */
export function makeWorkload(count: number): Record<SectionCode, ImsRecord[]> {
  const weights: Record<SectionCode, number> = { B2B: 50, B2BA: 6, CN: 12, CNA: 3, DN: 8, DNA: 3, ECOM: 14, ECOMA: 4 };
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  const out = {} as Record<SectionCode, ImsRecord[]>;
  let left = count;
  SECTION_CODES.forEach((code, idx) => {
    const n = idx === SECTION_CODES.length - 1 ? left : Math.floor((count * weights[code]) / total);
    left -= n;
    out[code] = Array.from({ length: n }, (_, i) => makeRecord(code, i));
  });
  return out;
}
