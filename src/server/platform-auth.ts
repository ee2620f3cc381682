/**
 * The platform token: POST /authenticate with the API key and secret (only ever here), cached,
 * and renewed before it expires (a quarter of its life, at most an hour, ahead). Concurrent
 * callers share one authentication. The request goes through the pacer like every other.
 */
import { inspect } from "node:util";
import { z } from "zod";
import { scrub } from "../api/redact";
import type { Clock } from "./clock";
import type { PlatformCredentials } from "./config";
import type { FairPacer } from "./pacer";
import { readAll, type Upstream } from "./upstream";

const PLATFORM_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_MARGIN_MS = 60 * 60 * 1000;

const answerSchema = z.object({ data: z.object({ access_token: z.string().min(1), expires_in: z.number().positive().optional() }) });
const messageSchema = z.object({ message: z.string() });

/** Why no platform token could be had; the pane gets `status` with `message` (no secret in it). */
export class PlatformAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: "upstream-down" | "upstream-timeout" | "refused",
    message: string,
  ) {
    super(message);
    this.name = "PlatformAuthError";
  }
}

export interface PlatformAuthDeps {
  upstream: Upstream;
  pacer: FairPacer;
  clock: Clock;
  timeoutMs: number;
  apiVersion: string | null;
}

export class PlatformAuth {
  readonly #credentials: PlatformCredentials;
  #token: { value: string; expiresAt: number; renewAt: number } | null = null;
  #pending: Promise<string> | null = null;
  /** How many times it called /authenticate. */
  authentications = 0;

  constructor(
    credentials: PlatformCredentials,
    private readonly deps: PlatformAuthDeps,
  ) {
    this.#credentials = credentials;
  }

  get apiKey(): string {
    return this.#credentials.apiKey;
  }

  /** A platform token that will not expire soon; authenticates when there is none. */
  token(): Promise<string> {
    const t = this.#token;
    if (t && this.deps.clock.now() < t.renewAt) return Promise.resolve(t.value);
    this.#pending ??= this.authenticate().finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  /** The upstream refused this token: forget it, so the next call authenticates again. */
  invalidate(token: string): void {
    if (this.#token?.value === token) this.#token = null;
  }

  /** Everything that must never be logged or shown. */
  secrets(): string[] {
    return [this.#credentials.apiKey, this.#credentials.apiSecret, this.#token?.value].filter((s): s is string => typeof s === "string" && s.length > 0);
  }

  private async authenticate(): Promise<string> {
    await this.deps.pacer.acquire("platform");
    this.authentications++;
    const headers: Record<string, string> = {
      accept: "application/json",
      "accept-encoding": "identity",
      "x-api-key": this.#credentials.apiKey,
      "x-api-secret": this.#credentials.apiSecret,
    };
    if (this.deps.apiVersion) headers["x-api-version"] = this.deps.apiVersion;
    const outcome = await this.deps.upstream.send({ method: "POST", path: "authenticate", headers, body: null, timeoutMs: this.deps.timeoutMs });
    if (outcome.kind === "timeout") throw new PlatformAuthError(504, "upstream-timeout", `The IMS API did not answer the add-in server's sign-in within ${Math.round(this.deps.timeoutMs / 1000)} s`);
    if (outcome.kind !== "response") throw new PlatformAuthError(502, "upstream-down", `The add-in server could not reach the IMS API to sign in (${outcome.kind === "cancelled" ? "cancelled" : outcome.code})`);
    const body = await readAll(outcome.response, 256 * 1024, this.deps.timeoutMs);
    const status = outcome.response.statusCode ?? 502;
    let parsed: unknown = null;
    try {
      parsed = body ? JSON.parse(body.toString("utf8")) : null;
    } catch {
      parsed = null;
    }
    if (status !== 200) {
      const said = messageSchema.safeParse(parsed);
      const detail = said.success ? `: ${scrub(said.data.message, this.secrets()).slice(0, 200)}` : "";
      const refused = status === 401 || status === 403;
      throw new PlatformAuthError(refused ? status : 502, refused ? "refused" : "upstream-down", `The IMS API refused the add-in server's API key and secret (HTTP ${status}${detail}). Whoever runs the add-in server must check them.`);
    }
    const answer = answerSchema.safeParse(parsed);
    if (!answer.success) throw new PlatformAuthError(502, "upstream-down", "The IMS API's answer to the add-in server's sign-in was not understood");
    const now = this.deps.clock.now();
    const ttl = answer.data.data.expires_in !== undefined ? answer.data.data.expires_in * 1000 : (jwtLifetime(answer.data.data.access_token, now) ?? PLATFORM_TOKEN_TTL_MS);
    const margin = Math.min(MAX_MARGIN_MS, ttl / 4);
    this.#token = { value: answer.data.data.access_token, expiresAt: now + ttl, renewAt: now + ttl - margin };
    return this.#token.value;
  }

  /** When the cached token expires (epoch ms), or null; for diagnostics and tests. */
  get expiresAt(): number | null {
    return this.#token?.expiresAt ?? null;
  }

  toJSON(): string {
    return "[PlatformAuth]";
  }

  [inspect.custom](): string {
    return "[PlatformAuth]";
  }
}

/** ms left of a JWT's `exp` (seconds), when the token is a JWT that says. */
function jwtLifetime(token: string, now: number): number | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: unknown };
    if (typeof claims.exp !== "number") return null;
    const expMs = claims.exp > 1e12 ? claims.exp : claims.exp * 1000;
    return expMs > now ? expMs - now : null;
  } catch {
    return null;
  }
}
