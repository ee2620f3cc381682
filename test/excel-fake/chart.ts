/**
 * Worksheet charts (ExcelApi 1.1, getItemOrNullObject 1.4): `worksheet.charts.add(type,
 * sourceData, seriesBy)`, `getItem`, `getItemOrNullObject`, `load("items/name")`; on a chart
 * `name`, `title.text`, `title.visible`, `legend.position`, `legend.visible`,
 * `setPosition(startCell, endCell?)` and `delete()`.
 *
 * What each does, and where it is documented:
 * - `add` creates a chart over a Range of any worksheet (the `sourceData` parameter is a Range;
 *   learn.microsoft.com/javascript/api/excel/excel.chartcollection#excel-excel-chartcollection-add-member(1)).
 *   Its data stays linked to those cells (learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-charts) [H].
 *   `seriesBy` "Auto" "will simply default to columns" in Excel on the web, while desktop Excel
 *   guesses from the shape (Excel.ChartSeriesBy doc comment in @types/office-js) [H]; the fake
 *   always reads it as "Columns".
 * - A new chart's name is "Chart N", N counting the charts added to that sheet [L: Excel's shape
 *   naming]. Names need not be unique: `getItem` returns the first chart of that name
 *   (ChartCollection.getItem doc) [H]; the fake compares names ignoring case [L].
 * - `setPosition(startCell, endCell?)` moves the chart to the start cell and, with an end cell,
 *   sizes it to cover that cell or range (Chart.setPosition doc) [H]. The fake keeps the cells.
 * - `delete()` removes the chart (Chart.delete, ExcelApi 1.1) [H]; deleting its worksheet
 *   removes it too. Clearing or deleting cells never removes a chart, which floats over the
 *   grid [L: manual check 19].
 * - An unknown chart type fails with InvalidArgument [L for the code].
 */
import { formatAddress, parseAddress, type Rect } from "./addresses";
import { FakeClientObject, FakeCollection, NULL_TARGET, type Executor, type FakeRequestContext, type PropTable } from "./context";
import { Codes, officeError } from "./errors";
import type { ChartModel, SheetModel, WorkbookModel } from "./model";
import { FakeRange } from "./range";
import { wireArg, type RangeTarget } from "./targets";

/** Excel.ChartType values (@types/office-js). */
const CHART_TYPES = new Set([
  "ColumnClustered", "ColumnStacked", "ColumnStacked100", "3DColumnClustered", "3DColumnStacked", "3DColumnStacked100",
  "BarClustered", "BarStacked", "BarStacked100", "3DBarClustered", "3DBarStacked", "3DBarStacked100",
  "LineStacked", "LineStacked100", "LineMarkers", "LineMarkersStacked", "LineMarkersStacked100",
  "PieOfPie", "PieExploded", "3DPieExploded", "BarOfPie", "XYScatterSmooth", "XYScatterSmoothNoMarkers", "XYScatterLines",
  "XYScatterLinesNoMarkers", "AreaStacked", "AreaStacked100", "3DAreaStacked", "3DAreaStacked100", "DoughnutExploded",
  "RadarMarkers", "RadarFilled", "Surface", "SurfaceWireframe", "SurfaceTopView", "SurfaceTopViewWireframe", "Bubble",
  "Bubble3DEffect", "StockHLC", "StockOHLC", "StockVHLC", "StockVOHLC", "3DColumn", "Line", "3DLine", "3DPie", "Pie",
  "XYScatter", "3DArea", "Area", "Doughnut", "Radar", "Histogram", "Boxwhisker", "Pareto", "Treemap", "Waterfall", "Sunburst", "Funnel",
]);
const SERIES_BY = new Set(["Auto", "Columns", "Rows"]);
const LEGEND_POSITIONS = new Set(["Invalid", "Top", "Bottom", "Left", "Right", "Corner", "Custom"]);

let nextChartId = 1;

function chartById(wb: WorkbookModel, id: number): ChartModel | undefined {
  for (const s of wb.sheets) {
    const c = s.charts.find((x) => x.id === id);
    if (c) return c;
  }
  return undefined;
}

