/**
 * The Purchase register sheet (issue 11): made with the template's headers and formats, read as
 * it is (wherever the register starts, under the payload limit), and each unreadable row flagged
 * on its row in the add-in's own column, which is never read back as data.
 */
import { ADDIN_TEMPLATE_HEADERS, readRegister } from "../../src/ims/register";
import { DATE_FORMAT, INDIAN_AMOUNT_FORMAT } from "../../src/workbook/layout";
import { flagRegisterRows, openRegisterSheet, PROBLEM_HEADER, readRegisterCells, REGISTER_SHEET, type RegisterCells } from "../../src/workbook";
import { dateToSerial, installExcelFake, type FakeExcelHandle } from "../excel-fake";

let fake: FakeExcelHandle;
beforeEach(() => {
  fake = installExcelFake({ today: "2025-11-21" });
});
afterEach(() => fake.uninstall());

const S1 = "29AABCB5678K1Z5";
const S2 = "07AAFCD4321M1ZN";

const TALLY_HEADER = ["Date", "Particulars", "Voucher No.", "Supplier Invoice No.", "Supplier Invoice Date", "GSTIN/UIN", "Taxable Value", "Integrated Tax", "Central Tax", "State Tax", "Invoice Value"];

function tallyRow(i: number, gstin: string = S1): (string | number)[] {
  return [dateToSerial("2025-11-03"), `Supplier ${i}`, `PV-${i}`, `INV/${String(i).padStart(5, "0")}`, dateToSerial("2025-11-01"), gstin, 1000 + i, 180, 0, 0, 1180 + i];
}

async function mustRead(): Promise<RegisterCells> {
  const at = await readRegisterCells();
  if (!at) throw new Error("expected a register");
  return at;
}

async function boldAndActive(): Promise<{ bold: boolean; active: string }> {
  return Excel.run(async (context) => {
    const header = context.workbook.worksheets.getItem(REGISTER_SHEET).getRange("A1:M1");
    header.format.font.load("bold");
    const active = context.workbook.worksheets.getActiveWorksheet();
    active.load("name");
    await context.sync();
    return { bold: header.format.font.bold, active: active.name };
  });
}

describe("openRegisterSheet", () => {
  test("makes the sheet with the template's headers, text, date and amount columns, row 1 frozen, and activates it", async () => {
    expect(await openRegisterSheet()).toEqual({ sheetName: REGISTER_SHEET, created: true });
    expect(fake.inspect.sheetNames()).toContain(REGISTER_SHEET);
    expect(fake.inspect.values(REGISTER_SHEET, "A1:M1")[0]).toEqual([...ADDIN_TEMPLATE_HEADERS]);
    const format = (address: string) => fake.inspect.cell(REGISTER_SHEET, address).numberFormat;
    expect(format("A1")).toBe("@");
    // GSTIN, name, type, number and place of supply as text, far down the sheet too.
    for (const col of ["A", "B", "C", "D", "F"]) {
      expect(format(`${col}2`)).toBe("@");
      expect(format(`${col}50000`)).toBe("@");
    }
    expect(format("E2")).toBe(DATE_FORMAT);
    expect(format("E50000")).toBe(DATE_FORMAT);
    for (const col of ["G", "H", "J", "K", "L", "M"]) expect(format(`${col}2`)).toBe(INDIAN_AMOUNT_FORMAT);
    expect(format("N2")).toBe("General");
    expect(fake.inspect.frozenRows(REGISTER_SHEET)).toBe(1);
    expect(await boldAndActive()).toEqual({ bold: true, active: REGISTER_SHEET });
  });

  test("an existing sheet (any case) is returned untouched", async () => {
    fake.seed.addSheet("purchase REGISTER");
    fake.seed.setValues("purchase REGISTER", "B2", [["My own heading"]]);
    expect(await openRegisterSheet()).toEqual({ sheetName: "purchase REGISTER", created: false });
    expect(fake.inspect.sheetNames().filter((n) => n.toLowerCase() === "purchase register")).toEqual(["purchase REGISTER"]);
    expect(fake.inspect.usedRange("purchase REGISTER")).toBe("B2");
    expect(fake.inspect.frozenRows("purchase REGISTER")).toBe(0);
  });

  test("a second call does not rewrite what the user pasted", async () => {
    await openRegisterSheet();
    fake.user.paste(REGISTER_SHEET, "A2", [[S1, "Bharat Traders"]], { values: true });
    expect(await openRegisterSheet()).toEqual({ sheetName: REGISTER_SHEET, created: false });
    expect(fake.inspect.values(REGISTER_SHEET, "A2:B2")).toEqual([[S1, "Bharat Traders"]]);
  });
});

