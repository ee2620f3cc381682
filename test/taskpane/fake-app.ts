/**
 * A fake ImsApp for component tests: every long call is a promise the test settles
 * (resolve / reject), every call is recorded with its options (signal, onProgress, onBatch),
 * and the session is whatever the test sets.
 */
import type { SessionInfo } from "../../src/api/types";
import type { UpstreamInfo } from "../../src/api/upstream";
import type {
  ApplySuggestionsReport,
  BatchProgress,
  BulkUndoReport,
  ConnectionSettings,
  CountRow,
  ExplainedError,
  ImsApp,
  ItcPositionView,
  ItcPreviewView,
  MappingChoice,
  ProgressOptions,
  PullReport,
  ReconcileApi,
  ReconcileReport,
  ReconcileSettings,
  RegisterMappingView,
  ReviewReport,
  RowIssue,
  SessionState,
  SubmitOptions,
  SubmitReport,
  UndoAvailable,
  UpstreamState,
} from "../../src/app/types";
import type { OutwardForm } from "../../src/ims/outward";
import { DEFAULT_CONFIG, type Category } from "../../src/ims/reconcile";
import { settingsFromConfig } from "../../src/ims/reconcile/settings-view";
import type { ExplainedErrorPlus } from "../../src/taskpane/context";
import type { HeadTotals } from "../../src/ims/plan";
import type { Gstr2bCalendar } from "../../src/ims/gstr2b-calendar";
import type { TaxPeriod } from "../../src/ims/periods";
import { FakeOfflineFiles } from "./fake-offline";

export class Deferred<T> {
  readonly promise: Promise<T>;
  resolve!: (value: T) => void;
  reject!: (error: unknown) => void;
  constructor() {
    this.promise = new Promise<T>((res, rej) => {
      this.resolve = res;
      this.reject = rej;
    });
  }
}

type AsyncMethod =
  | "connect"
  | "verifyOtp"
  | "loadCounts"
  | "pull"
  | "review"
  | "submit"
  | "resume"
  | "selectRow"
  | "regenerateGstr2b"
  | "confirmEntries"
  | "pullSales"
  | "pullAddedBack"
  | "reviewSuppliers"
  | "applySupplierActions"
  | "undoSupplierActions";
type Result<M extends AsyncMethod> = Awaited<ReturnType<ImsApp[M]>>;

export interface Call<M extends AsyncMethod> {
  args: unknown[];
  options: (ProgressOptions & SubmitOptions) | undefined;
  deferred: Deferred<Result<M>>;
}

/** An error the fake explains as given. */
export class ExplainableError extends Error {
  constructor(readonly explained: ExplainedErrorPlus) {
    super(explained.title);
  }
}

export const EXPLAINED = {
  sessionExpired: { kind: "session-expired", title: "Your session has expired", detail: "Sign in again to continue; nothing was lost.", action: "sign-in-again" },
  rateLimited: { kind: "http", title: "The portal asked us to slow down", detail: "Too many requests in a short time.", action: "wait", retryAfterMs: 5000 },
  conflict: { kind: "gstn", title: "Some rows changed on the portal", detail: "Refresh those rows, review again, then submit.", action: "refresh-rows", sections: ["B2B", "CN"] },
  network: { kind: "network", title: "Could not reach the IMS API", detail: "Check the internet connection, then try again.", action: "retry" },
  invalidRequest: { kind: "invalid-request", title: "A row cannot be sent", detail: "Taxable value has more than two decimals.", action: "none" },
  unexpected: { kind: "unexpected", title: "Something went wrong", detail: "An unexpected error happened.", action: "retry" },
  settings: { kind: "http", title: "The provider refused the API key", detail: "Check the API key and secret.", action: "check-settings" },
} satisfies Record<string, ExplainedErrorPlus>;

/** What the add-in server says it works against: the local sandbox (the default) or the provider. */
export const SANDBOX_UPSTREAM: UpstreamInfo = {
  kind: "sandbox",
  label: "local sandbox, demo data",
  host: "127.0.0.1:4010",
  accessKeyRequired: false,
  demo: { otp: "575757", taxpayers: [{ gstin: "27AAACI1234F1Z2", username: "demo.mh", frequency: "monthly" }, { gstin: "29AABCB5678K1Z5", username: "demo.ka", frequency: "quarterly" }] },
};

export const PROVIDER_UPSTREAM: UpstreamInfo = { kind: "provider", label: "IMS API provider (api.sandbox.co.in)", host: "api.sandbox.co.in", accessKeyRequired: false };

