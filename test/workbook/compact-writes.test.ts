/**
 * What keeps a 100k-row pull within its sync budget without losing anything: the portal's
 * 64-digit hashes kept in 44 characters (version-cell.ts), columns blank in every row not sent,
 * and a pull planned in its own first sync (no read of the caller's own).
 */
import type { ImsRecord } from "../../src/ims/records";
import { pullIntoWorkbook, readSectionSheet } from "../../src/workbook";
import { LISTS_SHEET } from "../../src/workbook/lists-sheet";
import { rowFromRecord } from "../../src/ims/review-rows";
import { rowToCells } from "../../src/workbook/cells";
import { WriteBatcher, type WriteOp } from "../../src/workbook/chunking";
import { columnLetter, sectionLayout } from "../../src/workbook/layout";
import { filledColumnRuns, writeStagingSheet } from "../../src/workbook/section-sheet";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { cellAt, colOf, GSTIN, records, rowOf, T1, T2 } from "./helpers";

let fake: FakeExcelHandle;
beforeEach(() => {
  fake = installExcelFake({ today: "2025-11-21" });
});
afterEach(() => fake.uninstall());

const hex64 = (i: number) => (i * 2654435761 + 12345).toString(16).padStart(64, "0").slice(-64);

function withPortalHashes(list: ImsRecord[]): ImsRecord[] {
  return list.map((r, i) => ({ ...r, hash: i % 2 ? hex64(i) : hex64(i).toUpperCase() }));
}

describe("the portal version of a record", () => {
  test("a 64-digit hash is written in 44 or 45 characters and read back as the hash", async () => {
    const list = withPortalHashes(records("B2B", 6));
    await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T1, records: { B2B: list } });
    for (const r of list) {
      const cell = fake.inspect.values("B2B", cellAt("B2B", "version", rowOf(fake, "B2B", r)))[0]?.[0] as string;
      expect(cell.startsWith("~")).toBe(true);
      expect(cell.length).toBeLessThanOrEqual(45);
    }
    const read = await readSectionSheet("B2B");
    expect(read.problems).toEqual([]);
    expect(read.rows.map((row) => row.version)).toEqual(list.map((r) => r.hash));
  });

  test("the same versions pulled again change nothing; a new version is seen as one", async () => {
    const list = withPortalHashes(records("B2B", 4));
    await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T1, records: { B2B: list } });
    const again = await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T2, records: { B2B: list } });
    expect(again.sections[0]).toMatchObject({ added: 0, updated: 0 });
    const changed = list.map((r, i) => (i === 2 ? { ...r, hash: hex64(99) } : r));
    const third = await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T2, records: { B2B: changed } });
    expect(third.sections[0]).toMatchObject({ updated: 1 });
  });

  test("a cell written by an earlier version (the 64 digits themselves) reads as the same version", async () => {
    const list = withPortalHashes(records("B2B", 3));
    await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T1, records: { B2B: list } });
    const r = list[1] as ImsRecord;
    fake.user.typeInto("B2B", cellAt("B2B", "version", rowOf(fake, "B2B", r)), r.hash);
    const read = await readSectionSheet("B2B");
    expect(read.problems).toEqual([]);
    expect(read.rows.find((row) => row.key.includes(r.docNumber.toUpperCase()))?.version).toBe(r.hash);
  });

  test("a packed cell changed by hand is reported like any changed hidden cell", async () => {
    const list = withPortalHashes(records("B2B", 2));
    await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T1, records: { B2B: list } });
    const address = cellAt("B2B", "version", rowOf(fake, "B2B", list[1] as ImsRecord));
    const cell = fake.inspect.values("B2B", address)[0]?.[0] as string;
    fake.user.typeInto("B2B", address, `${cell.slice(0, -1)}${cell.endsWith("A") ? "B" : "A"}`);
    const read = await readSectionSheet("B2B");
    expect(read.problems.map((p) => p.message).join(" ")).toMatch(/Portal version/);
  });
});

