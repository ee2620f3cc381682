/**
 * Issue #5 end to end, the hard cases: a task pane closed mid-poll and reopened, a cancel while a
 * save is on its way, answers lost twice, a request refused whole, batching within the limits,
 * and declarations the portal stores differently from how they were typed.
 */
import { DEFAULT_LIMIT } from "../../src/api";
import { SECTION_CODES } from "../../src/ims/sections";
import {
  auditOf,
  changesByKey,
  delay,
  jobCount,
  keyOf,
  logRows,
  pick,
  portal,
  rowByKey,
  startWorld,
  typeCell,
  wireTap,
  type World,
} from "./helpers";

let w: World | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

function rupees(paise: number): string {
  return (paise / 100).toFixed(2);
}

describe("a task pane closed mid-way", () => {
  test("closed mid-poll: rows keep 'Submitted' with their reference IDs; a new pane's resume writes the outcomes; nothing is sent twice", async () => {
    w = await startWorld({ sandbox: { jobDelayMs: 300 }, batchLimits: { maxRecords: 2, maxBytes: 1_500_000 } });
    const { sb, fake, app } = w;
    await app.pull(["B2B"], null);
    const targets = pick(sb, "B2B", 5, (r) => r.action === "N");
    for (const r of targets) typeCell(fake, "B2B", keyOf(r), "action", "A");

    const pane = new AbortController();
    const report = await app.submit({
      signal: pane.signal,
      onProgress: (p) => {
        if (p.message.startsWith("Waiting for the portal: batch 2")) pane.abort();
      },
    });
    expect(report.cancelled).toBe(true);
    expect(report.batches.map((b) => b.state)).toEqual(["done", "waiting", "waiting"]);
    const [, second, third] = report.batches;
    const rows = targets.map((r) => rowByKey(fake, "B2B", keyOf(r)));
    expect(rows.map((r) => r.result)).toEqual(["Saved", "Saved", "Submitted", "Submitted", "Submitted"]);
    expect(rows.map((r) => r.referenceId).slice(2)).toEqual([second!.referenceId, second!.referenceId, third!.referenceId]);
    expect(jobCount(sb)).toBe(3);

    // The pane is gone; the workbook stays. A new pane finds the rows waiting and follows them up.
    const reopened = await w.reopen();
    const review = await reopened.review();
    expect(review).toMatchObject({ awaiting: 3, empty: true });
    const resumed = await reopened.resume();
    expect(resumed).toMatchObject({ saved: 3, failed: [], cancelled: false });
    expect(resumed!.batches.map((b) => [b.referenceId, b.kind, b.state])).toEqual([
      [second!.referenceId, "save", "done"],
      [third!.referenceId, "save", "done"],
    ]);
    for (const r of targets.slice(2)) {
      const row = rowByKey(fake, "B2B", keyOf(r));
      expect(row).toMatchObject({ result: "Saved", portalAction: "Accepted", action: "A" });
      expect(row.message).toMatch(/followed up after the task pane was closed/);
    }
    expect(await reopened.resume()).toBeNull();
    expect(await reopened.submit()).toMatchObject({ batches: [], saved: 0 });
    expect(jobCount(sb)).toBe(3);
    const audit = changesByKey(await auditOf(sb));
    for (const r of targets) expect(audit.get(keyOf(r))).toHaveLength(1);
    expect(logRows(fake).filter((l) => l.outcome === "P").map((l) => l.referenceId).sort()).toEqual(report.batches.map((b) => b.referenceId).sort());
  });

  test("a new pane's submit follows up the waiting rows first (never resending them), and a row changed meanwhile is sent with its new entry", async () => {
    w = await startWorld({ sandbox: { jobDelayMs: 200 }, batchLimits: { maxRecords: 2, maxBytes: 1_500_000 } });
    const { sb, fake, app } = w;
    await app.pull(["B2B"], null);
    const targets = pick(sb, "B2B", 4, (r) => r.action === "N");
    for (const r of targets) typeCell(fake, "B2B", keyOf(r), "action", "A");
    const pane = new AbortController();
    const report = await app.submit({ signal: pane.signal, onProgress: (p) => p.message.startsWith("Waiting for the portal") && pane.abort() });
    expect(report.cancelled).toBe(true);
    expect(targets.map((r) => rowByKey(fake, "B2B", keyOf(r)).result)).toEqual(["Submitted", "Submitted", "Submitted", "Submitted"]);
    // While nobody watched, the user changed their mind on one row.
    const changed = targets[1]!;
    typeCell(fake, "B2B", keyOf(changed), "action", "R");
    await delay(250);

    const reopened = await w.reopen();
    const again = await reopened.submit();
    expect(again).toMatchObject({ saved: 5, failed: [], conflicts: [], cancelled: false });
    expect(again.batches.map((b) => [b.kind, b.records, b.state])).toEqual([
      ["save", 2, "done"],
      ["save", 2, "done"],
      ["save", 1, "done"],
    ]);
    expect(jobCount(sb)).toBe(3);
    const stored = portal(sb);
    expect(targets.map((r) => stored.get(keyOf(r))?.action)).toEqual(["A", "R", "A", "A"]);
    expect(changesByKey(await auditOf(sb)).get(keyOf(changed))?.map((e) => `${e.from}>${e.to}`)).toEqual(["N>A", "A>R"]);
    expect(rowByKey(fake, "B2B", keyOf(changed))).toMatchObject({ result: "Saved", action: "R", portalAction: "Rejected" });
    expect(await reopened.submit()).toMatchObject({ batches: [] });
  });

  test("cancelled while a save was on its way (the answer never read): rows say 'Outcome unknown'; the next submit finds it applied and sends nothing", async () => {
    const pane = new AbortController();
    let cut = true;
    const tap = wireTap(undefined, (req, response) => {
      if (!cut || !req.path.endsWith("/invoices/status/save")) return;
      cut = false;
      // The portal took the request; then the pane closes before the answer is read.
      pane.abort();
      return new Response(new ReadableStream({ start: (c) => c.error(new Error("pane closed")) }), { status: response.status, headers: response.headers });
    });
    w = await startWorld({ fetch: tap.fetch });
    const { sb, fake, app } = w;
    await app.pull(["B2B"], null);
    const targets = pick(sb, "B2B", 3, (r) => r.action === "N");
    for (const r of targets) typeCell(fake, "B2B", keyOf(r), "action", "P");

    const report = await app.submit({ signal: pane.signal });
    expect(report.cancelled).toBe(true);
    expect(report.batches[0]!.state).toBe("unknown");
    for (const r of targets) {
      const row = rowByKey(fake, "B2B", keyOf(r));
      expect(row).toMatchObject({ result: "Outcome unknown", action: "P", portalAction: "No action" });
      expect(row.message).toMatch(/^Cancelled while this was being sent/);
    }
    await delay(100);
    expect(targets.map((r) => portal(sb).get(keyOf(r))?.action)).toEqual(["P", "P", "P"]);

    const reopened = await w.reopen();
    const again = await reopened.submit();
    expect(again).toMatchObject({ batches: [], saved: 3, failed: [], conflicts: [] });
    expect(jobCount(sb)).toBe(1);
    for (const r of targets) {
      expect(rowByKey(fake, "B2B", keyOf(r))).toMatchObject({ result: "Saved", portalAction: "Pending", message: "The portal already holds this entry (applied earlier, or entered on the portal); nothing was sent." });
    }
    const audit = changesByKey(await auditOf(sb));
    for (const r of targets) expect(audit.get(keyOf(r))).toHaveLength(1);
  });
});

