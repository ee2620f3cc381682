import type { RunningSandbox } from "../../src/sandbox/server";
import { BASE, call, DL, KA, KEY, MH, platformToken, SECRET, Session, taxpayerSession, testSandbox, USERNAMES } from "./helpers";

describe("sandbox auth, sessions and GSTIN isolation", () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await testSandbox({ taxpayerTokenTtlMs: 1500 });
  });
  afterAll(() => sb.close());

  test("authenticate returns a platform token in the platform envelope", async () => {
    const r = await call(sb.url, "POST", "/authenticate", { headers: { "x-api-key": KEY, "x-api-secret": SECRET } });
    expect(r.status).toBe(200);
    expect(r.body.code).toBe(200);
    expect(typeof r.body.data.access_token).toBe("string");
    expect(typeof r.body.timestamp).toBe("number");
    expect(r.body.transaction_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  test.each([
    [{ "x-api-key": KEY, "x-api-secret": "wrong" }],
    [{ "x-api-key": "key_nope", "x-api-secret": SECRET }],
    [{ "x-api-secret": SECRET }],
  ])("authenticate refuses bad credentials with 401", async (headers) => {
    const r = await call(sb.url, "POST", "/authenticate", { headers });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe(401);
    expect(typeof r.body.message).toBe("string");
  });

  test("the OTP flow gives a 6-hour-style taxpayer session", async () => {
    const s = await taxpayerSession(sb.url, MH);
    expect(s.access_token.split(".")).toHaveLength(3);
    expect(s.token_expiry).toBeGreaterThan(Date.now());
    expect(s.session_expiry).toBe(s.token_expiry);
  });

  test("OTP errors: no platform token, wrong OTP, OTP not requested, unknown user", async () => {
    const platform = await platformToken(sb.url);
    const body = { username: USERNAMES[KA], gstin: KA };
    expect((await call(sb.url, "POST", `${BASE}/otp`, { headers: { "x-api-key": KEY }, body })).status).toBe(403);
    const notRequested = await call(sb.url, "POST", `${BASE}/otp/verify?otp=575757`, { headers: { "x-api-key": KEY, authorization: platform }, body });
    expect(notRequested.body.data).toMatchObject({ status_cd: "0", error: { error_cd: "RETOTPREQUEST" } });
    await call(sb.url, "POST", `${BASE}/otp`, { headers: { "x-api-key": KEY, authorization: platform }, body });
    const wrong = await call(sb.url, "POST", `${BASE}/otp/verify?otp=111111`, { headers: { "x-api-key": KEY, authorization: platform }, body });
    expect(wrong.status).toBe(200);
    expect(wrong.body.data).toMatchObject({ status_cd: "0", error: { error_cd: "AUTH4033" } });
    const unknown = await call(sb.url, "POST", `${BASE}/otp`, { headers: { "x-api-key": KEY, authorization: platform }, body: { username: "demo.mh", gstin: KA } });
    expect(unknown.body.data).toMatchObject({ status_cd: "0", error: { error_cd: "SIM013" } });
  });

  test("IMS endpoints need the api key and a taxpayer token, not a platform token", async () => {
    const platform = await platformToken(sb.url);
    const s = await taxpayerSession(sb.url, MH);
    const path = `${BASE}/invoices?section=B2B`;
    expect((await call(sb.url, "GET", path, { headers: { authorization: s.access_token } })).status).toBe(401);
    expect((await call(sb.url, "GET", path, { headers: { "x-api-key": "key_other", authorization: s.access_token } })).status).toBe(401);
    expect((await call(sb.url, "GET", path, { headers: { "x-api-key": KEY } })).status).toBe(403);
    expect((await call(sb.url, "GET", path, { headers: { "x-api-key": KEY, authorization: platform } })).status).toBe(403);
    expect((await call(sb.url, "GET", path, { headers: { "x-api-key": KEY, authorization: s.access_token + "x" } })).status).toBe(403);
    expect((await call(sb.url, "GET", path, { headers: { "x-api-key": KEY, authorization: s.access_token } })).status).toBe(200);
  });

  test("every IMS endpoint refuses a request without credentials", async () => {
    const paths: [string, string][] = [
      ["GET", "/invoices/count"],
      ["GET", "/invoices?section=B2B"],
      ["POST", "/invoices/status/save"],
      ["POST", "/invoices/status/reset"],
      ["GET", "/invoices/status?reference_id=abc"],
      ["GET", "/invoices/2026/10/sales?section=B2B&return_type=gstr-1"],
      ["GET", "/invoices/added-back-liabilities/2026/10?section=CDNR"],
      ["POST", "/gstrs/gstr-2b/2026/10/regenerate"],
      ["GET", "/gstrs/gstr-2b/regenerate?reference_id=abc"],
      ["POST", "/session/refresh"],
    ];
    for (const [method, path] of paths) {
      const r = await call(sb.url, method, BASE + path, { headers: { "x-api-key": KEY }, body: method === "POST" ? {} : undefined });
      expect([path, r.status]).toEqual([path, 403]);
    }
  });

  test("tokens expire (403) and refresh replaces them; the old token is revoked", async () => {
    const s = await taxpayerSession(sb.url, DL);
    const refreshed = await call(sb.url, "POST", `${BASE}/session/refresh`, { headers: { "x-api-key": KEY, authorization: s.access_token } });
    expect(refreshed.body.data.status_cd).toBe("1");
    const fresh = refreshed.body.data.access_token as string;
    expect(fresh).not.toBe(s.access_token);
    const old = await call(sb.url, "GET", `${BASE}/invoices/count`, { headers: { "x-api-key": KEY, authorization: s.access_token } });
    expect(old.status).toBe(403);
    expect(old.body.message).toMatch(/revoked/i);
    expect((await call(sb.url, "GET", `${BASE}/invoices/count`, { headers: { "x-api-key": KEY, authorization: fresh } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    const expired = await call(sb.url, "GET", `${BASE}/invoices/count`, { headers: { "x-api-key": KEY, authorization: fresh } });
    expect(expired.status).toBe(403);
    expect(expired.body.message).toMatch(/expired/i);
    const lateRefresh = await call(sb.url, "POST", `${BASE}/session/refresh`, { headers: { "x-api-key": KEY, authorization: fresh } });
    expect(lateRefresh.status).toBe(403);
  });

  test("a session reads and writes only its own GSTIN", async () => {
    const mh = await Session.open(sb.url, MH);
    const ka = await Session.open(sb.url, KA);
    const mhB2b = await mh.invoices("B2B");
    const kaB2b = await ka.invoices("B2B");
    const mhKeys = new Set(mhB2b.map((r) => `${r.stin}|${r.inum}`));
    expect(kaB2b.some((r) => mhKeys.has(`${r.stin}|${r.inum}`))).toBe(false);
    const foreign = await mh.post("/invoices/status/save", { rtin: KA, reqtyp: "SAVE", invdata: { b2b: [] } });
    expect(foreign.status).toBe(403);
    const kaSave = await ka.post("/invoices/status/save", { rtin: KA, reqtyp: "SAVE", invdata: { b2b: [{}] } });
    const ref = kaSave.body.data.data.reference_id;
    const peek = await mh.get(`/invoices/status?reference_id=${ref}`);
    expect(peek.body.data).toMatchObject({ status_cd: "0", error: { error_cd: "SIM404" } });
  });
});

describe("sandbox rate limit", () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await testSandbox({ rateLimit: { requests: 5, windowMs: 1500 } });
  });
  afterAll(() => sb.close());

  test("X-RateLimit headers count down, then 429 with Retry-After, then the window rolls", async () => {
    const headers = { "x-api-key": KEY, "x-api-secret": SECRET };
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await call(sb.url, "POST", "/authenticate", { headers });
      expect(r.status).toBe(200);
      expect(r.headers.get("x-ratelimit-limit")).toBe("5");
      remaining.push(r.headers.get("x-ratelimit-remaining") ?? "");
      expect(Number(r.headers.get("x-ratelimit-reset"))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    }
    expect(remaining).toEqual(["4", "3", "2", "1", "0"]);
    const limited = await call(sb.url, "POST", "/authenticate", { headers });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await call(sb.url, "POST", "/authenticate", { headers })).status).toBe(200);
  });
});
