/**
 * Keeping the exact text of every record of a portal IMS file, cheaply. The upload echoes each
 * record byte for byte, so the workbook must be able to give back every record's text; but the
 * sheets already hold nearly all of it (GSTIN, numbers, dates, amounts, the hash). A file the
 * portal writes spells every record the same way, so each record's text is a "skeleton" (its
 * members, spacing and spellings, with the values the sheet holds left as slots) filled in from
 * the record. Records with the same literal fields (section, action, flags, spellings) share one
 * skeleton, so a file of 100,000 records keeps a few dozen skeletons, the trade names by GSTIN,
 * and a 32-bit digest of each record's text.
 *
 * Every record's rendering is checked against its text when the file is kept: one that does not
 * render exactly (an unusual spelling, a stray space) is kept verbatim instead. When the upload is
 * built, a rendering is used only if its digest is among the file's: a record whose row changed
 * since (a later pull, an edited cell) or that was never in the file renders to another text and
 * is refused, never echoed wrong.
 */
import { fnv1a32, itcText } from "../fingerprint";
import { isoToGstDate, splitPeriod } from "../periods";
import type { ImsRecord } from "../records";
import { sectionInfo, type SectionCode } from "../sections";
import { objectMembers } from "./json-source";

/** Where a member's value comes from, and how the file spells it. */
type SlotName =
  | "stin"
  | "docNumber"
  | "docDate"
  | "originalDocNumber"
  | "originalDocDate"
  | "pos"
  | "hash"
  | "remarks"
  | "tradenm"
  | "rtnprd:MMYYYY"
  | "rtnprd:number"
  | "rtnprd:MM"
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

const SLOTS: readonly SlotName[] = [
  "stin",
  "docNumber",
  "docDate",
  "originalDocNumber",
  "originalDocDate",
  "pos",
  "hash",
  "remarks",
  "tradenm",
  "rtnprd:MMYYYY",
  "rtnprd:number",
  "rtnprd:MM",
  ...(Object.values(AMOUNT_MEMBERS).flatMap((f) => AMOUNT_STYLES.map((s) => `${f}:${s}` as const)) as SlotName[]),
];
const SLOT_INDEX = new Map<SlotName, number>(SLOTS.map((s, i) => [s, i]));

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
    case "remarks":
      return record.remarks === undefined ? null : JSON.stringify(record.remarks);
    case "tradenm":
      return names.get(record.supplierGstin) ?? null;
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
    case "remarks":
      return ["remarks"];
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
 * skeleton. Everything here is read back from a row's cells as it was read from the file.
 */
