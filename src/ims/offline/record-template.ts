/**
 * Keeping the exact text of every record of a portal IMS file, cheaply. The upload echoes each
 * record byte for byte, so the workbook must be able to give back every record's text; but the
 * sheets already hold nearly all of it (GSTIN, numbers, dates, amounts, the hash). A file the
 * portal writes spells every record the same way, so each record's text is a "skeleton" (its
 * members, spacing and spellings, with the values the sheet holds left as slots) filled in from
 * the record. Records with the same literal fields (section, flags, source form, spellings) share
 * a skeleton, so a file of 100,000 records keeps a few dozen skeletons, the trade names by GSTIN,
 * and a 48-bit digest of each record's text.
 *
 * The members the upload always rewrites (action, remarks, the ITC-reduction fields) are slots
 * too, rendered as `null`: the upload sets or removes each in its place, so their downloaded
 * values are never needed, and a row whose action the portal has taken since (an upload it
 * processed) still renders the file's record.
 *
 * Every record's rendering is checked against its text (those members aside) when the file is
 * kept: one that does not render exactly (an unusual spelling, a stray space) is kept verbatim
 * instead. When the upload is built, a rendering is used only if its digest is among the file's:
 * a record whose row changed since (a later pull, an edited cell) or that was never in the file
 * renders to another text and is refused, never echoed wrong.
 */
import { fnv1a32 } from "../fingerprint";
import { isoToGstDate, splitPeriod } from "../periods";
import type { ImsRecord } from "../records";
import { sectionInfo, type SectionCode } from "../sections";
import { objectMembers, type MemberSpan } from "./json-source";
import { REWRITTEN_FIELDS } from "./upload";

/** Where a member's value comes from, and how the file spells it. */
type SlotName =
  | "stin"
  | "docNumber"
  | "docDate"
  | "originalDocNumber"
  | "originalDocDate"
  | "pos"
  | "hash"
  | "tradenm"
  | "rtnprd:MMYYYY"
  | "rtnprd:number"
  | "rtnprd:MM"
  | "rewritten"
  | `${AmountField}:${AmountStyle}`;

type AmountField = "value" | "taxableValue" | "igst" | "cgst" | "sgst" | "cess";
/** n: a JSON number as JavaScript prints it (142700, 10883.91); f2: two decimals (142700.00); s…: the same in quotes. */
type AmountStyle = "n" | "f2" | "sn" | "sf2";

const AMOUNT_MEMBERS: Readonly<Record<string, AmountField>> = { val: "value", txval: "taxableValue", iamt: "igst", camt: "cgst", samt: "sgst", cess: "cess" };
const AMOUNT_STYLES: readonly AmountStyle[] = ["n", "f2", "sn", "sf2"];

/** A skeleton: literal text and slots (indexes into SLOTS), in order. */
export type Skeleton = (string | number)[];

/** Names of trade names by supplier GSTIN: the JSON text of the first one the file gives. */
type Names = ReadonlyMap<string, string>;

/** Skeletons kept in workbooks refer to slots by their index here: add new ones at the end only. */
const SLOTS: readonly SlotName[] = [
  "stin",
  "docNumber",
  "docDate",
  "originalDocNumber",
  "originalDocDate",
  "pos",
  "hash",
  "tradenm",
  "rtnprd:MMYYYY",
  "rtnprd:number",
  "rtnprd:MM",
  "rewritten",
  ...(Object.values(AMOUNT_MEMBERS).flatMap((f) => AMOUNT_STYLES.map((s) => `${f}:${s}` as const)) as SlotName[]),
];
const SLOT_INDEX = new Map<SlotName, number>(SLOTS.map((s, i) => [s, i]));
const REWRITTEN = new Set(REWRITTEN_FIELDS);
/** What a rewritten member holds in a rendering: the upload replaces or removes it. */
const REWRITTEN_TEXT = "null";

function amountText(paise: number, style: AmountStyle): string {
  const plain = style === "n" || style === "sn" ? String(paise / 100) : (paise / 100).toFixed(2);
  return style === "sn" || style === "sf2" ? JSON.stringify(plain) : plain;
}

