/**
 * reconcile-100k: matching 100k IMS documents against about 100k purchase-register lines, read
 * as the CLI reads them (bench/reconcile-child.ts, in its own process): the matching time (one
 * cold run, as the CLI's reconcile_ms), the process's peak memory with the data, and F1 over
 * linked pairs on the synthetic truth. Category accuracy and the set's size go to stderr.
 */
import { spawnSync } from "node:child_process";
import { report, ROOT } from "./util";

export async function benchReconcile(docs = 100_000): Promise<void> {
  const child = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", "bench/reconcile-child.ts", String(docs)], { cwd: ROOT, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`reconcile bench failed (${child.status}): ${child.stderr}`);
  const r = JSON.parse(child.stdout.trim().split("\n").pop() as string) as { ms: number; peakMb: number; f1: number; accuracy: number; imsDocs: number; prLines: number };
  process.stderr.write(`reconcile-${docs / 1000}k: category_accuracy=${r.accuracy.toFixed(4)} ims_docs=${r.imsDocs} pr_lines=${r.prLines}\n`);
  report(`reconcile-${docs / 1000}k`, { ms: Math.round(r.ms), peak_mb: Math.round(r.peakMb), f1: r.f1.toFixed(4) });
}