describe("columns blank in every row", () => {
  test("are not sent: what the staging sheet holds there is left alone", async () => {
    const layout = sectionLayout("CN");
    const rows = records("CN", 30).map((r) => rowToCells(layout, rowFromRecord(r, 2)));
    const width = layout.columns.length;
    const blank = layout.columns.map((_, c) => rows.every((row) => row[c] === "")).map((b, c) => (b ? c : -1)).filter((c) => c >= 0);
    expect(blank.map((c) => layout.columns[c]?.id)).toEqual(expect.arrayContaining(["itcIgst", "result", "message", "state"]));
    await Excel.run(async (context) => {
      // A batcher that marks every cell of the staging sheet right after the sheet is added.
      let queued = 0;
      const batcher = new (class extends WriteBatcher {
        override async add(op: WriteOp): Promise<void> {
          await super.add(op);
          if (++queued === 1) context.workbook.worksheets.getItem("IMS staging CN").getRangeByIndexes(1, 0, rows.length, width).values = rows.map((r) => r.map(() => "mark"));
        }
      })(context);
      const plan = { layout, sheetName: "CN", stagingName: "IMS staging CN", stagingExists: false, create: true, setWidths: true, originRow: 0, originCol: 0, clearRows: 0, clearColumns: 0 };
      await writeStagingSheet(batcher, plan, rows);
      await batcher.flush();
    });
    const written = fake.inspect.values("IMS staging CN", `A2:${columnLetter(width - 1)}${rows.length + 1}`);
    written.forEach((row, i) => {
      row.forEach((cell, c) => expect(cell).toEqual(blank.includes(c) ? "mark" : (rows[i] as unknown[])[c]));
    });
  });

  test("runs cover exactly the columns that hold something in some row", () => {
    expect(filledColumnRuns([["a", "", "", "b", "", "c"], ["", "", "", "", "", ""]], 6)).toEqual([{ from: 0, count: 1 }, { from: 3, count: 1 }, { from: 5, count: 1 }]);
    expect(filledColumnRuns([["a", "", ""], ["", "x", ""]], 3)).toEqual([{ from: 0, count: 2 }]);
    expect(filledColumnRuns([[0, false, ""]], 3)).toEqual([{ from: 0, count: 2 }]);
    expect(filledColumnRuns([], 4)).toEqual([]);
  });

  test("a later pull writes the statuses rows have", async () => {
    const list = records("B2B", 4);
    await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T1, records: { B2B: list } });
    // A record that leaves the portal gets a status in a column blank until now.
    await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T2, records: { B2B: list.slice(1) } });
    const gone = rowOf(fake, "B2B", list[0] as ImsRecord);
    expect(fake.inspect.values("B2B", cellAt("B2B", "result", gone))[0]?.[0]).not.toBe("");
    expect(colOf("B2B", "result")).toBeGreaterThan(0);
  });
});

describe("a pull planned in its own first sync", () => {
  test("the planner sees the workbook's metadata and sheets, and its pull writes", async () => {
    const glances: { gstin: string | null; sheets: readonly string[] }[] = [];
    const plan = (records: ImsRecord[]) => (workbook: { metadata: { gstin: string } | null; sheetNames: readonly string[] }) => {
      glances.push({ gstin: workbook.metadata?.gstin ?? null, sheets: workbook.sheetNames });
      return { gstin: GSTIN, pulledAt: T1, records: { B2B: records } };
    };
    const first = await pullIntoWorkbook(plan(records("B2B", 3)));
    expect(first.sections[0]).toMatchObject({ section: "B2B", added: 3 });
    await pullIntoWorkbook(plan(records("B2B", 4)));
    expect(glances[0]).toEqual({ gstin: null, sheets: ["Sheet1"] });
    expect(glances[1]?.gstin).toBe(GSTIN);
    expect(glances[1]?.sheets).toContain("B2B");
  });

  test("a planner that refuses writes nothing, in one sync", async () => {
    await expect(
      pullIntoWorkbook(() => {
        throw new Error("not this workbook");
      }),
    ).rejects.toThrow("not this workbook");
    expect(fake.inspect.sheetNames()).toEqual(["Sheet1"]);
    expect(fake.stats().syncs).toBe(1);
  });
});
