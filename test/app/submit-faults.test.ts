/**
 * Issue #9: a submit that Excel fails or hangs at any sync never loses what the portal accepted.
 * For every sync of a submit, Excel fails that sync (then hangs it, with the pane closed and
 * opened again); the user then does what they would (submit again). Every time: each intended
 * action is applied on the portal exactly once (sandbox audit), and its row shows "Saved" with
 * the reference ID of the request that applied it.
 */
import type { StorageLike } from "../../src/api";
import type { ImsApp } from "../../src/app";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import type { RunningSandbox } from "../../src/sandbox/server";
import { testSandbox } from "../sandbox/helpers";
import { columnLetter, sectionLayout } from "../../src/workbook/layout";
import { auditOf, changesByKey, keyOf, pick, portalNow, rowByKey, sheetRows, signIn, typeCell } from "./helpers";

const LIMITS = { maxRecords: 2, maxBytes: 1_500_000 };
const EDITS = 4;

function memoryStorage(): StorageLike {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
}

let sb: RunningSandbox;
const used = new Set<string>();
beforeAll(async () => {
  sb = await testSandbox({ recordsPerGstin: 1600, jobDelayMs: 5, regenerateDelayMs: 5, rateLimit: { requests: 1_000_000, windowMs: 60_000 } });
});
afterAll(async () => {
  await sb?.close();
});

interface Round {
  fake: FakeExcelHandle;
  app: ImsApp;
  storage: StorageLike;
  keys: string[];
}

async function round(): Promise<Round> {
  const fake = installExcelFake({ today: sb.portal.clock.today() });
  const storage = memoryStorage();
  const app = await signIn(sb, { storage, batchLimits: LIMITS, now: portalNow(sb), pollInitialDelayMs: 20 });
  await app.pull(["B2B"], null);
  const targets = pick(sb, "B2B", EDITS, (r) => r.action === "N" && !r.pendingBlocked, used);
  const keys = targets.map(keyOf);
  for (const key of keys) typeCell(fake, "B2B", key, "action", "A");
  fake.resetStats();
  return { fake, app, storage, keys };
}

async function expectAppliedOnceWithReference(r: Round): Promise<void> {
  const changes = changesByKey(await auditOf(sb));
  for (const key of r.keys) {
    const applied = changes.get(key) ?? [];
    expect(applied.map((a) => a.to)).toEqual(["A"]);
    const row = rowByKey(r.fake, "B2B", key);
    expect({ key, result: row.result, referenceId: row.referenceId }).toEqual({ key, result: "Saved", referenceId: applied[0]!.by });
  }
}

let syncs = 0;
test("a clean submit, for reference: its syncs are the matrix below", async () => {
  const r = await round();
  try {
    await r.app.submit();
    syncs = r.fake.stats().syncs;
    await expectAppliedOnceWithReference(r);
    expect(syncs).toBeGreaterThanOrEqual(6);
    console.log(`submit syncs: ${syncs}`);
  } finally {
    r.fake.uninstall();
  }
});

test.each(["GeneralException", "InvalidOperation"] as const)("%s at every sync of a submit, then submit again: applied once, every reference ID on its row", async (kind) => {
  for (let k = 1; k <= syncs; k++) {
    const r = await round();
    try {
      r.fake.faults.add({ kind, nth: k });
      const first = await r.app.submit().then(
        () => null,
        (e: unknown) => r.app.explain(e),
      );
      expect(r.fake.faults.injectedCount()).toBe(1);
      if (first) expect(first.detail).not.toMatch(/Nothing was sent/);
      await r.app.submit();
      await expectAppliedOnceWithReference(r);
    } catch (e) {
      throw new Error(`${kind} at sync ${k} of ${syncs}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      r.fake.uninstall();
    }
  }
}, 600_000);

test("a sync that never returns, at every sync: the pane is closed and opened again; resume writes what was sent, nothing twice", async () => {
  for (let k = 1; k <= syncs; k++) {
    const r = await round();
    try {
      r.fake.faults.add({ kind: "hang", nth: k });
      const stuck = r.app.submit().catch(() => null);
      while (r.fake.faults.hungCount() === 0) await new Promise((res) => setTimeout(res, 5));
      r.fake.faults.releaseHung();
      await stuck;
      // A new pane on the same machine: same add-in storage, a new sign-in.
      const reopened = await signIn(sb, { storage: r.storage, batchLimits: LIMITS, now: portalNow(sb), pollInitialDelayMs: 20 });
      await reopened.resume();
      await reopened.submit();
      await expectAppliedOnceWithReference(r);
    } catch (e) {
      throw new Error(`hang at sync ${k} of ${syncs}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      r.fake.uninstall();
    }
  }
}, 600_000);

test("a co-author sorts, types and inserts rows before every sync of a submit: statuses and outcomes only on their own records", async () => {
  const r = await round();
  const layoutCols = ["taxableValue", "docNumber", "igst"] as const;
  let turn = 0;
  const stop = r.fake.beforeEachSync(() => {
    const t = turn++;
    if (t % 3 === 2) r.fake.user.insertRows("B2B", 3, 1);
    else r.fake.user.sortTable("B2B", "IMS_B2B", columnOf(layoutCols[t % layoutCols.length]!), t % 2 === 0);
  });
  try {
    await r.app.submit();
  } finally {
    stop();
  }
  expect(turn).toBeGreaterThan(10);
  await expectAppliedOnceWithReference(r);
  const refs = new Set(r.keys.map((k) => rowByKey(r.fake, "B2B", k).referenceId));
  const others = sheetRows(r.fake, "B2B").filter((row) => typeof row.key === "string" && !r.keys.includes(row.key) && refs.has(String(row.referenceId ?? "")));
  expect(others).toEqual([]);
  r.fake.uninstall();
}, 120_000);

function columnOf(id: "taxableValue" | "docNumber" | "igst"): number {
  return sectionLayout("B2B").index[id] as number;
}

test("the user is editing a cell when Submit runs: it waits (delayForCellEdit), then applies once; what they typed is kept", async () => {
  const r = await round();
  try {
    const other = pick(sb, "B2B", 1, (x) => x.action === "N" && !x.pendingBlocked, used)[0]!;
    const row = rowByKey(r.fake, "B2B", keyOf(other)).sheetRow;
    const remarksCol = columnLetter(sectionLayout("B2B").index.remarks as number);
    r.fake.user.startCellEdit("B2B", `${remarksCol}${row}`);
    const jobs = sb.state.jobs.size;
    let settled = false;
    const submit = r.app.submit().finally(() => (settled = true));
    await new Promise((res) => setTimeout(res, 100));
    // Waiting for the edit to end: not finished, nothing sent.
    expect({ settled, jobs: sb.state.jobs.size }).toEqual({ settled: false, jobs });
    r.fake.user.endCellEdit("Checked by phone");
    await submit;
    await expectAppliedOnceWithReference(r);
    expect(rowByKey(r.fake, "B2B", keyOf(other)).remarks).toBe("Checked by phone");
  } finally {
    r.fake.uninstall();
  }
});
