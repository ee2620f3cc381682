/** Excel.TableCollection (of a worksheet), Excel.Table, Excel.TableSort and Excel.AutoFilter. */
import { intersect, type Rect } from "./addresses";
import { FakeClientObject, FakeCollection, NULL_TARGET, type Executor, type FakeRequestContext, type PropTable } from "./context";
import { Codes, officeError } from "./errors";
import {
  applyFilter,
  bodyRect,
  clearFilters,
  createTable,
  headerRect,
  normaliseCriteria,
  removeTable,
  sortTable,
} from "./model-tables";
import type { SheetModel, TableModel, WorkbookModel } from "./model";
import { FakeRange, resolveAddressOnSheet } from "./range";
import { rangeTarget, wireArg, type RangeTarget } from "./targets";
import { FakeWorksheet } from "./worksheet";

const TABLE_PROPS: PropTable = {
  name: {
    get: (t: TableModel) => t.name,
    set: (t: TableModel, v: unknown, exec: Executor) => {
      t.name = exec.wb.validateTableName(v, t);
    },
  },
  showBandedRows: {
    get: (t: TableModel) => t.showBandedRows,
    set: (t: TableModel, v: unknown) => {
      if (typeof v !== "boolean") throw officeError(Codes.invalidArgument, "showBandedRows must be a boolean");
      t.showBandedRows = v;
    },
  },
  style: {
    get: (t: TableModel) => t.style,
    set: (t: TableModel, v: unknown) => {
      if (typeof v !== "string" || v.length === 0) throw officeError(Codes.invalidArgument, "table style must be a non-empty string");
      t.style = v;
    },
  },
};

/** Tables keep their identity by id, so a renamed table is still found by an old proxy. */
function tableResolver(
  lookup: (wb: WorkbookModel, sheet: SheetModel) => TableModel | undefined,
  orNull: boolean,
  what: string,
): (s: SheetModel, exec: Executor) => TableModel | typeof NULL_TARGET {
  let id: number | null = null;
  return (s, exec) => {
    if (id !== null) {
      const t = exec.wb.tableById(id);
      if (t) return t;
      if (orNull) return NULL_TARGET;
      throw officeError(Codes.itemNotFound, `${what} was deleted`);
    }
    const t = lookup(exec.wb, s);
    if (!t) {
      if (orNull) return NULL_TARGET;
      throw officeError(Codes.itemNotFound, `${what} doesn't exist`);
    }
    id = t.id;
    return t;
  };
}

/** The tables a worksheet's TableCollection holds: its own, or with the option, every sheet's (office-js#2235). */
function tablesSeenFrom(wb: WorkbookModel, s: SheetModel): TableModel[] {
  return wb.options.worksheetTablesReturnOtherSheets ? wb.allTables() : s.tables;
}

export class FakeTable extends FakeClientObject {
  get _entity(): string {
    return "Table";
  }
  get _props(): PropTable {
    return TABLE_PROPS;
  }

  /** @internal */
  static create(
    ctx: FakeRequestContext,
    parent: FakeClientObject,
    name: string,
    args: unknown[],
    resolver: (s: SheetModel, exec: Executor) => TableModel | typeof NULL_TARGET,
    instantiate = true,
  ): FakeTable {
    return FakeClientObject.make(new FakeTable(ctx, parent, name, args.map(wireArg), resolver), instantiate);
  }

  get name(): string {
    return this._get("name") as string;
  }
  set name(v: string) {
    this._set("name", v);
  }
  get showBandedRows(): boolean {
    return this._get("showBandedRows") as boolean;
  }
  set showBandedRows(v: boolean) {
    this._set("showBandedRows", v);
  }
  get style(): string {
    return this._get("style") as string;
  }
  set style(v: string) {
    this._set("style", v);
  }

  get sort(): FakeTableSort {
    return this._navChild("sort", () => FakeClientObject.make(new FakeTableSort(this._ctx, this, "Sort", [], (t: TableModel) => t, 4)));
  }

