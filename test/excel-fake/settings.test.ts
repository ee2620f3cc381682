/** workbook.settings: JSON values stored as deep copies. */
import { codeOf, useFake } from "./test-helpers";

const fake = useFake();

test("add, read back through getItemOrNullObject, delete", async () => {
  await Excel.run(async (ctx) => {
    ctx.workbook.settings.add("ims.sections", { B2B: "B2B", CN: "Credit notes" });
    await ctx.sync();
    const s = ctx.workbook.settings.getItemOrNullObject("ims.sections").load("value");
    const missing = ctx.workbook.settings.getItemOrNullObject("nope");
    await ctx.sync();
    expect(s.isNullObject).toBe(false);
    expect(s.value).toEqual({ B2B: "B2B", CN: "Credit notes" });
    expect(missing.isNullObject).toBe(true);
    s.delete();
    const gone = ctx.workbook.settings.getItemOrNullObject("ims.sections");
    await ctx.sync();
    expect(gone.isNullObject).toBe(true);
  });
  expect(fake().inspect.settings()).toEqual({});
});

test("values are stored as copies: changing the object after the sync changes nothing", async () => {
  const value = { fetchedAt: "2025-06-01T10:00:00Z", rows: [1, 2] };
  await Excel.run(async (ctx) => {
    ctx.workbook.settings.add("meta", value);
    await ctx.sync();
    value.rows.push(3);
    const s = ctx.workbook.settings.getItemOrNullObject("meta").load("value");
    await ctx.sync();
    (s.value as { rows: number[] }).rows.push(4);
  });
  expect(fake().inspect.settings()).toEqual({ meta: { fetchedAt: "2025-06-01T10:00:00Z", rows: [1, 2] } });
});

test("as in Office.js, arguments are serialised at sync: a change before the sync is sent", async () => {
  const value = { rows: [1] };
  await Excel.run(async (ctx) => {
    ctx.workbook.settings.add("meta", value);
    value.rows.push(2);
    await ctx.sync();
  });
  expect(fake().inspect.settings()).toEqual({ meta: { rows: [1, 2] } });
});

test("a value with a cycle can't be serialised: the sync rejects with JSON's TypeError", async () => {
  const o: Record<string, unknown> = {};
  o.self = o;
  await expect(
    Excel.run(async (ctx) => {
      ctx.workbook.settings.add("bad", o);
      await ctx.sync();
    }),
  ).rejects.toThrow(TypeError);
});

test("adding an existing key replaces its value; value can be set on a setting", async () => {
  await Excel.run(async (ctx) => {
    ctx.workbook.settings.add("k", 1);
    ctx.workbook.settings.add("k", 2);
    await ctx.sync();
    const s = ctx.workbook.settings.getItemOrNullObject("k");
    s.value = [3];
    await ctx.sync();
  });
  expect(fake().inspect.settings()).toEqual({ k: [3] });
});

test.each([
  ["a function", () => 1],
  ["undefined", undefined],
  ["NaN", Number.NaN],
])("%s arrives as null and is refused (InvalidArgument)", async (_what, value) => {
  const code = await codeOf(
    Excel.run(async (ctx) => {
      ctx.workbook.settings.add("bad", value);
      await ctx.sync();
    }),
  );
  expect(code).toBe("InvalidArgument");
});
