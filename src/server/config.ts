/**
 * The server's settings: environment variables, then a JSON configuration file outside the
 * repository (refused when group or others may read it), then defaults. The platform API key and
 * secret live here and nowhere else; `PlatformCredentials` keeps them out of logs and JSON.
 */
import { statSync, readFileSync, existsSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";
import { inspect } from "node:util";
import { z } from "zod";
import { DEMO_CREDENTIAL } from "../sandbox/config";
import { DEFAULT_PACE, type PacerOptions } from "./pacer";

export const PROVIDER_URL = "https://api.sandbox.co.in";
export const PROVIDER_TEST_URL = "https://test-api.sandbox.co.in";
export const DEFAULT_PORT = 3000;
export const DEFAULT_SANDBOX_PORT = 4010;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);
const MIN_ACCESS_KEY = 16;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** The platform API key and secret. Never printed: String(), JSON and inspect show a placeholder. */
export class PlatformCredentials {
  readonly #apiKey: string;
  readonly #apiSecret: string;
  constructor(apiKey: string, apiSecret: string) {
    if (!apiKey.trim() || !apiSecret.trim()) throw new ConfigError("The API key and the API secret must both be set");
    this.#apiKey = apiKey.trim();
    this.#apiSecret = apiSecret.trim();
  }
  get apiKey(): string {
    return this.#apiKey;
  }
  get apiSecret(): string {
    return this.#apiSecret;
  }
  toString(): string {
    return "[PlatformCredentials]";
  }
  toJSON(): string {
    return "[PlatformCredentials]";
  }
  [inspect.custom](): string {
    return "[PlatformCredentials]";
  }
}

export type UpstreamTarget =
  /** The sandbox started inside this server (the default). */
  | { kind: "embedded-sandbox"; port: number; dataDir: string | null; asOf: string | null }
  /** A sandbox running elsewhere (tests, `npm run sandbox`). */
  | { kind: "sandbox"; url: string }
  | { kind: "provider"; url: string };

export type TlsSetting = { mode: "files"; certFile: string; keyFile: string; caFile: string | null } | { mode: "dev-certs" } | { mode: "off" };

export interface ServerSettings {
  host: string;
  port: number;
  /** Required when `host` is not loopback; every /api request must carry it. */
  accessKey: string | null;
  upstream: UpstreamTarget;
  credentials: PlatformCredentials;
  /** The https origin Excel loads the pane from, for manifest.xml (null: the dev origin). */
  publicUrl: string | null;
  tls: TlsSetting;
  pace: PacerOptions;
  /** How long the upstream may take to answer (headers), and between body chunks. */
  upstreamTimeoutMs: number;
  /** Sent as x-api-version on /authenticate when set (panes send their own on IMS calls). */
  apiVersion: string | null;
  /** Where the settings came from, for the banner (never the values). */
  sources: string[];
}

const fileSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(0).max(65535),
    accessKey: z.string(),
    upstream: z.string().min(1),
    upstreamKind: z.enum(["sandbox", "provider"]),
    apiKey: z.string().min(1),
    apiSecret: z.string().min(1),
    publicUrl: z.string().min(1),
    tlsCert: z.string().min(1),
    tlsKey: z.string().min(1),
    tlsCa: z.string().min(1),
    tls: z.enum(["auto", "off"]),
    rateLimit: z.number().int().min(1).max(100_000),
    rateBurst: z.number().int().min(1).max(100_000),
    queueMaxMs: z.number().int().min(0).max(600_000),
    upstreamTimeoutMs: z.number().int().min(100).max(600_000),
    apiVersion: z.string().min(1),
    sandboxPort: z.number().int().min(0).max(65535),
    sandboxData: z.string().min(1),
    sandboxAsOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  })
  .partial()
  .strict();
type FileSettings = z.infer<typeof fileSchema>;

export interface LoadOptions {
  env: NodeJS.ProcessEnv;
  /** The repository (a configuration file holding the secret must live outside it). */
  repoRoot: string;
  /** Overrides from the command line. */
  overrides?: Partial<Pick<FileSettings, "host" | "port" | "upstream" | "upstreamKind">> & { config?: string };
}

/** The default configuration file, used when it exists and IMS_CONFIG is not set. */
export function defaultConfigPath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME || join(homedir(), ".config");
  return join(base, "ims-for-excel", "server.json");
}

