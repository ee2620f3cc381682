/**
 * The credentials and tokens of one client, kept in a CredentialStore (read through on
 * every use, so tabs sharing browser storage see each other's refreshes), and the expiry
 * arithmetic. The network side of signing in and refreshing is in client.ts.
 */
import type { CredentialStore, StoredCredentials, StoredTaxpayerSession } from "./credentials-store";
import type { ApiCredentials, SessionInfo } from "./types";

/** The platform token lives 24 h; stop using it a little early. */
const PLATFORM_TOKEN_MARGIN_MS = 5 * 60 * 1000;
export const PLATFORM_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export class SessionKeeper {
  constructor(
    private readonly store: CredentialStore,
    private readonly now: () => number,
    readonly refreshMarginMs: number,
  ) {}

  credentials(): StoredCredentials | null {
    return this.store.load();
  }

  setApiCredentials(c: ApiCredentials): void {
    const current = this.store.load();
    // Tokens belong to an API key: a different key starts from nothing.
    if (current && current.apiKey === c.apiKey) this.store.save({ ...current, apiSecret: c.apiSecret });
    else this.store.save({ apiKey: c.apiKey, apiSecret: c.apiSecret });
  }

  platformToken(): string | null {
    const p = this.store.load()?.platform;
    return p && this.now() < p.expiresAt - PLATFORM_TOKEN_MARGIN_MS ? p.token : null;
  }

  setPlatformToken(token: string, expiresAt: number): void {
    this.update((c) => ({ ...c, platform: { token, expiresAt } }));
  }

  clearPlatformToken(): void {
    this.update(({ platform: _p, ...rest }) => rest);
  }

  taxpayer(): StoredTaxpayerSession | null {
    return this.store.load()?.taxpayer ?? null;
  }

  setTaxpayer(t: StoredTaxpayerSession): void {
    this.update((c) => ({ ...c, taxpayer: t }));
  }

  clearTaxpayer(): void {
    this.update(({ taxpayer: _t, ...rest }) => rest);
  }

  /** True from `refreshMarginMs` before the token's expiry on. */
  needsRefresh(t: StoredTaxpayerSession): boolean {
    return this.now() >= t.tokenExpiry - this.refreshMarginMs;
  }

  isExpired(t: StoredTaxpayerSession): boolean {
    return this.now() >= t.tokenExpiry;
  }

  info(): SessionInfo | null {
    const t = this.taxpayer();
    return t ? { gstin: t.gstin, username: t.username, tokenExpiry: t.tokenExpiry, sessionExpiry: t.sessionExpiry } : null;
  }

  /** Everything that must never appear in an error message or log line. */
  secrets(): string[] {
    const c = this.store.load();
    if (!c) return [];
    return [c.apiKey, c.apiSecret, c.platform?.token, c.taxpayer?.token].filter((s): s is string => typeof s === "string" && s.length > 0);
  }

  signOut(forgetApiCredentials: boolean): void {
    if (forgetApiCredentials) this.store.clear();
    else this.update(({ apiKey, apiSecret }) => ({ apiKey, apiSecret }));
  }

  private update(change: (c: StoredCredentials) => StoredCredentials): void {
    const current = this.store.load();
    if (current) this.store.save(change(current));
  }
}
