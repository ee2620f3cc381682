/**
 * The sandbox's own state model: what the simulated portal knows. Amounts are integer
 * paise and dates ISO, as everywhere inside the product; the HTTP layer converts to the
 * wire's rupees and DD-MM-YYYY.
 */
import type { Action, SectionCode } from "../ims/sections";
import type { FilingFrequency, IsoDate, TaxPeriod } from "../ims/periods";

export type SourceForm = "R1" | "R1A" | "IFF";
export type InvoiceType = "R" | "DE" | "SEWP" | "SEWOP" | "CBW";
export type YesNo = "Y" | "N";

export interface Amounts {
  /** Document value, paise. */
  val: number;
  txval: number;
  iamt: number;
  camt: number;
  samt: number;
  cess: number;
}

/** A record as it sits in one recipient's IMS. */
export interface SandboxRecord extends Amounts {
  section: SectionCode;
  /** Supplier GSTIN (for ECOM sections, the e-commerce operator's). */
  stin: string;
  /** Supplier's trade name (not on the wire of GET invoices; used by supplier views and demo realism). */
  supplierName: string;
  docNum: string;
  docDate: IsoDate;
  /** Original document of an amendment. */
  origDocNum?: string;
  origDocDate?: IsoDate;
  /** Absent on ECOM/ECOMA. */
  invType?: InvoiceType;
  /**
   * CN/CNA/DN/DNA: the note type the supplier reported in GSTR-1 (C credit note, D debit note,
   * R refund voucher). Absent: C on credit-note sections, D on debit-note sections.
   */
  noteType?: "C" | "D" | "R";
  /**
   * ECOM/ECOMA: the registered supplier whose supply the operator (`stin`) reported; the
   * operator's sales view lists it under b2b/b2ba with this GSTIN. Absent: an unregistered
   * supplier (urp2b/urp2ba).
   */
  ecomSupplier?: string;
  srcForm: SourceForm;
  /** Supplier's return period of the record (rtnprd). */
  returnPeriod: TaxPeriod;
  /** Place of supply, state code "01".."38", "96", "97". */
  pos: string;
  filed: boolean;
  /** The recipient's GSTR-2B period the record counts in. */
  itcPeriod: TaxPeriod;
  /** Credit notes and certain amendments (Advisory 624). */
  specified: boolean;
  /** Pending refused regardless of the window (e.g. specified records from before Oct 2025). */
  pendingBlocked: boolean;
  remarksBlocked: boolean;
  itcReductionBlocked: boolean;
  /** Supplier-side version; every supplier edit increments it and changes the hash. */
  version: number;
  hash: string;
  action: Action;
  remarks?: string;
  itcRedReq?: YesNo;
  /** Declared ITC reduction per head, paise. */
  declIgst?: number;
  declCgst?: number;
  declSgst?: number;
  declCess?: number;
}

export interface TaxpayerProfile {
  gstin: string;
  username: string;
  legalName: string;
  tradeName: string;
  stateCode: string;
  frequency: FilingFrequency;
  /** Filing periods (monthly, or quarter-end months) whose GSTR-3B is filed. */
  filed3bPeriods: TaxPeriod[];
}

/** Counts shown for the import and ISD groups, which the API only counts. */
export interface ActionCounts {
  noaction: number;
  accept: number;
  reject: number;
  pending: number;
}

export interface CountOnlyGroups {
  isd: Record<"isd" | "isda" | "isdcn" | "isdcna", ActionCounts>;
  imports: Record<"impg" | "impga" | "impgsez" | "impgseza", ActionCounts>;
}

/** An entry of the supplier's added-back liabilities (a recipient rejected a credit note or downward amendment). */
export interface AddedBackLiability extends Amounts {
  /** Section of the supplier view: cdnr, cdnra, b2ba, ecoma. */
  section: "cdnr" | "cdnra" | "b2ba" | "ecoma";
  supplierGstin: string;
  recipientGstin: string;
  recipientName: string;
  supplierName: string;
  invType: InvoiceType;
  docNum: string;
  docDate: IsoDate;
  noteType?: "C" | "D";
  origDocNum?: string;
  origDocDate?: IsoDate;
  remarks?: string;
  /** Supplier's period of the rejected document. */
  supplierPeriod: TaxPeriod;
  form: "R1" | "R1A";
  /** Period in which the liability was added back (the recipient's GSTR-3B period). */
  period: TaxPeriod;
}

export function recordKey(r: Pick<SandboxRecord, "section" | "stin" | "docNum" | "returnPeriod">): string {
  return `${r.section}|${r.stin}|${r.docNum.toUpperCase()}|${r.returnPeriod}`;
}