describe("the user keeps working while a submit runs", () => {
  test("an entry changed while its request was in progress is kept (and sent next time); the portal's answer still lands on the row", async () => {
    w = await startWorld({ sandbox: { jobDelayMs: 300 } });
    const { sb, fake, app } = w;
    await app.pull(["B2B"], null);
    const targets = pick(sb, "B2B", 3, (r) => r.action === "N" && !r.remarksBlocked);
    for (const r of targets) typeCell(fake, "B2B", keyOf(r), "action", "A");
    const changed = targets[1]!;
    let typed = false;
    const report = await app.submit({
      onBatch: (b) => {
        if (typed || b[0]?.state !== "waiting") return;
        typed = true;
        typeCell(fake, "B2B", keyOf(changed), "action", "R");
        typeCell(fake, "B2B", keyOf(changed), "remarks", "Second thoughts: goods damaged");
      },
    });
    expect(typed).toBe(true);
    expect(report).toMatchObject({ saved: 3, failed: [] });
    expect(portal(sb).get(keyOf(changed))?.action).toBe("A");
    const row = rowByKey(fake, "B2B", keyOf(changed));
    expect(row).toMatchObject({ result: "Saved", portalAction: "Accepted", action: "R", remarks: "Second thoughts: goods damaged" });
    expect(row.message).toMatch(/You changed this row while it was being sent: your new entry is kept and is sent on the next submit\.$/);
    expect(rowByKey(fake, "B2B", keyOf(targets[0]!))).toMatchObject({ result: "Saved", action: "A" });

    const again = await app.submit();
    expect(again).toMatchObject({ saved: 1, failed: [], conflicts: [] });
    expect(portal(sb).get(keyOf(changed))).toMatchObject({ action: "R", remarks: "Second thoughts: goods damaged" });
  });
});

