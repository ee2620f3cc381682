/**
 * The two sides as the matcher sees them: IMS records and PR documents (PR lines grouped when a
 * register gives one row per rate or per item), each with its number keys, day, kind and amounts.
 */
import type { ImsRecord } from "../records";
import type { PrLine } from "../register/read";
import type { ReconcileConfig } from "./config";
import { fyOfDate, numberKeys, type NumberKeys } from "./numbers";

export type DocClass = "invoice" | "debit" | "credit";

export interface Doc {
  gstin: string;
  /** The GSTIN and the PAN (characters 3-12) as small numbers, the same for the same text on either side. */
  gid: number;
  pid: number;
  /** The number as written, trimmed. */
  raw: string;
  /** The number's keys, computed when first needed (`keysOf`): most documents match as written. */
  keys: NumberKeys | null;
  /** An amendment's original number, and its keys once computed. */
  altNumber: string | null;
  alt: NumberKeys | null;
  /** Days since 1970-01-01; null when the date could not be read. */
  day: number | null;
  /** The financial year of the date (its first calendar year). */
  dateFy: number | null;
  /** Null on a PR document of unknown kind with positive amounts. */
  cls: DocClass | null;
  /** Paise, without sign (a credit note's PR amounts made positive): taxable value, the taxes, the document value. */
  t: number;
  ig: number;
  cg: number;
  sg: number;
  ce: number;
  v: number;
  /** False when the PR gave no document value. */
  hasValue: boolean;
  /** The PR lines of the document (indices into the input); empty for IMS. */
  members: number[];
  /** The first member's PR data row, for "earlier line" (0 for IMS). */
  firstRow: number;
  /** IMS section, "" for PR. */
  section: string;
}

/** The amounts in AMOUNT_HEADS order (taxable value, IGST, CGST, SGST, cess, value), as a new list. */
export function amountsOf(d: Doc): number[] {
  return [d.t, d.ig, d.cg, d.sg, d.ce, d.v];
}

/** The document's number keys (computed once). */
export function keysOf(d: Doc): NumberKeys {
  return (d.keys ??= numberKeys(d.raw, d.dateFy));
}

/** The keys of an amendment's original number, or null. */
export function altKeysOf(d: Doc): NumberKeys | null {
  if (d.altNumber === null) return null;
  return (d.alt ??= numberKeys(d.altNumber, d.dateFy));
}

function trimmed(t: string): string {
  const r = t.trim();
  return /\s\s|[\t\n\r]/.test(r) ? r.replace(/\s+/g, " ") : r;
}

