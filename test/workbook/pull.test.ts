import { imsRecordKey } from "../../src/ims/records";
import { isEdited, RESULTS } from "../../src/ims/review-rows";
import { SECTION_CODES } from "../../src/ims/sections";
import { pullIntoWorkbook, pullSectionIntoSheet, readSectionSheet, readSectionSheets, WorkbookGstinMismatchError } from "../../src/workbook";
import { INDIAN_AMOUNT_FORMAT, LAYOUT_VERSION, columnLetter, sectionLayout } from "../../src/workbook/layout";
import { ACTION_LIST_REFERENCE, LISTS_SHEET } from "../../src/workbook/lists-sheet";
import { SETTINGS_KEY } from "../../src/workbook/metadata";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { cellAt, colOf, GSTIN, records, rowOf, rowsOfKey, T1, T2, T3 } from "./helpers";
import { makeRecord, makeWorkload } from "./synthetic-records";

let fake: FakeExcelHandle;
beforeEach(() => {
  fake = installExcelFake({ today: "2025-11-21" });
});
afterEach(() => fake.uninstall());

describe("pull into an empty workbook", () => {
  test("one sheet per section, each an Excel table with the layout's headers", async () => {
    const workload = makeWorkload(160);
    const result = await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T1, records: workload });
    // Besides the hidden sheet the Action drop-down takes its items from.
    expect(fake.inspect.sheetNames().filter((n) => n !== LISTS_SHEET)).toEqual(["Sheet1", ...SECTION_CODES]);
    expect(fake.inspect.sheetNames().filter((n) => n === LISTS_SHEET)).toHaveLength(1);
    for (const section of SECTION_CODES) {
      const layout = sectionLayout(section);
      const n = workload[section].length;
      const last = columnLetter(layout.columns.length - 1);
      expect(fake.inspect.tables(section)).toEqual([{ name: `IMS_${section}`, address: `A1:${last}${n + 1}` }]);
      expect(fake.inspect.values(section, `A1:${last}1`)[0]).toEqual(layout.columns.map((c) => c.header));
      expect(result.sections.find((s) => s.section === section)).toMatchObject({ sheetName: section, rows: n, added: n });
    }
    // A few syncs for the lot, nowhere near one per row or per sheet.
    expect(result.syncs).toBeLessThanOrEqual(4);
    expect(fake.stats().syncs).toBe(result.syncs);
  });

  test("headers people understand; the amendment and ITC columns only where the section has them", () => {
    const b2b = sectionLayout("B2B").columns.map((c) => c.header);
    expect(b2b.slice(0, 4)).toEqual(["Supplier GSTIN", "Invoice no.", "Invoice date", "Invoice type"]);
    expect(b2b).toContain("Taxable value (₹)");
    expect(b2b).toContain("Action (A/R/P/N)");
    expect(b2b).not.toContain("Reduce ITC? (Y/N)");
    const cna = sectionLayout("CNA").columns.map((c) => c.header);
    expect(cna.slice(0, 5)).toEqual(["Supplier GSTIN", "Note no.", "Note date", "Original note no.", "Original note date"]);
    expect(cna).toContain("Reduce ITC? (Y/N)");
    expect(sectionLayout("ECOM").columns.map((c) => c.header)).not.toContain("Invoice type");
  });

  test("cells: text as Text, amounts as numbers with Indian grouping, dates as real dates", async () => {
    const r = makeRecord("B2B", 1, { docNumber: "00123", value: 1234567899, docDate: "2025-11-05", placeOfSupply: "07" });
    await pullSectionIntoSheet("B2B", [r], { gstin: GSTIN, pulledAt: T1 });
    const at = (id: Parameters<typeof cellAt>[1]) => fake.inspect.cell("B2B", cellAt("B2B", id, 2));
    expect(at("docNumber")).toMatchObject({ value: "00123", numberFormat: "@", formula: null });
    expect(at("supplierGstin")).toMatchObject({ value: r.supplierGstin, numberFormat: "@" });
    expect(at("placeOfSupply")).toMatchObject({ value: "07", numberFormat: "@" });
    expect(at("value")).toMatchObject({ value: 12345678.99, numberFormat: INDIAN_AMOUNT_FORMAT });
    expect(at("docDate")).toMatchObject({ value: 45966, numberFormat: "dd-mm-yyyy" });
    expect(at("returnPeriod")).toMatchObject({ value: r.returnPeriod, numberFormat: "@" });
    expect(at("remarks").numberFormat).toBe("@");
  });

  test("the Action drop-down (Stop alert, input message), status colours, frozen header, hidden columns, widths", async () => {
    await pullSectionIntoSheet("CN", records("CN", 5), { gstin: GSTIN, pulledAt: T1 });
    const v = fake.inspect.cell("CN", cellAt("CN", "action", 4)).validation as {
      rule: { list: { source: string; inCellDropDown: boolean } };
      errorAlert: { style: string; showAlert: boolean };
      prompt: { showPrompt: boolean; message: string };
    };
    expect(v.rule.list).toMatchObject({ source: ACTION_LIST_REFERENCE, inCellDropDown: true });
    expect(v.errorAlert).toMatchObject({ style: "Stop", showAlert: true });
    expect(v.prompt.showPrompt).toBe(true);
    expect(v.prompt.message).toMatch(/A = accept/);
    expect(fake.inspect.cell("CN", cellAt("CN", "remarks", 4)).validation).toBeNull();

    const result = columnLetter(colOf("CN", "result"));
    const cfs = fake.inspect.conditionalFormats("CN");
    expect(cfs.length).toBeGreaterThanOrEqual(4);
    for (const cf of cfs) expect(cf.address).toBe(`${result}2:${result}6`);
    expect(cfs.map((c) => c.formula)).toContain(`=$${result}2="${RESULTS.notOnPortal}"`);
    expect(cfs.find((c) => c.formula.includes(RESULTS.failed))?.fill).toBeDefined();

    expect(fake.inspect.frozenRows("CN")).toBe(1);
    const layout = sectionLayout("CN");
    expect(fake.inspect.hiddenColumns("CN")).toEqual(["key", "version", "pulled", "fingerprint", "state"].map((id) => layout.index[id as "key"]));
    expect(fake.inspect.columnWidth("CN", colOf("CN", "remarks"))).toBe(200);
    expect(fake.inspect.columnWidth("CN", colOf("CN", "supplierGstin"))).toBeGreaterThan(100);
  });

  test("metadata in workbook settings, and no token, key or secret anywhere in the file", async () => {
    await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T1, records: makeWorkload(40) });
    const settings = fake.inspect.settings();
    expect(Object.keys(settings)).toEqual([SETTINGS_KEY]);
    expect(settings[SETTINGS_KEY]).toEqual({
      layoutVersion: LAYOUT_VERSION,
      gstin: GSTIN,
      pulledAt: Object.fromEntries(SECTION_CODES.map((c) => [c, T1])),
      gstr2b: { changedAt: {}, recomputedAt: {} },
    });
    const everything = JSON.stringify(settings) + SECTION_CODES.map((s) => JSON.stringify(fake.inspect.values(s, fake.inspect.usedRange(s) as string))).join("");
    expect(everything).not.toMatch(/access_token|token_expiry|secret|api[_-]?key|key_demo|bearer|password|\botp\b|575757/i);
  });

  test("an empty section still gets its sheet and table", async () => {
    const result = await pullSectionIntoSheet("DNA", [], { gstin: GSTIN, pulledAt: T1 });
    expect(result.rows).toBe(0);
    expect(fake.inspect.tables("DNA")).toHaveLength(1);
    const read = await readSectionSheet("DNA");
    expect(read.rows).toEqual([]);
    expect(read.problems).toEqual([]);
  });

  test("records of another section are refused", async () => {
    await expect(pullSectionIntoSheet("B2B", [makeRecord("CN", 1)], { gstin: GSTIN, pulledAt: T1 })).rejects.toThrow(/CN record/);
  });
});