describe("answers lost and requests refused", () => {
  test("no answer twice: rows say 'Outcome unknown'; the next submit settles them by re-reading (applied counts as success, not IMSSAV0010)", async () => {
    let saves = 0;
    let world: World | null = null;
    const tap = wireTap((req) => {
      if (!req.path.endsWith("/invoices/status/save")) return;
      saves++;
      // The first try never reaches the portal; the resend is applied but its answer is dropped.
      if (saves === 1) throw new TypeError("fetch failed");
      if (saves === 2) world!.sb.faults.update({ dropResponses: 1 });
    });
    w = world = await startWorld({ fetch: tap.fetch });
    const { sb, fake, app } = w;
    await app.pull(["ECOM"], null);
    const targets = pick(sb, "ECOM", 2, (r) => r.action === "N" && !r.remarksBlocked);
    for (const r of targets) {
      typeCell(fake, "ECOM", keyOf(r), "action", "R");
      typeCell(fake, "ECOM", keyOf(r), "remarks", "Not ordered");
    }

    const report = await app.submit();
    expect(report.failed.map((f) => f.code)).toEqual(["outcome-unknown", "outcome-unknown"]);
    for (const r of targets) {
      expect(rowByKey(fake, "ECOM", keyOf(r))).toMatchObject({ result: "Outcome unknown", action: "R", remarks: "Not ordered", message: "The portal did not answer twice. Submit again later: the add-in will check what was applied first." });
      expect(portal(sb).get(keyOf(r))).toMatchObject({ action: "R", remarks: "Not ordered" });
    }
    expect(logRows(fake).filter((l) => l.kind === "check").map((l) => l.outcome)).toEqual(["answer lost: 0 applied, 2 to resend, 0 changed"]);

    const again = await app.submit();
    expect(again).toMatchObject({ batches: [], saved: 2, failed: [] });
    expect(saves).toBe(2);
    for (const r of targets) expect(rowByKey(fake, "ECOM", keyOf(r))).toMatchObject({ result: "Saved", portalAction: "Rejected" });
    const audit = changesByKey(await auditOf(sb));
    for (const r of targets) expect(audit.get(keyOf(r))).toHaveLength(1);
  });

  test("a lost save that only adds a declaration is not taken as applied: the re-read compares the declaration too, and the save is sent again", async () => {
    let saves = 0;
    // The first save never reaches the portal (its outcome is unknown to the add-in).
    const tap = wireTap((req) => {
      if (req.path.endsWith("/invoices/status/save") && ++saves === 1) throw new TypeError("fetch failed");
    });
    w = await startWorld({ fetch: tap.fetch });
    const { sb, fake, app } = w;
    await app.pull(["CN"], null);
    const [accepted] = pick(sb, "CN", 1, (r) => r.action === "A" && !r.itcRedReq && r.specified && !r.itcReductionBlocked);
    typeCell(fake, "CN", keyOf(accepted!), "itcRequired", "Y");
    const report = await app.submit();
    expect(report).toMatchObject({ saved: 1, failed: [] });
    expect(saves).toBe(2);
    expect(logRows(fake).find((l) => l.kind === "check")?.outcome).toBe("answer lost: 0 applied, 1 to resend, 0 changed");
    expect(portal(sb).get(keyOf(accepted!))).toMatchObject({ action: "A", itcRedReq: "Y", declIgst: accepted!.iamt, declCgst: accepted!.camt });
    expect(rowByKey(fake, "CN", keyOf(accepted!))).toMatchObject({ result: "Saved", itcRequired: "Y" });
  });

  test("a request the portal refuses whole (SIM009, too many records) fails its rows only; the other batches go through; a smaller batch size then sends them", async () => {
    w = await startWorld({ sandbox: { maxRecordsPerRequest: 3 }, batchLimits: { maxRecords: 5, maxBytes: 1_500_000 } });
    const { sb, fake, app } = w;
    await app.pull(["B2B"], null);
    const targets = pick(sb, "B2B", 7, (r) => r.action === "N");
    for (const r of targets) typeCell(fake, "B2B", keyOf(r), "action", "A");

    const report = await app.submit();
    expect(report.batches.map((b) => [b.records, b.state])).toEqual([
      [5, "failed"],
      [2, "done"],
    ]);
    expect(report.saved).toBe(2);
    expect(report.failed).toHaveLength(5);
    for (const r of targets.slice(0, 5)) {
      expect(rowByKey(fake, "B2B", keyOf(r))).toMatchObject({
        result: "Failed",
        referenceId: "",
        action: "A",
        message: "SIM009: A request may carry at most 3 records; this one has 5. Nothing was applied; your entry is kept.",
      });
    }
    expect(logRows(fake).find((l) => l.outcome === "refused: SIM009")).toMatchObject({ records: 5, errors: 5 });

    const smaller = await w.reopen({ batchLimits: { maxRecords: 3, maxBytes: 1_500_000 } });
    expect(await smaller.submit()).toMatchObject({ saved: 5, failed: [] });
    expect(targets.every((r) => portal(sb).get(keyOf(r))?.action === "A")).toBe(true);
  });
});

