/**
 * The CLI as the issue gives it: npm run --silent reconcile -- --ims ims.json --pr pr.csv
 * [--config cfg.json]. A small fixture (BOM, CRLF, quoted commas and quotes, brackets for a
 * credit note, ₹, Indian grouping, a bad row, a record the API schema refuses), then a seeded
 * synthetic set of a few thousand documents written as the API's JSON and a CSV.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { score } from "./score";
import { generateSynthetic } from "./synthetic";
import { toCsv, toSections } from "./wire";

const ROOT = resolve(__dirname, "../..");
const FIXTURES = join(__dirname, "fixtures");

interface Entry {
  pr: number[];
  ims: { section: string; index: number }[];
  category: string;
  reasons: string[];
}

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("npm", ["run", "--silent", "reconcile", "--", ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("npm run reconcile", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "reconcile-cli-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("the fixture: one entry per link or unmatched document, rows 1-based without the header", () => {
    const r = cli("--ims", join(FIXTURES, "ims.json"), "--pr", join(FIXTURES, "pr.csv"));
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^reconcile_ms=\d+ ims_docs=10 pr_lines=11\n$/);
    const out = JSON.parse(r.stdout) as Entry[];
    const b2b = (index: number) => ({ section: "b2b", index });
    expect(out).toEqual([
      { pr: [1], ims: [b2b(0)], category: "exact", reasons: [] },
      { pr: [2], ims: [b2b(1)], category: "suggested", reasons: ["number format", "date"] },
      { pr: [3], ims: [b2b(2)], category: "mismatch", reasons: ["taxable value differs by ₹200.00 (IMS ₹2,000.00, PR ₹1,800.00)", "IGST differs by ₹36.00 (IMS ₹360.00, PR ₹324.00)"] },
      { pr: [4], ims: [{ section: "b2bcn", index: 0 }], category: "exact", reasons: [] },
      { pr: [5], ims: [{ section: "b2bdn", index: 0 }], category: "exact", reasons: [] },
      { pr: [6], ims: [], category: "duplicate", reasons: ["duplicate of PR row 1"] },
      { pr: [7], ims: [], category: "missing_in_ims", reasons: [] },
      { pr: [8], ims: [], category: "missing_in_ims", reasons: ['unreadable: "not-a-gstin" is not a GSTIN'] },
      { pr: [9], ims: [b2b(4)], category: "suggested", reasons: ["branch GSTIN"] },
      { pr: [10], ims: [b2b(5), b2b(6)], category: "suggested", reasons: ["clubbed"] },
      { pr: [11], ims: [b2b(7)], category: "exact", reasons: [] },
      { pr: [], ims: [b2b(3)], category: "missing_in_pr", reasons: [] },
    ]);
  });

  test("--config: the date window, tolerances in rupees, a column named by the user", () => {
    const cfg = join(dir, "cfg.json");
    writeFileSync(cfg, JSON.stringify({ dateWindowDays: 3, tolerances: { taxableValue: { rupees: 250 }, igst: { rupees: 40 } }, mapping: { supplierName: null } }));
    const out = JSON.parse(cli("--ims", join(FIXTURES, "ims.json"), "--pr", join(FIXTURES, "pr.csv"), "--config", cfg).stdout) as Entry[];
    const of = (row: number) => out.find((e) => e.pr.includes(row));
    expect(of(2)?.category).toBe("missing_in_ims"); // 5 days apart, window 3
    expect(of(3)).toMatchObject({ category: "suggested", reasons: ["rounding"] }); // ₹200 within ₹250
  });

  test("bad arguments and unreadable files exit 2 with the reason", () => {
    expect(cli("--ims", join(FIXTURES, "ims.json"))).toMatchObject({ status: 2, stderr: expect.stringMatching(/usage: reconcile --ims/) });
    expect(cli("--ims", join(dir, "nope.json"), "--pr", join(FIXTURES, "pr.csv"))).toMatchObject({ status: 2, stderr: expect.stringMatching(/cannot read the IMS file/) });
    const noColumns = join(dir, "bad.csv");
    writeFileSync(noColumns, "a,b,c\n1,2,3\n");
    expect(cli("--ims", join(FIXTURES, "ims.json"), "--pr", noColumns)).toMatchObject({ status: 2, stderr: expect.stringMatching(/no column found for supplierGstin, docNumber, docDate, taxableValue/) });
  });

  test("a synthetic set written as the API's JSON and a Matching Offline Tool CSV: F1 ≥ 0.99, categories ≥ 0.95", () => {
    const set = generateSynthetic({ seed: 99, docs: 2500, layout: "moot" });
    const { json, refs } = toSections(set.ims);
    writeFileSync(join(dir, "ims.json"), JSON.stringify(json));
    writeFileSync(join(dir, "pr.csv"), toCsv(set.cells));
    const r = cli("--ims", join(dir, "ims.json"), "--pr", join(dir, "pr.csv"));
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^reconcile_ms=\\d+ ims_docs=${set.ims.length} pr_lines=\\d+\\n$`));
    const out = JSON.parse(r.stdout) as Entry[];
    const position = new Map(refs.map((ref, i) => [`${ref.section}:${ref.index}`, i]));
    const predicted = out.map((e) => ({ category: e.category as never, pr: e.pr, ims: e.ims.map((x) => position.get(`${x.section}:${x.index}`) as number) }));
    const s = score(set.truth, predicted);
    expect(s.f1).toBeGreaterThanOrEqual(0.99);
    expect(s.categoryAccuracy).toBeGreaterThanOrEqual(0.95);
  });
});
