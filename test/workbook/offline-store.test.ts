/**
 * The records' texts kept in the workbook for the upload file (issue 13): every text comes back
 * exactly, however long (Excel's 32,767-character cell limit) and whatever it holds (text that
 * looks like a formula, a number or a date; any Unicode); nothing in the hidden sheet can become
 * a formula, number or date; a damaged part loses only its own block.
 */
import { BLOB_HEADERS, readBlobSheet, writeBlobSheet } from "../../src/workbook/blob-sheet";
import { keepFileTexts, parseImsDownload, type KeptTextsData } from "../../src/ims/offline";
import { keepDownloadedRecords, keepUploadRecord, OFFLINE_RECORDS_SHEET, readDownloadedRecords, readUploadRecord, type KeptRecord } from "../../src/workbook/offline-store";
import { CELL_TEXT_LIMIT, packText, unpackText } from "../../src/workbook/packed-text";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { downloadText, spec } from "../offline/fixtures/builders";
import { asRendered } from "../offline/fixtures/rendered";

let fake: FakeExcelHandle;
beforeEach(() => {
  fake = installExcelFake({ today: "2026-10-10" });
});
afterEach(() => fake.uninstall());

const HOSTILE = ["=HYPERLINK(\"http://evil\")", "+91 98765", "-12A", "@SUM(A1)", "00123", "1/2", "05-11-2025", "1e5", "TRUE", "\t=tab", "'quoted", "﻿BOM", "😀 ₹ ग्राहक", "\u2028\u2029", "\\u0000 escaped"];

function record(i: number, raw: string): KeptRecord {
  return { key: `B2B|29AABCB5678K1Z5|INV-${i}|2026-04`, sectionKey: i % 2 ? "b2b" : "B2B", raw };
}

/** Records that no skeleton fits, kept as their texts. */
function verbatimOnly(records: readonly KeptRecord[]): KeptTextsData {
  return { sections: [], skeletons: [], selectors: [], names: [], digests: "", verbatim: records.map((r) => [r.key, r.sectionKey, r.raw]) };
}

function dataCells(sheet: string): unknown[] {
  const used = fake.inspect.usedRange(sheet) as string;
  return fake.inspect.values(sheet, used).slice(1).map((r) => r[3]);
}

test.each([
  ["compressed", true],
  ["plain (a host without CompressionStream)", false],
])("%s: texts of any length and content come back exactly, and every cell is tagged text within Excel's limit", async (_name, compress) => {
  const records: KeptRecord[] = [
    ...HOSTILE.map((h, i) => record(i, `{"stin":"29AABCB5678K1Z5","inum":${JSON.stringify(h)},"val":142700.00}`)),
    ...HOSTILE.map((h, i) => record(100 + i, h)),
    record(200, `{"itms":"${"x".repeat(70_000)}"}`), // one record longer than two cells
    record(201, `{"t":"${"😀".repeat(40_000)}"}`), // surrogate pairs across a cut
  ];
  await writeBlobSheet(OFFLINE_RECORDS_SHEET, [], { compress });
  await keepDownloadedRecords(verbatimOnly(records), { compress });
  const kept = await readDownloadedRecords();
  expect(kept.damagedBlocks).toBe(0);
  expect(kept.texts?.size).toBe(0);
  expect(kept.byKey.size).toBe(records.length);
  records.forEach((r, i) => expect(kept.byKey.get(r.key)).toEqual({ ...r, order: i }));

  const used = fake.inspect.usedRange(OFFLINE_RECORDS_SHEET) as string;
  expect(fake.inspect.values(OFFLINE_RECORDS_SHEET, used)[0]).toEqual([...BLOB_HEADERS]);
  for (const [i, cell] of dataCells(OFFLINE_RECORDS_SHEET).entries()) {
    expect(typeof cell).toBe("string");
    expect((cell as string).length).toBeLessThanOrEqual(CELL_TEXT_LIMIT);
    expect(cell as string).toMatch(compress ? /^z1:/ : /^t1:/);
    const info = fake.inspect.cell(OFFLINE_RECORDS_SHEET, `D${i + 2}`);
    expect(info.formula).toBeNull();
    expect(info.numberFormat).toBe("@");
  }
  if (!compress) expect(dataCells(OFFLINE_RECORDS_SHEET).length).toBeGreaterThan(3);
});