/** The JSON text of a slot's value for `record`, or null when the record has no such value. */
function slotText(slot: SlotName, record: ImsRecord, names: Names): string | null {
  switch (slot) {
    case "stin":
      return JSON.stringify(record.supplierGstin);
    case "docNumber":
      return JSON.stringify(record.docNumber);
    case "docDate":
      return JSON.stringify(isoToGstDate(record.docDate));
    case "originalDocNumber":
      return record.originalDocNumber === undefined ? null : JSON.stringify(record.originalDocNumber);
    case "originalDocDate":
      return record.originalDocDate === undefined ? null : JSON.stringify(isoToGstDate(record.originalDocDate));
    case "pos":
      return JSON.stringify(record.placeOfSupply);
    case "hash":
      return JSON.stringify(record.hash);
    case "tradenm":
      return names.get(record.supplierGstin) ?? null;
    case "rewritten":
      return REWRITTEN_TEXT;
    case "rtnprd:MMYYYY":
    case "rtnprd:number":
    case "rtnprd:MM": {
      const { year, month } = splitPeriod(record.returnPeriod);
      const mm = String(month).padStart(2, "0");
      if (slot === "rtnprd:MM") return JSON.stringify(mm);
      return slot === "rtnprd:number" ? String(Number(`${mm}${year}`)) : JSON.stringify(`${mm}${year}`);
    }
    default: {
      const [field, style] = slot.split(":") as [AmountField, AmountStyle];
      return amountText(record[field], style);
    }
  }
}

/** The slots a member of this name may be, most likely first. */
function candidateSlots(member: string, section: SectionCode): SlotName[] {
  const amount = AMOUNT_MEMBERS[member];
  if (amount) return AMOUNT_STYLES.map((s) => `${amount}:${s}` as SlotName);
  const amendment = sectionInfo(section).isAmendment;
  switch (member) {
    case "stin":
      return ["stin"];
    case "inum":
    case "nt_num":
      return ["docNumber"];
    case "idt":
    case "nt_dt":
      return ["docDate"];
    case "oinum":
    case "ont_num":
      return amendment ? ["originalDocNumber"] : [];
    case "oidt":
    case "ont_dt":
      return amendment ? ["originalDocDate"] : [];
    case "pos":
      return ["pos"];
    case "hash":
      return ["hash"];
    case "tradenm":
      return ["tradenm"];
    case "rtnprd":
    case "sRtnPrd":
      return ["rtnprd:MMYYYY", "rtnprd:number", "rtnprd:MM"];
    default:
      return [];
  }
}

/**
 * What, besides the slots, decides a record's text: records alike in all of this share a
 * skeleton. Everything here is read back from a row's cells as it was read from the file, and
 * none of it changes when the portal records an action.
 */
function selectorOf(record: ImsRecord): string {
  const flag = (b: boolean | null | undefined) => (b === true ? "1" : b === false ? "0" : "-");
  return [
    record.section,
    record.invoiceType ?? "",
    record.sourceForm,
    flag(record.pendingBlocked),
    flag(record.supplierFiled),
    flag(record.remarksBlocked),
    flag(record.itcReductionBlocked),
    record.originalDocNumber === undefined ? "" : "o",
  ].join("|");
}

/** The record's text as `skeleton` spells it, or null when a slot has no value. */
function renderSkeleton(skeleton: Skeleton, record: ImsRecord, names: Names): string | null {
  let out = "";
  for (const part of skeleton) {
    if (typeof part === "string") {
      out += part;
      continue;
    }
    const slot = SLOTS[part];
    const text = slot === undefined ? null : slotText(slot, record, names);
    if (text === null) return null;
    out += text;
  }
  return out;
}

/**
 * `raw` as `skeleton` renders it (each rewritten member holding `null`) when the skeleton spells
 * `raw` exactly apart from those members' values; null otherwise. Equal to renderSkeleton when
 * renderSkeleton(skeleton, record) === renderedForm(raw), in one pass over the text.
 */
function matchSkeleton(skeleton: Skeleton, record: ImsRecord, names: Names, raw: string): string | null {
  let at = 0;
  let out = "";
  for (const part of skeleton) {
    if (typeof part === "string") {
      if (!raw.startsWith(part, at)) return null;
      at += part.length;
      out += part;
      continue;
    }
    const slot = SLOTS[part];
    if (slot === "rewritten") {
      const end = valueEnd(raw, at);
      if (end < 0) return null;
      at = end;
      out += REWRITTEN_TEXT;
      continue;
    }
    const text = slot === undefined ? null : slotText(slot, record, names);
    if (text === null || !raw.startsWith(text, at)) return null;
    at += text.length;
    out += text;
  }
  return at === raw.length ? out : null;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Where the JSON value starting at `at` ends (a string, a number or literal, an object or array); -1 when none does. */
function valueEnd(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first === QUOTE) return stringEnd(text, at);
  if (first === 0x7b || first === 0x5b) {
    let depth = 0;
    for (let i = at; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        const end = stringEnd(text, i);
        if (end < 0) return -1;
        i = end - 1;
      } else if (c === 0x7b || c === 0x5b) depth++;
      else if ((c === 0x7d || c === 0x5d) && --depth === 0) return i + 1;
    }
    return -1;
  }
  let i = at;
  while (i < text.length && !isValueStop(text.charCodeAt(i))) i++;
  return i > at ? i : -1;
}

