/** The 5 MB request/response limit of Excel on the web, byte accounting, and the 5M-cell read cap. */
import { installExcelFake } from "./index";
import { utf8Length } from "./payload";
import { codeOf, codeOfSync, useFake, write } from "./test-helpers";

const fake = useFake();

function block(rows: number, cols: number, text: (r: number, c: number) => string): string[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => text(r, c)));
}

test("utf8Length matches TextEncoder for ASCII, Devanagari, rupee signs and emoji", () => {
  for (const s of ["", "abc", "₹1,234", "नमस्ते", "😀x", "\u00e9", '{"a":"\\u0000"}']) {
    expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
  }
});

describe("stats", () => {
  test("request bytes grow with the values written, response bytes with the values loaded", async () => {
    fake().resetStats();
    await write("A1:B2", [["a", "b"], ["c", "d"]]);
    const small = fake().stats();
    expect(small.syncs).toBe(1);
    expect(small.maxRequestBytes).toBeGreaterThan(100);
    expect(small.maxResponseBytes).toBeLessThan(200);

    fake().resetStats();
    await write("A1:B2", [["a".repeat(1000), "b"], ["c", "d"]]);
    expect(fake().stats().maxRequestBytes).toBeGreaterThan(small.maxRequestBytes + 990);

    fake().resetStats();
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B2").load("values");
      await ctx.sync();
    });
    const s = fake().stats();
    expect(s.maxResponseBytes).toBeGreaterThan(1000);
    expect(s.totalResponseBytes).toBe(s.maxResponseBytes);
  });

  test("non-ASCII text counts in UTF-8 bytes", async () => {
    fake().resetStats();
    await write("A1", [["a".repeat(3000)]]);
    const ascii = fake().stats().maxRequestBytes;
    fake().resetStats();
    await write("A1", [["₹".repeat(3000)]]);
    expect(fake().stats().maxRequestBytes - ascii).toBe(6000);
  });

  test("every proxy and call costs bytes, so many small writes cost more than one block", async () => {
    const values = block(50, 4, (r, c) => `${r}-${c}`);
    fake().resetStats();
    await write("A1:D50", values);
    const once = fake().stats().totalRequestBytes;
    fake().resetStats();
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      values.forEach((row, r) => row.forEach((v, c) => (ws.getRangeByIndexes(r, c, 1, 1).values = [[v]])));
      await ctx.sync();
    });
    expect(fake().stats().totalRequestBytes).toBeGreaterThan(once * 5);
  });
});

describe("the 5 MB limit", () => {
  const big = block(20_000, 10, (r, c) => `INV/${r}/${c}/xx`); // ~4 M characters of text plus JSON

  test("a request over the limit rejects with RequestPayloadSizeLimitExceeded and applies nothing", async () => {
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("Z1").values = [["written before the big one"]];
      ws.getRange("A1:J20000").values = big;
      ws.getRange("A1:J20000").values = big;
      expect(await codeOf(ctx.sync())).toBe("RequestPayloadSizeLimitExceeded");
    });
    expect(fake().inspect.cell("Sheet1", "Z1").value).toBe("");
    expect(fake().inspect.usedRange("Sheet1")).toBeNull();
    const s = fake().stats();
    expect(s.rejectedForSize).toBe(1);
    expect(s.syncs).toBe(1);
    expect(s.maxRequestBytes).toBe(0);
  });

  test("the same data in two syncs passes", async () => {
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1:J20000").values = big;
      await ctx.sync();
      ws.getRange("A20001:J40000").values = big;
      await ctx.sync();
    });
    expect(fake().stats().maxRequestBytes).toBeLessThanOrEqual(5_000_000);
    expect(fake().inspect.usedRange("Sheet1")).toBe("A1:J40000");
  });

  test("a response over the limit rejects with ResponsePayloadSizeLimitExceeded; the batch's writes stay, its loads are not delivered", async () => {
    await write("A1:J20000", big);
    await write("A20001:J40000", big);
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("Z1").values = [["applied"]];
      const r = ws.getRange("A1:J40000").load("values");
      expect(await codeOf(ctx.sync())).toBe("ResponsePayloadSizeLimitExceeded");
      expect(codeOfSync(() => r.values)).toBe("PropertyNotLoaded");
    });
    expect(fake().inspect.cell("Sheet1", "Z1").value).toBe("applied");
  });

  test("the limit is configurable", async () => {
    const handle = installExcelFake({ payloadLimitBytes: 2_000 });
    try {
      await Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["x".repeat(3_000)]];
        expect(await codeOf(ctx.sync())).toBe("RequestPayloadSizeLimitExceeded");
      });
    } finally {
      handle.uninstall();
    }
  });
});

describe("reads Excel refuses to return", () => {
  test("a range of more than 5,000,000 cells reads as null (no error)", async () => {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:E1000001").load("values, text, rowCount");
      await ctx.sync();
      expect(r.values).toBeNull();
      expect(r.text).toBeNull();
      expect(r.rowCount).toBe(1_000_001);
    });
  });

  test("exactly 5,000,000 cells are readable (and empty cells still cost response bytes)", async () => {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:E1000000").load("rowCount");
      await ctx.sync();
      expect(r.rowCount).toBe(1_000_000);
    });
    const limited = installExcelFake({ payloadLimitBytes: 5_000_000 });
    try {
      await Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B1000000").load("values");
        expect(await codeOf(ctx.sync())).toBe("ResponsePayloadSizeLimitExceeded");
      });
    } finally {
      limited.uninstall();
    }
  });

  test("cell-level properties of an unbounded range (C:C, 2:2) read as null; address and counts don't", async () => {
    await write("C1", [["x"]]);
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      const col = ws.getRange("C:C").load("values, text, formulas, numberFormat, address, rowCount");
      const row = ws.getRange("2:2").load("values, address, columnCount");
      await ctx.sync();
      expect(col.values).toBeNull();
      expect(col.text).toBeNull();
      expect(col.formulas).toBeNull();
      expect(col.numberFormat).toBeNull();
      expect(col.address).toBe("Sheet1!C:C");
      expect(col.rowCount).toBe(1_048_576);
      expect(row.values).toBeNull();
      expect(row.address).toBe("Sheet1!2:2");
      expect(row.columnCount).toBe(16_384);
    });
  });

  test("cell-level writes to an unbounded range fail with InvalidArgument", async () => {
    for (const [address, prop] of [["A:B", "values"], ["C:C", "numberFormat"], ["3:3", "formulas"]] as const) {
      await Excel.run(async (ctx) => {
        const r = ctx.workbook.worksheets.getItem("Sheet1").getRange(address);
        (r as unknown as Record<string, unknown>)[prop] = "x";
        expect(await codeOf(ctx.sync())).toBe("InvalidArgument");
      });
    }
  });
});
