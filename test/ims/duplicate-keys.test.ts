import { duplicateKeyProblems, rowsByKey } from "../../src/ims/duplicate-keys";
import { rowFromRecord, type ReviewRow } from "../../src/ims/review-rows";
import { creditNote } from "./fixtures";

const FIELD = "Record key (do not edit)";

function row(docNumber: string, sheetRow: number): ReviewRow {
  return rowFromRecord(creditNote({ docNumber }), sheetRow);
}

test("rows are grouped by key in the order each key first appears", () => {
  const rows = [row("A", 2), row("B", 3), row("A", 4)];
  const groups = [...rowsByKey(rows).values()].map((g) => g.map((r) => r.sheetRow));
  expect(groups).toEqual([[2, 4], [3]]);
});

test("distinct records give no problem", () => {
  expect(duplicateKeyProblems([row("A", 2), row("B", 3)], FIELD)).toEqual([]);
  expect(duplicateKeyProblems([], FIELD)).toEqual([]);
});

test("a record on two rows: each row refused, naming the other row, the key and the key column", () => {
  const rows = [row("A", 2), row("B", 3), row("A", 7)];
  const problems = duplicateKeyProblems(rows, FIELD);
  expect(problems.map((p) => [p.sheetRow, p.code, p.field, p.key])).toEqual([
    [2, "duplicate-key", FIELD, rows[0]!.key],
    [7, "duplicate-key", FIELD, rows[0]!.key],
  ]);
  expect(problems[0]!.message).toContain("also on row 7;");
  expect(problems[1]!.message).toContain("also on row 2;");
  expect(problems[0]!.message).toContain("(29AABCB5678K1Z5, A, 2026-10)");
});

test("a record on three rows: each row names both others", () => {
  const problems = duplicateKeyProblems([row("A", 4), row("A", 2), row("A", 9)], FIELD);
  expect(problems.map((p) => p.sheetRow)).toEqual([4, 2, 9]);
  expect(problems[0]!.message).toContain("also on rows 2, 9;");
  expect(problems[1]!.message).toContain("also on rows 4, 9;");
});

test("each group's rows are listed together, groups in first-seen order", () => {
  const problems = duplicateKeyProblems([row("B", 2), row("A", 3), row("B", 4), row("A", 5)], FIELD);
  expect(problems.map((p) => p.sheetRow)).toEqual([2, 4, 3, 5]);
});
