/**
 * The application layer: what the task pane may ask for. It is the only caller of both
 * src/api (the portal) and src/workbook (the sheets); React components call these functions
 * and never Excel or HTTP directly.
 */
import type { ApiErrorKind, Gstr2bStatus, SessionInfo, UpstreamInfo } from "../api";
import type { Gstr2bCalendar } from "../ims/gstr2b-calendar";
import type { ItcAtStake } from "../ims/plan";
import type { TaxPeriod } from "../ims/periods";
import type { FilingFrequency } from "../ims/periods";
import type { GoodsType, SectionCode, StatusFilter } from "../ims/sections";
import type { ActionTotals, HeadTotals as AddedBackHeadTotals, OutwardForm, OutwardSection } from "../ims/outward";
import type { BulkSkips } from "../ims/suppliers";
import type { OfflineFiles } from "./offline-types";
import type { ReconcileApi } from "./reconcile-types";

export type * from "./reconcile-types";

/**
 * What the pane asks for to sign in. The add-in server decides which IMS API it talks to and
 * holds the platform credentials; the pane never has them.
 */
export interface ConnectionSettings {
  gstin: string;
  /** GST portal username of the taxpayer. */
  username: string;
  /** The taxpayer's GSTR-3B frequency (how long specified records may stay pending). */
  frequency: FilingFrequency;
}

/** Which IMS API the add-in server works against, or that it first needs its access key. */
export type UpstreamState =
  | { status: "ready"; upstream: UpstreamInfo }
  /** `refused`: the key given was wrong. */
  | { status: "access-key-needed"; refused: boolean };

export interface UpstreamOptions {
  /** The add-in server's access key (a shared server asks for one). */
  accessKey?: string;
  signal?: AbortSignal;
}

export interface ConnectOptions extends ProgressOptions {
  /** The add-in server's access key, when it has one; kept in memory only. */
  accessKey?: string;
}

export type SessionState =
  | { status: "signed-out" }
  | { status: "otp-sent"; gstin: string; username: string }
  | { status: "signed-in"; session: SessionInfo };

/** One count row: a section of a group, by action. */
export interface CountRow {
  group: GoodsType;
  /** "b2b", "b2bcn", "isd", "impg", ... */
  section: string;
  /** A person's name for it: "B2B invoices", "Import of goods", ... */
  title: string;
  /** The IMS section the add-in can pull, when it is one of the eight. */
  pullable: SectionCode | null;
  noAction: number;
  accepted: number;
  rejected: number;
  pending: number;
}

export interface Progress {
  /** What is happening, in words: "Pulling CN (2 of 5)", "Batch 3 of 8: waiting for the portal". */
  message: string;
  done: number;
  total: number;
}

export interface ProgressOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface SectionPullReport {
  section: SectionCode;
  records: number;
  added: number;
  updated: number;
  keptEdits: number;
  leftPortal: number;
  /** Unsent entries held back because the supplier changed the document under them. */
  awaitingConfirmation: number;
  /** Rows where portal columns had been typed over: the portal's values put back, the row says what was there. */
  portalEditsUndone: number;
}

export interface PullReport {
  sections: SectionPullReport[];
  pulledAt: string;
  /** True when the user cancelled: the sections listed are complete, the rest untouched. */
  cancelled: boolean;
  /** What the add-in did beyond the pull itself (an interrupted pull finished), in sentences. */
  notices: string[];
  /**
   * What could not come down, in sentences: a section (or part of one) GSTN found too large to
   * send in one answer even when asked for by status. Absent means none.
   */
  warnings?: string[];
}

/** A row the user should look at: refused, in conflict, or failed. One click selects it. */
export interface RowIssue {
  section: SectionCode;
  sheetRow: number;
  docNumber: string;
  supplierGstin: string;
  /** Column concerned, when there is one. */
  field?: string;
  code: string;
  message: string;
}

export interface SectionReview {
  section: SectionCode;
  accept: number;
  reject: number;
  pending: number;
  reset: number;
  refused: number;
  conflicts: number;
}

export interface ReviewReport {
  sections: SectionReview[];
  itcAtStake: ItcAtStake;
  refused: RowIssue[];
  conflicts: RowIssue[];
  /** Rows from an earlier submit still waiting for the portal's answer. */
  awaiting: number;
  /** Nothing to send. */
  empty: boolean;
}

export interface BatchProgress {
  section: SectionCode;
  kind: "save" | "reset";
  records: number;
  referenceId: string | null;
  state: "sending" | "waiting" | "done" | "partly-failed" | "failed" | "unknown";
}

export interface SubmitReport {
  batches: BatchProgress[];
  saved: number;
  reset: number;
  failed: RowIssue[];
  conflicts: RowIssue[];
  refused: RowIssue[];
  cancelled: boolean;
  /** Return periods of the records whose change the portal applied (for the GSTR-2B panel). */
  changedReturnPeriods: TaxPeriod[];
}

export interface SubmitOptions extends ProgressOptions {
  onBatch?: (batches: BatchProgress[]) => void;
}

/** An error said in plain words, with what to do next. */
export interface ExplainedError {
  kind: ApiErrorKind | "excel" | "unexpected";
  title: string;
  detail: string;
  action: "sign-in-again" | "retry" | "refresh-rows" | "wait" | "check-settings" | "none";
  /** With "refresh-rows": the sections to pull again. */
  sections?: SectionCode[];
  /** With "wait": how long the provider asked to wait, when it said. */
  retryAfterMs?: number | null;
}

