/**
 * Reconciliation's settings, kept in workbook settings (stored inside the file, shared with
 * everyone who opens it) under one key: the purchase register's confirmed column mapping and the
 * matching config (date window, tolerances in paise, actions per category).
 *
 * Reading is tolerant: a value that is not ours, of another version or not valid reads as the
 * defaults (no mapping, no config) part by part, and never throws. Writing copies only the known
 * fields, one by one, whatever object the caller holds: never a token, key or secret.
 */
import { FIELD_LABELS, type ColumnMatch, type Confidence, type FieldMatch, type MappingProposal, type RegisterField, type RegisterLayout } from "../ims/register";
import { AMOUNT_HEADS, resolveConfig, type ActionConfig, type ActionRule, type AmountHead, type ReconcileConfigInput, type Tolerance } from "../ims/reconcile/config";
import { ACTION_KEYS } from "../ims/reconcile/settings-view";

export const RECONCILE_SETTINGS_KEY = "ims-for-excel-reconcile";
export const RECONCILE_SETTINGS_VERSION = 1;

/** The register's mapping as kept: the proposal (plain JSON) read on `sheetName`, and whether the user confirmed it. */
export interface StoredRegisterMapping {
  proposal: MappingProposal;
  confirmed: boolean;
  sheetName: string;
}

export interface StoredReconcileSettings {
  version: 1;
  mapping: StoredRegisterMapping | null;
  /** Money in paise. Null: the defaults (DEFAULT_CONFIG). */
  config: ReconcileConfigInput | null;
}

export const DEFAULT_RECONCILE_SETTINGS: Readonly<StoredReconcileSettings> = Object.freeze({ version: 1, mapping: null, config: null });

// ---- cleaning (pure) ------------------------------------------------------------------------

const FIELDS: ReadonlySet<string> = new Set(Object.keys(FIELD_LABELS));
const CONFIDENCES: ReadonlySet<string> = new Set<Confidence>(["high", "medium", "low"]);
const LAYOUTS: ReadonlySet<string> = new Set<RegisterLayout>([
  "matching-offline-tool",
  "gstr2-b2b",
  "gstr2-cdnr",
  "gstr2b-b2b",
  "gstr2b-cdnr",
  "tally",
  "zoho",
  "busy",
  "add-in-template",
  "unknown",
]);
/** Columns past Excel's last (XFD) are not columns. */
const MAX_COLUMN = 16_383;
const MAX_ROW = 1_048_575;
/** Header texts kept at most this long (a register's header is short; this keeps the setting small). */
const MAX_TEXT = 1_000;
const SHEET_NAME_MAX = 31;

class Invalid extends Error {}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function need(ok: boolean): void {
  if (!ok) throw new Invalid();
}

function intIn(v: unknown, min: number, max: number): number {
  need(typeof v === "number" && Number.isInteger(v) && v >= min && v <= max);
  return v as number;
}

function text(v: unknown): string {
  need(typeof v === "string" && v.length <= MAX_TEXT);
  return v as string;
}

function list<T>(v: unknown, each: (x: unknown) => T): T[] {
  need(Array.isArray(v));
  return (v as unknown[]).map(each);
}

function field(v: unknown): RegisterField {
  need(typeof v === "string" && FIELDS.has(v));
  return v as RegisterField;
}

function confidence(v: unknown): Confidence {
  need(typeof v === "string" && CONFIDENCES.has(v));
  return v as Confidence;
}

const column = (v: unknown): number => intIn(v, 0, MAX_COLUMN);

function columnMatch(v: unknown): ColumnMatch {
  need(isRecord(v));
  const o = v as Record<string, unknown>;
  const out: ColumnMatch = { column: column(o.column), header: text(o.header), confidence: confidence(o.confidence), rank: intIn(o.rank, 0, 9) };
  if (o.note !== undefined) out.note = text(o.note);
  return out;
}

function fieldMatch(v: unknown): FieldMatch {
  need(isRecord(v));
  const o = v as Record<string, unknown>;
  const out: FieldMatch = {
    field: field(o.field),
    columns: list(o.columns, column),
    headers: list(o.headers, text),
    confidence: confidence(o.confidence),
    alternatives: list(o.alternatives, columnMatch),
  };
  if (o.note !== undefined) out.note = text(o.note);
  return out;
}

