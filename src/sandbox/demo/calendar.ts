/**
 * Dates for the demo data, all relative to the seeding day (`asOf`): the open month P
 * (the month before asOf's), day sampling weighted like real invoicing (quiet Sundays,
 * busy month ends) and the epoch-day arithmetic that document numbering uses.
 */
import { addMonths, daysInMonth, isIsoDate, makePeriod, periodOfDate, splitPeriod, type IsoDate, type TaxPeriod } from "../../ims/periods";
import type { Rng } from "./prng";

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a calendar date. */
export function epochDay(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** GST began on 1 July 2017: continuous (never reset) document series count from here. */
export const GST_EPOCH_DAY = epochDay(2017, 7, 1);

/** "01".."31" (index 0 unused). */
export const DAY2: readonly string[] = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, "0"));

export interface MonthInfo {
  period: TaxPeriod;
  year: number;
  month: number;
  days: number;
  firstEpochDay: number;
  /** Start year of the Indian financial year (April–March) the month belongs to. */
  fyStartYear: number;
  fyStartEpochDay: number;
  /** Cumulative day weights, index d-1 for day d. */
  cumulative: Float64Array;
}

export class Calendar {
  readonly asOf: IsoDate;
  readonly asOfDay: number;
  /** asOf's month: suppliers have saved, not yet filed, this month's documents. */
  readonly current: TaxPeriod;
  /** The month before asOf's: GSTR-1 filed by the 11th, the recipient's open period. */
  readonly open: TaxPeriod;
  private readonly months = new Map<TaxPeriod, MonthInfo>();

  constructor(asOf: IsoDate) {
    if (!isIsoDate(asOf)) throw new Error(`asOf must be an ISO date (YYYY-MM-DD): ${asOf}`);
    this.asOf = asOf;
    this.asOfDay = Number(asOf.slice(8, 10));
    this.current = periodOfDate(asOf);
    this.open = addMonths(this.current, -1);
  }

  month(period: TaxPeriod): MonthInfo {
    let info = this.months.get(period);
    if (!info) {
      info = buildMonth(period);
      this.months.set(period, info);
    }
    return info;
  }

  /** A day of the month weighted like business invoicing, at most maxDay. */
  sampleDay(rng: Rng, period: TaxPeriod, maxDay?: number): number {
    const info = this.month(period);
    const last = Math.min(info.days, maxDay ?? info.days);
    const cum = info.cumulative;
    const x = rng.next() * (cum[last - 1] as number);
    let lo = 0;
    let hi = last - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cum[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo + 1;
  }

  /** A day of a record's return period; in the current month, not after asOf. */
  sampleDocDay(rng: Rng, period: TaxPeriod): number {
    return this.sampleDay(rng, period, period === this.current ? this.asOfDay : undefined);
  }
}

export function isoDate(period: TaxPeriod, day: number): IsoDate {
  return `${period}-${DAY2[day] as string}`;
}

function buildMonth(period: TaxPeriod): MonthInfo {
  const { year, month } = splitPeriod(period);
  const days = daysInMonth(year, month);
  const firstEpochDay = epochDay(year, month, 1);
  const fyStartYear = month >= 4 ? year : year - 1;
  const weekdayOfFirst = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const cumulative = new Float64Array(days);
  let sum = 0;
  for (let d = 1; d <= days; d++) {
    const weekday = (weekdayOfFirst + d - 1) % 7;
    let w = weekday === 0 ? 0.12 : weekday === 6 ? 0.7 : 1;
    if (d > days - 3) w *= 1.6;
    else if (d <= 2) w *= 0.85;
    sum += w;
    cumulative[d - 1] = sum;
  }
  return { period: makePeriod(year, month), year, month, days, firstEpochDay, fyStartYear, fyStartEpochDay: epochDay(fyStartYear, 4, 1), cumulative };
}
