/**
 * The submit plan: what each section sheet asks of the portal. A row whose editable columns
 * differ from what was pulled becomes a save (A, R, P, or the same action with new remarks or
 * declaration) or a reset (back to N). Rows that cannot be sent are refused with a reason;
 * rows the portal changed since the pull are conflicts. Unchanged rows are left alone.
 */
import { checkDocNumbers, checkSave, rupeesText, type RuleContext, type RuleViolation } from "./portal-rules";
import { changedDocumentFields, type SheetField } from "./record-fields";
import { actionWord } from "./action-text";
import { itcText } from "./fingerprint";
import type { ImsRecord, ItcReduction, SaveIntent } from "./records";
import { isEdited, rowState, type ReviewRow, type RowProblem, type RowProblemCode } from "./review-rows";
import type { SectionCode } from "./sections";

export interface SaveEntry {
  kind: "save";
  row: ReviewRow;
  /** The record as pulled: its action is the prev_status the portal must still hold. */
  record: ImsRecord;
  intent: SaveIntent;
}

export interface ResetEntry {
  kind: "reset";
  row: ReviewRow;
  record: ImsRecord;
}

export type PlanEntry = SaveEntry | ResetEntry;

export interface Refusal {
  row: ReviewRow;
  /** The column for people: a header text when the sheet reader found the problem, else the column's id. */
  field: string;
  /** The column's id, when the domain knows it: map it to the layout's header text to show it. */
  column?: SheetField;
  code: string;
  message: string;
}

export type ConflictReason = "action-changed" | "version-changed" | "left-portal" | "supplier-changed";

export interface Conflict {
  row: ReviewRow;
  reason: ConflictReason;
  /** What the portal holds now, when it still holds the record. */
  portal?: ImsRecord;
  message: string;
}

export interface SectionPlan {
  section: SectionCode;
  saves: SaveEntry[];
  resets: ResetEntry[];
  refused: Refusal[];
  conflicts: Conflict[];
}

/** Problems that make a row's intent unreadable or untrustworthy: such rows are never sent. */
const BLOCKING: ReadonlySet<RowProblemCode> = new Set(["bad-action", "bad-itc", "bad-amount", "duplicate-key", "hidden-column-missing", "hidden-column-edited", "record-edited", "unrecognised-row", "column-missing"]);

export function planSection(section: SectionCode, rows: readonly ReviewRow[], problems: readonly RowProblem[], ctx: RuleContext): SectionPlan {
  const plan: SectionPlan = { section, saves: [], resets: [], refused: [], conflicts: [] };
  const blockingByRow = new Map<number, RowProblem[]>();
  for (const p of problems) {
    if (!BLOCKING.has(p.code)) continue;
    const list = blockingByRow.get(p.sheetRow) ?? [];
    list.push(p);
    blockingByRow.set(p.sheetRow, list);
  }
  // A sheet that lost one of its columns (say the hidden record key or version) cannot be
  // checked against what was pulled: nothing of it is sent until a pull rebuilds it.
  const lost = problems.filter((p) => p.code === "column-missing");
  if (lost.length) {
    const names = lost.map((p) => `"${p.field}"`).join(", ");
    for (const row of rows) {
      if (!isEdited(row)) continue;
      plan.refused.push({
        row,
        field: lost[0]?.field ?? "columns",
        code: "column-missing",
        message: `Row ${row.sheetRow}: the sheet lost its column${lost.length > 1 ? "s" : ""} ${names}, so nothing of ${section} is sent. Pull ${section} again: it rebuilds the columns and keeps your entries.`,
      });
    }
    return plan;
  }
  for (const row of rows) {
    const blocking = blockingByRow.get(row.sheetRow);
    // A row whose portal columns were typed over is refused even when it looks unedited: the
    // "Action on portal" it shows may be what was typed, so its pulled state is unknown.
    if (!isEdited(row) && !blocking?.some((p) => p.code === "bad-action" || p.code === "bad-itc" || p.code === "record-edited")) continue;
    if (blocking?.length) {
      for (const p of blocking) plan.refused.push({ row, field: p.field, code: p.code, message: p.message });
      continue;
    }
    if (!row.inPortal) {
      plan.conflicts.push({ row, reason: "left-portal", message: "The portal no longer lists this record (the supplier may have deleted or amended it, or GSTR-3B was filed). Nothing was sent." });
      continue;
    }
    if (rowState(row.status) === "supplier-changed") {
      plan.conflicts.push({ row, reason: "supplier-changed", message: row.status.message });
      continue;
    }
    const action = row.edit.action;
    if (action === null) continue; // reported as bad-action above
    const refuse = (violations: readonly RuleViolation[]) => {
      for (const v of violations) plan.refused.push({ row, field: v.field, column: v.field, code: v.code, message: v.message });
      return violations.length > 0;
    };
    if (action === "N") {
      if (row.pulledAction === "N") {
        plan.refused.push({ row, field: "action", column: "action", code: "needs-action", message: "Remarks or an ITC-reduction declaration need an action: choose A, R or P, or clear them." });
      } else if (!refuse(checkDocNumbers(row.record))) {
        plan.resets.push({ kind: "reset", row, record: row.record });
      }
      continue;
    }
    const intent = saveIntentOf(row) as SaveIntent;
    if (refuse(checkSave(row.record, intent, ctx))) continue;
    plan.saves.push({ kind: "save", row, record: row.record, intent });
  }
  return plan;
}

