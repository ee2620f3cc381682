/**
 * The Summary sheet: counts by group, section and action from the count endpoint, including
 * the count-only groups (inward supplies from ISDs, imports of goods).
 */
import type { ActionCountSet, InvoiceCounts } from "../api/types";
import { countSectionTitle, GROUP_TITLES } from "../ims/count-groups";
import type { GoodsType } from "../ims/sections";
import { CALL_OVERHEAD_BYTES, WriteBatcher, type SyncCounter } from "./chunking";
import type { CellValue } from "./cells";
import { instantToSerialIst } from "./date-serial";
import { DATETIME_FORMAT, SUMMARY_SHEET } from "./layout";
import { metadataOf, nextMetadata, queueMetadata } from "./metadata";
import { findSummarySheet, INDIAN_COUNT_FORMAT, SUMMARY_TABLE } from "./summary-charts";
import { freeSheetName, queueColumnWidths, queueTable, queueTableSheet, sheetNamesTaken, type TableSpec } from "./table-sheet";

export { INDIAN_COUNT_FORMAT, SUMMARY_TABLE };

const GROUP_ORDER: readonly GoodsType[] = ["others", "inward_supplies", "imports"];


export const SUMMARY_HEADERS = ["Group", "Section", "Description", "No action", "Accepted", "Rejected", "Pending", "Total"] as const;

export interface SummaryRow {
  group: string;
  section: string;
  description: string;
  counts: ActionCountSet;
  total: number;
}


function sum(c: ActionCountSet): number {
  return c.noAction + c.accepted + c.rejected + c.pending;
}

/** The summary's rows: each group's sections in the order given, then the group's total. */
export function summaryRows(counts: readonly InvoiceCounts[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const sorted = [...counts].sort((a, b) => GROUP_ORDER.indexOf(a.goodsType) - GROUP_ORDER.indexOf(b.goodsType));
  for (const group of sorted) {
    const title = GROUP_TITLES[group.goodsType];
    const totals: ActionCountSet = { noAction: 0, accepted: 0, rejected: 0, pending: 0 };
    for (const [section, c] of Object.entries(group.sections)) {
      rows.push({ group: title, section, description: countSectionTitle(group.goodsType, section), counts: c, total: sum(c) });
      totals.noAction += c.noAction;
      totals.accepted += c.accepted;
      totals.rejected += c.rejected;
      totals.pending += c.pending;
    }
    rows.push({ group: title, section: "All", description: "Total reported by the portal", counts: totals, total: group.total });
  }
  return rows;
}

const SUMMARY_FORMATS = ["@", "@", "@", INDIAN_COUNT_FORMAT, INDIAN_COUNT_FORMAT, INDIAN_COUNT_FORMAT, INDIAN_COUNT_FORMAT, INDIAN_COUNT_FORMAT];
const SUMMARY_WIDTHS = [170, 70, 230, 70, 70, 70, 70, 70];
/** The summary's table: text columns, then counts with Indian grouping. */
const SUMMARY_SPEC: TableSpec = {
  tableName: SUMMARY_TABLE,
  style: "TableStyleLight9",
  columns: SUMMARY_HEADERS.map((header, i) => ({ header, format: SUMMARY_FORMATS[i] as string, width: SUMMARY_WIDTHS[i] as number })),
};
/** The table's header row (0-based), below the title block. */
const HEADER_ROW = 4;

/** Writes (or rewrites) the Summary sheet and records when the counts were taken. */
export async function writeSummarySheet(counts: readonly InvoiceCounts[], context: { gstin: string; countedAt: string }): Promise<{ sheetName: string; syncs: number }> {
  const rows = summaryRows(counts);
  const body: CellValue[][] = rows.map((r) => [r.group, r.section, r.description, r.counts.noAction, r.counts.accepted, r.counts.rejected, r.counts.pending, r.total]);
  const counter: SyncCounter = { syncs: 0, retries: 0 };

  const sheetName = await Excel.run({ delayForCellEdit: true }, async (ctx) => {
    // The sheet holding the summary's tables; otherwise a new sheet under a name nobody uses (a user's own "Summary" is left alone).
    const found = await findSummarySheet(ctx, counter);
    const metadata = nextMetadata(metadataOf(found.setting), { gstin: context.gstin, countsAt: context.countedAt });
    const existing = found.name;
    const hasTable = existing ? (found.tablesOf.get(existing) ?? []).includes(SUMMARY_TABLE) : false;
    // Only the counts' columns (A to H) are cleared: the by-action tables and charts to the right stay.
    let usedRows = 0;
    if (existing) {
      const used = ctx.workbook.worksheets.getItem(existing).getUsedRangeOrNullObject();
      used.load("rowIndex,rowCount");
      counter.syncs++;
      await ctx.sync();
      usedRows = used.isNullObject ? 0 : used.rowIndex + used.rowCount;
    }
    const name = existing ?? freeSheetName([SUMMARY_SHEET, `IMS ${SUMMARY_SHEET}`], sheetNamesTaken(found.sheetNames));
    const width = SUMMARY_HEADERS.length;
    const at = { row: HEADER_ROW, col: 0, bodyRows: Math.max(1, body.length) };

    const batcher = new WriteBatcher(ctx, undefined, counter);
    await batcher.add({
      bytes: JSON.stringify(body).length * 2 + 40 * CALL_OVERHEAD_BYTES,
      queue(c) {
        if (existing) {
          const old = c.workbook.worksheets.getItem(name);
          if (hasTable) old.tables.getItem(SUMMARY_TABLE).convertToRange();
          if (usedRows > 0) old.getRangeByIndexes(0, 0, usedRows, width).clear("All");
        }
        const sheet = queueTableSheet(c, name, !existing, SUMMARY_SPEC, at);
        if (!existing) sheet.position = 0;
        const title = sheet.getRange("A1:B3");
        title.numberFormat = [["@", "@"], ["@", "@"], ["@", DATETIME_FORMAT]];
        title.values = [
          ["IMS summary", ""],
          ["GSTIN", context.gstin],
          ["Counts as of", instantToSerialIst(context.countedAt)],
        ];
        sheet.getRange("A1").format.font.bold = true;

        sheet.getRangeByIndexes(HEADER_ROW + 1, 0, at.bodyRows, width).values = body.length ? body : [SUMMARY_HEADERS.map(() => "")];
        queueTable(sheet, SUMMARY_SPEC, at);
        rows.forEach((r, i) => {
          if (r.section === "All") sheet.getRangeByIndexes(HEADER_ROW + 1 + i, 0, 1, width).format.font.bold = true;
        });
        queueColumnWidths(sheet, 0, SUMMARY_SPEC.columns);
        queueMetadata(c, metadata);
      },
    });
    await batcher.flush();
    return name;
  });
  return { sheetName, syncs: counter.syncs };
}
