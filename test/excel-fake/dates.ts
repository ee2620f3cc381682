/**
 * Excel date serials in the 1900 date system, as Excel on Windows, the web and current Mac use.
 *
 * - Serial 1 is 1900-01-01.
 * - Excel keeps Lotus 1-2-3's leap-year bug: serial 60 is the non-existent 1900-02-29, so from
 *   1900-03-01 (serial 61) on, serial = days since 1899-12-30.
 * - The time of day is the fraction: 45000.5 is 2023-03-15 12:00.
 *
 * No dependencies, so the engine (src/workbook) may import or copy this module.
 */

const MS_PER_DAY = 86_400_000;
/** Serial 61 = 1900-03-01; serial n ≥ 61 = 1899-12-30 + n days. */
const EPOCH_1899_12_30 = Date.UTC(1899, 11, 30);

export const MAX_SERIAL = 2_958_465; // 9999-12-31

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number /* 1-12 */): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Serial of a calendar date, or null when the date is invalid or outside 1900-01-01..9999-12-31. */
export function serialFromParts(y: number, m: number, d: number): number | null {
  if (y === 1900 && m === 2 && d === 29) return 60;
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  const days = Math.round((Date.UTC(y, m - 1, d) - EPOCH_1899_12_30) / MS_PER_DAY);
  // Before 1900-03-01 the real calendar is one day behind Excel's numbering.
  return days < 61 ? days - 1 : days;
}

/**
 * "2023-03-15" → 45000; "2023-03-15T12:00" or "2023-03-15 12:00:30" add the time as a fraction.
 * Throws RangeError for anything else.
 */
export function dateToSerial(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(iso.trim());
  if (!m) throw new RangeError(`dateToSerial: not an ISO date: ${JSON.stringify(iso)}`);
  const serial = serialFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
  if (serial === null) throw new RangeError(`dateToSerial: no such date in Excel's calendar: ${iso}`);
  const hh = Number(m[4] ?? 0);
  const mm = Number(m[5] ?? 0);
  const ss = Number(m[6] ?? 0);
  if (hh > 23 || mm > 59 || ss > 59) throw new RangeError(`dateToSerial: bad time in ${iso}`);
  return serial + (hh * 3600 + mm * 60 + ss) / 86_400;
}

export interface DateParts {
  y: number;
  m: number;
  d: number;
}

/** Calendar parts of the day of a serial (fraction ignored), or null outside 1..MAX_SERIAL. */
export function partsFromSerial(serial: number): DateParts | null {
  const day = Math.floor(serial);
  if (!Number.isFinite(day) || day < 1 || day > MAX_SERIAL) return null;
  if (day === 60) return { y: 1900, m: 2, d: 29 };
  const offset = day < 60 ? day + 1 : day;
  const date = new Date(EPOCH_1899_12_30 + offset * MS_PER_DAY);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

/** 45000 → "2023-03-15"; 60 → "1900-02-29". Throws RangeError outside 1..2958465. */
export function serialToDate(serial: number): string {
  const p = partsFromSerial(serial);
  if (!p) throw new RangeError(`serialToDate: ${serial} is not an Excel date serial`);
  return `${String(p.y).padStart(4, "0")}-${String(p.m).padStart(2, "0")}-${String(p.d).padStart(2, "0")}`;
}

/** 0-6, Sunday = 0, of a serial's day (Excel's WEEKDAY()-1; 1900-02-29 is a Wednesday to Excel). */
export function weekdayOfSerial(serial: number): number {
  const day = Math.floor(serial);
  // Serial 1 (1900-01-01) is a Sunday in Excel's (buggy) calendar.
  return (((day - 1) % 7) + 7) % 7;
}
