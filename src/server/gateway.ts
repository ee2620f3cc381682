/**
 * /api: the pane's only way to the IMS API. For every request it checks the access key (when the
 * server has one), adds the platform API key (and, on the OTP calls, the platform token), waits
 * for the pacer, forwards it to the upstream and passes the answer back unchanged: status,
 * headers that matter (rate-limit, Retry-After, content type) and body. A pane never sends,
 * sees or stores the API key, the secret or the platform token.
 *
 * When the upstream cannot be reached the pane gets 502, when it does not answer in time 504,
 * when the pacer cannot fit the request in 429 with Retry-After: each with a JSON body
 * `{code, message, error}` that the client turns into its typed errors. A connection the
 * upstream closes after taking the request is closed to the pane too: exactly what the pane
 * would have seen talking to the upstream itself (a save may have been applied).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream";
import { requestedWaitMs } from "../api/retry";
import { ACCESS_KEY_HEADER, type ServerRefusal, type UpstreamInfo } from "../api/upstream";
import type { Clock } from "./clock";
import type { RequestLog } from "./log";
import { PacerBusyError, type FairPacer } from "./pacer";
import { PlatformAuthError, type PlatformAuth } from "./platform-auth";
import { readAll, type Upstream } from "./upstream";

const TAXPAYER_PREFIX = "gst/compliance/tax-payer/";
/** 403 messages that mean the platform token is spent (the server renews it and repeats once). */
const TOKEN_SPENT = /expired|revoked|invalid access token|invalid token|lapsed/i;
const FORWARDED_REQUEST_HEADERS = ["content-type", "accept", "accept-language", "x-api-version", "x-source"] as const;
const DROPPED_RESPONSE_HEADERS = new Set(["connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authenticate", "proxy-authorization", "set-cookie", "server", "x-powered-by"]);
const MAX_WAIT_FROM_UPSTREAM_MS = 65_000;
const SMALL_BODY = 1024 * 1024;

export interface GatewayDeps {
  info: UpstreamInfo;
  accessKey: string | null;
  upstream: Upstream;
  auth: PlatformAuth;
  pacer: FairPacer;
  clock: Clock;
  timeoutMs: number;
  maxBodyBytes: number;
  log: RequestLog;
}

type Auth = "platform" | "taxpayer";

export type ApiHandler = (req: IncomingMessage, res: ServerResponse, subpath: string, search: string) => Promise<void>;

