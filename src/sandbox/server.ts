/**
 * The IMS sandbox: an HTTP server speaking the provider's IMS API over the simulated portal.
 * `startSandbox` is what the CLI, the tests and the benchmarks use.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkApiKey, requireTaxpayerToken, TokenSigner } from "./auth";
import { PortalClock } from "./clock";
import { defaultConfig, type SandboxConfig } from "./config";
import { Faults } from "./faults";
import { GstSessions } from "./gst-sessions";
import { parseJsonBody, readBody } from "./http/body";
import { BusinessError, gstnError, platformError, PlatformError, type HttpReply } from "./http/envelope";
import { Router } from "./http/router";
import { openState } from "./open-state";
import { Portal } from "./portal";
import { addAuthRoutes } from "./routes/auth-routes";
import { header, type Handler, type RequestContext } from "./routes/context";
import { addGstr2bRoutes } from "./routes/gstr2b-routes";
import { addInvoiceRoutes } from "./routes/invoice-routes";
import { addScenarioRoutes } from "./routes/scenario-routes";
import { addSupplierRoutes } from "./routes/supplier-routes";
import { RateLimiter } from "./rate-limit";
import type { SandboxState } from "./state";

export interface RunningSandbox {
  url: string;
  port: number;
  config: SandboxConfig;
  portal: Portal;
  state: SandboxState;
  faults: Faults;
  /** GST sessions ended on GSTN's side (AUTH4033/AUTH4038 inside an HTTP 200). */
  gstSessions: GstSessions;
  /** Stops listening, finishes nothing in flight, snapshots state. */
  close(): Promise<void>;
}

const CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
  "Access-Control-Allow-Headers": "authorization, content-type, x-api-key, x-api-secret, x-api-version, x-source",
  "Access-Control-Expose-Headers": "X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After",
  "Access-Control-Max-Age": "600",
};