function byName(s: SheetModel, name: string): ChartModel | undefined {
  const key = String(name).toLocaleUpperCase();
  return s.charts.find((c) => c.name.toLocaleUpperCase() === key);
}

/** Charts keep their identity by id once found, so a renamed chart is still found by an old proxy. */
function chartResolver(lookup: (s: SheetModel) => ChartModel | undefined, orNull: boolean, what: string): (s: SheetModel, exec: Executor) => ChartModel | typeof NULL_TARGET {
  let id: number | null = null;
  return (s, exec) => {
    if (id !== null) {
      const c = chartById(exec.wb, id);
      if (c) return c;
      if (orNull) return NULL_TARGET;
      throw officeError(Codes.itemNotFound, `${what} was deleted`);
    }
    const c = lookup(s);
    if (!c) {
      if (orNull) return NULL_TARGET;
      throw officeError(Codes.itemNotFound, `${what} doesn't exist`);
    }
    id = c.id;
    return c;
  };
}

const CHART_PROPS: PropTable = {
  name: {
    get: (c: ChartModel) => c.name,
    set: (c: ChartModel, v: unknown) => {
      if (typeof v !== "string" || v.length === 0) throw officeError(Codes.invalidArgument, "a chart's name must be a non-empty string");
      c.name = v;
    },
  },
};

const TITLE_PROPS: PropTable = {
  text: {
    get: (c: ChartModel) => c.title,
    set: (c: ChartModel, v: unknown) => {
      if (typeof v !== "string") throw officeError(Codes.invalidArgument, "title.text must be a string");
      c.title = v;
    },
  },
  visible: {
    get: (c: ChartModel) => c.titleVisible,
    set: (c: ChartModel, v: unknown) => {
      if (typeof v !== "boolean") throw officeError(Codes.invalidArgument, "title.visible must be a boolean");
      c.titleVisible = v;
    },
  },
};

const LEGEND_PROPS: PropTable = {
  position: {
    get: (c: ChartModel) => c.legendPosition,
    set: (c: ChartModel, v: unknown) => {
      if (typeof v !== "string" || !LEGEND_POSITIONS.has(v)) throw officeError(Codes.invalidArgument, `legend.position must be an Excel.ChartLegendPosition, not ${JSON.stringify(v)}`);
      c.legendPosition = v;
    },
  },
  visible: {
    get: (c: ChartModel) => c.legendVisible,
    set: (c: ChartModel, v: unknown) => {
      if (typeof v !== "boolean") throw officeError(Codes.invalidArgument, "legend.visible must be a boolean");
      c.legendVisible = v;
    },
  },
};

/** A cell or range given to setPosition: a Range on the chart's sheet, or an A1 address on it. */
function cellsOf(arg: unknown, sheet: SheetModel, exec: Executor): Rect {
  if (arg instanceof FakeRange) {
    const r = exec.require<RangeTarget>(arg);
    if (r.sheet !== sheet) throw officeError(Codes.invalidArgument, "setPosition takes cells of the chart's own worksheet");
    return r.rect;
  }
  const parsed = typeof arg === "string" ? parseAddress(arg) : null;
  if (!parsed || (parsed.sheet !== undefined && parsed.sheet.toLocaleUpperCase() !== sheet.name.toLocaleUpperCase())) {
    throw officeError(Codes.invalidArgument, `setPosition: ${JSON.stringify(arg)} is not a cell of ${sheet.name}`);
  }
  return { r0: parsed.r0, c0: parsed.c0, r1: parsed.r1, c1: parsed.c1 };
}

class FakeChartTitle extends FakeClientObject {
  get _entity(): string {
    return "ChartTitle";
  }
  get _props(): PropTable {
    return TITLE_PROPS;
  }
  get text(): string {
    return this._get("text") as string;
  }
  set text(v: string) {
    this._set("text", v);
  }
  get visible(): boolean {
    return this._get("visible") as boolean;
  }
  set visible(v: boolean) {
    this._set("visible", v);
  }
}

