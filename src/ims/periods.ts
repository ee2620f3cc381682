/**
 * Tax periods and dates. Internally a period is "YYYY-MM" and a date is ISO "YYYY-MM-DD";
 * GST's wire formats (MMYYYY periods, DD-MM-YYYY dates) exist only at the edges.
 */
export type IsoDate = string;
export type TaxPeriod = string;
export type FilingFrequency = "monthly" | "quarterly";

/** India Standard Time: UTC+05:30, with no daylight saving. */
export const IST_OFFSET_MS = 330 * 60_000;

/** The date in India at an instant. */
export function istDateOf(epochMs: number): IsoDate {
  return new Date(epochMs + IST_OFFSET_MS).toISOString().slice(0, 10);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const GST_DATE = /^(\d{2})-(\d{2})-(\d{4})$/;
const RETURN_PERIOD = /^(0[1-9]|1[0-2])(\d{4})$/;
const TAX_PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "05-11-2025" → "2025-11-05"; null when not a real calendar date. */
export function gstDateToIso(text: string): IsoDate | null {
  const m = GST_DATE.exec(text);
  if (!m) return null;
  const [, dd, mm, yyyy] = m as unknown as [string, string, string, string];
  if (!isRealDate(Number(yyyy), Number(mm), Number(dd))) return null;
  return `${yyyy}-${mm}-${dd}`;
}

export function isoToGstDate(iso: IsoDate): string {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new Error(`Not an ISO date: ${iso}`);
  return `${m[3]}-${m[2]}-${m[1]}`;
}

export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  return !!m && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** "112025" → "2025-11"; null when malformed. */
export function returnPeriodToTaxPeriod(text: string): TaxPeriod | null {
  const m = RETURN_PERIOD.exec(text);
  return m ? `${m[2]}-${m[1]}` : null;
}

export function taxPeriodToReturnPeriod(period: TaxPeriod): string {
  const { year, month } = splitPeriod(period);
  return `${String(month).padStart(2, "0")}${year}`;
}

export function splitPeriod(period: TaxPeriod): { year: number; month: number } {
  const m = TAX_PERIOD.exec(period);
  if (!m) throw new Error(`Not a tax period (YYYY-MM): ${period}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

export function makePeriod(year: number, month: number): TaxPeriod {
  return `${year}-${String(month).padStart(2, "0")}`;
}

export function isTaxPeriod(text: string): boolean {
  return TAX_PERIOD.test(text);
}

export function addMonths(period: TaxPeriod, months: number): TaxPeriod {
  const { year, month } = splitPeriod(period);
  const index = year * 12 + (month - 1) + months;
  return makePeriod(Math.floor(index / 12), (index % 12) + 1);
}

export function comparePeriods(a: TaxPeriod, b: TaxPeriod): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function periodOfDate(iso: IsoDate): TaxPeriod {
  return iso.slice(0, 7);
}

export function firstDay(period: TaxPeriod): IsoDate {
  return `${period}-01`;
}

/** The last month of the quarter a month belongs to (Jun, Sep, Dec, Mar). */
export function quarterEnd(period: TaxPeriod): TaxPeriod {
  const { year, month } = splitPeriod(period);
  return makePeriod(year, Math.ceil(month / 3) * 3);
}

/** The GSTR-2B / GSTR-3B period a month falls in: the month itself, or its quarter for QRMP filers. */
export function filingPeriodOf(period: TaxPeriod, frequency: FilingFrequency): TaxPeriod {
  return frequency === "monthly" ? period : quarterEnd(period);
}

export function nextFilingPeriod(period: TaxPeriod, frequency: FilingFrequency): TaxPeriod {
  return frequency === "monthly" ? addMonths(period, 1) : quarterEnd(addMonths(quarterEnd(period), 1));
}

/**
 * States whose QRMP filers file GSTR-3B by the 22nd (the rest by the 24th),
 * per Notification 76/2020-CT.
 */
const QRMP_22ND_STATES = new Set(["22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "32", "33", "34", "35", "36", "37"]);

/** Due date of GSTR-3B for a filing period (monthly: 20th of next month; QRMP: 22nd/24th after the quarter). */
export function gstr3bDueDate(filingPeriod: TaxPeriod, frequency: FilingFrequency, stateCode: string): IsoDate {
  const next = addMonths(frequency === "monthly" ? filingPeriod : quarterEnd(filingPeriod), 1);
  const day = frequency === "monthly" ? 20 : QRMP_22ND_STATES.has(stateCode) ? 22 : 24;
  return `${next}-${day}`;
}

/** The date the draft GSTR-2B of a filing period is generated: the 14th after the period ends. */
export function gstr2bGenerationDate(filingPeriod: TaxPeriod, frequency: FilingFrequency): IsoDate {
  const end = frequency === "monthly" ? filingPeriod : quarterEnd(filingPeriod);
  return `${addMonths(end, 1)}-14`;
}

/** Specified records may be kept pending from this GSTR-2B period on (Advisory 624). */
export const SPECIFIED_PENDING_FROM: TaxPeriod = "2025-10";

/**
 * The last day a specified record may be kept Pending: the GSTR-3B due date of the
 * filing period after its GSTR-2B period. Null when pending was never allowed (before Oct 2025).
 */
export function specifiedPendingDeadline(itcPeriod: TaxPeriod, frequency: FilingFrequency, stateCode: string): IsoDate | null {
  const filing = filingPeriodOf(itcPeriod, frequency);
  if (comparePeriods(filing, filingPeriodOf(SPECIFIED_PENDING_FROM, frequency)) < 0) return null;
  return gstr3bDueDate(nextFilingPeriod(filing, frequency), frequency, stateCode);
}