describe("readRegisterCells", () => {
  test("null without the sheet, or with an empty one", async () => {
    expect(await readRegisterCells()).toBeNull();
    fake.seed.addSheet(REGISTER_SHEET);
    expect(await readRegisterCells()).toBeNull();
  });

  test("a register pasted under the template: leading zeros stay text, dates come as serials, errors as their text", async () => {
    await openRegisterSheet();
    // Paste Values keeps the template's formats: the user types dates day first (en-IN).
    fake.user.paste(
      REGISTER_SHEET,
      "A2",
      [
        [S1, "Bharat Traders", "Invoice", "00123", "05-11-2025", "29", "1180", "1000", "18", "180", "0", "0", "0"],
        [S2, "Delhi Disti", "Invoice", "0456", "19-11-2025", "07", "2360", "2000", "18", "0", "180", "180", "0"],
      ],
      { values: true },
    );
    fake.seed.setValues(REGISTER_SHEET, "G3", [["#N/A"]]);
    const at = await mustRead();
    expect(at).toMatchObject({ sheetName: REGISTER_SHEET, originRow: 0, originCol: 0, problemColumn: null });
    expect(at.cells).toHaveLength(3);
    expect(at.cells[0]).toEqual([...ADDIN_TEMPLATE_HEADERS]);
    expect(at.cells[1]?.[3]).toBe("00123");
    expect(at.cells[1]?.[5]).toBe("29");
    expect(at.cells[1]?.[4]).toBe(dateToSerial("2025-11-05"));
    expect(at.cells[1]?.[7]).toBe(1000);
    expect(at.cells[2]?.[6]).toBe("#N/A");

    const read = readRegister(at.cells);
    expect(read.proposal.layout).toBe("add-in-template");
    expect(read.lines.map((l) => [l.docNumber, l.docDate, l.placeOfSupply, l.taxableValue])).toEqual([
      ["00123", "2025-11-05", "29", 100000],
      ["0456", "2025-11-19", "07", 200000],
    ]);
  });

  test("a register that does not start at A1: the origin is where its used range starts", async () => {
    fake.seed.addSheet(REGISTER_SHEET);
    fake.seed.setValues(REGISTER_SHEET, "C4", [TALLY_HEADER, tallyRow(1), tallyRow(2)]);
    const at = await mustRead();
    expect(at.originRow).toBe(3);
    expect(at.originCol).toBe(2);
    expect(at.cells).toHaveLength(3);
    expect(at.cells[0]).toEqual(TALLY_HEADER);
    const read = readRegister(at.cells);
    expect(read.proposal.mapping.headerRow).toBe(0);
    expect(read.proposal.layout).toBe("tally");
    expect(read.lines.map((l) => l.docNumber)).toEqual(["INV/00001", "INV/00002"]);
    expect(read.problems).toEqual([]);
  });
});