/** What a row asks the portal to save: null when its Action is not A, R or P. */
export function saveIntentOf(row: Pick<ReviewRow, "edit">): SaveIntent | null {
  const action = row.edit.action;
  if (action !== "A" && action !== "R" && action !== "P") return null;
  const intent: SaveIntent = { action };
  if (row.edit.remarks !== "") intent.remarks = row.edit.remarks;
  if (row.edit.itcReduction) intent.itcReduction = declarationOf(row.edit.itcReduction);
  return intent;
}

/** The entry a row stands for, sent as `kind`: null for a save whose Action cannot be read. */
export function entryOf(row: ReviewRow, kind: "save" | "reset"): PlanEntry | null {
  if (kind === "reset") return { kind: "reset", row, record: row.record };
  const intent = saveIntentOf(row);
  return intent ? { kind: "save", row, record: row.record, intent } : null;
}

const HEADS = ["igst", "cgst", "sgst", "cess"] as const;

/**
 * The declaration to send. With "N" (ITC never availed) amounts of 0 are dropped: the portal
 * refuses any amount with "N", and 0 says nothing. Amounts above 0 with "N" stay, to be refused.
 */
function declarationOf(itc: ItcReduction): ItcReduction {
  const out: ItcReduction = { required: itc.required };
  for (const head of HEADS) {
    const v = itc[head];
    if (v === undefined || (itc.required === "N" && v === 0)) continue;
    out[head] = v;
  }
  return out;
}

/**
 * A declaration as the portal stores it once saved: with "Y", heads left out are 0, and
 * nothing declared means the whole tax of every head; with "N", no amounts. Comparing
 * declarations through this keeps "Y, IGST 100" and "Y, IGST 100, CGST 0, SGST 0, cess 0" equal.
 */
export function portalDeclaration(record: Pick<ImsRecord, "igst" | "cgst" | "sgst" | "cess">, itc: ItcReduction | undefined): ItcReduction | undefined {
  if (!itc) return undefined;
  if (itc.required === "N") return { required: "N" };
  const declared = HEADS.some((h) => itc[h] !== undefined);
  const out: ItcReduction = { required: "Y" };
  for (const head of HEADS) out[head] = declared ? (itc[head] ?? 0) : record[head];
  return out;
}

/** Whether two declarations leave the portal holding the same thing for this record. */
export function sameDeclaration(record: Pick<ImsRecord, "igst" | "cgst" | "sgst" | "cess">, a: ItcReduction | undefined, b: ItcReduction | undefined): boolean {
  return itcText(portalDeclaration(record, a)) === itcText(portalDeclaration(record, b));
}

