/**
 * The records' texts kept in the workbook for the upload file (issue 13): every text comes back
 * exactly, however long (Excel's 32,767-character cell limit) and whatever it holds (text that
 * looks like a formula, a number or a date; any Unicode); nothing in the hidden sheet can become
 * a formula, number or date; a damaged part loses only its own block.
 */
import { BLOB_HEADERS, readBlobSheet, writeBlobSheet } from "../../src/workbook/blob-sheet";
import { keepDownloadedRecords, keepUploadRecord, OFFLINE_RECORDS_SHEET, readDownloadedRecords, readUploadRecord, type KeptRecord } from "../../src/workbook/offline-store";
import { CELL_TEXT_LIMIT, packText, unpackText } from "../../src/workbook/packed-text";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";

let fake: FakeExcelHandle;
beforeEach(() => {
  fake = installExcelFake({ today: "2026-10-10" });
});
afterEach(() => fake.uninstall());

const HOSTILE = ["=HYPERLINK(\"http://evil\")", "+91 98765", "-12A", "@SUM(A1)", "00123", "1/2", "05-11-2025", "1e5", "TRUE", "\t=tab", "'quoted", "﻿BOM", "😀 ₹ ग्राहक", "\u2028\u2029", "\\u0000 escaped"];

function record(i: number, raw: string): KeptRecord {
  return { key: `B2B|29AABCB5678K1Z5|INV-${i}|2026-04`, sectionKey: i % 2 ? "b2b" : "B2B", raw };
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
  await keepDownloadedRecords(records, { compress });
  const kept = await readDownloadedRecords();
  expect(kept.damagedBlocks).toBe(0);
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

test("compression keeps a 10,000-record file to a fraction of its size", async () => {
  const records = Array.from({ length: 10_000 }, (_, i) =>
    record(i, `{"stin":"29AABCB5678K1Z5","tradenm":"Bharat Traders","inum":"INV/26-27/${i}","inv_typ":"R","idt":"05-04-2026","val":${1000 + i}.18,"action":"N","pos":"27","txval":${900 + i},"iamt":0,"camt":81.5,"samt":81.5,"cess":0,"srcform":"R1","rtnprd":"042026","srcfilstatus":"Filed","ispendactblocked":"N","isRemarksBlocked":"N","hash":"${(i * 2654435761).toString(16).padStart(16, "0")}"}`),
  );
  const result = await keepDownloadedRecords(records);
  const rawChars = records.reduce((n, r) => n + r.raw.length, 0);
  expect(result.chars).toBeLessThan(rawChars / 3);
  expect((await readDownloadedRecords()).byKey.size).toBe(10_000);
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
