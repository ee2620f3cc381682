/**
 * The report-sheet writer (Suppliers, Follow-up, the sales sheets…) when Excel fails: the new
 * content is built in a hidden sheet and copied over in one batch, so a failure before the copy
 * leaves the sheet as it was, and a copy cut short part-way loses nothing the user typed: the
 * next refresh reads the user's columns from the hidden copy.
 */
import type { SupplierRow } from "../../src/ims/suppliers";
import { writeSuppliersSheet } from "../../src/workbook";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { readTable } from "../app/report-helpers";
import { GSTIN, T1, T2, T3 } from "./helpers";

let fake: FakeExcelHandle;
beforeEach(() => {
  fake = installExcelFake({ today: "2025-11-21" });
});
afterEach(() => fake.uninstall());

function supplier(gstin: string, documents: number): SupplierRow {
  return {
    supplierGstin: gstin,
    documents,
    portal: { N: documents, A: 0, R: 0, P: 0 },
    drafted: { N: documents, A: 0, R: 0, P: 0, unreadable: 0 },
    edited: 0,
    taxableValue: documents * 100_00,
    igst: documents * 18_00,
    cgst: 0,
    sgst: 0,
    cess: 0,
  };
}

const S1 = "29AABCB5678K1Z5";
const S2 = "07AAFCD4321M1ZN";

async function firstWrite(): Promise<void> {
  await writeSuppliersSheet({ gstin: GSTIN, reviewedAt: T1, suppliers: [supplier(S1, 3), supplier(S2, 1)] });
  const view = readTable(fake, "Suppliers", "Supplier GSTIN");
  fake.user.typeInto("Suppliers", view.address(view.rows[0]!.sheetRow, "Supplier name"), "Bharat Traders");
}

function nameOf(gstin: string): unknown {
  return readTable(fake, "Suppliers", "Supplier GSTIN").rows.find((r) => r["Supplier GSTIN"] === gstin)?.["Supplier name"];
}

test("a failure before the copy leaves the sheet as it was; the next refresh cleans up and keeps the name", async () => {
  await firstWrite();
  const before = fake.inspect.values("Suppliers", fake.inspect.usedRange("Suppliers") as string);
  fake.faults.add({ kind: "GeneralException", when: (i) => i.sheets.includes("Suppliers") && i.actions.includes("Range.CopyFrom"), every: true });
  await expect(writeSuppliersSheet({ gstin: GSTIN, reviewedAt: T2, suppliers: [supplier(S1, 5), supplier(S2, 1)] })).rejects.toMatchObject({ code: "GeneralException" });
  expect(fake.inspect.values("Suppliers", fake.inspect.usedRange("Suppliers") as string)).toEqual(before);
  fake.faults.clear();

  await writeSuppliersSheet({ gstin: GSTIN, reviewedAt: T3, suppliers: [supplier(S1, 5), supplier(S2, 1)] });
  expect(nameOf(S1)).toBe("Bharat Traders");
  expect(readTable(fake, "Suppliers", "Supplier GSTIN").rows[0]!.Documents).toBe(5);
  expect(fake.inspect.sheetNames().filter((n) => n.startsWith("IMS build"))).toEqual([]);
});

test("a copy cut short after the old content was cleared: the next refresh reads the name from the hidden copy", async () => {
  await firstWrite();
  // The batch stops right before the copy: the old table is gone and the sheet is empty.
  fake.faults.add({ kind: "GeneralException", when: (i) => i.actions.includes("Range.CopyFrom"), applied: (i) => i.actions.indexOf("Range.CopyFrom") });
  await expect(writeSuppliersSheet({ gstin: GSTIN, reviewedAt: T2, suppliers: [supplier(S1, 4), supplier(S2, 2)] })).rejects.toMatchObject({ code: "GeneralException" });
  expect(fake.inspect.tables("Suppliers")).toEqual([]);
  expect(fake.inspect.sheetNames()).toContain("IMS build Suppliers");

  const again = await writeSuppliersSheet({ gstin: GSTIN, reviewedAt: T3, suppliers: [supplier(S1, 4), supplier(S2, 2)] });
  expect(again.sheetName).toBe("Suppliers");
  expect(fake.inspect.sheetNames().filter((n) => n.includes("Suppliers"))).toEqual(["Suppliers"]);
  expect(nameOf(S1)).toBe("Bharat Traders");
  expect(fake.inspect.tables("Suppliers").map((t) => t.name)).toEqual(["IMS_Suppliers"]);
  expect(fake.inspect.sheetNames().filter((n) => n.startsWith("IMS build"))).toEqual([]);
});

test("rows are written in blocks under the payload limit, text columns as text", async () => {
  const many = Array.from({ length: 6000 }, (_, i) => supplier(`27AAAAA${String(i).padStart(4, "0")}A1Z5`, 1));
  fake.resetStats();
  await writeSuppliersSheet({ gstin: GSTIN, reviewedAt: T1, suppliers: many });
  expect(fake.stats().maxRequestBytes).toBeLessThan(5_000_000);
  const view = readTable(fake, "Suppliers", "Supplier GSTIN");
  expect(view.rows).toHaveLength(6000);
  expect(fake.inspect.cell("Suppliers", view.address(view.rows[5999]!.sheetRow, "Supplier GSTIN")).numberFormat).toBe("@");
});
