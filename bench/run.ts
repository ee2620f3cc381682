/** npm run bench [-- name ...]: runs the benchmarks and prints `BENCH <name> key=value ...` lines. */
import { benchBundle } from "./bundle";
import { benchOfflineImport } from "./offline-import";
import { benchPull } from "./pull";
import { benchReconcile } from "./reconcile";
import { benchReconcileWorkbook } from "./reconcile-workbook";
import { benchSales } from "./sales";
import { benchSandbox } from "./sandbox";
import { benchDiff, benchSubmit } from "./submit";

const BENCHES: Record<string, () => Promise<void>> = {
  sandbox: () => benchSandbox(),
  pull: () => benchPull(),
  "offline-import": () => benchOfflineImport(),
  diff: () => benchDiff(),
  submit: () => benchSubmit(),
  sales: () => benchSales(),
  bundle: () => benchBundle(),
  "reconcile-100k": () => benchReconcile(),
  "reconcile-workbook": () => benchReconcileWorkbook(),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = wanted.length ? wanted : Object.keys(BENCHES);
  for (const name of names) {
    const bench = BENCHES[name];
    if (!bench) throw new Error(`Unknown benchmark ${name}; known: ${Object.keys(BENCHES).join(", ")}`);
    await bench();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
