import { recordFingerprint } from "../../src/ims/fingerprint";
import type { ImsRecord } from "../../src/ims/records";
import { rowFromRecord, type ReviewRow } from "../../src/ims/review-rows";
import { SECTION_CODES } from "../../src/ims/sections";
import { mapColumns, parsePaise, rowToCells, type CellValue } from "../../src/workbook/cells";
import { cellsToRow } from "../../src/workbook/row-reader";
import { sectionLayout, type ColumnId, type SectionLayout } from "../../src/workbook/layout";
import { makeRecord } from "./synthetic-records";

/** What Excel gives back for what the engine wrote: an apostrophe-prefixed string in a non-text column reads as its text. */
function asRead(layout: SectionLayout, cells: CellValue[]): CellValue[] {
  return cells.map((v, i) => (layout.columns[i]?.kind !== "text" && typeof v === "string" && v.startsWith("'") ? v.slice(1) : v));
}

function roundTrip(row: ReviewRow, edit?: (cells: CellValue[], at: (id: ColumnId) => number) => void) {
  const layout = sectionLayout(row.record.section);
  const cells = asRead(layout, rowToCells(layout, row));
  edit?.(cells, (id) => layout.index[id] as number);
  const { map } = mapColumns(layout, layout.columns.map((c) => c.header));
  return cellsToRow(layout, cells, map, row.sheetRow);
}

describe("rowToCells / cellsToRow", () => {
  test.each(SECTION_CODES)("%s: a pulled row reads back equal, with no problems", (section) => {
    for (const i of [0, 1, 5, 11, 33]) {
      const record = makeRecord(section, i, i === 33 ? { itcReduction: { required: "Y", igst: 12345 } } : {});
      const row = rowFromRecord(record, 7);
      const back = roundTrip(row);
      expect(back.problems).toEqual([]);
      const expected = { ...row };
      if (!sectionLayout(section).hasItc) delete expected.edit.itcReduction;
      expect(back.row).toEqual(expected);
    }
  });

  test("amounts are rupees, dates are serials, flags are words, and the key, version and fingerprint are hidden cells", () => {
    const layout = sectionLayout("B2B");
    const record = makeRecord("B2B", 3, { value: 123456789, docDate: "2025-11-05", pendingBlocked: true, supplierFiled: false, action: "A" });
    const cells = rowToCells(layout, rowFromRecord(record, 2));
    const at = (id: ColumnId) => cells[layout.index[id] as number];
    expect(at("value")).toBe(1234567.89);
    expect(at("docDate")).toBe(45966);
    expect(at("pendingAllowed")).toBe("No");
    expect(at("supplierFiled")).toBe("Not filed");
    expect(at("portalAction")).toBe("Accepted");
    expect(at("action")).toBe("A");
    expect(at("version")).toBe(record.hash);
    expect(at("fingerprint")).toBe(recordFingerprint(record));
  });

  test("typed edits read back typed", () => {
    const row = rowFromRecord(makeRecord("CN", 4, { action: "N" }), 9);
    const back = roundTrip(row, (c, at) => {
      c[at("action")] = " accepted ";
      c[at("remarks")] = "Price differs";
      c[at("itcRequired")] = "yes";
      c[at("itcIgst")] = 100.5;
      c[at("itcCgst")] = "1,000.25";
    });
    expect(back.problems).toEqual([]);
    expect(back.row?.edit).toEqual({ action: "A", remarks: "Price differs", itcReduction: { required: "Y", igst: 10050, cgst: 100025 } });
  });

  test("a bad action is reported on its row and column, and kept verbatim", () => {
    const back = roundTrip(rowFromRecord(makeRecord("B2B", 4), 12), (c, at) => (c[at("action")] = "maybe"));
    expect(back.problems).toHaveLength(1);
    expect(back.problems[0]).toMatchObject({ sheetRow: 12, code: "bad-action", field: "Action (A/R/P/N)" });
    expect(back.problems[0]?.message).toMatch(/^Row 12, column "Action \(A\/R\/P\/N\)": "maybe" is not an action/);
    expect(back.row?.edit.action).toBeNull();
    expect(back.row?.edit.unparsed).toEqual({ action: "maybe" });
  });

  test("bad ITC cells are reported and kept", () => {
    const back = roundTrip(rowFromRecord(makeRecord("CNA", 4), 5), (c, at) => {
      c[at("itcRequired")] = "perhaps";
      c[at("itcSgst")] = "lots";
      c[at("itcCess")] = -5;
    });
    expect(back.problems.map((p) => p.code).sort()).toEqual(["bad-amount", "bad-amount", "bad-itc"]);
    expect(back.row?.edit.unparsed).toEqual({ itcRequired: "perhaps", itcSgst: "lots", itcCess: -5 });
    const again = rowToCells(sectionLayout("CNA"), back.row as ReviewRow);
    expect(again[sectionLayout("CNA").index.itcSgst as number]).toBe("'lots");
  });

  test("ITC amounts without Y/N are a problem and are not lost", () => {
    const back = roundTrip(rowFromRecord(makeRecord("CN", 4), 5), (c, at) => (c[at("itcIgst")] = 50));
    expect(back.problems.map((p) => p.code)).toEqual(["bad-itc"]);
    expect(back.row?.edit.unparsed).toEqual({ itcIgst: 50 });
  });

  test("an edited record field is reported as such, naming the column", () => {
    const back = roundTrip(rowFromRecord(makeRecord("B2B", 4), 6), (c, at) => (c[at("docNumber")] = "CHANGED-1"));
    expect(back.problems).toEqual([expect.objectContaining({ sheetRow: 6, code: "record-edited", field: "Invoice no." })]);
    expect(back.problems[0]?.message).toMatch(/^Row 6: column "Invoice no\." was changed since the pull/);
    // The hidden key still says which record the row is.
    expect(back.row?.key).toBe(rowFromRecord(makeRecord("B2B", 4), 6).key);
  });

  test("an edited amount is a changed record field; its column is named when it is no longer a number", () => {
    const a = roundTrip(rowFromRecord(makeRecord("B2B", 4), 6), (c, at) => (c[at("taxableValue")] = 1));
    expect(a.problems.map((p) => p.code)).toEqual(["record-edited"]);
    const b = roundTrip(rowFromRecord(makeRecord("B2B", 4), 6), (c, at) => (c[at("igst")] = "abc"));
    expect(b.problems[0]).toMatchObject({ code: "record-edited", field: "IGST (₹)" });
  });

  test("empty hidden columns: one problem naming them, the key made from the visible columns", () => {
    const row = rowFromRecord(makeRecord("DN", 4), 8);
    const back = roundTrip(row, (c, at) => {
      c[at("key")] = "";
      c[at("version")] = "";
      c[at("fingerprint")] = "";
    });
    expect(back.problems).toEqual([expect.objectContaining({ code: "hidden-column-missing", sheetRow: 8 })]);
    expect(back.problems[0]?.message).toContain('"Record key (do not edit)"');
    expect(back.row?.key).toBe(row.key);
  });

  test("edited hidden columns are reported as such", () => {
    const key = roundTrip(rowFromRecord(makeRecord("B2B", 4), 3), (c, at) => (c[at("key")] = "B2B|X|Y|2025-01"));
    expect(key.problems.map((p) => [p.code, p.field])).toEqual([["hidden-column-edited", "Record key (do not edit)"]]);
    const version = roundTrip(rowFromRecord(makeRecord("B2B", 4), 3), (c, at) => (c[at("version")] = "forged"));
    expect(version.problems.map((p) => p.code)).toEqual(["hidden-column-edited"]);
    const fp = roundTrip(rowFromRecord(makeRecord("B2B", 4), 3), (c, at) => (c[at("fingerprint")] = "nonsense"));
    expect(fp.problems.map((p) => p.code)).toEqual(["hidden-column-edited"]);
    const pulled = roundTrip(rowFromRecord(makeRecord("B2B", 11), 3), (c, at) => (c[at("pulled")] = "{broken"));
    expect(pulled.problems.map((p) => p.code)).toEqual(["hidden-column-edited"]);
  });

  test("a row with nothing to identify it is unrecognised", () => {
    const layout = sectionLayout("B2B");
    const cells: CellValue[] = layout.columns.map(() => "");
    cells[layout.index.action as number] = "A";
    const { map } = mapColumns(layout, layout.columns.map((c) => c.header));
    const back = cellsToRow(layout, cells, map, 40);
    expect(back.row).toBeNull();
    expect(back.problems).toEqual([expect.objectContaining({ sheetRow: 40, code: "unrecognised-row" })]);
  });

  test("columns are found by header, wherever they are", () => {
    const layout = sectionLayout("B2B");
    const headers = ["My notes", ...layout.columns.map((c) => c.header)];
    const { map, missing } = mapColumns(layout, headers);
    expect(missing).toEqual([]);
    expect(map.supplierGstin).toBe(1);
    const partial = mapColumns(layout, headers.filter((h) => h !== "Remarks"));
    expect(partial.missing).toEqual(["remarks"]);
  });
});

