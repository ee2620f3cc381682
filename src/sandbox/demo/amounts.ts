/**
 * Invoice amounts in integer paise: log-normal taxable values, tax per head at the GST
 * rate (CGST and SGST each at half the rate, so they are always equal), cess on some 28%
 * lines, and the rupee round-off many suppliers print on the document value.
 */
import type { Amounts } from "../model";
import type { Rng } from "./prng";

/** ₹500 and ₹50 lakh, the range of document values the demo produces. */
export const MIN_VAL = 50_000;
export const MAX_VAL = 500_000_000;
/** Smallest taxable value: with no tax (supplies to SEZ without payment) val = txval. */
export const MIN_TXVAL = MIN_VAL;

/** The rates of one document. rate2 > 0 for invoices with lines at two rates; share is the first rate's part. */
export interface TaxSpec {
  rate: number;
  rate2: number;
  share: number;
  cessRate: number;
  interState: boolean;
  /** Supplies to an SEZ without payment of tax. */
  zeroTax: boolean;
}

/** Largest taxable value whose document value stays within ₹50 lakh at the spec's rates. */
export function maxTxvalFor(spec: TaxSpec): number {
  const top = Math.max(spec.rate, spec.rate2) + (spec.cessRate > 0 ? spec.cessRate : 0);
  return Math.floor(MAX_VAL / (1 + top / 100)) - 100;
}

/** A taxable value around `median` paise; whole rupees about half the time. */
export function sampleTxval(rng: Rng, median: number, sigma: number, maxTxval: number): number {
  let v = rng.logNormal(median, sigma);
  if (v < MIN_TXVAL) v = MIN_TXVAL + rng.next() * MIN_TXVAL * 0.6;
  if (v > maxTxval) v = maxTxval * (0.8 + 0.2 * rng.next());
  return rng.chance(0.45) ? Math.round(v / 100) * 100 : Math.round(v);
}

/** Writes txval, taxes and val into target. */
export function fillAmounts(target: Amounts, rng: Rng, txval: number, spec: TaxSpec): void {
  let iamt = 0;
  let half = 0;
  let cess = 0;
  if (!spec.zeroTax) {
    const t1 = spec.rate2 > 0 ? Math.round(txval * spec.share) : txval;
    const t2 = txval - t1;
    if (spec.interState) {
      iamt = Math.round((t1 * spec.rate) / 100) + (spec.rate2 > 0 ? Math.round((t2 * spec.rate2) / 100) : 0);
    } else {
      half = Math.round((t1 * spec.rate) / 200) + (spec.rate2 > 0 ? Math.round((t2 * spec.rate2) / 200) : 0);
    }
    if (spec.cessRate > 0) {
      const base = (spec.rate === 28 ? t1 : 0) + (spec.rate2 === 28 ? t2 : 0);
      cess = Math.round((base * spec.cessRate) / 100);
    }
  }
  target.txval = txval;
  target.iamt = iamt;
  target.camt = half;
  target.samt = half;
  target.cess = cess;
  target.val = withRoundOff(rng, txval + iamt + 2 * half + cess, txval);
}

/** Many suppliers round the document value to the rupee (a round-off of under ₹1 either way). */
function withRoundOff(rng: Rng, exact: number, txval: number): number {
  if (exact % 100 === 0 || !rng.chance(0.3)) return exact;
  const rounded = Math.round(exact / 100) * 100;
  return rounded >= txval ? rounded : exact;
}

/** The amounts of a document scaled by factor (an amendment), CGST kept equal to SGST. */
export function scaleAmounts(target: Amounts, source: Amounts, factor: number): void {
  const txval = Math.round(source.txval * factor);
  const ratio = source.txval > 0 ? txval / source.txval : factor;
  const iamt = Math.round(source.iamt * ratio);
  const half = Math.round(source.camt * ratio);
  const cess = Math.round(source.cess * ratio);
  target.txval = txval;
  target.iamt = iamt;
  target.camt = half;
  target.samt = half;
  target.cess = cess;
  target.val = txval + iamt + 2 * half + cess;
}

export function copyAmounts(target: Amounts, source: Amounts): void {
  target.val = source.val;
  target.txval = source.txval;
  target.iamt = source.iamt;
  target.camt = source.camt;
  target.samt = source.samt;
  target.cess = source.cess;
}

export function zeroAmounts(): Amounts {
  return { val: 0, txval: 0, iamt: 0, camt: 0, samt: 0, cess: 0 };
}
