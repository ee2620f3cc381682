/** Words and numbers as the accountant reads them: rupees, times, periods, section names. */
import type { Gstr2bState } from "../api/types";
import type { BatchProgress } from "../app/types";
import { addMonths, quarterEnd, splitPeriod, type FilingFrequency, type IsoDate, type TaxPeriod } from "../ims/periods";
import { rupeesText } from "../ims/portal-rules";
import { SECTION_CODES, sectionInfo, type GoodsType, type SectionCode, type StatusFilter } from "../ims/sections";

/** Paise as Indian-grouped rupees: 1234567890 → "₹1,23,45,678.90"; negatives as "−₹12.00". */
export function rupees(paise: number): string {
  return paise < 0 ? `−₹${rupeesText(-paise)}` : `₹${rupeesText(paise)}`;
}

/** Local wall-clock time, 24-hour: "16:42". */
export function clockTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

/** "5 h 12 min", "12 min", "2 h", "less than a minute". */
export function durationText(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "less than a minute";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** "Session valid until 16:42 (in 5 h 12 min)" or "Session expired at 16:42". */
export function sessionExpiryText(tokenExpiry: number, now: number): string {
  if (tokenExpiry <= now) return `Session expired at ${clockTime(tokenExpiry)}`;
  return `Session valid until ${clockTime(tokenExpiry)} (in ${durationText(tokenExpiry - now)})`;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2025-11" → "November 2025" (the text itself when it is not a period). */
export function periodLabel(period: TaxPeriod): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  return m && month ? `${month} ${m[1]}` : period;
}

/** A GSTR-2B period: "November 2026" for monthly filers, "October–December 2026" for a QRMP quarter. */
export function filingPeriodLabel(period: TaxPeriod, frequency: FilingFrequency): string {
  if (frequency === "monthly") return periodLabel(period);
  const end = quarterEnd(period);
  const start = addMonths(end, -2);
  const startMonth = MONTHS[splitPeriod(start).month - 1] ?? start;
  const endMonth = MONTHS[splitPeriod(end).month - 1] ?? end;
  return `${startMonth}${start.slice(0, 4) === end.slice(0, 4) ? "" : ` ${start.slice(0, 4)}`}–${endMonth} ${end.slice(0, 4)}`;
}

/** "2026-12-14" → "14 December 2026". */
export function dayLabel(date: IsoDate): string {
  const { year, month } = splitPeriod(date.slice(0, 7));
  return `${Number(date.slice(8, 10))} ${MONTHS[month - 1] ?? ""} ${year}`;
}

export const GROUP_TITLES: Readonly<Record<GoodsType, string>> = {
  others: "All other ITC",
  inward_supplies: "Inward supplies from ISD",
  imports: "Import of goods",
};

export const STATUS_OPTIONS: readonly { value: StatusFilter | "all"; label: string }[] = [
  { value: "all", label: "All" },
  { value: "no_action_taken", label: "No action taken" },
  { value: "accepted", label: "Accepted" },
  { value: "rejected", label: "Rejected" },
  { value: "pending", label: "Pending" },
];

export function sectionTitle(code: SectionCode): string {
  return sectionInfo(code).title;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-IN")} ${n === 1 ? one : many}`;
}

export function count(n: number): string {
  return n.toLocaleString("en-IN");
}

export const BATCH_STATE_TEXT: Readonly<Record<BatchProgress["state"], string>> = {
  sending: "Sending",
  waiting: "Waiting for the portal",
  done: "Done",
  "partly-failed": "Partly failed",
  failed: "Failed",
  unknown: "Outcome unknown",
};

export const GSTR2B_STATE_TEXT: Readonly<Record<Gstr2bState, string>> = {
  IP: "In progress",
  P: "Recomputed",
  ER: "Failed",
};

/** Sections in catalogue order, each once. */
export function uniqueSections(codes: Iterable<SectionCode>): SectionCode[] {
  const set = new Set(codes);
  return SECTION_CODES.filter((c) => set.has(c));
}