describe("parsePaise", () => {
  test.each([
    [100, 10000], [0.01, 1], [1234.5, 123450], ["1,234.50", 123450], ["₹ 12", 1200], ["12.", 1200], [1e7, 1e9],
  ])("%j → %d paise", (v, p) => expect(parsePaise(v)).toBe(p));
  test.each([["abc"], ["1.234"], [0.001], [true], [""], ["1e5"]])("%j is not an amount", (v) => expect(parsePaise(v as CellValue)).toBeNull());
});

test("a record's pulled remarks and declaration survive in the hidden column", () => {
  const record: ImsRecord = makeRecord("CN", 5, { remarks: "as pulled", itcReduction: { required: "N" } });
  const row = rowFromRecord(record, 2);
  const back = roundTrip({ ...row, edit: { action: "R", remarks: "mine", itcReduction: { required: "Y" } } });
  expect(back.problems).toEqual([]);
  expect(back.row?.record.remarks).toBe("as pulled");
  expect(back.row?.record.itcReduction).toEqual({ required: "N" });
  expect(back.row?.edit).toEqual({ action: "R", remarks: "mine", itcReduction: { required: "Y" } });
});

test("a hidden key that is not a key, on a row with no usable GSTIN, number and period, makes the row unrecognised", () => {
  const layout = sectionLayout("B2B");
  const cells: CellValue[] = layout.columns.map(() => "x");
  const { map } = mapColumns(layout, layout.columns.map((c) => c.header));
  const back = cellsToRow(layout, cells, map, 3);
  expect(back.row).toBeNull();
  expect(back.problems.map((p) => p.code)).toEqual(["unrecognised-row"]);
});

test("a hidden key of another shape is reported, and the visible columns give the key", () => {
  const row = rowFromRecord(makeRecord("B2B", 4), 3);
  const back = roundTrip(row, (c, at) => (c[at("key")] = "garbage"));
  expect(back.problems.map((p) => [p.code, p.field])).toEqual([["hidden-column-edited", "Record key (do not edit)"]]);
  expect(back.row?.key).toBe(row.key);
});