/** What each reconcile call resolves to. */
export interface ReconcileResults {
  openRegister: RegisterMappingView;
  confirmMapping: RegisterMappingView;
  settings: ReconcileSettings;
  saveSettings: ReconcileSettings;
  run: ReconcileReport;
  applySuggestions: ApplySuggestionsReport;
  undoApply: BulkUndoReport;
  itcPreview: ItcPreviewView;
}
export type ReconcileMethod = keyof ReconcileResults;

export interface ReconcileCall<M extends ReconcileMethod> {
  args: unknown[];
  options: ProgressOptions | undefined;
  deferred: Deferred<ReconcileResults[M]>;
}

/**
 * Reconciliation (issue 11) in the fake application (FakeImsApp.reconcile): every call is
 * recorded and returns a promise the test settles, unless `answers` holds the result (settings
 * are answered at once by default); `undoAvailable` answers `undo` at once.
 */
export class FakeReconcile implements ReconcileApi {
  answers: { [M in ReconcileMethod]?: ReconcileResults[M] } = { settings: reconcileSettings() };
  undo: UndoAvailable | null = null;
  readonly calls: { [M in ReconcileMethod]: ReconcileCall<M>[] } = {
    openRegister: [],
    confirmMapping: [],
    settings: [],
    saveSettings: [],
    run: [],
    applySuggestions: [],
    undoApply: [],
    itcPreview: [],
  };

  last<M extends ReconcileMethod>(method: M): ReconcileCall<M> {
    const call = this.calls[method].at(-1);
    if (!call) throw new Error(`FakeReconcile: ${method} was not called`);
    return call;
  }

  private enqueue<M extends ReconcileMethod>(method: M, args: unknown[], options: ProgressOptions | undefined): Promise<ReconcileResults[M]> {
    const deferred = new Deferred<ReconcileResults[M]>();
    (this.calls[method] as ReconcileCall<M>[]).push({ args, options, deferred });
    const answer = this.answers[method];
    if (answer !== undefined) deferred.resolve(answer as ReconcileResults[M]);
    return deferred.promise;
  }

  openRegister = jest.fn((options?: ProgressOptions) => this.enqueue("openRegister", [], options));
  confirmMapping = jest.fn((choice: MappingChoice, options?: ProgressOptions) => this.enqueue("confirmMapping", [choice], options));
  settings = jest.fn(() => this.enqueue("settings", [], undefined));
  saveSettings = jest.fn((settings: ReconcileSettings) => this.enqueue("saveSettings", [settings], undefined));
  run = jest.fn((options?: ProgressOptions) => this.enqueue("run", [], options));
  applySuggestions = jest.fn((categories: readonly (Category | "notFiled")[], options?: ProgressOptions) => this.enqueue("applySuggestions", [categories], options));
  undoApply = jest.fn((options?: ProgressOptions) => this.enqueue("undoApply", [], options));
  undoAvailable = jest.fn((): Promise<UndoAvailable | null> => Promise.resolve(this.undo));
  itcPreview = jest.fn((period: TaxPeriod | null, options?: ProgressOptions) => this.enqueue("itcPreview", [period], options));
}

export const EMPTY_SETTINGS: ConnectionSettings = { gstin: "", username: "", frequency: "monthly" };

export class FakeImsApp implements ImsApp {
  session: SessionState = { status: "signed-out" };
  remembered: ConnectionSettings | null = null;
  calendar: Gstr2bCalendar = {
    frequency: "monthly",
    upcoming: null,
    open: [
      { period: "2025-11", draftOn: "2025-12-14", changedSince: "2025-12-16T05:00:00.000Z" },
      { period: "2025-10", draftOn: "2025-11-14", changedSince: "2025-12-16T05:00:00.000Z" },
    ],
  };
  /** Answers given at once instead of a pending promise. */
  answers: { [M in AsyncMethod]?: Result<M> } = {};
  readonly calls: { [M in AsyncMethod]: Call<M>[] } = {
    connect: [],
    verifyOtp: [],
    loadCounts: [],
    pull: [],
    review: [],
    submit: [],
    resume: [],
    selectRow: [],
    regenerateGstr2b: [],
    confirmEntries: [],
    pullSales: [],
    pullAddedBack: [],
    reviewSuppliers: [],
    applySupplierActions: [],
    undoSupplierActions: [],
  };
  private readonly listeners = new Set<(s: SessionState) => void>();

