/** The ITC preview's table and chart on the Summary sheet. */
import type { InvoiceCounts } from "../../src/api/types";
import { itcPreview, type ItcPreview } from "../../src/ims/itc-preview";
import type { ImsRecord } from "../../src/ims/records";
import { rowFromRecord, type ReviewRow } from "../../src/ims/review-rows";
import type { Action, SectionCode } from "../../src/ims/sections";
import {
  DOCS_CHART,
  INDIAN_AMOUNT_FORMAT,
  ITC_PREVIEW_CHART,
  ITC_PREVIEW_HEADERS,
  ITC_PREVIEW_TABLE,
  TAX_CHART,
  WorkbookGstinMismatchError,
  writeActionFigures,
  writeItcPreview,
  writeSummarySheet,
} from "../../src/workbook";
import { emptyActionTotals } from "../../src/ims/outward/totals";
import { columnLetter } from "../../src/workbook/layout";
import { parseAddress, intersect, type Rect } from "../excel-fake/addresses";
import { installExcelFake, type ChartInfo, type FakeExcelHandle } from "../excel-fake";
import { creditNote } from "../ims/fixtures";
import { GSTIN, T1 } from "./helpers";

const AS_OF = "section sheets read 21-11-2026 10:30 IST";
const LABELS = ["Claimable", "Deferred (pending)", "Forgone (rejected)", "Credit-note reductions", "Net ITC"];

let fake: FakeExcelHandle;
beforeEach(() => {
  fake = installExcelFake({ today: "2026-11-21" });
});
afterEach(() => fake.uninstall());

function row(section: SectionCode, pulled: Action, drafted: Action, amounts: Partial<ImsRecord>, n: number): ReviewRow {
  const r = rowFromRecord(creditNote({ section, action: pulled, docNumber: `D-${n}`, hash: `h${n}`, ...amounts }), n + 2);
  r.edit = { ...r.edit, action: drafted };
  return r;
}

/** Odd paise in every head, so that rupees show two decimals. */
function preview(scale = 1): ItcPreview {
  return itcPreview(
    [
      row("B2B", "N", "A", { igst: 1234567 * scale, cgst: 0, sgst: 0, cess: 101 * scale }, 1),
      row("B2B", "N", "R", { igst: 0, cgst: 45001 * scale, sgst: 45001 * scale, cess: 0 }, 2),
      row("B2B", "A", "P", { igst: 77705 * scale, cgst: 0, sgst: 0, cess: 0 }, 3),
      row("CN", "N", "A", { igst: 9999 * scale, cgst: 0, sgst: 0, cess: 3 * scale }, 4),
    ],
    { period: "2026-10" },
  );
}

function rectOf(address: string): Rect {
  const parsed = parseAddress(address);
  if (!parsed) throw new Error(`not an address: ${address}`);
  return { r0: parsed.r0, c0: parsed.c0, r1: parsed.r1, c1: parsed.c1 };
}

/** The cells a chart covers, from its top-left cell to its end cell. */
function chartRect(chart: ChartInfo): Rect {
  if (!chart.position?.to) throw new Error(`chart ${chart.name} has no position`);
  const from = rectOf(chart.position.from);
  const to = rectOf(chart.position.to);
  return { r0: from.r0, c0: from.c0, r1: to.r1, c1: to.c1 };
}

function itcTableAddress(): string {
  const table = fake.inspect.tables("Summary").find((t) => t.name === ITC_PREVIEW_TABLE);
  if (!table) throw new Error("no ITC preview table");
  return table.address;
}

/** The table's cells by row label and header. */
function tableCells(): Map<string, Map<string, unknown>> {
  const [header, ...body] = fake.inspect.values("Summary", itcTableAddress()) as unknown[][];
  const out = new Map<string, Map<string, unknown>>();
  for (const cells of body) out.set(String(cells[0]), new Map((header ?? []).map((h, i) => [String(h), cells[i]])));
  return out;
}