describe("batches", () => {
  test("split by record count and body size, within the client's rate limit", async () => {
    const tap = wireTap();
    w = await startWorld({ fetch: tap.fetch, sandbox: { jobDelayMs: 0 }, batchLimits: { maxRecords: 4, maxBytes: 1_500_000 } });
    const { sb, fake, app } = w;
    await app.pull(["B2B"], null);
    const used = new Set<string>();
    const saves = pick(sb, "B2B", 14, (r) => r.action === "N", used);
    const resets = pick(sb, "B2B", 3, (r) => r.action === "A", used);
    for (const r of saves) typeCell(fake, "B2B", keyOf(r), "action", "R");
    for (const r of resets) typeCell(fake, "B2B", keyOf(r), "action", "N");
    const report = await app.submit();
    expect(report).toMatchObject({ saved: 14, reset: 3, failed: [] });
    const sizes = tap.submits().map((s) => [s.path.endsWith("/save") ? "save" : "reset", (JSON.parse(s.body).invdata.b2b as unknown[]).length]);
    expect(sizes).toEqual([
      ["save", 4],
      ["save", 4],
      ["save", 4],
      ["save", 2],
      ["reset", 3],
    ]);

    // By body size: every request stays under the limit.
    const more = pick(sb, "B2B", 12, (r) => r.action === "N", used);
    for (const r of more) typeCell(fake, "B2B", keyOf(r), "action", "A");
    const small = await w.reopen({ fetch: tap.fetch, batchLimits: { maxRecords: 1000, maxBytes: 1500 } });
    const before = tap.submits().length;
    expect(await small.submit()).toMatchObject({ saved: 12, failed: [] });
    const bodies = tap.submits().slice(before).map((s) => new TextEncoder().encode(s.body).length);
    expect(bodies.length).toBeGreaterThan(1);
    for (const n of bodies) expect(n).toBeLessThanOrEqual(1500);
    expect(bodies.reduce((a, b) => a + b, 0)).toBeGreaterThan(1500);

    // Within the rate limit: never more than the client's limit in any 60 s, and never a 429.
    expect(tap.seen.every((s) => s.status !== 429)).toBe(true);
    for (const s of tap.seen) expect(tap.seen.filter((t) => t.at >= s.at && t.at < s.at + DEFAULT_LIMIT.windowMs).length).toBeLessThanOrEqual(DEFAULT_LIMIT.limit);
  });
});

