/**
 * The connection to the IMS API: which server, whose credentials, and the taxpayer session.
 * Secrets live in the client's credential store: memory, or browser storage when the user
 * chose "remember me". Nothing here is ever written to the workbook.
 */
import { BrowserCredentialStore, ImsClient, MemoryCredentialStore, type CredentialStore, type StorageLike } from "../api";
import { isValidGstin } from "../ims/gstin";
import type { FilingFrequency } from "../ims/periods";
import { AppError } from "./explain";
import type { ConnectionSettings, ConnectionTarget, ProgressOptions, SessionState } from "./types";

export const DEMO_SETTINGS = { apiKey: "key_demo_ims", apiSecret: "secret_demo_ims", gstin: "27AAACI1234F1Z2", username: "demo.mh", frequency: "monthly" as FilingFrequency };
export const PROVIDER_URL = "https://api.sandbox.co.in";
const SETTINGS_KEY = "ims-for-excel.settings";
const SECRETS_KEY = "ims-for-excel.credentials";

/** What is remembered about the connection without secrets. */
interface RememberedSettings {
  target: ConnectionTarget;
  baseUrl: string;
  gstin: string;
  username: string;
  frequency: FilingFrequency;
  remember: boolean;
}

export interface ConnectionOptions {
  sandboxUrl: string;
  /** Browser storage for "remember me" (localStorage in the pane); null where there is none. */
  storage: StorageLike | null;
  fetch?: typeof fetch;
}

export class Connection {
  private client: ImsClient | null = null;
  private settings: ConnectionSettings | null = null;
  private state: SessionState = { status: "signed-out" };
  private readonly listeners = new Set<(s: SessionState) => void>();

  constructor(private readonly options: ConnectionOptions) {
    this.restore();
  }

  defaultSettings(target: ConnectionTarget): ConnectionSettings {
    if (target === "sandbox") return { target, baseUrl: this.options.sandboxUrl, ...DEMO_SETTINGS, remember: false };
    return { target, baseUrl: PROVIDER_URL, apiKey: "", apiSecret: "", gstin: "", username: "", frequency: "monthly", remember: false };
  }

  rememberedSettings(): ConnectionSettings | null {
    const saved = this.readRemembered();
    if (!saved) return null;
    const secrets = saved.remember && this.options.storage ? new BrowserCredentialStore(this.options.storage, SECRETS_KEY).load() : null;
    const base = saved.target === "sandbox" ? this.defaultSettings("sandbox") : this.defaultSettings("provider");
    return { ...base, ...saved, apiKey: secrets?.apiKey ?? base.apiKey, apiSecret: secrets?.apiSecret ?? base.apiSecret };
  }

  sessionState(): SessionState {
    if (this.state.status === "signed-in" && this.client && !this.client.session) this.setState({ status: "signed-out" });
    return this.state;
  }

