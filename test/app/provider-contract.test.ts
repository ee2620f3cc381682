/**
 * Issue 10, the provider's contract as the pane meets it, end to end: pane (createImsApp and
 * the Excel fake) → add-in server → sandbox answering as the provider documents.
 * - A section GSTN finds too large for one answer ({token, est}; the sandbox's
 *   largeSectionThreshold) is pulled in parts by status, and the pull report says so in plain
 *   words, or says why (part of) a section could not come down, leaving the sheet as it was.
 * - AUTH4033 / AUTH4038 inside an HTTP 200 end the session: the pane says the GST session has
 *   ended and signs out (not "the OTP was not accepted").
 * - Recomputing GSTR-2B follows the request at the documented status path and ends "P".
 */
import { createImsApp } from "../../src/app";
import type { ImsApp } from "../../src/app/types";
import type { SectionCode } from "../../src/ims/sections";
import type { RunningSandbox } from "../../src/sandbox/server";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { serverForSandbox, type TestServer } from "../server/harness";
import { echo, MH, Session, sim, testSandbox } from "../sandbox/helpers";
import { keyOf, portalRecords, sheetRows } from "./helpers";

let sb: RunningSandbox;
let server: TestServer;
let fake: FakeExcelHandle;
let app: ImsApp;

async function signIn(): Promise<ImsApp> {
  const a = createImsApp({ apiUrl: server.apiUrl, storage: null, now: () => new Date(sb.portal.clock.now()) });
  await a.connect({ gstin: MH, username: "demo.mh", frequency: "monthly" });
  const state = await a.verifyOtp("575757");
  if (state.status !== "signed-in") throw new Error(`not signed in: ${state.status}`);
  return a;
}

beforeAll(async () => {
  sb = await testSandbox({ recordsPerGstin: 400, jobDelayMs: 20, regenerateDelayMs: 20 });
  server = await serverForSandbox(sb);
});
afterAll(async () => {
  await server.close();
  await sb.close();
});
beforeEach(async () => {
  fake = installExcelFake({ today: sb.portal.clock.today() });
  app = await signIn();
});
afterEach(() => {
  sb.config.largeSectionThreshold = null;
  fake.uninstall();
});

/** The sizes of a section's parts by status on the portal. */
function parts(section: SectionCode): { N: number; A: number; R: number; P: number; total: number } {
  const records = portalRecords(sb, section);
  const n = (a: string) => records.filter((r) => r.action === a).length;
  return { N: n("N"), A: n("A"), R: n("R"), P: n("P"), total: records.length };
}

function keysOnSheet(section: SectionCode): string[] {
  return sheetRows(fake, section)
    .map((r) => String(r.key))
    .sort();
}

