/**
 * Submit: the sheets say what the accountant wants; the portal ends up exactly so, and every
 * row tells what happened to it.
 *
 * 1. Read every section sheet and plan it (saves, resets, refusals).
 * 2. Re-fetch the touched sections and turn rows the portal changed since the pull into conflicts.
 * 3. Write refusals and conflicts on their rows.
 * 4. Send the batches; each row gets "Submitted" and its reference ID before any polling.
 * 5. Follow every reference to P, PE or ER; write each row's outcome. Rows that succeeded take
 *    the new action as their pulled state, so a second submit sends nothing.
 * A lost response is settled by re-reading the portal, never by a blind retry.
 */
import { OutcomeUnknownError, type ImsClient, type RequestStatus, type SubmitReceipt } from "../api";
import { itcAtStake, markConflicts, planSection, type Conflict, type PlanEntry, type Refusal, type SectionPlan } from "../ims/plan";
import type { RuleContext } from "../ims/portal-rules";
import { imsRecordKey, type ImsRecord, type SaveIntent } from "../ims/records";
import { editFromRecord, EMPTY_STATUS, type ReviewRow, type RowProblem, type RowStatus } from "../ims/review-rows";
import { recordFingerprint } from "../ims/fingerprint";
import type { SectionCode } from "../ims/sections";
import { DEFAULT_BATCH_LIMITS, splitBatches, type BatchLimits } from "./batches";
import type { BatchProgress, ReviewReport, RowIssue, SectionReview, SubmitOptions, SubmitReport } from "./types";

/** What the submit step needs from the workbook. Rows are located by record key, never position. */
export interface SheetsPort {
  sections(): Promise<SectionCode[]>;
  /** Reads a section sheet (and re-applies its validation and formats). */
  read(section: SectionCode): Promise<{ rows: ReviewRow[]; problems: RowProblem[] }>;
  writeStatuses(section: SectionCode, updates: readonly { key: string; status: RowStatus }[]): Promise<void>;
  /** Rewrites whole rows (portal columns, hidden state, editable columns and status). */
  writeRows(section: SectionCode, rows: readonly ReviewRow[]): Promise<void>;
  appendLog(lines: readonly LogLine[]): Promise<void>;
}

export interface LogLine {
  at: string;
  gstin: string;
  section: SectionCode;
  kind: "save" | "reset" | "check";
  records: number;
  referenceId: string;
  outcome: string;
  processed: number;
  errors: number;
}

export const STATUS = {
  submitted: "Submitted",
  saved: "Saved",
  reset: "Reset",
  failed: "Failed",
  refused: "Refused",
  conflict: "Conflict",
  unknown: "Outcome unknown",
} as const;

export interface SubmitDeps {
  client: ImsClient;
  sheets: SheetsPort;
  gstin: string;
  rules: RuleContext;
  limits?: BatchLimits;
  now?: () => Date;
  pollDeadlineMs?: number;
}

interface PlannedSection {
  plan: SectionPlan;
  rows: ReviewRow[];
}

/** Reads and plans every section sheet, without touching the portal. */
export async function planWorkbook(deps: Pick<SubmitDeps, "sheets" | "rules">): Promise<PlannedSection[]> {
  const out: PlannedSection[] = [];
  for (const section of await deps.sheets.sections()) {
    const { rows, problems } = await deps.sheets.read(section);
    out.push({ plan: planSection(section, rows, problems, deps.rules), rows });
  }
  return out;
}

export async function reviewWorkbook(deps: Pick<SubmitDeps, "sheets" | "rules">): Promise<ReviewReport> {
  const planned = await planWorkbook(deps);
  return reviewReport(planned);
}

