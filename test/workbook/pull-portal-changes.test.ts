/**
 * A refresh that changes the editable cells of rows nobody edited — the portal's action, remarks
 * or declaration moved (someone acted on the portal, or an upload file was processed) — writes
 * the portal's values; the edits-snapshot must not take the old cells for entries typed during
 * the pull and write them back (which would make Submit undo the portal's action). Entries
 * really typed during the pull are still kept.
 */
import { pullIntoWorkbook, readSectionSheet } from "../../src/workbook";
import { columnLetter, sectionLayout } from "../../src/workbook/layout";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { GSTIN, records, T1, T2 } from "./helpers";

let fake: FakeExcelHandle;
beforeEach(() => {
  fake = installExcelFake({ today: "2025-11-21" });
});
afterEach(() => fake.uninstall());

test("rows nobody edited take the portal's new action, remarks and declaration; an entry typed during the pull is kept", async () => {
  const before = records("CN", 6).map((r) => ({ ...r, action: "N" as const, remarks: undefined, itcReduction: undefined }));
  await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T1, records: { CN: before } });
  const [a, b, c, d] = before as [(typeof before)[0], (typeof before)[0], (typeof before)[0], (typeof before)[0]];
  const after = [{ ...a, action: "A" as const }, { ...b, action: "R" as const, remarks: "Rejected on the portal" }, { ...c, action: "A" as const, itcReduction: { required: "Y" as const } }, ...before.slice(3)];

  const layout = sectionLayout("CN");
  let typedOnce = false;
  const stop = fake.beforeEachSync((info) => {
    // Just before the batch that copies the staging sheet over the section sheet: after the pull read it.
    if (typedOnce || !info.actions.includes("Range.CopyFrom")) return;
    typedOnce = true;
    const keys = fake.inspect.values("CN", `${columnLetter(layout.index.key as number)}1:${columnLetter(layout.index.key as number)}7`).map((r) => r[0]);
    const row = keys.indexOf(`CN|${d.supplierGstin}|${d.docNumber}|${d.returnPeriod}`) + 1;
    fake.user.typeInto("CN", `${columnLetter(layout.index.action as number)}${row}`, "P");
  });
  const result = await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T2, records: { CN: after } });
  stop();

  expect(typedOnce).toBe(true);
  expect(result.typedDuringPull).toBe(1);
  const rows = new Map((await readSectionSheet("CN")).rows.map((r) => [r.record.docNumber, r]));
  expect(rows.get(a.docNumber)).toMatchObject({ pulledAction: "A", edit: { action: "A" } });
  expect(rows.get(b.docNumber)).toMatchObject({ pulledAction: "R", edit: { action: "R", remarks: "Rejected on the portal" } });
  expect(rows.get(c.docNumber)?.edit).toMatchObject({ action: "A", itcReduction: { required: "Y" } });
  expect(rows.get(d.docNumber)).toMatchObject({ pulledAction: "N", edit: { action: "P" } });
});
