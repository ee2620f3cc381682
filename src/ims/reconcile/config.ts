/**
 * What the user can set: the date window, the amount tolerances per head, and the action each
 * category suggests. Money is paise; the CLI's config file may also say rupees (see `configFromJson`).
 */
import type { SaveAction } from "../sections";

export type AmountHead = "taxableValue" | "igst" | "cgst" | "sgst" | "cess" | "value";
export const AMOUNT_HEADS: readonly AmountHead[] = ["taxableValue", "igst", "cgst", "sgst", "cess", "value"];

export const HEAD_LABELS: Readonly<Record<AmountHead, string>> = {
  taxableValue: "taxable value",
  igst: "IGST",
  cgst: "CGST",
  sgst: "SGST",
  cess: "cess",
  value: "document value",
};

/** Two amounts agree when they differ by at most `paise`, or by at most `percent` % of the IMS amount. */
export interface Tolerance {
  paise: number;
  percent: number;
}

export type Category = "exact" | "suggested" | "mismatch" | "missing_in_pr" | "missing_in_ims" | "duplicate";
export const CATEGORIES: readonly Category[] = ["exact", "suggested", "mismatch", "missing_in_pr", "missing_in_ims", "duplicate"];

/** What a category suggests for its IMS records. `remarks: "difference"` writes the differences found. */
export interface ActionRule {
  action: SaveAction;
  remarks?: string;
}

export interface ActionConfig {
  exact: ActionRule | null;
  suggested: ActionRule | null;
  mismatch: ActionRule | null;
  missing_in_pr: ActionRule | null;
  duplicate: ActionRule | null;
  /** Over exact and suggested when the supplier has not filed the return holding the record. */
  notFiled: ActionRule | null;
}

export interface ReconcileConfig {
  /** Dates agree within this many days either way (across month ends). */
  dateWindowDays: number;
  tolerances: Record<AmountHead, Tolerance>;
  /** "exact" needs the number as written; true lets case differ. */
  exactIgnoresCase: boolean;
  /** At most this many IMS documents booked as one PR line. */
  maxClubbed: number;
  /** At most this many PR lines for one IMS document. */
  maxSplit: number;
  /**
   * The similar-number step, for typing slips: by default only two neighbouring characters
   * swapped ("1270" for "1720"); with transpositionsOnly false, at most `maxEdits` edits. Numbers
   * shorter than `minLength` are never compared. A near-miss decoy (another document, one digit
   * apart) is why the default is strict.
   */
  similarity: { enabled: boolean; transpositionsOnly: boolean; maxEdits: number; minLength: number };
  actions: ActionConfig;
}

export const DEFAULT_CONFIG: ReconcileConfig = {
  dateWindowDays: 10,
  tolerances: {
    taxableValue: { paise: 100, percent: 0 },
    igst: { paise: 100, percent: 0 },
    cgst: { paise: 100, percent: 0 },
    sgst: { paise: 100, percent: 0 },
    cess: { paise: 100, percent: 0 },
    // The document value carries the rounding of every head and the round-off line.
    value: { paise: 500, percent: 0 },
  },
  exactIgnoresCase: false,
  maxClubbed: 4,
  maxSplit: 4,
  similarity: { enabled: true, transpositionsOnly: true, maxEdits: 1, minLength: 4 },
  actions: {
    exact: { action: "A" },
    suggested: { action: "A" },
    mismatch: { action: "P", remarks: "difference" },
    missing_in_pr: { action: "P", remarks: "Not in our books" },
    duplicate: null,
    notFiled: { action: "P", remarks: "Supplier has not filed the return" },
  },
};

export interface ReconcileConfigInput {
  dateWindowDays?: number;
  tolerances?: Partial<Record<AmountHead, Partial<Tolerance>>>;
  exactIgnoresCase?: boolean;
  maxClubbed?: number;
  maxSplit?: number;
  similarity?: Partial<ReconcileConfig["similarity"]>;
  actions?: Partial<ActionConfig>;
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`Reconcile config: ${what}`);
}