describe("flagRegisterRows", () => {
  /** A title line, a blank row, the header on row 3, data from row 4 (sheet rows, 1-based), columns B to L. */
  function seedRegister(rows: (string | number)[][]): void {
    fake.seed.addSheet(REGISTER_SHEET);
    fake.seed.setValues(REGISTER_SHEET, "B1", [["Purchase register, November 2025"]]);
    fake.seed.setValues(REGISTER_SHEET, "B3", [TALLY_HEADER, ...rows]);
  }

  /** The problem column's values (M, right of L), rows 1 to `last`. */
  function problemColumn(last: number): unknown[] {
    return fake.inspect.values(REGISTER_SHEET, `M1:M${last}`).map((r) => r[0]);
  }

  test("writes each row's problems beside it, never reads them back, and clears them once fixed", async () => {
    const bad1 = tallyRow(2, "");
    const bad2 = tallyRow(3);
    bad2[6] = "abc"; // taxable value
    bad2[7] = "12x"; // IGST
    seedRegister([tallyRow(1), bad1, bad2, tallyRow(4)]);

    const at = await mustRead();
    expect(at.originRow).toBe(0);
    expect(at.originCol).toBe(1);
    const read = readRegister(at.cells);
    expect(read.proposal.mapping.headerRow).toBe(2);
    expect(read.problems.map((p) => [p.cellRow, p.field])).toEqual([
      [4, "supplierGstin"],
      [5, "taxableValue"],
      [5, "igst"],
      [5, "taxableValue"],
    ]);
    const flagged = await flagRegisterRows(at, read.proposal.mapping.headerRow, read.problems);
    expect(flagged.flagged).toBe(2);
    expect(flagged.syncs).toBe(1);

    const column = problemColumn(7);
    expect(column[2]).toBe(PROBLEM_HEADER);
    expect([column[0], column[1], column[3], column[6]]).toEqual(["", "", "", ""]);
    expect(column[4]).toBe("Supplier GSTIN is empty");
    expect(column[5]).toBe(read.problems.filter((p) => p.cellRow === 5).map((p) => p.message).join("; "));
    expect(String(column[5])).toContain("; ");
    for (const row of [3, 5, 6]) expect(fake.inspect.cell(REGISTER_SHEET, `M${row}`).numberFormat).toBe("@");

    // Read again: the problem column is left out, so the register reads exactly as before.
    const again = await mustRead();
    expect(again.problemColumn).toBe(12);
    expect(again.cells).toEqual(at.cells);
    expect(readRegister(again.cells).proposal.unmapped.map((u) => u.header)).not.toContain(PROBLEM_HEADER);

    // The user fixes the GSTIN; the next run clears that row's message and keeps the other.
    fake.user.typeInto(REGISTER_SHEET, "G5", S2);
    const fixed = await mustRead();
    const reread = readRegister(fixed.cells);
    expect(reread.problems.map((p) => p.cellRow)).toEqual([5, 5, 5]);
    expect((await flagRegisterRows(fixed, reread.proposal.mapping.headerRow, reread.problems)).flagged).toBe(1);
    const after = problemColumn(7);
    expect(after[4]).toBe("");
    expect(after[5]).toBe(column[5]);
    expect(after[2]).toBe(PROBLEM_HEADER);

    // Everything fixed: the messages go, the header stays where it is.
    fake.user.typeInto(REGISTER_SHEET, "H6", "1003");
    fake.user.typeInto(REGISTER_SHEET, "I6", "180");
    const clean = await mustRead();
    expect(readRegister(clean.cells).problems).toEqual([]);
    expect(await flagRegisterRows(clean, 2, [])).toMatchObject({ flagged: 0 });
    expect(problemColumn(7)).toEqual(["", "", PROBLEM_HEADER, "", "", "", ""]);
  });

  test("the problem column is found wherever it is, even moved after the user added a column", async () => {
    seedRegister([tallyRow(1, ""), tallyRow(2)]);
    const at = await mustRead();
    await flagRegisterRows(at, 2, readRegister(at.cells).problems);
    expect(fake.inspect.cell(REGISTER_SHEET, "M4").value).toBe("Supplier GSTIN is empty");
    // The user adds a column of their own before it ("Narration", in M), pushing it to N.
    fake.user.insertColumns(REGISTER_SHEET, "M", 1);
    fake.user.typeInto(REGISTER_SHEET, "M3", "Narration");
    fake.user.typeInto(REGISTER_SHEET, "M4", "office chairs");
    const moved = await mustRead();
    expect(moved.problemColumn).toBe(13);
    expect(moved.cells[2]).toEqual([...TALLY_HEADER, "Narration"]);
    expect(moved.cells.every((row) => row.length === TALLY_HEADER.length + 1)).toBe(true);
    await flagRegisterRows(moved, 2, []);
    expect(fake.inspect.values(REGISTER_SHEET, "M3:N4")).toEqual([
      ["Narration", PROBLEM_HEADER],
      ["office chairs", ""],
    ]);
  });

  test("no problems and no problem column: nothing is written", async () => {
    seedRegister([tallyRow(1), tallyRow(2)]);
    const before = fake.inspect.usedRange(REGISTER_SHEET);
    fake.resetStats();
    const at = await mustRead();
    const readSyncs = fake.stats().syncs;
    expect(await flagRegisterRows(at, 2, [])).toEqual({ flagged: 0, syncs: 0 });
    expect(fake.stats().syncs).toBe(readSyncs);
    expect(fake.inspect.usedRange(REGISTER_SHEET)).toBe(before);
  });

  test("without a header row given, the header goes on the first row read", async () => {
    fake.seed.addSheet(REGISTER_SHEET);
    fake.seed.setValues(REGISTER_SHEET, "A1", [TALLY_HEADER, tallyRow(1, "")]);
    const at = await mustRead();
    await flagRegisterRows(at, null, [{ cellRow: 1, message: "Supplier GSTIN is empty" }]);
    expect(fake.inspect.values(REGISTER_SHEET, "L1:L2")).toEqual([[PROBLEM_HEADER], ["Supplier GSTIN is empty"]]);
    // A message is text, whatever it starts with.
    await flagRegisterRows(at, null, [{ cellRow: 1, message: '=HYPERLINK("https://example.com")' }, { cellRow: 1, message: "00123" }]);
    expect(fake.inspect.cell(REGISTER_SHEET, "L2")).toMatchObject({ value: '=HYPERLINK("https://example.com"); 00123', formula: null, numberFormat: "@" });
  });

  test("a register with only the problem column left reads as empty", async () => {
    seedRegister([tallyRow(1, "")]);
    const at = await mustRead();
    await flagRegisterRows(at, 2, readRegister(at.cells).problems);
    fake.seed.setValues(REGISTER_SHEET, "B1", [[""]]);
    fake.seed.setValues(REGISTER_SHEET, "B3", [TALLY_HEADER.map(() => ""), TALLY_HEADER.map(() => "")]);
    expect(fake.inspect.values(REGISTER_SHEET, "M3:M4")).toEqual([[PROBLEM_HEADER], ["Supplier GSTIN is empty"]]);
    expect(await readRegisterCells()).toBeNull();
  });
});

