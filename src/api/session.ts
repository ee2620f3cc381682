/**
 * The taxpayer session of one pane, in memory only (never browser storage, never the workbook),
 * and the expiry arithmetic. The platform credentials and token are not here: the add-in server
 * holds them (src/server). The network side of signing in and refreshing is in client.ts.
 */
import type { SessionInfo } from "./types";

export interface StoredTaxpayerSession {
  gstin: string;
  username: string;
  token: string;
  tokenExpiry: number;
  sessionExpiry: number;
}

/** Holds a taxpayer session in memory. Clients of one pane may share one (they then share refreshes). */
export class MemorySessionStore {
  private value: StoredTaxpayerSession | null = null;

  load(): StoredTaxpayerSession | null {
    return this.value;
  }

  save(value: StoredTaxpayerSession): void {
    this.value = value;
  }

  clear(): void {
    this.value = null;
  }

  toJSON(): string {
    return "[MemorySessionStore]";
  }
}

export class SessionKeeper {
  constructor(
    private readonly store: MemorySessionStore,
    private readonly now: () => number,
    readonly refreshMarginMs: number,
    /** The add-in server's access key, when it has one: a secret like the token. */
    private readonly accessKey: string | null = null,
  ) {}

  taxpayer(): StoredTaxpayerSession | null {
    return this.store.load();
  }

  setTaxpayer(t: StoredTaxpayerSession): void {
    this.store.save(t);
  }

  clearTaxpayer(): void {
    this.store.clear();
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
    return [this.store.load()?.token, this.accessKey].filter((s): s is string => typeof s === "string" && s.length > 0);
  }
}

/**
 * The part of the Web Storage API the add-in uses (localStorage, a fake) for what is not secret:
 * the connection settings without credentials and the sent-request ledger. Never a token or key.
 */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}
