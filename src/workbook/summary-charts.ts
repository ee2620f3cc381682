/**
 * The Summary sheet's documents and tax by action, inward and outward: two small tables to the
 * right of the counts (J5 and J12), each the source of a native clustered column chart. The
 * charts are made once and stay linked to the tables, so a refresh only rewrites one column of
 * figures (inward from the supplier-wise review of the section sheets, outward from the sales
 * pulled) and the line saying what it is as of.
 */
import type { ActionTotals } from "../ims/outward";
import type { Action } from "../ims/sections";
import { actionWord } from "../ims/action-text";
import { CALL_OVERHEAD_BYTES, type SyncCounter } from "./chunking";
import { INDIAN_AMOUNT_FORMAT, SUMMARY_SHEET } from "./layout";
import { loadMetadata, metadataOf, nextMetadata, queueMetadata } from "./metadata";
import { rupeesCell } from "./report-cells";
import { freeSheetName, queueTable, sheetNamesTaken, type TableSpec } from "./table-sheet";

export const SUMMARY_TABLE = "IMS_Summary";
export const DOCS_TABLE = "IMS_DocsByAction";
export const TAX_TABLE = "IMS_TaxByAction";
export const DOCS_CHART = "IMS documents by action";
export const TAX_CHART = "IMS tax by action";
/** Whole numbers with Indian digit grouping. */
export const INDIAN_COUNT_FORMAT = "[>=10000000]##\\,##\\,##\\,##0;[>=100000]##\\,##\\,##0;##,##0";

/** Column J, and the rows of the two tables' headers (0-based). */
const COL = 9;
const DOCS_ROW = 4;
const TAX_ROW = 11;
const HEADERS = ["Action", "Inward", "Outward"] as const;
/** The Summary's order of actions (as in the counts table). */
const ACTIONS: readonly Action[] = ["N", "A", "R", "P"];
const NOTE_ROWS = { title: 0, inward: 1, outward: 2 } as const;

export type Side = "inward" | "outward";

export interface SideFigures {
  side: Side;
  totals: ActionTotals;
  /** What the figures are, in words: "supplier-wise review of 21-11-2026 10:30 IST". */
  asOf: string;
}

function spec(tableName: string, format: string): TableSpec {
  return { tableName, style: "TableStyleLight9", columns: HEADERS.map((header, i) => ({ header, format: i === 0 ? "@" : format, width: i === 0 ? 90 : 80 })) };
}

/** What is on the Summary sheet already (loaded by the caller). */
export interface ActionBlockState {
  tables: boolean;
  docsChart: boolean;
  taxChart: boolean;
}

/**
 * Queues the block: the tables (when missing), one side's figures and note (when given), and the
 * charts (when missing). Calls independent of the figures: one batch.
 */
export function queueActionBlock(ws: Excel.Worksheet, state: ActionBlockState, figures: SideFigures | null): void {
  if (!state.tables) {
    const title = ws.getRangeByIndexes(NOTE_ROWS.title, COL, 1, 1);
    title.numberFormat = [["@"]];
    title.values = [["Documents and tax by action"]];
    title.format.font.bold = true;
    for (const [row, name, format] of [
      [DOCS_ROW, DOCS_TABLE, INDIAN_COUNT_FORMAT],
      [TAX_ROW, TAX_TABLE, INDIAN_AMOUNT_FORMAT],
    ] as const) {
      const s = spec(name, format);
      const caption = ws.getRangeByIndexes(row - 1, COL, 1, 1);
      caption.numberFormat = [["@"]];
      caption.values = [[name === DOCS_TABLE ? "Documents by action" : "Tax by action (₹; credit notes deducted)"]];
      const header = ws.getRangeByIndexes(row, COL, 1, HEADERS.length);
      header.numberFormat = [HEADERS.map(() => "@")];
      header.values = [[...HEADERS]];
      const labels = ws.getRangeByIndexes(row + 1, COL, ACTIONS.length, 1);
      labels.numberFormat = ACTIONS.map(() => ["@"]);
      labels.values = ACTIONS.map((a) => [actionWord(a)]);
      ws.getRangeByIndexes(row + 1, COL + 1, ACTIONS.length, 2).numberFormat = ACTIONS.map(() => [format, format]);
      queueTable(ws, s, { row, col: COL, bodyRows: ACTIONS.length });
    }
    ws.getRangeByIndexes(0, COL, 1, 1).format.columnWidth = 90;
    ws.getRangeByIndexes(0, COL + 1, 1, 2).format.columnWidth = 80;
  }
  if (figures) {
    const c = COL + (figures.side === "inward" ? 1 : 2);
    ws.getRangeByIndexes(DOCS_ROW + 1, c, ACTIONS.length, 1).values = ACTIONS.map((a) => [figures.totals[a].documents]);
    ws.getRangeByIndexes(TAX_ROW + 1, c, ACTIONS.length, 1).values = ACTIONS.map((a) => [rupeesCell(figures.totals[a].tax)]);
    const note = ws.getRangeByIndexes(figures.side === "inward" ? NOTE_ROWS.inward : NOTE_ROWS.outward, COL, 1, 1);
    note.numberFormat = [["@"]];
    note.values = [[`${figures.side === "inward" ? "Inward" : "Outward"}: ${figures.asOf}`]];
  }
  const charts: [boolean, string, string, number, string, string][] = [
    [state.docsChart, DOCS_CHART, "Documents by action: inward and outward", DOCS_ROW, "N2", "T17"],
    [state.taxChart, TAX_CHART, "Tax by action (₹): inward and outward", TAX_ROW, "N19", "T34"],
  ];
  for (const [exists, name, titleText, row, from, to] of charts) {
    if (exists) continue;
    const chart = ws.charts.add("ColumnClustered", ws.getRangeByIndexes(row, COL, 1 + ACTIONS.length, HEADERS.length), "Columns");
    chart.name = name;
    chart.title.text = titleText;
    chart.legend.position = "Bottom";
    chart.setPosition(from, to);
  }
}

