/**
 * The IMS section catalogue. The API names each section three ways:
 * the `section` query parameter (B2B, CN, ...), the payload key of get/save/reset
 * (b2b, b2bcn, ...) and the short key GSTN uses in request-status error reports
 * (b2b, cn, ...). Everything else in the product refers to sections by `SectionCode`.
 */
export const SECTION_CODES = ["B2B", "B2BA", "CN", "CNA", "DN", "DNA", "ECOM", "ECOMA"] as const;
export type SectionCode = (typeof SECTION_CODES)[number];

export type PayloadKey = "b2b" | "b2ba" | "b2bcn" | "b2bcna" | "b2bdn" | "b2bdna" | "ecom" | "ecoma";
export type ShortKey = "b2b" | "b2ba" | "cn" | "cna" | "dn" | "dna" | "ecom" | "ecoma";

/** Which document-number fields a section's records carry. */
export type DocKind = "invoice" | "note";

export interface SectionInfo {
  code: SectionCode;
  payloadKey: PayloadKey;
  shortKey: ShortKey;
  title: string;
  docKind: DocKind;
  /** Amendment sections carry the original document's number and date. */
  isAmendment: boolean;
  /** The section an amendment amends, or the amendment section of an original. */
  amends: SectionCode | null;
  /** ECOM sections carry no inv_typ. */
  hasInvoiceType: boolean;
  /** Sections whose records can be "specified records" (ITC-reduction declaration, one-period pending). */
  canBeSpecified: boolean;
}

const CATALOGUE: readonly SectionInfo[] = [
  { code: "B2B", payloadKey: "b2b", shortKey: "b2b", title: "B2B invoices", docKind: "invoice", isAmendment: false, amends: null, hasInvoiceType: true, canBeSpecified: false },
  { code: "B2BA", payloadKey: "b2ba", shortKey: "b2ba", title: "B2B invoices (amendments)", docKind: "invoice", isAmendment: true, amends: "B2B", hasInvoiceType: true, canBeSpecified: true },
  { code: "CN", payloadKey: "b2bcn", shortKey: "cn", title: "Credit notes", docKind: "note", isAmendment: false, amends: null, hasInvoiceType: true, canBeSpecified: true },
  { code: "CNA", payloadKey: "b2bcna", shortKey: "cna", title: "Credit notes (amendments)", docKind: "note", isAmendment: true, amends: "CN", hasInvoiceType: true, canBeSpecified: true },
  { code: "DN", payloadKey: "b2bdn", shortKey: "dn", title: "Debit notes", docKind: "note", isAmendment: false, amends: null, hasInvoiceType: true, canBeSpecified: false },
  { code: "DNA", payloadKey: "b2bdna", shortKey: "dna", title: "Debit notes (amendments)", docKind: "note", isAmendment: true, amends: "DN", hasInvoiceType: true, canBeSpecified: true },
  { code: "ECOM", payloadKey: "ecom", shortKey: "ecom", title: "E-commerce operator supplies", docKind: "invoice", isAmendment: false, amends: null, hasInvoiceType: false, canBeSpecified: false },
  { code: "ECOMA", payloadKey: "ecoma", shortKey: "ecoma", title: "E-commerce operator supplies (amendments)", docKind: "invoice", isAmendment: true, amends: "ECOM", hasInvoiceType: false, canBeSpecified: true },
];

const BY_CODE = new Map<SectionCode, SectionInfo>(CATALOGUE.map((s) => [s.code, s]));
const BY_PAYLOAD_KEY = new Map<string, SectionInfo>(CATALOGUE.map((s) => [s.payloadKey, s]));
const BY_SHORT_KEY = new Map<string, SectionInfo>(CATALOGUE.map((s) => [s.shortKey, s]));

export function allSections(): readonly SectionInfo[] {
  return CATALOGUE;
}

export function sectionInfo(code: SectionCode): SectionInfo {
  const info = BY_CODE.get(code);
  if (!info) throw new Error(`Unknown IMS section: ${String(code)}`);
  return info;
}

/** Parses the `section` query value, in any case ("b2b", "Cn"). */
export function parseSectionCode(text: string): SectionCode | null {
  const upper = text.trim().toUpperCase();
  return (SECTION_CODES as readonly string[]).includes(upper) ? (upper as SectionCode) : null;
}

export function sectionByPayloadKey(key: string): SectionInfo | null {
  return BY_PAYLOAD_KEY.get(key) ?? null;
}

/** Error reports use short keys (GSTN) or long keys (Sandbox's schema): accept both. */
export function sectionByReportKey(key: string): SectionInfo | null {
  return BY_SHORT_KEY.get(key) ?? BY_PAYLOAD_KEY.get(key) ?? null;
}

/** The field names carrying the document number and date in a section's records. */
export function docFields(code: SectionCode): { num: "inum" | "nt_num"; date: "idt" | "nt_dt"; origNum: "oinum" | "ont_num"; origDate: "oidt" | "ont_dt" } {
  return sectionInfo(code).docKind === "note"
    ? { num: "nt_num", date: "nt_dt", origNum: "ont_num", origDate: "ont_dt" }
    : { num: "inum", date: "idt", origNum: "oinum", origDate: "oidt" };
}

export const ACTIONS = ["A", "R", "P", "N"] as const;
/** A: accepted, R: rejected, P: pending, N: no action taken. */
export type Action = (typeof ACTIONS)[number];
export type SaveAction = Exclude<Action, "N">;

export const STATUS_FILTERS = { accepted: "A", rejected: "R", pending: "P", no_action_taken: "N" } as const;
export type StatusFilter = keyof typeof STATUS_FILTERS;

/** Count groups of GET invoices/count (type_of_goods). */
export const GOODS_TYPES = ["others", "inward_supplies", "imports"] as const;
export type GoodsType = (typeof GOODS_TYPES)[number];
