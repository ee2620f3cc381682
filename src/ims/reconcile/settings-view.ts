/**
 * The reconciliation settings as people edit them (pure: no Office, no HTTP, no Node): amounts in
 * rupees, an action (or none) and a remark per category. `settingsFromConfig` and
 * `configFromSettings` convert between this view and the config the matcher takes (paise); the
 * second checks every setting and throws naming the one at fault.
 */
import type { SaveAction } from "../sections";
import { REMARKS_MAX } from "./actions";
import { AMOUNT_HEADS, HEAD_LABELS, resolveConfig, type ActionConfig, type ActionRule, type AmountHead, type ReconcileConfig, type ReconcileConfigInput, type Tolerance } from "./config";

/** The categories that suggest an action (and `notFiled`, over exact and suggested). */
export type ActionKey = keyof ActionConfig;
export const ACTION_KEYS: readonly ActionKey[] = ["exact", "suggested", "mismatch", "missing_in_pr", "duplicate", "notFiled"];

/** Words for each action key, as the errors name them. */
export const ACTION_KEY_LABELS: Readonly<Record<ActionKey, string>> = {
  exact: "exact matches",
  suggested: "suggested matches",
  mismatch: "mismatches",
  missing_in_pr: "records not in the purchase register",
  duplicate: "duplicates",
  notFiled: "records whose supplier has not filed the return",
};

/** The settings as the pane edits them (rupees here, for people): the app's `ReconcileSettings`. */
export interface ReconcileSettingsView {
  dateWindowDays: number;
  /** Per head: a difference up to this many rupees, or this percent of the IMS amount, agrees. */
  tolerances: Record<AmountHead, { rupees: number; percent: number }>;
  /** Per category, the action suggested (null: none) and its remark ("difference" writes the differences found). */
  actions: Record<ActionKey, { action: SaveAction | null; remarks: string }>;
}

/** The view of a resolved config: paise to rupees, no rule to `{ action: null, remarks: "" }`. */
export function settingsFromConfig(config: ReconcileConfig): ReconcileSettingsView {
  const tolerances = {} as Record<AmountHead, { rupees: number; percent: number }>;
  for (const head of AMOUNT_HEADS) {
    const t = config.tolerances[head];
    tolerances[head] = { rupees: t.paise / 100, percent: t.percent };
  }
  const actions = {} as Record<ActionKey, { action: SaveAction | null; remarks: string }>;
  for (const key of ACTION_KEYS) {
    const rule = config.actions[key];
    actions[key] = rule ? { action: rule.action, remarks: rule.remarks ?? "" } : { action: null, remarks: "" };
  }
  return { dateWindowDays: config.dateWindowDays, tolerances, actions };
}

function fail(setting: string, what: string): never {
  throw new Error(`${setting}: ${what}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Rupees to paise: a finite, non-negative amount with at most two decimals. */
function paiseOf(rupees: unknown, setting: string): number {
  if (typeof rupees !== "number" || !Number.isFinite(rupees) || rupees < 0) fail(setting, "the amount must be 0 or more rupees");
  const paise = Math.round(rupees * 100);
  if (Math.abs(rupees * 100 - paise) > 1e-6) fail(setting, "the amount can have at most two decimals (paise)");
  if (!Number.isSafeInteger(paise)) fail(setting, "the amount is too large");
  return paise;
}

/**
 * The config input of the view (paise; no action → null rule; remarks "" → absent), checked.
 * Throws naming the setting at fault ("Date window: …", "Tolerance for IGST: …", "Action for mismatches: …").
 */
export function configFromSettings(s: ReconcileSettingsView): ReconcileConfigInput {
  if (!isRecord(s)) throw new Error("Reconcile settings: not an object");
  const days = s.dateWindowDays;
  if (typeof days !== "number" || !Number.isInteger(days) || days < 0 || days > 366) fail("Date window", "must be a whole number of days from 0 to 366");

  const tolerances: Partial<Record<AmountHead, Partial<Tolerance>>> = {};
  const givenTolerances: unknown = s.tolerances;
  for (const head of AMOUNT_HEADS) {
    const setting = `Tolerance for ${HEAD_LABELS[head]}`;
    const t: unknown = isRecord(givenTolerances) ? givenTolerances[head] : undefined;
    if (!isRecord(t)) fail(setting, "missing");
    const paise = paiseOf(t.rupees, setting);
    const percent = t.percent;
    if (typeof percent !== "number" || !Number.isFinite(percent) || percent < 0 || percent > 100) fail(setting, "the percent must be from 0 to 100");
    tolerances[head] = { paise, percent };
  }

  const actions: Partial<ActionConfig> = {};
  const givenActions: unknown = s.actions;
  for (const key of ACTION_KEYS) {
    const setting = `Action for ${ACTION_KEY_LABELS[key]}`;
    const a: unknown = isRecord(givenActions) ? givenActions[key] : undefined;
    if (!isRecord(a)) fail(setting, "missing");
    const action = a.action;
    if (action === null) {
      actions[key] = null;
      continue;
    }
    if (action !== "A" && action !== "R" && action !== "P") fail(setting, "must be A (accept), R (reject), P (keep pending) or none");
    const remarksIn = a.remarks ?? "";
    if (typeof remarksIn !== "string") fail(`Remarks for ${ACTION_KEY_LABELS[key]}`, "must be text");
    const remarks = remarksIn.trim();
    if (remarks.length > REMARKS_MAX) fail(`Remarks for ${ACTION_KEY_LABELS[key]}`, `at most ${REMARKS_MAX} characters`);
    const rule: ActionRule = { action };
    if (remarks !== "") rule.remarks = remarks;
    actions[key] = rule;
  }

  const input: ReconcileConfigInput = { dateWindowDays: days, tolerances, actions };
  resolveConfig(input); // the matcher's own checks, in case they are stricter than the above
  return input;
}
