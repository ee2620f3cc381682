/**
 * Excel.SettingCollection and Excel.Setting (ExcelApi 1.4): the add-in's key/value pairs stored
 * inside the workbook. Values must survive JSON: the fake stores and returns deep copies, and
 * refuses values JSON can't represent (functions, undefined, BigInt, cycles, NaN).
 */
import { FakeClientObject, NULL_TARGET, type Executor, type FakeRequestContext, type PropTable } from "./context";
import { Codes, officeError } from "./errors";
import type { WorkbookModel } from "./model";

interface SettingTarget {
  key: string;
}

/** A JSON deep copy; throws InvalidArgument for values JSON would drop or mangle. */
export function jsonCopy(value: unknown): unknown {
  const seen = new Set<unknown>();
  const check = (v: unknown): void => {
    if (v === undefined || typeof v === "function" || typeof v === "symbol" || typeof v === "bigint") {
      throw officeError(Codes.invalidArgument, "setting values must be JSON-serialisable");
    }
    if (typeof v === "number" && !Number.isFinite(v)) throw officeError(Codes.invalidArgument, "setting values can't hold NaN or Infinity");
    if (typeof v === "object" && v !== null && !(v instanceof Date)) {
      if (seen.has(v)) throw officeError(Codes.invalidArgument, "setting values can't contain cycles");
      seen.add(v);
      for (const x of Array.isArray(v) ? v : Object.values(v)) check(x);
      seen.delete(v);
    }
  };
  check(value);
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function checkKey(key: unknown): string {
  if (typeof key !== "string" || key.length === 0 || key.length > 255) throw officeError(Codes.invalidArgument, `setting key ${JSON.stringify(key)}`);
  return key;
}

const SETTING_PROPS: PropTable = {
  key: { get: (s: SettingTarget) => s.key },
  value: {
    get: (s: SettingTarget, exec: Executor) => jsonCopy(exec.wb.settings.get(s.key)),
    set: (s: SettingTarget, v: unknown, exec: Executor) => {
      exec.wb.settings.set(s.key, jsonCopy(v));
    },
  },
};

export class FakeSetting extends FakeClientObject {
  get _entity(): string {
    return "Setting";
  }
  get _props(): PropTable {
    return SETTING_PROPS;
  }

  get key(): string {
    return this._get("key") as string;
  }
  get value(): unknown {
    return this._get("value");
  }
  set value(v: unknown) {
    this._set("value", v);
  }

  delete(): void {
    this._call("Delete", [], (s: SettingTarget, exec: Executor) => {
      exec.wb.settings.delete(s.key);
    });
  }
}

export class FakeSettingCollection extends FakeClientObject {
  get _entity(): string {
    return "SettingCollection";
  }
  get _props(): PropTable {
    return {};
  }

  /** @internal */
  static create(ctx: FakeRequestContext, parent: FakeClientObject): FakeSettingCollection {
    return FakeClientObject.make(new FakeSettingCollection(ctx, parent, "Settings", [], (wb: WorkbookModel) => wb, 4));
  }

  /** Adds or replaces a setting. */
  add(key: string, value: unknown): FakeSetting {
    const setting = FakeClientObject.make(
      new FakeSetting(this._ctx, this, "Add", [key, value], (wb: WorkbookModel) => {
        if (!wb.settings.has(key)) throw officeError(Codes.itemNotFound, `setting ${key} doesn't exist`);
        return { key };
      }),
      false,
    );
    this._call("Add", [key, value], (wb: WorkbookModel) => {
      wb.settings.set(checkKey(key), jsonCopy(value));
    });
    return setting;
  }

  getItemOrNullObject(key: string): FakeSetting {
    const setting = FakeClientObject.make(
      new FakeSetting(this._ctx, this, "GetItemOrNullObject", [key], (wb: WorkbookModel) => (wb.settings.has(key) ? { key } : NULL_TARGET)),
    );
    return setting;
  }
}
