/**
 * Puts the demo data together: suppliers, every recipient's records, the added-back
 * liabilities, then one numbering pass over all document series (the demo taxpayers'
 * series are shared by their documents to every recipient), then the finishing touches.
 */
import type { IsoDate } from "../../ims/periods";
import type { AddedBackLiability, CountOnlyGroups, SandboxRecord, TaxpayerProfile } from "../model";
import { Calendar } from "./calendar";
import { DocBook } from "./documents";
import { countOnlyFor, finishAddedBack, planAddedBack } from "./extras";
import { Rng } from "./prng";
import { finishRecipient, planRecipient, type OriginalDoc, type RecipientPlan } from "./records";
import { SupplierRegistry, createPool, poolSize } from "./suppliers";
import { DEMO_TAXPAYERS, demoDetails, demoSupplierSpec, profileOf } from "./taxpayers";

export interface DemoOptions {
  seed: number;
  /** The portal's "today" at seeding. */
  asOf: IsoDate;
  /** 1..200000 */
  recordsPerGstin: number;
}

export interface DemoData {
  /** The three demo recipients, in DEMO_TAXPAYERS order. */
  profiles: TaxpayerProfile[];
  /** Recipient GSTIN → its IMS records. */
  records: Record<string, SandboxRecord[]>;
  countOnly: Record<string, CountOnlyGroups>;
  /** Historic added-back liabilities of the demo GSTINs as suppliers. */
  addedBack: AddedBackLiability[];
}

export const MAX_RECORDS_PER_GSTIN = 200_000;

/** The demo data plus, per recipient, each amendment's original document (for tests and diagnostics). */
export function generateDemo(options: DemoOptions): { data: DemoData; originals: Record<string, { amendment: SandboxRecord; original: OriginalDoc }[]> } {
  const { seed, asOf, recordsPerGstin } = options;
  if (!Number.isFinite(seed)) throw new RangeError("seed must be a finite number");
  if (!Number.isInteger(recordsPerGstin) || recordsPerGstin < 1 || recordsPerGstin > MAX_RECORDS_PER_GSTIN) {
    throw new RangeError(`recordsPerGstin must be an integer from 1 to ${MAX_RECORDS_PER_GSTIN}`);
  }
  const cal = new Calendar(asOf);
  const docs = new DocBook();
  const registry = new SupplierRegistry(docs, DEMO_TAXPAYERS.map((t) => t.gstin));
  const demoSuppliers = DEMO_TAXPAYERS.map((t) => registry.demo(demoSupplierSpec(t)));
  const profiles = DEMO_TAXPAYERS.map((t) => profileOf(t, cal.open));

  const plans: RecipientPlan[] = profiles.map((profile) => {
    const details = demoDetails(profile.gstin);
    const pool = createPool(registry, new Rng(seed, `suppliers|${profile.gstin}`), profile.stateCode, poolSize(recordsPerGstin), details.industryBoost);
    return planRecipient({
      cal,
      docs,
      registry,
      rng: new Rng(seed, `records|${profile.gstin}`),
      profile,
      pool,
      demoSuppliers: demoSuppliers.filter((s) => s.gstin !== profile.gstin),
      sites: details.sites,
      records: recordsPerGstin,
    });
  });
  const addedBackPlans = planAddedBack(new Rng(seed, "added-back"), cal, docs, demoSuppliers, profiles);

  docs.assign(new Rng(seed, "numbers"));

  const records: Record<string, SandboxRecord[]> = {};
  const countOnly: Record<string, CountOnlyGroups> = {};
  const originals: Record<string, { amendment: SandboxRecord; original: OriginalDoc }[]> = {};
  for (const plan of plans) {
    const gstin = plan.profile.gstin;
    const finished = finishRecipient(plan, docs, new Rng(seed, `remarks|${gstin}`));
    records[gstin] = finished.records;
    originals[gstin] = finished.links;
    const details = demoDetails(gstin);
    countOnly[gstin] = countOnlyFor(new Rng(seed, `counts|${gstin}`), recordsPerGstin, cal.open, details.isdScale, details.importsScale);
  }
  return { data: { profiles, records, countOnly, addedBack: finishAddedBack(addedBackPlans, docs) }, originals };
}

export function generateDemoData(options: DemoOptions): DemoData {
  return generateDemo(options).data;
}
