/**
 * The pane around a scripted demo application, one scenario per ?scenario=… (browser only,
 * never in the product bundle): lets the browser tests look at every panel at 350 px.
 */
import { createRoot } from "react-dom/client";
import type {
  AddedBackReport,
  BatchProgress,
  BulkApplyReport,
  CountRow,
  ExplainedError,
  ImsApp,
  OutwardReport,
  ItcPreviewView,
  ProgressOptions,
  ReconcileReport,
  ReconcileSettings,
  RegisterMappingView,
  ReviewReport,
  SessionState,
  SubmitOptions,
  SubmitReport,
  UpstreamState,
} from "../../src/app/types";
import { DEFAULT_CONFIG } from "../../src/ims/reconcile";
import { settingsFromConfig } from "../../src/ims/reconcile/settings-view";
import { App } from "../../src/taskpane/App";
import { placeholderApp } from "../../src/taskpane/app-instance";

const scenario = new URLSearchParams(location.search).get("scenario") ?? "connect";
const HOUR = 3_600_000;
const never = <T,>(): Promise<T> => new Promise<T>(() => undefined);

const SIGNED_IN: SessionState = {
  status: "signed-in",
  session: { gstin: "27AAACI1234F1Z2", username: "demo.mh", tokenExpiry: Date.now() + 5 * HOUR + 12 * 60_000 + 30_000, sessionExpiry: Date.now() + 30 * 24 * HOUR },
};

const COUNTS: CountRow[] = [
  { group: "others", section: "b2b", title: "B2B invoices", pullable: "B2B", noAction: 1842, accepted: 311, rejected: 12, pending: 9 },
  { group: "others", section: "b2ba", title: "B2B invoices (amendments)", pullable: "B2BA", noAction: 95, accepted: 4, rejected: 0, pending: 1 },
  { group: "others", section: "b2bcn", title: "Credit notes", pullable: "CN", noAction: 188, accepted: 20, rejected: 3, pending: 11 },
  { group: "others", section: "b2bcna", title: "Credit notes (amendments)", pullable: "CNA", noAction: 18, accepted: 0, rejected: 0, pending: 2 },
  { group: "others", section: "b2bdn", title: "Debit notes", pullable: "DN", noAction: 71, accepted: 5, rejected: 0, pending: 0 },
  { group: "others", section: "ecom", title: "E-commerce operator supplies", pullable: "ECOM", noAction: 120, accepted: 0, rejected: 0, pending: 0 },
  { group: "inward_supplies", section: "isd", title: "ISD invoices", pullable: null, noAction: 14, accepted: 2, rejected: 0, pending: 0 },
  { group: "imports", section: "impg", title: "Import of goods", pullable: null, noAction: 6, accepted: 1, rejected: 0, pending: 0 },
];

const issue = (section: "B2B" | "CN", sheetRow: number, docNumber: string, message: string) => ({ section, sheetRow, docNumber, supplierGstin: "29AABCB5678K1Z5", code: "x", message });

const REVIEW: ReviewReport = {
  sections: [
    { section: "B2B", accept: 1204, reject: 12, pending: 9, reset: 2, refused: 1, conflicts: 0 },
    { section: "CN", accept: 20, reject: 3, pending: 11, reset: 0, refused: 0, conflicts: 1 },
    { section: "ECOMA", accept: 4, reject: 0, pending: 0, reset: 0, refused: 0, conflicts: 0 },
  ],
  itcAtStake: {
    accept: { records: 1228, igst: 1_234_567_890, cgst: 98_765_43_21, sgst: 98_765_43_21, cess: 12_345_00 },
    reject: { records: 15, igst: 4_50_000_00, cgst: 0, sgst: 0, cess: 0 },
    pending: { records: 20, igst: 0, cgst: 1_80_000_00, sgst: 1_80_000_00, cess: 0 },
    reset: { records: 2, igst: 36_000_00, cgst: 0, sgst: 0, cess: 0 },
  },
  refused: [issue("B2B", 214, "INV/2526/00123", "A specified record cannot be kept pending after 20-11-2025.")],
  conflicts: [issue("CN", 37, "CN/25-26/014", "Changed on the portal after the pull: the supplier amended it.")],
  awaiting: 0,
  empty: false,
};

