/** What Excel stores when values are written (docs/excel-api-subset.md, "Cell type coercion"). */
import { dateToSerial, serialToDate } from "./index";
import { read, useFake, write } from "./test-helpers";

const fake = useFake();
const NOV5 = dateToSerial("2025-11-05");

async function stored(input: unknown, textFormat = false): Promise<{ value: unknown; formula: string | null; numberFormat: string }> {
  await Excel.run(async (ctx) => {
    const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1");
    r.clear();
    if (textFormat) r.numberFormat = [["@"]];
    r.values = [[input]];
    await ctx.sync();
  });
  const c = fake().inspect.cell("Sheet1", "A1");
  return { value: c.value, formula: c.formula, numberFormat: c.numberFormat };
}

describe("General-format cells (Range.values)", () => {
  test.each<[string, unknown, unknown, string | null, string]>([
    // [what, written, value read back, formula, number format]
    ["a number", 42.5, 42.5, null, "General"],
    ["a boolean", true, true, null, "General"],
    ["plain text", "Acme Traders", "Acme Traders", null, "General"],
    ["a GSTIN", "27AAACI1234F1Z2", "27AAACI1234F1Z2", null, "General"],
    ["an invoice number with a dash", "INV-001", "INV-001", null, "General"],
    ["a formula", "=1+2", 3, "=1+2", "General"],
    ["a formula Excel can't evaluate here", "=SUM(B1:B3)", "#NAME?", "=SUM(B1:B3)", "General"],
    ["a division by zero", "=1/0", "#DIV/0!", "=1/0", "General"],
    ["+91 (a phone prefix)", "+91", 91, "=+91", "General"],
    ["-12A", "-12A", "#NAME?", "=-12A", "General"],
    ["@mention", "@abc", "#NAME?", "=@abc", "General"],
    ["a negative number", "-12", -12, null, "General"],
    ["leading zeros", "00123", 123, null, "General"],
    ["scientific notation", "1E5", 100000, null, "0.00E+00"],
    ["thousands separators", "1,234", 1234, null, "#,##0"],
    ["thousands and decimals", "12,345.50", 12345.5, null, "#,##0.00"],
    ["spaces around a number", " 42 ", 42, null, "General"],
    ["a percentage", "12%", 0.12, null, "0%"],
    ["an accounting negative", "(5)", -5, null, "General"],
    ["TRUE in any case", "true", true, null, "General"],
    ["badly grouped digits stay text", "1,23", "1,23", null, "General"],
    ["an apostrophe prefix keeps text (and is not content)", "'00123", "00123", null, "General"],
    ["an apostrophe before =", "'=1+1", "=1+1", null, "General"],
    ["more than 15 digits are truncated", "1234567890123456", 1234567890123450, null, "General"],
    ["ISO date", "2025-11-05", NOV5, null, "m/d/yyyy"],
    ["month first, as en-US reads it", "11-05-2025", NOV5, null, "m/d/yyyy"],
    ["day first looks like May 11 to the API", "05-11-2025", dateToSerial("2025-05-11"), null, "m/d/yyyy"],
    ["a day-first date that is no en-US date stays text", "19-8-2025", "19-8-2025", null, "General"],
    ["Nov 5 (this year)", "Nov 5", NOV5, null, "d-mmm"],
    ["5-Nov (this year)", "5-Nov", NOV5, null, "d-mmm"],
    ["1-2 is 2 January (this year)", "1-2", dateToSerial("2025-01-02"), null, "d-mmm"],
    ["5 Nov 2025", "5 Nov 2025", NOV5, null, "d-mmm-yy"],
    ["a month and a year", "Nov-2025", dateToSerial("2025-11-01"), null, "mmm-yy"],
    ["1-2-3 is 2 January 2003", "1-2-3", dateToSerial("2003-01-02"), null, "m/d/yyyy"],
  ])("%s: %j", async (_what, input, value, formula, numberFormat) => {
    expect(await stored(input)).toEqual({ value, formula, numberFormat });
  });

  test("numbers keep 15 significant digits", async () => {
    expect((await stored(0.1 + 0.2)).value).toBe(0.3);
    expect((await stored(123456789012345678)).value).toBe(123456789012346000);
  });

  test('"" empties a cell; null and NaN leave it alone', async () => {
    await write("A1:C1", [["x", "y", "z"]]);
    await write("A1:C1", [["", null, Number.NaN]]);
    expect(fake().inspect.values("Sheet1", "A1:C1")).toEqual([["", "y", "z"]]);
  });

  test("a format Excel sets by itself only replaces General", async () => {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B1");
      r.numberFormat = [["0.00", "General"]];
      r.values = [["1,234", "1,234"]];
      await ctx.sync();
    });
    expect(fake().inspect.cell("Sheet1", "A1").numberFormat).toBe("0.00");
    expect(fake().inspect.cell("Sheet1", "B1").numberFormat).toBe("#,##0");
  });

  test("formulas written through Range.formulas behave the same; formulas reads back text, values the result", async () => {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:C1");
      r.formulas = [["=2*3", "00123", "text"]];
      await ctx.sync();
      r.load("values, formulas, text");
      await ctx.sync();
      expect(r.values).toEqual([[6, 123, "text"]]);
      expect(r.formulas).toEqual([["=2*3", 123, "text"]]);
      expect(r.text).toEqual([["6", "123", "text"]]);
    });
  });

  test("reading formulas drops the apostrophe, so writing them back makes text a formula (office-js#6687)", async () => {
    await write("A1", [["'=1+1"]]);
    const formulas = await read("A1", "formulas");
    expect(formulas).toEqual([["=1+1"]]);
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").formulas = formulas;
      await ctx.sync();
    });
    expect(fake().inspect.cell("Sheet1", "A1").value).toBe(2);
  });
});

