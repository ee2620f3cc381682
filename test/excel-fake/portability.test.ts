/**
 * The fake is bundled into a browser page for Playwright, so its modules must not use Node
 * built-ins or jest. Checked twice: statically, and by running an esbuild bundle in a bare V8
 * context (no require, process or Buffer).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";

const DIR = __dirname;
const modules = readdirSync(DIR).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "test-helpers.ts");

test.each(modules)("%s uses no Node built-ins and no jest", (file) => {
  const src = readFileSync(join(DIR, file), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
  expect(src).not.toMatch(/from "(node:|fs|path|os|crypto|buffer|@jest|jest)/);
  expect(src).not.toMatch(/\b(require\(|process\.|Buffer\.|__dirname|describe\(|expect\()/);
  expect(src).not.toMatch(/from "\.\/test-helpers"/);
});

function loadEsbuild(): { buildSync: (o: Record<string, unknown>) => { outputFiles: { text: string }[] } } | null {
  try {
    // esbuild ships with tsx (a dev dependency); skip quietly where it isn't installed.
    return require("esbuild") as { buildSync: (o: Record<string, unknown>) => { outputFiles: { text: string }[] } };
  } catch {
    return null;
  }
}

const esbuild = loadEsbuild();
(esbuild ? test : test.skip)("a bundle runs in a bare JavaScript context", async () => {
  const out = esbuild?.buildSync({ entryPoints: [join(DIR, "index.ts")], bundle: true, format: "iife", globalName: "ExcelFake", target: "es2020", write: false });
  const code = out?.outputFiles[0]?.text ?? "";
  const sandbox: Record<string, unknown> = {};
  runInNewContext(code, sandbox);
  const result = await (runInNewContext(
    `(async () => {
      const fake = ExcelFake.installExcelFake({ today: "2025-06-01" });
      return Excel.run(async (ctx) => {
        const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B1");
        r.values = [["00123", "Nov 5"]];
        r.load("values");
        await ctx.sync();
        return { values: r.values, syncs: fake.stats().syncs, node: typeof process + typeof require + typeof Buffer };
      });
    })()`,
    sandbox,
  ) as Promise<unknown>);
  expect(JSON.parse(JSON.stringify(result))).toEqual({ values: [[123, 45966]], syncs: 1, node: "undefinedundefinedundefined" });
});
