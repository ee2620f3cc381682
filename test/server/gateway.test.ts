/**
 * The add-in server's /api: it alone holds and adds the platform credentials, caches and renews
 * the platform token, refuses panes without its access key, logs every request without a secret,
 * and turns an upstream that is down or slow into a typed error in bounded time.
 */
import { request as httpRequest } from "node:http";
import { ImsClient, MemorySessionStore, NetworkError, OutcomeUnknownError, PlatformHttpError, readUpstream } from "../../src/api";
import type { ImsRecord } from "../../src/ims/records";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/server";
import { ACCESS_KEY, API_KEY, API_SECRET, apiFetch, FakeClock, fakeUpstream, gstnOk, json, serverForSandbox, testServer, type FakeUpstream, type TestServer } from "./harness";
import { creditNote } from "../ims/fixtures";

const MH = "27AAACI1234F1Z2";
const OTP = "575757";
const FAST = { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 2, maxRateLimitRetries: 0, maxRateLimitWaitMs: 10 };

function signedInStore(token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyN0FBQUNJMTIzNEYxWjIifQ.c2lnbmF0dXJlLXRheHBheWVy"): MemorySessionStore {
  const store = new MemorySessionStore();
  store.save({ gstin: MH, username: "demo.mh", token, tokenExpiry: Date.now() + 3_600_000, sessionExpiry: Date.now() + 3_600_000 });
  return store;
}

/** A fetch that records what the pane itself sends. */
function recordingFetch(): { fetch: typeof fetch; sent: { url: string; headers: Record<string, string> }[] } {
  const sent: { url: string; headers: Record<string, string> }[] = [];
  const wrapped: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    sent.push({ url: request.url, headers: Object.fromEntries(request.headers.entries()) });
    return fetch(request);
  };
  return { fetch: wrapped, sent };
}

/** An open B2B invoice of October 2026. */
const RECORD: ImsRecord = creditNote({ section: "B2B", supplierGstin: "24ABCCU0123M1YZ", docNumber: "INV-1", docDate: "2026-10-05", placeOfSupply: "24", itcReductionBlocked: null });

describe("pane → server → sandbox", () => {
  let sb: RunningSandbox;
  let server: TestServer;
  beforeAll(async () => {
    sb = await startSandbox({ asOf: "2026-11-21", recordsPerGstin: 50, jobDelayMs: 0, regenerateDelayMs: 0, quiet: true });
    server = await serverForSandbox(sb);
  });
  afterAll(async () => {
    await server.close();
    await sb.close();
  });

  test("credentials injected: the pane signs in with GSTIN, username and OTP only, and never sends a key, secret or platform token", async () => {
    const pane = recordingFetch();
    const client = new ImsClient({ baseUrl: server.apiUrl, fetch: pane.fetch, retry: FAST });
    await client.generateOtp({ gstin: MH, username: "demo.mh" });
    const session = await client.verifyOtp({ gstin: MH, username: "demo.mh" }, OTP);
    expect(session).toMatchObject({ gstin: MH, username: "demo.mh" });
    expect((await client.getCounts()).total).toBeGreaterThan(0);

    expect(pane.sent.map((s) => new URL(s.url).pathname)).toEqual([
      "/api/gst/compliance/tax-payer/otp",
      "/api/gst/compliance/tax-payer/otp/verify",
      "/api/gst/compliance/tax-payer/invoices/count",
    ]);
    for (const s of pane.sent) {
      expect(Object.keys(s.headers)).not.toContain("x-api-secret");
      expect(Object.keys(s.headers)).not.toContain("x-api-key");
      expect(JSON.stringify(s)).not.toContain("secret_demo_ims");
      expect(JSON.stringify(s)).not.toContain("key_demo_ims");
    }
    // The OTP calls carry no token at all; the data call carries the taxpayer's own session token.
    expect(pane.sent[0]?.headers.authorization).toBeUndefined();
    expect(pane.sent[1]?.headers.authorization).toBeUndefined();
    expect(pane.sent[2]?.headers.authorization).toMatch(/^eyJ/);
    expect(server.auth.authentications).toBe(1);
  });

  test("the pane learns which upstream the server works against, and /authenticate is not forwarded", async () => {
    const answer = await readUpstream(server.apiUrl);
    expect(answer).toEqual({ status: "ready", upstream: expect.objectContaining({ kind: "sandbox", label: "local sandbox, demo data", accessKeyRequired: false }) });
    expect(JSON.stringify(answer)).not.toContain("key_demo_ims");
    const auth = await apiFetch(server, "authenticate", { method: "POST", headers: { "x-api-key": "key_demo_ims", "x-api-secret": "secret_demo_ims" } });
    expect(auth.status).toBe(403);
    expect(auth.body).toMatchObject({ code: 403, error: "not-allowed" });
    expect(JSON.stringify(auth.body)).not.toMatch(/eyJ/);
    expect((await apiFetch(server, "_sim/state")).status).toBe(404);
  });
});

