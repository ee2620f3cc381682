/**
 * An IMS record as the add-in knows it: amounts in integer paise, dates ISO, periods YYYY-MM.
 * The API layer converts to and from the wire; nothing else sees rupees or DD-MM-YYYY.
 */
import type { Action, SaveAction, SectionCode } from "./sections";
import type { IsoDate, TaxPeriod } from "./periods";

export interface Amounts {
  /** Document value, paise. */
  value: number;
  taxableValue: number;
  igst: number;
  cgst: number;
  sgst: number;
  cess: number;
}

export interface ItcReduction {
  /** "Y": ITC needs to be reduced; "N": it was never availed. */
  required: "Y" | "N";
  /** Declared reduction per head, paise; all absent with "Y" means the whole tax. */
  igst?: number;
  cgst?: number;
  sgst?: number;
  cess?: number;
}

export interface ImsRecord extends Amounts {
  section: SectionCode;
  supplierGstin: string;
  docNumber: string;
  docDate: IsoDate;
  originalDocNumber?: string;
  originalDocDate?: IsoDate;
  /** R, DE, SEWP, SEWOP, CBW; absent on ECOM sections. */
  invoiceType?: string;
  /** R1, R1A or IFF. */
  sourceForm: string;
  returnPeriod: TaxPeriod;
  placeOfSupply: string;
  action: Action;
  pendingBlocked: boolean;
  supplierFiled: boolean;
  /** The portal's checksum of this version of the record. */
  hash: string;
  remarksBlocked: boolean;
  /** Null when the portal did not say. */
  itcReductionBlocked: boolean | null;
  remarks?: string;
  itcReduction?: ItcReduction;
}

/** What the recipient asks the portal to record for one record. */
export interface SaveIntent {
  action: SaveAction;
  remarks?: string;
  itcReduction?: ItcReduction;
}

/** Identifies a record within a recipient's IMS: section, supplier, document number, return period. */
export function imsRecordKey(r: Pick<ImsRecord, "section" | "supplierGstin" | "docNumber" | "returnPeriod">): string {
  return `${r.section}|${r.supplierGstin}|${r.docNumber.toUpperCase()}|${r.returnPeriod}`;
}