export function reviewReport(planned: readonly PlannedSection[]): ReviewReport {
  const sections: SectionReview[] = planned.map(({ plan }) => ({
    section: plan.section,
    accept: plan.saves.filter((s) => s.intent.action === "A").length,
    reject: plan.saves.filter((s) => s.intent.action === "R").length,
    pending: plan.saves.filter((s) => s.intent.action === "P").length,
    reset: plan.resets.length,
    refused: new Set(plan.refused.map((r) => r.row.sheetRow)).size,
    conflicts: plan.conflicts.length,
  }));
  const awaiting = planned.reduce((n, p) => n + p.rows.filter((r) => r.status.result === STATUS.submitted && r.status.referenceId).length, 0);
  return {
    sections,
    itcAtStake: itcAtStake(planned.map((p) => p.plan)),
    refused: planned.flatMap(({ plan }) => plan.refused.map((r) => issue(plan.section, r.row, r.code, r.message, r.field))),
    conflicts: planned.flatMap(({ plan }) => plan.conflicts.map((c) => issue(plan.section, c.row, c.reason, c.message))),
    awaiting,
    empty: planned.every(({ plan }) => plan.saves.length === 0 && plan.resets.length === 0),
  };
}

function issue(section: SectionCode, row: ReviewRow, code: string, message: string, field?: string): RowIssue {
  return { section, sheetRow: row.sheetRow, docNumber: row.record.docNumber, supplierGstin: row.record.supplierGstin, code, message, ...(field ? { field } : {}) };
}

interface Sent {
  section: SectionCode;
  kind: "save" | "reset";
  entries: PlanEntry[];
  referenceId: string;
  progress: BatchProgress;
}

export async function submitWorkbook(deps: SubmitDeps, options: SubmitOptions = {}): Promise<SubmitReport> {
  const now = deps.now ?? (() => new Date());
  const limits = deps.limits ?? DEFAULT_BATCH_LIMITS;
  const signal = options.signal;
  const report: SubmitReport = { batches: [], saved: 0, reset: 0, failed: [], conflicts: [], refused: [], cancelled: false };
  const publish = () => options.onBatch?.(report.batches.map((b) => ({ ...b })));
  const progress = (message: string, done: number, total: number) => options.onProgress?.({ message, done, total });

  progress("Reading the sheets", 0, 1);
  const planned = await planWorkbook(deps);

  // Conflicts: what changed on the portal since the pull.
  const touched = planned.filter(({ plan }) => plan.saves.length + plan.resets.length > 0);
  for (const [i, p] of touched.entries()) {
    progress(`Checking ${p.plan.section} against the portal`, i, touched.length);
    const portal = await fetchByKey(deps.client, p.plan.section, signal);
    p.plan = markConflicts(p.plan, portal);
  }

  // Refusals and conflicts go on their rows now; stale ones from an earlier run are cleared.
  for (const { plan, rows } of planned) {
    const updates = new Map<string, RowStatus>();
    for (const row of rows) {
      if (row.status.result === STATUS.refused || row.status.result === STATUS.conflict) updates.set(row.key, { ...EMPTY_STATUS });
    }
    const stamp = now().toISOString();
    for (const r of plan.refused) updates.set(r.row.key, { result: STATUS.refused, referenceId: "", message: joinMessages(updates.get(r.row.key), r), updatedAt: stamp });
    for (const c of plan.conflicts) updates.set(c.row.key, { result: STATUS.conflict, referenceId: "", message: c.message, updatedAt: stamp });
    if (updates.size) await deps.sheets.writeStatuses(plan.section, [...updates].map(([key, status]) => ({ key, status })));
    report.refused.push(...plan.refused.map((r: Refusal) => issue(plan.section, r.row, r.code, r.message, r.field)));
    report.conflicts.push(...plan.conflicts.map((c: Conflict) => issue(plan.section, c.row, c.reason, c.message)));
  }

  // Send every batch, marking its rows before any polling.
  const queue: { section: SectionCode; kind: "save" | "reset"; entries: PlanEntry[] }[] = [];
  for (const { plan } of planned) {
    for (const b of splitBatches(plan.saves, limits)) queue.push({ section: plan.section, kind: "save", entries: b });
    for (const b of splitBatches(plan.resets, limits)) queue.push({ section: plan.section, kind: "reset", entries: b });
  }
  for (const q of queue) report.batches.push({ section: q.section, kind: q.kind, records: q.entries.length, referenceId: null, state: "sending" });
  publish();

  const sent: Sent[] = [];
  for (const [i, q] of queue.entries()) {
    const batchProgress = report.batches[i] as BatchProgress;
    if (signal?.aborted) {
      report.cancelled = true;
      break;
    }
    progress(`Sending batch ${i + 1} of ${queue.length} (${q.section})`, i, queue.length);
    const outcome = await send(deps, q.kind, q.entries, signal);
    if (outcome.kind === "unknown") {
      batchProgress.state = "unknown";
      publish();
      await settleUnknown(deps, q.section, q.kind, q.entries, report, signal);
      batchProgress.state = "done";
      publish();
      continue;
    }
    const referenceId = outcome.receipt.referenceId;
    batchProgress.referenceId = referenceId;
    batchProgress.state = "waiting";
    const stamp = now().toISOString();
    await deps.sheets.writeStatuses(q.section, q.entries.map((e) => ({ key: e.row.key, status: { result: STATUS.submitted, referenceId, message: "Sent to the portal; waiting for its answer.", updatedAt: stamp } })));
    await deps.sheets.appendLog([{ at: stamp, gstin: deps.gstin, section: q.section, kind: q.kind, records: q.entries.length, referenceId, outcome: "submitted", processed: 0, errors: 0 }]);
    sent.push({ section: q.section, kind: q.kind, entries: q.entries, referenceId, progress: batchProgress });
    publish();
  }

  // Follow every reference to its end. A cancelled submit still leaves "Submitted" rows that resume later.
  for (const [i, s] of sent.entries()) {
    if (signal?.aborted) {
      report.cancelled = true;
      break;
    }
    progress(`Waiting for the portal: batch ${i + 1} of ${sent.length}`, i, sent.length);
    const status = await deps.client.waitForRequest(s.referenceId, { ...(signal ? { signal } : {}), ...(deps.pollDeadlineMs ? { deadlineMs: deps.pollDeadlineMs } : {}) });
    await applyOutcome(deps, s.section, s.kind, s.entries, status, report);
    s.progress.state = status.state === "P" ? "done" : status.state === "PE" ? "partly-failed" : "failed";
    publish();
  }
  progress("Done", 1, 1);
  return report;
}

