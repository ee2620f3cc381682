/**
 * The ITC preview on the Summary sheet: a table of ITC per head before and after the drafted
 * actions, and a native clustered column chart of its all-heads Before and After columns. It
 * sits to the right of the by-action charts (from column V), so it never meets the counts
 * (A to H, as tall as the portal's sections) or the by-action block (J to T). The table and the
 * chart are made once; a later write rewrites the cells in place and the chart, linked to them,
 * follows.
 */
import { headsTotal, type ItcHeads, type ItcPosition, type ItcPreview } from "../ims/itc-preview";
import type { SyncCounter } from "./chunking";
import type { CellValue } from "./cells";
import { INDIAN_AMOUNT_FORMAT, SUMMARY_SHEET } from "./layout";
import { metadataOf, nextMetadata, queueMetadata } from "./metadata";
import { periodWords } from "./outward-sheets";
import { rupeesCell } from "./report-cells";
import { findSummarySheet, queueActionBlock } from "./summary-charts";
import { freeSheetName, queueColumnWidths, queueTable, sheetNamesTaken, type TableSpec } from "./table-sheet";

export const ITC_PREVIEW_TABLE = "IMS_ItcPreview";
export const ITC_PREVIEW_CHART = "IMS ITC before and after";

/** Column V (0-based), right of the by-action charts (N to T), with U left empty between. */
const COL = 21;
/** 0-based rows: the title, two lines saying what the figures are, then the table's header. */
const TITLE_ROW = 0;
const NOTE_ROW = 1;
const KEY_ROW = 2;
const HEADER_ROW = 3;
/** The chart below the table, over the table's width (V to AF). */
const CHART_FROM = "V11";
const CHART_TO = "AF28";

type Bucket = keyof ItcPosition;

export const ITC_PREVIEW_ROWS: readonly { label: string; bucket: Bucket }[] = [
  { label: "Claimable", bucket: "claimable" },
  { label: "Deferred (pending)", bucket: "deferred" },
  { label: "Forgone (rejected)", bucket: "forgone" },
  { label: "Credit-note reductions", bucket: "creditNoteReduction" },
  { label: "Net ITC", bucket: "net" },
];

const HEADS: readonly { key: keyof ItcHeads; word: string }[] = [
  { key: "igst", word: "IGST" },
  { key: "cgst", word: "CGST" },
  { key: "sgst", word: "SGST" },
  { key: "cess", word: "Cess" },
];

/** The first three columns are the chart's source: its categories and its two series. */
export const ITC_PREVIEW_HEADERS: readonly string[] = ["ITC (₹)", "Before", "After", ...HEADS.flatMap((h) => [`${h.word} before`, `${h.word} after`])];

const SPEC: TableSpec = {
  tableName: ITC_PREVIEW_TABLE,
  style: "TableStyleLight9",
  columns: ITC_PREVIEW_HEADERS.map((header, i) => ({ header, format: i === 0 ? "@" : INDIAN_AMOUNT_FORMAT, width: i === 0 ? 130 : 80 })),
};

/** The table's body: per row, the label, both totals, then each head before and after (rupees). */
export function itcPreviewBody(preview: ItcPreview): CellValue[][] {
  return ITC_PREVIEW_ROWS.map(({ label, bucket }) => {
    const before = preview.before[bucket];
    const after = preview.after[bucket];
    const perHead = HEADS.flatMap((h) => [rupeesCell(before[h.key]), rupeesCell(after[h.key])]);
    return [label, rupeesCell(headsTotal(before)), rupeesCell(headsTotal(after)), ...perHead];
  });
}

function titleOf(preview: ItcPreview, asOf: string): string {
  const period = preview.period === null ? "all return periods" : periodWords(preview.period);
  return `ITC preview for ${period}, as of ${asOf}`;
}

function noteOf(preview: ItcPreview): string {
  const unreadable = preview.unreadable
    ? ` ${preview.unreadable} row${preview.unreadable === 1 ? " whose Action cannot be read counts" : "s whose Action cannot be read count"} as on the portal.`
    : "";
  return `${preview.documents} document${preview.documents === 1 ? "" : "s"}. Before: the actions on the portal now (no action counts as accepted). After: the actions drafted in the sheets.${unreadable}`;
}

