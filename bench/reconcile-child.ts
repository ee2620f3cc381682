/**
 * The reconcile-100k measurement, run in its own process by bench/reconcile.ts so that its peak
 * memory is its own. A seeded synthetic set (test/reconcile/synthetic.ts, every kind of noise the
 * reference lists) of 100k IMS documents against about 100k purchase-register lines is written
 * as the CLI's inputs (the API's JSON, a CSV) and read back exactly as the CLI reads them
 * (scripts/reconcile-input.ts); then it is matched once, cold, timed as the CLI's reconcile_ms.
 * Prints one JSON line.
 */
import { readFileSync } from "node:fs";
import { reconcile } from "../src/ims/reconcile";
import { readIms, readPr } from "../scripts/reconcile-input";
import { score } from "../test/reconcile/score";
import { generateSynthetic } from "../test/reconcile/synthetic";
import { toCsv, toSections } from "../test/reconcile/wire";

function peakRssMiB(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 1024 / 1024;
}

const docs = Number(process.argv[2] ?? 100_000);
const prepared = (() => {
  const set = generateSynthetic({ seed: 20260101, docs, layout: "add-in" });
  const { json, refs } = toSections(set.ims);
  const ims = readIms(JSON.parse(JSON.stringify(json)));
  const read = readPr(toCsv(set.cells), {});
  return { truth: set.truth, refs, ims, read };
})();
const { truth, refs, ims, read } = prepared;
// What generating and reading left behind is collected first, as the CLI does after reading its files.
(globalThis as { gc?: () => void }).gc?.();
const t = performance.now();
const result = reconcile(ims.records, read.lines);
const ms = performance.now() - t;
// The CLI's refs are (section, index); map them back to the generator's record order.
const position = new Map(refs.map((r, i) => [`${r.section}:${r.index}`, i]));
const s = score(
  truth,
  result.links.map((l) => ({
    category: l.category,
    ims: l.ims.map((i) => position.get(`${ims.refs[i]!.section}:${ims.refs[i]!.index}`) as number),
    pr: l.pr.map((i) => read.lines[i]!.dataRow),
  })),
);
process.stdout.write(`${JSON.stringify({ ms, peakMb: peakRssMiB(), f1: s.f1, accuracy: s.categoryAccuracy, imsDocs: ims.records.length, prLines: read.lines.length })}\n`);