/** Request bytes of the block's calls, at most. */
export const ACTION_BLOCK_BYTES = 80 * CALL_OVERHEAD_BYTES;

/** Queues the loads that tell what the block has on a sheet; read `stateOf` after the sync. */
export function loadActionBlock(ws: Excel.Worksheet): { tables: Excel.TableCollection; charts: Excel.ChartCollection } {
  const tables = ws.tables;
  tables.load("items/name");
  const charts = ws.charts;
  charts.load("items/name");
  return { tables, charts };
}

export function stateOf(loaded: { tables: Excel.TableCollection; charts: Excel.ChartCollection }): ActionBlockState {
  const tables = loaded.tables.items.map((t) => t.name);
  const charts = loaded.charts.items.map((c) => c.name);
  return { tables: tables.includes(DOCS_TABLE) && tables.includes(TAX_TABLE), docsChart: charts.includes(DOCS_CHART), taxChart: charts.includes(TAX_CHART) };
}

/**
 * Writes one side's figures (and makes the tables and charts when missing) on the Summary sheet,
 * which is found by its tables, or made.
 */
export async function writeActionFigures(gstin: string, figures: SideFigures | null): Promise<{ sheetName: string; syncs: number }> {
  const counter: SyncCounter = { syncs: 0, retries: 0 };
  const sheetName = await Excel.run({ delayForCellEdit: true }, async (context) => {
    const found = await findSummarySheet(context, counter);
    const setting = found.setting;
    const metadata = nextMetadata(metadataOf(setting), { gstin });
    const name = found.name ?? freeSheetName([SUMMARY_SHEET, `IMS ${SUMMARY_SHEET}`], sheetNamesTaken(found.sheetNames));
    let state: ActionBlockState = { tables: false, docsChart: false, taxChart: false };
    if (found.name) {
      const loaded = loadActionBlock(context.workbook.worksheets.getItem(found.name));
      counter.syncs++;
      await context.sync();
      state = stateOf(loaded);
    }
    const ws = found.name ? context.workbook.worksheets.getItem(name) : context.workbook.worksheets.add(name);
    if (!found.name) {
      ws.position = 0;
      const title = ws.getRange("A1:B2");
      title.numberFormat = [["@", "@"], ["@", "@"]];
      title.values = [["IMS summary", ""], ["GSTIN", gstin]];
      ws.getRange("A1").format.font.bold = true;
    }
    queueActionBlock(ws, state, figures);
    queueMetadata(context, metadata);
    counter.syncs++;
    await context.sync();
    return name;
  });
  return { sheetName, syncs: counter.syncs };
}

/** The sheet holding the Summary's tables (null when none), every sheet's name, and the metadata setting (loaded). Two syncs. */
export async function findSummarySheet(context: Excel.RequestContext, counter: SyncCounter): Promise<{ name: string | null; sheetNames: string[]; setting: Excel.Setting; tablesOf: Map<string, string[]> }> {
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  const setting = loadMetadata(context);
  counter.syncs++;
  await context.sync();
  const per = worksheets.items.map((w) => {
    const t = w.tables;
    t.load("items/name");
    return { name: w.name, tables: t };
  });
  counter.syncs++;
  await context.sync();
  const tablesOf = new Map(per.map((p) => [p.name, p.tables.items.map((t) => t.name)]));
  const name = per.find((p) => p.tables.items.some((t) => t.name === SUMMARY_TABLE || t.name === DOCS_TABLE))?.name ?? null;
  return { name, sheetNames: per.map((p) => p.name), setting, tablesOf };
}