  onSessionChange(listener: (s: SessionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  currentSettings(): ConnectionSettings | null {
    return this.settings;
  }

  async connect(settings: ConnectionSettings, options: ProgressOptions = {}): Promise<SessionState> {
    checkSettings(settings);
    this.client?.signOut({ forgetApiCredentials: true });
    this.settings = settings;
    this.remember(settings);
    this.client = new ImsClient({
      baseUrl: settings.baseUrl,
      credentials: { apiKey: settings.apiKey, apiSecret: settings.apiSecret },
      store: this.store(settings.remember),
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });
    options.onProgress?.({ message: "Signing in to the IMS API", done: 0, total: 2 });
    await this.client.authenticate({ ...(options.signal ? { signal: options.signal } : {}) });
    options.onProgress?.({ message: "Requesting an OTP", done: 1, total: 2 });
    await this.client.generateOtp({ gstin: settings.gstin, username: settings.username }, { ...(options.signal ? { signal: options.signal } : {}) });
    return this.setState({ status: "otp-sent", gstin: settings.gstin, username: settings.username });
  }

  async verifyOtp(otp: string, options: ProgressOptions = {}): Promise<SessionState> {
    if (!this.client || !this.settings) throw new AppError("Send an OTP first", "Fill in the connection and press Send OTP.", "sign-in-again");
    if (!/^\d{6}$/.test(otp.trim())) throw new AppError("The OTP is six digits", "Type the six-digit code sent to the taxpayer's registered mobile.");
    const session = await this.client.verifyOtp({ gstin: this.settings.gstin, username: this.settings.username }, otp.trim(), { ...(options.signal ? { signal: options.signal } : {}) });
    return this.setState({ status: "signed-in", session });
  }

  signOut(): void {
    this.client?.signOut({ forgetApiCredentials: true });
    this.client = null;
    if (this.options.storage) new BrowserCredentialStore(this.options.storage, SECRETS_KEY).clear();
    this.setState({ status: "signed-out" });
  }

  /** The signed-in client, or an error asking the user to sign in. */
  requireClient(): ImsClient {
    if (!this.client || !this.client.session || !this.settings) {
      throw new AppError("Sign in first", "Connect to the IMS API and verify the OTP; then try again.", "sign-in-again");
    }
    return this.client;
  }

  requireSettings(): ConnectionSettings {
    if (!this.settings) throw new AppError("Sign in first", "Connect to the IMS API and verify the OTP; then try again.", "sign-in-again");
    return this.settings;
  }

  private store(remember: boolean): CredentialStore {
    return remember && this.options.storage ? new BrowserCredentialStore(this.options.storage, SECRETS_KEY) : new MemoryCredentialStore();
  }

  /** A remembered, still valid session signs the pane in without a new OTP. */
  private restore(): void {
    const saved = this.rememberedSettings();
    if (!saved?.remember || !this.options.storage) return;
    const store = this.store(true);
    if (!store.load()?.taxpayer) return;
    this.settings = saved;
    this.client = new ImsClient({ baseUrl: saved.baseUrl, store, ...(this.options.fetch ? { fetch: this.options.fetch } : {}) });
    const session = this.client.session;
    if (session && session.gstin === saved.gstin) this.state = { status: "signed-in", session };
  }

  private remember(settings: ConnectionSettings): void {
    if (!this.options.storage) return;
    const { target, baseUrl, gstin, username, frequency, remember } = settings;
    const plain: RememberedSettings = { target, baseUrl, gstin, username, frequency, remember };
    try {
      this.options.storage.setItem(SETTINGS_KEY, JSON.stringify(plain));
      if (!remember) new BrowserCredentialStore(this.options.storage, SECRETS_KEY).clear();
    } catch {
      // Storage can be full or blocked (Safari ITP); remembering is a convenience only.
    }
  }

  private readRemembered(): RememberedSettings | null {
    try {
      const text = this.options.storage?.getItem(SETTINGS_KEY);
      if (!text) return null;
      const v = JSON.parse(text) as Partial<RememberedSettings>;
      if ((v.target !== "sandbox" && v.target !== "provider") || typeof v.baseUrl !== "string" || typeof v.gstin !== "string" || typeof v.username !== "string") return null;
      return { target: v.target, baseUrl: v.baseUrl, gstin: v.gstin, username: v.username, frequency: v.frequency === "quarterly" ? "quarterly" : "monthly", remember: v.remember === true };
    } catch {
      return null;
    }
  }

  private setState(state: SessionState): SessionState {
    this.state = state;
    for (const l of this.listeners) l(state);
    return state;
  }
}

/** Refuses settings that cannot work, naming the field. */
export function checkSettings(s: ConnectionSettings): void {
  const bad = (field: string, detail: string) => {
    throw new AppError(`Check ${field}`, detail, "check-settings");
  };
  let url: URL | null = null;
  try {
    url = new URL(s.baseUrl);
  } catch {
    bad("the base URL", `"${s.baseUrl}" is not a web address such as ${PROVIDER_URL}.`);
  }
  if (url && url.protocol !== "https:" && !["127.0.0.1", "localhost"].includes(url.hostname)) bad("the base URL", "The IMS API must be reached over https.");
  if (!s.apiKey.trim()) bad("the API key", "Enter the API key from the IMS API provider's console.");
  if (!s.apiSecret.trim()) bad("the API secret", "Enter the API secret that goes with the key.");
  if (!isValidGstin(s.gstin.trim().toUpperCase())) bad("the GSTIN", `"${s.gstin}" is not a valid GSTIN (15 characters with a correct check digit).`);
  if (!s.username.trim()) bad("the portal username", "Enter the taxpayer's GST portal username.");
}
