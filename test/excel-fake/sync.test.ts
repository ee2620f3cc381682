/** Proxies, load/sync, errors, null objects, Excel.run and round-trip counting. */
import { NotInSubsetError } from "./index";
import { codeOf, codeOfSync, read, useFake, write } from "./test-helpers";

const fake = useFake();

describe("proxies queue work until sync", () => {
  test("a write reaches the workbook only at context.sync()", async () => {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1");
      r.values = [["x"]];
      expect(fake().inspect.cell("Sheet1", "A1").value).toBe("");
      await ctx.sync();
      expect(fake().inspect.cell("Sheet1", "A1").value).toBe("x");
    });
  });

  test("writes apply in queue order", async () => {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1");
      r.values = [["first"]];
      r.values = [["second"]];
      await ctx.sync();
    });
    expect(fake().inspect.cell("Sheet1", "A1").value).toBe("second");
  });

  test("a load queued before a write in the same batch sees the old value", async () => {
    await write("A1", [["old"]]);
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1");
      r.load("values");
      r.values = [["new"]];
      await ctx.sync();
      expect(r.values).toEqual([["old"]]);
    });
  });
});

describe("PropertyNotLoaded", () => {
  test("reading a property never loaded throws PropertyNotLoaded", async () => {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1");
      expect(codeOfSync(() => r.values)).toBe("PropertyNotLoaded");
      await ctx.sync();
      expect(codeOfSync(() => r.address)).toBe("PropertyNotLoaded");
    });
  });

  test("reading a loaded property before sync throws PropertyNotLoaded", async () => {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").load("values");
      expect(codeOfSync(() => r.values)).toBe("PropertyNotLoaded");
      await ctx.sync();
      expect(r.values).toEqual([[""]]);
    });
  });

  test("a property not in the load stays unloaded after sync", async () => {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("B2").load("address");
      await ctx.sync();
      expect(r.address).toBe("Sheet1!B2");
      expect(codeOfSync(() => r.values)).toBe("PropertyNotLoaded");
    });
  });

  test("the error looks like Office.js's: RichApi.Error, an OfficeExtension.Error, with debugInfo", async () => {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1");
      try {
        void r.values;
        throw new Error("no throw");
      } catch (e) {
        expect(e).toBeInstanceOf(OfficeExtension.Error);
        const err = e as OfficeExtension.Error;
        expect(err.name).toBe("RichApi.Error");
        expect(err.code).toBe("PropertyNotLoaded");
        expect(err.message).toContain("The property 'values' is not available");
        expect(err.debugInfo.errorLocation).toBe("Range.values");
      }
      await ctx.sync();
    });
  });

  test("a property set on the proxy reads back as set (not coerced) without a load, as in Office.js", async () => {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1");
      r.values = [["00123"]];
      expect(r.values).toEqual([["00123"]]);
      await ctx.sync();
      expect(r.values).toEqual([["00123"]]);
      r.load("values");
      await ctx.sync();
      expect(r.values).toEqual([[123]]);
    });
  });
});

describe("load() argument forms", () => {
  beforeEach(async () => {
    await write("A1:B1", [["a", 1]]);
  });

  test.each([
    ["a comma string", "values, address"],
    ["an array", ["values", "address"]],
    ["select", { select: "values,address" }],
    ["a property object", { values: true, address: true }],
  ])("%s", async (_what, option) => {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B1");
      r.load(option as string);
      await ctx.sync();
      expect(r.values).toEqual([["a", 1]]);
      expect(r.address).toBe("Sheet1!A1:B1");
    });
  });

  test("navigation paths: 'format/font/bold' and nested objects", async () => {
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1").format.font.bold = true;
      const a = ws.getRange("A1").load("format/font/bold, format/columnWidth");
      const b = ws.getRange("A1");
      b.load({ format: { font: { bold: true } } });
      await ctx.sync();
      expect(a.format.font.bold).toBe(true);
      expect(a.format.columnWidth).toBe(48);
      expect(b.format.font.bold).toBe(true);
    });
  });

  test("load() without arguments loads every scalar property", async () => {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B1").load();
      await ctx.sync();
      expect(r.values).toEqual([["a", 1]]);
      expect(r.text).toEqual([["a", "1"]]);
      expect(r.rowCount).toBe(1);
      expect(r.columnCount).toBe(2);
    });
  });

  test("toJSON gives the loaded properties", async () => {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B1").load("values, address");
      await ctx.sync();
      expect(JSON.parse(JSON.stringify(r))).toEqual({ values: [["a", 1]], address: "Sheet1!A1:B1" });
    });
  });
});

