/**
 * The add-in's server: one origin for the task pane and /api. Static files (the built pane, or
 * webpack's development middleware) come from `assets`; /api goes to the gateway.
 *
 * Bound to 127.0.0.1 it answers only requests addressed to localhost or 127.0.0.1 (no DNS
 * rebinding); bound elsewhere every /api request needs the access key (settings refuse to start
 * without one). Requests from another origin are refused on /api.
 */
import http, { type IncomingMessage, type Server, type ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { UpstreamInfo } from "../api/upstream";
import { systemClock, type Clock } from "./clock";
import { isLoopbackHost, type PlatformCredentials } from "./config";
import { createGateway, sendJson } from "./gateway";
import { RequestLog, stdoutSink, type LogSink } from "./log";
import { FairPacer, type PacerOptions } from "./pacer";
import { PlatformAuth } from "./platform-auth";
import type { TlsMaterial } from "./tls";
import { Upstream } from "./upstream";

/** Connect-style middleware: serves the pane's files, or calls next(). */
export type Assets = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface ImsServerOptions {
  host: string;
  port: number;
  accessKey: string | null;
  upstreamUrl: string;
  info: Omit<UpstreamInfo, "accessKeyRequired" | "host">;
  credentials: PlatformCredentials;
  pace: PacerOptions;
  upstreamTimeoutMs: number;
  apiVersion?: string | null;
  tls: TlsMaterial | null;
  assets?: Assets | null;
  /** manifest.xml rewritten for this host, served at /manifest.xml. */
  manifest?: string | null;
  maxBodyBytes?: number;
  clock?: Clock;
  log?: LogSink;
}

export interface RunningImsServer {
  /** e.g. https://localhost:3000 */
  url: string;
  /** e.g. https://localhost:3000/api */
  apiUrl: string;
  port: number;
  info: UpstreamInfo;
  pacer: FairPacer;
  auth: PlatformAuth;
  server: Server;
  close(): Promise<void>;
}

export async function startImsServer(o: ImsServerOptions): Promise<RunningImsServer> {
  const clock = o.clock ?? systemClock;
  const upstream = new Upstream(o.upstreamUrl);
  const pacer = new FairPacer(o.pace, clock);
  const auth = new PlatformAuth(o.credentials, { upstream, pacer, clock, timeoutMs: o.upstreamTimeoutMs, apiVersion: o.apiVersion ?? null });
  const log = new RequestLog(o.log ?? stdoutSink, () => auth.secrets().concat(o.accessKey ? [o.accessKey] : []));
  const info: UpstreamInfo = { ...o.info, host: upstream.base.host, accessKeyRequired: o.accessKey !== null };
  const api = createGateway({ info, accessKey: o.accessKey, upstream, auth, pacer, clock, timeoutMs: o.upstreamTimeoutMs, maxBodyBytes: o.maxBodyBytes ?? 16 * 1024 * 1024, log });
  const loopbackOnly = isLoopbackHost(o.host);

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("referrer-policy", "no-referrer");
    const hostHeader = req.headers.host ?? "";
    const hostname = hostHeader.replace(/:\d+$/, "").toLowerCase();
    const refused = (message: string) => {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      if (path === "/api" || path.startsWith("/api/")) log.write({ gstin: null, method: req.method ?? "GET", endpoint: path.slice(4).slice(0, 200) || "/", status: 403, durationMs: 0, outcome: "not-allowed" });
      sendJson(res, 403, { code: 403, message, error: "not-allowed" });
    };
    if (loopbackOnly && !isLoopbackHost(hostname)) return refused("This server answers requests for localhost and 127.0.0.1 only");
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://server");
    } catch {
      return sendJson(res, 400, { code: 400, message: "Bad request line", error: "bad-request" });
    }
    if (url.pathname === "/api" || url.pathname.startsWith("/api/")) {
      const origin = req.headers.origin;
      const fetchSite = req.headers["sec-fetch-site"];
      if ((origin && origin !== "null" && originHost(origin) !== hostHeader.toLowerCase()) || fetchSite === "cross-site") return refused("Requests from other sites are refused");
      let subpath: string;
      try {
        subpath = decodeURIComponent(url.pathname.slice("/api/".length));
      } catch {
        return sendJson(res, 400, { code: 400, message: "Bad path", error: "bad-request" });
      }
      api(req, res, subpath, url.search).catch(() => {
        if (!res.headersSent) sendJson(res, 500, { code: 500, message: "The add-in server failed on this request", error: "upstream-down" });
        else res.destroy();
      });
      return;
    }
    if (url.pathname === "/healthz") return sendJson(res, 200, { ok: true });
    if ((req.method === "GET" || req.method === "HEAD") && url.pathname === "/manifest.xml" && o.manifest) {
      res.writeHead(200, { "content-type": "application/xml; charset=utf-8", "cache-control": "no-cache" });
      return void res.end(req.method === "HEAD" ? undefined : o.manifest);
    }
    if (url.pathname === "/") {
      res.writeHead(302, { location: "/taskpane.html" });
      return void res.end();
    }
    const notFound = () => {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      res.end("Not found");
    };
    if (o.assets) o.assets(req, res, notFound);
    else notFound();
  };

  const server: Server = o.tls ? https.createServer({ key: o.tls.key, cert: o.tls.cert, ...(o.tls.ca ? { ca: o.tls.ca } : {}) }, onRequest) : http.createServer(onRequest);
  // The gateway bounds every wait itself; large pulls may stream for a long time.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const scheme = o.tls ? "https" : "http";
  const shownHost = loopbackOnly ? (o.tls ? "localhost" : "127.0.0.1") : o.host;
  const url = `${scheme}://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${port}`;
  return {
    url,
    apiUrl: `${url}/api`,
    port,
    info,
    pacer,
    auth,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        upstream.close();
      }),
  };
}

function originHost(origin: string): string {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return "";
  }
}
