/**
 * Untrusted strings (from the portal, or typed by a user) go through the engine and come back
 * exactly: none becomes a formula, a number or a date, before or after a refresh.
 */
import { imsRecordKey, type ImsRecord } from "../../src/ims/records";
import { pullSectionIntoSheet, readSectionSheet } from "../../src/workbook";
import { sectionLayout, type ColumnId } from "../../src/workbook/layout";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { cellAt, GSTIN, rowOf, T1, T2 } from "./helpers";
import { makeRecord } from "./synthetic-records";

const HOSTILE = [
  "00123",
  "1-2",
  "-12A",
  "1E5",
  "=HYPERLINK(\"http://evil.example\",\"click\")",
  "=1+1",
  "=cmd|' /C calc'!A0",
  "+91 98765 43210",
  "+1",
  "@SUM(A1:A2)",
  "-",
  "=",
  " 42 ",
  "1,234",
  "05-11-2025",
  "2025-11-05",
  "Nov 5",
  "5-Nov",
  "TRUE",
  "'quoted",
  "''",
  "12%",
  "(5)",
  "\t=1+1",
  "\r\n-2",
  "1234567890123456789",
  "0000000000000001",
  "١٢٣",
  "＝1+1",
  "INV/2025/#REF!",
  "#N/A",
];

/** 250 characters of mixed scripts, emoji, combining marks, right-to-left text and formula starters. */
function longRemark(): string {
  const parts = ["=IMPORTXML(\"x\") ", "नमस्ते, माल लौटाया गया। ", "வணக்கம் ", "😀👍🏽 ", "e\u0301 ", "שלום ", "₹1,23,456.78 ", "-12A +91 @x "];
  let s = "";
  for (let i = 0; s.length < 250; i++) s += parts[i % parts.length];
  s = s.slice(0, 250);
  // Do not end in half a surrogate pair.
  if (/[\ud800-\udbff]$/.test(s)) s = s.slice(0, 249) + "x";
  return s;
}

const TEXT_FIELDS: [ColumnId, keyof ImsRecord][] = [
  ["supplierGstin", "supplierGstin"],
  ["docNumber", "docNumber"],
  ["originalDocNumber", "originalDocNumber"],
  ["invoiceType", "invoiceType"],
  ["placeOfSupply", "placeOfSupply"],
  ["sourceForm", "sourceForm"],
];

let fake: FakeExcelHandle;
let recs: ImsRecord[];
const remark = longRemark();

beforeEach(() => {
  fake = installExcelFake({ today: "2025-11-21" });
  recs = HOSTILE.map((h, i) =>
    makeRecord("B2BA", i, {
      supplierGstin: i % 3 === 0 ? h : makeRecord("B2BA", i).supplierGstin,
      docNumber: h,
      originalDocNumber: h,
      invoiceType: h,
      placeOfSupply: h,
      sourceForm: h,
      hash: h,
      remarks: i === 0 ? remark : h,
    }),
  );
  expect(new Set(recs.map(imsRecordKey)).size).toBe(recs.length);
});
afterEach(() => fake.uninstall());

function expectExact(sheet: string, address: string, text: string): void {
  const cell = fake.inspect.cell(sheet, address);
  expect({ address, formula: cell.formula, value: cell.value }).toEqual({ address, formula: null, value: text });
}

function expectAllExact(): void {
  recs.forEach((r) => {
    const row = rowOf(fake, "B2BA", r);
    for (const [col, field] of TEXT_FIELDS) expectExact("B2BA", cellAt("B2BA", col, row), r[field] as string);
    expectExact("B2BA", cellAt("B2BA", "remarks", row), r.remarks as string);
    expectExact("B2BA", cellAt("B2BA", "version", row), r.hash);
  });
}

test("portal strings are written as exact text and read back exactly, before and after a refresh", async () => {
  expect(remark.length).toBe(250);
  await pullSectionIntoSheet("B2BA", recs, { gstin: GSTIN, pulledAt: T1 });
  expectAllExact();
  const read = await readSectionSheet("B2BA");
  expect(read.problems).toEqual([]);
  expect(read.rows.map((r) => r.record)).toEqual(recs);
  expect(read.rows.map((r) => r.edit.remarks)).toEqual(recs.map((r) => r.remarks));

  await pullSectionIntoSheet("B2BA", recs, { gstin: GSTIN, pulledAt: T2 });
  expectAllExact();
  expect((await readSectionSheet("B2BA")).rows.map((r) => r.record)).toEqual(recs);
});