describe('Text-format cells ("@")', () => {
  test.each<[string, unknown, unknown]>([
    ["=1+1", "=1+1", "=1+1"],
    ["00123", "00123", "00123"],
    ["-12A", "-12A", "-12A"],
    ["1-2", "1-2", "1-2"],
    ["+91", "+91", "+91"],
    ["1E5", "1E5", "1E5"],
    ["the apostrophe is kept", "'abc", "'abc"],
    ["numbers written through the API stay numbers", 5, 5],
    ["booleans stay booleans", false, false],
  ])("%s", async (_what, input, value) => {
    const s = await stored(input, true);
    expect(s).toEqual({ value, formula: null, numberFormat: "@" });
  });

  test("setting Text after a value was written doesn't change the value", async () => {
    await write("A1", [["00123"]]);
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").numberFormat = [["@"]];
      await ctx.sync();
    });
    expect(fake().inspect.cell("Sheet1", "A1")).toMatchObject({ value: 123, numberFormat: "@" });
  });

  test("text shows a number in a Text cell as General would", async () => {
    await stored(1234.5, true);
    expect(await read("A1", "text")).toEqual([["1234.5"]]);
  });
});

describe("number formats", () => {
  test("a single format applies to every cell; a 2-D array per cell with null = unchanged; '' = General", async () => {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B2");
      r.numberFormat = "@" as unknown as string[][];
      await ctx.sync();
      r.numberFormat = [[null, "0.00"], ["", null]];
      await ctx.sync();
      r.load("numberFormat");
      await ctx.sync();
      expect(r.numberFormat).toEqual([["@", "0.00"], ["General", "@"]]);
    });
  });

  test("text renders numbers and dates through their format", async () => {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:F1");
      r.values = [[1234.5, 0.125, NOV5, NOV5, NOV5, 123456789012]];
      r.numberFormat = [["#,##0.00", "0.0%", "dd-mm-yyyy", "d-mmm-yy", "yyyy-mm-dd", "General"]];
      await ctx.sync();
    });
    expect(await read("A1:F1", "text")).toEqual([["1,234.50", "12.5%", "05-11-2025", "5-Nov-25", "2025-11-05", "1.23457E+11"]]);
  });
});

describe("date serials (1900 system)", () => {
  test.each([
    ["1900-01-01", 1],
    ["1900-02-28", 59],
    ["1900-02-29", 60],
    ["1900-03-01", 61],
    ["2023-03-15", 45000],
    ["2025-11-05", 45966],
    ["9999-12-31", 2958465],
  ])("%s ↔ %d", (iso, serial) => {
    expect(dateToSerial(iso)).toBe(serial);
    expect(serialToDate(serial)).toBe(iso);
  });

  test("times are fractions; invalid input throws RangeError", () => {
    expect(dateToSerial("2023-03-15T12:00")).toBe(45000.5);
    expect(serialToDate(45000.75)).toBe("2023-03-15");
    expect(() => dateToSerial("2023-02-29")).toThrow(RangeError);
    expect(() => dateToSerial("15-03-2023")).toThrow(RangeError);
    expect(() => serialToDate(0)).toThrow(RangeError);
  });
});

describe("typing follows the user's locale", () => {
  test("day first in en-IN (the default)", () => {
    fake().user.typeInto("Sheet1", "A1", "05-11-2025");
    fake().user.typeInto("Sheet1", "A2", "13-11-2025");
    expect(fake().inspect.cell("Sheet1", "A1")).toMatchObject({ value: NOV5, numberFormat: "dd-mm-yyyy" });
    expect(fake().inspect.cell("Sheet1", "A2").value).toBe(dateToSerial("2025-11-13"));
  });
});