class FakeChartLegend extends FakeClientObject {
  get _entity(): string {
    return "ChartLegend";
  }
  get _props(): PropTable {
    return LEGEND_PROPS;
  }
  get position(): string {
    return this._get("position") as string;
  }
  set position(v: string) {
    this._set("position", v);
  }
  get visible(): boolean {
    return this._get("visible") as boolean;
  }
  set visible(v: boolean) {
    this._set("visible", v);
  }
}

export class FakeChart extends FakeClientObject {
  get _entity(): string {
    return "Chart";
  }
  get _props(): PropTable {
    return CHART_PROPS;
  }
  override _nav(name: string): FakeClientObject | undefined {
    return name === "title" ? this.title : name === "legend" ? this.legend : undefined;
  }

  /** @internal */
  static create(ctx: FakeRequestContext, parent: FakeClientObject, name: string, args: unknown[], resolver: (s: SheetModel, exec: Executor) => ChartModel | typeof NULL_TARGET, instantiate = true): FakeChart {
    return FakeClientObject.make(new FakeChart(ctx, parent, name, args.map(wireArg), resolver), instantiate);
  }

  get name(): string {
    return this._get("name") as string;
  }
  set name(v: string) {
    this._set("name", v);
  }

  get title(): FakeChartTitle {
    return this._navChild("title", () => FakeClientObject.make(new FakeChartTitle(this._ctx, this, "Title", [], (c: ChartModel) => c, 4)));
  }

  get legend(): FakeChartLegend {
    return this._navChild("legend", () => FakeClientObject.make(new FakeChartLegend(this._ctx, this, "Legend", [], (c: ChartModel) => c, 4)));
  }

  /** Places the chart at `startCell` and, with `endCell`, over the cells up to it. */
  setPosition(startCell: FakeRange | string, endCell?: FakeRange | string): void {
    const args = endCell === undefined ? [wireArg(startCell)] : [wireArg(startCell), wireArg(endCell)];
    this._call("SetPosition", args, (c: ChartModel, exec: Executor) => {
      const sheet = sheetOf(exec.wb, c);
      const from = cellsOf(startCell, sheet, exec);
      const end = endCell === undefined ? null : cellsOf(endCell, sheet, exec);
      const to = end ? { r0: Math.min(from.r0, end.r0), c0: Math.min(from.c0, end.c0), r1: Math.max(from.r0, end.r1), c1: Math.max(from.c0, end.c1) } : null;
      c.position = { from: { r0: from.r0, c0: from.c0, r1: from.r0, c1: from.c0 }, to };
    });
  }

  delete(): void {
    this._call("Delete", [], (c: ChartModel, exec: Executor) => {
      const s = sheetOf(exec.wb, c);
      s.charts = s.charts.filter((x) => x !== c);
    });
  }
}

/** The sheet a chart is on. */
function sheetOf(wb: WorkbookModel, c: ChartModel): SheetModel {
  const s = wb.sheets.find((x) => x.charts.includes(c));
  if (!s) throw officeError(Codes.itemNotFound, "the chart was deleted");
  return s;
}

export class FakeChartCollection extends FakeCollection<FakeChart, ChartModel> {
  get _entity(): string {
    return "ChartCollection";
  }
  get _props(): PropTable {
    return {};
  }
  get _itemProps(): PropTable {
    return CHART_PROPS;
  }

  /** @internal A worksheet's charts. */
  static create(ctx: FakeRequestContext, parent: FakeClientObject): FakeChartCollection {
    return FakeClientObject.make(new FakeChartCollection(ctx, parent, "Charts", [], (s: SheetModel) => s, 4));
  }

  _itemTargets(s: SheetModel): ChartModel[] {
    return s.charts.slice();
  }

  _itemProxy(c: ChartModel): FakeChart {
    return FakeChart.create(this._ctx, this, "GetItem", [c.name], chartResolver(() => c, false, `chart ${c.name}`), false);
  }

