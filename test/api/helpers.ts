/**
 * Helpers for the API client tests: a crafted HTTP server, signed-in stores, sandbox sign-in.
 * The client talks to the add-in server's /api, never to the provider or sandbox itself:
 * `apiSandbox` starts a sandbox with the add-in server (src/server) in front of it, and
 * `signedInClient(sb.url, …)` signs in through that server.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ImsClient, MemorySessionStore, type ApiEvent, type ImsClientOptions, type StoredTaxpayerSession } from "../../src/api";
import { startSandbox } from "../../src/sandbox/server";
import type { ImsServerOptions } from "../../src/server/server";
import { apiOf, withServer, type FrontedSandbox } from "../server/harness";
import type { SandboxConfig } from "../../src/sandbox/config";
import type { SandboxRecord } from "../../src/sandbox/model";
import type { AuditEntry } from "../../src/sandbox/state";
import { imsRecordKey, type ImsRecord } from "../../src/ims/records";

import { MH, USERNAMES } from "../sandbox/helpers";
export { DL, KA, KEY, MH, SECRET, USERNAMES } from "../sandbox/helpers";
export const OTP = "575757";

/** One B2B record as GSTN sends it (the provider's documented example, re-typed). */
export const WIRE_B2B = {
  stin: "24ABCCU0123M1YZ",
  inum: "AO2SA2425002517",
  idt: "05-11-2024",
  inv_typ: "R",
  srcform: "R1",
  rtnprd: "112024",
  pos: "24",
  val: 142700,
  txval: 120932.18,
  iamt: 0,
  camt: 10883.91,
  samt: 10883.91,
  cess: 0,
  action: "N",
  ispendactblocked: "N",
  srcfilstatus: "Filed",
  hash: "dbd0f1b676e2",
};


export type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

export interface Crafted {
  url: string;
  /** Requests seen: method, path with query, headers. */
  seen: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[];
  handle(h: Handler): void;
  close(): Promise<void>;
}

/** A tiny server whose answers each test writes by hand. */
export async function craftedServer(): Promise<Crafted> {
  let handler: Handler = (_req, _body, res) => {
    res.writeHead(500);
    res.end();
  };
  const seen: Crafted["seen"] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      seen.push({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body });
      try {
        handler(req, body, res);
      } catch {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
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

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(text);
}

/** GSTN success envelope. */
export function gstnOk(payload: unknown) {
  return { code: 200, data: { data: payload, status_cd: "1" }, timestamp: Date.now(), transaction_id: "t" };
}

export function gstnFail(code: string, message: string) {
  return { code: 200, data: { status_cd: "0", error: { error_cd: code, message } }, timestamp: Date.now(), transaction_id: "t" };
}

export function platformFail(status: number, message: string) {
  return { code: status, message, timestamp: Date.now(), transaction_id: "t" };
}

export const FAKE_TAXPAYER_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0YXhwYXllciJ9.c2lnbmF0dXJlLXRheHBheWVy";
export const FAKE_PLATFORM_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJpbnRlbnQiOiJQTEFURk9STSJ9.c2lnbmF0dXJlLXBsYXRmb3Jt";

/** A store as if the user had signed in: taxpayer token valid for an hour. */
export function signedInStore(overrides: Partial<StoredTaxpayerSession> = {}): MemorySessionStore {
  const store = new MemorySessionStore();
  store.save({ gstin: MH, username: "demo.mh", token: FAKE_TAXPAYER_TOKEN, tokenExpiry: Date.now() + 3_600_000, sessionExpiry: Date.now() + 3_600_000, ...overrides });
  return store;
}

/** Fast retries for tests. */
export const FAST_RETRY = { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20, maxRateLimitRetries: 3, maxRateLimitWaitMs: 5_000 };

export function eventLog(): { events: ApiEvent[]; onEvent: (e: ApiEvent) => void } {
  const events: ApiEvent[] = [];
  return { events, onEvent: (e) => events.push(e) };
}

/**
 * A client signed in through the real OTP flow, via the add-in server in front of the sandbox
 * at `baseUrl` (started by apiSandbox), or straight to `baseUrl` when it is no sandbox of ours.
 */
export async function signedInClient(baseUrl: string, gstin: string, options: Partial<ImsClientOptions> = {}): Promise<ImsClient> {
  const client = new ImsClient({ baseUrl: apiOf(baseUrl), retry: FAST_RETRY, ...options });
  const who = { gstin, username: USERNAMES[gstin] as string };
  await client.generateOtp(who);
  await client.verifyOtp(who, OTP);
  return client;
}

export async function expectError<E>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof type) return e;
    throw new Error(`expected ${type.name}, got ${String(e)}`);
  }
  throw new Error(`expected ${type.name}, but it resolved`);
}

/** Tests only: a signed-in client's store, to build a differently configured client on the same session. */
export function storeOf(client: ImsClient): MemorySessionStore {
  return (client as unknown as { keeper: { store: MemorySessionStore } }).keeper.store;
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// ---- sandbox -------------------------------------------------------------------------------


export const AS_OF = "2026-11-21";

/** A sandbox with the add-in server in front (`sb.api`); closing it closes both. */
export async function apiSandbox(overrides: Partial<SandboxConfig> = {}, server: Partial<ImsServerOptions> = {}): Promise<RunningSandbox> {
  return withServer(await startSandbox({ asOf: AS_OF, recordsPerGstin: 400, scenarios: true, jobDelayMs: 0, regenerateDelayMs: 0, quiet: true, ...overrides }), server);
}

export function stored(sb: RunningSandbox, gstin: string): SandboxRecord[] {
  return [...sb.state.recordsOf(gstin).values()];
}

/** The sandbox's record for a domain record (same key). */
export function storedFor(sb: RunningSandbox, gstin: string, r: ImsRecord): SandboxRecord | undefined {
  return stored(sb, gstin).find((s) => imsRecordKey({ section: s.section, supplierGstin: s.stin, docNumber: s.docNum, returnPeriod: s.returnPeriod }) === imsRecordKey(r));
}

export function keyOfStored(s: SandboxRecord): string {
  return imsRecordKey({ section: s.section, supplierGstin: s.stin, docNumber: s.docNum, returnPeriod: s.returnPeriod });
}

export function auditFor(sb: RunningSandbox, gstin: string): AuditEntry[] {
  return sb.state.audit.filter((e) => e.gstin === gstin);
}

export async function setFaults(sb: RunningSandbox, faults: Record<string, number>): Promise<void> {
  const res = await fetch(`${sb.url}/_sim/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(faults) });
  if (res.status !== 200) throw new Error(`faults: ${res.status} ${await res.text()}`);
}

export async function clearFaults(sb: RunningSandbox): Promise<void> {
  await fetch(`${sb.url}/_sim/faults`, { method: "DELETE" });
}

export type RunningSandbox = FrontedSandbox;
