/** Shared plumbing for the fake's own tests (not part of the fake). */
import { installExcelFake, type FakeExcelHandle, type FakeExcelOptions } from "./index";

/** Installs a fresh fake before each test (today = 2025-06-01) and uninstalls it after. */
export function useFake(options: FakeExcelOptions = {}): () => FakeExcelHandle {
  let fake: FakeExcelHandle | null = null;
  beforeEach(() => {
    fake = installExcelFake({ today: "2025-06-01", ...options });
  });
  afterEach(() => {
    fake?.uninstall();
    fake = null;
  });
  return () => {
    if (!fake) throw new Error("fake not installed");
    return fake;
  };
}

/** Awaits `p` and returns the error's code (fails if it resolves). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code ?? `no code: ${String(e)}`;
  }
  throw new Error("expected a rejection");
}

/** Runs `fn` and returns the thrown error's code. */
export function codeOfSync(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code ?? `no code: ${String(e)}`;
  }
  throw new Error("expected a throw");
}

/** Writes values to Sheet1 (or `sheet`) through the API in one Excel.run. */
export async function write(address: string, values: unknown[][] | unknown, sheet = "Sheet1"): Promise<void> {
  await Excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem(sheet).getRange(address).values = values as unknown[][];
    await ctx.sync();
  });
}

/** Reads a property of a range through the API. */
export async function read<K extends "values" | "text" | "formulas" | "numberFormat" | "address">(
  address: string,
  prop: K,
  sheet = "Sheet1",
): Promise<Excel.Range[K]> {
  return Excel.run(async (ctx) => {
    const r = ctx.workbook.worksheets.getItem(sheet).getRange(address).load(prop);
    await ctx.sync();
    return r[prop];
  });
}