describe("ItemNotFound and *OrNullObject", () => {
  test("getItem of a missing sheet doesn't throw at the call but rejects the sync with ItemNotFound", async () => {
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Nope");
      const r = ws.getRange("A1");
      r.values = [["x"]];
      expect(await codeOf(ctx.sync())).toBe("ItemNotFound");
    });
  });

  test("actions before the failing one are applied and their loads delivered; actions after it are dropped", async () => {
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1").values = [["before"]];
      const loaded = ws.getRange("A1").load("values");
      ctx.workbook.worksheets.getItem("Nope").getRange("A1").values = [["x"]];
      ws.getRange("A2").values = [["after"]];
      const late = ws.getRange("A1").load("address");
      expect(await codeOf(ctx.sync())).toBe("ItemNotFound");
      expect(loaded.values).toEqual([["before"]]);
      expect(codeOfSync(() => late.address)).toBe("PropertyNotLoaded");
    });
    expect(fake().inspect.cell("Sheet1", "A1").value).toBe("before");
    expect(fake().inspect.cell("Sheet1", "A2").value).toBe("");
  });

  test("getItemOrNullObject: isNullObject is known after sync, not before", async () => {
    await Excel.run(async (ctx) => {
      const missing = ctx.workbook.worksheets.getItemOrNullObject("Nope");
      const present = ctx.workbook.worksheets.getItemOrNullObject("sheet1");
      expect(codeOfSync(() => missing.isNullObject)).toBe("PropertyNotLoaded");
      await ctx.sync();
      expect(missing.isNullObject).toBe(true);
      expect(present.isNullObject).toBe(false);
    });
  });

  test("properties loaded on a null object read as undefined; writing through it fails", async () => {
    await Excel.run(async (ctx) => {
      const missing = ctx.workbook.worksheets.getItemOrNullObject("Nope").load("name");
      await ctx.sync();
      expect(missing.isNullObject).toBe(true);
      expect(missing.name).toBeUndefined();
      missing.getRange("A1").values = [["x"]];
      expect(await codeOf(ctx.sync())).toBe("ItemNotFound");
    });
  });

  test("a worksheet proxy keeps pointing at its sheet after a rename between syncs", async () => {
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1").load("name");
      await ctx.sync();
      fake().user.renameSheet("Sheet1", "Renamed");
      ws.getRange("A1").values = [["still here"]];
      ws.load("name");
      await ctx.sync();
      expect(ws.name).toBe("Renamed");
    });
    expect(fake().inspect.cell("Renamed", "A1").value).toBe("still here");
  });

  test("a deleted sheet's proxy fails with ItemNotFound", async () => {
    fake().seed.addSheet("Other");
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Other").load("name");
      await ctx.sync();
      fake().user.deleteSheet("Other");
      ws.getRange("A1").values = [["x"]];
      expect(await codeOf(ctx.sync())).toBe("ItemNotFound");
    });
  });
});

describe("ranges are tracked within an Excel.run, as in Office.js", () => {
  test("a range follows its cells when rows are inserted above it between syncs", async () => {
    await write("A5", [["mine"]]);
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A5").load("address");
      await ctx.sync();
      fake().user.insertRows("Sheet1", 1, 2);
      r.load("address, values");
      await ctx.sync();
      expect([r.address, r.values]).toEqual(["Sheet1!A7", [["mine"]]]);
    });
  });

  test("a range is instantiated where it was created in the queue, so a later insert in the same batch moves it", async () => {
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      const r = ws.getRange("A5");
      ws.getRange("1:2").insert("Down");
      r.values = [["moved"]];
      await ctx.sync();
    });
    expect(fake().inspect.cell("Sheet1", "A7").value).toBe("moved");
  });

  test("a range spanning inserted rows grows; one whose cells were all deleted is an InvalidReference", async () => {
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      const span = ws.getRange("A2:A4").load("address");
      const doomed = ws.getRange("C10:D10");
      await ctx.sync();
      fake().user.insertRows("Sheet1", 3, 1);
      fake().user.deleteRows("Sheet1", 11, 1);
      span.load("address");
      await ctx.sync();
      expect(span.address).toBe("Sheet1!A2:A5");
      doomed.load("address");
      expect(await codeOf(ctx.sync())).toBe("InvalidReference");
    });
  });
});

