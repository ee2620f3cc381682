/**
 * The supplier view (outward): documents the signed-in taxpayer reported in GSTR-1, GSTR-1A or
 * IFF, each with what its recipient did with it in IMS. Amounts are integer paise, dates ISO,
 * periods YYYY-MM; the API layer's sales view is converted into these by the application.
 */
import type { IsoDate, TaxPeriod } from "../periods";
import type { Action } from "../sections";

/** The sections of the sales view, as GSTR-1 names them. */
export const OUTWARD_SECTIONS = ["B2B", "B2BA", "CDNR", "CDNRA", "ECOM", "ECOMA"] as const;
export type OutwardSection = (typeof OUTWARD_SECTIONS)[number];

/** The return the documents were reported in (the API's return_type gstr-1 / gstr-1a; IFF is read with GSTR-1). */
export type OutwardForm = "GSTR-1" | "GSTR-1A";

/** Note types of the sales view: credit note, debit note, refund voucher. */
export type NoteKind = "C" | "D" | "R";

export const OUTWARD_TITLES: Readonly<Record<OutwardSection, string>> = {
  B2B: "B2B invoices",
  B2BA: "B2B invoices (amendments)",
  CDNR: "Credit and debit notes",
  CDNRA: "Credit and debit notes (amendments)",
  ECOM: "Supplies through e-commerce operators",
  ECOMA: "Supplies through e-commerce operators (amendments)",
};

export function outwardSectionInfo(section: OutwardSection): { notes: boolean; amendment: boolean; ecom: boolean } {
  return {
    notes: section === "CDNR" || section === "CDNRA",
    amendment: section.endsWith("A"),
    ecom: section === "ECOM" || section === "ECOMA",
  };
}

export interface OutwardDocument {
  section: OutwardSection;
  form: OutwardForm;
  /** The return period the documents were pulled for. */
  period: TaxPeriod;
  recipientGstin: string;
  /** ECOM/ECOMA b2b parts: the supplier whose supply the operator reported. */
  supplierGstin?: string;
  /** ECOM/ECOMA: b2b, urp2b, b2ba or urp2ba. */
  ecomPart?: string;
  supplyType?: "INTER" | "INTRA";
  docNumber: string;
  docDate: IsoDate;
  noteType?: NoteKind;
  originalDocNumber?: string;
  originalDocDate?: IsoDate;
  invoiceType?: string;
  placeOfSupply: string;
  reverseCharge: boolean;
  /** Tax rates of the document's items, percent, in item order. */
  rates: number[];
  /** Paise: the document's value, and its items' amounts summed. */
  value: number;
  taxableValue: number;
  igst: number;
  cgst: number;
  sgst: number;
  cess: number;
  /** N when the recipient has taken no action. */
  recipientAction: Action;
  /** The recipient's remarks, when the portal passes them on. */
  remarks?: string;
}

/**
 * Identifies a document within the supplier view: return, section, recipient, the supplier
 * behind an operator's supply, document number (upper case, as GSTN compares them) and period.
 */
export function outwardKey(d: Pick<OutwardDocument, "form" | "section" | "recipientGstin" | "supplierGstin" | "docNumber" | "period">): string {
  return `${d.form}|${d.section}|${d.recipientGstin}|${d.supplierGstin ?? ""}|${d.docNumber.toUpperCase()}|${d.period}`;
}

/** Credit notes and refund vouchers reduce what was supplied: -1; everything else +1. */
export function signOf(d: Pick<OutwardDocument, "noteType">): 1 | -1 {
  return d.noteType === "C" || d.noteType === "R" ? -1 : 1;
}

/** The document's tax, paise (IGST + CGST + SGST + cess), unsigned. */
export function taxOf(d: Pick<OutwardDocument, "igst" | "cgst" | "sgst" | "cess">): number {
  return d.igst + d.cgst + d.sgst + d.cess;
}

const NOTE_WORDS: Readonly<Record<NoteKind, string>> = { C: "Credit note", D: "Debit note", R: "Refund voucher" };

export function noteWord(kind: NoteKind | undefined): string {
  return kind ? NOTE_WORDS[kind] : "";
}

/** "18%", "5%, 18%": the distinct rates of a document, in the order they first appear. */
export function ratesText(rates: readonly number[]): string {
  return [...new Set(rates)].map((r) => `${r}%`).join(", ");
}
