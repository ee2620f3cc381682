/** Reading and planning the sheets, and the review report: nothing is sent. */
import { itcAtStake, planSection, type Refusal } from "../../ims/plan";
import { rowState, type ReviewRow } from "../../ims/review-rows";
import type { SectionCode } from "../../ims/sections";
import { sectionLayout } from "../../workbook";
import type { ReviewReport, RowIssue, SectionReview } from "../types";
import type { PlannedSection, SubmitDeps } from "./deps";

/** Rows of an earlier submit still waiting for the portal's answer: never planned again until it is known. */
export function isAwaiting(row: ReviewRow): boolean {
  return rowState(row.status) === "submitted" && row.status.referenceId !== "";
}

/** Reads and plans every section sheet, without touching the portal. Rows still awaiting an earlier answer are left out of the plan. */
export async function planWorkbook(deps: Pick<SubmitDeps, "sheets" | "rules">): Promise<PlannedSection[]> {
  const out: PlannedSection[] = [];
  for (const section of await deps.sheets.sections()) {
    const { rows, problems } = await deps.sheets.read(section);
    const awaiting = new Set(rows.filter(isAwaiting).map((r) => r.sheetRow));
    const plannable = awaiting.size ? rows.filter((r) => !awaiting.has(r.sheetRow)) : rows;
    const relevant = awaiting.size ? problems.filter((p) => !awaiting.has(p.sheetRow)) : problems;
    out.push({ plan: planSection(section, plannable, relevant, deps.rules), rows });
  }
  return out;
}

export async function reviewWorkbook(deps: Pick<SubmitDeps, "sheets" | "rules">): Promise<ReviewReport> {
  return reviewReport(await planWorkbook(deps));
}

export function reviewReport(planned: readonly PlannedSection[]): ReviewReport {
  const sections: SectionReview[] = planned.map(({ plan }) => ({
    section: plan.section,
    accept: plan.saves.filter((s) => s.intent.action === "A").length,
    reject: plan.saves.filter((s) => s.intent.action === "R").length,
    pending: plan.saves.filter((s) => s.intent.action === "P").length,
    reset: plan.resets.length,
    refused: new Set(plan.refused.map((r) => r.row.sheetRow)).size,
    conflicts: plan.conflicts.length,
  }));
  const awaiting = planned.reduce((n, p) => n + p.rows.filter(isAwaiting).length, 0);
  return {
    sections,
    itcAtStake: itcAtStake(planned.map((p) => p.plan)),
    refused: planned.flatMap(({ plan }) => plan.refused.map((r) => refusalIssue(plan.section, r))),
    conflicts: planned.flatMap(({ plan }) => plan.conflicts.map((c) => issue(plan.section, c.row, c.reason, c.message))),
    awaiting,
    empty: planned.every(({ plan }) => plan.saves.length === 0 && plan.resets.length === 0),
  };
}

/** The header of the column a refusal is about, as the sheet shows it. */
function refusalColumn(section: SectionCode, r: Refusal): string {
  if (!r.column) return r.field;
  const layout = sectionLayout(section);
  return layout.columns[layout.index[r.column] as number]?.header ?? r.field;
}

export function refusalIssue(section: SectionCode, r: Refusal): RowIssue {
  return issue(section, r.row, r.code, r.message, refusalColumn(section, r));
}

export function issue(section: SectionCode, row: ReviewRow, code: string, message: string, field?: string): RowIssue {
  return { section, sheetRow: row.sheetRow, docNumber: row.record.docNumber, supplierGstin: row.record.supplierGstin, code, message, ...(field ? { field } : {}) };
}
