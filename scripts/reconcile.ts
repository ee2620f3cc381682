/**
 * npm run --silent reconcile -- --ims ims.json --pr pr.csv [--config cfg.json] [--verbose]
 *
 * Reconciles a purchase register (CSV, any headers the add-in's mapping recognises) with IMS
 * records as the API returns them, sections merged into one object keyed by section
 * ({"b2b":[…], "b2bcn":[…], …}, the API's field names), using the add-in's own code
 * (src/ims/register, src/ims/reconcile).
 *
 * stdout: a JSON array, one entry per link or unmatched document:
 *   {"pr":[data rows, 1-based, header excluded], "ims":[{"section":"b2b","index":i}],
 *    "category":"exact|suggested|mismatch|missing_in_pr|missing_in_ims|duplicate", "reasons":[…]}
 * stderr: reconcile_ms=… ims_docs=… pr_lines=… (the matching only, files already read).
 * --config: {"dateWindowDays":10, "tolerances":{"taxableValue":{"rupees":1,"percent":0},…},
 *            "actions":{…}, "mapping":{"docNumber":"Bill No.", …}} (every key optional).
 * Exit code 2 on bad arguments or unreadable files, with the reason on stderr.
 */
import { readFileSync } from "node:fs";
import { configFromJson, reconcile } from "../src/ims/reconcile";
import { readIms, readPr, UsageError, type ImsRef } from "./reconcile-input";

function parseArgs(argv: readonly string[]): { ims: string; pr: string; config: string | null; verbose: boolean } {
  const out: { ims?: string; pr?: string; config: string | null; verbose: boolean } = { config: null, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a file`);
      return v;
    };
    if (a === "--ims") out.ims = value();
    else if (a === "--pr") out.pr = value();
    else if (a === "--config") out.config = value();
    else if (a === "--verbose") out.verbose = true;
    else throw new UsageError(`unknown argument ${a}`);
  }
  if (!out.ims || !out.pr) throw new UsageError("usage: reconcile --ims ims.json --pr pr.csv [--config cfg.json] [--verbose]");
  return { ims: out.ims, pr: out.pr, config: out.config, verbose: out.verbose };
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  } catch (e) {
    throw new UsageError(`cannot read the ${what} file ${path}: ${(e as Error).message}`);
  }
}

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readText(path, what));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`the ${what} file ${path} is not JSON: ${(e as Error).message}`);
  }
}

// ---- main --------------------------------------------------------------------------------

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const configJson = args.config ? readJson(args.config, "config") : {};
  const config = configFromJson(configJson);
  const ims = readIms(readJson(args.ims, "IMS"));
  const read = readPr(readText(args.pr, "purchase register"), configJson);
  if (read.proposal.missing.length > 0) {
    throw new UsageError(
      `--pr: no column found for ${read.proposal.missing.join(", ")} (headers read: ${read.proposal.headers.filter((h) => h !== "").join(" | ") || "none"}); name them in --config "mapping"`,
    );
  }
  if (args.verbose) {
    for (const p of ims.problems) process.stderr.write(`warning: ${p}\n`);
    for (const f of read.proposal.fields) process.stderr.write(`mapping: ${f.field} ← ${f.headers.join(" + ")} (${f.confidence}${f.note ? `; ${f.note}` : ""})\n`);
    for (const p of read.problems) process.stderr.write(`warning: PR row ${p.dataRow}, ${p.field}: ${p.message}\n`);
    for (const k of read.skipped) process.stderr.write(`warning: PR row ${k.dataRow} skipped: ${k.reason}\n`);
  }

  // What reading left behind (the file texts, the parsed JSON, the cells) is collected now, when
  // node was started with --expose-gc, so that it does not land in the matching time.
  (globalThis as { gc?: () => void }).gc?.();
  const t = performance.now();
  const result = reconcile(ims.records, read.lines, config);
  const ms = performance.now() - t;

  const entries = result.links.map((l) => ({
    pr: l.pr.map((i) => (read.lines[i] as (typeof read.lines)[number]).dataRow),
    ims: l.ims.map((i) => ims.refs[i] as ImsRef),
    category: l.category,
    reasons: l.reasons.map((r) => r.text),
  }));
  const sectionOrder = new Map<string, number>();
  ims.refs.forEach((r) => sectionOrder.has(r.section) || sectionOrder.set(r.section, sectionOrder.size));
  const firstPr = (e: (typeof entries)[number]) => (e.pr.length > 0 ? Math.min(...e.pr) : Infinity);
  const firstIms = (e: (typeof entries)[number]) => (e.ims.length > 0 ? (sectionOrder.get(e.ims[0]!.section) ?? 0) * 1e9 + e.ims[0]!.index : Infinity);
  entries.sort((a, b) => firstPr(a) - firstPr(b) || firstIms(a) - firstIms(b));
  const out: string[] = ["["];
  entries.forEach((e, k) => out.push(`${JSON.stringify(e)}${k < entries.length - 1 ? "," : ""}`));
  out.push("]");
  process.stdout.write(`${out.join("\n")}\n`);
  process.stderr.write(`reconcile_ms=${Math.round(ms)} ims_docs=${ims.records.length} pr_lines=${read.lines.length}\n`);
}

try {
  main();
} catch (e) {
  process.stderr.write(`reconcile: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
}

