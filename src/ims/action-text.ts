/**
 * What people type into the Action column, read as an IMS action. Case, spacing and the
 * common spellings ("accept", "Rejected", " p ", "keep pending", "no action") are understood;
 * anything else is refused with a reason that can be shown to the user.
 */
import type { Action } from "./sections";

export type ActionTextResult = { ok: true; action: Action } | { ok: false; reason: string };

const SPELLINGS: Record<Action, readonly string[]> = {
  A: ["a", "acc", "accept", "accepted", "accept itc"],
  R: ["r", "rej", "reject", "rejected"],
  P: ["p", "pend", "pending", "keep pending", "kept pending", "pending action"],
  N: ["n", "", "no action", "no action taken", "noaction", "none", "reset", "not acted", "no actions"],
};

const LOOKUP = new Map<string, Action>(
  (Object.entries(SPELLINGS) as [Action, readonly string[]][]).flatMap(([action, words]) => words.map((w) => [w, action] as const)),
);

const WORDS: Record<Action, string> = { A: "Accepted", R: "Rejected", P: "Pending", N: "No action" };

/** The word the sheet shows for an action as the portal holds it ("Accepted", ..., "No action"). */
export function actionWord(action: Action): string {
  return WORDS[action];
}

export const ACTION_HELP = "A (accept), R (reject), P (keep pending) or N (no action)";

/** Lower-cases, trims, turns "_" and "-" into spaces, collapses runs of spaces and drops a final full stop. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[_\-\u00a0\t]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/\.$/, "")
    .trim();
}

/** Reads a cell's value as an action. An empty cell means N (no action). */
export function parseActionText(value: unknown): ActionTextResult {
  if (value === null || value === undefined) return { ok: true, action: "N" };
  if (typeof value !== "string") {
    return { ok: false, reason: `${JSON.stringify(value)} is not an action; use ${ACTION_HELP}` };
  }
  const action = LOOKUP.get(normalise(value));
  if (action) return { ok: true, action };
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return { ok: false, reason: `"${shown}" is not an action; use ${ACTION_HELP}` };
}
