/** Excel.WorksheetCollection, Excel.Worksheet and Excel.WorksheetFreezePanes. */
import { MAX_COLS, MAX_ROWS } from "./addresses";
import { FakeClientObject, FakeCollection, NULL_TARGET, type Executor, type FakeRequestContext, type PropTable } from "./context";
import { Codes, officeError } from "./errors";
import type { SheetModel, WorkbookModel } from "./model";
import { FakeRange, resolveAddressOnSheet } from "./range";
import { FakeChartCollection } from "./chart";
import { FakeTableCollection } from "./table";
import { rangeTarget } from "./targets";

const SHEET_PROPS: PropTable = {
  name: {
    get: (s: SheetModel) => s.name,
    set: (s: SheetModel, v: unknown, exec: Executor) => exec.wb.renameSheet(s, v),
  },
  position: {
    get: (s: SheetModel, exec: Executor) => exec.wb.sheets.indexOf(s),
    set: (s: SheetModel, v: unknown, exec: Executor) => exec.wb.setPosition(s, v),
  },
  visibility: {
    get: (s: SheetModel) => s.visibility,
    set: (s: SheetModel, v: unknown, exec: Executor) => exec.wb.setVisibility(s, v),
  },
};

type SheetResolver = ((wb: WorkbookModel) => SheetModel | typeof NULL_TARGET) & {
  /** The name of the sheet as it would resolve now, without side effects (for SyncInfo.sheets). */
  peekName(wb: WorkbookModel): string | undefined;
};

/**
 * A worksheet proxy keeps pointing at the same sheet once resolved (Office.js re-addresses
 * worksheets by id after the first sync), so it survives a rename.
 */
function sheetResolver(lookup: (wb: WorkbookModel) => SheetModel | undefined, orNull: boolean, what: string): SheetResolver {
  let id: string | null = null;
  const resolve = (wb: WorkbookModel): SheetModel | typeof NULL_TARGET => {
    if (id !== null) {
      const s = wb.sheetById(id);
      if (s) return s;
      if (orNull) return NULL_TARGET;
      throw officeError(Codes.itemNotFound, `${what} was deleted`);
    }
    const s = lookup(wb);
    if (!s) {
      if (orNull) return NULL_TARGET;
      throw officeError(Codes.itemNotFound, `${what} doesn't exist`);
    }
    id = s.id;
    return s;
  };
  const peekName = (wb: WorkbookModel): string | undefined => {
    if (id !== null) return wb.sheetById(id)?.name;
    try {
      return lookup(wb)?.name;
    } catch {
      return undefined;
    }
  };
  return Object.assign(resolve, { peekName });
}

export class FakeWorksheet extends FakeClientObject {
  get _entity(): string {
    return "Worksheet";
  }
  get _props(): PropTable {
    return SHEET_PROPS;
  }

  /** @internal */
  static create(
    ctx: FakeRequestContext,
    parent: FakeClientObject,
    name: string,
    args: unknown[],
    resolver: SheetResolver,
    instantiate = true,
  ): FakeWorksheet {
    return FakeClientObject.make(new FakeWorksheet(ctx, parent, name, args, resolver), instantiate);
  }

  override _sheetName(wb: WorkbookModel): string | undefined {
    return (this._resolver as unknown as SheetResolver).peekName(wb);
  }

  get name(): string {
    return this._get("name") as string;
  }
  set name(v: string) {
    this._set("name", v);
  }
  get position(): number {
    return this._get("position") as number;
  }
  set position(v: number) {
    this._set("position", v);
  }
  get visibility(): string {
    return this._get("visibility") as string;
  }
  set visibility(v: string) {
    this._set("visibility", v);
  }

  get freezePanes(): FakeWorksheetFreezePanes {
    return this._navChild("freezePanes", () =>
      FakeClientObject.make(new FakeWorksheetFreezePanes(this._ctx, this, "FreezePanes", [], (s: SheetModel) => s, 4)),
    );
  }

  get tables(): FakeTableCollection {
    return this._navChild("tables", () => FakeTableCollection.create(this._ctx, this));
  }

  /** The sheet's charts (ExcelApi 1.1). */
  get charts(): FakeChartCollection {
    return this._navChild("charts", () => FakeChartCollection.create(this._ctx, this));
  }

  activate(): void {
    this._call("Activate", [], (s: SheetModel, exec: Executor) => exec.wb.activate(s));
  }

  delete(): void {
    this._call("Delete", [], (s: SheetModel, exec: Executor) => exec.wb.deleteSheet(s));
  }

