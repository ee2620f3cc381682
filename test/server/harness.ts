/**
 * Test plumbing for the add-in server: a fake clock that never waits, a fake upstream that judges
 * the provider's rate limit by that clock, and a server started with test defaults.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Clock } from "../../src/server/clock";
import { PlatformCredentials } from "../../src/server/config";
import { startImsServer, type ImsServerOptions, type RunningImsServer } from "../../src/server/server";
import type { RunningSandbox } from "../../src/sandbox/server";
import { DEMO_TAXPAYERS } from "../../src/sandbox/demo/taxpayers";

export const API_KEY = "key_live_server_9f3a2c";
export const API_SECRET = "secret_live_server_77d1e0b4";
export const ACCESS_KEY = "access-key-for-the-firm-0123456789";

/** Every pacer sleep returns at once, after `gate()` holds (e.g. every request let through has reached the upstream). */
export class FakeClock implements Clock {
  t = Date.UTC(2026, 10, 21, 6, 0, 0);
  gate: () => boolean = () => true;
  slept = 0;

  now(): number {
    return this.t;
  }

  async sleep(ms: number): Promise<void> {
    const until = Date.now() + 10_000;
    do await new Promise((r) => setImmediate(r));
    while (!this.gate() && Date.now() < until);
    this.t += ms;
    this.slept += ms;
  }

  advance(ms: number): void {
    this.t += ms;
  }
}

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** By the fake clock, when it arrived. */
  at: number;
}

export type Handler = (req: Seen, res: ServerResponse) => void;

export interface FakeUpstream {
  url: string;
  seen: Seen[];
  handle(h: Handler): void;
  close(): Promise<void>;
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export function gstnOk(payload: unknown) {
  return { code: 200, data: { data: payload, status_cd: "1" }, timestamp: 1, transaction_id: "t" };
}

/** A server whose answers each test writes; `clock` stamps arrivals. */
export async function fakeUpstream(clock: Clock = { now: Date.now, sleep: async () => undefined }): Promise<FakeUpstream> {
  let handler: Handler = (_req, res) => json(res, 500, { code: 500, message: "no handler" });
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const at = clock.now();
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const s: Seen = { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at };
      seen.push(s);
      try {
        handler(s, res);
      } catch {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    handle: (h) => {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export const SANDBOX_INFO: ImsServerOptions["info"] = {
  kind: "sandbox",
  label: "local sandbox, demo data",
  demo: { otp: "575757", taxpayers: DEMO_TAXPAYERS.map((t) => ({ gstin: t.gstin, username: t.username, frequency: t.frequency })) },
};

export interface TestServer extends RunningImsServer {
  logs: string[];
}

/** A server on a free port with test defaults (no TLS, no access key, a generous pace, logs kept). */
export async function testServer(upstreamUrl: string, overrides: Partial<ImsServerOptions> = {}): Promise<TestServer> {
  const logs: string[] = [];
  const server = await startImsServer({
    host: "127.0.0.1",
    port: 0,
    accessKey: null,
    upstreamUrl,
    info: SANDBOX_INFO,
    credentials: new PlatformCredentials(API_KEY, API_SECRET),
    pace: { limit: 100_000, windowMs: 60_000, burst: 100_000, maxWaitMs: 60_000 },
    upstreamTimeoutMs: 10_000,
    tls: null,
    log: (line) => logs.push(line),
    ...overrides,
  });
  return Object.assign(server, { logs });
}

/** The add-in server in front of a sandbox, with the sandbox's demo credentials: what `npm start` runs. */
export async function serverForSandbox(sb: RunningSandbox, overrides: Partial<ImsServerOptions> = {}): Promise<TestServer> {
  const demo = sb.config.credentials[0];
  if (!demo) throw new Error("the sandbox has no credentials");
  return testServer(sb.url, { credentials: new PlatformCredentials(demo.apiKey, demo.apiSecret), ...overrides });
}

/** fetch to the server's /api. */
export async function apiFetch(server: { apiUrl: string }, path: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(`${server.apiUrl}/${path.replace(/^\//, "")}`, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body };
}

/** A sandbox with the add-in server in front of it: `api` is what a pane talks to. */
export interface FrontedSandbox extends RunningSandbox {
  api: string;
  server: TestServer;
}

const FRONTED = new Map<string, string>();

/** The add-in server's /api in front of the sandbox at `url` (from withServer), else `url` itself. */
export function apiOf(url: string): string {
  return FRONTED.get(url) ?? url;
}

/** Puts the add-in server in front of a running sandbox; closing the sandbox closes both. */
export async function withServer(sb: RunningSandbox, overrides: Partial<ImsServerOptions> = {}): Promise<FrontedSandbox> {
  const server = await serverForSandbox(sb, { log: () => undefined, ...overrides });
  FRONTED.set(sb.url, server.apiUrl);
  const closeSandbox = sb.close.bind(sb);
  return Object.assign(sb, {
    api: server.apiUrl,
    server,
    close: async () => {
      FRONTED.delete(sb.url);
      await server.close();
      await closeSandbox();
    },
  });
}