/** The supplier view pulled for a period and return: what went into which sheet. */
export interface OutwardReport {
  period: TaxPeriod;
  form: OutwardForm;
  pulledAt: string;
  sections: { section: OutwardSection; title: string; documents: number; sheetName: string }[];
  followUp: { sheetName: string; rows: number; notesKept: number; keptForNote: number };
  customers: { sheetName: string; rows: number };
  /** Documents and tax (paise) by the customers' actions. */
  byAction: ActionTotals;
}

export interface AddedBackReport {
  period: TaxPeriod;
  pulledAt: string;
  sheetName: string;
  documents: number;
  /** Per section and in all, paise. */
  totals: AddedBackHeadTotals[];
}

export interface SuppliersReport {
  sheetName: string;
  suppliers: number;
  documents: number;
  reviewedAt: string;
}

export interface BulkApplyReport {
  /** Cells written in all. */
  written: number;
  /** Per supplier that had an "Action for all", what was written. */
  suppliers: { gstin: string; action: "A" | "R" | "P"; rows: number }[];
  skipped: BulkSkips;
  /** Rows someone typed into (or that moved) while the add-in was writing: left as they were. */
  changedMeanwhile: number;
  /** "Action for all" cells that are not A, R or P, in words. */
  problems: string[];
  /** No supplier has an "Action for all" (or there is no Suppliers sheet). */
  noChoices: boolean;
}

export interface BulkUndoReport {
  /** False when there was nothing to undo. */
  undone: boolean;
  restored: number;
  /** Cells changed since the apply, left as they are. */
  changed: number;
  /** Rows whose action has been sent since, left as they are. */
  sent: number;
  gone: number;
}

/** The latest "Action for all" that can still be undone. */
export interface UndoAvailable {
  at: string;
  cells: number;
}

export interface ImsApp {
  /** Which IMS API the add-in server works against ("local sandbox, demo data" or the provider). */
  upstream(options?: UpstreamOptions): Promise<UpstreamState>;
  defaultSettings(): ConnectionSettings;
  /** The GSTIN, username and frequency remembered in browser storage (never a secret). */
  rememberedSettings(): ConnectionSettings | null;
  sessionState(): SessionState;
  onSessionChange(listener: (state: SessionState) => void): () => void;
  /** Checks the add-in server (and its access key), then asks the portal for an OTP. */
  connect(settings: ConnectionSettings, options?: ConnectOptions): Promise<SessionState>;
  verifyOtp(otp: string, options?: ProgressOptions): Promise<SessionState>;
  signOut(): void;

  loadCounts(options?: ProgressOptions): Promise<CountRow[]>;
  pull(sections: readonly SectionCode[], status: StatusFilter | null, options?: ProgressOptions): Promise<PullReport>;
  review(options?: ProgressOptions): Promise<ReviewReport>;
  submit(options?: SubmitOptions): Promise<SubmitReport>;
  /** Follows requests left "Submitted" by a pane that was closed mid-way. */
  resume(options?: SubmitOptions): Promise<SubmitReport | null>;
  selectRow(section: SectionCode, sheetRow: number): Promise<void>;
  /** Confirms every entry held back because the supplier changed its document since: it is sent on the next submit. Returns how many. */
  confirmEntries(): Promise<number>;
  /** When the pane opens: finishes a pull Excel interrupted (from its hidden copy). A sentence saying what was done, or null. */
  recoverWorkbook(): Promise<string | null>;
  regenerateGstr2b(period: TaxPeriod, options?: ProgressOptions): Promise<Gstr2bStatus>;
  /** Today's GSTR-2B calendar: the draft not out yet, and the open periods with the changes saved since their GSTR-2B. */
  gstr2bCalendar(): Promise<Gstr2bCalendar>;

  /** Supplier view: the sales of a period and return with the customers' actions, into the Sales sheets, Follow-up, Customers and the Summary's charts. */
  pullSales(period: TaxPeriod, form: OutwardForm, options?: ProgressOptions): Promise<OutwardReport>;
  /** The liabilities added back for a period, with totals per head, into the Added back sheet. */
  pullAddedBack(period: TaxPeriod, options?: ProgressOptions): Promise<AddedBackReport>;
  /** Supplier-wise review of the section sheets into the Suppliers sheet (and the Summary's inward charts). */
  reviewSuppliers(options?: ProgressOptions): Promise<SuppliersReport>;
  /** Writes each supplier's "Action for all" into its rows that have no action (never one a user typed). */
  applySupplierActions(options?: ProgressOptions): Promise<BulkApplyReport>;
  /** Undoes the latest "Action for all", cell by cell. */
  undoSupplierActions(options?: ProgressOptions): Promise<BulkUndoReport>;
  /** The latest "Action for all" kept in the workbook that can be undone, or null. */
  supplierUndoAvailable(): Promise<UndoAvailable | null>;

  /** Without an API account (issue 13): the portal's IMS file in, the upload file out, its error file back. */
  offline: OfflineFiles;

  /** Issue 11: the purchase register against IMS, suggestions, and the ITC preview. */
  reconcile: ReconcileApi;

  explain(error: unknown): ExplainedError;
}
