/** Everything about the sandbox that a test, the CLI or a benchmark may want to change. */
export interface ApiCredential {
  apiKey: string;
  apiSecret: string;
}

export interface SandboxConfig {
  /** Where state lives; null keeps everything in memory (tests). */
  dataDir: string | null;
  seed: number;
  /** "Today" for a fresh data set (YYYY-MM-DD); null means the real date at seeding. */
  asOf: string | null;
  recordsPerGstin: number;
  /** Enables the /_sim/ scenario hooks. */
  scenarios: boolean;
  credentials: ApiCredential[];
  otp: string;
  platformTokenTtlMs: number;
  taxpayerTokenTtlMs: number;
  /** How long refreshes may extend a session after the OTP (the portal's API-access duration). */
  apiAccessDurationMs: number;
  rateLimit: { requests: number; windowMs: number };
  maxBodyBytes: number;
  maxRecordsPerRequest: number;
  remarksMaxLength: number;
  /** How long a save/reset reads "IP" before it is processed. */
  jobDelayMs: number;
  /** How long a GSTR-2B regeneration reads "IP". */
  regenerateDelayMs: number;
  /** Error reports key sections the GSTN way (cn, dn) or the Sandbox schema way (b2bcn). */
  errorReportKeys: "short" | "long";
  /**
   * GSTN's large-section form: a GET invoices answer that would carry more records than this
   * is `{token, est}` instead (GETINV, see ims-api-contract.md §2.6). null: never (the default).
   */
  largeSectionThreshold: number | null;
  /**
   * Whether error-report entries list the documents (`inv`). The provider's status schema
   * makes `inv` optional: "omitted" sends entries that name only the supplier.
   */
  errorReportDocuments: "listed" | "omitted";
  /** The pending-blocked flag's name in records (GSTN's older spelling is ispendactnallwd). */
  pendingFlagName: "ispendactblocked" | "ispendactnallwd";
  /** Set for tests: logs nothing. */
  quiet: boolean;
}

export const DEMO_CREDENTIAL: ApiCredential = { apiKey: "key_demo_ims", apiSecret: "secret_demo_ims" };
export const DEMO_OTP = "575757";

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

export function defaultConfig(overrides: Partial<SandboxConfig> = {}): SandboxConfig {
  return {
    dataDir: null,
    seed: 20261121,
    asOf: null,
    recordsPerGstin: 2500,
    scenarios: false,
    credentials: [DEMO_CREDENTIAL],
    otp: DEMO_OTP,
    platformTokenTtlMs: 24 * HOUR_MS,
    taxpayerTokenTtlMs: 6 * HOUR_MS,
    apiAccessDurationMs: 30 * DAY_MS,
    rateLimit: { requests: 120, windowMs: 60_000 },
    maxBodyBytes: 4 * 1024 * 1024,
    maxRecordsPerRequest: 5000,
    remarksMaxLength: 250,
    jobDelayMs: 1500,
    regenerateDelayMs: 2000,
    errorReportKeys: "short",
    largeSectionThreshold: null,
    errorReportDocuments: "listed",
    pendingFlagName: "ispendactblocked",
    quiet: false,
    ...overrides,
  };
}