describe("credentials and the platform token (fake upstream)", () => {
  let upstream: FakeUpstream;
  let clock: FakeClock;
  let server: TestServer;
  let issued = 0;
  const valid = new Set<string>();

  beforeAll(async () => {
    clock = new FakeClock();
    upstream = await fakeUpstream(clock);
    upstream.handle((req, res) => {
      if (req.url === "/authenticate") {
        if (req.headers["x-api-key"] !== API_KEY || req.headers["x-api-secret"] !== API_SECRET) return json(res, 401, { code: 401, message: "Invalid API key or secret" });
        const token = `eyJhbGciOiJIUzI1NiJ9.eyJpbnRlbnQiOiJQTEFURk9STSJ9.platform-${++issued}-signature`;
        valid.add(token);
        return json(res, 200, { code: 200, data: { access_token: token, token_type: "Bearer", expires_in: 600 } });
      }
      if (req.url.startsWith("/gst/compliance/tax-payer/otp")) {
        if (!valid.has(String(req.headers.authorization))) return json(res, 403, { code: 403, message: "Access token expired" });
        return json(res, 200, { code: 200, data: { status_cd: "1" } });
      }
      json(res, 200, gstnOk({ echo: true }));
    });
    server = await testServer(upstream.url, { clock });
  });
  afterAll(async () => {
    await server.close();
    await upstream.close();
  });

  const otp = () => apiFetch(server, "gst/compliance/tax-payer/otp", { method: "POST", headers: { "content-type": "application/json", "x-api-secret": "pane-tries-a-secret", "x-api-key": "pane-tries-a-key" }, body: JSON.stringify({ gstin: MH, username: "demo.mh" }) });
  const tokensUsed = () => upstream.seen.filter((s) => s.url.startsWith("/gst/")).map((s) => String(s.headers.authorization).replace(/^.*platform-(\d+)-signature$/, "$1"));

  test("the key and secret go to /authenticate only; every call gets the server's key, never a pane's", async () => {
    expect((await otp()).status).toBe(200);
    const data = await apiFetch(server, "gst/compliance/tax-payer/invoices?section=B2B", { headers: { authorization: "taxpayer-session-token-123456" } });
    expect(data.status).toBe(200);
    const auth = upstream.seen.filter((s) => s.url === "/authenticate");
    expect(auth).toHaveLength(1);
    for (const s of upstream.seen.filter((x) => x.url !== "/authenticate")) {
      expect(s.headers["x-api-key"]).toBe(API_KEY);
      expect(s.headers["x-api-secret"]).toBeUndefined();
    }
    const last = upstream.seen.at(-1);
    expect(last?.url).toBe("/gst/compliance/tax-payer/invoices?section=B2B");
    expect(last?.headers.authorization).toBe("taxpayer-session-token-123456");
  });

  test("the platform token is cached, renewed before it expires, and renewed once more when the upstream says it is spent", async () => {
    const before = server.auth.authentications;
    for (let i = 0; i < 3; i++) expect((await otp()).status).toBe(200);
    expect(server.auth.authentications).toBe(before);
    const expiresAt = server.auth.expiresAt as number;

    clock.advance(449_000); // 600 s token: still 151 s to go, beyond the renewal margin
    expect((await otp()).status).toBe(200);
    expect(server.auth.authentications).toBe(before);

    clock.advance(2_000); // within the last quarter of its life, still valid: renewed ahead of expiry
    expect(clock.now()).toBeLessThan(expiresAt);
    expect((await otp()).status).toBe(200);
    expect(server.auth.authentications).toBe(before + 1);
    expect(tokensUsed().slice(-2)).toEqual(["1", "2"]);

    valid.clear(); // the upstream revokes it
    expect((await otp()).status).toBe(200);
    expect(server.auth.authentications).toBe(before + 2);
    expect(tokensUsed().slice(-2)).toEqual(["2", "3"]);
  });

  test("refused credentials are the pane's 401 with words, never the key or secret", async () => {
    const bad = await testServer(upstream.url, { clock, credentials: new (await import("../../src/server/config")).PlatformCredentials(API_KEY, "wrong-secret-value-000") });
    try {
      upstream.handle((req, res) => json(res, 401, { code: 401, message: `Invalid key ${String(req.headers["x-api-key"])} with secret ${String(req.headers["x-api-secret"])}` }));
      const r = await apiFetch(bad, "gst/compliance/tax-payer/otp", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ gstin: MH, username: "demo.mh" }) });
      expect(r.status).toBe(401);
      expect(r.body.message).toMatch(/refused the add-in server's API key and secret/);
      const text = JSON.stringify(r.body) + bad.logs.join("\n");
      for (const secret of [API_KEY, "wrong-secret-value-000"]) expect(text).not.toContain(secret);
    } finally {
      await bad.close();
    }
  });
});

