/**
 * Issue #9: a pull or refresh that Excel fails or hangs at any sync loses nothing. For every
 * sync index of a refresh, Excel fails that sync (then hangs it); the user then does what they
 * would (pull again, or reopen the pane). Every time: every typed action, remark, status and
 * user formula is on its record, each section sheet holds one valid table, no staging sheet is
 * left, and the error said truthfully what state the sheets were in.
 */
import { imsRecordKey, type ImsRecord } from "../../src/ims/records";
import { finishInterruptedPull, PullInterruptedError, pullIntoWorkbook, readSectionSheets } from "../../src/workbook";
import { columnLetter, sectionLayout } from "../../src/workbook/layout";
import { isStagingSheet } from "../../src/workbook/recovery";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { cellAt, GSTIN, records, rowOf, T1, T2, T3 } from "./helpers";

const SECTIONS = ["B2B", "CN"] as const;
const ROWS = 120;
const EDIT_EVERY = 3;

interface World {
  fake: FakeExcelHandle;
  recs: Record<(typeof SECTIONS)[number], ImsRecord[]>;
  /** The action and remarks typed, by record key. */
  typed: Map<string, { action: string; remarks: string }>;
  /** The user's formula column, per section: its letter. */
  userColumn: Record<string, string>;
}

async function world(): Promise<World> {
  const fake = installExcelFake({ today: "2025-11-21" });
  const recs = { B2B: records("B2B", ROWS).map((r) => ({ ...r, action: "N" as const })), CN: records("CN", ROWS).map((r) => ({ ...r, action: "N" as const })) };
  await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T1, records: recs });
  const typed = new Map<string, { action: string; remarks: string }>();
  const userColumn: Record<string, string> = {};
  for (const section of SECTIONS) {
    recs[section].forEach((r, i) => {
      if (i % EDIT_EVERY) return;
      const row = rowOf(fake, section, r);
      const action = ["A", "R", "P"][i % 3 === 0 ? (i / 3) % 3 : 0] as string;
      fake.user.typeInto(section, cellAt(section, "action", row), action);
      fake.user.typeInto(section, cellAt(section, "remarks", row), `Checked ${i}`);
    });
    // The user's own column, typed right of the table (Excel grows the table), with a formula per row.
    const col = columnLetter(sectionLayout(section).columns.length);
    userColumn[section] = col;
    fake.user.typeInto(section, `${col}1`, "My check");
    const docCol = columnLetter(sectionLayout(section).index.docNumber as number);
    for (let row = 2; row <= ROWS + 1; row++) fake.user.typeInto(section, `${col}${row}`, `=LEN(${docCol}${row})`);
  }
  // What the sheets hold now, typed and pulled alike, is what must survive.
  for (const read of await readSectionSheets([...SECTIONS], { repairValidation: false })) {
    for (const row of read.rows) typed.set(row.key, { action: row.edit.action ?? "", remarks: row.edit.remarks });
  }
  fake.resetStats();
  return { fake, recs, typed, userColumn };
}

/** The supplier changed some records, and new ones arrived. */
function refreshed(w: World): Record<string, ImsRecord[]> {
  const out: Record<string, ImsRecord[]> = {};
  for (const section of SECTIONS) out[section] = [...w.recs[section].map((r, i) => (i % 10 === 5 ? { ...r, hash: `${r.hash}-v2`, cgst: r.cgst + 100 } : r)), ...records(section, 5, ROWS)];
  return out;
}

async function expectNothingLost(w: World): Promise<void> {
  const { fake } = w;
  expect(fake.inspect.sheetNames().filter(isStagingSheet)).toEqual([]);
  const reads = await readSectionSheets([...SECTIONS], { repairValidation: false });
  for (const read of reads) {
    const section = read.section as (typeof SECTIONS)[number];
    expect(read.problems).toEqual([]);
    const tables = fake.inspect.tables(section);
    expect(tables).toHaveLength(1);
    expect(tables[0]!.address).toBe(fake.inspect.usedRange(section));
    const byKey = new Map(read.rows.map((r) => [r.key, r]));
    for (const r of w.recs[section]) {
      const want = w.typed.get(imsRecordKey(r));
      const row = byKey.get(imsRecordKey(r));
      expect(row).toBeDefined();
      expect({ action: row!.edit.action ?? "", remarks: row!.edit.remarks }).toEqual(want);
      // The user's formula is still a formula, following its row.
      const docCol = columnLetter(sectionLayout(section).index.docNumber as number);
      expect(fake.inspect.cell(section, `${w.userColumn[section]}${row!.sheetRow}`).formula).toBe(`=LEN(${docCol}${row!.sheetRow})`);
    }
  }
}

/** Calls after which a batch cut short leaves the sheets half changed (the rest only format). */
const STRUCTURAL = /^(WorksheetCollection\.Add|SettingCollection\.Add|Setting\.Delete|Worksheet\.Delete|Table\.ConvertToRange|Range\.Clear|Range\.CopyFrom|TableCollection\.Add|Table\.name|Range\.values)$/;

function structuralCalls(actions: readonly string[]): number[] {
  return actions.flatMap((a, i) => (STRUCTURAL.test(a) ? [i] : []));
}

/** Per sync of a refresh (1-based), how many structural calls it makes. */
const structuralBySync: number[] = [];

/** Syncs of one refresh when nothing fails. */
async function syncsOfRefresh(): Promise<number> {
  const w = await world();
  try {
    w.fake.beforeEachSync((info) => void structuralBySync.push(structuralCalls(info.actions).length));
    await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T2, records: refreshed(w) }, { budgetBytes: 60_000 });
    const n = w.fake.stats().syncs;
    await expectNothingLost(w);
    return n;
  } finally {
    w.fake.uninstall();
  }
}

