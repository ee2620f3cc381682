/**
 * The same record on more than one row of a sheet (rows copied or pasted): every such row is
 * refused with a sentence naming the other rows, so the user keeps one and deletes the rest.
 * Pure: no Office and no HTTP here.
 */
import type { ReviewRow, RowProblem } from "./review-rows";

/** Rows grouped by record key, groups in the order their key first appears, rows in the order given. */
export function rowsByKey<R extends { key: string }>(rows: readonly R[]): Map<string, R[]> {
  const byKey = new Map<string, R[]>();
  for (const r of rows) {
    const group = byKey.get(r.key);
    if (group) group.push(r);
    else byKey.set(r.key, [r]);
  }
  return byKey;
}

/**
 * A "duplicate-key" problem on every row whose record is also on another row, in the order of
 * the rows given. `field` names the key column (its header) in each problem.
 */
export function duplicateKeyProblems(rows: readonly ReviewRow[], field: string): RowProblem[] {
  const problems: RowProblem[] = [];
  for (const group of rowsByKey(rows).values()) {
    if (group.length < 2) continue;
    for (const r of group) {
      const others = group.filter((o) => o !== r).map((o) => o.sheetRow);
      problems.push({
        sheetRow: r.sheetRow,
        key: r.key,
        field,
        code: "duplicate-key",
        message: `Row ${r.sheetRow}: the same record (${r.record.supplierGstin}, ${r.record.docNumber}, ${r.record.returnPeriod}) is also on row${others.length > 1 ? "s" : ""} ${others.join(", ")}; keep one row and delete the others.`,
      });
    }
  }
  return problems;
}
