/**
 * Issue #9, bug 4: deleted hidden columns (record key, portal version, fingerprint) are reported,
 * block submit for that sheet, and a pull rebuilds them, keeping the entries (matched by supplier
 * GSTIN, document number and return period).
 */
import { planSection } from "../../src/ims/plan";
import { pullSectionIntoSheet, readSectionSheet } from "../../src/workbook";
import { columnLetter, sectionLayout } from "../../src/workbook/layout";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { RULES_CTX } from "../ims/fixtures";
import { cellAt, GSTIN, records, rowOf, T1, T2 } from "./helpers";

let fake: FakeExcelHandle;
beforeEach(() => {
  fake = installExcelFake({ today: "2025-11-21" });
});
afterEach(() => fake.uninstall());

const CTX = { ...RULES_CTX, today: "2025-11-21" };

test("the hidden columns deleted: reported, nothing of the sheet sent, a pull rebuilds them with the entries kept", async () => {
  const rs = records("B2B", 6).map((r) => ({ ...r, action: "N" as const }));
  await pullSectionIntoSheet("B2B", rs, { gstin: GSTIN, pulledAt: T1 });
  const rows = [rowOf(fake, "B2B", rs[1]!), rowOf(fake, "B2B", rs[4]!)];
  fake.user.typeInto("B2B", cellAt("B2B", "action", rows[0]!), "A");
  fake.user.typeInto("B2B", cellAt("B2B", "action", rows[1]!), "R");
  fake.user.typeInto("B2B", cellAt("B2B", "remarks", rows[1]!), "Not ours");
  const layout = sectionLayout("B2B");
  for (const id of ["fingerprint", "version", "key"] as const) fake.user.deleteColumns("B2B", columnLetter(layout.index[id] as number), 1);

  const read = await readSectionSheet("B2B");
  expect(read.problems.filter((p) => p.code === "column-missing").map((p) => p.field).sort()).toEqual(
    ["Fingerprint (do not edit)", "Portal version (do not edit)", "Record key (do not edit)"].sort(),
  );
  const plan = planSection("B2B", read.rows, read.problems, CTX);
  expect(plan.saves).toEqual([]);
  expect(plan.refused.map((r) => [r.row.sheetRow, r.code])).toEqual(rows.map((r) => [r, "column-missing"]));
  expect(plan.refused[0]!.message).toMatch(/lost its columns .*Pull B2B again: it rebuilds the columns and keeps your entries\.$/);

  await pullSectionIntoSheet("B2B", rs, { gstin: GSTIN, pulledAt: T2 });
  const rebuilt = await readSectionSheet("B2B");
  expect(rebuilt.problems).toEqual([]);
  const after = planSection("B2B", rebuilt.rows, rebuilt.problems, CTX);
  expect(after.saves.map((s) => [s.row.record.docNumber, s.intent])).toEqual([
    [rs[1]!.docNumber, { action: "A" }],
    [rs[4]!.docNumber, { action: "R", remarks: "Not ours" }],
  ]);
});
