/** Excel.Workbook and Excel.Application. */
import { FakeClientObject, type Executor, type FakeRequestContext, type PropTable } from "./context";
import { Codes, officeError } from "./errors";
import type { WorkbookModel } from "./model";
import { FakeRange } from "./range";
import { FakeSettingCollection } from "./settings";
import { FakeWorkbookTableCollection } from "./table";
import { rangeTarget } from "./targets";
import { FakeWorksheetCollection } from "./worksheet";

export class FakeApplication extends FakeClientObject {
  get _entity(): string {
    return "Application";
  }
  get _props(): PropTable {
    return {};
  }

  /** A queued no-op (the fake draws nothing); it still costs request bytes like the real call. */
  suspendScreenUpdatingUntilNextSync(): void {
    this._call("SuspendScreenUpdatingUntilNextSync", [], () => undefined);
  }
}

export class FakeWorkbook extends FakeClientObject {
  get _entity(): string {
    return "Workbook";
  }
  get _props(): PropTable {
    return {};
  }

  /** @internal */
  static create(ctx: FakeRequestContext): FakeWorkbook {
    return FakeClientObject.make(new FakeWorkbook(ctx, null, "", [], (wb: WorkbookModel) => wb));
  }

  get worksheets(): FakeWorksheetCollection {
    return this._navChild("worksheets", () => FakeWorksheetCollection.create(this._ctx, this));
  }

  get tables(): FakeWorkbookTableCollection {
    return this._navChild("tables", () => FakeWorkbookTableCollection.createForWorkbook(this._ctx, this));
  }

  get settings(): FakeSettingCollection {
    return this._navChild("settings", () => FakeSettingCollection.create(this._ctx, this));
  }

  get application(): FakeApplication {
    return this._navChild("application", () => FakeClientObject.make(new FakeApplication(this._ctx, this, "Application", [], (wb: WorkbookModel) => wb, 4)));
  }

  /** The selected range (A1 of the active sheet until something is selected). */
  getSelectedRange(): FakeRange {
    return FakeRange.create(this._ctx, this, "GetSelectedRange", [], (wb: WorkbookModel, _exec: Executor) => {
      const sel = wb.selection;
      const sheet = sel ? wb.sheetById(sel.sheetId) : undefined;
      if (sel && sheet) return rangeTarget(sheet, sel.rect);
      const active = wb.activeSheet();
      if (!active) throw officeError(Codes.itemNotFound, "no active worksheet");
      return rangeTarget(active, { r0: 0, c0: 0, r1: 0, c1: 0 });
    });
  }
}