let syncs = 0;
beforeAll(async () => {
  syncs = await syncsOfRefresh();
});

test("a refresh in small batches takes several syncs (so the matrix below covers every stage)", () => {
  expect(syncs).toBeGreaterThanOrEqual(5);
});

test.each([
  ["GeneralException", 0],
  ["InvalidOperation", 0],
  ["GeneralException", "half"],
] as const)("%s at every sync of a refresh (actions applied first: %s), then pull again: nothing lost, a valid table, a truthful message", async (kind, applied) => {
  for (let k = 1; k <= syncs; k++) {
    const w = await world();
    try {
      const before = SECTIONS.map((s) => w.fake.inspect.values(s, w.fake.inspect.usedRange(s) as string));
      w.fake.faults.add({ kind, nth: k, applied });
      let error: unknown = null;
      const result = await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T2, records: refreshed(w) }, { budgetBytes: 60_000 }).catch((e: unknown) => {
        error = e;
        return null;
      });
      expect(w.fake.faults.injectedCount()).toBe(1);
      if (error instanceof PullInterruptedError && error.state === "untouched") {
        // "Your sheets are as they were": true to the cell.
        expect(SECTIONS.map((s) => w.fake.inspect.values(s, w.fake.inspect.usedRange(s) as string))).toEqual(before);
      } else if (error !== null && !(error instanceof PullInterruptedError)) {
        // A failure before anything was written comes through as Excel's own error, and nothing changed.
        expect(SECTIONS.map((s) => w.fake.inspect.values(s, w.fake.inspect.usedRange(s) as string))).toEqual(before);
      } else if (result) {
        expect(result.sections.map((s) => s.section)).toEqual([...SECTIONS]);
      }
      // What the user does next: pull again.
      await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T3, records: refreshed(w) }, { budgetBytes: 60_000 });
      await expectNothingLost(w);
    } catch (e) {
      throw new Error(`with ${kind} (applied ${applied}) at sync ${k} of ${syncs}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      w.fake.uninstall();
    }
  }
});

test("a batch cut short right after each of its structural calls (sheet added, table converted, range cleared, copied, table added, sheet deleted), and Excel failing until the pull gives up: reopening the pane or pulling again repairs it, nothing lost", async () => {
  let pending = 0;
  for (let k = 1; k <= syncs; k++) {
    for (let m = 0; m < (structuralBySync[k - 1] ?? 0); m++) {
      const w = await world();
      try {
        w.fake.faults.add({ kind: "GeneralException", nth: k, applied: (info) => (structuralCalls(info.actions)[m] ?? -1) + 1 });
        // Excel stays unwell until the pull gives up: its retries and its own repair fail too.
        const disarm = w.fake.faults.add({ kind: "GeneralException", nth: k + 1, every: true });
        const error = await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T2, records: refreshed(w) }, { budgetBytes: 60_000 }).then(
          () => null,
          (e: unknown) => e,
        );
        disarm();
        expect(error).not.toBeNull();
        if (error instanceof PullInterruptedError && error.state === "pending") pending++;
        // What the user does next: reopen the pane (it finishes interrupted pulls), or just pull again.
        if (m % 2 === 0) await finishInterruptedPull();
        await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T3, records: refreshed(w) }, { budgetBytes: 60_000 });
        await expectNothingLost(w);
      } catch (e) {
        throw new Error(`cut after structural call ${m + 1} of sync ${k} of ${syncs}: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        w.fake.uninstall();
      }
    }
  }
  // The matrix reached the dangerous state (section sheets half replaced, staging sheets holding the rest) many times.
  expect(pending).toBeGreaterThanOrEqual(10);
});

test("a sync that never returns: the pane is closed; when it opens again the pull is finished or undone, nothing lost", async () => {
  for (let k = 1; k <= syncs; k++) {
    const w = await world();
    try {
      w.fake.faults.add({ kind: "hang", nth: k });
      const stuck = pullIntoWorkbook({ gstin: GSTIN, pulledAt: T2, records: refreshed(w) }, { budgetBytes: 60_000 }).catch(() => null);
      while (w.fake.faults.hungCount() === 0) await new Promise((r) => setTimeout(r, 0));
      // The pane is closed (its JavaScript is gone; the hung request never applies) and opened again.
      w.fake.faults.releaseHung();
      await stuck;
      await finishInterruptedPull();
      await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T3, records: refreshed(w) }, { budgetBytes: 60_000 });
      await expectNothingLost(w);
    } catch (e) {
      throw new Error(`with a hang at sync ${k} of ${syncs}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      w.fake.uninstall();
    }
  }
});

test("the user is editing a cell when the pull starts: it waits (delayForCellEdit), and what they typed is kept", async () => {
  const w = await world();
  try {
    const r = w.recs.B2B[1]!;
    const row = rowOf(w.fake, "B2B", r);
    w.fake.user.startCellEdit("B2B", cellAt("B2B", "action", row));
    const pull = pullIntoWorkbook({ gstin: GSTIN, pulledAt: T2, records: refreshed(w) });
    await new Promise((res) => setTimeout(res, 20));
    w.fake.user.endCellEdit("R");
    await pull;
    w.typed.set(imsRecordKey(r), { ...w.typed.get(imsRecordKey(r))!, action: "R" });
    await expectNothingLost(w);
  } finally {
    w.fake.uninstall();
  }
});