type SendOutcome = { kind: "sent"; receipt: SubmitReceipt } | { kind: "unknown" };

async function send(deps: SubmitDeps, kind: "save" | "reset", entries: readonly PlanEntry[], signal?: AbortSignal): Promise<SendOutcome> {
  const opts = signal ? { signal } : {};
  try {
    const receipt =
      kind === "save"
        ? await deps.client.save(entries.map((e) => ({ record: e.record, intent: (e as { intent: SaveIntent }).intent })), opts)
        : await deps.client.reset(entries.map((e) => e.record), opts);
    return { kind: "sent", receipt };
  } catch (e) {
    if (e instanceof OutcomeUnknownError) return { kind: "unknown" };
    throw e;
  }
}

/**
 * The response to a save or reset was lost. Re-read the portal: records that now hold the
 * intended state were applied (a success, not an IMSSAV0010 failure); records still as pulled
 * were not, and are sent once more; anything else changed under us and is a conflict.
 */
async function settleUnknown(deps: SubmitDeps, section: SectionCode, kind: "save" | "reset", entries: readonly PlanEntry[], report: SubmitReport, signal?: AbortSignal): Promise<void> {
  const portal = await fetchByKey(deps.client, section, signal);
  const applied: PlanEntry[] = [];
  const notApplied: PlanEntry[] = [];
  const changed: PlanEntry[] = [];
  for (const e of entries) {
    const now = portal.get(e.row.key);
    const intent = e.kind === "save" ? e.intent : null;
    if (now && holdsIntent(now, intent)) applied.push(e);
    else if (now && now.hash === e.record.hash && now.action === e.record.action) notApplied.push(e);
    else changed.push(e);
  }
  const stamp = (deps.now ?? (() => new Date()))().toISOString();
  if (applied.length) await succeed(deps, section, applied, `Applied (confirmed by re-reading the portal after its answer was lost).`, report);
  if (changed.length) {
    await deps.sheets.writeStatuses(section, changed.map((e) => ({ key: e.row.key, status: { result: STATUS.conflict, referenceId: "", message: "The portal's answer was lost and the record has since changed there. Refresh the sheet; your entry will be kept.", updatedAt: stamp } })));
    report.conflicts.push(...changed.map((e) => issue(section, e.row, "changed-after-lost-answer", "Changed on the portal after a lost answer")));
  }
  await deps.sheets.appendLog([{ at: stamp, gstin: deps.gstin, section, kind: "check", records: entries.length, referenceId: "", outcome: `answer lost: ${applied.length} applied, ${notApplied.length} to resend, ${changed.length} changed`, processed: applied.length, errors: changed.length }]);
  if (notApplied.length === 0) return;
  const again = await send(deps, kind, notApplied, signal);
  if (again.kind === "unknown") {
    await deps.sheets.writeStatuses(section, notApplied.map((e) => ({ key: e.row.key, status: { result: STATUS.unknown, referenceId: "", message: "The portal did not answer twice. Submit again later: the add-in will check what was applied first.", updatedAt: stamp } })));
    report.failed.push(...notApplied.map((e) => issue(section, e.row, "outcome-unknown", "No answer from the portal")));
    return;
  }
  const referenceId = again.receipt.referenceId;
  await deps.sheets.writeStatuses(section, notApplied.map((e) => ({ key: e.row.key, status: { result: STATUS.submitted, referenceId, message: "Sent to the portal; waiting for its answer.", updatedAt: stamp } })));
  const status = await deps.client.waitForRequest(referenceId, { ...(signal ? { signal } : {}), ...(deps.pollDeadlineMs ? { deadlineMs: deps.pollDeadlineMs } : {}) });
  await applyOutcome(deps, section, kind, notApplied, status, report);
}