const KEY_TEXT = "Before and After add up the four heads. Pending credit notes count negative: a reduction put off.";

/** Queues the text lines, the table's header, labels and figures, with each cell's format set before its value. */
function queueCells(ws: Excel.Worksheet, preview: ItcPreview, asOf: string): void {
  const lines = ws.getRangeByIndexes(TITLE_ROW, COL, 3, 1);
  lines.numberFormat = [["@"], ["@"], ["@"]];
  lines.values = [[titleOf(preview, asOf)], [noteOf(preview)], [KEY_TEXT]];
  ws.getRangeByIndexes(TITLE_ROW, COL, 1, 1).format.font.bold = true;
  const header = ws.getRangeByIndexes(HEADER_ROW, COL, 1, ITC_PREVIEW_HEADERS.length);
  header.numberFormat = [ITC_PREVIEW_HEADERS.map(() => "@")];
  header.values = [[...ITC_PREVIEW_HEADERS]];
  const body = itcPreviewBody(preview);
  const cells = ws.getRangeByIndexes(HEADER_ROW + 1, COL, body.length, ITC_PREVIEW_HEADERS.length);
  cells.numberFormat = body.map(() => SPEC.columns.map((c) => c.format as string));
  cells.values = body;
  ws.getRangeByIndexes(HEADER_ROW + body.length, COL, 1, ITC_PREVIEW_HEADERS.length).format.font.bold = true;
}

function queueChart(ws: Excel.Worksheet): void {
  const source = ws.getRangeByIndexes(HEADER_ROW, COL, 1 + ITC_PREVIEW_ROWS.length, 3);
  const chart = ws.charts.add("ColumnClustered", source, "Columns");
  chart.name = ITC_PREVIEW_CHART;
  chart.title.text = "ITC before and after the drafted actions (₹, all heads)";
  chart.legend.position = "Bottom";
  chart.setPosition(CHART_FROM, CHART_TO);
}

/**
 * Writes the preview on the Summary sheet: the sheet already holding the preview's table, else
 * the one holding the Summary's tables, else a new Summary (with the by-action block, so the
 * other Summary writers find it). `asOf` says in words what the figures are as of.
 */
export async function writeItcPreview(gstin: string, preview: ItcPreview, asOf: string): Promise<{ sheetName: string; syncs: number }> {
  const counter: SyncCounter = { syncs: 0, retries: 0 };
  const sheetName = await Excel.run({ delayForCellEdit: true }, async (context) => {
    const found = await findSummarySheet(context, counter);
    const metadata = nextMetadata(metadataOf(found.setting), { gstin });
    const existing = [...found.tablesOf].find(([, tables]) => tables.includes(ITC_PREVIEW_TABLE))?.[0] ?? found.name;
    let hasTable = false;
    let hasChart = false;
    if (existing) {
      hasTable = (found.tablesOf.get(existing) ?? []).includes(ITC_PREVIEW_TABLE);
      const charts = context.workbook.worksheets.getItem(existing).charts;
      charts.load("items/name");
      counter.syncs++;
      await context.sync();
      hasChart = charts.items.some((c) => c.name === ITC_PREVIEW_CHART);
    }
    const name = existing ?? freeSheetName([SUMMARY_SHEET, `IMS ${SUMMARY_SHEET}`], sheetNamesTaken(found.sheetNames));
    const ws = existing ? context.workbook.worksheets.getItem(name) : context.workbook.worksheets.add(name);
    if (!existing) {
      ws.position = 0;
      const title = ws.getRange("A1:B2");
      title.numberFormat = [["@", "@"], ["@", "@"]];
      title.values = [["IMS summary", ""], ["GSTIN", gstin]];
      ws.getRange("A1").format.font.bold = true;
      queueActionBlock(ws, { tables: false, docsChart: false, taxChart: false }, null);
    }
    queueCells(ws, preview, asOf);
    if (!hasTable) {
      queueTable(ws, SPEC, { row: HEADER_ROW, col: COL, bodyRows: ITC_PREVIEW_ROWS.length });
      queueColumnWidths(ws, COL, SPEC.columns);
    }
    if (!hasChart) queueChart(ws);
    queueMetadata(context, metadata);
    counter.syncs++;
    await context.sync();
    return name;
  });
  return { sheetName, syncs: counter.syncs };
}
