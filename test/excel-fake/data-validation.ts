/** Range.dataValidation (ExcelApi 1.8): rule, errorAlert, prompt, ignoreBlanks, type, clear(). */
import { FakeClientObject, type FakeRequestContext, type PropTable } from "./context";
import { Codes, officeError } from "./errors";
import type { RangeTarget } from "./targets";
import {
  DEFAULT_ALERT,
  DEFAULT_PROMPT,
  makeSpec,
  normaliseAlert,
  normalisePrompt,
  normaliseRule,
  summariseType,
  type DvSpec,
} from "./validation";

function specs(t: RangeTarget): (DvSpec | null)[] {
  return t.sheet.cells.distinctAttr(t.rect, "dv", 10_000);
}

/** The common value over the range, or null when the cells differ. */
function uniform<T>(t: RangeTarget, pick: (s: DvSpec | null) => T, key: (v: T) => string = (v) => JSON.stringify(v)): T | null {
  let first: T | undefined;
  let firstKey: string | undefined;
  for (const s of specs(t)) {
    const v = pick(s);
    const k = key(v);
    if (firstKey === undefined) {
      first = v;
      firstKey = k;
    } else if (k !== firstKey) return null;
  }
  return first ?? null;
}

function mapSpecs(t: RangeTarget, fn: (old: DvSpec | null) => DvSpec | null): void {
  const memo = new Map<DvSpec | null, DvSpec | null>();
  t.sheet.cells.mapAttr(t.rect, "dv", (old) => {
    let n = memo.get(old);
    if (n === undefined) {
      n = fn(old);
      memo.set(old, n);
    }
    return n;
  });
}

const PROPS: PropTable = {
  rule: {
    get: (t: RangeTarget) => uniform(t, (s) => s?.rule ?? null),
    set: (t: RangeTarget, v: unknown) => {
      const rule = normaliseRule(v);
      mapSpecs(t, (old) => makeSpec(rule, old?.errorAlert ?? DEFAULT_ALERT, old?.prompt ?? DEFAULT_PROMPT, old?.ignoreBlanks ?? true));
    },
  },
  errorAlert: {
    get: (t: RangeTarget) => uniform(t, (s) => s?.errorAlert ?? DEFAULT_ALERT),
    set: (t: RangeTarget, v: unknown) =>
      mapSpecs(t, (old) => makeSpec(old?.rule ?? null, normaliseAlert(v, old?.errorAlert ?? DEFAULT_ALERT), old?.prompt ?? DEFAULT_PROMPT, old?.ignoreBlanks ?? true)),
  },
  prompt: {
    get: (t: RangeTarget) => uniform(t, (s) => s?.prompt ?? DEFAULT_PROMPT),
    set: (t: RangeTarget, v: unknown) =>
      mapSpecs(t, (old) => makeSpec(old?.rule ?? null, old?.errorAlert ?? DEFAULT_ALERT, normalisePrompt(v, old?.prompt ?? DEFAULT_PROMPT), old?.ignoreBlanks ?? true)),
  },
  ignoreBlanks: {
    get: (t: RangeTarget) => uniform(t, (s) => s?.ignoreBlanks ?? true),
    set: (t: RangeTarget, v: unknown) => {
      if (typeof v !== "boolean") throw officeError(Codes.invalidArgument, "ignoreBlanks must be a boolean");
      mapSpecs(t, (old) => makeSpec(old?.rule ?? null, old?.errorAlert ?? DEFAULT_ALERT, old?.prompt ?? DEFAULT_PROMPT, v));
    },
  },
  type: { get: (t: RangeTarget) => summariseType(specs(t)) },
};

export class FakeDataValidation extends FakeClientObject {
  get _entity(): string {
    return "DataValidation";
  }
  get _props(): PropTable {
    return PROPS;
  }

  static create(ctx: FakeRequestContext, parent: FakeClientObject): FakeDataValidation {
    return FakeClientObject.make(new FakeDataValidation(ctx, parent, "DataValidation", [], (p: RangeTarget) => p, 4));
  }

  get rule(): unknown {
    return this._get("rule");
  }
  set rule(v: unknown) {
    this._set("rule", v);
  }
  get errorAlert(): unknown {
    return this._get("errorAlert");
  }
  set errorAlert(v: unknown) {
    this._set("errorAlert", v);
  }
  get prompt(): unknown {
    return this._get("prompt");
  }
  set prompt(v: unknown) {
    this._set("prompt", v);
  }
  get ignoreBlanks(): boolean {
    return this._get("ignoreBlanks") as boolean;
  }
  set ignoreBlanks(v: boolean) {
    this._set("ignoreBlanks", v);
  }
  get type(): string {
    return this._get("type") as string;
  }

  /** Removes validation from the range's cells (only the overlap, whatever ranges it was set on). */
  clear(): void {
    this._call("Clear", [], (t: RangeTarget) => mapSpecs(t, () => null));
  }
}