describe("a large register", () => {
  const ROWS = 30_000;

  test("30,000 rows × 13 columns are read in several syncs under the payload limit, and flagged in chunks", async () => {
    await openRegisterSheet();
    const rows: (string | number)[][] = [];
    for (let i = 0; i < ROWS; i++) {
      const gstin = i % 1000 === 7 ? "" : S1;
      rows.push([gstin, `Supplier number ${i} Private Limited, Peenya Industrial Area, Bengaluru, Karnataka 560058`, "Invoice", `INV/2025-26/${String(i).padStart(6, "0")}`, dateToSerial("2025-11-01") + (i % 28), "29", 1180 + i, 1000 + i, 18, 180.5, 0, 0, 0]);
    }
    fake.seed.setValues(REGISTER_SHEET, "A2", rows);

    fake.resetStats();
    const at = await mustRead();
    const stats = fake.stats();
    expect(at.cells).toHaveLength(ROWS + 1);
    expect(at.cells[ROWS]?.[3]).toBe(`INV/2025-26/${String(ROWS - 1).padStart(6, "0")}`);
    // More than one sync may carry: the sheet's name, its used range, then the rows in at least two chunks.
    expect(stats.totalResponseBytes).toBeGreaterThan(5_000_000);
    expect(stats.syncs).toBeGreaterThanOrEqual(4);
    expect(stats.maxResponseBytes).toBeLessThan(5_000_000);

    const read = readRegister(at.cells);
    expect(read.lines).toHaveLength(ROWS);
    expect(read.problems).toHaveLength(ROWS / 1000);

    fake.resetStats();
    const flagged = await flagRegisterRows(at, read.proposal.mapping.headerRow, read.problems, { budgetBytes: 40_000 });
    expect(flagged.flagged).toBe(ROWS / 1000);
    expect(flagged.syncs).toBeGreaterThan(2);
    expect(fake.stats().maxRequestBytes).toBeLessThan(100_000);
    expect(fake.inspect.cell(REGISTER_SHEET, "N1").value).toBe(PROBLEM_HEADER);
    expect(fake.inspect.cell(REGISTER_SHEET, "N9").value).toBe("Supplier GSTIN is empty");
    expect(fake.inspect.cell(REGISTER_SHEET, "N10").value).toBe("");
    expect(fake.inspect.cell(REGISTER_SHEET, `N${ROWS - 1000 + 9}`).value).toBe("Supplier GSTIN is empty");
  });

  test("a smaller budget is met by more, smaller chunks", async () => {
    fake.seed.addSheet(REGISTER_SHEET);
    const rows = Array.from({ length: 2000 }, (_, i) => tallyRow(i));
    fake.seed.setValues(REGISTER_SHEET, "A1", [TALLY_HEADER, ...rows]);
    fake.resetStats();
    const at = await readRegisterCells({ budgetBytes: 20_000 });
    expect(at?.cells).toHaveLength(2001);
    expect(at?.cells[2000]).toEqual(tallyRow(1999));
    expect(fake.stats().syncs).toBeGreaterThan(5);
    expect(fake.stats().maxResponseBytes).toBeLessThan(40_000);
  });

  test("chunks the host refuses for their size are read again, smaller", async () => {
    fake.uninstall();
    fake = installExcelFake({ today: "2025-11-21", payloadLimitBytes: 60_000 });
    fake.seed.addSheet(REGISTER_SHEET);
    const rows = Array.from({ length: 2000 }, (_, i) => tallyRow(i));
    fake.seed.setValues(REGISTER_SHEET, "A1", [TALLY_HEADER, ...rows]);
    fake.resetStats();
    const at = await readRegisterCells();
    expect(at?.cells).toEqual([TALLY_HEADER, ...rows]);
    expect(fake.stats().rejectedForSize).toBeGreaterThan(0);
  });
});
