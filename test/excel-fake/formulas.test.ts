/** Formulas users type are kept; `formulas` and `formulasR1C1` read and write them; writing `values` back drops them. */
import { a1ToR1C1, r1c1ToA1 } from "./r1c1";
import { read, useFake, write } from "./test-helpers";

const fake = useFake();

async function readR1C1(address: string): Promise<unknown[][]> {
  return Excel.run(async (ctx) => {
    const r = ctx.workbook.worksheets.getItem("Sheet1").getRange(address).load("formulasR1C1");
    await ctx.sync();
    return r.formulasR1C1;
  });
}

async function writeR1C1(address: string, rows: unknown[][]): Promise<void> {
  await Excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Sheet1").getRange(address).formulasR1C1 = rows;
    await ctx.sync();
  });
}

describe("a formula typed in a user's column", () => {
  beforeEach(() => {
    fake().seed.setValues("Sheet1", "A2", [["INV-1", "B"]]);
    fake().user.typeInto("Sheet1", "K2", "=A2&B2");
  });

  test("is kept and reads back through formulas and formulasR1C1", async () => {
    expect(fake().inspect.cell("Sheet1", "K2").formula).toBe("=A2&B2");
    expect(await read("K2", "formulas")).toEqual([["=A2&B2"]]);
    expect(await readR1C1("J2:K2")).toEqual([["", "=RC[-10]&RC[-9]"]]);
  });

  test("reading values and writing them back turns it into a constant", async () => {
    const values = await read("A2:K2", "values");
    await write("A2:K2", values);
    expect(fake().inspect.cell("Sheet1", "K2").formula).toBeNull();
  });

  test("reading formulasR1C1 and writing them to another row keeps it, pointing at that row", async () => {
    const formulas = await readR1C1("A2:K2");
    await writeR1C1("A5:K5", formulas);
    expect(fake().inspect.cell("Sheet1", "K5").formula).toBe("=A5&B5");
    expect(fake().inspect.cell("Sheet1", "A5").value).toBe("INV-1");
  });
});

describe("formulasR1C1 writes", () => {
  test("absolute and relative parts, and formulas on Text cells stay literal text", async () => {
    fake().seed.setNumberFormats("Sheet1", "C3", [["@"]]);
    await writeR1C1("B3:C3", [["=R1C1+R2C[-1]+R[1]C3", "=RC[-1]"]]);
    expect(fake().inspect.cell("Sheet1", "B3").formula).toBe("=$A$1+A$2+$C4");
    expect(fake().inspect.cell("Sheet1", "C3")).toMatchObject({ value: "=RC[-1]", formula: null });
  });

  test("a single formula is applied to every cell, relative to each", async () => {
    await writeR1C1("C1:C3", "=RC[-2]*2" as unknown as unknown[][]);
    expect([1, 2, 3].map((r) => fake().inspect.cell("Sheet1", `C${r}`).formula)).toEqual(["=A1*2", "=A2*2", "=A3*2"]);
  });
});

describe("conversion", () => {
  test.each([
    ["=A2&B2", 1, 10, "=RC[-10]&RC[-9]"],
    ["=$A$1+B$2+$C3", 1, 10, "=R1C1+R2C[-9]+R[1]C3"],
    ["=SUM(A1:B3)", 0, 0, "=SUM(RC:R[2]C[1])"],
    ["=Sheet2!A1+'My Sheet'!B2", 0, 0, "=Sheet2!RC+'My Sheet'!R[1]C[1]"],
    ['=IF(A2="B2",LOG10(C2),"")', 1, 0, '=IF(RC="B2",LOG10(RC[2]),"")'],
    ["=TRUE", 0, 0, "=TRUE"],
  ])("%s at (%i, %i) is %s in R1C1, and back", (a1, row, col, r1c1) => {
    expect(a1ToR1C1(a1, row, col)).toBe(r1c1);
    expect(r1c1ToA1(r1c1, row, col)).toBe(a1);
  });

  test("lower-case references are read, and a reference off the sheet is #REF!", () => {
    expect(a1ToR1C1("=a2", 1, 1)).toBe("=RC[-1]");
    expect(r1c1ToA1("=rc[-1]", 1, 1)).toBe("=A2");
    expect(r1c1ToA1("=R[-3]C", 1, 1)).toBe("=#REF!");
  });
});

describe("moving cells moves relative references", () => {
  test("sorting a table keeps each row's formula pointing at its own row", async () => {
    fake().seed.setValues("Sheet1", "A1", [["Invoice", "Copy"], ["INV-2", ""], ["INV-1", ""]]);
    fake().user.typeInto("Sheet1", "B2", '=A2&"/two"');
    fake().user.typeInto("Sheet1", "B3", '=A3&"/one"');
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").tables.add("A1:B3", true);
      await ctx.sync();
    });
    fake().user.sortTable("Sheet1", "Table1", 0, true);
    expect(fake().inspect.values("Sheet1", "A2:A3")).toEqual([["INV-1"], ["INV-2"]]);
    expect([fake().inspect.cell("Sheet1", "B2").formula, fake().inspect.cell("Sheet1", "B3").formula]).toEqual(['=A2&"/one"', '=A3&"/two"']);
  });

  test("fillDown adjusts relative references and keeps absolute ones", () => {
    fake().user.typeInto("Sheet1", "C1", "=A1+$B$1");
    fake().user.fillDown("Sheet1", "C1:C3");
    expect(fake().inspect.cell("Sheet1", "C3").formula).toBe("=A3+$B$1");
  });
});