  getRange(address?: string): FakeRange {
    return FakeRange.create(this._ctx, this, "GetRange", address === undefined ? [] : [address], (s: SheetModel) =>
      rangeTarget(s, resolveAddressOnSheet(s.name, address)),
    );
  }

  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): FakeRange {
    return FakeRange.create(this._ctx, this, "GetRangeByIndexes", [startRow, startColumn, rowCount, columnCount], (s: SheetModel) => {
      const nums = [startRow, startColumn, rowCount, columnCount];
      if (!nums.every((n) => typeof n === "number" && Number.isInteger(n)) || rowCount < 1 || columnCount < 1) {
        throw officeError(Codes.invalidArgument, `getRangeByIndexes(${nums.join(", ")})`);
      }
      const rect = { r0: startRow, c0: startColumn, r1: startRow + rowCount - 1, c1: startColumn + columnCount - 1 };
      if (rect.r0 < 0 || rect.c0 < 0 || rect.r1 >= MAX_ROWS || rect.c1 >= MAX_COLS) throw officeError(Codes.invalidArgument, "the range is outside the worksheet");
      return rangeTarget(s, rect);
    });
  }

  /** The smallest range holding every used cell (values, or values and formats); A1 when the sheet is blank. */
  getUsedRange(valuesOnly?: boolean): FakeRange {
    return FakeRange.create(this._ctx, this, "GetUsedRange", valuesOnly === undefined ? [] : [valuesOnly], (s: SheetModel) =>
      rangeTarget(s, s.cells.bounds(valuesOnly === true) ?? { r0: 0, c0: 0, r1: 0, c1: 0 }),
    );
  }

  /** Like getUsedRange, but a null object when the sheet is blank. */
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    const r = FakeRange.create(this._ctx, this, "GetUsedRangeOrNullObject", valuesOnly === undefined ? [] : [valuesOnly], (s: SheetModel) => {
      const b = s.cells.bounds(valuesOnly === true);
      return b ? rangeTarget(s, b) : NULL_TARGET;
    });
    return r;
  }
}

export class FakeWorksheetFreezePanes extends FakeClientObject {
  get _entity(): string {
    return "WorksheetFreezePanes";
  }
  get _props(): PropTable {
    return {};
  }

  freezeRows(count?: number): void {
    this._call("FreezeRows", count === undefined ? [] : [count], (s: SheetModel) => {
      const n = count ?? 1;
      if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n >= MAX_ROWS) throw officeError(Codes.invalidArgument, `freezeRows(${String(count)})`);
      s.frozenRows = n;
    });
  }

  unfreeze(): void {
    this._call("Unfreeze", [], (s: SheetModel) => {
      s.frozenRows = 0;
    });
  }
}

export class FakeWorksheetCollection extends FakeCollection<FakeWorksheet, SheetModel> {
  get _entity(): string {
    return "WorksheetCollection";
  }
  get _props(): PropTable {
    return {};
  }
  get _itemProps(): PropTable {
    return SHEET_PROPS;
  }

  /** @internal */
  static create(ctx: FakeRequestContext, parent: FakeClientObject): FakeWorksheetCollection {
    return FakeClientObject.make(new FakeWorksheetCollection(ctx, parent, "Worksheets", [], (wb: WorkbookModel) => wb, 4));
  }

  _itemTargets(wb: WorkbookModel): SheetModel[] {
    return wb.sheets.slice();
  }

  _itemProxy(s: SheetModel): FakeWorksheet {
    return FakeWorksheet.create(this._ctx, this, "GetItem", [s.id], sheetResolver((wb) => wb.sheetById(s.id), false, `worksheet ${s.name}`));
  }

  add(name?: string): FakeWorksheet {
    let created: SheetModel | null = null;
    const resolve = (wb: WorkbookModel): SheetModel => {
      if (!created) throw officeError(Codes.generalException, "the worksheet was not added");
      if (!wb.sheets.includes(created)) throw officeError(Codes.itemNotFound, "the worksheet was deleted");
      return created;
    };
    const peekName = (): string | undefined => created?.name ?? name;
    const ws = FakeWorksheet.create(this._ctx, this, "Add", name === undefined ? [] : [name], Object.assign(resolve, { peekName }), false);
    this._call("Add", name === undefined ? [] : [name], (wb: WorkbookModel, exec: Executor) => {
      created = wb.addSheet(name);
      exec.bind(ws, created);
    });
    return ws;
  }

  getItem(key: string): FakeWorksheet {
    return FakeWorksheet.create(this._ctx, this, "GetItem", [key], sheetResolver((wb) => wb.sheetByKey(key), false, `worksheet ${JSON.stringify(key)}`));
  }

  getItemOrNullObject(key: string): FakeWorksheet {
    const ws = FakeWorksheet.create(this._ctx, this, "GetItemOrNullObject", [key], sheetResolver((wb) => wb.sheetByKey(key), true, `worksheet ${JSON.stringify(key)}`));
    return ws;
  }

  getActiveWorksheet(): FakeWorksheet {
    return FakeWorksheet.create(this._ctx, this, "GetActiveWorksheet", [], sheetResolver((wb) => wb.activeSheet(), false, "the active worksheet"));
  }
}