  constructor(init: { session?: SessionState; answers?: FakeImsApp["answers"] } = {}) {
    if (init.session) this.session = init.session;
    // By default nothing is left over from an earlier pane, so resume finds nothing.
    this.answers = { resume: null, ...init.answers };
  }

  setSession(state: SessionState): void {
    this.session = state;
    for (const l of [...this.listeners]) l(state);
  }

  last<M extends AsyncMethod>(method: M): Call<M> {
    const call = this.calls[method].at(-1);
    if (!call) throw new Error(`FakeImsApp: ${method} was not called`);
    return call;
  }

  private enqueue<M extends AsyncMethod>(method: M, args: unknown[], options: ProgressOptions | SubmitOptions | undefined): Promise<Result<M>> {
    const deferred = new Deferred<Result<M>>();
    (this.calls[method] as Call<M>[]).push({ args, options, deferred });
    if (method in this.answers) deferred.resolve(this.answers[method] as Result<M>);
    return deferred.promise;
  }

  upstreamState: UpstreamState = { status: "ready", upstream: SANDBOX_UPSTREAM };
  upstream = jest.fn((_options?: { accessKey?: string }): Promise<UpstreamState> => Promise.resolve(this.upstreamState));
  defaultSettings = jest.fn((): ConnectionSettings => ({ ...EMPTY_SETTINGS }));
  rememberedSettings = jest.fn((): ConnectionSettings | null => this.remembered);
  sessionState = jest.fn((): SessionState => this.session);
  onSessionChange = jest.fn((listener: (state: SessionState) => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  });
  connect = jest.fn((settings: ConnectionSettings, options?: ProgressOptions) =>
    this.enqueue("connect", [settings], options).then((s) => {
      this.setSession(s);
      return s;
    }),
  );
  verifyOtp = jest.fn((otp: string, options?: ProgressOptions) =>
    this.enqueue("verifyOtp", [otp], options).then((s) => {
      this.setSession(s);
      return s;
    }),
  );
  signOut = jest.fn(() => this.setSession({ status: "signed-out" }));
  loadCounts = jest.fn((options?: ProgressOptions) => this.enqueue("loadCounts", [], options));
  pull = jest.fn((sections: readonly string[], status: string | null, options?: ProgressOptions) => this.enqueue("pull", [sections, status], options));
  review = jest.fn((options?: ProgressOptions) => this.enqueue("review", [], options));
  submit = jest.fn((options?: SubmitOptions) => this.enqueue("submit", [], options));
  resume = jest.fn((options?: SubmitOptions) => this.enqueue("resume", [], options));
  selectRow = jest.fn((section: string, sheetRow: number) => this.enqueue("selectRow", [section, sheetRow], undefined));
  regenerateGstr2b = jest.fn((period: TaxPeriod, options?: ProgressOptions) => this.enqueue("regenerateGstr2b", [period], options));
  recovery: string | null = null;
  confirmEntries = jest.fn(() => this.enqueue("confirmEntries", [], undefined));
  recoverWorkbook = jest.fn((): Promise<string | null> => Promise.resolve(this.recovery));
  gstr2bCalendar = jest.fn((): Promise<Gstr2bCalendar> => Promise.resolve(this.calendar));
  pullSales = jest.fn((period: TaxPeriod, form: OutwardForm, options?: ProgressOptions) => this.enqueue("pullSales", [period, form], options));
  pullAddedBack = jest.fn((period: TaxPeriod, options?: ProgressOptions) => this.enqueue("pullAddedBack", [period], options));
  reviewSuppliers = jest.fn((options?: ProgressOptions) => this.enqueue("reviewSuppliers", [], options));
  applySupplierActions = jest.fn((options?: ProgressOptions) => this.enqueue("applySupplierActions", [], options));
  undoSupplierActions = jest.fn((options?: ProgressOptions) => this.enqueue("undoSupplierActions", [], options));
  undoAvailable: UndoAvailable | null = null;
  supplierUndoAvailable = jest.fn((): Promise<UndoAvailable | null> => Promise.resolve(this.undoAvailable));
  /** The portal's offline files (issue 13): its own recorded calls. */
  offline = new FakeOfflineFiles();
  /** Reconciliation (issue 11): its own recorded calls. */
  reconcile = new FakeReconcile();
  explain = jest.fn((error: unknown): ExplainedError => {
    if (error instanceof ExplainableError) return error.explained;
    return { kind: "unexpected", title: "Something went wrong", detail: error instanceof Error ? error.message : String(error), action: "retry" };
  });
}

