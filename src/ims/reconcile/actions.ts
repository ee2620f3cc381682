/**
 * The action each category suggests for its IMS records (config.actions): by default exact and
 * suggested → Accept, mismatch → Pending with a remark stating the difference, missing in PR →
 * Pending "Not in our books", duplicates → nothing; Pending instead of Accept while the supplier
 * has not filed. A suggestion the record does not allow is dropped (Pending where Pending is
 * blocked) or trimmed (remarks where remarks are blocked, or on Accept, which takes none).
 */
import type { ImsRecord } from "../records";
import type { SaveAction } from "../sections";
import type { ActionRule, Category, ReconcileConfig } from "./config";

export interface SuggestedAction {
  action: SaveAction;
  remarks?: string;
}

/** The portal's limit on remarks. */
export const REMARKS_MAX = 250;

interface ReasonLike {
  code: string;
  text: string;
}

function differenceRemark(reasons: readonly ReasonLike[]): string {
  const parts = reasons.filter((r) => r.code === "amount" || r.code === "igst_as_cgst_sgst" || r.code === "cgst_sgst_as_igst").map((r) => r.text);
  const text = parts.length > 0 ? `Differs from our books: ${parts.join("; ")}` : "Differs from our books";
  return text.length <= REMARKS_MAX ? text : `${text.slice(0, REMARKS_MAX - 1)}…`;
}

export function suggestFor(category: Category, record: ImsRecord, reasons: readonly ReasonLike[], config: ReconcileConfig): SuggestedAction | null {
  if (category === "missing_in_ims") return null;
  let rule: ActionRule | null = config.actions[category];
  if ((category === "exact" || category === "suggested") && !record.supplierFiled && config.actions.notFiled) rule = config.actions.notFiled;
  if (!rule) return null;
  if (rule.action === "P" && record.pendingBlocked) return null;
  const out: SuggestedAction = { action: rule.action };
  if (rule.remarks !== undefined && rule.remarks !== "" && rule.action !== "A" && !record.remarksBlocked) {
    const remarks = rule.remarks === "difference" ? differenceRemark(reasons) : rule.remarks.slice(0, REMARKS_MAX);
    out.remarks = remarks;
  }
  return out;
}
