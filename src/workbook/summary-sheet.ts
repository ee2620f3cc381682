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
import { loadMetadata, metadataOf, nextMetadata, queueMetadata } from "./metadata";

export const SUMMARY_TABLE = "IMS_Summary";
/** Whole numbers with Indian digit grouping. */
export const INDIAN_COUNT_FORMAT = "[>=10000000]##\\,##\\,##\\,##0;[>=100000]##\\,##\\,##0;##,##0";

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

/** Writes (or rewrites) the Summary sheet and records when the counts were taken. */
export async function writeSummarySheet(counts: readonly InvoiceCounts[], context: { gstin: string; countedAt: string }): Promise<{ sheetName: string; syncs: number }> {
  const rows = summaryRows(counts);
  const body: CellValue[][] = rows.map((r) => [r.group, r.section, r.description, r.counts.noAction, r.counts.accepted, r.counts.rejected, r.counts.pending, r.total]);
  const formats = ["@", "@", "@", INDIAN_COUNT_FORMAT, INDIAN_COUNT_FORMAT, INDIAN_COUNT_FORMAT, INDIAN_COUNT_FORMAT, INDIAN_COUNT_FORMAT];
  const counter: SyncCounter = { syncs: 0, retries: 0 };

  const sheetName = await Excel.run({ delayForCellEdit: true }, async (ctx) => {
    const worksheets = ctx.workbook.worksheets;
    worksheets.load("items/name");
    const setting = loadMetadata(ctx);
    counter.syncs++;
    await ctx.sync();
    const metadata = nextMetadata(metadataOf(setting), { gstin: context.gstin, countsAt: context.countedAt });
    const tables = worksheets.items.map((w) => {
      const t = w.tables;
      t.load("items/name");
      return { name: w.name, tables: t };
    });
    counter.syncs++;
    await ctx.sync();
    // The sheet holding the summary table; otherwise a new sheet under a name nobody uses (a user's own "Summary" is left alone).
    const existing = tables.find((t) => t.tables.items.some((x) => x.name === SUMMARY_TABLE))?.name ?? null;
    const taken = new Set(worksheets.items.map((w) => w.name.toLowerCase()));
    let name = existing ?? SUMMARY_SHEET;
    for (let i = 1; !existing && taken.has(name.toLowerCase()); i++) name = i === 1 ? `IMS ${SUMMARY_SHEET}` : `IMS ${SUMMARY_SHEET} ${i}`;

    const batcher = new WriteBatcher(ctx, undefined, counter);
    await batcher.add({
      bytes: JSON.stringify(body).length * 2 + 40 * CALL_OVERHEAD_BYTES,
      queue(c) {
        const sheet = existing ? c.workbook.worksheets.getItem(name) : c.workbook.worksheets.add(name);
        if (!existing) sheet.position = 0;
        else {
          sheet.tables.getItemOrNullObject(SUMMARY_TABLE).convertToRange();
          sheet.getUsedRange().clear("All");
        }
        const title = sheet.getRange("A1:B3");
        title.numberFormat = [["@", "@"], ["@", "@"], ["@", DATETIME_FORMAT]];
        title.values = [
          ["IMS summary", ""],
          ["GSTIN", context.gstin],
          ["Counts as of", instantToSerialIst(context.countedAt)],
        ];
        sheet.getRange("A1").format.font.bold = true;

        const width = SUMMARY_HEADERS.length;
        const all = sheet.getRangeByIndexes(4, 0, 1 + Math.max(1, body.length), width);
        all.numberFormat = [SUMMARY_HEADERS.map(() => "@"), ...(body.length ? body.map(() => formats) : [formats])];
        all.values = [[...SUMMARY_HEADERS], ...(body.length ? body : [SUMMARY_HEADERS.map(() => "")])];
        const t = sheet.tables.add(`A5:${String.fromCharCode(64 + width)}${5 + Math.max(1, body.length)}`, true);
        t.name = SUMMARY_TABLE;
        t.style = "TableStyleLight9";
        rows.forEach((r, i) => {
          if (r.section === "All") sheet.getRangeByIndexes(5 + i, 0, 1, width).format.font.bold = true;
        });
        sheet.getRange("A:A").format.columnWidth = 170;
        sheet.getRange("B:B").format.columnWidth = 70;
        sheet.getRange("C:C").format.columnWidth = 230;
        sheet.getRange("D:H").format.columnWidth = 70;
        queueMetadata(c, metadata);
      },
    });
    await batcher.flush();
    return name;
  });
  return { sheetName, syncs: counter.syncs };
}