describe("round trips", () => {
  test("each sync with queued work is one round trip; an empty sync is none", async () => {
    fake().resetStats();
    await Excel.run(async (ctx) => {
      await ctx.sync();
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
      await ctx.sync();
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").load("values");
      await ctx.sync();
    });
    expect(fake().stats().syncs).toBe(2);
  });

  test("Excel.run syncs what is still queued when the batch resolves", async () => {
    fake().resetStats();
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["queued"]];
    });
    expect(fake().stats().syncs).toBe(1);
    expect(fake().inspect.cell("Sheet1", "A1").value).toBe("queued");
  });

  test("a batch that throws discards its queue", async () => {
    await expect(
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["lost"]];
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(fake().inspect.cell("Sheet1", "A1").value).toBe("");
  });

  test("a batch must return a promise (RunMustReturnPromise)", async () => {
    const run = Excel.run as unknown as (b: () => unknown) => Promise<unknown>;
    expect(await codeOf(run(() => 42))).toBe("RunMustReturnPromise");
  });

  test("Excel.run(object, batch) reuses the object's context", async () => {
    const ws = await Excel.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem("Sheet1");
      await ctx.sync();
      return sheet;
    });
    await Excel.run(ws, async (ctx) => {
      expect(ctx).toBe(ws.context);
      ws.getRange("A1").values = [["again"]];
      await ctx.sync();
    });
    expect(fake().inspect.cell("Sheet1", "A1").value).toBe("again");
  });

  test("a Range from an Excel.run that has ended can't be used again (InvalidObjectPath), but its loaded values stay readable", async () => {
    const r = await Excel.run(async (ctx) => {
      const range = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").load("address");
      await ctx.sync();
      return range;
    });
    expect(r.address).toBe("Sheet1!A1");
    const code = await codeOf(
      Excel.run(r, async (ctx) => {
        r.values = [["again"]];
        await ctx.sync();
      }),
    );
    expect(code).toBe("InvalidObjectPath");
    expect(() => r.getCell(0, 0)).toThrow(expect.objectContaining({ code: "InvalidObjectPath" }));
  });

  test("ClientResult.value is readable after the sync (ValueNotLoaded before)", async () => {
    await Excel.run(async (ctx) => {
      const count = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B2").conditionalFormats.getCount();
      expect(codeOfSync(() => count.value)).toBe("ValueNotLoaded");
      await ctx.sync();
      expect(count.value).toBe(0);
    });
  });
});

describe("globals", () => {
  test("Excel.ErrorCodes is the real Excel enum: no propertyNotLoaded or requestPayloadSizeLimitExceeded there", () => {
    const codes = Excel.ErrorCodes as unknown as Record<string, string>;
    expect(codes.itemNotFound).toBe("ItemNotFound");
    expect(codes.invalidArgument).toBe("InvalidArgument");
    expect(codes.invalidOperation).toBe("InvalidOperation");
    expect(codes.responsePayloadSizeLimitExceeded).toBe("ResponsePayloadSizeLimitExceeded");
    expect(codes.requestPayloadSizeLimitExceeded).toBeUndefined();
    expect(codes.propertyNotLoaded).toBeUndefined();
    const ext = OfficeExtension.ErrorCodes as unknown as Record<string, string>;
    expect(ext.propertyNotLoaded).toBe("PropertyNotLoaded");
    expect(ext.requestPayloadSizeLimitExceeded).toBe("RequestPayloadSizeLimitExceeded");
  });

  test("enums the engine may use are present", () => {
    expect(Excel.ConditionalFormatType.custom).toBe("Custom");
    expect(Excel.DataValidationAlertStyle.stop).toBe("Stop");
    expect(Excel.DeleteShiftDirection.up).toBe("Up");
    expect(Excel.InsertShiftDirection.down).toBe("Down");
    expect(Excel.SheetVisibility.veryHidden).toBe("VeryHidden");
    expect(Excel.ClearApplyTo.contents).toBe("Contents");
  });

  test("uninstall restores the globals", async () => {
    const before = (globalThis as Record<string, unknown>).Excel;
    fake().uninstall();
    expect((globalThis as Record<string, unknown>).Excel).not.toBe(before);
  });
});

describe("strict subset", () => {
  test("an API member the contract doesn't list throws at once", async () => {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1");
      expect(() => r.cellCount).toThrow(NotInSubsetError);
      expect(() => r.load("cellCount")).toThrow(NotInSubsetError);
      expect(() => (r as unknown as { formulasLocal: unknown[][] }).formulasLocal = [["x"]]).toThrow(/not in docs\/excel-api-subset.md/);
      expect(() => ctx.workbook.worksheets.getItem("Sheet1").getCell(0, 0)).toThrow(NotInSubsetError);
      expect(() => ctx.trackedObjects).toThrow(NotInSubsetError);
      expect(() => (ctx.workbook as unknown as { names: unknown }).names).toThrow(NotInSubsetError);
      await ctx.sync();
    });
  });

  test("awaiting or serialising a proxy is fine", async () => {
    const r = await Excel.run(async (ctx) => {
      const range = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").load("address");
      await ctx.sync();
      return range;
    });
    expect(JSON.stringify(r)).toBe('{"address":"Sheet1!A1"}');
    expect(await read("A1", "address")).toBe("Sheet1!A1");
  });
});