  get autoFilter(): FakeAutoFilter {
    return this._navChild("autoFilter", () => FakeClientObject.make(new FakeAutoFilter(this._ctx, this, "AutoFilter", [], (t: TableModel) => t, 4)));
  }

  /** The worksheet the table is on (ExcelApi 1.2). */
  get worksheet(): FakeWorksheet {
    return this._navChild("worksheet", () => {
      const resolve = (t: TableModel) => t.sheet;
      return FakeWorksheet.create(this._ctx, this, "Worksheet", [], Object.assign(resolve, { peekName: () => undefined }) as unknown as Parameters<typeof FakeWorksheet.create>[4], false);
    });
  }

  /** Ranges reflect the table's extent when the sync runs. */
  getRange(): FakeRange {
    return FakeRange.create(this._ctx, this, "GetRange", [], (t: TableModel) => rangeTarget(t.sheet, t.rect));
  }

  getHeaderRowRange(): FakeRange {
    return FakeRange.create(this._ctx, this, "GetHeaderRowRange", [], (t: TableModel) => rangeTarget(t.sheet, headerRect(t)));
  }

  getDataBodyRange(): FakeRange {
    return FakeRange.create(this._ctx, this, "GetDataBodyRange", [], (t: TableModel) => rangeTarget(t.sheet, bodyRect(t)));
  }

  /** Deletes the table and the contents of its cells (cell formats stay). */
  delete(): void {
    this._call("Delete", [], (t: TableModel) => removeTable(t, true));
  }

  /** Turns the table back into a plain range; the data stays. Returns that range. */
  convertToRange(): FakeRange {
    let former: RangeTarget | null = null;
    const r = FakeRange.create(
      this._ctx,
      this,
      "ConvertToRange",
      [],
      () => {
        if (!former) throw officeError(Codes.generalException, "convertToRange did not run");
        return former;
      },
      false,
    );
    this._call("ConvertToRange", [], (t: TableModel, exec: Executor) => {
      former = { sheet: t.sheet, rect: { ...t.rect } };
      removeTable(t, false);
      exec.bind(r, former);
    });
    return r;
  }
}

export class FakeTableSort extends FakeClientObject {
  get _entity(): string {
    return "TableSort";
  }
  get _props(): PropTable {
    return {};
  }

  apply(fields: { key: number; ascending?: boolean }[]): void {
    this._call("Apply", [fields], (t: TableModel) => {
      if (!Array.isArray(fields)) throw officeError(Codes.invalidArgument, "sort fields must be an array");
      sortTable(
        t,
        fields.map((f) => ({ key: f.key, ascending: f.ascending !== false })),
      );
    });
  }

  clear(): void {
    this._call("Clear", [], (t: TableModel) => {
      t.sortFields = [];
    });
  }
}

export class FakeAutoFilter extends FakeClientObject {
  get _entity(): string {
    return "AutoFilter";
  }
  get _props(): PropTable {
    return {};
  }

  /** Filters the table column `columnIndex` of `range` (the table's range or an address in it). */
  apply(range: FakeRange | string, columnIndex?: number, criteria?: unknown): void {
    this._call("Apply", [wireArg(range), columnIndex, criteria], (t: TableModel, exec: Executor) => {
      let rect: Rect;
      if (range instanceof FakeRange) {
        const r = exec.require<RangeTarget>(range);
        if (r.sheet !== t.sheet) throw officeError(Codes.invalidArgument, "the range is not on the table's worksheet");
        rect = r.rect;
      } else rect = resolveAddressOnSheet(t.sheet.name, range);
      if (!intersect(rect, t.rect) || rect.c0 < t.rect.c0 || rect.c1 > t.rect.c1) {
        throw officeError(Codes.invalidArgument, "the filter range must be the table's range");
      }
      if (columnIndex === undefined || criteria === undefined) return;
      applyFilter(t, rect.c0 - t.rect.c0 + columnIndex, normaliseCriteria(criteria));
    });
  }

  clearCriteria(): void {
    this._call("ClearCriteria", [], (t: TableModel) => clearFilters(t));
  }
}

