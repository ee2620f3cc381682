/**
 * A 20 MB download: read in reasonable time and memory when valid, refused quickly and clearly
 * when cut off or broken. (The machine running tests is shared: the limits are generous.)
 */
import { buildUploadFile, parseImsDownload, type UploadIntent } from "../../src/ims/offline";
import type { RuleContext } from "../../src/ims/portal-rules";
import { SECTION_CODES } from "../../src/ims/sections";
import { downloadText, RECIPIENT, spec, type WireSpec } from "./fixtures/builders";

const TARGET = 20 * 1024 * 1024;
const RULES: RuleContext = { today: "2026-06-10", frequency: "monthly", stateCode: "27", remarksMaxLength: 250 };

function bigDownload(): { text: string; count: number } {
  const specs: WireSpec[] = [];
  // About 560 characters a record, pretty-printed.
  const n = Math.ceil(TARGET / 560);
  for (let i = 0; i < n; i++) {
    const section = SECTION_CODES[i % SECTION_CODES.length]!;
    specs.push(spec(section, i, { docNumber: `D${i.toString(36).toUpperCase()}` }));
  }
  const text = downloadText(specs, { layout: "pretty" });
  return { text, count: specs.length };
}

const { text, count } = bigDownload();

test(`the test file is at least 20 MB (${count} records)`, () => {
  expect(text.length).toBeGreaterThanOrEqual(TARGET);
});

test("a valid 20 MB download is read in reasonable time and memory, and its upload built", () => {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const r = parseImsDownload(text);
  const parseMs = performance.now() - t0;
  if (!r.ok) throw new Error(r.error.message);
  const heapAfter = process.memoryUsage().heapUsed;
  expect(r.value.records).toHaveLength(count);
  expect(r.value.rejected).toEqual([]);

  const intents = new Map<string, UploadIntent>(r.value.records.map((d, i) => [d.key, { action: i % 2 ? "A" : "R" }]));
  const t1 = performance.now();
  const upload = buildUploadFile({ gstin: RECIPIENT, records: r.value.records, intents, rules: RULES });
  const uploadMs = performance.now() - t1;
  expect(upload.outcomes.filter((o) => o.kind === "included")).toHaveLength(count);
  expect(upload.warnings[0]).toContain("older offline uploads took at most 5 MB");
  console.log(`BENCH offline-parse-20mb records=${count} chars=${text.length} parseMs=${Math.round(parseMs)} heapMB=${Math.round((heapAfter - heapBefore) / 1048576)} uploadMs=${Math.round(uploadMs)} uploadBytes=${upload.bytes}`);
  expect(parseMs).toBeLessThan(15_000);
  expect(uploadMs).toBeLessThan(30_000);
  // The records and their parsed objects; the text itself is shared by the records' raw slices.
  expect(heapAfter - heapBefore).toBeLessThan(600 * 1024 * 1024);
});

test("a 20 MB download cut off near its end: truncated, with where", () => {
  const cut = text.slice(0, text.length - 1000);
  const t0 = performance.now();
  const r = parseImsDownload(cut);
  const ms = performance.now() - t0;
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.error.code).toBe("truncated");
  expect(r.error.path).toMatch(/^imsDetails\.ecoma\[\d+\]/);
  expect(r.error.line).toBe(cut.split("\n").length);
  expect(ms).toBeLessThan(15_000);
});

test("a 20 MB download broken in the middle: not JSON, with the line and the record", () => {
  const at = text.indexOf('"txval": ', Math.floor(text.length / 2));
  const broken = `${text.slice(0, at)}"txval": ,${text.slice(at + '"txval": '.length)}`;
  const r = parseImsDownload(broken);
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.error.code).toBe("not-json");
  expect(r.error.line).toBe(text.slice(0, at).split("\n").length);
  expect(r.error.message).toMatch(/in imsDetails\.\w+\[\d+\]\.txval: expected a value/);
});