export async function startSandbox(overrides: Partial<SandboxConfig> = {}, port = 0): Promise<RunningSandbox> {
  const config = defaultConfig(overrides);
  const state = openState(config);
  const clock = new PortalClock(state.clockOffsetMs);
  const portal = new Portal(state, config, clock);
  const signer = new TokenSigner(state.tokenSecret);
  const limiter = new RateLimiter(config.rateLimit.requests, config.rateLimit.windowMs);
  const faults = new Faults(config.seed);
  const gstSessions = new GstSessions();
  const dropQueue: string[] = [];

  const api = new Router<Handler>();
  addAuthRoutes(api, { config, state, signer, otpRequests: new Map(), gstSessions });
  addInvoiceRoutes(api, portal, { onSubmitted: (ref) => dropQueue.push(ref) });
  addSupplierRoutes(api, portal);
  addGstr2bRoutes(api, portal);
  const sim = new Router<Handler>();
  addScenarioRoutes(sim, portal, faults, gstSessions);

  let timer: NodeJS.Timeout | null = null;
  const runDueWork = () => {
    portal.processDueJobs();
    portal.processDueRegenerations();
    scheduleDueWork();
  };
  const scheduleDueWork = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const next = portal.nextJobDueAt();
    if (next === null) return;
    timer = setTimeout(runDueWork, Math.max(0, next - clock.now()) + 1);
    timer.unref();
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const method = req.method ?? "GET";
    const origin = header(req.headers, "origin");
    const baseHeaders: Record<string, string> = origin ? { ...CORS_HEADERS, "Access-Control-Allow-Origin": origin, Vary: "Origin" } : {};
    if (method === "OPTIONS") {
      // Chromium's Private Network Access asks before a page reaches a loopback server.
      const privateNetwork = header(req.headers, "access-control-request-private-network") === "true";
      return send(res, { status: 204, body: null }, privateNetwork ? { ...baseHeaders, "Access-Control-Allow-Private-Network": "true" } : baseHeaders);
    }

    const isSim = url.pathname === "/_sim" || url.pathname.startsWith("/_sim/");
    if (isSim && !config.scenarios) return send(res, platformError(404, "Scenario hooks are off: start the sandbox with --scenarios", Date.now()), baseHeaders);
    const router = isSim ? sim : api;

    let rateHeaders: Record<string, string> = {};
    if (!isSim) {
      if (faults.settings.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.settings.latencyMs));
      if (faults.takeBurst()) {
        return send(res, platformError(429, "Too many requests", Date.now()), { ...baseHeaders, "Retry-After": "1", "X-RateLimit-Limit": String(config.rateLimit.requests), "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": String(Math.ceil(Date.now() / 1000) + 1) });
      }
      if (faults.shouldFail()) return send(res, platformError(faults.settings.errorStatus, "Upstream GST system unavailable", Date.now()), baseHeaders);
      const apiKey = header(req.headers, "x-api-key");
      if (apiKey) {
        const decision = limiter.take(apiKey, Date.now());
        rateHeaders = decision.headers;
        if (!decision.allowed) {
          return send(res, platformError(429, "Rate limit exceeded: at most " + config.rateLimit.requests + " requests per " + config.rateLimit.windowMs / 1000 + " s", Date.now()), { ...baseHeaders, ...rateHeaders, "Retry-After": String(decision.retryAfterSeconds) });
        }
      }
    }
    const headers = { ...baseHeaders, ...rateHeaders };

    const match = router.match(method, url.pathname);
    if (match === null) return send(res, platformError(404, `No such endpoint: ${method} ${url.pathname}`, Date.now()), headers);
    if (match === "method") return send(res, platformError(405, `Method ${method} not allowed on ${url.pathname}`, Date.now()), headers);

    let reply: HttpReply;
    try {
      const body = method === "POST" ? parseJsonBody(await readBody(req, config.maxBodyBytes)) : undefined;
      portal.processDueJobs();
      portal.processDueRegenerations();
      const ctx: RequestContext = {
        params: match.params,
        query: url.searchParams,
        headers: req.headers,
        body,
        now: Date.now(),
        taxpayer: () => {
          const claims = requireTaxpayerToken(header(req.headers, "authorization"), {
            signer,
            now: Date.now(),
            apiKey: apiKeyOrThrow(req, config),
            isRevoked: (jti) => state.revoked.has(jti),
          });
          gstSessions.check(claims);
          return claims;
        },
      };
      dropQueue.length = 0;
      reply = match.handler(ctx);
    } catch (e) {
      reply = errorReply(e, config);
    }
    const dropped = dropQueue.length > 0 && !isSim && faults.takeDrop();
    if (dropped) {
      // The change is applied first, then the response is lost: the client cannot know it happened.
      for (const ref of dropQueue) {
        const job = state.jobs.get(ref);
        if (job) portal.processJob(job);
      }
      dropQueue.length = 0;
      scheduleDueWork();
      res.socket?.destroy();
      return;
    }
    dropQueue.length = 0;
    scheduleDueWork();
    send(res, reply, headers);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, errorReply(e, config), {});
    });
  });
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  scheduleDueWork();
  const actualPort = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    config,
    portal,
    state,
    faults,
    gstSessions,
    close: async () => {
      if (timer) clearTimeout(timer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      state.close();
    },
  };
}

function apiKeyOrThrow(req: IncomingMessage, config: SandboxConfig): string {
  const key = header(req.headers, "x-api-key");
  checkApiKey(config.credentials, key);
  return key as string;
}

function errorReply(e: unknown, config: SandboxConfig): HttpReply {
  const now = Date.now();
  if (e instanceof PlatformError) return platformError(e.status, e.message, now, e.headers);
  if (e instanceof BusinessError) return gstnError(e.errorCode, e.message, now);
  if (!config.quiet) console.error("IMS sandbox: unexpected error", e);
  return platformError(500, "Internal server error", now);
}

function send(res: ServerResponse, reply: HttpReply, headers: Record<string, string>): void {
  const all: Record<string, string> = { ...headers, ...(reply.headers ?? {}) };
  if (reply.body === null) {
    res.writeHead(reply.status, all);
    res.end();
    return;
  }
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, { ...all, "Content-Type": "application/json; charset=utf-8", "Content-Length": String(Buffer.byteLength(payload)) });
  res.end(payload);
}