function stringEnd(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return -1;
}

/** What ends a number or literal: a separator, a closing bracket or whitespace. */
function isValueStop(c: number): boolean {
  return c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** `raw` as a rendering shows it: each rewritten member holding `null`. */
function renderedForm(raw: string, members: readonly MemberSpan[]): string {
  let out = "";
  let copied = 0;
  for (const m of members) {
    if (!REWRITTEN.has(m.key)) continue;
    out += raw.slice(copied, m.valueStart) + REWRITTEN_TEXT;
    copied = m.valueEnd;
  }
  return out + raw.slice(copied);
}

/** `raw` as a skeleton: each rewritten member's value, and each value the record gives back spelled the same way, left as a slot. */
function skeletonOf(raw: string, members: readonly MemberSpan[], record: ImsRecord, names: Names): Skeleton {
  const out: Skeleton = [];
  let at = 0;
  for (const m of members) {
    let slot: SlotName | undefined;
    if (REWRITTEN.has(m.key)) slot = "rewritten";
    else {
      const value = raw.slice(m.valueStart, m.valueEnd);
      slot = candidateSlots(m.key, record.section).find((s) => slotText(s, record, names) === value);
    }
    if (slot === undefined) continue;
    out.push(raw.slice(at, m.valueStart), SLOT_INDEX.get(slot) as number);
    at = m.valueEnd;
  }
  const tail = raw.slice(at);
  if (tail !== "") out.push(tail);
  return out;
}

/** A record of the file to keep: its key, its section key as the file spells it, what was read and its exact text. */
export interface FileRecord {
  key: string;
  sectionKey: string;
  record: ImsRecord;
  raw: string;
  /** The trade name as read, when the record has one. */
  tradeName?: string;
}

/** What the workbook keeps of a file's records, ready for JSON; read it back with `new KeptTexts(data)`. */
export interface KeptTextsData {
  /** The file's key of each section, in the file's order. */
  sections: [SectionCode, string][];
  skeletons: Skeleton[];
  /** Selector → indexes of its skeletons. */
  selectors: [string, number[]][];
  /** Supplier GSTIN → trade name's JSON text. */
  names: [string, string][];
  /** The sorted digests of every record's text, as base64 of varint deltas. */
  digests: string;
  /** Records that no skeleton renders exactly: [key, section key, text], in the file's order. */
  verbatim: [string, string, string][];
}

/**
 * 48 bits of two FNV-1a lanes: for a file of 100,000 records, a text that is not one of them
 * matches one by chance about once in three billion tries (32 bits: once in 43,000).
 */
function textDigest(text: string): number {
  return fnv1a32(text) * 0x10000 + (fnv1a32(text, 0x050c5d1f) & 0xffff);
}

/**
 * Skeletons one selector may have: records alike but for which rewritten members they hold
 * (remarks on some, ITC-reduction fields on others). A file with more kinds keeps the rest verbatim.
 */
const MAX_SKELETONS_PER_SELECTOR = 16;

/** Builds what to keep of a file's records. */
export function keepFileTexts(records: readonly FileRecord[]): KeptTextsData {
  const sections = new Map<SectionCode, string>();
  const names = new Map<string, string>();
  const skeletons: Skeleton[] = [];
  const skeletonIds = new Map<string, number>();
  const selectors = new Map<string, number[]>();
  const verbatim: [string, string, string][] = [];
  const digests: number[] = [];
  for (const r of records) {
    const { record } = r;
    if (!sections.has(record.section)) sections.set(record.section, r.sectionKey);
    // The name as JSON writes it: a file that spells it otherwise keeps it in its skeletons.
    if (r.tradeName !== undefined && !names.has(record.supplierGstin)) names.set(record.supplierGstin, JSON.stringify(r.tradeName));
    const selector = selectorOf(record);
    const list = selectors.get(selector) ?? [];
    const sameKey = sections.get(record.section) === r.sectionKey;
    // Most records fit a skeleton already seen: one pass over the text, no parse.
    let rendered: string | null = null;
    for (const i of sameKey ? list : []) {
      rendered = matchSkeleton(skeletons[i] as Skeleton, record, names, r.raw);
      if (rendered !== null) break;
    }
    let fits = rendered !== null;
    if (!fits) {
      const read = objectMembers(r.raw);
      rendered = read.ok ? renderedForm(r.raw, read.value.members) : r.raw;
      if (read.ok && sameKey && list.length < MAX_SKELETONS_PER_SELECTOR) {
        const skeleton = skeletonOf(r.raw, read.value.members, record, names);
        if (renderSkeleton(skeleton, record, names) === rendered) {
          const id = JSON.stringify(skeleton);
          let index = skeletonIds.get(id);
          if (index === undefined) {
            index = skeletons.length;
            skeletons.push(skeleton);
            skeletonIds.set(id, index);
          }
          selectors.set(selector, [...list, index]);
          fits = true;
        }
      }
    }
    digests.push(textDigest(rendered as string));
    if (!fits) verbatim.push([r.key, r.sectionKey, r.raw]);
  }
  return {
    sections: [...sections],
    skeletons,
    selectors: [...selectors],
    names: [...names],
    digests: encodeDigests(digests),
    verbatim,
  };
}

export type KeptText = { ok: true; raw: string; sectionKey: string } | { ok: false; reason: "not-kept" | "changed" };

/**
 * The kept texts of a file, ready to give back a record's text from a row. The records kept
 * verbatim are not here: the caller keeps and looks them up by key (offline-store.ts).
 */
export class KeptTexts {
  private readonly sectionKeys: Map<SectionCode, string>;
  private readonly skeletons: Skeleton[];
  private readonly selectors: Map<string, number[]>;
  private readonly names: Map<string, string>;
  private readonly digests: Set<number>;
  /** The file's section keys in its order: the upload lists its sections the same way. */
  readonly sectionOrder: SectionCode[];

  constructor(data: Omit<KeptTextsData, "verbatim">) {
    this.sectionKeys = new Map(data.sections);
    this.sectionOrder = data.sections.map(([code]) => code);
    this.skeletons = data.skeletons;
    this.selectors = new Map(data.selectors);
    this.names = new Map(data.names);
    this.digests = new Set(decodeDigests(data.digests));
  }

  get size(): number {
    return this.digests.size;
  }

  /**
   * The file's text of the record a row now shows, rendered from its skeleton, with `null` in
   * the members the upload rewrites. "changed": the file had no record with that text (the row
   * was refreshed since, or was never in the file); "not-kept": no skeleton of the file fits
   * such a record.
   */
  textOf(record: ImsRecord): KeptText {
    const list = this.selectors.get(selectorOf(record));
    const sectionKey = this.sectionKeys.get(record.section);
    if (!list?.length || sectionKey === undefined) return { ok: false, reason: "not-kept" };
    for (const index of list) {
      const raw = renderSkeleton(this.skeletons[index] as Skeleton, record, this.names);
      if (raw !== null && this.digests.has(textDigest(raw))) return { ok: true, raw, sectionKey };
    }
    return { ok: false, reason: "changed" };
  }
}

/** Sorted digests as base64 of LEB128 varint deltas: about 5 bytes each for 100,000 records. */
export function encodeDigests(values: readonly number[]): string {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const bytes: number[] = [];
  let previous = 0;
  for (const v of sorted) {
    let d = v - previous;
    previous = v;
    while (d >= 0x80) {
      bytes.push((d % 0x80) | 0x80);
      d = Math.floor(d / 0x80);
    }
    bytes.push(d);
  }
  let binary = "";
  for (let i = 0; i < bytes.length; i += 8192) binary += String.fromCharCode(...bytes.slice(i, i + 8192));
  return btoa(binary);
}

export function decodeDigests(text: string): number[] {
  const binary = atob(text);
  const out: number[] = [];
  let value = 0;
  let scale = 1;
  let previous = 0;
  for (let i = 0; i < binary.length; i++) {
    const b = binary.charCodeAt(i);
    value += (b & 0x7f) * scale;
    if (b & 0x80) {
      scale *= 0x80;
      continue;
    }
    previous += value;
    out.push(previous);
    value = 0;
    scale = 1;
  }
  return out;
}
