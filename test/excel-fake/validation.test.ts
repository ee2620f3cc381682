/** Data validation (list rules): per-cell storage, type over ranges, typing, paste, fill, inserts. */
import { codeOf, useFake } from "./test-helpers";

const fake = useFake();

const ARPN: Excel.DataValidationRule = { list: { inCellDropDown: true, source: "A,R,P,N" } };
const STOP: Excel.DataValidationErrorAlert = { showAlert: true, style: "Stop", title: "Action", message: "Choose A, R, P or N" };

async function validate(address: string, rule: Excel.DataValidationRule = ARPN, alert: Excel.DataValidationErrorAlert = STOP): Promise<void> {
  await Excel.run(async (ctx) => {
    const dv = ctx.workbook.worksheets.getItem("Sheet1").getRange(address).dataValidation;
    dv.clear();
    dv.rule = rule;
    dv.errorAlert = alert;
    await ctx.sync();
  });
}

async function typeOf(address: string): Promise<string> {
  return Excel.run(async (ctx) => {
    const dv = ctx.workbook.worksheets.getItem("Sheet1").getRange(address).dataValidation.load("type");
    await ctx.sync();
    return dv.type;
  });
}

describe("rules and type", () => {
  // As learn.microsoft.com/javascript/api/excel/excel.datavalidationtype defines the two.
  test('type is "List" where every cell has the same list, "None" where none has one, "MixedCriteria" in between', async () => {
    await validate("B2:B10");
    expect(await typeOf("B2:B10")).toBe("List");
    expect(await typeOf("B3")).toBe("List");
    expect(await typeOf("C2:C10")).toBe("None");
    expect(await typeOf("B1:B10")).toBe(Excel.DataValidationType.mixedCriteria);
  });

  test('different lists in one range read "Inconsistent"; different lists and no validation read "MixedCriteria"', async () => {
    await validate("B2:B3");
    await validate("B4", { list: { inCellDropDown: true, source: "Yes,No" } });
    expect(await typeOf("B2:B4")).toBe(Excel.DataValidationType.inconsistent);
    expect(await typeOf("B2:B5")).toBe("MixedCriteria");
  });

  test("Excel.DataValidationType has the documented names and values", () => {
    expect(Excel.DataValidationType).toMatchObject({ inconsistent: "Inconsistent", mixedCriteria: "MixedCriteria", list: "List", none: "None" });
  });

  test("clear() removes validation only where the ranges overlap", async () => {
    await validate("B2:B10");
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("B5:C20").dataValidation.clear();
      await ctx.sync();
    });
    expect(await typeOf("B2:B4")).toBe("List");
    expect(await typeOf("B5:B10")).toBe("None");
    expect(await typeOf("B2:B10")).toBe("MixedCriteria");
  });

  test("rule, errorAlert, prompt and ignoreBlanks read back", async () => {
    await validate("B2:B3");
    await Excel.run(async (ctx) => {
      const dv = ctx.workbook.worksheets.getItem("Sheet1").getRange("B2:B3").dataValidation;
      dv.prompt = { showPrompt: true, title: "Action", message: "A/R/P/N" };
      dv.load("rule, errorAlert, prompt, ignoreBlanks");
      await ctx.sync();
      expect(dv.rule).toEqual(ARPN);
      expect(dv.errorAlert).toEqual(STOP);
      expect(dv.prompt).toEqual({ showPrompt: true, title: "Action", message: "A/R/P/N" });
      expect(dv.ignoreBlanks).toBe(true);
    });
    expect(fake().inspect.cell("Sheet1", "B2").validation).toMatchObject({ rule: ARPN });
    expect(fake().inspect.cell("Sheet1", "B4").validation).toBeNull();
  });

  test("a rule with two criteria is InvalidArgument; non-list rules are not implemented by the fake", async () => {
    const set = (rule: unknown) =>
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").dataValidation.rule = rule as Excel.DataValidationRule;
        await ctx.sync();
      });
    expect(await codeOf(set({ list: { inCellDropDown: true, source: "A" }, wholeNumber: { formula1: 0, operator: "GreaterThan" } }))).toBe("InvalidArgument");
    expect(await codeOf(set({ wholeNumber: { formula1: 0, operator: "GreaterThan" } }))).toBe("NotImplemented");
  });

  test("validation on a whole column covers every row without storing a million cells", async () => {
    await validate("F:F");
    expect(await typeOf("F2:F100000")).toBe("List");
    expect(await typeOf("F:F")).toBe("List");
    expect(fake().inspect.usedRange("Sheet1")).toBeNull();
    fake().user.paste("Sheet1", "F3", [["X"]]);
    expect(await typeOf("F2:F4")).toBe("MixedCriteria");
    expect(await typeOf("F:F")).toBe("MixedCriteria");
  });
});