const BATCHES: BatchProgress[] = [
  { section: "B2B", kind: "save", records: 500, referenceId: "202511210001", state: "done" },
  { section: "B2B", kind: "save", records: 500, referenceId: "202511210002", state: "partly-failed" },
  { section: "B2B", kind: "save", records: 225, referenceId: "202511210003", state: "waiting" },
  { section: "CN", kind: "save", records: 34, referenceId: null, state: "sending" },
];

const SUBMIT: SubmitReport = {
  batches: BATCHES.map((b) => ({ ...b, state: b.state === "partly-failed" ? b.state : "done", referenceId: b.referenceId ?? "202511210004" })),
  saved: 1253,
  reset: 2,
  changedReturnPeriods: ["2025-11"],
  failed: [issue("B2B", 812, "SI-04512", "RET191106: the record was already rejected in an earlier period.")],
  conflicts: [issue("B2B", 77, "TI/0045/25-26", "Changed on the portal while the batch was sent.")],
  refused: [],
  cancelled: false,
};

const OUTWARD: OutwardReport = {
  period: "2025-10",
  form: "GSTR-1",
  pulledAt: new Date().toISOString(),
  sections: [
    { section: "B2B", title: "B2B invoices", documents: 1842, sheetName: "Sales B2B" },
    { section: "B2BA", title: "B2B invoices (amendments)", documents: 0, sheetName: "Sales B2BA" },
    { section: "CDNR", title: "Credit and debit notes", documents: 96, sheetName: "Sales CDNR" },
    { section: "CDNRA", title: "Credit and debit notes (amendments)", documents: 3, sheetName: "Sales CDNRA" },
    { section: "ECOM", title: "Supplies through e-commerce operators", documents: 12, sheetName: "Sales ECOM" },
    { section: "ECOMA", title: "Supplies through e-commerce operators (amendments)", documents: 0, sheetName: "Sales ECOMA" },
  ],
  followUp: { sheetName: "Follow-up", rows: 214, notesKept: 17, keptForNote: 2 },
  customers: { sheetName: "Customers", rows: 161 },
  byAction: { N: { documents: 180, tax: 12_34_56_789_00 }, A: { documents: 1740, tax: 98_76_54_321_00 }, R: { documents: 21, tax: 4_56_789_00 }, P: { documents: 12, tax: 1_23_456_00 } },
};

const ADDED_BACK: AddedBackReport = {
  period: "2025-10",
  pulledAt: new Date().toISOString(),
  sheetName: "Added back",
  documents: 3,
  totals: [
    { section: "CDNR", documents: 2, value: 2_36_000_00, taxableValue: 2_00_000_00, igst: 36_000_00, cgst: 0, sgst: 0, cess: 0 },
    { section: "B2BA", documents: 1, value: 1_18_000_00, taxableValue: 1_00_000_00, igst: 0, cgst: 9_000_00, sgst: 9_000_00, cess: 0 },
    { section: "CDNRA", documents: 0, value: 0, taxableValue: 0, igst: 0, cgst: 0, sgst: 0, cess: 0 },
    { section: "ECOMA", documents: 0, value: 0, taxableValue: 0, igst: 0, cgst: 0, sgst: 0, cess: 0 },
    { section: "Total", documents: 3, value: 3_54_000_00, taxableValue: 3_00_000_00, igst: 36_000_00, cgst: 9_000_00, sgst: 9_000_00, cess: 0 },
  ],
};

const APPLIED: BulkApplyReport = {
  written: 146,
  suppliers: [
    { gstin: "29AABCB5678K1Z5", action: "A", rows: 120 },
    { gstin: "07AAFCD4321M1ZN", action: "P", rows: 26 },
  ],
  skipped: { typed: 4, decided: 61, inFlight: 0, pendingNotAllowed: 3 },
  changedMeanwhile: 1,
  problems: ['24AAACC1206D1ZM: "maybe" is not an action; use A (accept), R (reject), P (keep pending) or N (none)'],
  noChoices: false,
};