export function createGateway(deps: GatewayDeps): ApiHandler {
  const directory = new TokenDirectory();
  const accessDigest = deps.accessKey === null ? null : sha256(deps.accessKey);

  return async function handleApi(req, res, subpath, search) {
    const started = performance.now();
    const method = req.method ?? "GET";
    const endpoint = `/${normalizedPath(subpath)}`;
    let gstin: string | null = null;
    let queuedMs: number | undefined;
    let outcome: string | undefined;
    let logged = false;
    const writeLog = () => {
      if (logged) return;
      logged = true;
      // 0: no answer was sent (the pane left, or the upstream hung up and so did we).
      const status = res.headersSent ? res.statusCode : 0;
      deps.log.write({ gstin, method, endpoint, status, durationMs: Math.round(performance.now() - started), ...(queuedMs !== undefined ? { queuedMs } : {}), ...(outcome ? { outcome } : {}) });
    };
    const cancel = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) {
        outcome ??= "client-closed";
        cancel.abort();
      }
      writeLog();
    });

    const refuse = (status: number, error: ServerRefusal["error"], message: string, headers: Record<string, string> = {}) => {
      outcome ??= error;
      sendJson(res, status, { code: status, message, error, timestamp: Date.now() }, headers);
    };

    // ---- who may ask ------------------------------------------------------------------------
    if (accessDigest !== null) {
      const given = header(req.headers, ACCESS_KEY_HEADER);
      if (!given) return refuse(401, "access-key-required", `This add-in server needs its access key (${ACCESS_KEY_HEADER}); ask whoever runs it`);
      if (!timingSafeEqual(sha256(given), accessDigest)) return refuse(401, "access-key-refused", "The access key is not the add-in server's");
    }

    // ---- the server's own endpoint ---------------------------------------------------------
    if (subpath === "_upstream") {
      if (method !== "GET") return refuse(405, "not-allowed", "GET only");
      return sendJson(res, 200, deps.info);
    }

    // ---- what may be forwarded -------------------------------------------------------------
    if (subpath === "authenticate") return refuse(403, "not-allowed", "The add-in server signs in to the IMS API itself; panes never send API credentials");
    if (!subpath.startsWith(TAXPAYER_PREFIX) || subpath.includes("..") || subpath.includes("//")) return refuse(404, "not-found", `No such endpoint: ${method} ${endpoint}`);
    if (method !== "GET" && method !== "POST") return refuse(405, "not-allowed", `Method ${method} is not forwarded`);
    const rest = subpath.slice(TAXPAYER_PREFIX.length);
    const auth: Auth = rest === "otp" || rest === "otp/verify" ? "platform" : "taxpayer";
    const learns = rest === "otp/verify" || rest === "session/refresh";

    let body: Buffer | null = null;
    if (method === "POST") {
      body = await readRequestBody(req, deps.maxBodyBytes);
      if (body === null) return refuse(413, "bad-request", `The request body is larger than ${deps.maxBodyBytes} bytes`);
    }

    const taxpayerToken = auth === "taxpayer" ? header(req.headers, "authorization") : null;
    gstin = auth === "platform" ? gstinOfBody(body) : taxpayerToken ? directory.gstinOf(taxpayerToken) : null;
    const lane = taxpayerToken ? `t:${sha256(taxpayerToken).toString("hex").slice(0, 24)}` : gstin ? `g:${gstin}` : `a:${req.socket.remoteAddress ?? "?"}`;

    const headers: Record<string, string> = {};
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const v = header(req.headers, name);
      if (v !== undefined) headers[name] = v;
    }
    headers["accept-encoding"] = learns ? "identity" : (header(req.headers, "accept-encoding") ?? "identity");
    headers["x-api-key"] = deps.auth.apiKey;
    if (taxpayerToken) headers.authorization = taxpayerToken;

    const path = `${subpath}${search}`;
    let renewed = false;
    for (;;) {
      let platformToken: string | null = null;
      if (auth === "platform") {
        try {
          platformToken = await deps.auth.token();
        } catch (e) {
          if (e instanceof PlatformAuthError) return refuse(e.status, e.error === "refused" ? "not-allowed" : e.error, e.message);
          throw e;
        }
        headers.authorization = platformToken;
      }
      try {
        const waited = await deps.pacer.acquire(lane, cancel.signal);
        queuedMs = (queuedMs ?? 0) + waited;
      } catch (e) {
        if (e instanceof PacerBusyError) {
          const seconds = Math.ceil(e.retryAfterMs / 1000);
          return refuse(429, "busy", e.message, { "retry-after": String(seconds) });
        }
        return; // the pane went away while it waited
      }
      const sent = await deps.upstream.send({ method, path, headers, body, timeoutMs: deps.timeoutMs, signal: cancel.signal });
      if (sent.kind === "cancelled") return;
      if (sent.kind === "timeout") return refuse(504, "upstream-timeout", `The IMS API did not answer within ${Math.round(deps.timeoutMs / 1000)} s`);
      if (sent.kind === "down") return refuse(502, "upstream-down", `The add-in server could not reach the IMS API (${sent.code})`);
      if (sent.kind === "dropped") {
        // The upstream took the request and hung up: the pane sees the same.
        outcome = `upstream-dropped (${sent.code})`;
        res.destroy();
        return;
      }
      const upstreamRes = sent.response;
      const status = upstreamRes.statusCode ?? 502;
      if (status === 429) {
        const wait = requestedWaitMs({ get: (name) => header(upstreamRes.headers, name) ?? null }, Date.now());
        if (wait !== null) deps.pacer.pauseUntil(deps.clock.now() + Math.min(wait, MAX_WAIT_FROM_UPSTREAM_MS));
      }
      if (auth === "platform" && status === 403 && platformToken !== null && !renewed) {
        const text = await readAll(upstreamRes, SMALL_BODY, deps.timeoutMs);
        if (text !== null && TOKEN_SPENT.test(text.toString("utf8"))) {
          deps.auth.invalidate(platformToken);
          renewed = true;
          continue;
        }
        if (text === null) {
          res.destroy();
          return;
        }
        return sendBuffer(res, status, upstreamRes.headers, text);
      }
      if (learns && status === 200) {
        const text = await readAll(upstreamRes, SMALL_BODY, deps.timeoutMs);
        if (text === null) {
          res.destroy();
          return;
        }
        directory.learn(text, gstin ?? (taxpayerToken ? directory.gstinOf(taxpayerToken) : null), deps.clock.now());
        return sendBuffer(res, status, upstreamRes.headers, text);
      }
      res.writeHead(status, responseHeaders(upstreamRes.headers));
      const idle = setTimeout(() => upstreamRes.destroy(new Error("upstream body stalled")), deps.timeoutMs);
      upstreamRes.on("data", () => idle.refresh());
      await new Promise<void>((resolve) =>
        pipeline(upstreamRes, res, (err) => {
          clearTimeout(idle);
          if (err) outcome ??= "upstream-body-broken";
          resolve();
        }),
      );
      return;
    }
  };
}

