/**
 * The connection to the IMS API, through the add-in server that served the pane (src/server):
 * which upstream it works against, the taxpayer's GSTIN and username, and the taxpayer session.
 * The platform API key, secret and token never reach the pane: the server holds them. The
 * session lives in memory; only the GSTIN, username and filing frequency are remembered in
 * browser storage, and nothing is ever written to the workbook.
 */
import { ImsClient, readUpstream, type StorageLike } from "../api";
import { isValidGstin } from "../ims/gstin";
import type { FilingFrequency } from "../ims/periods";
import { AppError } from "./explain";
import type { ConnectOptions, ConnectionSettings, SessionState, UpstreamOptions, UpstreamState } from "./types";

const SETTINGS_KEY = "ims-for-excel.settings";
/** Where versions before the add-in server kept API credentials: removed on sight. */
const LEGACY_SECRETS_KEY = "ims-for-excel.credentials";

export interface ConnectionOptions {
  /** The add-in server's /api on the pane's own origin, e.g. https://localhost:3000/api. */
  apiUrl: string;
  /** Browser storage for the non-secret settings (localStorage in the pane); null where there is none. */
  storage: StorageLike | null;
  fetch?: typeof fetch;
}

export class Connection {
  private client: ImsClient | null = null;
  private settings: ConnectionSettings | null = null;
  private accessKey: string | null = null;
  private known: { key: string | null; state: UpstreamState } | null = null;
  private state: SessionState = { status: "signed-out" };
  private readonly listeners = new Set<(s: SessionState) => void>();

  constructor(private readonly options: ConnectionOptions) {
    try {
      options.storage?.removeItem(LEGACY_SECRETS_KEY);
    } catch {
      // storage may be blocked; then nothing was kept there either
    }
  }

  defaultSettings(): ConnectionSettings {
    return { gstin: "", username: "", frequency: "monthly" };
  }

  rememberedSettings(): ConnectionSettings | null {
    try {
      const text = this.options.storage?.getItem(SETTINGS_KEY);
      if (!text) return null;
      const v = JSON.parse(text) as { gstin?: unknown; username?: unknown; frequency?: unknown };
      if (typeof v.gstin !== "string" || typeof v.username !== "string") return null;
      return { gstin: v.gstin, username: v.username, frequency: v.frequency === "quarterly" ? "quarterly" : "monthly" };
    } catch {
      return null;
    }
  }

  /** Which IMS API the add-in server forwards to. Asked once per access key; an unreachable server is an AppError. */
  async upstream(options: UpstreamOptions = {}): Promise<UpstreamState> {
    const key = options.accessKey?.trim() || this.accessKey || null;
    if (this.known && this.known.key === key && this.known.state.status === "ready") return this.known.state;
    const answer = await readUpstream(this.options.apiUrl, {
      ...(key ? { accessKey: key } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });
    if (answer.status === "unreachable") {
      throw new AppError("Cannot reach the add-in server", `The add-in's server did not answer (${answer.detail}). Check that it is running (npm start, or the firm's server), then try again.`, "retry");
    }
    this.known = { key, state: answer };
    return answer;
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

  async connect(settings: ConnectionSettings, options: ConnectOptions = {}): Promise<SessionState> {
    checkSettings(settings);
    const signal = options.signal ? { signal: options.signal } : {};
    options.onProgress?.({ message: "Reaching the add-in server", done: 0, total: 2 });
    const accessKey = options.accessKey?.trim() || this.accessKey || null;
    const upstream = await this.upstream({ ...(accessKey ? { accessKey } : {}), ...signal });
    if (upstream.status === "access-key-needed") {
      throw upstream.refused
        ? new AppError("The access key was refused", "The add-in server did not accept that access key. Ask whoever runs the server for the right one.", "check-settings")
        : new AppError("The add-in server needs its access key", "This server is shared: enter the access key its administrator gave you.", "check-settings");
    }
    this.client?.signOut();
    this.settings = settings;
    this.accessKey = accessKey;
    this.remember(settings);
    this.client = new ImsClient({
      baseUrl: this.options.apiUrl,
      ...(accessKey ? { accessKey } : {}),
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });
    options.onProgress?.({ message: "Requesting an OTP", done: 1, total: 2 });
    await this.client.generateOtp({ gstin: settings.gstin, username: settings.username }, signal);
    return this.setState({ status: "otp-sent", gstin: settings.gstin, username: settings.username });
  }

  async verifyOtp(otp: string, options: ConnectOptions = {}): Promise<SessionState> {
    if (!this.client || !this.settings) throw new AppError("Send an OTP first", "Fill in the connection and press Send OTP.", "sign-in-again");
    if (!/^\d{6}$/.test(otp.trim())) throw new AppError("The OTP is six digits", "Type the six-digit code sent to the taxpayer's registered mobile.");
    const session = await this.client.verifyOtp({ gstin: this.settings.gstin, username: this.settings.username }, otp.trim(), { ...(options.signal ? { signal: options.signal } : {}) });
    return this.setState({ status: "signed-in", session });
  }

  signOut(): void {
    this.client?.signOut();
    this.client = null;
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

  private remember(settings: ConnectionSettings): void {
    if (!this.options.storage) return;
    const { gstin, username, frequency } = settings;
    try {
      this.options.storage.setItem(SETTINGS_KEY, JSON.stringify({ gstin, username, frequency }));
    } catch {
      // Storage can be full or blocked (Safari ITP); remembering is a convenience only.
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
  if (!isValidGstin(s.gstin.trim().toUpperCase())) bad("the GSTIN", `"${s.gstin}" is not a valid GSTIN (15 characters with a correct check digit).`);
  if (!s.username.trim()) bad("the portal username", "Enter the taxpayer's GST portal username.");
  const frequencies: readonly FilingFrequency[] = ["monthly", "quarterly"];
  if (!frequencies.includes(s.frequency)) bad("the filing frequency", "Choose monthly or quarterly.");
}