/** Whether the portal's record holds what the request asked for. */
function holdsIntent(now: ImsRecord, intent: SaveIntent | null): boolean {
  if (!intent) return now.action === "N";
  return now.action === intent.action && (now.remarks ?? "") === (intent.remarks ?? "");
}

async function applyOutcome(deps: SubmitDeps, section: SectionCode, kind: "save" | "reset", entries: readonly PlanEntry[], status: RequestStatus, report: SubmitReport): Promise<void> {
  const stamp = (deps.now ?? (() => new Date()))().toISOString();
  const failedByKey = new Map<string, { code: string; message: string }>();
  if (status.state === "ER") {
    for (const e of entries) failedByKey.set(e.row.key, { code: status.errorCode ?? "ER", message: status.errorMessage ?? "The portal refused the whole request." });
  } else {
    for (const err of status.recordErrors) {
      const key = imsRecordKey({ section: err.section, supplierGstin: err.supplierGstin, docNumber: err.docNumber, returnPeriod: err.returnPeriod });
      failedByKey.set(key, { code: err.errorCode, message: err.message });
    }
  }
  const ok = entries.filter((e) => !failedByKey.has(e.row.key));
  const failed = entries.filter((e) => failedByKey.has(e.row.key));
  if (ok.length) await succeed(deps, section, ok, `Accepted by the portal (reference ${status.referenceId}).`, report, status.referenceId);
  if (failed.length) {
    await deps.sheets.writeStatuses(
      section,
      failed.map((e) => {
        const f = failedByKey.get(e.row.key) as { code: string; message: string };
        return { key: e.row.key, status: { result: STATUS.failed, referenceId: status.referenceId, message: `${f.code}: ${f.message}`, updatedAt: stamp } };
      }),
    );
    report.failed.push(...failed.map((e) => issue(section, e.row, failedByKey.get(e.row.key)?.code ?? "failed", failedByKey.get(e.row.key)?.message ?? "")));
  }
  await deps.sheets.appendLog([{ at: stamp, gstin: deps.gstin, section, kind, records: entries.length, referenceId: status.referenceId, outcome: status.state, processed: status.processed, errors: failed.length }]);
}

/** Rows the portal applied: the new action becomes their pulled state, so nothing is sent twice. */
async function succeed(deps: SubmitDeps, section: SectionCode, entries: readonly PlanEntry[], message: string, report: SubmitReport, referenceId = ""): Promise<void> {
  const stamp = (deps.now ?? (() => new Date()))().toISOString();
  const rows = entries.map((e) => {
    const record = appliedRecord(e.record, e.kind === "save" ? e.intent : null);
    const row: ReviewRow = {
      ...e.row,
      record,
      pulledAction: record.action,
      version: record.hash,
      fingerprint: recordFingerprint(record),
      edit: editFromRecord(record),
      status: { result: e.kind === "save" ? STATUS.saved : STATUS.reset, referenceId, message, updatedAt: stamp },
      inPortal: true,
    };
    return row;
  });
  await deps.sheets.writeRows(section, rows);
  for (const e of entries) {
    if (e.kind === "save") report.saved++;
    else report.reset++;
  }
}