/** Reads and checks a configuration file: outside the repository, readable by its owner only. */
export function readConfigFile(path: string, repoRoot: string): FileSettings {
  const full = resolve(path);
  const rel = relative(resolve(repoRoot), full);
  if (rel === "" || (!rel.startsWith("..") && !isAbsolute(rel))) {
    throw new ConfigError(`The configuration file ${full} is inside the repository; keep it outside (e.g. ~/.config/ims-for-excel/server.json), where it cannot be committed`);
  }
  let mode: number;
  try {
    mode = statSync(full).mode;
  } catch {
    throw new ConfigError(`The configuration file ${full} cannot be read`);
  }
  if ((mode & 0o077) !== 0) {
    throw new ConfigError(`The configuration file ${full} may be read or changed by other users (mode ${(mode & 0o777).toString(8)}); it holds the API secret. Run: chmod 600 ${full}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(full, "utf8"));
  } catch {
    throw new ConfigError(`The configuration file ${full} is not valid JSON`);
  }
  const checked = fileSchema.safeParse(parsed);
  if (!checked.success) {
    // Names the field, never its value.
    const issue = checked.error.issues[0];
    throw new ConfigError(`The configuration file ${full}: ${issue?.path.join(".") || "(top)"} ${issue?.code === "unrecognized_keys" ? "has unknown keys" : "is not valid"}`);
  }
  return checked.data;
}

function int(text: string | undefined, name: string, min: number, max: number): number | undefined {
  if (text === undefined || text === "") return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase());
}

/** An absolute https origin (http only for this computer), without path, query or credentials. */
export function checkOrigin(text: string, what: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${what} "${text}" is not a web address`);
  }
  if (url.username || url.password) throw new ConfigError(`${what} must not carry a user name or password`);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) throw new ConfigError(`${what} must start with https:// (plain http only for 127.0.0.1 or localhost)`);
  return url.origin;
}

function upstreamUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`IMS_UPSTREAM "${text}" is not "sandbox", "provider", "provider-test" or a web address`);
  }
  if (url.username || url.password || url.search || url.hash) throw new ConfigError("IMS_UPSTREAM must be a plain base URL (no credentials, query or fragment)");
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) throw new ConfigError("IMS_UPSTREAM must use https:// (plain http only for a sandbox on this computer)");
  return url.href.replace(/\/+$/, "");
}