test("strings typed by the user into Text cells stay text through read-back and refresh", async () => {
  await pullSectionIntoSheet("B2BA", recs.slice(0, 3), { gstin: GSTIN, pulledAt: T1 });
  const typed = ["=1+1", "00123", "-12A", "1E5", "05-11-2025", remark];
  typed.forEach((t, i) => fake.user.typeInto("B2BA", cellAt("B2BA", i % 2 ? "message" : "remarks", 2 + (i % 3)), t));
  fake.user.typeInto("B2BA", cellAt("B2BA", "referenceId", 2), "0012300045");
  const read = await readSectionSheet("B2BA");
  expect(read.problems).toEqual([]);
  await pullSectionIntoSheet("B2BA", recs.slice(0, 3), { gstin: GSTIN, pulledAt: T2 });
  const after = await readSectionSheet("B2BA");
  expect(after.rows.map((r) => [r.edit.remarks, r.status.message])).toEqual(read.rows.map((r) => [r.edit.remarks, r.status.message]));
  expect(after.rows[0]!.status.referenceId).toBe("0012300045");
  expectExact("B2BA", cellAt("B2BA", "referenceId", 2), "0012300045");
  for (let row = 2; row <= 4; row++) {
    expect(fake.inspect.cell("B2BA", cellAt("B2BA", "remarks", row)).formula).toBeNull();
    expect(fake.inspect.cell("B2BA", cellAt("B2BA", "message", row)).formula).toBeNull();
  }
});

test("a hostile action that is not an action is kept as text and never becomes a formula", async () => {
  await pullSectionIntoSheet("B2BA", recs.slice(0, 2), { gstin: GSTIN, pulledAt: T1 });
  fake.user.paste("B2BA", cellAt("B2BA", "action", 2), [["=1+1"], ["-12A"]], { values: true });
  const read = await readSectionSheet("B2BA");
  expect(read.problems.map((p) => p.code)).toEqual(["bad-action", "bad-action"]);
  await pullSectionIntoSheet("B2BA", recs.slice(0, 2), { gstin: GSTIN, pulledAt: T2 });
  expectExact("B2BA", cellAt("B2BA", "action", 2), "=1+1");
  expectExact("B2BA", cellAt("B2BA", "action", 3), "-12A");
});

test("text a user leaves in an amount column comes back as text, never as a formula", async () => {
  await pullSectionIntoSheet("B2BA", recs.slice(0, 1), { gstin: GSTIN, pulledAt: T1 });
  // Paste-values keeps the amount format; the text is coerced like typing ("-12A" → a formula, "abc" stays text).
  fake.user.paste("B2BA", cellAt("B2BA", "itcIgst", 2), [["abc", "=1+1"]], { values: true });
  const read = await readSectionSheet("B2BA");
  expect(read.problems.map((p) => p.code)).toEqual(["bad-amount", "bad-itc"]);
  await pullSectionIntoSheet("B2BA", recs.slice(0, 1), { gstin: GSTIN, pulledAt: T2 });
  expectExact("B2BA", cellAt("B2BA", "itcIgst", 2), "abc");
  // "=1+1" had become a formula worth 2 in the grid; the engine writes back the value, not the formula.
  expect(fake.inspect.cell("B2BA", cellAt("B2BA", "itcCgst", 2)).formula).toBeNull();
});

test("a plain paste strips the Text format, but the next pull restores it before writing text", async () => {
  await pullSectionIntoSheet("B2BA", recs.slice(0, 2), { gstin: GSTIN, pulledAt: T1 });
  const layout = sectionLayout("B2BA");
  const width = layout.columns.length;
  // Plain paste of plain text over a whole row: formats go to General.
  fake.user.paste("B2BA", "A3", [Array.from({ length: width }, () => "x")]);
  expect(fake.inspect.cell("B2BA", cellAt("B2BA", "docNumber", 3)).numberFormat).not.toBe("@");
  await pullSectionIntoSheet("B2BA", recs.slice(0, 2), { gstin: GSTIN, pulledAt: T2 });
  expectAllExactFor(recs.slice(0, 2));
});

function expectAllExactFor(rs: ImsRecord[]): void {
  for (const r of rs) {
    const row = rowOf(fake, "B2BA", r);
    for (const [col, field] of TEXT_FIELDS) {
      expectExact("B2BA", cellAt("B2BA", col, row), r[field] as string);
      expect(fake.inspect.cell("B2BA", cellAt("B2BA", col, row)).numberFormat).toBe("@");
    }
  }
}
