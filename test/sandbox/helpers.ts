/** Test helpers: a sandbox on a free port, and a tiny raw HTTP client for it. */
import { startSandbox, type RunningSandbox } from "../../src/sandbox/server";
import type { SandboxConfig } from "../../src/sandbox/config";

export const MH = "27AAACI1234F1Z2";
export const KA = "29AABCB5678K1Z5";
export const DL = "07AAFCD4321M1ZN";
export const USERNAMES: Record<string, string> = { [MH]: "demo.mh", [KA]: "demo.ka", [DL]: "demo.dl" };
export const KEY = "key_demo_ims";
export const SECRET = "secret_demo_ims";
export const AS_OF = "2026-11-21";
export const BASE = "/gst/compliance/tax-payer";
/** The provider's documented default x-api-version. */
export const API_VERSION = "1.0.0";

export function testSandbox(overrides: Partial<SandboxConfig> = {}): Promise<RunningSandbox> {
  return startSandbox({ asOf: AS_OF, recordsPerGstin: 400, scenarios: true, jobDelayMs: 0, regenerateDelayMs: 0, quiet: true, ...overrides });
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = any>(base: string, method: string, path: string, options: { headers?: Record<string, string>; body?: unknown; raw?: string } = {}): Promise<Reply<T>> {
  const res = await fetch(base + path, {
    method,
    headers: { "content-type": "application/json", ...(options.headers ?? {}) },
    ...(options.raw !== undefined ? { body: options.raw } : options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

export async function platformToken(base: string): Promise<string> {
  const r = await call(base, "POST", "/authenticate", { headers: { "x-api-key": KEY, "x-api-secret": SECRET } });
  if (r.status !== 200) throw new Error(`authenticate: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.data.access_token;
}

export async function taxpayerSession(base: string, gstin: string): Promise<{ access_token: string; token_expiry: number; session_expiry: number }> {
  const platform = await platformToken(base);
  const headers = { "x-api-key": KEY, authorization: platform };
  const body = { username: USERNAMES[gstin], gstin };
  const otp = await call(base, "POST", `${BASE}/otp`, { headers, body });
  if (otp.body?.data?.status_cd !== "1") throw new Error(`otp: ${JSON.stringify(otp.body)}`);
  const verify = await call(base, "POST", `${BASE}/otp/verify?otp=575757`, { headers, body });
  if (verify.body?.data?.status_cd !== "1") throw new Error(`verify: ${JSON.stringify(verify.body)}`);
  return verify.body.data;
}

/** A client bound to one taxpayer session. */
export class Session {
  constructor(
    readonly base: string,
    public token: string,
    readonly gstin: string,
  ) {}

  static async open(base: string, gstin: string): Promise<Session> {
    const s = await taxpayerSession(base, gstin);
    return new Session(base, s.access_token, gstin);
  }

  /** Headers as a client sends them: x-api-version on every call (required on the supplier views). */
  get headers(): Record<string, string> {
    return { "x-api-key": KEY, authorization: this.token, "x-api-version": API_VERSION };
  }

  get<T = any>(path: string): Promise<Reply<T>> {
    return call<T>(this.base, "GET", BASE + path, { headers: this.headers });
  }

  post<T = any>(path: string, body: unknown): Promise<Reply<T>> {
    return call<T>(this.base, "POST", BASE + path, { headers: this.headers, body });
  }

  async invoices(section: string, status?: string): Promise<Record<string, any>[]> {
    const r = await this.get(`/invoices?section=${section}${status ? `&status=${status}` : ""}`);
    if (r.body.data.status_cd === "0") return [];
    return Object.values(r.body.data.data)[0] as Record<string, any>[];
  }

  /** Saves and returns the finished request status (the sandbox runs with no job delay in tests). */
  async save(payloadKey: string, records: Record<string, unknown>[]): Promise<any> {
    const r = await this.post("/invoices/status/save", { rtin: this.gstin, reqtyp: "SAVE", invdata: { [payloadKey]: records } });
    if (r.status !== 200 || r.body.data.status_cd !== "1") throw new Error(`save: ${r.status} ${JSON.stringify(r.body)}`);
    return this.status(r.body.data.data.reference_id);
  }

  async reset(payloadKey: string, records: Record<string, unknown>[]): Promise<any> {
    const r = await this.post("/invoices/status/reset", { rtin: this.gstin, reqtyp: "RESET", invdata: { [payloadKey]: records } });
    if (r.status !== 200 || r.body.data.status_cd !== "1") throw new Error(`reset: ${r.status} ${JSON.stringify(r.body)}`);
    return this.status(r.body.data.data.reference_id);
  }

  async status(referenceId: string): Promise<any> {
    for (let i = 0; i < 100; i++) {
      const r = await this.get(`/invoices/status?reference_id=${referenceId}`);
      const d = r.body.data.data;
      if (d.status_cd !== "IP") return d;
      await new Promise((res) => setTimeout(res, 20));
    }
    throw new Error("request stayed IP");
  }
}

const SERVER_ONLY = ["hash", "ispendactblocked", "ispendactnallwd", "srcfilstatus", "isRemarksBlocked", "isItcRedReqBlocked", "remarks", "itcRedReq", "declIgst", "declCgst", "declSgst", "declCess", "action"];

/** A fetched record echoed into a save entry, as a client would build it. */
export function echo(wire: Record<string, any>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(wire)) if (!SERVER_ONLY.includes(k)) out[k] = v;
  out.prev_status = wire.action;
  return { ...out, ...extra };
}

export function docNumOf(wire: Record<string, any>): string {
  return wire.inum ?? wire.nt_num;
}

export async function sim<T = any>(base: string, method: string, path: string, body?: unknown): Promise<Reply<T>> {
  return call<T>(base, method, `/_sim${path}`, body === undefined ? {} : { body });
}
