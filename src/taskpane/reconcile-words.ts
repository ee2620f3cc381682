/** Words for reconciliation's categories and actions, shared by the Reconcile tab's steps. */
import type { SuggestionKey } from "../app/types";
import type { Category } from "../ims/reconcile";
import { CATEGORY_WORDS } from "../ims/reconcile/report-rows";
import type { SaveAction } from "../ims/sections";

export const CATEGORY_LABELS: Readonly<Record<Category, string>> = CATEGORY_WORDS;

/** Categories in the order the pane lists them. */
export const CATEGORY_ORDER: readonly Category[] = ["exact", "suggested", "mismatch", "missing_in_pr", "missing_in_ims", "duplicate"];

/** What "Apply suggestions" can act on: every category with IMS records, and the suppliers that have not filed. */
export const SUGGESTION_ORDER: readonly SuggestionKey[] = ["exact", "suggested", "mismatch", "missing_in_pr", "notFiled", "duplicate"];

export const SUGGESTION_LABELS: Readonly<Record<SuggestionKey, string>> = {
  exact: CATEGORY_LABELS.exact,
  suggested: CATEGORY_LABELS.suggested,
  mismatch: CATEGORY_LABELS.mismatch,
  missing_in_pr: CATEGORY_LABELS.missing_in_pr,
  duplicate: CATEGORY_LABELS.duplicate,
  notFiled: "Supplier has not filed",
};

export const ACTION_WORDS: Readonly<Record<SaveAction, string>> = { A: "Accept", R: "Reject", P: "Pending" };