const REGISTER: RegisterMappingView = {
  sheetName: "Purchase register",
  headerRow: 1,
  dataRows: 2611,
  headers: ["Date", "Particulars", "GSTIN/UIN", "Voucher No.", "Supplier Invoice No.", "Supplier Invoice Date", "Taxable Value", "Integrated Tax", "Central Tax", "State Tax", "Cess", "Gross Total"],
  fields: [
    { field: "supplierGstin", label: "Supplier GSTIN", required: true, columns: ["GSTIN/UIN"], confidence: "high", alternatives: [] },
    { field: "supplierName", label: "Supplier name", required: false, columns: ["Particulars"], confidence: "medium", alternatives: [] },
    { field: "docNumber", label: "Supplier's document number", required: true, columns: ["Supplier Invoice No."], confidence: "high", note: "Voucher No. is your own number: not read", alternatives: ["Voucher No."] },
    { field: "docDate", label: "Supplier's document date", required: true, columns: ["Supplier Invoice Date"], confidence: "high", alternatives: ["Date"] },
    { field: "value", label: "Document value", required: false, columns: ["Gross Total"], confidence: "medium", alternatives: [] },
    { field: "taxableValue", label: "Taxable value", required: true, columns: ["Taxable Value"], confidence: "high", alternatives: [] },
    { field: "igst", label: "IGST", required: false, columns: ["Integrated Tax"], confidence: "high", alternatives: [] },
    { field: "cgst", label: "CGST", required: false, columns: ["Central Tax"], confidence: "high", alternatives: [] },
    { field: "sgst", label: "SGST/UTGST", required: false, columns: ["State Tax"], confidence: "high", alternatives: [] },
    { field: "cess", label: "Cess", required: false, columns: [], confidence: null, alternatives: ["Cess"] },
  ],
  missing: [],
  ambiguous: ["Supplier's document date"],
  layout: "tally",
  confirmed: false,
  created: false,
};

const RECONCILE_SETTINGS: ReconcileSettings = settingsFromConfig(DEFAULT_CONFIG);

const RECONCILED: ReconcileReport = {
  reconciledAt: new Date().toISOString(),
  imsDocuments: 2574,
  prLines: 2611,
  counts: { exact: 2210, suggested: 96, mismatch: 41, missing_in_pr: 227, missing_in_ims: 58, duplicate: 3 },
  suggestions: { A: 2306, R: 0, P: 268 },
  registerIssues: [
    { sheetRow: 118, message: "Supplier Invoice Date: 31-02-2025 is not a date", fatal: true },
    { sheetRow: 1207, message: "Integrated Tax: \"12,00.5O\" is not an amount", fatal: false },
  ],
  registerIssueCount: 2,
  sheets: ["Reconciliation", "PR not in IMS", "Suppliers"],
  movedRows: 0,
};

const heads = (igst: number, cgst: number, sgst: number, cess: number) => ({ igst, cgst, sgst, cess });
const ITC_PREVIEW: ItcPreviewView = {
  period: "2025-10",
  before: {
    claimable: heads(12_34_567_00, 98_765_43_00, 98_765_43_00, 12_345_00),
    deferred: heads(0, 0, 0, 0),
    forgone: heads(0, 0, 0, 0),
    creditNoteReduction: heads(45_000_00, 1_20_000_00, 1_20_000_00, 0),
    net: heads(11_89_567_00, 97_45_543_00, 97_45_543_00, 12_345_00),
  },
  after: {
    claimable: heads(11_02_100_00, 96_55_000_00, 96_55_000_00, 12_345_00),
    deferred: heads(1_32_467_00, 2_10_543_00, 2_10_543_00, 0),
    forgone: heads(0, 0, 0, 0),
    creditNoteReduction: heads(45_000_00, 1_20_000_00, 1_20_000_00, 0),
    net: heads(10_57_100_00, 95_35_000_00, 95_35_000_00, 12_345_00),
  },
  bySupplier: [
    { gstin: "29AABCB5678K1Z5", name: "Bharat Engineering Works Private Limited", before: 4_12_000_00, after: 2_80_000_00, difference: -1_32_000_00 },
    { gstin: "07AAFCD4321M1ZN", name: "Delhi Packaging", before: 2_10_543_00, after: 0, difference: -2_10_543_00 },
  ],
  unreadable: 1,
  sheetName: "Summary",
};

