/**
 * The count-only groups (ISD distributions and imports, which the API only counts) and the
 * demo suppliers' historic added-back liabilities: credit notes and downward amendments a
 * demo recipient rejected in a period whose GSTR-3B is filed.
 */
import { addMonths, comparePeriods, filingPeriodOf, type IsoDate, type TaxPeriod } from "../../ims/periods";
import type { ActionCounts, AddedBackLiability, Amounts, CountOnlyGroups, TaxpayerProfile } from "../model";
import { fillAmounts, maxTxvalFor, sampleTxval, scaleAmounts, zeroAmounts, type TaxSpec } from "./amounts";
import { isoDate, type Calendar } from "./calendar";
import type { DocBook } from "./documents";
import { pickWeighted, type Rng } from "./prng";
import type { Supplier } from "./suppliers";

/** The Import of Goods section exists from the October 2025 period. */
const IMPORTS_FROM: TaxPeriod = "2025-10";
/** IMS went live for the October 2024 period. */
const IMS_FROM: TaxPeriod = "2024-10";

function split(rng: Rng, total: number, acceptShare: number, pendingShare: number): ActionCounts {
  const accept = Math.min(total, Math.round(total * acceptShare * rng.uniform(0.6, 1.4)));
  const pending = Math.min(total - accept, Math.round(total * pendingShare * rng.uniform(0.5, 1.5)));
  return { noaction: total - accept - pending, accept, reject: 0, pending };
}

export function countOnlyFor(rng: Rng, records: number, open: TaxPeriod, isdScale: number, importsScale: number): CountOnlyGroups {
  const scale = Math.max(1, Math.sqrt(records) / 4);
  const n = (factor: number, lo: number, hi: number): number => Math.round(scale * factor * rng.uniform(lo, hi));
  const isdTotal = n(isdScale, 0.8, 1.6);
  const isd: CountOnlyGroups["isd"] = {
    isd: split(rng, isdTotal, 0.2, 0.04),
    isda: split(rng, Math.round(isdTotal * rng.uniform(0, 0.12)), 0.2, 0),
    isdcn: split(rng, Math.round(isdTotal * rng.uniform(0.02, 0.15)), 0.15, 0.05),
    isdcna: split(rng, rng.chance(0.3) ? 1 : 0, 0, 0),
  };
  const importsOpen = comparePeriods(open, IMPORTS_FROM) >= 0;
  const impgTotal = importsOpen ? n(importsScale, 0.7, 1.5) : 0;
  const sezTotal = importsOpen ? Math.round(impgTotal * rng.uniform(0.08, 0.25)) : 0;
  const imports: CountOnlyGroups["imports"] = {
    impg: split(rng, impgTotal, 0.3, 0.08),
    impga: split(rng, Math.round(impgTotal * rng.uniform(0.02, 0.1)), 0.3, 0.1),
    impgsez: split(rng, sezTotal, 0.3, 0.08),
    impgseza: split(rng, importsOpen && rng.chance(0.4) ? 1 : 0, 0, 0),
  };
  return { isd, imports };
}

const ADDED_BACK_REMARKS: readonly string[] = [
  "Credit note not agreed — discount not as per agreement",
  "CN already adjusted in invoice value",
  "Rate difference CN not accepted",
  "Credit note not issued to us",
  "Duplicate credit note",
  "Quantity in CN does not match goods returned",
];

const AMENDMENT_REMARKS: readonly string[] = [
  "Reduction in value not agreed, supply as per PO",
  "Amended value does not match our books",
  "Revision not agreed with vendor",
];

interface AddedBackPlan {
  entry: AddedBackLiability;
  docId: number;
  origDocId: number;
}

/**
 * For each demo supplier and each other demo recipient, one or two documents rejected in an
 * earlier period and added back to the supplier's liability when the recipient filed GSTR-3B.
 */
export function planAddedBack(rng: Rng, cal: Calendar, docs: DocBook, demoSuppliers: readonly Supplier[], profiles: readonly TaxpayerProfile[]): AddedBackPlan[] {
  const plans: AddedBackPlan[] = [];
  const spec: TaxSpec = { rate: 18, rate2: 0, share: 1, cessRate: 0, interState: true, zeroTax: false };
  for (const sup of demoSuppliers) {
    for (const recipient of profiles) {
      if (recipient.gstin === sup.gstin) continue;
      const count = rng.range(1, 2);
      for (let k = 0; k < count; k++) {
        const section = k === 0 ? "cdnr" : pickWeighted(rng, [["cdnr", 60], ["cdnra", 20], ["b2ba", 20]] as const);
        const supplierPeriod = addMonths(cal.open, -rng.range(2, 9));
        const period = filingPeriodOf(supplierPeriod, recipient.frequency);
        if (comparePeriods(supplierPeriod, IMS_FROM) < 0 || !recipient.filed3bPeriods.includes(period)) continue;
        spec.rate = sup.dominantRate;
        spec.interState = sup.stateCode !== recipient.stateCode;
        const amounts: Amounts = zeroAmounts();
        let docDate: IsoDate;
        let docId: number;
        let origDocId = -1;
        let origDocDate: IsoDate | undefined;
        if (section === "cdnr") {
          const day = cal.sampleDay(rng, supplierPeriod);
          docId = docs.add(sup.creditSeries, cal.month(supplierPeriod), day);
          docDate = isoDate(supplierPeriod, day);
          fillAmounts(amounts, rng, sampleTxval(rng, sup.median * 0.12, 1, maxTxvalFor(spec)), spec);
        } else {
          // An amendment in supplierPeriod of a document a few months older; it keeps its number and date.
          const origPeriod = addMonths(supplierPeriod, -rng.range(1, 3));
          const day = cal.sampleDay(rng, origPeriod);
          origDocId = docs.add(section === "cdnra" ? sup.creditSeries : sup.invoiceSeries, cal.month(origPeriod), day);
          docId = origDocId;
          docDate = isoDate(origPeriod, day);
          origDocDate = docDate;
          const original = zeroAmounts();
          fillAmounts(original, rng, sampleTxval(rng, sup.median * (section === "cdnra" ? 0.12 : 1), 0.9, maxTxvalFor(spec)), spec);
          // cdnra: an upward credit-note amendment; b2ba: a downward invoice amendment.
          scaleAmounts(amounts, original, section === "cdnra" ? rng.uniform(1.05, 1.5) : rng.uniform(0.6, 0.95));
        }
        const entry: AddedBackLiability = {
          section,
          supplierGstin: sup.gstin,
          recipientGstin: recipient.gstin,
          recipientName: recipient.tradeName,
          supplierName: sup.tradeName,
          invType: "R",
          docNum: "",
          docDate,
          ...amounts,
          supplierPeriod,
          form: rng.chance(0.1) ? "R1A" : "R1",
          period,
        };
        if (section !== "b2ba") entry.noteType = "C";
        if (origDocDate !== undefined) {
          entry.origDocNum = "";
          entry.origDocDate = origDocDate;
        }
        if (rng.chance(0.7)) entry.remarks = rng.pick(section === "b2ba" ? AMENDMENT_REMARKS : ADDED_BACK_REMARKS);
        plans.push({ entry, docId, origDocId });
      }
    }
  }
  return plans;
}

export function finishAddedBack(plans: readonly AddedBackPlan[], docs: DocBook): AddedBackLiability[] {
  return plans.map(({ entry, docId, origDocId }) => {
    entry.docNum = docs.docNum(docId);
    if (origDocId >= 0) entry.origDocNum = docs.docNum(origDocId);
    return entry;
  });
}