// ---- helpers --------------------------------------------------------------------------------

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  if (Array.isArray(v)) return v[0];
  return v === undefined || v === "" ? undefined : v;
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "content-length": String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

function responseHeaders(from: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(from)) {
    if (value === undefined || DROPPED_RESPONSE_HEADERS.has(name) || name.startsWith("access-control-")) continue;
    out[name] = value;
  }
  out["cache-control"] ??= "no-store";
  return out;
}

function sendBuffer(res: ServerResponse, status: number, headers: IncomingHttpHeaders, body: Buffer): void {
  const out = responseHeaders(headers);
  delete out["content-encoding"];
  out["content-length"] = String(body.length);
  res.writeHead(status, out);
  res.end(body);
}

function readRequestBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > max) {
        over = true;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on("error", () => resolve(null));
  });
}

const GSTIN_SHAPE = /^[0-9]{2}[0-9A-Z]{13}$/;

function gstinOfBody(body: Buffer | null): string | null {
  if (!body) return null;
  try {
    const v = (JSON.parse(body.toString("utf8")) as { gstin?: unknown }).gstin;
    return typeof v === "string" && GSTIN_SHAPE.test(v.toUpperCase()) ? v.toUpperCase() : null;
  } catch {
    return null;
  }
}

/** The path for logs: the upstream path with year and month replaced, never the query. */
function normalizedPath(subpath: string): string {
  return subpath.replace(/\/\d{4}\/\d{2}(?=\/|$)/g, "/{year}/{month}").slice(0, 200);
}

/**
 * Which GSTIN a taxpayer token belongs to, for the log: learned from the OTP verification and
 * session refresh answers (by a hash of the token, never the token), else the token's `sub`.
 */
class TokenDirectory {
  private readonly byHash = new Map<string, string>();

  gstinOf(token: string): string | null {
    const known = this.byHash.get(sha256(token).toString("hex"));
    if (known) return known;
    const payload = token.split(".")[1];
    if (!payload) return null;
    try {
      const sub = (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { sub?: unknown }).sub;
      return typeof sub === "string" && GSTIN_SHAPE.test(sub) ? sub : null;
    } catch {
      return null;
    }
  }

  learn(body: Buffer, gstin: string | null, _now: number): void {
    if (!gstin) return;
    try {
      const data = (JSON.parse(body.toString("utf8")) as { data?: { access_token?: unknown } }).data;
      if (typeof data?.access_token !== "string") return;
      this.byHash.set(sha256(data.access_token).toString("hex"), gstin);
      while (this.byHash.size > 10_000) this.byHash.delete(this.byHash.keys().next().value as string);
    } catch {
      // not JSON: nothing to learn
    }
  }
}