describe("a section too large for one answer", () => {
  test("is pulled in four parts by status and put together; the report says so; the sheet is whole", async () => {
    const p = parts("B2B");
    expect(Math.min(p.N, p.A, p.R, p.P)).toBeGreaterThan(0);
    sb.config.largeSectionThreshold = Math.max(p.N, p.A, p.R, p.P);
    const progress: string[] = [];
    const report = await app.pull(["B2B"], null, { onProgress: (x) => progress.push(x.message) });
    expect(report.sections).toEqual([expect.objectContaining({ section: "B2B", records: p.total })]);
    expect(report.warnings ?? []).toEqual([]);
    expect(report.notices).toContain(
      `B2B was too large for the portal to send in one answer, so the add-in pulled it in 4 parts by status (no action, accepted, rejected and pending) and put them together: the sheet has all of B2B (${p.total} records).`,
    );
    expect(progress).toContain("Pulling B2B in parts by status: pending (4 of 4)");
    expect(keysOnSheet("B2B")).toEqual(portalRecords(sb, "B2B").map(keyOf).sort());
  });

  test("a part still too large does not come down: the others are written, rows of the missing part are kept as they were, and the report says which and why", async () => {
    sb.config.largeSectionThreshold = null;
    await app.pull(["B2B"], null);
    const before = sheetRows(fake, "B2B").length;
    const p = parts("B2B");
    expect(p.N).toBeGreaterThan(Math.max(p.A, p.R, p.P));
    sb.config.largeSectionThreshold = Math.max(p.A, p.R, p.P);
    const report = await app.pull(["B2B"], null);
    expect(report.sections).toEqual([expect.objectContaining({ section: "B2B", records: p.A + p.R + p.P, leftPortal: 0 })]);
    expect(report.warnings).toEqual([
      `B2B was too large for the portal to send in one answer, so the add-in pulled it in parts by status. The no action part is still too large and did not come down (GSTN offers that much only as a file download, which the IMS API does not provide); the accepted, rejected and pending parts did (${p.A + p.R + p.P} records) and are on the sheet. Rows of B2B already on the sheet that were not in those parts were kept as they were, not marked as gone from the portal; use the GST portal for the no action records.`,
    ]);
    expect(sheetRows(fake, "B2B")).toHaveLength(before);
    expect(sheetRows(fake, "B2B").filter((r) => String(r.result ?? "").includes("Not on portal"))).toEqual([]);
  });

  test("when every part is too large, nothing of the section changes and the report says why", async () => {
    const p = parts("B2B");
    // A part with no records answers "no records", which is not too large: this needs all four parts present.
    expect(Math.min(p.N, p.A, p.R, p.P)).toBeGreaterThan(0);
    sb.config.largeSectionThreshold = 0;
    const report = await app.pull(["B2B"], null);
    expect(report.sections).toEqual([]);
    expect(report.warnings).toEqual([
      "B2B could not be pulled: it is too large for the portal to send in one answer, and so is each of its parts by status (no action, accepted, rejected and pending). GSTN offers that much only as a file download, which the IMS API does not provide. Nothing on the B2B sheet was changed; use the GST portal for this section.",
    ]);
    expect(fake.inspect.sheetNames()).not.toContain("B2B");
  });

  test("a pull of one status that is too large cannot be split further: nothing changes and the report says so", async () => {
    const p = parts("B2B");
    sb.config.largeSectionThreshold = p.N - 1;
    const report = await app.pull(["B2B"], "no_action_taken");
    expect(report.sections).toEqual([]);
    expect(report.warnings).toEqual([
      "B2B (no action only) could not be pulled: it is too large for the portal to send in one answer. GSTN offers that much only as a file download, which the IMS API does not provide, and the records of one status cannot be asked for in smaller parts. Nothing on the B2B sheet was changed; use the GST portal for these records.",
    ]);
  });
});

describe("the GST session ended on GSTN's side (AUTH4033 / AUTH4038 inside an HTTP 200)", () => {
  test.each(["AUTH4033", "AUTH4038"])("%s: the pane says the session has ended (not the OTP) and is signed out", async (code) => {
    await sim(sb.url, "POST", "/gst-session/end", { gstin: MH, code });
    const error = await app.loadCounts().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    const explained = app.explain(error);
    expect(explained).toMatchObject({ kind: "session-expired", title: "Your GST session has ended", action: "sign-in-again" });
    expect(explained.detail).not.toMatch(/OTP was not accepted/);
    expect(app.sessionState().status).toBe("signed-out");
    await new Promise((r) => setTimeout(r, 2));
    const again = await signIn();
    expect((await again.loadCounts()).length).toBeGreaterThan(0);
  });
});

describe("recomputing GSTR-2B", () => {
  test("is followed at GET …/gstrs/gstr-2b/regenerate?reference_id=… to P", async () => {
    // A change after the period's GSTR-2B, made straight on the sandbox.
    const open = portalRecords(sb, "B2B").find((r) => r.filed && r.action === "N")!;
    const [y, m] = open.itcPeriod.split("-");
    const direct = await Session.open(sb.url, MH);
    const wire = (await direct.invoices("B2B")).find((x) => x.inum === open.docNum && x.rtnprd === `${m}${y}`)!;
    expect((await direct.save("b2b", [echo(wire, { action: "A" })])).status_cd).toBe("P");
    server.logs.length = 0;
    const status = await app.regenerateGstr2b(open.itcPeriod);
    expect(status).toMatchObject({ period: open.itcPeriod, state: "P", errorCode: null });
    const endpoints = server.logs.map((l) => JSON.parse(l) as { method: string; endpoint: string });
    expect(endpoints.filter((e) => e.method === "GET").map((e) => e.endpoint).every((e) => e.endsWith("/gst/compliance/tax-payer/gstrs/gstr-2b/regenerate"))).toBe(true);
    expect(endpoints.some((e) => e.method === "GET")).toBe(true);
  });
});