test("a regular 10,000-record file is kept in a small fraction of its size, and every record comes back from its row's record", async () => {
  const download = parseImsDownload(downloadText(Array.from({ length: 10_000 }, (_, i) => spec(i % 3 ? "B2B" : "CN", i, { hash: (i * 2654435761).toString(16).padStart(64, "0") }))));
  if (!download.ok) throw new Error(download.error.message);
  const records = download.value.records;
  const result = await keepDownloadedRecords(keepFileTexts(records.map((d) => ({ ...d, ...(d.tradeName !== undefined ? { tradeName: d.tradeName } : {}) }))));
  const rawChars = records.reduce((n, r) => n + r.raw.length, 0);
  expect(result.chars).toBeLessThan(rawChars / 50);
  const kept = await readDownloadedRecords();
  expect(kept.byKey.size).toBe(0);
  for (const d of records) expect(kept.texts?.textOf(d.record)).toEqual({ ok: true, raw: asRendered(d.raw), sectionKey: d.sectionKey });
});

test("a workbook of the earlier version, which kept every record as its text, is still read", async () => {
  const records = [record(1, '{"stin":"29AABCB5678K1Z5","inum":"INV-1"}'), record(2, '{"stin":"29AABCB5678K1Z5","inum":"INV-2"}')];
  await writeBlobSheet(OFFLINE_RECORDS_SHEET, [JSON.stringify({ v: 1, records: records.map((r) => [r.key, r.sectionKey, r.raw]) })]);
  const kept = await readDownloadedRecords();
  expect(kept.texts).toBeNull();
  expect(kept.byKey.get(records[1]?.key as string)).toEqual({ ...records[1], order: 1 });
});

test("a part changed by hand loses only its block; the others are read", async () => {
  // Text that does not compress, so that its block takes several parts.
  let seed = 7;
  const noise = Array.from({ length: 120_000 }, () => ((seed = (seed * 48271) % 2147483647), (seed % 36).toString(36))).join("");
  const blocks = ["first block", noise, "third block"];
  await writeBlobSheet("IMS test blobs", blocks);
  const grid = fake.inspect.values("IMS test blobs", fake.inspect.usedRange("IMS test blobs") as string);
  const row = grid.findIndex((r) => r[0] === 2 && r[1] === 2) + 1;
  expect(row).toBeGreaterThan(1);
  fake.user.typeInto("IMS test blobs", `D${row}`, "z1:AAAA");
  expect((await readBlobSheet("IMS test blobs")).blocks).toEqual(["first block", null, "third block"]);

  // A row deleted: that block is incomplete.
  await writeBlobSheet("IMS test blobs", blocks);
  fake.user.typeInto("IMS test blobs", "B2", "7");
  expect((await readBlobSheet("IMS test blobs")).blocks[0]).toBeNull();
});

test("the upload record comes back as written; none when the workbook has none", async () => {
  expect(await readUploadRecord()).toBeNull();
  const upload = { fileName: "IMS_upload_27AAACI1234F1Z2_20261010_1100.json", savedAt: "2026-10-10T05:30:00.000Z", entries: [{ key: "CN|x|1|2026-04", section: "CN" as const, action: "A" as const, itcReduction: { required: "Y" as const, igst: 1000 } }, { key: "B2B|x|2|2026-04", section: "B2B" as const, action: "R" as const, remarks: "=cmd|' /C calc'!A0" }] };
  await keepUploadRecord(upload);
  expect(await readUploadRecord()).toEqual(upload);
});

test("packed text rejects parts of mixed kinds and damaged compressed text", async () => {
  const parts = await packText("hello ".repeat(10_000));
  await expect(unpackText([...parts.slice(0, 1), "t1:xyz"])).rejects.toThrow("different kinds");
  await expect(unpackText(["z1:" + "A".repeat(40)])).rejects.toThrow("damaged");
  await expect(unpackText(["no tag"])).rejects.toThrow("known tag");
});