/** The record as the portal holds it once the save (or, with a null intent, the reset) is applied. */
export function appliedRecord(record: ImsRecord, intent: SaveIntent | null): ImsRecord {
  const { remarks: _r, itcReduction: _i, ...rest } = record;
  if (!intent) return { ...rest, action: "N" };
  const next: ImsRecord = { ...rest, action: intent.action };
  if (intent.remarks) next.remarks = intent.remarks;
  const itc = portalDeclaration(record, intent.itcReduction);
  if (itc) next.itcReduction = itc;
  return next;
}

/**
 * Whether the portal's record already holds what the entry asks for, on the version that was
 * pulled: the change was applied earlier (an answer lost, a pane closed) or someone did the
 * same on the portal. Such entries need not be sent.
 */
export function portalHolds(entry: PlanEntry, now: ImsRecord | undefined): boolean {
  if (!now || now.hash !== entry.row.version) return false;
  const want = appliedRecord(entry.record, entry.kind === "save" ? entry.intent : null);
  return now.action === want.action && (now.remarks ?? "") === (want.remarks ?? "") && sameDeclaration(now, now.itcReduction, want.itcReduction);
}

/**
 * Moves entries whose record changed on the portal since the pull into conflicts: a colleague
 * acted on the portal (the action differs) or the supplier edited or amended it (the version
 * differs). `portal` holds the records just re-fetched for the touched sections, by key.
 */
export function markConflicts(plan: SectionPlan, portal: ReadonlyMap<string, ImsRecord>): SectionPlan {
  const keep = <T extends PlanEntry>(entries: T[]): T[] =>
    entries.filter((entry) => {
      const now = portal.get(entry.row.key);
      const conflict = conflictWith(entry.row, now);
      if (conflict) plan.conflicts.push(conflict);
      return !conflict;
    });
  return { ...plan, saves: keep(plan.saves), resets: keep(plan.resets), conflicts: plan.conflicts };
}

/**
 * Names the document columns changed on rows refused as "record-edited". The sheet alone
 * cannot say which cell was changed (its fingerprint covers the record as a whole), but the
 * portal's record of the version pulled shows the document exactly as pulled. `portal` holds
 * the records just re-fetched, by key; `header` gives a column's header text (by default its id).
 */
export function nameEditedColumns(plan: SectionPlan, portal: ReadonlyMap<string, ImsRecord>, header: (field: SheetField) => string = (field) => field): SectionPlan {
  const refused = plan.refused.map((r) => {
    const pulled = portal.get(r.row.key);
    if (r.code !== "record-edited" || !pulled || pulled.hash !== r.row.version) return r;
    const changed = changedDocumentFields(pulled, r.row.record);
    const first = changed[0];
    if (first === undefined) return r;
    const names = changed.map((f) => `"${header(f)}"`).join(", ");
    const what = changed.length > 1 ? `columns ${names} were` : `column ${names} was`;
    return {
      ...r,
      field: changed.map(header).join(", "),
      column: first,
      message: `Row ${r.row.sheetRow}: ${what} changed since the pull; the portal's values come back on the next pull, and this row cannot be submitted until then.`,
    };
  });
  return { ...plan, refused };
}