  /** A chart of `type` over `sourceData` (a Range of any worksheet), series by columns or rows. */
  add(type: string, sourceData: FakeRange, seriesBy?: string): FakeChart {
    let created: ChartModel | null = null;
    const chart = FakeChart.create(
      this._ctx,
      this,
      "Add",
      [type, sourceData, seriesBy],
      (_s, exec) => {
        if (!created) throw officeError(Codes.generalException, "the chart was not added");
        if (!chartById(exec.wb, created.id)) throw officeError(Codes.itemNotFound, "the chart was deleted");
        return created;
      },
      false,
    );
    const args = seriesBy === undefined ? [type, wireArg(sourceData)] : [type, wireArg(sourceData), seriesBy];
    this._call("Add", args, (s: SheetModel, exec: Executor) => {
      if (typeof type !== "string" || !CHART_TYPES.has(type)) throw officeError(Codes.invalidArgument, `not an Excel.ChartType: ${JSON.stringify(type)}`);
      if (seriesBy !== undefined && !SERIES_BY.has(seriesBy)) throw officeError(Codes.invalidArgument, `not an Excel.ChartSeriesBy: ${JSON.stringify(seriesBy)}`);
      if (!(sourceData instanceof FakeRange)) throw officeError(Codes.invalidArgument, "sourceData must be a Range");
      const source = exec.require<RangeTarget>(sourceData);
      s.chartsAdded++;
      created = {
        id: nextChartId++,
        name: `Chart ${s.chartsAdded}`,
        type,
        source: { sheet: source.sheet, rect: { ...source.rect } },
        seriesBy: (seriesBy ?? "Auto") as ChartModel["seriesBy"],
        title: "",
        titleVisible: true,
        legendPosition: "Right",
        legendVisible: true,
        position: null,
      };
      s.charts.push(created);
      exec.bind(chart, created);
    });
    return chart;
  }

  /** The first chart of that name; ItemNotFound at sync when there is none. */
  getItem(name: string): FakeChart {
    return FakeChart.create(this._ctx, this, "GetItem", [name], chartResolver((s) => byName(s, name), false, `chart ${JSON.stringify(name)}`));
  }

  getItemOrNullObject(name: string): FakeChart {
    return FakeChart.create(this._ctx, this, "GetItemOrNullObject", [name], chartResolver((s) => byName(s, name), true, `chart ${JSON.stringify(name)}`));
  }
}

/** A chart as `inspect.charts` shows it: its settings and its series, read from the source cells now. */
export interface ChartInfo {
  name: string;
  type: string;
  title: string;
  /** "Summary!J5:L9". */
  source: string;
  seriesBy: string;
  legendPosition: string;
  /** Top-left cell and the cells covered, e.g. "J12" and "J12:P26"; null before setPosition. */
  position: { from: string; to: string | null } | null;
  categories: unknown[];
  series: { name: unknown; values: unknown[] }[];
}

/**
 * The series as Excel lays out a range with a header row and a category column (by columns: the
 * first row names the series, the first column holds the categories; by rows, transposed) [L:
 * Excel's heuristics for which row and column are labels are not documented; the fake always
 * takes the first row and column as labels].
 */
export function chartInfo(c: ChartModel, read: (sheet: SheetModel, rect: Rect) => unknown[][]): ChartInfo {
  const grid = read(c.source.sheet, c.source.rect);
  const byRows = c.seriesBy === "Rows";
  const table = byRows ? grid[0]?.map((_, j) => grid.map((row) => row[j])) ?? [] : grid;
  const header = table[0] ?? [];
  const body = table.slice(1);
  const series = header.slice(1).map((name, j) => ({ name, values: body.map((row) => row[j + 1]) }));
  const ref = (r: Rect) => formatAddress(c.source.sheet.name, r).split("!")[1] as string;
  return {
    name: c.name,
    type: c.type,
    title: c.title,
    source: formatAddress(c.source.sheet.name, c.source.rect),
    seriesBy: c.seriesBy,
    legendPosition: c.legendPosition,
    position: c.position ? { from: ref(c.position.from), to: c.position.to ? ref(c.position.to) : null } : null,
    categories: body.map((row) => row[0]),
    series,
  };
}
