/**
 * What the pane may ask of reconciliation (issue 11): the purchase register's column mapping,
 * the settings, a run, applying its suggestions (and undoing them), and the ITC preview.
 * Money is paise; the pane formats it.
 */
import type { Category } from "../ims/reconcile";
import type { ActionKey, ReconcileSettingsView } from "../ims/reconcile/settings-view";
import type { Confidence, RegisterField, RegisterLayout } from "../ims/register";
import type { TaxPeriod } from "../ims/periods";
import type { SaveAction } from "../ims/sections";
import type { BulkSkips } from "../ims/suppliers";
import type { BulkUndoReport, ProgressOptions, UndoAvailable } from "./types";

/** One field of the register as the add-in will read it. */
export interface MappedField {
  field: RegisterField;
  /** Words for people ("Supplier's document number"). */
  label: string;
  required: boolean;
  /** Header texts of the columns read (several only for summed amounts); empty when none. */
  columns: string[];
  /** Null when no column is read. */
  confidence: Confidence | null;
  note?: string;
  /** Other headers that could be this field. */
  alternatives: string[];
}

export interface RegisterMappingView {
  sheetName: string;
  /** 1-based sheet row of the header (the last one, for two-row headers). */
  headerRow: number;
  /** Rows below the header with anything in them. */
  dataRows: number;
  /** Every header of the sheet, left to right, for the pane's pickers. */
  headers: string[];
  /** The readable fields (READ_FIELDS order). */
  fields: MappedField[];
  /** Labels of required fields with no column. */
  missing: string[];
  /** Labels of fields where two columns were equally good. */
  ambiguous: string[];
  layout: RegisterLayout;
  /** The user confirmed this mapping (it is kept in the workbook). */
  confirmed: boolean;
  /** The sheet was just created (empty, with the add-in's template headers): paste the register below them. */
  created: boolean;
}

/** Per field, the header text of the column to read, or null to read none; absent fields keep the proposal. */
export type MappingChoice = Partial<Record<RegisterField, string | string[] | null>>;

/** What "Apply suggestions" can act on: the categories that suggest an action, and the suppliers that have not filed. */
export type SuggestionKey = ActionKey;

/** The user's settings, as the pane edits them (rupees here, for people; kept in the workbook). */
export type ReconcileSettings = ReconcileSettingsView;

export interface RegisterRowIssue {
  /** 1-based sheet row on the Purchase register sheet. */
  sheetRow: number;
  message: string;
  /** The row was left out of matching. */
  fatal: boolean;
}

export interface ReconcileReport {
  reconciledAt: string;
  imsDocuments: number;
  prLines: number;
  /** Links and unmatched documents per category. */
  counts: Record<Category, number>;
  /** IMS records per suggested action (what "Apply suggestions" would write into empty Action cells). */
  suggestions: Record<SaveAction, number>;
  /** Register rows that could not be read fully (flagged on their row); the first 50. */
  registerIssues: RegisterRowIssue[];
  registerIssueCount: number;
  /** Sheets written. */
  sheets: string[];
  /** Section sheets whose Match columns changed rows while being written (co-author, sort): reconcile again. */
  movedRows: number;
}

export interface ApplySuggestionsReport {
  written: number;
  byCategory: Partial<Record<Category, number>>;
  skipped: BulkSkips & { noSuggestion: number };
  changedMeanwhile: number;
  /** The reconciliation is older than the section sheets or the register: reconcile again first. */
  stale: boolean;
}

export interface ItcHeadsView {
  igst: number;
  cgst: number;
  sgst: number;
  cess: number;
}

export interface ItcPositionView {
  /** In GSTR-2B and claimable: accepted and deemed-accepted invoices and debit notes. */
  claimable: ItcHeadsView;
  /** Kept pending: out of this GSTR-2B. */
  deferred: ItcHeadsView;
  /** Rejected: never claimable. */
  forgone: ItcHeadsView;
  /** Accepted (or deemed accepted) credit notes: ITC to reduce, as declared where declared. */
  creditNoteReduction: ItcHeadsView;
  /** claimable minus creditNoteReduction. */
  net: ItcHeadsView;
}

export interface ItcPreviewView {
  /** Only records of this return period, or all when null. */
  period: TaxPeriod | null;
  /** As the portal holds the actions now (no action = deemed accepted). */
  before: ItcPositionView;
  /** With the actions drafted in the sheets. */
  after: ItcPositionView;
  /** Suppliers whose net ITC changes, largest change first (net tax, paise). */
  bySupplier: { gstin: string; name: string; before: number; after: number; difference: number }[];
  /** Rows whose Action cell is not an action: counted as the portal holds them. */
  unreadable: number;
  /** Where the chart went. */
  sheetName: string;
}

export interface ReconcileApi {
  /** Finds (or creates, with the template's headers) the Purchase register sheet and proposes or recalls the mapping. */
  openRegister(options?: ProgressOptions): Promise<RegisterMappingView>;
  /** Corrects and confirms the mapping; kept in the workbook. */
  confirmMapping(choice: MappingChoice, options?: ProgressOptions): Promise<RegisterMappingView>;
  settings(): Promise<ReconcileSettings>;
  /** Checks and keeps the settings in the workbook; throws naming the setting at fault. */
  saveSettings(settings: ReconcileSettings): Promise<ReconcileSettings>;
  /** Reads the section sheets and the register, matches, and writes the Reconciliation sheets, the Match columns and the Suppliers sheet's counts. */
  run(options?: ProgressOptions): Promise<ReconcileReport>;
  /** Writes the suggested actions (and remarks) of the chosen categories into rows with no action. */
  applySuggestions(categories: readonly (Category | "notFiled")[], options?: ProgressOptions): Promise<ApplySuggestionsReport>;
  /** Undoes the latest apply (of suggestions or "Action for all"). */
  undoApply(options?: ProgressOptions): Promise<BulkUndoReport>;
  undoAvailable(): Promise<UndoAvailable | null>;
  /** ITC per head before and after the drafted actions, with a chart on the Summary sheet. */
  itcPreview(period: TaxPeriod | null, options?: ProgressOptions): Promise<ItcPreviewView>;
}