function selectorOf(record: ImsRecord): string {
  const flag = (b: boolean | null | undefined) => (b === true ? "1" : b === false ? "0" : "-");
  return [
    record.section,
    record.invoiceType ?? "",
    record.sourceForm,
    record.action,
    flag(record.pendingBlocked),
    flag(record.supplierFiled),
    flag(record.remarksBlocked),
    flag(record.itcReductionBlocked),
    record.originalDocNumber === undefined ? "" : "o",
    record.remarks === undefined ? "" : "r",
    itcText(record.itcReduction),
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

/** `raw` with each member value that the record gives back spelled the same way left as a slot. */
function skeletonOf(raw: string, record: ImsRecord, names: Names): Skeleton | null {
  const read = objectMembers(raw);
  if (!read.ok) return null;
  const out: Skeleton = [];
  let at = read.value.object.start;
  let literal = raw.slice(0, at);
  for (const m of read.value.members) {
    const value = raw.slice(m.valueStart, m.valueEnd);
    const slot = candidateSlots(m.key, record.section).find((s) => slotText(s, record, names) === value);
    if (slot === undefined) continue;
    literal += raw.slice(at, m.valueStart);
    out.push(literal, SLOT_INDEX.get(slot) as number);
    literal = "";
    at = m.valueEnd;
  }
  literal += raw.slice(at);
  if (literal !== "") out.push(literal);
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

/** What the workbook keeps of a file's records: JSON-ready, see KeptTexts.toJSON. */
export interface KeptTextsData {
  /** The file's key of each section, in the file's order. */
  sections: [SectionCode, string][];
  skeletons: Skeleton[];
  /** Selector → skeleton index. */
  selectors: [string, number][];
  /** Supplier GSTIN → trade name's JSON text. */
  names: [string, string][];
  /** The sorted digests of every record's text, as base64 of varint deltas. */
  digests: string;
  /** Records that no skeleton renders exactly: [key, section key, text], in the file's order. */
  verbatim: [string, string, string][];
}

function textDigest(text: string): number {
  return fnv1a32(text);
}

/** Builds what to keep of a file's records. */
export function keepFileTexts(records: readonly FileRecord[]): KeptTextsData {
  const sections = new Map<SectionCode, string>();
  const names = new Map<string, string>();
  const skeletons: Skeleton[] = [];
  const skeletonIds = new Map<string, number>();
  const selectors = new Map<string, number>();
  const verbatim: [string, string, string][] = [];
  const digests: number[] = [];
  for (const r of records) {
    const { record } = r;
    if (!sections.has(record.section)) sections.set(record.section, r.sectionKey);
    // The name as JSON writes it: a file that spells it otherwise keeps it in its skeletons.
    if (r.tradeName !== undefined && !names.has(record.supplierGstin)) names.set(record.supplierGstin, JSON.stringify(r.tradeName));
    digests.push(textDigest(r.raw));
    const selector = selectorOf(record);
    const known = selectors.get(selector);
    let fits = false;
    if (sections.get(record.section) === r.sectionKey) {
      if (known !== undefined) {
        fits = renderSkeleton(skeletons[known] as Skeleton, record, names) === r.raw;
      } else {
        const skeleton = skeletonOf(r.raw, record, names);
        if (skeleton && renderSkeleton(skeleton, record, names) === r.raw) {
          const id = JSON.stringify(skeleton);
          let index = skeletonIds.get(id);
          if (index === undefined) {
            index = skeletons.length;
            skeletons.push(skeleton);
            skeletonIds.set(id, index);
          }
          selectors.set(selector, index);
          fits = true;
        }
      }
    }
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

/** The kept texts of a file, ready to give back a record's text. */
export class KeptTexts {
  private readonly sectionKeys: Map<SectionCode, string>;
  private readonly skeletons: Skeleton[];
  private readonly selectors: Map<string, number>;
  private readonly names: Map<string, string>;
  private readonly digests: Set<number>;
  private readonly verbatim: Map<string, { raw: string; sectionKey: string; order: number }>;
  /** The file's section keys in its order: the upload lists its sections the same way. */
  readonly sectionOrder: SectionCode[];

  constructor(data: KeptTextsData) {
    this.sectionKeys = new Map(data.sections);
    this.sectionOrder = data.sections.map(([code]) => code);
    this.skeletons = data.skeletons;
    this.selectors = new Map(data.selectors);
    this.names = new Map(data.names);
    this.digests = new Set(decodeDigests(data.digests));
    this.verbatim = new Map(data.verbatim.map(([key, sectionKey, raw], order) => [key, { raw, sectionKey, order }]));
  }

  get size(): number {
    return this.digests.size;
  }

  /** A record kept verbatim, by key (its text may show other figures than the row now does). */
  verbatimOf(key: string): { raw: string; sectionKey: string } | undefined {
    return this.verbatim.get(key);
  }

  /**
   * The file's text of the record a row now shows, rendered from its skeleton. "changed": the
   * file had no record with that text (the row was refreshed since, or was never in the file);
   * "not-kept": no skeleton of the file fits such a record.
   */
  textOf(record: ImsRecord): KeptText {
    const index = this.selectors.get(selectorOf(record));
    const sectionKey = this.sectionKeys.get(record.section);
    if (index === undefined || sectionKey === undefined) return { ok: false, reason: "not-kept" };
    const raw = renderSkeleton(this.skeletons[index] as Skeleton, record, this.names);
    if (raw === null || !this.digests.has(textDigest(raw))) return { ok: false, reason: "changed" };
    return { ok: true, raw, sectionKey };
  }
}

/** Sorted digests as base64 of LEB128 varint deltas: about 2.5 bytes each for 100,000 records. */
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
