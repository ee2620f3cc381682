/**
 * Excel date serials in the 1900 date system: day 1 is 1900-01-01, and Excel counts a
 * 29 February 1900 that never was, so from 1900-03-01 on, serial = days since 1899-12-30.
 * IMS dates are all far later; earlier dates are refused rather than mis-converted.
 */
import { IST_OFFSET_MS } from "../ims/periods";

const EPOCH_MS = Date.UTC(1899, 11, 30);
/** 1900-03-01. */
const FIRST_SAFE_SERIAL = 61;

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The inverse: [year, month, day] of a day count from 1970-01-01. */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Serial of 1970-01-01. */
const UNIX_EPOCH_SERIAL = 25569;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "2025-11-05" → 45966. Throws on a malformed or pre-March-1900 date. */
export function isoDateToSerial(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new Error(`Not an ISO date: ${iso}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const serial = daysFromCivil(y, mo, d) + UNIX_EPOCH_SERIAL;
  const back = civilFromDays(serial - UNIX_EPOCH_SERIAL);
  if (mo < 1 || mo > 12 || d < 1 || back[1] !== mo || back[2] !== d) throw new Error(`Not an ISO date: ${iso}`);
  if (serial < FIRST_SAFE_SERIAL) throw new Error(`Date before March 1900: ${iso}`);
  return serial;
}

/** 45966 → "2025-11-05"; null when the value is not a whole-day serial Excel could hold. */
export function serialToIsoDate(serial: number): string | null {
  if (!Number.isInteger(serial) || serial < FIRST_SAFE_SERIAL || serial > 2_958_465) return null;
  const [y, m, d] = civilFromDays(serial - UNIX_EPOCH_SERIAL);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** An ISO instant → a serial date-time shown in Indian time (to the second). Throws when unparseable. */
export function instantToSerialIst(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`Not an ISO instant: ${iso}`);
  const seconds = Math.round((ms + IST_OFFSET_MS - EPOCH_MS) / 1000);
  return seconds / 86_400;
}

/** A serial date-time in Indian time → an ISO instant ("…Z", whole seconds); null when out of range. */
export function serialIstToInstant(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < FIRST_SAFE_SERIAL || serial > 2_958_466) return null;
  const seconds = Math.round(serial * 86_400);
  return new Date(EPOCH_MS + seconds * 1000 - IST_OFFSET_MS).toISOString();
}