describe("read-back after a pull", () => {
  test("yields the pulled records, typed, with no problems", async () => {
    const workload = makeWorkload(300);
    await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T1, records: workload });
    const reads = await readSectionSheets();
    for (const read of reads) {
      expect(read.problems).toEqual([]);
      expect(read.rows.map((r) => r.record)).toEqual(workload[read.section]);
      expect(read.rows.every((r) => r.inPortal && !isEdited(r))).toBe(true);
      expect(read.rows.map((r) => r.sheetRow)).toEqual(read.rows.map((_, i) => i + 2));
    }
  });
});

describe("refresh", () => {
  test("keeps edits, updates portal columns, marks departed records, appends new ones", async () => {
    const first = records("B2B", 6);
    await pullSectionIntoSheet("B2B", first, { gstin: GSTIN, pulledAt: T1 });
    const edited = first[2]!;
    const row = rowOf(fake, "B2B", edited);
    fake.user.typeInto("B2B", cellAt("B2B", "action", row), "R");
    fake.user.typeInto("B2B", cellAt("B2B", "remarks", row), "Rate differs from PO");

    const changed = { ...edited, value: edited.value + 5000, taxableValue: edited.taxableValue + 5000, hash: "newhash", action: "A" as const };
    const gone = first[4]!;
    const fresh = [...first.filter((r) => r !== gone && r !== edited), changed, makeRecord("B2B", 50)];
    const summary = await pullSectionIntoSheet("B2B", fresh, { gstin: GSTIN, pulledAt: T2 });
    expect(summary).toMatchObject({ added: 1, updated: 1, keptEdits: 1, editsOnChangedRecords: 1, leftPortal: 1, rows: 7 });

    const read = await readSectionSheet("B2B");
    expect(read.problems).toEqual([]);
    const byKey = new Map(read.rows.map((r) => [r.key, r]));
    const e = byKey.get(imsRecordKey(edited))!;
    expect(e.edit).toEqual({ action: "R", remarks: "Rate differs from PO" });
    expect(e.record.value).toBe(changed.value);
    expect(e.pulledAction).toBe("A");
    expect(e.version).toBe("newhash");
    const g = byKey.get(imsRecordKey(gone))!;
    expect(g.inPortal).toBe(false);
    expect(g.status.result).toBe(RESULTS.notOnPortal);
    expect(read.rows[read.rows.length - 1]!.key).toBe(imsRecordKey(makeRecord("B2B", 50)));
    // The departed row kept its place.
    expect(g.sheetRow).toBe(rowOf(fake, "B2B", gone));
  });

  test("a refresh with nothing new changes nothing the user sees", async () => {
    const rs = records("ECOM", 20);
    await pullSectionIntoSheet("ECOM", rs, { gstin: GSTIN, pulledAt: T1 });
    const before = fake.inspect.values("ECOM", fake.inspect.usedRange("ECOM") as string);
    const s = await pullSectionIntoSheet("ECOM", rs, { gstin: GSTIN, pulledAt: T2 });
    expect(s).toMatchObject({ added: 0, updated: 0, unchanged: 20, leftPortal: 0 });
    expect(fake.inspect.values("ECOM", fake.inspect.usedRange("ECOM") as string)).toEqual(before);
    expect(fake.inspect.tables("ECOM")).toHaveLength(1);
  });

  test("a workbook holds one GSTIN: pulling another's records is refused before anything is written", async () => {
    await pullSectionIntoSheet("B2B", records("B2B", 3), { gstin: GSTIN, pulledAt: T1 });
    const before = fake.inspect.values("B2B", fake.inspect.usedRange("B2B") as string);
    fake.resetStats();
    await expect(pullSectionIntoSheet("B2B", records("B2B", 5), { gstin: "29AABCB5678K1Z5", pulledAt: T2 })).rejects.toBeInstanceOf(WorkbookGstinMismatchError);
    expect(fake.inspect.values("B2B", fake.inspect.usedRange("B2B") as string)).toEqual(before);
    expect(fake.stats().syncs).toBe(2); // the two that read the workbook; nothing was written
  });

  test("a sheet the user named B2B is left alone; the section goes to 'B2B (IMS)'", async () => {
    fake.seed.addSheet("B2B");
    fake.seed.setValues("B2B", "A1", [["My own notes", 42]]);
    const s = await pullSectionIntoSheet("B2B", records("B2B", 3), { gstin: GSTIN, pulledAt: T1 });
    expect(s.sheetName).toBe("B2B (IMS)");
    expect(fake.inspect.values("B2B", "A1:B1")).toEqual([["My own notes", 42]]);
    // And it is found there again next time.
    const again = await pullSectionIntoSheet("B2B", records("B2B", 4), { gstin: GSTIN, pulledAt: T2 });
    expect(again).toMatchObject({ sheetName: "B2B (IMS)", added: 1, unchanged: 3 });
    expect(fake.inspect.sheetNames().filter((n) => n.startsWith("B2B"))).toEqual(["B2B", "B2B (IMS)"]);
  });

  test("a renamed sheet is found by its table, and edits on it are kept", async () => {
    const rs = records("DN", 4);
    await pullSectionIntoSheet("DN", rs, { gstin: GSTIN, pulledAt: T1 });
    fake.user.renameSheet("DN", "Debit notes Nov");
    fake.user.typeInto("Debit notes Nov", cellAt("DN", "action", 3), "P");
    const s = await pullSectionIntoSheet("DN", rs, { gstin: GSTIN, pulledAt: T2 });
    expect(s).toMatchObject({ sheetName: "Debit notes Nov", keptEdits: rs[1]!.action === "P" ? 0 : 1 });
    expect(fake.inspect.sheetNames()).not.toContain("DN");
    const read = await readSectionSheet("DN");
    expect(read.sheetName).toBe("Debit notes Nov");
    expect(read.rows[1]!.edit.action).toBe("P");
  });

  test("a deleted sheet is simply made again", async () => {
    await pullSectionIntoSheet("CN", records("CN", 3), { gstin: GSTIN, pulledAt: T1 });
    fake.user.deleteSheet("CN");
    const s = await pullSectionIntoSheet("CN", records("CN", 3), { gstin: GSTIN, pulledAt: T3 });
    expect(s).toMatchObject({ sheetName: "CN", added: 3 });
  });

  test("only the sections pulled are touched", async () => {
    await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T1, records: { B2B: records("B2B", 2), CN: records("CN", 2) } });
    fake.user.typeInto("CN", cellAt("CN", "action", 2), "A");
    await pullIntoWorkbook({ gstin: GSTIN, pulledAt: T2, records: { B2B: records("B2B", 3) } });
    expect(fake.inspect.cell("CN", cellAt("CN", "action", 2)).value).toBe("A");
    const settings = fake.inspect.settings()[SETTINGS_KEY] as { pulledAt: Record<string, string> };
    expect(settings.pulledAt).toEqual({ B2B: T2, CN: T1 });
    expect(rowsOfKey(fake, "B2B", "B2B", imsRecordKey(makeRecord("B2B", 2)))).toEqual([4]);
  });
});
