/**
 * Reconciling the purchase register (PR) with IMS (pure: no Office, no HTTP, no Node).
 *
 *   reconcile(ims: readonly ImsRecord[], pr: readonly PrLine[], config?: ReconcileConfigInput): Reconciliation
 *
 * - `ims`: the records pulled (any sections, any order); `pr`: `readRegister(cells).lines`
 *   (src/ims/register). Results refer to both by index into these arrays.
 * - `Reconciliation.links`: every IMS record and every PR line in exactly one entry:
 *     { category, ims: number[], pr: number[], rule, reasons, differences, suggestions }
 *   category: "exact" | "suggested" | "mismatch" | "missing_in_pr" | "missing_in_ims" | "duplicate".
 *   reasons: { code, text, ... }: suggested links say "number format", "date", "rounding",
 *   "branch GSTIN", "clubbed" or "split"; mismatches name each head beyond tolerance with both
 *   amounts and the difference (paise), or "IGST booked as CGST+SGST"; duplicates name the row
 *   they repeat; unreadable PR lines (a fatal row problem) are "missing_in_ims" with an
 *   "unreadable" reason. differences: per head, IMS minus PR (PR signs removed for credit notes).
 *   suggestions: one per `ims` entry, the action (and remarks) config.actions gives that category.
 * - `config`: date window, tolerances per head (paise and percent), actions per category;
 *   `resolveConfig` fills the defaults (DEFAULT_CONFIG), `configFromJson` also takes rupees.
 *
 * Files: rules.ts (the rules, as data, in the order they apply), numbers.ts (document-number
 * keys), documents.ts (both sides as the matcher sees them; PR rate lines summed per document),
 * keys.ts (the index by GSTIN or PAN and number key), match.ts (the steps), assess.ts (category,
 * reasons and differences of a link), actions.ts (suggested actions), config.ts (settings).
 * Each step costs about one index look-up per unlinked document, never a comparison of every
 * pair (bench: reconcile-100k).
 */
export { reconcile, type HeadDifference, type Reason, type ReasonCode, type ReconLink, type Reconciliation } from "./match";
export {
  AMOUNT_HEADS,
  CATEGORIES,
  configFromJson,
  DEFAULT_CONFIG,
  HEAD_LABELS,
  resolveConfig,
  type ActionConfig,
  type ActionRule,
  type AmountHead,
  type Category,
  type ReconcileConfig,
  type ReconcileConfigInput,
  type Tolerance,
} from "./config";
export { RULES, type LinkRule, type Step } from "./rules";
export { numberKeys, splitNumberList, editDistance, fyOfDate, type NumberKeys } from "./numbers";
export { suggestFor, REMARKS_MAX, type SuggestedAction } from "./actions";
export { formatRupees } from "./money-text";