export class FakeTableCollection extends FakeCollection<FakeTable, TableModel> {
  get _entity(): string {
    return "TableCollection";
  }
  get _props(): PropTable {
    return {};
  }
  get _itemProps(): PropTable {
    return TABLE_PROPS;
  }

  /** @internal A worksheet's tables. */
  static create(ctx: FakeRequestContext, parent: FakeClientObject): FakeTableCollection {
    return FakeClientObject.make(new FakeTableCollection(ctx, parent, "Tables", [], (s: SheetModel) => s, 4));
  }

  _itemTargets(s: SheetModel, exec: Executor): TableModel[] {
    return tablesSeenFrom(exec.wb, s).slice();
  }

  _itemProxy(t: TableModel): FakeTable {
    return FakeTable.create(this._ctx, this, "GetItem", [t.name], tableResolver((wb) => wb.tableById(t.id), false, `table ${t.name}`));
  }

  /** Creates a table over `address` (a string on this sheet, or a Range). */
  add(address: FakeRange | string, hasHeaders: boolean): FakeTable {
    let created: TableModel | null = null;
    const table = FakeTable.create(
      this._ctx,
      this,
      "Add",
      [address, hasHeaders],
      (_s, exec) => {
        if (!created) throw officeError(Codes.generalException, "the table was not added");
        if (!exec.wb.tableById(created.id)) throw officeError(Codes.itemNotFound, "the table was deleted");
        return created;
      },
      false,
    );
    this._call("Add", [wireArg(address), hasHeaders], (s: SheetModel, exec: Executor) => {
      let rect: Rect;
      if (address instanceof FakeRange) {
        const r = exec.require<RangeTarget>(address);
        if (r.sheet !== s) throw officeError(Codes.invalidArgument, "the range is on another worksheet");
        rect = r.rect;
      } else rect = resolveAddressOnSheet(s.name, address);
      created = createTable(exec.wb, s, rect, hasHeaders);
      exec.bind(table, created);
    });
    return table;
  }

  /** A table of this worksheet by name or id; ItemNotFound at sync when there is none. */
  getItem(key: string): FakeTable {
    return FakeTable.create(
      this._ctx,
      this,
      "GetItem",
      [key],
      tableResolver((wb, s) => tablesSeenFrom(wb, s).find((x) => x.name.toLocaleUpperCase() === String(key).toLocaleUpperCase() || String(x.id) === key), false, `table ${key}`),
    );
  }

  /** A table of this worksheet, by name or id (of any sheet with `worksheetTablesReturnOtherSheets`). */
  getItemOrNullObject(key: string): FakeTable {
    const t = FakeTable.create(
      this._ctx,
      this,
      "GetItemOrNullObject",
      [key],
      tableResolver(
        (wb, s) => tablesSeenFrom(wb, s).find((x) => x.name.toLocaleUpperCase() === String(key).toLocaleUpperCase() || String(x.id) === key),
        true,
        `table ${key}`,
      ),
    );
    return t;
  }
}

/** `workbook.tables` (ExcelApi 1.1): every table of the workbook, whatever its sheet. */
export class FakeWorkbookTableCollection extends FakeTableCollection {
  /** @internal */
  static createForWorkbook(ctx: FakeRequestContext, parent: FakeClientObject): FakeWorkbookTableCollection {
    return FakeClientObject.make(new FakeWorkbookTableCollection(ctx, parent, "Tables", [], (wb: WorkbookModel) => wb, 4));
  }

  override _itemTargets(_wb: never, exec: Executor): TableModel[] {
    return exec.wb.allTables().slice();
  }

  override add(): FakeTable {
    throw officeError(Codes.invalidArgument, "the fake adds tables through worksheet.tables only");
  }

  override getItem(key: string): FakeTable {
    return FakeTable.create(this._ctx, this, "GetItem", [key], tableResolver((wb) => wb.tableByName(key), false, `table ${key}`));
  }

  override getItemOrNullObject(key: string): FakeTable {
    return FakeTable.create(this._ctx, this, "GetItemOrNullObject", [key], tableResolver((wb) => wb.tableByName(key), true, `table ${key}`));
  }
}
