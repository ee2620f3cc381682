/**
 * What the client hands back, in the domain's units: paise, ISO dates, YYYY-MM periods.
 * IMS records themselves are `ImsRecord` (src/ims/records.ts).
 */
import type { Amounts, ImsRecord, SaveIntent } from "../ims/records";
import type { Action, GoodsType, SectionCode } from "../ims/sections";
import type { IsoDate, TaxPeriod } from "../ims/periods";

export interface ApiCredentials {
  apiKey: string;
  apiSecret: string;
}

export interface TaxpayerIdentity {
  gstin: string;
  /** The GST portal username. */
  username: string;
}

/** The taxpayer session, without its token. */
export interface SessionInfo {
  gstin: string;
  username: string;
  /** Epoch ms when the taxpayer token stops working. */
  tokenExpiry: number;
  sessionExpiry: number;
}

export interface ActionCountSet {
  noAction: number;
  accepted: number;
  rejected: number;
  pending: number;
}

export interface InvoiceCounts {
  goodsType: GoodsType;
  total: number;
  /**
   * Keyed by section: SectionCode ("B2B", "CN", ...) for "others"; the upper-cased wire key
   * for the count-only groups ("ISD", "ISDA", "IMPG", ...).
   */
  sections: Record<string, ActionCountSet>;
}

/**
 * A record of a GET invoices answer that does not meet the contract (an amount out of range,
 * a date that is not a date, a missing field): set aside, while the rest of the section is read.
 */
export interface RejectedRecord {
  section: SectionCode;
  /** Its position in the portal's list, from 0. */
  index: number;
  /** As the portal sent them ("" when absent or not text): enough to find the record on the portal. */
  supplierGstin: string;
  docNumber: string;
  /** Null when absent or not an MMYYYY period. */
  returnPeriod: TaxPeriod | null;
  /** The `ImsRecord` field at fault ("taxableValue"), the wire name when it has none, or "(record)". */
  field: string;
  /** The wire field at fault ("txval"), or "(record)" when the record is not an object. */
  wireField: string;
  /** What was wrong ("is too large"), with "(and N more)" when the record has other problems. */
  detail: string;
}

/** A section's records, and the ones set aside because they do not meet the contract. */
export interface CheckedInvoices {
  records: ImsRecord[];
  rejected: RejectedRecord[];
}

/** One record of a save or reset request, as sent. `intent` is null for a reset. */
export interface SubmitItem {
  record: ImsRecord;
  intent: SaveIntent | null;
}

export type SubmitOperation = "save" | "reset";

export interface SubmitReceipt {
  operation: SubmitOperation;
  referenceId: string;
  items: readonly SubmitItem[];
}

export type RequestState = "IP" | "P" | "PE" | "ER";

export interface RecordError {
  section: SectionCode;
  supplierGstin: string;
  docNumber: string;
  returnPeriod: TaxPeriod;
  errorCode: string;
  message: string;
  /**
   * True when the portal's entry named only the supplier (no `inv`) and this record was one
   * of that supplier's records in the request, as this client sent it: the error may concern
   * only some of them, so every one is reported failed rather than any wrongly reported saved.
   */
  supplierOnly?: true;
}

/**
 * An error-report entry without `inv` (the provider's schema makes it optional): it names a
 * supplier of a section and an error, not the documents.
 */
export interface SupplierError {
  section: SectionCode;
  supplierGstin: string;
  errorCode: string;
  message: string;
}

export interface RequestStatus {
  referenceId: string;
  /** IP in progress, P processed, PE processed with record errors, ER the whole request failed. */
  state: RequestState;
  /** From transTypCd: SAV → save, RST → reset; null when the portal did not say or said something else. */
  operation: SubmitOperation | null;
  processed: number;
  errored: number;
  /** Set for ER (e.g. IMSSAV005); null otherwise. */
  errorCode: string | null;
  errorMessage: string | null;
  recordErrors: RecordError[];
  /**
   * Entries that named no document. When this client sent the request (same session), their
   * supplier's records of the request are also in recordErrors, with `supplierOnly`.
   */
  supplierErrors: SupplierError[];
}

export type Gstr2bState = "IP" | "P" | "ER";

export interface Gstr2bStatus {
  referenceId: string;
  period: TaxPeriod;
  state: Gstr2bState;
  errorCode: string | null;
  errorMessage: string | null;
}

export const SALES_SECTIONS = ["B2B", "B2BA", "CDNR", "CDNRA", "ECOM", "ECOMA"] as const;
export type SalesSection = (typeof SALES_SECTIONS)[number];
export type SupplierReturnType = "gstr-1" | "gstr-1a";

export interface SalesItem {
  /** Tax rate, percent (18, 0.25). */
  rate: number;
  taxableValue: number;
  igst: number;
  cgst: number;
  sgst: number;
  cess: number;
}

/** Note types: credit note, debit note, refund voucher (the sales schema's `ntty`). */
export type NoteType = "C" | "D" | "R";

/** How supplier views name a document: its number and date, and an amendment's original. */
export interface DocumentRef {
  docNumber: string;
  docDate: IsoDate;
  /** C, D or R (refund voucher) on notes. */
  noteType?: NoteType;
  originalDocNumber?: string;
  originalDocDate?: IsoDate;
}

/** A document the signed-in taxpayer supplied, with the recipient's IMS action. */
export interface SalesDocument extends DocumentRef {
  recipientGstin: string;
  /** ECOM/ECOMA b2b parts: the supplier whose supply the operator (the signed-in taxpayer) reported. */
  supplierGstin?: string;
  /** ECOM/ECOMA: the part of the operator's section it came from: b2b, urp2b (unregistered supplier), b2ba, urp2ba. */
  ecomPart?: string;
  /** ECOM: INTER or INTRA. */
  supplyType?: "INTER" | "INTRA";
  /**
   * Paise. The sales schema allows 3-decimal rupees; such a value is rounded to the nearest
   * paisa, half away from zero (money.ts rupeesToPaiseRounded). Item amounts likewise.
   */
  value: number;
  placeOfSupply: string;
  reverseCharge: boolean;
  invoiceType?: string;
  checksum?: string;
  items: SalesItem[];
  /** N when the recipient has taken no action. */
  imsAction: Action;
  remarks?: string;
}

export interface SalesView {
  supplierGstin: string;
  period: TaxPeriod;
  returnType: SupplierReturnType;
  section: SalesSection;
  documents: SalesDocument[];
}

export const ADDED_BACK_SECTIONS = ["CDNR", "B2BA", "CDNRA", "ECOMA"] as const;
export type AddedBackSection = (typeof ADDED_BACK_SECTIONS)[number];

/** A supplier's liability added back because a recipient rejected a credit note or downward amendment. */
export interface AddedBackLiability extends DocumentRef, Amounts {
  section: AddedBackSection;
  recipientGstin: string;
  recipientName?: string;
  /** On ECOMA entries, the supplier named by the operator. */
  supplierGstin?: string;
  supplierName?: string;
  invoiceType?: string;
  remarks?: string;
  /** The supplier's return period of the rejected document. */
  supplierPeriod?: TaxPeriod;
  form?: string;
}