/** The conflict, if any, between a row and the portal's record now (undefined: the portal no longer lists it). */
export function conflictWith(row: ReviewRow, now: ImsRecord | undefined): Conflict | null {
  if (!now) {
    return { row, reason: "left-portal", message: "The portal no longer lists this record (the supplier may have deleted or amended it, or GSTR-3B was filed). Nothing was sent; refresh the sheet." };
  }
  if (now.hash !== row.version) {
    return {
      row,
      reason: "version-changed",
      portal: now,
      message: `The supplier changed this record after your pull: the portal now shows value ₹${rupeesText(now.value)} (taxable ₹${rupeesText(now.taxableValue)}) and ${portalState(now)}. Nothing was sent; refresh the sheet and your entry will be kept.`,
    };
  }
  const pulled = row.record;
  if (now.action !== row.pulledAction || (now.remarks ?? "") !== (pulled.remarks ?? "") || !sameDeclaration(now, now.itcReduction, pulled.itcReduction)) {
    return {
      row,
      reason: "action-changed",
      portal: now,
      message: `Someone changed this record on the portal after your pull: it now holds ${portalState(now)} (you pulled ${actionWord(row.pulledAction)}). Nothing was sent; refresh the sheet and your entry will be kept.`,
    };
  }
  return null;
}

/** "Rejected with remarks "…"", "No action", "Accepted, ITC to reduce: IGST ₹10.00": what the portal holds, in words. */
function portalState(r: ImsRecord): string {
  let text = actionWord(r.action);
  if (r.remarks) text += ` with remarks "${r.remarks.length > 60 ? `${r.remarks.slice(0, 60)}…` : r.remarks}"`;
  const itc = r.itcReduction;
  if (itc?.required === "N") text += ", ITC declared as never availed";
  else if (itc) {
    const heads = HEADS.filter((h) => (itc[h] ?? 0) > 0).map((h) => `${h === "cess" ? "cess" : h.toUpperCase()} ₹${rupeesText(itc[h] ?? 0)}`);
    text += `, ITC to reduce: ${heads.length ? heads.join(", ") : "none"}`;
  }
  return text;
}

/** ITC at stake per tax head, in paise: what accepting, rejecting or parking the planned rows moves. */
export interface ItcAtStake {
  accept: HeadTotals;
  reject: HeadTotals;
  pending: HeadTotals;
  reset: HeadTotals;
}

export interface HeadTotals {
  records: number;
  igst: number;
  cgst: number;
  sgst: number;
  cess: number;
}

export function itcAtStake(plans: readonly SectionPlan[]): ItcAtStake {
  const zero = (): HeadTotals => ({ records: 0, igst: 0, cgst: 0, sgst: 0, cess: 0 });
  const totals: ItcAtStake = { accept: zero(), reject: zero(), pending: zero(), reset: zero() };
  const add = (t: HeadTotals, r: ImsRecord, intent: SaveIntent | null) => {
    const effect = itcEffect(r, intent);
    t.records++;
    t.igst += effect.igst;
    t.cgst += effect.cgst;
    t.sgst += effect.sgst;
    t.cess += effect.cess;
  };
  for (const plan of plans) {
    for (const s of plan.saves) add(s.intent.action === "A" ? totals.accept : s.intent.action === "R" ? totals.reject : totals.pending, s.record, s.intent);
    for (const r of plan.resets) add(totals.reset, r.record, null);
  }
  return totals;
}

/**
 * A record's effect on ITC, per head, in paise: invoices and debit notes add their tax; credit
 * notes take it away, or only the declared reduction when one is made on accepting them
 * (nothing at all when the ITC was never availed).
 */
export function itcEffect(r: ImsRecord, intent: SaveIntent | null): Pick<HeadTotals, "igst" | "cgst" | "sgst" | "cess"> {
  if (r.section !== "CN" && r.section !== "CNA") return { igst: r.igst, cgst: r.cgst, sgst: r.sgst, cess: r.cess };
  const itc = intent?.action === "A" ? intent.itcReduction : undefined;
  if (itc?.required === "N") return { igst: 0, cgst: 0, sgst: 0, cess: 0 };
  const declared = itc && (itc.igst !== undefined || itc.cgst !== undefined || itc.sgst !== undefined || itc.cess !== undefined);
  if (itc && declared) return { igst: -(itc.igst ?? 0), cgst: -(itc.cgst ?? 0), sgst: -(itc.sgst ?? 0), cess: -(itc.cess ?? 0) };
  return { igst: -r.igst, cgst: -r.cgst, sgst: -r.sgst, cess: -r.cess };
}
