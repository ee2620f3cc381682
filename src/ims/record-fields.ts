/**
 * The sheet columns the domain names when it refuses a row, by id. The ids are the workbook
 * layout's column ids (src/workbook/layout.ts `ColumnId`): the domain cannot import the layout,
 * so whoever shows a refusal maps the id to the column's header text there.
 */
import type { ImsRecord } from "./records";
import type { EditField } from "./review-rows";

/** The portal's columns of a section sheet: what was pulled, read-only for the user. */
export type PortalField =
  | "supplierGstin"
  | "docNumber"
  | "docDate"
  | "originalDocNumber"
  | "originalDocDate"
  | "invoiceType"
  | "placeOfSupply"
  | "value"
  | "taxableValue"
  | "igst"
  | "cgst"
  | "sgst"
  | "cess"
  | "sourceForm"
  | "returnPeriod"
  | "supplierFiled"
  | "pendingAllowed"
  | "remarksAllowed"
  | "itcReductionAllowed"
  | "portalAction";

export type SheetField = PortalField | EditField;

/**
 * The columns showing the supplier's document, with the record field each shows, in column
 * order: what the portal's version (hash) covers. The other portal columns (filing status,
 * the allowed flags, the action) can change on the portal without a new version.
 */
const DOCUMENT_COLUMNS: readonly (readonly [PortalField, keyof ImsRecord])[] = [
  ["supplierGstin", "supplierGstin"],
  ["docNumber", "docNumber"],
  ["docDate", "docDate"],
  ["originalDocNumber", "originalDocNumber"],
  ["originalDocDate", "originalDocDate"],
  ["invoiceType", "invoiceType"],
  ["placeOfSupply", "placeOfSupply"],
  ["value", "value"],
  ["taxableValue", "taxableValue"],
  ["igst", "igst"],
  ["cgst", "cgst"],
  ["sgst", "sgst"],
  ["cess", "cess"],
  ["sourceForm", "sourceForm"],
  ["returnPeriod", "returnPeriod"],
];

/**
 * The document columns whose value in the sheet differs from `pulled`, in column order. Only
 * meaningful when `pulled` is of the version the row was pulled at.
 */
export function changedDocumentFields(pulled: ImsRecord, inSheet: ImsRecord): PortalField[] {
  return DOCUMENT_COLUMNS.filter(([, key]) => pulled[key] !== inSheet[key]).map(([field]) => field);
}
