/**
 * The application instance the pane uses: the real one, talking to the add-in server that served
 * this page (its /api, on the same origin). `placeholderApp` is a stand-in for tests and screenshots.
 */
import { createImsApp } from "../app";
import type { ConnectionSettings, ExplainedError, ImsApp, SessionState } from "../app/types";

const NOT_AVAILABLE = "The application layer is not available yet";

/** The add-in server's /api next to the page (https://host/taskpane.html → https://host/api). */
export function apiUrlOf(pageUrl: string): string {
  return new URL("api", pageUrl).href;
}

export function getImsApp(): ImsApp {
  return createImsApp({ apiUrl: apiUrlOf(document.baseURI), storage: browserStorage() });
}

/** localStorage where the host allows it (it can be blocked, e.g. by Safari's tracking prevention). */
function browserStorage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

export function placeholderApp(): ImsApp {
  const state: SessionState = { status: "signed-out" };
  const fail = (): Promise<never> => Promise.reject(new Error(NOT_AVAILABLE));
  const defaults = (): ConnectionSettings => ({ gstin: "", username: "", frequency: "monthly" });
  return {
    upstream: fail,
    defaultSettings: defaults,
    rememberedSettings: () => null,
    sessionState: () => state,
    onSessionChange: () => () => undefined,
    connect: fail,
    verifyOtp: fail,
    signOut: () => undefined,
    loadCounts: fail,
    pull: fail,
    review: fail,
    submit: fail,
    resume: () => Promise.resolve(null),
    selectRow: fail,
    regenerateGstr2b: fail,
    gstr2bCalendar: fail,
    recoverWorkbook: () => Promise.resolve(null),
    confirmEntries: fail,
    pullSales: fail,
    pullAddedBack: fail,
    reviewSuppliers: fail,
    applySupplierActions: fail,
    undoSupplierActions: fail,
    supplierUndoAvailable: () => Promise.resolve(null),
    offline: {
      status: () => Promise.resolve({ gstin: null, file: null, upload: null }),
      openImsFile: fail,
      saveUploadFile: fail,
      openErrorFile: fail,
      confirmUploaded: fail,
    },
    reconcile: {
      openRegister: fail,
      confirmMapping: fail,
      settings: fail,
      saveSettings: fail,
      run: fail,
      applySuggestions: fail,
      undoApply: fail,
      undoAvailable: () => Promise.resolve(null),
      itcPreview: fail,
    },
    explain: (error: unknown): ExplainedError => ({
      kind: "unexpected",
      title: "Not available yet",
      detail: error instanceof Error ? `${error.message}.` : String(error),
      action: "none",
    }),
  };
}
