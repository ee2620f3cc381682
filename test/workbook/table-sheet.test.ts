/**
 * The one table-sheet writer behind the section, Summary and log sheets: free sheet names that
 * never clash with the user's sheets or with each other, number formats once per run of columns,
 * and widths.
 */
import { appendLogLines, LOG_HEADERS, pullIntoWorkbook, sectionLayout, writeSummarySheet } from "../../src/workbook";
import { freeSheetName, formatRuns, sheetNamesTaken } from "../../src/workbook/table-sheet";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { GSTIN, records, T1 } from "./helpers";

describe("free sheet names", () => {
  test("the first preferred name nobody uses, compared ignoring case", () => {
    expect(freeSheetName(["Summary", "IMS Summary"], sheetNamesTaken(["Sheet1"]))).toBe("Summary");
    expect(freeSheetName(["Summary", "IMS Summary"], sheetNamesTaken(["summary"]))).toBe("IMS Summary");
  });

  test("when every preferred name is taken, the last one numbered from 2", () => {
    expect(freeSheetName(["IMS log"], sheetNamesTaken(["IMS LOG"]))).toBe("IMS log 2");
    expect(freeSheetName(["Summary", "IMS Summary"], sheetNamesTaken(["Summary", "IMS Summary", "ims summary 2"]))).toBe("IMS Summary 3");
  });

  test("a name chosen is reserved, so names chosen for one batch never clash", () => {
    const taken = sheetNamesTaken(["B2B"]);
    expect(freeSheetName(["B2B (IMS)"], taken)).toBe("B2B (IMS)");
    expect(freeSheetName(["B2B (IMS)"], taken)).toBe("B2B (IMS) 2");
    expect(taken.has("b2b (ims) 2")).toBe(true);
  });

  test("a numbered name stays within Excel's 31 characters", () => {
    const long = "A sheet name of thirty-one char";
    expect(long).toHaveLength(31);
    const name = freeSheetName([long], sheetNamesTaken([long]));
    expect(name.length).toBeLessThanOrEqual(31);
    expect(name.endsWith(" 2")).toBe(true);
  });
});

test("number formats go in runs of adjacent columns; columns without one are left out", () => {
  expect(formatRuns(["@", "@", "0", undefined, "0", "@"])).toEqual([
    { from: 0, count: 2, format: "@" },
    { from: 2, count: 1, format: "0" },
    { from: 4, count: 1, format: "0" },
    { from: 5, count: 1, format: "@" },
  ]);
});

describe("in a workbook", () => {
  let fake: FakeExcelHandle;
  beforeEach(() => {
    fake = installExcelFake({ today: "2025-11-21" });
  });
  afterEach(() => fake.uninstall());

  test("section, Summary and log sheets never take a name the user's sheets use", async () => {
    for (const name of ["B2B", "summary", "IMS Summary", "ims log"]) {
      fake.seed.addSheet(name);
      fake.seed.setValues(name, "A1", [["mine"]]);
    }
    const pulled = await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T1, records: { B2B: records("B2B", 2), CN: records("CN", 2) } });
    const summary = await writeSummarySheet([], { gstin: GSTIN, countedAt: T1 });
    const log = await appendLogLines([{ at: T1, gstin: GSTIN, section: "B2B", kind: "save", records: 1, referenceId: "REF1", outcome: "P", processed: 1, errors: 0 }]);

    const ours = [...pulled.sections.map((s) => s.sheetName), summary.sheetName, log.sheetName];
    expect(ours).toEqual(["B2B (IMS)", "CN", "IMS Summary 2", "IMS log 2"]);
    const names = fake.inspect.sheetNames().map((n) => n.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    for (const name of ["B2B", "summary", "IMS Summary", "ims log"]) expect(fake.inspect.values(name, "A1:A1")).toEqual([["mine"]]);
  });

  test("widths and number formats reach every column and row of each kind of table sheet", async () => {
    await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T1, records: { CN: records("CN", 3) } });
    const layout = sectionLayout("CN");
    layout.columns.forEach((c, i) => expect(fake.inspect.columnWidth("CN", i)).toBe(c.group === "hidden" ? null : c.width));
    expect(fake.inspect.frozenRows("CN")).toBe(1);

    const summary = await writeSummarySheet([{ goodsType: "others", total: 3, sections: { B2B: { noAction: 1, accepted: 1, rejected: 1, pending: 0 } } }], { gstin: GSTIN, countedAt: T1 });
    expect([0, 1, 2, 3, 7].map((i) => fake.inspect.columnWidth(summary.sheetName, i))).toEqual([170, 70, 230, 70, 70]);
    expect(fake.inspect.cell(summary.sheetName, "A7").numberFormat).toBe("@");
    expect(fake.inspect.cell(summary.sheetName, "H7").value).toBe(3);

    const lines = Array.from({ length: 3 }, (_, i) => ({ at: T1, gstin: GSTIN, section: "CN" as const, kind: "save" as const, records: i, referenceId: `00${i}`, outcome: "P", processed: i, errors: 0 }));
    const log = await appendLogLines(lines);
    expect(fake.inspect.frozenRows(log.sheetName)).toBe(1);
    expect(fake.inspect.columnWidth(log.sheetName, LOG_HEADERS.length - 1)).toBe(50);
    // The reference IDs stay text ("002", not 2); the counts are numbers.
    expect(fake.inspect.cell(log.sheetName, "F4")).toMatchObject({ value: "002", numberFormat: "@" });
    expect(fake.inspect.cell(log.sheetName, "E4")).toMatchObject({ value: 2, numberFormat: "0" });
    expect(fake.inspect.cell(log.sheetName, "A4").numberFormat).toBe("dd-mm-yyyy hh:mm");
  });
});
