/**
 * Data validation as the fake stores it: one immutable `DvSpec` per distinct combination of rule,
 * alert, prompt and ignoreBlanks, shared by every cell that carries it (no per-cell objects).
 * Only list rules are implemented (the contract uses nothing else).
 */
import { Codes, officeError } from "./errors";

export interface ListRule {
  list: { inCellDropDown: boolean; source: string };
}

export interface ErrorAlert {
  showAlert: boolean;
  style: "Stop" | "Warning" | "Information";
  title: string;
  message: string;
}

export interface Prompt {
  showPrompt: boolean;
  title: string;
  message: string;
}

export interface DvSpec {
  readonly rule: ListRule | null;
  readonly errorAlert: ErrorAlert;
  readonly prompt: Prompt;
  readonly ignoreBlanks: boolean;
  /** Identity of the rule for "same rule" checks (JSON of the rule). */
  readonly ruleKey: string;
}

export const DEFAULT_ALERT: ErrorAlert = Object.freeze({ showAlert: true, style: "Stop", title: "", message: "" });
export const DEFAULT_PROMPT: Prompt = Object.freeze({ showPrompt: false, title: "", message: "" });

const interned = new Map<string, DvSpec>();

/** The one shared DvSpec for these parts. */
export function makeSpec(rule: ListRule | null, errorAlert: ErrorAlert, prompt: Prompt, ignoreBlanks: boolean): DvSpec {
  const ruleKey = rule ? JSON.stringify(rule) : "";
  const key = JSON.stringify([ruleKey, errorAlert, prompt, ignoreBlanks]);
  let spec = interned.get(key);
  if (!spec) {
    spec = Object.freeze({ rule, errorAlert, prompt, ignoreBlanks, ruleKey });
    interned.set(key, spec);
  }
  return spec;
}

export const EMPTY_SPEC = makeSpec(null, DEFAULT_ALERT, DEFAULT_PROMPT, true);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const RULE_KINDS = ["custom", "date", "decimal", "list", "textLength", "time", "wholeNumber"];

/** Validates a `dataValidation.rule` write and returns the normalised list rule. */
export function normaliseRule(raw: unknown): ListRule {
  if (!isObject(raw)) throw officeError(Codes.invalidArgument, "dataValidation.rule must be an object");
  const kinds = Object.keys(raw).filter((k) => raw[k] !== undefined && raw[k] !== null);
  if (kinds.length !== 1) throw officeError(Codes.invalidArgument, "a DataValidationRule must have exactly one criterion");
  const kind = kinds[0] ?? "";
  if (!RULE_KINDS.includes(kind)) throw officeError(Codes.invalidArgument, `unknown DataValidationRule criterion ${kind}`);
  if (kind !== "list") throw officeError(Codes.notImplemented, `the Excel fake implements only list rules, not ${kind}`);
  const list = raw.list;
  if (!isObject(list)) throw officeError(Codes.invalidArgument, "rule.list must be an object");
  const source = list.source;
  if (typeof source !== "string") {
    throw officeError(Codes.notImplemented, "the Excel fake supports list.source only as a string (a comma list or an =address)");
  }
  if (source.trim().length === 0) throw officeError(Codes.invalidArgument, "rule.list.source is empty");
  const inCellDropDown = list.inCellDropDown === undefined ? true : list.inCellDropDown === true;
  return { list: { inCellDropDown, source } };
}

export function normaliseAlert(raw: unknown, old: ErrorAlert): ErrorAlert {
  if (!isObject(raw)) throw officeError(Codes.invalidArgument, "dataValidation.errorAlert must be an object");
  const style = raw.style ?? old.style;
  if (style !== "Stop" && style !== "Warning" && style !== "Information") {
    throw officeError(Codes.invalidArgument, `errorAlert.style ${String(style)}`);
  }
  return Object.freeze({
    showAlert: typeof raw.showAlert === "boolean" ? raw.showAlert : old.showAlert,
    style,
    title: typeof raw.title === "string" ? raw.title : old.title,
    message: typeof raw.message === "string" ? raw.message : old.message,
  });
}

export function normalisePrompt(raw: unknown, old: Prompt): Prompt {
  if (!isObject(raw)) throw officeError(Codes.invalidArgument, "dataValidation.prompt must be an object");
  return Object.freeze({
    showPrompt: typeof raw.showPrompt === "boolean" ? raw.showPrompt : old.showPrompt,
    title: typeof raw.title === "string" ? raw.title : old.title,
    message: typeof raw.message === "string" ? raw.message : old.message,
  });
}

/**
 * Items of a comma-list source. Excel trims the spaces around items ("A, R, P" offers "A", "R",
 * "P"). A source starting with "=" is a reference; `resolveRef` turns it into the cells' texts.
 */
export function listItems(rule: ListRule, resolveRef: (ref: string) => string[] | null): string[] | null {
  const src = rule.list.source.trim();
  if (src.startsWith("=")) return resolveRef(src.slice(1));
  return src.split(",").map((s) => s.trim());
}

/** A list whose source is a reference ("=$Z$1:$Z$3", "=Lists!A1:A3") rather than a comma list. */
export function isReferenceSource(rule: ListRule): boolean {
  return rule.list.source.trim().startsWith("=");
}

/**
 * Whether typed text matches a list entry. Excel compares case-sensitively when the source is a
 * comma list ("a" fails "A,R,P") and ignoring case when it is a reference (office-js#972).
 */
export function listAccepts(items: readonly string[], text: string, caseSensitive: boolean): boolean {
  if (caseSensitive) return items.includes(text);
  const t = text.toLocaleUpperCase();
  return items.some((i) => i.toLocaleUpperCase() === t);
}

export type DvTypeSummary = "None" | "List" | "Inconsistent" | "MixedCriteria";

/**
 * `dataValidation.type` over cells carrying these specs (null = no validation), as
 * Excel.DataValidationType documents it: "MixedCriteria" when some cells have validation and
 * others none, "Inconsistent" when cells have different rules. Some with none and the others
 * with different rules reads "MixedCriteria" (undocumented).
 */
export function summariseType(specs: Iterable<DvSpec | null>): DvTypeSummary {
  let sawNone = false;
  let firstKey: string | null = null;
  let differs = false;
  for (const s of specs) {
    if (!s || !s.rule) {
      sawNone = true;
    } else if (firstKey === null) {
      firstKey = s.ruleKey;
    } else if (firstKey !== s.ruleKey) {
      differs = true;
    }
    if (sawNone && firstKey !== null) return "MixedCriteria";
  }
  if (firstKey === null) return "None";
  return differs ? "Inconsistent" : "List";
}