function proposalOf(v: unknown): MappingProposal {
  need(isRecord(v));
  const o = v as Record<string, unknown>;
  need(isRecord(o.mapping));
  const m = o.mapping as Record<string, unknown>;
  need(isRecord(m.columns));
  const columns: Partial<Record<RegisterField, number[]>> = {};
  for (const [key, cols] of Object.entries(m.columns as Record<string, unknown>)) columns[field(key)] = list(cols, column);
  return {
    mapping: { headerRow: intIn(m.headerRow, 0, MAX_ROW), headerRows: intIn(m.headerRows, 1, 2), columns },
    fields: list(o.fields, fieldMatch),
    missing: list(o.missing, field),
    ambiguous: list(o.ambiguous, field),
    unmapped: list(o.unmapped, (u) => {
      need(isRecord(u));
      const x = u as Record<string, unknown>;
      return { column: column(x.column), header: text(x.header) };
    }),
    // A layout this version does not know (written by a later one) reads as unknown.
    layout: typeof o.layout === "string" && LAYOUTS.has(o.layout) ? (o.layout as RegisterLayout) : "unknown",
    headers: list(o.headers, text),
  };
}

/** The mapping's known fields, each checked; null when it is not a register mapping. */
export function cleanRegisterMapping(value: unknown): StoredRegisterMapping | null {
  try {
    need(isRecord(value));
    const v = value as Record<string, unknown>;
    need(typeof v.confirmed === "boolean");
    need(typeof v.sheetName === "string" && v.sheetName.length > 0 && v.sheetName.length <= SHEET_NAME_MAX);
    return { proposal: proposalOf(v.proposal), confirmed: v.confirmed as boolean, sheetName: v.sheetName as string };
  } catch (e) {
    if (e instanceof Invalid) return null;
    throw e;
  }
}

function num(v: unknown): number {
  need(typeof v === "number" && Number.isFinite(v));
  return v as number;
}

function actionRule(v: unknown): ActionRule | null {
  if (v === null) return null;
  need(isRecord(v));
  const o = v as Record<string, unknown>;
  need(o.action === "A" || o.action === "R" || o.action === "P");
  const rule: ActionRule = { action: o.action as ActionRule["action"] };
  if (o.remarks !== undefined) {
    need(typeof o.remarks === "string");
    if (o.remarks !== "") rule.remarks = o.remarks as string;
  }
  return rule;
}

/** The config's known fields, each checked (and valid as a whole); null when it is not a config. */
export function cleanConfigInput(value: unknown): ReconcileConfigInput | null {
  try {
    need(isRecord(value));
    const v = value as Record<string, unknown>;
    const out: ReconcileConfigInput = {};
    if (v.dateWindowDays !== undefined) out.dateWindowDays = num(v.dateWindowDays);
    if (v.exactIgnoresCase !== undefined) {
      need(typeof v.exactIgnoresCase === "boolean");
      out.exactIgnoresCase = v.exactIgnoresCase as boolean;
    }
    if (v.maxClubbed !== undefined) out.maxClubbed = num(v.maxClubbed);
    if (v.maxSplit !== undefined) out.maxSplit = num(v.maxSplit);
    if (v.similarity !== undefined) {
      need(isRecord(v.similarity));
      const s = v.similarity as Record<string, unknown>;
      const sim: NonNullable<ReconcileConfigInput["similarity"]> = {};
      for (const k of ["enabled", "transpositionsOnly"] as const) {
        if (s[k] === undefined) continue;
        need(typeof s[k] === "boolean");
        sim[k] = s[k] as boolean;
      }
      for (const k of ["maxEdits", "minLength"] as const) if (s[k] !== undefined) sim[k] = num(s[k]);
      out.similarity = sim;
    }
    if (v.tolerances !== undefined) {
      need(isRecord(v.tolerances));
      const given = v.tolerances as Record<string, unknown>;
      const tolerances: Partial<Record<AmountHead, Partial<Tolerance>>> = {};
      for (const head of AMOUNT_HEADS) {
        const t = given[head];
        if (t === undefined) continue;
        need(isRecord(t));
        const o = t as Record<string, unknown>;
        const tol: Partial<Tolerance> = {};
        if (o.paise !== undefined) tol.paise = num(o.paise);
        if (o.percent !== undefined) tol.percent = num(o.percent);
        tolerances[head] = tol;
      }
      out.tolerances = tolerances;
    }
    if (v.actions !== undefined) {
      need(isRecord(v.actions));
      const given = v.actions as Record<string, unknown>;
      const actions: Partial<ActionConfig> = {};
      for (const key of ACTION_KEYS) if (given[key] !== undefined) actions[key] = actionRule(given[key]);
      out.actions = actions;
    }
    resolveConfig(out);
    return out;
  } catch (e) {
    // resolveConfig throws plain Errors for values out of range: not a config we can use.
    if (e instanceof Invalid || e instanceof Error) return null;
    throw e;
  }
}