// ---- sample data ---------------------------------------------------------------------------

export const NOW = Date.UTC(2025, 10, 21, 6, 0, 0);

export function sessionInfo(overrides: Partial<SessionInfo> = {}): SessionInfo {
  return { gstin: "27AAACI1234F1Z2", username: "demo.mh", tokenExpiry: NOW + (5 * 60 + 12) * 60_000 + 30_000, sessionExpiry: NOW + 30 * 86_400_000, ...overrides };
}

export function signedIn(overrides: Partial<SessionInfo> = {}): SessionState {
  return { status: "signed-in", session: sessionInfo(overrides) };
}

export function countRows(): CountRow[] {
  return [
    { group: "others", section: "b2b", title: "B2B invoices", pullable: "B2B", noAction: 1200, accepted: 30, rejected: 4, pending: 2 },
    { group: "others", section: "b2bcn", title: "Credit notes", pullable: "CN", noAction: 40, accepted: 1, rejected: 0, pending: 3 },
    { group: "others", section: "ecom", title: "E-commerce operator supplies", pullable: "ECOM", noAction: 0, accepted: 0, rejected: 0, pending: 0 },
    { group: "inward_supplies", section: "isd", title: "ISD invoices", pullable: null, noAction: 7, accepted: 0, rejected: 0, pending: 0 },
    { group: "imports", section: "impg", title: "Import of goods", pullable: null, noAction: 3, accepted: 1, rejected: 0, pending: 0 },
  ];
}

export function pullReport(overrides: Partial<PullReport> = {}): PullReport {
  return {
    sections: [
      { section: "B2B", records: 1236, added: 1200, updated: 30, keptEdits: 2, leftPortal: 1, awaitingConfirmation: 0, portalEditsUndone: 0 },
      { section: "CN", records: 44, added: 44, updated: 0, keptEdits: 0, leftPortal: 0, awaitingConfirmation: 0, portalEditsUndone: 0 },
    ],
    pulledAt: new Date(NOW).toISOString(),
    cancelled: false,
    notices: [],
    ...overrides,
  };
}

export function rowIssue(overrides: Partial<RowIssue> = {}): RowIssue {
  return { section: "B2B", sheetRow: 14, docNumber: "INV/2526/00123", supplierGstin: "29AABCB5678K1Z5", code: "pending-not-allowed", message: "This invoice cannot be kept pending.", ...overrides };
}

function heads(records: number, igst: number, cgst = 0, sgst = 0, cess = 0): HeadTotals {
  return { records, igst, cgst, sgst, cess };
}

export function reviewReport(overrides: Partial<ReviewReport> = {}): ReviewReport {
  return {
    sections: [
      { section: "B2B", accept: 10, reject: 2, pending: 1, reset: 0, refused: 1, conflicts: 0 },
      { section: "CN", accept: 3, reject: 0, pending: 0, reset: 1, refused: 0, conflicts: 1 },
    ],
    itcAtStake: {
      accept: heads(13, 1_234_567_890, 45_000_00, 45_000_00, 0),
      reject: heads(2, 0, 9_000_00, 9_000_00, 1_250_50),
      pending: heads(1, 18_000_00),
      reset: heads(1, 0),
    },
    refused: [rowIssue()],
    conflicts: [rowIssue({ section: "CN", sheetRow: 7, docNumber: "CN/25-26/014", code: "conflict", message: "Changed on the portal after the pull." })],
    awaiting: 0,
    empty: false,
    ...overrides,
  };
}

export function emptyReview(): ReviewReport {
  const zero = heads(0, 0);
  return { sections: [], itcAtStake: { accept: zero, reject: zero, pending: zero, reset: zero }, refused: [], conflicts: [], awaiting: 0, empty: true };
}

export function batch(overrides: Partial<BatchProgress> = {}): BatchProgress {
  return { section: "B2B", kind: "save", records: 13, referenceId: null, state: "sending", ...overrides };
}

export function submitReport(overrides: Partial<SubmitReport> = {}): SubmitReport {
  return {
    changedReturnPeriods: ["2025-11"],
    batches: [batch({ referenceId: "REF-001", state: "done" }), batch({ section: "CN", records: 4, referenceId: "REF-002", state: "partly-failed" })],
    saved: 16,
    reset: 1,
    failed: [rowIssue({ section: "CN", sheetRow: 9, docNumber: "CN/25-26/020", code: "RET191106", message: "Invalid action for this record." })],
    conflicts: [rowIssue({ section: "B2B", sheetRow: 21, docNumber: "INV/2526/00199", code: "conflict", message: "Changed on the portal." })],
    refused: [],
    cancelled: false,
    ...overrides,
  };
}