export function loadSettings(options: LoadOptions): ServerSettings {
  const { env, repoRoot } = options;
  const o = options.overrides ?? {};
  const sources: string[] = [];
  const explicitPath = o.config ?? env.IMS_CONFIG;
  let file: FileSettings = {};
  if (explicitPath) {
    if (!existsSync(explicitPath)) throw new ConfigError(`The configuration file ${resolve(explicitPath)} does not exist`);
    file = readConfigFile(explicitPath, repoRoot);
    sources.push(`config file ${resolve(explicitPath)}`);
  } else if (existsSync(defaultConfigPath(env))) {
    file = readConfigFile(defaultConfigPath(env), repoRoot);
    sources.push(`config file ${defaultConfigPath(env)}`);
  }
  const pick = (envName: string, fileValue: string | undefined): string | undefined => {
    const v = env[envName];
    if (v !== undefined && v !== "") return v;
    return fileValue;
  };

  const host = o.host ?? pick("IMS_HOST", file.host) ?? "127.0.0.1";
  const port = o.port ?? int(env.IMS_PORT, "IMS_PORT", 0, 65535) ?? file.port ?? DEFAULT_PORT;

  const upstreamText = o.upstream ?? pick("IMS_UPSTREAM", file.upstream) ?? "sandbox";
  const kindText = o.upstreamKind ?? pick("IMS_UPSTREAM_KIND", file.upstreamKind);
  if (kindText !== undefined && kindText !== "sandbox" && kindText !== "provider") throw new ConfigError('IMS_UPSTREAM_KIND must be "sandbox" or "provider"');
  let upstream: UpstreamTarget;
  if (upstreamText === "sandbox") {
    const sandboxData = pick("IMS_SANDBOX_DATA", file.sandboxData) ?? ".sandbox-data";
    const asOf = pick("IMS_SANDBOX_AS_OF", file.sandboxAsOf) ?? null;
    if (asOf !== null && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new ConfigError("IMS_SANDBOX_AS_OF must be YYYY-MM-DD");
    upstream = {
      kind: "embedded-sandbox",
      port: int(env.IMS_SANDBOX_PORT, "IMS_SANDBOX_PORT", 0, 65535) ?? file.sandboxPort ?? DEFAULT_SANDBOX_PORT,
      dataDir: sandboxData === "memory" ? null : resolve(sandboxData),
      asOf,
    };
  } else if (upstreamText === "provider") upstream = { kind: "provider", url: PROVIDER_URL };
  else if (upstreamText === "provider-test") upstream = { kind: "provider", url: PROVIDER_TEST_URL };
  else upstream = { kind: kindText === "sandbox" ? "sandbox" : "provider", url: upstreamUrl(upstreamText) };

  const apiKey = pick("IMS_API_KEY", file.apiKey);
  const apiSecret = pick("IMS_API_SECRET", file.apiSecret);
  if ((apiKey === undefined) !== (apiSecret === undefined)) throw new ConfigError("Set both the API key and the API secret (IMS_API_KEY and IMS_API_SECRET, or apiKey and apiSecret in the configuration file)");
  let credentials: PlatformCredentials;
  if (apiKey !== undefined && apiSecret !== undefined) {
    credentials = new PlatformCredentials(apiKey, apiSecret);
    sources.push(env.IMS_API_KEY ? "API key from the environment" : "API key from the config file");
  } else if (upstream.kind === "provider") {
    throw new ConfigError("The provider needs the platform API key and secret: set IMS_API_KEY and IMS_API_SECRET, or apiKey and apiSecret in the configuration file (chmod 600, outside the repository)");
  } else {
    credentials = new PlatformCredentials(DEMO_CREDENTIAL.apiKey, DEMO_CREDENTIAL.apiSecret);
    sources.push("the sandbox's demo API key");
  }

  const accessKey = pick("IMS_ACCESS_KEY", file.accessKey) ?? null;
  if (accessKey !== null && accessKey.length < MIN_ACCESS_KEY) throw new ConfigError(`The access key must be at least ${MIN_ACCESS_KEY} characters (e.g. openssl rand -hex 24)`);
  if (!isLoopbackHost(host) && accessKey === null) {
    throw new ConfigError(`Refusing to listen on ${host} without an access key: anyone who can reach it could use the firm's API key. Set IMS_ACCESS_KEY (at least ${MIN_ACCESS_KEY} characters) or bind 127.0.0.1`);
  }

  const publicText = pick("IMS_PUBLIC_URL", file.publicUrl);
  const publicUrl = publicText ? checkOrigin(publicText, "IMS_PUBLIC_URL") : null;

  const certFile = pick("IMS_TLS_CERT", file.tlsCert);
  const keyFile = pick("IMS_TLS_KEY", file.tlsKey);
  const tlsMode = pick("IMS_TLS", file.tls) ?? "auto";
  if (tlsMode !== "auto" && tlsMode !== "off") throw new ConfigError('IMS_TLS must be "auto" or "off"');
  let tls: TlsSetting;
  if ((certFile === undefined) !== (keyFile === undefined)) throw new ConfigError("Set both IMS_TLS_CERT and IMS_TLS_KEY");
  if (tlsMode === "off") tls = { mode: "off" };
  else if (certFile && keyFile) tls = { mode: "files", certFile: resolve(certFile), keyFile: resolve(keyFile), caFile: pick("IMS_TLS_CA", file.tlsCa) ?? null };
  else tls = { mode: "dev-certs" };
  if (!isLoopbackHost(host) && tls.mode === "dev-certs") {
    throw new ConfigError(`Refusing to listen on ${host} without TLS: give IMS_TLS_CERT and IMS_TLS_KEY, or set IMS_TLS=off when a TLS proxy sits in front of this server`);
  }

  const limit = int(env.IMS_RATE_LIMIT, "IMS_RATE_LIMIT", 1, 100_000) ?? file.rateLimit ?? DEFAULT_PACE.limit;
  const pace: PacerOptions = {
    limit,
    windowMs: DEFAULT_PACE.windowMs,
    burst: Math.min(limit, int(env.IMS_RATE_BURST, "IMS_RATE_BURST", 1, 100_000) ?? file.rateBurst ?? DEFAULT_PACE.burst),
    maxWaitMs: int(env.IMS_QUEUE_MAX_MS, "IMS_QUEUE_MAX_MS", 0, 600_000) ?? file.queueMaxMs ?? DEFAULT_PACE.maxWaitMs,
  };

  return {
    host,
    port,
    accessKey,
    upstream,
    credentials,
    publicUrl,
    tls,
    pace,
    upstreamTimeoutMs: int(env.IMS_UPSTREAM_TIMEOUT_MS, "IMS_UPSTREAM_TIMEOUT_MS", 100, 600_000) ?? file.upstreamTimeoutMs ?? 25_000,
    apiVersion: pick("IMS_API_VERSION", file.apiVersion) ?? null,
    sources,
  };
}
