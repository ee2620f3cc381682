/**
 * The application instance the pane uses: the real one, talking to the configured IMS server
 * (the local sandbox by default). `placeholderApp` is a stand-in for tests and screenshots.
 */
import { createImsApp } from "../app";
import type { ConnectionSettings, ConnectionTarget, ExplainedError, ImsApp, SessionState } from "../app/types";

const NOT_AVAILABLE = "The application layer is not available yet";

export function getImsApp(): ImsApp {
  return createImsApp({ sandboxUrl: __SANDBOX_URL__, storage: browserStorage() });
}

/** localStorage where the host allows it (it can be blocked, e.g. by Safari's tracking prevention). */
function browserStorage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

export function placeholderApp(sandboxUrl: string): ImsApp {
  const state: SessionState = { status: "signed-out" };
  const fail = (): Promise<never> => Promise.reject(new Error(NOT_AVAILABLE));
  const defaults = (target: ConnectionTarget): ConnectionSettings =>
    target === "sandbox"
      ? { target, baseUrl: sandboxUrl, apiKey: "key_demo_ims", apiSecret: "secret_demo_ims", gstin: "27AAACI1234F1Z2", username: "demo.mh", remember: false, frequency: "monthly" }
      : { target, baseUrl: "https://api.sandbox.co.in", apiKey: "", apiSecret: "", gstin: "", username: "", remember: false, frequency: "monthly" };
  return {
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
    explain: (error: unknown): ExplainedError => ({
      kind: "unexpected",
      title: "Not available yet",
      detail: error instanceof Error ? `${error.message}.` : String(error),
      action: "none",
    }),
  };
}