describe("declarations as the portal stores them", () => {
  test("a partial declaration (others 0), 'Y' with no amounts (the whole tax) and 'N' with zeros are saved, shown as stored, and changed again without a false conflict", async () => {
    w = await startWorld();
    const { sb, fake, app } = w;
    await app.pull(["CN"], null);
    const used = new Set<string>();
    const [partial] = pick(sb, "CN", 1, (r) => r.action === "N" && r.specified && !r.itcReductionBlocked && r.iamt > 0, used);
    const [whole] = pick(sb, "CN", 1, (r) => r.action === "N" && r.specified && !r.itcReductionBlocked && r.camt > 0, used);
    const [never] = pick(sb, "CN", 1, (r) => r.action === "N" && r.specified && !r.itcReductionBlocked, used);
    const half = Math.floor(partial!.iamt / 2);
    typeCell(fake, "CN", keyOf(partial!), "action", "A");
    typeCell(fake, "CN", keyOf(partial!), "itcRequired", "Y");
    typeCell(fake, "CN", keyOf(partial!), "itcIgst", rupees(half));
    typeCell(fake, "CN", keyOf(whole!), "action", "A");
    typeCell(fake, "CN", keyOf(whole!), "itcRequired", "Y");
    typeCell(fake, "CN", keyOf(never!), "action", "A");
    typeCell(fake, "CN", keyOf(never!), "itcRequired", "N");
    typeCell(fake, "CN", keyOf(never!), "itcIgst", "0");

    const report = await app.submit();
    expect(report).toMatchObject({ saved: 3, failed: [], refused: [] });
    const stored = portal(sb);
    expect(stored.get(keyOf(partial!))).toMatchObject({ itcRedReq: "Y", declIgst: half, declCgst: 0, declSgst: 0, declCess: 0 });
    expect(stored.get(keyOf(whole!))).toMatchObject({ itcRedReq: "Y", declIgst: whole!.iamt, declCgst: whole!.camt, declSgst: whole!.samt, declCess: whole!.cess });
    expect(stored.get(keyOf(never!))).toMatchObject({ itcRedReq: "N" });
    expect(stored.get(keyOf(never!))?.declIgst).toBeUndefined();
    // The sheet shows what the portal stores.
    expect(rowByKey(fake, "CN", keyOf(partial!))).toMatchObject({ itcIgst: half / 100, itcCgst: 0, itcSgst: 0, itcCess: 0 });
    expect(rowByKey(fake, "CN", keyOf(whole!))).toMatchObject({ itcCgst: whole!.camt / 100, itcSgst: whole!.samt / 100 });
    expect(rowByKey(fake, "CN", keyOf(never!))).toMatchObject({ itcRequired: "N", itcIgst: "" });
    expect((await app.review()).empty).toBe(true);

    // Changed again without a pull in between: sent, not mistaken for someone else's change.
    typeCell(fake, "CN", keyOf(partial!), "itcIgst", rupees(Math.floor(half / 2)));
    const again = await app.submit();
    expect(again).toMatchObject({ saved: 1, conflicts: [], failed: [] });
    expect(portal(sb).get(keyOf(partial!))).toMatchObject({ declIgst: Math.floor(half / 2), declCgst: 0 });
  });
});

test("every section the add-in pulls round-trips an action", async () => {
  w = await startWorld({ sandbox: { jobDelayMs: 0 } });
  const { sb, fake, app } = w;
  await app.pull(SECTION_CODES, null);
  const picked = SECTION_CODES.map((section) => pick(sb, section, 1, (r) => r.action === "N")[0]!);
  for (const r of picked) typeCell(fake, r.section, keyOf(r), "action", "A");
  const report = await app.submit();
  expect(report).toMatchObject({ saved: SECTION_CODES.length, failed: [], refused: [], conflicts: [] });
  for (const r of picked) expect(portal(sb).get(keyOf(r))?.action).toBe("A");
});