/** What a stored value holds: each part that is ours and valid, the defaults for the rest. Never throws. */
export function cleanReconcileSettings(value: unknown): StoredReconcileSettings {
  let v: unknown = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v) as unknown;
    } catch {
      return { ...DEFAULT_RECONCILE_SETTINGS };
    }
  }
  if (!isRecord(v) || v.version !== RECONCILE_SETTINGS_VERSION) return { ...DEFAULT_RECONCILE_SETTINGS };
  return {
    version: 1,
    mapping: v.mapping === null || v.mapping === undefined ? null : cleanRegisterMapping(v.mapping),
    config: v.config === null || v.config === undefined ? null : cleanConfigInput(v.config),
  };
}

// ---- the workbook ---------------------------------------------------------------------------

function loadSetting(context: Excel.RequestContext): Excel.Setting {
  const setting = context.workbook.settings.getItemOrNullObject(RECONCILE_SETTINGS_KEY);
  setting.load("value");
  return setting;
}

function settingsOf(setting: Excel.Setting): StoredReconcileSettings {
  if (setting.isNullObject) return { ...DEFAULT_RECONCILE_SETTINGS };
  let value: unknown;
  try {
    value = setting.value as unknown;
  } catch {
    return { ...DEFAULT_RECONCILE_SETTINGS };
  }
  return cleanReconcileSettings(value);
}

/** The settings kept in the workbook; the defaults (no mapping, no config) where there are none or they cannot be read. */
export async function readReconcileSettings(): Promise<StoredReconcileSettings> {
  return Excel.run({ delayForCellEdit: true }, async (context) => {
    const setting = loadSetting(context);
    await context.sync();
    return settingsOf(setting);
  });
}

/** Reads the stored settings, lets `change` replace one part, and writes them back (in one Excel.run). */
async function update(change: (current: StoredReconcileSettings) => StoredReconcileSettings): Promise<StoredReconcileSettings> {
  return Excel.run({ delayForCellEdit: true }, async (context) => {
    const setting = loadSetting(context);
    await context.sync();
    const next = change(settingsOf(setting));
    context.workbook.settings.add(RECONCILE_SETTINGS_KEY, next);
    await context.sync();
    return next;
  });
}

/** Keeps the register's mapping (null forgets it), leaving the config as it is. Throws when it is not a mapping. */
export async function saveRegisterMapping(mapping: StoredRegisterMapping | null): Promise<StoredReconcileSettings> {
  const clean = mapping === null ? null : cleanRegisterMapping(mapping);
  if (mapping !== null && clean === null) throw new Error("Not a register mapping: nothing was saved");
  return update((current) => ({ version: 1, mapping: clean, config: current.config }));
}

/**
 * Keeps the matching config (paise), leaving the mapping as it is. Throws (naming the setting,
 * as resolveConfig does) when it is not valid; nothing is written then.
 */
export async function saveReconcileConfig(config: ReconcileConfigInput): Promise<StoredReconcileSettings> {
  resolveConfig(config);
  const clean = cleanConfigInput(config);
  if (clean === null) throw new Error("Reconcile config: not a config: nothing was saved");
  return update((current) => ({ version: 1, mapping: current.mapping, config: clean }));
}
