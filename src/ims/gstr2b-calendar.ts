/**
 * Which GSTR-2B periods can be recomputed on a given day, and which are worth it.
 *
 * The draft GSTR-2B of a filing period is generated on the 14th after the period ends; from
 * then until GSTR-3B is filed it can be recomputed, which the portal does only when actions
 * changed since it was generated (or last recomputed): otherwise it answers IMS0005. The add-in
 * knows the changes it saved itself (kept in the workbook, per return period of the records);
 * a change to a record of return period R can move the GSTR-2B of R's filing period or, for a
 * record kept pending, of a later one.
 */
import { addMonths, filingPeriodOf, gstr2bGenerationDate, IST_OFFSET_MS, periodOfDate, type FilingFrequency, type IsoDate, type TaxPeriod } from "./periods";

/** ISO instants of what the add-in did, as kept in the workbook. */
export interface Gstr2bActivity {
  /** The latest action saved or reset, per return period of the records. */
  changedAt: Readonly<Record<TaxPeriod, string>>;
  /** The latest successful recompute, per GSTR-2B (filing) period. */
  recomputedAt: Readonly<Record<TaxPeriod, string>>;
}

export const NO_GSTR2B_ACTIVITY: Gstr2bActivity = { changedAt: {}, recomputedAt: {} };

export interface OpenGstr2bPeriod {
  period: TaxPeriod;
  /** The day its draft was generated. */
  draftOn: IsoDate;
  /** ISO instant of the latest change saved since the draft (or the last recompute); null when none. */
  changedSince: string | null;
}

export interface Gstr2bCalendar {
  frequency: FilingFrequency;
  /** The period just ended whose draft is not out yet: actions taken now will be in it. Null from the 14th (monthly). */
  upcoming: { period: TaxPeriod; draftOn: IsoDate } | null;
  /** Periods whose draft is out and whose GSTR-3B is probably not filed yet: the latest one or two, newest first. */
  open: OpenGstr2bPeriod[];
}

/** The instant a day starts in India. */
export function istMidnight(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00.000Z`) - IST_OFFSET_MS;
}

export function gstr2bCalendar(today: IsoDate, frequency: FilingFrequency, activity: Gstr2bActivity = NO_GSTR2B_ACTIVITY): Gstr2bCalendar {
  const justEnded = filingPeriodOf(addMonths(periodOfDate(today), -1), frequency);
  const step = frequency === "monthly" ? -1 : -3;
  let upcoming: Gstr2bCalendar["upcoming"] = null;
  const open: OpenGstr2bPeriod[] = [];
  let period = justEnded;
  for (let i = 0; i < 3 && open.length < 2; i++) {
    const draftOn = gstr2bGenerationDate(period, frequency);
    if (draftOn > today) {
      if (period === justEnded) upcoming = { period, draftOn };
    } else {
      open.push({ period, draftOn, changedSince: changedSince(period, draftOn, frequency, activity) });
    }
    period = filingPeriodOf(addMonths(period, step), frequency);
  }
  return { frequency, upcoming, open };
}

/** Of the open periods, those with changes to recompute, newest first. */
export function recomputablePeriods(calendar: Gstr2bCalendar): TaxPeriod[] {
  return calendar.open.filter((p) => p.changedSince !== null).map((p) => p.period);
}

function changedSince(period: TaxPeriod, draftOn: IsoDate, frequency: FilingFrequency, activity: Gstr2bActivity): string | null {
  const recomputed = activity.recomputedAt[period];
  const since = Math.max(istMidnight(draftOn), recomputed ? Date.parse(recomputed) : 0);
  let latest: string | null = null;
  for (const [returnPeriod, at] of Object.entries(activity.changedAt)) {
    if (filingPeriodOf(returnPeriod, frequency) > period) continue;
    if (Date.parse(at) > since && (latest === null || at > latest)) latest = at;
  }
  return latest;
}
