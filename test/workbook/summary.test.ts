import type { InvoiceCounts } from "../../src/api/types";
import { pullSectionIntoSheet, summaryRows, SUMMARY_HEADERS, WorkbookGstinMismatchError, writeSummarySheet } from "../../src/workbook";
import { SETTINGS_KEY } from "../../src/workbook/metadata";
import { INDIAN_COUNT_FORMAT } from "../../src/workbook/summary-sheet";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { GSTIN, records, T1, T2 } from "./helpers";

const c = (noAction: number, accepted: number, rejected: number, pending: number) => ({ noAction, accepted, rejected, pending });

const COUNTS: InvoiceCounts[] = [
  { goodsType: "imports", total: 3, sections: { IMPG: c(1, 1, 0, 0), IMPGSEZ: c(0, 0, 1, 0) } },
  { goodsType: "others", total: 1234567, sections: { B2B: c(1200000, 30000, 4000, 500), CN: c(60, 5, 1, 1), ECOMA: c(0, 0, 0, 0) } },
  { goodsType: "inward_supplies", total: 4, sections: { ISD: c(2, 1, 0, 0), ISDCN: c(0, 0, 0, 1) } },
];

let fake: FakeExcelHandle;
beforeEach(() => {
  fake = installExcelFake({ today: "2025-11-21" });
});
afterEach(() => fake.uninstall());

test("summary rows: groups in portal order, each section, then the group's total", () => {
  const rows = summaryRows(COUNTS);
  expect(rows.map((r) => [r.group, r.section, r.total])).toEqual([
    ["All other ITC (IMS sections)", "B2B", 1234500],
    ["All other ITC (IMS sections)", "CN", 67],
    ["All other ITC (IMS sections)", "ECOMA", 0],
    ["All other ITC (IMS sections)", "All", 1234567],
    ["Inward supplies from ISD", "ISD", 3],
    ["Inward supplies from ISD", "ISDCN", 1],
    ["Inward supplies from ISD", "All", 4],
    ["Import of goods", "IMPG", 2],
    ["Import of goods", "IMPGSEZ", 1],
    ["Import of goods", "All", 3],
  ]);
  expect(rows[0]!.description).toBe("B2B invoices");
  expect(rows[4]!.description).toBe("ISD invoices");
  expect(rows[8]!.description).toBe("Import of goods from SEZ");
});

test("the Summary sheet shows counts by group, section and status, and records when", async () => {
  await writeSummarySheet(COUNTS, { gstin: GSTIN, countedAt: T1 });
  expect(fake.inspect.sheetNames()[0]).toBe("Summary");
  expect(fake.inspect.values("Summary", "A2:B2")).toEqual([["GSTIN", GSTIN]]);
  expect(fake.inspect.cell("Summary", "B3").numberFormat).toBe("dd-mm-yyyy hh:mm");
  expect(fake.inspect.values("Summary", "A5:H5")[0]).toEqual([...SUMMARY_HEADERS]);
  expect(fake.inspect.values("Summary", "A6:H6")[0]).toEqual(["All other ITC (IMS sections)", "B2B", "B2B invoices", 1200000, 30000, 4000, 500, 1234500]);
  expect(fake.inspect.values("Summary", "B12:H12")[0]).toEqual(["All", "Total reported by the portal", 2, 1, 0, 1, 4]);
  expect(fake.inspect.cell("Summary", "D6").numberFormat).toBe(INDIAN_COUNT_FORMAT);
  expect(fake.inspect.tables("Summary")).toEqual([{ name: "IMS_Summary", address: "A5:H15" }]);
  expect((fake.inspect.settings()[SETTINGS_KEY] as { countsAt: string }).countsAt).toBe(T1);

  // Written again with fewer rows: nothing stale is left behind.
  await writeSummarySheet(COUNTS.slice(0, 1), { gstin: GSTIN, countedAt: T2 });
  expect(fake.inspect.tables("Summary")).toEqual([{ name: "IMS_Summary", address: "A5:H8" }]);
  expect(fake.inspect.usedRange("Summary")).toBe("A1:H8");
});

test("the summary keeps the workbook's pulls and refuses another GSTIN", async () => {
  await pullSectionIntoSheet("B2B", records("B2B", 2), { gstin: GSTIN, pulledAt: T1 });
  await writeSummarySheet(COUNTS, { gstin: GSTIN, countedAt: T2 });
  expect(fake.inspect.settings()[SETTINGS_KEY]).toMatchObject({ gstin: GSTIN, pulledAt: { B2B: T1 }, countsAt: T2 });
  await expect(writeSummarySheet(COUNTS, { gstin: "29AABCB5678K1Z5", countedAt: T2 })).rejects.toBeInstanceOf(WorkbookGstinMismatchError);
});

test("a user's own sheet called Summary is left alone", async () => {
  fake.seed.addSheet("Summary");
  fake.seed.setValues("Summary", "A1", [["mine"]]);
  const first = await writeSummarySheet(COUNTS, { gstin: GSTIN, countedAt: T1 });
  expect(first.sheetName).toBe("IMS Summary");
  expect(fake.inspect.values("Summary", "A1:A1")).toEqual([["mine"]]);
  const again = await writeSummarySheet(COUNTS, { gstin: GSTIN, countedAt: T2 });
  expect(again.sheetName).toBe("IMS Summary");
  expect(fake.inspect.sheetNames().filter((n) => n.includes("Summary"))).toEqual(["IMS Summary", "Summary"]);
});