describe("the access key", () => {
  let upstream: FakeUpstream;
  let server: TestServer;
  beforeAll(async () => {
    upstream = await fakeUpstream();
    upstream.handle((_req, res) => json(res, 200, gstnOk({ ok: true })));
    server = await testServer(upstream.url, { accessKey: ACCESS_KEY, assets: (_req, res) => res.end("<html>the pane</html>") });
  });
  afterAll(async () => {
    await server.close();
    await upstream.close();
  });

  test("requests without it, or with a wrong one, are refused and never reach the upstream", async () => {
    const path = "gst/compliance/tax-payer/invoices?section=B2B";
    const none = await apiFetch(server, path, { headers: { authorization: "tok-123456" } });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ code: 401, error: "access-key-required" });
    const wrong = await apiFetch(server, path, { headers: { authorization: "tok-123456", "x-ims-access-key": "not-the-key-but-long-enough" } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: "access-key-refused" });
    expect((await apiFetch(server, "_upstream")).status).toBe(401);
    expect(upstream.seen).toHaveLength(0);

    const right = await apiFetch(server, path, { headers: { authorization: "tok-123456", "x-ims-access-key": ACCESS_KEY } });
    expect(right.status).toBe(200);
    expect(upstream.seen).toHaveLength(1);
    expect(upstream.seen[0]?.headers["x-ims-access-key"]).toBeUndefined();
  });

  test("the pane's own files need no key (Excel loads them); the pane is told a key is needed", async () => {
    const page = await fetch(`${server.url}/taskpane.html`);
    expect(page.status).toBe(200);
    expect(await readUpstream(server.apiUrl)).toEqual({ status: "access-key-needed", refused: false });
    expect(await readUpstream(server.apiUrl, { accessKey: "wrong-wrong-wrong-wrong" })).toEqual({ status: "access-key-needed", refused: true });
    expect(await readUpstream(server.apiUrl, { accessKey: ACCESS_KEY })).toMatchObject({ status: "ready", upstream: { accessKeyRequired: true } });
    const client = new ImsClient({ baseUrl: server.apiUrl, store: signedInStore(), retry: FAST });
    expect(await client.getCounts().catch((e: unknown) => e)).toMatchObject({ status: 401 });
    const keyed = new ImsClient({ baseUrl: server.apiUrl, store: signedInStore(), accessKey: ACCESS_KEY, retry: FAST });
    await expect(keyed.getCounts()).rejects.toMatchObject({ kind: "invalid-response" }); // reached the (fake) upstream
  });

  test("requests for another host name or from another site are refused", async () => {
    // A page on another name that resolves to 127.0.0.1 (DNS rebinding) sends its own Host.
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.apiUrl}/_upstream`, { headers: { host: "evil.example", "x-ims-access-key": ACCESS_KEY } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(rebound).toBe(403);
    const crossSite = await fetch(`${server.apiUrl}/_upstream`, { headers: { origin: "https://evil.example", "x-ims-access-key": ACCESS_KEY } });
    expect(crossSite.status).toBe(403);
  });
});

describe("request log", () => {
  let sb: RunningSandbox;
  let server: TestServer;
  beforeAll(async () => {
    sb = await startSandbox({ asOf: "2026-11-21", recordsPerGstin: 50, jobDelayMs: 0, regenerateDelayMs: 0, quiet: true });
    server = await serverForSandbox(sb, { accessKey: ACCESS_KEY });
  });
  afterAll(async () => {
    await server.close();
    await sb.close();
  });

  test("one JSON line per request: time, GSTIN, endpoint, status, duration; no key, secret, token, OTP or access key", async () => {
    const store = new MemorySessionStore();
    const client = new ImsClient({ baseUrl: server.apiUrl, store, accessKey: ACCESS_KEY, retry: FAST });
    await client.generateOtp({ gstin: MH, username: "demo.mh" });
    await client.verifyOtp({ gstin: MH, username: "demo.mh" }, OTP);
    await client.getCounts();
    await client.getInvoices("B2B");
    await client.refreshSession();
    await client.getCounts();
    await apiFetch(server, "gst/compliance/tax-payer/invoices/count?type_of_goods=others", { headers: { "x-ims-access-key": "wrong-wrong-wrong-wrong" } });

    const lines = server.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => `${String(l.method)} ${String(l.endpoint)} ${String(l.status)}`)).toEqual([
      "POST /gst/compliance/tax-payer/otp 200",
      "POST /gst/compliance/tax-payer/otp/verify 200",
      "GET /gst/compliance/tax-payer/invoices/count 200",
      "GET /gst/compliance/tax-payer/invoices 200",
      "POST /gst/compliance/tax-payer/session/refresh 200",
      "GET /gst/compliance/tax-payer/invoices/count 200",
      "GET /gst/compliance/tax-payer/invoices/count 401",
    ]);
    for (const l of lines.slice(0, 6)) {
      expect(l.gstin).toBe(MH);
      expect(typeof l.time).toBe("string");
      expect(Number.isNaN(Date.parse(String(l.time)))).toBe(false);
      expect(typeof l.durationMs).toBe("number");
    }
    const all = server.logs.join("\n");
    const secrets = ["key_demo_ims", "secret_demo_ims", ACCESS_KEY, "wrong-wrong-wrong-wrong", store.load()?.token ?? "missing", OTP, ...server.auth.secrets()];
    for (const s of secrets) expect(all).not.toContain(s);
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{4,}\./);
  });
});

describe("an upstream that is down or slow", () => {
  test("down: 502 with a JSON body, which the client raises as a typed error", async () => {
    const gone = await fakeUpstream();
    const url = gone.url;
    await gone.close();
    const server = await testServer(url);
    try {
      const raw = await apiFetch(server, "gst/compliance/tax-payer/invoices/count?type_of_goods=others", { headers: { authorization: "tok-123456" } });
      expect(raw.status).toBe(502);
      expect(raw.body).toMatchObject({ code: 502, error: "upstream-down" });
      const e = await new ImsClient({ baseUrl: server.apiUrl, store: signedInStore(), retry: FAST }).getCounts().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(PlatformHttpError);
      expect(e).toMatchObject({ status: 502, category: "server" });
      expect((e as PlatformHttpError).serverMessage).toMatch(/could not reach the IMS API \(ECONNREFUSED\)/);
      // An OTP request: the server cannot even sign in to the platform.
      const otp = await new ImsClient({ baseUrl: server.apiUrl, retry: FAST }).generateOtp({ gstin: MH, username: "demo.mh" }).catch((x: unknown) => x);
      expect(otp).toMatchObject({ status: 502 });
    } finally {
      await server.close();
    }
  });

  test("slow: 504 after the server's deadline, never a hang; a save that timed out is 'outcome unknown'", async () => {
    const upstream = await fakeUpstream();
    upstream.handle(() => undefined); // takes the request, never answers
    const server = await testServer(upstream.url, { upstreamTimeoutMs: 300 });
    try {
      const raw = await apiFetch(server, "gst/compliance/tax-payer/invoices/count?type_of_goods=others", { headers: { authorization: "tok-123456" } });
      expect(raw.status).toBe(504);
      expect(raw.body).toMatchObject({ code: 504, error: "upstream-timeout" });
      const client = new ImsClient({ baseUrl: server.apiUrl, store: signedInStore(), retry: FAST });
      await expect(client.getCounts()).rejects.toMatchObject({ kind: "http", status: 504 });
      const save = await client.save([{ record: RECORD, intent: { action: "A" } }]).catch((x: unknown) => x);
      expect(save).toBeInstanceOf(OutcomeUnknownError);
      expect((save as OutcomeUnknownError).underlying).toMatchObject({ status: 504 });
      expect(server.logs.map((l) => (JSON.parse(l) as { outcome?: string }).outcome)).toContain("upstream-timeout");
    } finally {
      await server.close();
      await upstream.close();
    }
  });

  test("an upstream that hangs up after taking the request: the pane sees the connection close, as it would have", async () => {
    const upstream = await fakeUpstream();
    upstream.handle((_req, res) => res.socket?.destroy());
    const server = await testServer(upstream.url);
    try {
      const client = new ImsClient({ baseUrl: server.apiUrl, store: signedInStore(), retry: FAST });
      await expect(client.getCounts()).rejects.toBeInstanceOf(NetworkError);
      const save = await client.save([{ record: RECORD, intent: { action: "A" } }]).catch((x: unknown) => x);
      expect(save).toMatchObject({ kind: "outcome-unknown", causeKind: "network" });
    } finally {
      await server.close();
      await upstream.close();
    }
  });

  test("answers and errors of the upstream pass through unchanged, rate-limit headers included", async () => {
    const upstream = await fakeUpstream();
    const body = { code: 429, message: "Rate limit exceeded", timestamp: 1, transaction_id: "x" };
    upstream.handle((_req, res) => json(res, 429, body, { "retry-after": "7", "x-ratelimit-limit": "120", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1790000000" }));
    // The 429 pauses the server's pacer for everyone; this clock lets the pause pass at once.
    const server = await testServer(upstream.url, { clock: new FakeClock() });
    try {
      const r = await apiFetch(server, "gst/compliance/tax-payer/invoices/count?type_of_goods=others", { headers: { authorization: "tok-123456" } });
      expect(r.status).toBe(429);
      expect(r.body).toEqual(body);
      expect(r.headers.get("retry-after")).toBe("7");
      expect(r.headers.get("x-ratelimit-reset")).toBe("1790000000");
      upstream.handle((_req, res) => json(res, 200, { code: 200, data: { status_cd: "0", error: { error_cd: "AUTH4033", message: "Invalid Session" } } }));
      const gstn = await apiFetch(server, "gst/compliance/tax-payer/invoices?section=B2B", { headers: { authorization: "tok-123456" } });
      expect(gstn).toMatchObject({ status: 200, body: { data: { status_cd: "0", error: { error_cd: "AUTH4033" } } } });
    } finally {
      await server.close();
      await upstream.close();
    }
  });
});
