/**
 * Where the API key, secret and tokens live: in memory by default, or in browser storage
 * when the user asks to be remembered. Nothing here logs or describes its contents.
 */
import { z } from "zod";

export interface StoredTaxpayerSession {
  gstin: string;
  username: string;
  token: string;
  tokenExpiry: number;
  sessionExpiry: number;
}

export interface StoredCredentials {
  apiKey: string;
  apiSecret: string;
  platform?: { token: string; expiresAt: number };
  taxpayer?: StoredTaxpayerSession;
}

export interface CredentialStore {
  load(): StoredCredentials | null;
  save(value: StoredCredentials): void;
  clear(): void;
}

export class MemoryCredentialStore implements CredentialStore {
  private value: StoredCredentials | null = null;

  load(): StoredCredentials | null {
    return this.value;
  }

  save(value: StoredCredentials): void {
    this.value = value;
  }

  clear(): void {
    this.value = null;
  }

  toJSON(): string {
    return "[MemoryCredentialStore]";
  }
}

/** The part of the Web Storage API the store uses (localStorage, sessionStorage, a fake). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const storedSchema = z.object({
  apiKey: z.string().min(1),
  apiSecret: z.string().min(1),
  platform: z.object({ token: z.string().min(1), expiresAt: z.number() }).optional(),
  taxpayer: z
    .object({ gstin: z.string(), username: z.string(), token: z.string().min(1), tokenExpiry: z.number(), sessionExpiry: z.number() })
    .optional(),
});

export const DEFAULT_STORAGE_KEY = "ims-for-excel.credentials";

/**
 * Remembers credentials in a Storage. Keeps a copy in memory too, so a storage that refuses
 * writes (quota, privacy mode) costs the "remember" only, never the session.
 */
export class BrowserCredentialStore implements CredentialStore {
  private memory: StoredCredentials | null = null;

  constructor(
    private readonly storage: StorageLike,
    private readonly key: string = DEFAULT_STORAGE_KEY,
  ) {}

  load(): StoredCredentials | null {
    let text: string | null = null;
    try {
      text = this.storage.getItem(this.key);
    } catch {
      return this.memory;
    }
    if (text === null) return this.memory;
    try {
      const parsed = storedSchema.safeParse(JSON.parse(text));
      if (parsed.success) return (this.memory = parsed.data);
    } catch {
      // not JSON: fall through and forget it
    }
    this.removeQuietly();
    return this.memory;
  }

  save(value: StoredCredentials): void {
    this.memory = value;
    try {
      this.storage.setItem(this.key, JSON.stringify(value));
    } catch {
      // The copy in memory carries on.
    }
  }

  clear(): void {
    this.memory = null;
    this.removeQuietly();
  }

  private removeQuietly(): void {
    try {
      this.storage.removeItem(this.key);
    } catch {
      // nothing else to do
    }
  }

  toJSON(): string {
    return "[BrowserCredentialStore]";
  }
}