async function summaryWithBlocks(): Promise<void> {
  const counts: InvoiceCounts[] = [{ goodsType: "others", total: 3, sections: { B2B: { noAction: 1, accepted: 1, rejected: 0, pending: 0 }, CN: { noAction: 1, accepted: 0, rejected: 0, pending: 0 } } }];
  await writeSummarySheet(counts, { gstin: GSTIN, countedAt: T1 });
  const totals = emptyActionTotals();
  totals.N = { documents: 2, tax: 500000 };
  await writeActionFigures(GSTIN, { side: "inward", totals, asOf: AS_OF });
}

test("the table shows each position's heads before and after, in rupees from paise, with the totals first", async () => {
  await summaryWithBlocks();
  const p = preview();
  const { sheetName, syncs } = await writeItcPreview(GSTIN, p, AS_OF);
  expect(sheetName).toBe("Summary");
  expect(syncs).toBeLessThanOrEqual(4);
  const cells = tableCells();
  expect([...cells.keys()]).toEqual(LABELS);
  const claimable = cells.get("Claimable");
  expect(claimable?.get("IGST before")).toBe(p.before.claimable.igst / 100);
  expect(claimable?.get("IGST after")).toBe(p.after.claimable.igst / 100);
  expect(claimable?.get("IGST before")).toBe((1234567 + 77705) / 100);
  expect(claimable?.get("Cess after")).toBe(1.01);
  expect(cells.get("Forgone (rejected)")?.get("CGST after")).toBe(450.01);
  expect(cells.get("Deferred (pending)")?.get("IGST after")).toBe(777.05);
  const net = cells.get("Net ITC");
  const netAfter = p.after.net.igst + p.after.net.cgst + p.after.net.sgst + p.after.net.cess;
  expect(net?.get("After")).toBe(netAfter / 100);
  expect(net?.get("Cess after")).toBe((101 - 3) / 100);
});

test("the figures are numbers with the Indian amount format; the title, notes, headers and labels stay text", async () => {
  await summaryWithBlocks();
  await writeItcPreview(GSTIN, preview(), "=1+1");
  const at = rectOf(itcTableAddress());
  const header = fake.inspect.values("Summary", itcTableAddress())[0];
  expect(header).toEqual([...ITC_PREVIEW_HEADERS]);
  const grid = fake.inspect.values("Summary", itcTableAddress());
  for (let r = 0; r < grid.length; r++) {
    for (let c = 0; c < (grid[r] ?? []).length; c++) {
      const address = cellAddress(at.r0 + r, at.c0 + c);
      const info = fake.inspect.cell("Summary", address);
      if (r === 0 || c === 0) {
        expect(typeof info.value).toBe("string");
        expect(info.numberFormat).toBe("@");
      } else {
        expect(typeof info.value).toBe("number");
        expect(info.numberFormat).toBe(INDIAN_AMOUNT_FORMAT);
      }
    }
  }
  for (let r = 0; r < at.r0; r++) {
    const info = fake.inspect.cell("Summary", cellAddress(r, at.c0));
    expect(info.numberFormat).toBe("@");
    expect(info.formula).toBeNull();
    expect(typeof info.value).toBe("string");
  }
  expect(fake.inspect.cell("Summary", cellAddress(0, at.c0)).value).toBe("ITC preview for October 2026, as of =1+1");
});

test("a second write replaces the figures and keeps one table and one chart, linked to the table", async () => {
  await summaryWithBlocks();
  await writeItcPreview(GSTIN, preview(), AS_OF);
  const addressBefore = itcTableAddress();
  const second = preview(3);
  await writeItcPreview(GSTIN, { ...second, period: null, unreadable: 2 }, "later");
  expect(itcTableAddress()).toBe(addressBefore);
  expect(fake.inspect.tables("Summary").filter((t) => t.name === ITC_PREVIEW_TABLE)).toHaveLength(1);
  expect(tableCells().get("Forgone (rejected)")?.get("CGST after")).toBe((3 * 45001) / 100);
  const at = rectOf(addressBefore);
  expect(fake.inspect.cell("Summary", cellAddress(0, at.c0)).value).toBe("ITC preview for all return periods, as of later");
  expect(String(fake.inspect.cell("Summary", cellAddress(1, at.c0)).value)).toContain("2 rows whose Action cannot be read");

  const charts = fake.inspect.charts("Summary").filter((c) => c.name === ITC_PREVIEW_CHART);
  expect(charts).toHaveLength(1);
  const chart = charts[0]!;
  expect(chart.type).toBe("ColumnClustered");
  expect(chart.categories).toEqual(LABELS);
  expect(chart.series.map((s) => s.name)).toEqual(["Before", "After"]);
  const total = (h: { igst: number; cgst: number; sgst: number; cess: number }) => (h.igst + h.cgst + h.sgst + h.cess) / 100;
  expect(chart.series[1]!.values).toEqual([second.after.claimable, second.after.deferred, second.after.forgone, second.after.creditNoteReduction, second.after.net].map(total));
});