/** The defaults with `input` laid over them, checked. Throws naming the setting at fault. */
export function resolveConfig(input: ReconcileConfigInput = {}): ReconcileConfig {
  const c: ReconcileConfig = {
    dateWindowDays: input.dateWindowDays ?? DEFAULT_CONFIG.dateWindowDays,
    tolerances: { ...DEFAULT_CONFIG.tolerances },
    exactIgnoresCase: input.exactIgnoresCase ?? DEFAULT_CONFIG.exactIgnoresCase,
    maxClubbed: input.maxClubbed ?? DEFAULT_CONFIG.maxClubbed,
    maxSplit: input.maxSplit ?? DEFAULT_CONFIG.maxSplit,
    similarity: { ...DEFAULT_CONFIG.similarity, ...(input.similarity ?? {}) },
    actions: { ...DEFAULT_CONFIG.actions, ...(input.actions ?? {}) },
  };
  for (const head of AMOUNT_HEADS) c.tolerances[head] = { ...DEFAULT_CONFIG.tolerances[head], ...(input.tolerances?.[head] ?? {}) };
  check(Number.isInteger(c.dateWindowDays) && c.dateWindowDays >= 0 && c.dateWindowDays <= 366, "dateWindowDays must be a whole number of days from 0 to 366");
  for (const head of AMOUNT_HEADS) {
    const t = c.tolerances[head];
    check(Number.isSafeInteger(t.paise) && t.paise >= 0, `tolerances.${head}.paise must be a whole, non-negative number of paise`);
    check(Number.isFinite(t.percent) && t.percent >= 0 && t.percent <= 100, `tolerances.${head}.percent must be from 0 to 100`);
  }
  check(Number.isInteger(c.maxClubbed) && c.maxClubbed >= 1 && c.maxClubbed <= 8, "maxClubbed must be from 1 to 8");
  check(Number.isInteger(c.maxSplit) && c.maxSplit >= 1 && c.maxSplit <= 8, "maxSplit must be from 1 to 8");
  check(Number.isInteger(c.similarity.maxEdits) && c.similarity.maxEdits >= 0 && c.similarity.maxEdits <= 3, "similarity.maxEdits must be from 0 to 3");
  for (const [k, rule] of Object.entries(c.actions)) {
    if (rule === null) continue;
    check(["A", "R", "P"].includes(rule.action), `actions.${k}.action must be A, R or P`);
  }
  return c;
}

/**
 * A config from a JSON file (the CLI's --config, or the workbook's setting): like
 * ReconcileConfigInput, but a tolerance may give `rupees` instead of `paise`.
 */
export function configFromJson(json: unknown): ReconcileConfig {
  if (json === null || typeof json !== "object" || Array.isArray(json)) throw new Error("Reconcile config: not a JSON object");
  const o = json as Record<string, unknown>;
  const input: ReconcileConfigInput = {};
  if (o.dateWindowDays !== undefined) input.dateWindowDays = Number(o.dateWindowDays);
  if (typeof o.exactIgnoresCase === "boolean") input.exactIgnoresCase = o.exactIgnoresCase;
  if (o.maxClubbed !== undefined) input.maxClubbed = Number(o.maxClubbed);
  if (o.maxSplit !== undefined) input.maxSplit = Number(o.maxSplit);
  if (o.similarity && typeof o.similarity === "object") input.similarity = o.similarity as Partial<ReconcileConfig["similarity"]>;
  if (o.actions && typeof o.actions === "object") input.actions = o.actions as Partial<ActionConfig>;
  if (o.tolerances && typeof o.tolerances === "object") {
    const tol: Partial<Record<AmountHead, Partial<Tolerance>>> = {};
    const given = o.tolerances as Record<string, unknown>;
    const all = given.all as Record<string, unknown> | undefined;
    for (const head of AMOUNT_HEADS) {
      const t = (given[head] ?? all) as Record<string, unknown> | undefined;
      if (!t || typeof t !== "object") continue;
      const out: Partial<Tolerance> = {};
      if (t.paise !== undefined) out.paise = Number(t.paise);
      if (t.rupees !== undefined) out.paise = Math.round(Number(t.rupees) * 100);
      if (t.percent !== undefined) out.percent = Number(t.percent);
      tol[head] = out;
    }
    input.tolerances = tol;
  }
  return resolveConfig(input);
}
