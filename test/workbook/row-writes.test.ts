/** Writing statuses and whole rows by record key, and the log sheet. */
import { imsRecordKey } from "../../src/ims/records";
import { EMPTY_STATUS, isEdited, RESULTS, rowFromRecord } from "../../src/ims/review-rows";
import {
  appendLogLines,
  listSectionSheets,
  LOG_HEADERS,
  pullIntoWorkbook,
  pullSectionIntoSheet,
  readSectionSheet,
  writeReviewRows,
  writeRowStatuses,
} from "../../src/workbook";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { cellAt, colOf, GSTIN, records, rowOf, T1, T2 } from "./helpers";
import { makeRecord } from "./synthetic-records";

let fake: FakeExcelHandle;
beforeEach(() => {
  fake = installExcelFake({ today: "2025-11-21" });
});
afterEach(() => fake.uninstall());

test("listSectionSheets names the sections that have a sheet", async () => {
  expect(await listSectionSheets()).toEqual([]);
  await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T1, records: { CN: records("CN", 2), B2B: records("B2B", 1) } });
  expect(await listSectionSheets()).toEqual(["B2B", "CN"]);
});

test("statuses land on the rows holding each key, wherever the user sorted them, as text", async () => {
  const rs = records("B2B", 10);
  await pullSectionIntoSheet("B2B", rs, { gstin: GSTIN, pulledAt: T1 });
  fake.user.sortTable("B2B", "IMS_B2B", colOf("B2B", "taxableValue"), true);
  const targets = [rs[1]!, rs[2]!, rs[7]!];
  const result = await writeRowStatuses("B2B", [
    ...targets.map((r) => ({ key: imsRecordKey(r), status: { result: RESULTS.saved, referenceId: "0012345", message: "=1+1 accepted", updatedAt: T2 } })),
    { key: "B2B|NOPE|X|2025-01", status: { ...EMPTY_STATUS, result: "x" } },
  ]);
  expect(result).toMatchObject({ written: 3, missing: ["B2B|NOPE|X|2025-01"] });
  for (const r of targets) {
    const row = rowOf(fake, "B2B", r);
    expect(fake.inspect.cell("B2B", cellAt("B2B", "result", row)).value).toBe("Saved");
    expect(fake.inspect.cell("B2B", cellAt("B2B", "referenceId", row))).toMatchObject({ value: "0012345", formula: null });
    expect(fake.inspect.cell("B2B", cellAt("B2B", "message", row))).toMatchObject({ value: "=1+1 accepted", formula: null });
  }
  const read = await readSectionSheet("B2B");
  expect(read.problems).toEqual([]);
  const byKey = new Map(read.rows.map((r) => [r.key, r]));
  expect(byKey.get(imsRecordKey(rs[7]!))!.status).toEqual({ result: "Saved", referenceId: "0012345", message: "=1+1 accepted", updatedAt: T2, state: "saved" });
  expect(byKey.get(imsRecordKey(rs[0]!))!.status).toEqual(EMPTY_STATUS);
});

test("many scattered statuses under a small payload limit: chunked, never one sync per row", async () => {
  fake.uninstall();
  fake = installExcelFake({ payloadLimitBytes: 100_000 });
  const rs = records("CN", 1500);
  await pullSectionIntoSheet("CN", rs, { gstin: GSTIN, pulledAt: T1 }, { budgetBytes: 94_000 });
  fake.resetStats();
  const updates = rs.filter((_, i) => i % 3 === 0).map((r) => ({ key: imsRecordKey(r), status: { result: RESULTS.failed, referenceId: "R1", message: "Rejected by the portal: IMS0004", updatedAt: T2 } }));
  const result = await writeRowStatuses("CN", updates, { budgetBytes: 94_000 });
  expect(result.written).toBe(500);
  const s = fake.stats();
  expect(s.maxRequestBytes).toBeLessThanOrEqual(100_000);
  expect(s.syncs).toBeLessThan(30);
  const read = await readSectionSheet("CN");
  expect(read.rows.filter((r) => r.status.result === RESULTS.failed)).toHaveLength(500);
});

test("whole rows rewritten by key: the portal's new state becomes the pulled state", async () => {
  const rs = records("CN", 4).map((r) => ({ ...r, action: "N" as const }));
  await pullSectionIntoSheet("CN", rs, { gstin: GSTIN, pulledAt: T1 });
  fake.user.typeInto("CN", cellAt("CN", "action", 3), "A");
  const read = await readSectionSheet("CN");
  const row = read.rows[1]!;
  expect(isEdited(row)).toBe(true);
  const accepted = { ...row.record, action: "A" as const, hash: "after-save" };
  const next = { ...rowFromRecord(accepted, row.sheetRow), status: { result: RESULTS.saved, referenceId: "77", message: "", updatedAt: T2 } };
  const result = await writeReviewRows("CN", [next]);
  expect(result).toMatchObject({ written: 1, missing: [] });
  const after = await readSectionSheet("CN");
  expect(after.problems).toEqual([]);
  const r = after.rows[1]!;
  expect(r).toMatchObject({ pulledAction: "A", version: "after-save", status: { result: "Saved", referenceId: "77" } });
  expect(isEdited(r)).toBe(false);
  expect(fake.inspect.cell("CN", cellAt("CN", "portalAction", 3)).value).toBe("Accepted");
});

test("the log sheet: made on first use, then appended below its table", async () => {
  const line = (n: number) => ({ at: T1, gstin: GSTIN, section: "B2B" as const, kind: "save" as const, records: n, referenceId: `00${n}`, outcome: "P", processed: n, errors: 0 });
  const first = await appendLogLines([line(1), line(2)]);
  expect(first.sheetName).toBe("IMS log");
  expect(fake.inspect.values("IMS log", "A1:I1")[0]).toEqual([...LOG_HEADERS]);
  expect(fake.inspect.tables("IMS log")).toEqual([{ name: "IMS_Log", address: "A1:I3" }]);
  await appendLogLines([line(3)]);
  expect(fake.inspect.tables("IMS log")).toEqual([{ name: "IMS_Log", address: "A1:I4" }]);
  expect(fake.inspect.values("IMS log", "B4:I4")[0]).toEqual([GSTIN, "B2B", "save", 3, "003", "P", 3, 0]);
  expect(fake.inspect.cell("IMS log", "F4")).toMatchObject({ value: "003", numberFormat: "@" });
  expect(fake.inspect.cell("IMS log", "A2").numberFormat).toBe("dd-mm-yyyy hh:mm");
});

test("a refresh after statuses were written keeps them", async () => {
  const rs = records("DN", 3);
  await pullSectionIntoSheet("DN", rs, { gstin: GSTIN, pulledAt: T1 });
  await writeRowStatuses("DN", [{ key: imsRecordKey(rs[0]!), status: { result: "Submitted", referenceId: "9", message: "waiting", updatedAt: T2 } }]);
  await pullSectionIntoSheet("DN", [...rs, makeRecord("DN", 9)], { gstin: GSTIN, pulledAt: T2 });
  const read = await readSectionSheet("DN");
  expect(read.rows[0]!.status).toEqual({ result: "Submitted", referenceId: "9", message: "waiting", updatedAt: T2, state: "submitted" });
});
