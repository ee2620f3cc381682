/**
 * Issue #9, bug 2: a value typed into "Action on portal" (or any portal column) is refused on its
 * row before submit, and a refresh that puts the portal's value back says so on the row, with
 * what had been typed: never a silent loss.
 */
import { planSection } from "../../src/ims/plan";
import { pullSectionIntoSheet, readSectionSheet } from "../../src/workbook";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { RULES_CTX } from "../ims/fixtures";
import { cellAt, GSTIN, records, rowOf, T1, T2 } from "./helpers";

let fake: FakeExcelHandle;
beforeEach(() => {
  fake = installExcelFake({ today: "2025-11-21" });
});
afterEach(() => fake.uninstall());

test("'Accepted' typed into Action on portal: refused on its row, then put back by a refresh that says what was typed", async () => {
  const rs = records("B2B", 5).map((r) => ({ ...r, action: "N" as const }));
  await pullSectionIntoSheet("B2B", rs, { gstin: GSTIN, pulledAt: T1 });
  const row = rowOf(fake, "B2B", rs[1]!);
  fake.user.typeInto("B2B", cellAt("B2B", "portalAction", row), "Accepted");
  fake.user.typeInto("B2B", cellAt("B2B", "taxableValue", row), "1");

  const read = await readSectionSheet("B2B");
  expect(read.problems.map((p) => ({ row: p.sheetRow, code: p.code }))).toEqual([{ row, code: "record-edited" }]);
  // Even with an action typed, the row is not sent.
  fake.user.typeInto("B2B", cellAt("B2B", "action", row), "A");
  const again = await readSectionSheet("B2B");
  const plan = planSection("B2B", again.rows, again.problems, { ...RULES_CTX, today: "2025-11-21" });
  expect(plan.saves.map((s) => s.row.sheetRow)).not.toContain(row);
  expect(plan.refused.map((r) => ({ row: r.row.sheetRow, code: r.code }))).toContainEqual({ row, code: "record-edited" });

  const summary = await pullSectionIntoSheet("B2B", rs, { gstin: GSTIN, pulledAt: T2 });
  expect(summary.portalEditsUndone).toBe(1);
  expect(fake.inspect.cell("B2B", cellAt("B2B", "portalAction", row)).value).toBe("No action");
  const message = String(fake.inspect.cell("B2B", cellAt("B2B", "message", row)).value);
  expect(message).toContain(`action on portal "Accepted" → "No action"`);
  expect(message).toMatch(/taxable value ₹1\.00 → ₹[\d,]+\.\d{2}/);
  // The user's own entry in the Action column is kept.
  expect(fake.inspect.cell("B2B", cellAt("B2B", "action", row)).value).toBe("A");
});