// ---- reconciliation samples (issue 11) ---------------------------------------------------

export function mappingView(overrides: Partial<RegisterMappingView> = {}): RegisterMappingView {
  return {
    sheetName: "Purchase register",
    headerRow: 3,
    dataRows: 412,
    headers: ["GSTIN of supplier", "Party name", "Bill No.", "Voucher No.", "Bill date", "Taxable value", "IGST", "CGST", "SGST", "Total"],
    fields: [
      { field: "supplierGstin", label: "Supplier GSTIN", required: true, columns: ["GSTIN of supplier"], confidence: "high", alternatives: [] },
      { field: "supplierName", label: "Supplier name", required: false, columns: ["Party name"], confidence: "medium", alternatives: [] },
      { field: "docNumber", label: "Supplier's document number", required: true, columns: ["Voucher No."], confidence: "low", note: "Voucher No. may be your own number, not the supplier's", alternatives: ["Bill No."] },
      { field: "docDate", label: "Supplier's document date", required: true, columns: ["Bill date"], confidence: "high", alternatives: [] },
      { field: "taxableValue", label: "Taxable value", required: true, columns: [], confidence: null, alternatives: [] },
      { field: "igst", label: "IGST", required: false, columns: ["IGST"], confidence: "high", alternatives: [] },
      { field: "cgst", label: "CGST", required: false, columns: ["CGST"], confidence: "high", alternatives: [] },
      { field: "sgst", label: "SGST/UTGST", required: false, columns: ["SGST"], confidence: "high", alternatives: [] },
    ],
    missing: ["Taxable value"],
    ambiguous: ["Supplier's document number"],
    layout: "tally",
    confirmed: false,
    created: false,
    ...overrides,
  };
}

/** The defaults, as the pane shows them. */
export function reconcileSettings(): ReconcileSettings {
  return settingsFromConfig(DEFAULT_CONFIG);
}

export function reconcileReport(overrides: Partial<ReconcileReport> = {}): ReconcileReport {
  return {
    reconciledAt: new Date(NOW).toISOString(),
    imsDocuments: 1280,
    prLines: 1302,
    counts: { exact: 1100, suggested: 40, mismatch: 25, missing_in_pr: 115, missing_in_ims: 30, duplicate: 2 },
    suggestions: { A: 1140, R: 0, P: 140 },
    registerIssues: [
      { sheetRow: 17, message: "Bill date: 31-02-2025 is not a date", fatal: true },
      { sheetRow: 240, message: "IGST: 12,00.5O is not an amount", fatal: false },
    ],
    registerIssueCount: 63,
    sheets: ["Reconciliation", "Missing in IMS"],
    movedRows: 0,
    ...overrides,
  };
}

export function suggestionsApplied(overrides: Partial<ApplySuggestionsReport> = {}): ApplySuggestionsReport {
  return {
    written: 1102,
    byCategory: { exact: 1080, suggested: 22 },
    skipped: { typed: 12, decided: 20, inFlight: 0, pendingNotAllowed: 0, noSuggestion: 6 },
    changedMeanwhile: 0,
    stale: false,
    ...overrides,
  };
}

function position(scale: number): ItcPositionView {
  const h = (igst: number, cgst: number, sgst: number, cess: number) => ({ igst: igst * scale, cgst: cgst * scale, sgst: sgst * scale, cess: cess * scale });
  const claimable = h(18_000_00, 9_000_00, 9_000_00, 0);
  const creditNoteReduction = h(1_800_00, 0, 0, 0);
  return {
    claimable,
    deferred: h(0, 900_00, 900_00, 0),
    forgone: h(360_00, 0, 0, 0),
    creditNoteReduction,
    net: { igst: claimable.igst - creditNoteReduction.igst, cgst: claimable.cgst, sgst: claimable.sgst, cess: claimable.cess },
  };
}

export function itcPreviewView(overrides: Partial<ItcPreviewView> = {}): ItcPreviewView {
  return {
    period: "2025-10",
    before: position(2),
    after: position(1),
    bySupplier: [{ gstin: "29AABCB5678K1Z5", name: "Bharat Traders", before: 72_000_00, after: 36_000_00, difference: -36_000_00 }],
    unreadable: 0,
    sheetName: "Summary",
    ...overrides,
  };
}
