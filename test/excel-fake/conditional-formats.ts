/**
 * Range.conditionalFormats (ExcelApi 1.6), custom (formula) rules only:
 * `add(Excel.ConditionalFormatType.custom)` → `.custom.rule.formula`,
 * `.custom.format.fill.color`, `.custom.format.font.color`; `clearAll()`; `getCount()`.
 * The collection of a range holds the rules whose area intersects the range.
 */
import { normaliseColor } from "./colors";
import { FakeClientObject, type Executor, type FakeClientResult, type FakeRequestContext, type PropTable } from "./context";
import { Codes, officeError } from "./errors";
import { addCf, cfsIntersecting, clearCfs } from "./model-cf";
import type { CfModel } from "./model";
import type { RangeTarget } from "./targets";

const NO_PROPS: PropTable = {};

export class FakeConditionalFormatCollection extends FakeClientObject {
  get _entity(): string {
    return "ConditionalFormatCollection";
  }
  get _props(): PropTable {
    return NO_PROPS;
  }

  static create(ctx: FakeRequestContext, parent: FakeClientObject): FakeConditionalFormatCollection {
    return FakeClientObject.make(new FakeConditionalFormatCollection(ctx, parent, "ConditionalFormats", [], (p: RangeTarget) => p, 4));
  }

  add(type: string): FakeConditionalFormat {
    let created: CfModel | null = null;
    const cf = FakeConditionalFormat.create(this._ctx, this, (_p: RangeTarget, exec: Executor) => {
      if (!created) throw officeError(Codes.generalException, "the conditional format was not created");
      if (!exec.wb.sheets.some((s) => s.cfs.includes(created as CfModel))) throw officeError(Codes.itemNotFound, "the conditional format was deleted");
      return created;
    });
    this._call("Add", [type], (t: RangeTarget, exec: Executor) => {
      if (type !== "Custom") throw officeError(Codes.notImplemented, `the Excel fake implements only Custom conditional formats, not ${String(type)}`);
      created = addCf(exec.wb, t.sheet, t.rect);
      exec.bind(cf, created);
    });
    return cf;
  }

  clearAll(): void {
    this._call("ClearAll", [], (t: RangeTarget) => clearCfs(t.sheet, t.rect));
  }

  getCount(): FakeClientResult<number> {
    return this._callWithResult("GetCount", [], (t: RangeTarget) => cfsIntersecting(t.sheet, t.rect).length);
  }
}

const CF_PROPS: PropTable = {
  type: { get: (cf: CfModel) => cf.type },
};

export class FakeConditionalFormat extends FakeClientObject {
  get _entity(): string {
    return "ConditionalFormat";
  }
  get _props(): PropTable {
    return CF_PROPS;
  }
  override _nav(name: string): FakeClientObject | undefined {
    return name === "custom" ? this.custom : undefined;
  }

  static create(ctx: FakeRequestContext, parent: FakeClientObject, resolver: (p: RangeTarget, exec: Executor) => CfModel): FakeConditionalFormat {
    return FakeClientObject.make(new FakeConditionalFormat(ctx, parent, "Add", ["Custom"], resolver), false);
  }

  get type(): string {
    return this._get("type") as string;
  }

  get custom(): FakeCustomConditionalFormat {
    return this._navChild("custom", () => FakeCustomConditionalFormat.create(this._ctx, this));
  }
}

export class FakeCustomConditionalFormat extends FakeClientObject {
  get _entity(): string {
    return "CustomConditionalFormat";
  }
  get _props(): PropTable {
    return NO_PROPS;
  }
  override _nav(name: string): FakeClientObject | undefined {
    return name === "rule" ? this.rule : name === "format" ? this.format : undefined;
  }

  static create(ctx: FakeRequestContext, parent: FakeClientObject): FakeCustomConditionalFormat {
    return FakeClientObject.make(new FakeCustomConditionalFormat(ctx, parent, "Custom", [], (p: CfModel) => p, 4));
  }

  get rule(): FakeConditionalFormatRule {
    return this._navChild("rule", () => FakeClientObject.make(new FakeConditionalFormatRule(this._ctx, this, "Rule", [], (p: CfModel) => p, 4)));
  }

  get format(): FakeConditionalRangeFormat {
    return this._navChild("format", () => FakeClientObject.make(new FakeConditionalRangeFormat(this._ctx, this, "Format", [], (p: CfModel) => p, 4)));
  }
}

const RULE_PROPS: PropTable = {
  formula: {
    get: (cf: CfModel) => cf.formula,
    set: (cf: CfModel, v: unknown) => {
      if (typeof v !== "string" || v.length === 0) throw officeError(Codes.invalidArgument, "rule.formula must be a non-empty string");
      cf.formula = v;
    },
  },
};

export class FakeConditionalFormatRule extends FakeClientObject {
  get _entity(): string {
    return "ConditionalFormatRule";
  }
  get _props(): PropTable {
    return RULE_PROPS;
  }
  get formula(): string {
    return this._get("formula") as string;
  }
  set formula(v: string) {
    this._set("formula", v);
  }
}

export class FakeConditionalRangeFormat extends FakeClientObject {
  get _entity(): string {
    return "ConditionalRangeFormat";
  }
  get _props(): PropTable {
    return NO_PROPS;
  }
  override _nav(name: string): FakeClientObject | undefined {
    return name === "fill" ? this.fill : name === "font" ? this.font : undefined;
  }

  get fill(): FakeConditionalColor {
    return this._navChild("fill", () => FakeClientObject.make(new FakeConditionalColor(this._ctx, this, "Fill", [], (p: CfModel) => p, 4, "fill")));
  }

  get font(): FakeConditionalColor {
    return this._navChild("font", () => FakeClientObject.make(new FakeConditionalColor(this._ctx, this, "Font", [], (p: CfModel) => p, 4, "fontColor")));
  }
}

const FILL_PROPS: PropTable = {
  color: {
    get: (cf: CfModel) => cf.fill,
    set: (cf: CfModel, v: unknown) => {
      cf.fill = normaliseColor(v);
    },
  },
};
const FONT_PROPS: PropTable = {
  color: {
    get: (cf: CfModel) => cf.fontColor,
    set: (cf: CfModel, v: unknown) => {
      cf.fontColor = normaliseColor(v);
    },
  },
};

/** ConditionalRangeFill / ConditionalRangeFont: only `color`. */
export class FakeConditionalColor extends FakeClientObject {
  constructor(
    ctx: FakeRequestContext,
    parent: FakeClientObject,
    name: string,
    args: unknown[],
    resolver: (p: CfModel) => CfModel,
    pathType: number,
    private readonly which: "fill" | "fontColor",
  ) {
    super(ctx, parent, name, args, resolver, pathType);
  }
  get _entity(): string {
    return this.which === "fill" ? "ConditionalRangeFill" : "ConditionalRangeFont";
  }
  get _props(): PropTable {
    return this.which === "fill" ? FILL_PROPS : FONT_PROPS;
  }
  get color(): string {
    return this._get("color") as string;
  }
  set color(v: string) {
    this._set("color", v);
  }
}