/** Days since 1970-01-01 of an ISO date (days-from-civil arithmetic, no Date object); null when malformed. */
export function dayOf(iso: string | null | undefined): number | null {
  if (!iso || iso.length < 10) return null;
  let y = (iso.charCodeAt(0) - 48) * 1000 + (iso.charCodeAt(1) - 48) * 100 + (iso.charCodeAt(2) - 48) * 10 + (iso.charCodeAt(3) - 48);
  const m = (iso.charCodeAt(5) - 48) * 10 + (iso.charCodeAt(6) - 48);
  const d = (iso.charCodeAt(8) - 48) * 10 + (iso.charCodeAt(9) - 48);
  if (!(y > 0 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return null;
  if (m <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** GSTINs as compared: upper case, no spaces (the same string when it already is). */
function canonGstin(g: string): string {
  return /[a-z\s]/.test(g) ? g.replace(/\s+/g, "").toUpperCase() : g;
}

/** Gives each document's GSTIN and PAN their ids (gid, pid), shared by both sides. */
export function internSuppliers(...sides: Doc[][]): void {
  const gstins = new Map<string, number>();
  const pans = new Map<string, number>();
  for (const docs of sides) {
    for (let k = 0; k < docs.length; k++) {
      const d = docs[k] as Doc;
      let g = gstins.get(d.gstin);
      if (g === undefined) {
        g = gstins.size;
        gstins.set(d.gstin, g);
      }
      d.gid = g;
      const pan = panOf(d.gstin);
      let p = pans.get(pan);
      if (p === undefined) {
        p = pans.size;
        pans.set(pan, p);
      }
      d.pid = p;
    }
  }
}

/** GSTIN characters 3-12: the supplier's PAN. */
export function panOf(gstin: string): string {
  return gstin.slice(2, 12);
}

const NO_MEMBERS: number[] = [];

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * An order on content alone (supplier, number, date, kind, amounts), so that whatever order the
 * input comes in, the matcher considers documents in the same order. 0 only for documents that
 * read the same in every respect.
 */
export function compareContent(a: Doc, b: Doc): number {
  let c = cmpStr(a.gstin, b.gstin) || cmpStr(a.raw, b.raw) || (a.day ?? -1) - (b.day ?? -1) || cmpStr(a.cls ?? "", b.cls ?? "");
  if (c !== 0) return c;
  c = a.t - b.t || a.ig - b.ig || a.cg - b.cg || a.sg - b.sg || a.ce - b.ce || a.v - b.v;
  if (c !== 0) return c;
  return Number(a.hasValue) - Number(b.hasValue) || cmpStr(a.section, b.section) || a.members.length - b.members.length;
}

export function imsDoc(r: ImsRecord): Doc {
  const section = r.section;
  const cls: DocClass = section === "CN" || section === "CNA" ? "credit" : section === "DN" || section === "DNA" ? "debit" : "invoice";
  return {
    gstin: canonGstin(r.supplierGstin),
    gid: -1,
    pid: -1,
    raw: trimmed(r.docNumber),
    keys: null,
    altNumber: r.originalDocNumber && r.originalDocNumber !== r.docNumber ? trimmed(r.originalDocNumber) : null,
    alt: null,
    day: dayOf(r.docDate),
    dateFy: fyOfDate(r.docDate),
    cls,
    t: Math.abs(r.taxableValue),
    ig: Math.abs(r.igst),
    cg: Math.abs(r.cgst),
    sg: Math.abs(r.sgst),
    ce: Math.abs(r.cess),
    v: Math.abs(r.value),
    hasValue: true,
    members: NO_MEMBERS,
    firstRow: 0,
    section,
  };
}

function lineTotal(l: PrLine): number {
  return l.taxableValue + l.igst + l.cgst + l.sgst + l.cess;
}

function sameAmounts(a: PrLine, b: PrLine): boolean {
  return a.taxableValue === b.taxableValue && a.igst === b.igst && a.cgst === b.cgst && a.sgst === b.sgst && a.cess === b.cess && a.value === b.value && a.rate === b.rate;
}

/**
 * Whether lines with the same supplier, number, date and kind are the rate (or item) lines of one
 * document: their rates all differ, or each repeats one document value that their amounts add
 * up to (and none alone reaches). Identical lines are never merged (they may be duplicates), nor
 * lines that are each a part of the document with its own value (a split, reported as such).
 */
export function areRateLines(lines: readonly PrLine[], config: ReconcileConfig): boolean {
  if (lines.length < 2) return false;
  const first = lines[0] as PrLine;
  if (lines.every((l) => sameAmounts(l, first))) return false;
  const rates = lines.map((l) => l.rate);
  if (rates.every((r) => r !== null) && new Set(rates).size === rates.length) return true;
  const v = first.value;
  if (v === null || v === 0 || !lines.every((l) => l.value === v)) return false;
  const total = Math.abs(lines.reduce((s, l) => s + lineTotal(l), 0));
  const slack = config.tolerances.value.paise * lines.length;
  if (Math.abs(total - Math.abs(v)) > slack) return false;
  return !lines.some((l) => Math.abs(Math.abs(lineTotal(l)) - Math.abs(v)) <= config.tolerances.value.paise);
}

/** PR documents from the usable lines: one per line, except rate lines of one document, summed. */
export function prDocs(lines: readonly PrLine[], usable: readonly number[], config: ReconcileConfig): Doc[] {
  // Lines by number (a number seen once is the common case and costs no list); the same number
  // from different suppliers is told apart below.
  const byNumber = new Map<string, number | number[]>();
  for (let u = 0; u < usable.length; u++) {
    const i = usable[u] as number;
    const n = (lines[i] as PrLine).docNumber;
    const seen = byNumber.get(n);
    if (seen === undefined) byNumber.set(n, i);
    else if (typeof seen === "number") byNumber.set(n, [seen, i]);
    else seen.push(i);
  }
  const docs: Doc[] = [];
  byNumber.forEach((entry) => {
    if (typeof entry === "number") {
      docs.push(prDoc(lines, [entry], false));
      return;
    }
    // Same number: rate lines of one document share the supplier, the date, the kind and the sign.
    const groups = new Map<string, number[]>();
    for (const i of entry) {
      const l = lines[i] as PrLine;
      const key = `${l.supplierGstin}|${l.docDate ?? ""}|${l.docType ?? ""}|${lineTotal(l) < 0 ? "-" : "+"}`;
      const g = groups.get(key);
      if (g) g.push(i);
      else groups.set(key, [i]);
    }
    groups.forEach((group) => {
      if (group.length > 1 && areRateLines(group.map((g) => lines[g] as PrLine), config)) docs.push(prDoc(lines, group, true));
      else for (const g of group) docs.push(prDoc(lines, [g], false));
    });
  });
  return docs;
}

function prDoc(lines: readonly PrLine[], members: number[], sharedValue: boolean): Doc {
  const first = lines[members[0] as number] as PrLine;
  let t = 0;
  let ig = 0;
  let cg = 0;
  let sg = 0;
  let ce = 0;
  let value = 0;
  let hasValue = true;
  let typed: PrLine["docType"] = null;
  for (let m = 0; m < members.length; m++) {
    const l = lines[members[m] as number] as PrLine;
    t += l.taxableValue;
    ig += l.igst;
    cg += l.cgst;
    sg += l.sgst;
    ce += l.cess;
    if (l.value === null) hasValue = false;
    else value += l.value;
    typed ??= l.docType;
  }
  if (!hasValue) value = 0;
  else if (sharedValue) value = first.value as number;
  const total = t + ig + cg + sg + ce;
  const cls: DocClass | null = typed === "credit" || total < 0 ? "credit" : typed;
  const gstin = canonGstin(first.supplierGstin);
  const sorted = members.length > 1 ? [...members].sort((a, b) => (lines[a] as PrLine).dataRow - (lines[b] as PrLine).dataRow) : members;
  return {
    gstin,
    gid: -1,
    pid: -1,
    raw: trimmed(first.docNumber),
    keys: null,
    altNumber: null,
    alt: null,
    day: dayOf(first.docDate),
    dateFy: fyOfDate(first.docDate),
    cls,
    t: Math.abs(t),
    ig: Math.abs(ig),
    cg: Math.abs(cg),
    sg: Math.abs(sg),
    ce: Math.abs(ce),
    v: Math.abs(value),
    hasValue,
    members: sorted,
    firstRow: (lines[sorted[0] as number] as PrLine).dataRow,
    section: "",
  };
}