function demoApp(): ImsApp {
  const base = placeholderApp();
  const upstream: UpstreamState =
    scenario === "provider"
      ? { status: "ready", upstream: { kind: "provider", label: "IMS API provider (api.sandbox.co.in)", host: "api.sandbox.co.in", accessKeyRequired: false } }
      : { status: "ready", upstream: { kind: "sandbox", label: "local sandbox, demo data", host: "127.0.0.1:4010", accessKeyRequired: false, demo: { otp: "575757", taxpayers: [{ gstin: "27AAACI1234F1Z2", username: "demo.mh", frequency: "monthly" }] } } };
  const signedIn = scenario !== "connect" && scenario !== "provider" && scenario !== "otp";
  const state: SessionState = scenario === "otp" ? { status: "otp-sent", gstin: "27AAACI1234F1Z2", username: "demo.mh" } : signedIn ? SIGNED_IN : { status: "signed-out" };
  const progress = (o: ProgressOptions | undefined, message: string, done: number, total: number) => setTimeout(() => o?.onProgress?.({ message, done, total }), 50);
  const explained: Record<string, ExplainedError> = {
    expired: { kind: "session-expired", title: "Your session has expired", detail: "The portal ended the session after 6 hours. Sign in again; nothing in the sheets was lost.", action: "sign-in-again" },
    wait: { kind: "http", title: "The portal asked us to slow down", detail: "Too many requests in the last minute.", action: "wait" },
  };
  return {
    ...base,
    upstream: () => Promise.resolve(upstream),
    rememberedSettings: () => null,
    sessionState: () => state,
    loadCounts: (o) => (scenario === "error" ? Promise.reject(new Error("expired")) : Promise.resolve(COUNTS)),
    pull: (_s, _f, o) => {
      progress(o, "Pulling CN (2 of 5): page 3", 2, 5);
      return never();
    },
    review: () => Promise.resolve(REVIEW),
    submit: (o?: SubmitOptions) => {
      setTimeout(() => o?.onBatch?.(BATCHES), 50);
      progress(o, "Batch 3 of 4: waiting for the portal", 2, 4);
      return scenario === "submitted" ? new Promise((r) => setTimeout(() => r(SUBMIT), 100)) : never();
    },
    resume: () => Promise.resolve(null),
    selectRow: () => Promise.resolve(),
    recoverWorkbook: () => Promise.resolve(null),
    confirmEntries: () => Promise.resolve(0),
    gstr2bCalendar: () =>
      Promise.resolve({
        frequency: "monthly",
        upcoming: null,
        open: [
          { period: "2025-11", draftOn: "2025-12-14", changedSince: "2025-12-16T05:00:00.000Z" },
          { period: "2025-10", draftOn: "2025-11-14", changedSince: "2025-12-16T05:00:00.000Z" },
        ],
      }),
    regenerateGstr2b: (p) => Promise.resolve({ referenceId: "GSTR2B-20251121-07", period: p, state: "P", errorCode: null, errorMessage: null }),
    pullSales: () => Promise.resolve(OUTWARD),
    pullAddedBack: () => Promise.resolve(ADDED_BACK),
    reviewSuppliers: () => Promise.resolve({ sheetName: "Suppliers", suppliers: 214, documents: 2574, reviewedAt: new Date().toISOString() }),
    applySupplierActions: () => Promise.resolve(APPLIED),
    supplierUndoAvailable: () => Promise.resolve(scenario === "suppliers" ? { at: new Date().toISOString(), cells: 146 } : null),
    reconcile: {
      ...base.reconcile,
      openRegister: () => Promise.resolve(REGISTER),
      confirmMapping: () => Promise.resolve({ ...REGISTER, ambiguous: [], confirmed: true }),
      settings: () => Promise.resolve(RECONCILE_SETTINGS),
      saveSettings: (s) => Promise.resolve(s),
      run: () => Promise.resolve(RECONCILED),
      applySuggestions: () => Promise.resolve({ written: 2306, byCategory: { exact: 2210, suggested: 96 }, skipped: { typed: 14, decided: 211, inFlight: 0, pendingNotAllowed: 0, noSuggestion: 0 }, changedMeanwhile: 0, stale: false }),
      undoAvailable: () => Promise.resolve(scenario === "reconcile" ? { at: new Date().toISOString(), cells: 2306 } : null),
      itcPreview: () => Promise.resolve(ITC_PREVIEW),
    },
    explain: (e) => (scenario === "error" ? (explained.expired as ExplainedError) : scenario === "wait" ? (explained.wait as ExplainedError) : base.explain(e)),
  };
}

const container = document.getElementById("root");
if (container) createRoot(container).render(<App app={demoApp()} host={{ host: null, platform: null }} />);