/** The record as the portal holds it after applying the request. */
export function appliedRecord(record: ImsRecord, intent: SaveIntent | null): ImsRecord {
  const { remarks: _r, itcReduction: _i, ...rest } = record;
  if (!intent) return { ...rest, action: "N" };
  const next: ImsRecord = { ...rest, action: intent.action };
  if (intent.remarks) next.remarks = intent.remarks;
  if (intent.itcReduction) {
    const itc = intent.itcReduction;
    const declared = itc.igst !== undefined || itc.cgst !== undefined || itc.sgst !== undefined || itc.cess !== undefined;
    // Declaring nothing with "Y" means the whole tax, which is what the portal then shows.
    next.itcReduction =
      itc.required === "Y" && !declared
        ? { required: "Y", igst: record.igst, cgst: record.cgst, sgst: record.sgst, cess: record.cess }
        : { ...itc };
  }
  return next;
}

async function fetchByKey(client: ImsClient, section: SectionCode, signal?: AbortSignal): Promise<Map<string, ImsRecord>> {
  const records = await client.getInvoices(section, signal ? { signal } : {});
  return new Map(records.map((r) => [imsRecordKey(r), r]));
}

function joinMessages(previous: RowStatus | undefined, r: Refusal): string {
  return previous && previous.result === STATUS.refused && previous.message ? `${previous.message} ${r.message}` : r.message;
}

/**
 * Follows requests left "Submitted" by a pane that closed mid-way: their reference IDs are on
 * the rows, so the outcome can still be written back.
 */
export async function resumeSubmitted(deps: SubmitDeps, options: SubmitOptions = {}): Promise<SubmitReport | null> {
  const report: SubmitReport = { batches: [], saved: 0, reset: 0, failed: [], conflicts: [], refused: [], cancelled: false };
  const waiting: { section: SectionCode; referenceId: string; rows: ReviewRow[] }[] = [];
  for (const section of await deps.sheets.sections()) {
    const { rows } = await deps.sheets.read(section);
    const byRef = new Map<string, ReviewRow[]>();
    for (const row of rows) {
      if (row.status.result !== STATUS.submitted || !row.status.referenceId) continue;
      const list = byRef.get(row.status.referenceId) ?? [];
      list.push(row);
      byRef.set(row.status.referenceId, list);
    }
    for (const [referenceId, list] of byRef) waiting.push({ section, referenceId, rows: list });
  }
  if (waiting.length === 0) return null;
  for (const [i, w] of waiting.entries()) {
    if (options.signal?.aborted) {
      report.cancelled = true;
      break;
    }
    options.onProgress?.({ message: `Following up earlier submission ${w.referenceId}`, done: i, total: waiting.length });
    const status = await deps.client.waitForRequest(w.referenceId, { ...(options.signal ? { signal: options.signal } : {}), ...(deps.pollDeadlineMs ? { deadlineMs: deps.pollDeadlineMs } : {}) });
    const kind = status.operation ?? "save";
    const entries: PlanEntry[] = w.rows.map((row) => (kind === "reset" ? { kind: "reset", row, record: row.record } : { kind: "save", row, record: row.record, intent: intentOf(row) }));
    const progress: BatchProgress = { section: w.section, kind, records: entries.length, referenceId: w.referenceId, state: "waiting" };
    report.batches.push(progress);
    await applyOutcome(deps, w.section, kind, entries, status, report);
    progress.state = status.state === "P" ? "done" : status.state === "PE" ? "partly-failed" : "failed";
    options.onBatch?.(report.batches.map((b) => ({ ...b })));
  }
  return report;
}

function intentOf(row: ReviewRow): SaveIntent {
  const action = row.edit.action;
  const intent: SaveIntent = { action: action === "A" || action === "R" || action === "P" ? action : "A" };
  if (row.edit.remarks) intent.remarks = row.edit.remarks;
  if (row.edit.itcReduction) intent.itcReduction = row.edit.itcReduction;
  return intent;
}