describe("typing into validated cells", () => {
  beforeEach(() => validate("B2:B10"));

  test("a Stop alert rejects a value not in the list (ValidationRejected) and leaves the cell alone", () => {
    fake().user.typeInto("Sheet1", "B2", "A");
    expect(() => fake().user.typeInto("Sheet1", "B2", "X")).toThrow(expect.objectContaining({ code: "ValidationRejected" }));
    expect(fake().inspect.cell("Sheet1", "B2").value).toBe("A");
  });

  test('a comma-list source is case-sensitive: "r" is refused by "A,R,P,N" (office-js#972)', () => {
    expect(() => fake().user.typeInto("Sheet1", "B3", "r")).toThrow(expect.objectContaining({ code: "ValidationRejected" }));
    expect(fake().inspect.cell("Sheet1", "B3").value).toBe("");
  });

  test("a reference source ignores case, and the typed case is kept (office-js#972)", async () => {
    fake().seed.setValues("Sheet1", "Z1", [["A"], ["R"], ["P"]]);
    await validate("C2", { list: { inCellDropDown: true, source: "=$Z$1:$Z$3" } });
    fake().user.typeInto("Sheet1", "C2", "r");
    expect(fake().inspect.cell("Sheet1", "C2").value).toBe("r");
    expect(() => fake().user.typeInto("Sheet1", "C2", "x")).toThrow(expect.objectContaining({ code: "ValidationRejected" }));
  });

  test("pasting lower case into a comma-list cell is never checked", () => {
    fake().user.paste("Sheet1", "B4", [["r"]], { values: true });
    expect(fake().inspect.cell("Sheet1", "B4").value).toBe("r");
  });

  test("clearing a validated cell is always allowed", () => {
    fake().user.typeInto("Sheet1", "B2", "A");
    fake().user.typeInto("Sheet1", "B2", "");
    fake().user.clearCell("Sheet1", "B2");
    expect(fake().inspect.cell("Sheet1", "B2").value).toBe("");
    expect(fake().inspect.cell("Sheet1", "B2").validation).not.toBeNull();
  });

  test("Warning and Information alerts, or no alert, let the value in", async () => {
    await validate("C2", ARPN, { ...STOP, style: "Warning" });
    await validate("C3", ARPN, { ...STOP, style: "Information" });
    await validate("C4", ARPN, { ...STOP, showAlert: false });
    for (const a of ["C2", "C3", "C4"]) fake().user.typeInto("Sheet1", a, "X");
    expect(fake().inspect.values("Sheet1", "C2:C4")).toEqual([["X"], ["X"], ["X"]]);
  });

  test('spaces around list items are ignored ("A, R, P")', async () => {
    await validate("D2", { list: { inCellDropDown: true, source: "A, R, P" } });
    fake().user.typeInto("Sheet1", "D2", "R");
    expect(fake().inspect.cell("Sheet1", "D2").value).toBe("R");
  });

  test("a list taken from cells (=Lists!$A$1:$A$3)", async () => {
    fake().seed.addSheet("Lists");
    fake().seed.setValues("Lists", "A1", [["Accept"], ["Reject"], ["Pending"]]);
    await validate("E2", { list: { inCellDropDown: true, source: "=Lists!$A$1:$A$3" } });
    fake().user.typeInto("Sheet1", "E2", "pending");
    expect(() => fake().user.typeInto("Sheet1", "E2", "Maybe")).toThrow(expect.objectContaining({ code: "ValidationRejected" }));
  });
});

describe("paste replaces validation and formats; Paste Values doesn't", () => {
  beforeEach(async () => {
    await validate("B2:B5");
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("B2:B5").numberFormat = "@" as unknown as string[][];
      await ctx.sync();
    });
  });

  test("a plain paste removes the rule and the Text format, and text is parsed as in General cells", async () => {
    fake().user.paste("Sheet1", "B2", [["X"], ["00123"]]);
    expect(fake().inspect.cell("Sheet1", "B2")).toEqual({ value: "X", formula: null, numberFormat: "General", validation: null });
    expect(fake().inspect.cell("Sheet1", "B3")).toMatchObject({ value: 123, numberFormat: "General", validation: null });
    expect(await typeOf("B2:B5")).toBe("MixedCriteria");
  });

  test("Paste Values keeps the rule and the format, and doesn't check the rule either", () => {
    fake().user.paste("Sheet1", "B2", [["X"], ["00123"]], { values: true });
    expect(fake().inspect.cell("Sheet1", "B2")).toMatchObject({ value: "X", numberFormat: "@" });
    expect(fake().inspect.cell("Sheet1", "B2").validation).not.toBeNull();
    expect(fake().inspect.cell("Sheet1", "B3").value).toBe("00123");
  });
});

describe("fill and row inserts", () => {
  test("fillDown copies the first row's value, format and validation", async () => {
    await validate("B2");
    fake().user.typeInto("Sheet1", "B2", "A");
    fake().user.fillDown("Sheet1", "B2:B4");
    expect(fake().inspect.values("Sheet1", "B2:B4")).toEqual([["A"], ["A"], ["A"]]);
    expect(await typeOf("B2:B4")).toBe("List");
  });

  test("rows inserted inside a validated area get the rule; rows inserted below it don't", async () => {
    await validate("B2:B5");
    fake().user.insertRows("Sheet1", 4, 2);
    expect(await typeOf("B2:B7")).toBe("List");
    fake().user.insertRows("Sheet1", 8, 1);
    expect(await typeOf("B8")).toBe("None");
  });
});

test("validation from under the header to the last row (F2:F1048576) is cheap and leaves the header alone", async () => {
  const t = Date.now();
  await validate("F2:F1048576");
  expect(Date.now() - t).toBeLessThan(1000);
  expect(await typeOf("F1")).toBe("None");
  expect(await typeOf("F2:F500000")).toBe("List");
  expect(await typeOf("F:F")).toBe("MixedCriteria");
});