test("the table and chart do not overlap the counts, the by-action tables or their charts, even when the counts grow", async () => {
  await summaryWithBlocks();
  await writeItcPreview(GSTIN, preview(), AS_OF);
  const many: InvoiceCounts[] = [
    { goodsType: "others", total: 8, sections: Object.fromEntries(["B2B", "B2BA", "CN", "CNA", "DN", "DNA", "ECOM", "ECOMA"].map((s) => [s, { noAction: 1, accepted: 0, rejected: 0, pending: 0 }])) },
    { goodsType: "inward_supplies", total: 2, sections: { ISD: { noAction: 1, accepted: 0, rejected: 0, pending: 0 }, ISDCN: { noAction: 1, accepted: 0, rejected: 0, pending: 0 } } },
    { goodsType: "imports", total: 4, sections: Object.fromEntries(["IMPG", "IMPGA", "IMPGSEZ", "IMPGSEZA"].map((s) => [s, { noAction: 1, accepted: 0, rejected: 0, pending: 0 }])) },
  ];
  await writeSummarySheet(many, { gstin: GSTIN, countedAt: T1 });
  const charts = fake.inspect.charts("Summary");
  expect(charts.map((c) => c.name).sort()).toEqual([DOCS_CHART, ITC_PREVIEW_CHART, TAX_CHART].sort());
  const ours = rectOf(itcTableAddress());
  const itcChart = charts.find((c) => c.name === ITC_PREVIEW_CHART)!;
  const itcChartRect = chartRect(itcChart);
  const oursWithText = { ...ours, r0: 0 };
  const others: Rect[] = [
    ...fake.inspect.tables("Summary").filter((t) => t.name !== ITC_PREVIEW_TABLE).map((t) => rectOf(t.address)),
    ...charts.filter((c) => c.name !== ITC_PREVIEW_CHART).map(chartRect),
  ];
  expect(others).toHaveLength(5);
  for (const other of others) {
    expect(intersect(oursWithText, other)).toBeNull();
    expect(intersect(itcChartRect, other)).toBeNull();
  }
  expect(intersect(itcChartRect, oursWithText)).toBeNull();
  // The counts' rewrite left the preview as it was.
  expect(tableCells().get("Claimable")?.get("IGST before")).toBe((1234567 + 77705) / 100);
});

test("with no Summary sheet yet, it makes one that the other Summary writers then use", async () => {
  const { sheetName } = await writeItcPreview(GSTIN, preview(), AS_OF);
  expect(sheetName).toBe("Summary");
  expect(fake.inspect.sheetNames()[0]).toBe("Summary");
  await writeActionFigures(GSTIN, null);
  await writeSummarySheet([], { gstin: GSTIN, countedAt: T1 });
  expect(fake.inspect.sheetNames().filter((n) => n.includes("Summary"))).toEqual(["Summary"]);
  expect(fake.inspect.charts("Summary").filter((c) => c.name === ITC_PREVIEW_CHART)).toHaveLength(1);
  expect(tableCells().get("Claimable")).toBeDefined();
});

test("a workbook of another GSTIN is left alone", async () => {
  await summaryWithBlocks();
  await expect(writeItcPreview("29AABCB5678K1Z5", preview(), AS_OF)).rejects.toBeInstanceOf(WorkbookGstinMismatchError);
  expect(fake.inspect.tables("Summary").some((t) => t.name === ITC_PREVIEW_TABLE)).toBe(false);
});

function cellAddress(row: number, col: number): string {
  return `${columnLetter(col)}${row + 1}`;
}
