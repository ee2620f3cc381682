/**
 * `Range.text`: the displayed string of a value under a number format. Covers General, Text
 * ("@"), fixed decimals ("0", "0.00"), thousands ("#,##0.00"), percent, scientific and date
 * formats built from d/m/y tokens. Other formats fall back to General.
 */
import type { Scalar } from "./cells";
import { partsFromSerial } from "./dates";

const MONTH_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH_LONG = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** Excel's General format for numbers: up to 11 characters, scientific for very large or small. */
export function generalNumber(n: number): string {
  if (n === 0) return "0";
  const abs = Math.abs(n);
  if (abs >= 1e11 || abs < 1e-9) {
    const [mant, exp] = n.toExponential(5).split("e");
    const m = (mant ?? "").replace(/\.?0+$/, "");
    const e = Number(exp);
    return `${m}E${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  if (Number.isInteger(n)) return String(n);
  const intDigits = Math.max(1, Math.floor(Math.log10(abs)) + 1);
  const decimals = Math.max(0, 10 - intDigits - (n < 0 ? 1 : 0));
  return String(Number(n.toFixed(decimals)));
}

function stripQuoted(fmt: string): string {
  return fmt.replace(/"[^"]*"/g, "").replace(/\\./g, "").replace(/\[[^\]]*\]/g, "");
}

export function isDateFormat(fmt: string): boolean {
  const f = stripQuoted(fmt).toLowerCase();
  return /[dy]/.test(f) || (/m/.test(f) && !/[0#]/.test(f));
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function formatDate(serial: number, fmt: string): string {
  const p = partsFromSerial(serial);
  if (!p) return "#".repeat(8);
  const section = fmt.split(";")[0] ?? fmt;
  let outStr = "";
  const tokens = section.match(/"[^"]*"|\\.|\[[^\]]*\]|y+|m+|d+|[^ymd"\\[]+/gi) ?? [];
  for (const t of tokens) {
    const lower = t.toLowerCase();
    if (t.startsWith('"')) outStr += t.slice(1, -1);
    else if (t.startsWith("\\")) outStr += t.slice(1);
    else if (t.startsWith("[")) continue;
    else if (lower.startsWith("y")) outStr += lower.length <= 2 ? pad2(p.y % 100) : String(p.y);
    else if (lower.startsWith("m")) {
      if (lower.length === 1) outStr += String(p.m);
      else if (lower.length === 2) outStr += pad2(p.m);
      else if (lower.length === 3) outStr += MONTH_SHORT[p.m - 1] ?? "";
      else outStr += MONTH_LONG[p.m - 1] ?? "";
    } else if (lower.startsWith("d")) {
      if (lower.length === 1) outStr += String(p.d);
      else if (lower.length === 2) outStr += pad2(p.d);
      else {
        const day = new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay();
        const name = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][day] ?? "";
        outStr += lower.length === 3 ? name.slice(0, 3) : name;
      }
    } else outStr += t;
  }
  return outStr;
}

function groupThousands(intStr: string): string {
  return intStr.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function formatNumber(n: number, fmt: string): string | null {
  const section = stripQuoted(fmt.split(";")[0] ?? fmt);
  const m = /^([#,0]*)(?:\.(0+))?(%)?(E\+0+)?$/i.exec(section.trim());
  if (!m || !/0|#/.test(section)) return null;
  const decimals = (m[2] ?? "").length;
  if (m[4]) {
    const [mant, exp] = n.toExponential(decimals).split("e");
    const e = Number(exp);
    return `${mant}E${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  const v = m[3] ? n * 100 : n;
  const fixed = Math.abs(v).toFixed(decimals);
  const [i, f] = fixed.split(".");
  let intStr = i ?? "0";
  if ((m[1] ?? "").includes(",")) intStr = groupThousands(intStr);
  if (!(m[1] ?? "").includes("0") && intStr === "0" && decimals > 0) intStr = "";
  const body = f ? `${intStr}.${f}` : intStr;
  return `${v < 0 && Number(fixed) !== 0 ? "-" : ""}${body}${m[3] ? "%" : ""}`;
}

/** The text Excel displays for `value` (undefined = empty cell) under `numberFormat`. */
export function displayText(value: Scalar | undefined, numberFormat: string): string {
  if (value === undefined) return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return value;
  if (numberFormat === "General" || numberFormat === "@") return generalNumber(value);
  if (isDateFormat(numberFormat)) return formatDate(value, numberFormat);
  return formatNumber(value, numberFormat) ?? generalNumber(value);
}
