/**
 * A record's fingerprint: a fast, deterministic, non-cryptographic check of the fields that
 * were pulled, so that a later read can tell whether someone changed them in the sheet.
 *
 * 16 hex characters in two FNV-1a 32-bit lanes:
 * - the first 8 cover the record's own fields (what the sheet shows in its portal columns,
 *   including the action the portal held);
 * - the last 8 cover the pulled state kept out of sight: the portal's version (hash) and the
 *   remarks and ITC-reduction declaration the portal held.
 * Keeping the lanes apart lets a read say which kind of cell was changed.
 * Plain JavaScript only (no Node crypto), so it runs the same in a browser.
 */
import type { ImsRecord, ItcReduction } from "./records";

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SEPARATOR = "\u001f";

/** FNV-1a over the UTF-16 code units of `text` (low byte, then high byte), as an unsigned 32-bit number. */
export function fnv1a32(text: string, offset = FNV_OFFSET): number {
  let h = offset >>> 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h ^= c & 0xff;
    h = Math.imul(h, FNV_PRIME);
    h ^= c >>> 8;
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, "0");
}

function flag(value: boolean | null | undefined): string {
  return value === true ? "1" : value === false ? "0" : "-";
}

/** The canonical text of an ITC-reduction declaration ("" when there is none). */
export function itcText(itc: ItcReduction | undefined): string {
  if (!itc) return "";
  return [itc.required, itc.igst ?? "", itc.cgst ?? "", itc.sgst ?? "", itc.cess ?? ""].join(",");
}

/** The record's own fields, in a fixed order. */
function recordLane(r: ImsRecord): string {
  return [
    r.section,
    r.supplierGstin,
    r.docNumber,
    r.docDate,
    r.originalDocNumber ?? "",
    r.originalDocDate ?? "",
    r.invoiceType ?? "",
    r.sourceForm,
    r.returnPeriod,
    r.placeOfSupply,
    String(r.value),
    String(r.taxableValue),
    String(r.igst),
    String(r.cgst),
    String(r.sgst),
    String(r.cess),
    r.action,
    flag(r.pendingBlocked),
    flag(r.supplierFiled),
    flag(r.remarksBlocked),
    flag(r.itcReductionBlocked),
  ].join(SEPARATOR);
}

/** The pulled state that the sheet keeps hidden: version, remarks and declaration as pulled. */
function stateLane(r: ImsRecord): string {
  return [r.hash, r.remarks ?? "", itcText(r.itcReduction)].join(SEPARATOR);
}

export function recordFingerprint(record: ImsRecord): string {
  return hex8(fnv1a32(recordLane(record))) + hex8(fnv1a32(stateLane(record), 0x050c5d1f));
}

const SHAPE = /^[0-9a-f]{16}$/;

export function isFingerprint(text: string): boolean {
  return SHAPE.test(text);
}

/** Compares a stored fingerprint with a record: which lanes still match. */
export function compareFingerprint(stored: string, record: ImsRecord): { recordMatches: boolean; stateMatches: boolean } {
  const now = recordFingerprint(record);
  return { recordMatches: stored.slice(0, 8) === now.slice(0, 8), stateMatches: stored.slice(8) === now.slice(8) };
}
