/**
 * When a return period's GSTR-1 (or IFF) was due: the sales view does not say when the
 * supplier filed, so the follow-up counts days from the due date. Monthly filers file GSTR-1 by
 * the 11th of the next month; quarterly (QRMP) filers file IFF for the first two months of a
 * quarter, and GSTR-1 for the quarter, by the 13th of the next month (CGST Rules, rule 59).
 */
import { addMonths, type FilingFrequency, type IsoDate, type TaxPeriod } from "../periods";

export function gstr1DueDate(period: TaxPeriod, frequency: FilingFrequency): IsoDate {
  return `${addMonths(period, 1)}-${frequency === "monthly" ? "11" : "13"}`;
}

const DAY_MS = 86_400_000;

/** Whole days from the period's GSTR-1 due date to `today` (0 before the due date). */
export function daysSinceFiling(period: TaxPeriod, frequency: FilingFrequency, today: IsoDate): number {
  const due = Date.parse(`${gstr1DueDate(period, frequency)}T00:00:00Z`);
  const now = Date.parse(`${today}T00:00:00Z`);
  return Math.max(0, Math.round((now - due) / DAY_MS));
}
