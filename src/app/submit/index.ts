/**
 * Submit: the sheets say what the accountant wants; the portal ends up exactly so, and every
 * row tells what happened to it.
 *
 * 1. Read every section sheet and plan it (review.ts); follow up requests an earlier run left
 *    waiting (resume.ts).
 * 2. Re-fetch the touched sections: entries the portal already holds are done, rows the portal
 *    changed since the pull become conflicts.
 * 3. Write refusals and conflicts on their rows.
 * 4. Send the batches (send.ts); each row gets "Submitted" and its reference ID before any polling.
 * 5. Follow every reference to P, PE or ER and write each row's outcome (outcomes.ts). Rows that
 *    succeeded take the new action as their pulled state, so a second submit sends nothing.
 * A lost response is settled by re-reading the portal, never by a blind retry (settle.ts).
 */
import { isImsApiError, type RequestStatus } from "../../api";
import { markConflicts, nameEditedColumns, portalHolds, type Conflict, type PlanEntry, type Refusal, type SectionPlan } from "../../ims/plan";
import type { SheetField } from "../../ims/record-fields";
import { EMPTY_STATUS, rowState, type ReviewRow, type RowStatus } from "../../ims/review-rows";
import { status as rowStatus } from "../../ims/row-transitions";
import type { SectionCode } from "../../ims/sections";
import { sectionLayout } from "../../workbook";
import { DEFAULT_BATCH_LIMITS, splitBatches } from "../batches";
import type { BatchProgress, SubmitOptions, SubmitReport } from "../types";
import { fetchByKey, isCancel, pollOptions, RowReporter, STATUS, type PlannedSection, type SendKind, type SubmitDeps } from "./deps";
import { applied, applyOutcomes, OutcomesNotWrittenError, stateOf, succeed } from "./outcomes";
import { issue, planWorkbook, refusalIssue } from "./review";
import { emptyReport, followUp, waitingGroups } from "./resume";
import { failBatch, markSubmitted, markUnknown, refusalOf, send, type SendOutcome } from "./send";
import { settleUnknown } from "./settle";

export { STATUS, type LogLine, type SheetsPort, type SubmitDeps } from "./deps";
export { OutcomesNotWrittenError } from "./outcomes";
export { planWorkbook, reviewReport, reviewWorkbook } from "./review";
export { resumeSubmitted } from "./resume";

interface Batch {
  section: SectionCode;
  kind: SendKind;
  entries: PlanEntry[];
  progress: BatchProgress;
}

interface Sent extends Batch {
  referenceId: string;
}

export async function submitWorkbook(deps: SubmitDeps, options: SubmitOptions = {}): Promise<SubmitReport> {
  const signal = options.signal;
  const report = emptyReport();
  const publish = () => options.onBatch?.(report.batches.map((b) => ({ ...b })));
  const progress = (message: string, done: number, total: number) => options.onProgress?.({ message, done, total });

  try {
    progress("Reading the sheets", 0, 1);
    let planned = await planWorkbook(deps);

    // Rows still "Submitted" by an earlier run (a pane closed mid-way) are followed up first, so
    // that nothing is ever sent twice; then the sheets are read again with their outcomes.
    const waiting = waitingGroups(deps, planned);
    if (waiting.length) {
      await followUp(deps, waiting, report, { ...options, onBatch: () => publish() });
      if (report.cancelled) return report;
      planned = await planWorkbook(deps);
    }

    const alreadyHeld = await checkAgainstPortal(deps, planned, progress, signal);
    await writeRefusalsAndConflicts(deps, planned, report);
    for (const [section, held] of alreadyHeld) {
      await succeed(deps, section, applied(held, "The portal already holds this entry (applied earlier, or entered on the portal); nothing was sent."), report);
    }

    const queue = batchesOf(deps, planned);
    report.batches.push(...queue.map((q) => q.progress));
    publish();
    const sent = await sendAll(deps, queue, report, publish, progress, signal);
    await followSent(deps, sent, report, publish, progress, signal);
  } catch (e) {
    if (!isCancel(e, signal)) throw e;
    report.cancelled = true;
    publish();
    return report;
  }
  progress(report.cancelled ? "Cancelled" : "Done", 1, 1);
  return report;
}

type Progress = (message: string, done: number, total: number) => void;

/**
 * Just before sending: re-fetch the touched sections. Entries the portal already holds are done
 * (returned, nothing to send); entries whose record changed there since the pull are conflicts;
 * rows whose document columns were typed over are told which columns.
 */
async function checkAgainstPortal(deps: SubmitDeps, planned: PlannedSection[], progress: Progress, signal?: AbortSignal): Promise<Map<SectionCode, PlanEntry[]>> {
  const touched = planned.filter(({ plan }) => plan.saves.length + plan.resets.length > 0 || plan.refused.some((r) => r.code === "record-edited"));
  const alreadyHeld = new Map<SectionCode, PlanEntry[]>();
  for (const [i, p] of touched.entries()) {
    progress(`Checking ${p.plan.section} against the portal`, i, touched.length);
    const portal = await fetchByKey(deps.client, p.plan.section, signal);
    const held: PlanEntry[] = [];
    const notHeld = <T extends PlanEntry>(entries: T[]): T[] =>
      entries.filter((e) => {
        if (!portalHolds(e, portal.get(e.row.key))) return true;
        held.push(e);
        return false;
      });
    const layout = sectionLayout(p.plan.section);
    const header = (field: SheetField) => layout.columns[layout.index[field] as number]?.header ?? field;
    p.plan = nameEditedColumns(markConflicts({ ...p.plan, saves: notHeld(p.plan.saves), resets: notHeld(p.plan.resets) }, portal), portal, header);
    if (held.length) alreadyHeld.set(p.plan.section, held);
  }
  return alreadyHeld;
}

/** Refusals and conflicts go on their rows; stale ones from an earlier run are cleared. */
async function writeRefusalsAndConflicts(deps: SubmitDeps, planned: readonly PlannedSection[], report: SubmitReport): Promise<void> {
  for (const { plan, rows } of planned) {
    const stamp = new RowReporter(deps, plan.section).stamp();
    const updates = refusalStatuses(plan, rows, stamp);
    // Rows without a key cell (pasted from elsewhere) get theirs by sheet row; the others by key.
    const keyless = new Map([...plan.refused.map((r) => r.row), ...plan.conflicts.map((c) => c.row)].filter((r) => r.keyless).map((r) => [r.key, r]));
    const byKey = [...updates].filter(([key]) => !keyless.has(key));
    if (byKey.length) await deps.sheets.writeStatuses(plan.section, byKey.map(([key, status]) => ({ key, status })));
    const atRows = [...keyless.values()].map((row) => ({ sheetRow: row.sheetRow, docNumber: row.record.docNumber, status: updates.get(row.key) as RowStatus }));
    if (atRows.length) await deps.sheets.writeStatusesAt(plan.section, atRows);
    report.refused.push(...plan.refused.map((r: Refusal) => refusalIssue(plan.section, r)));
    report.conflicts.push(...plan.conflicts.map((c: Conflict) => issue(plan.section, c.row, c.reason, c.message)));
  }
}

function refusalStatuses(plan: SectionPlan, rows: readonly ReviewRow[], stamp: string): Map<string, RowStatus> {
  const updates = new Map<string, RowStatus>();
  for (const row of rows) {
    const state = rowState(row.status);
    if (state === "refused" || state === "conflict") updates.set(row.key, { ...EMPTY_STATUS });
  }
  for (const r of plan.refused) {
    const previous = updates.get(r.row.key);
    const message = previous && rowState(previous) === "refused" && previous.message ? `${previous.message} ${r.message}` : r.message;
    updates.set(r.row.key, rowStatus(STATUS.refused, "", message, stamp));
  }
  // A supplier's change waiting for confirmation already says so on its row.
  for (const c of plan.conflicts) if (c.reason !== "supplier-changed") updates.set(c.row.key, rowStatus(STATUS.conflict, "", c.message, stamp));
  return updates;
}

function batchesOf(deps: SubmitDeps, planned: readonly PlannedSection[]): Batch[] {
  const limits = deps.limits ?? DEFAULT_BATCH_LIMITS;
  const queue: Batch[] = [];
  const add = (section: SectionCode, kind: SendKind, entries: PlanEntry[]) => queue.push({ section, kind, entries, progress: { section, kind, records: entries.length, referenceId: null, state: "sending" } });
  for (const { plan } of planned) {
    for (const b of splitBatches(plan.saves, limits)) add(plan.section, "save", b);
    for (const b of splitBatches(plan.resets, limits)) add(plan.section, "reset", b);
  }
  return queue;
}

/** Sends every batch, marking its rows "Submitted" before any polling. Returns those the portal took. */
async function sendAll(deps: SubmitDeps, queue: readonly Batch[], report: SubmitReport, publish: () => void, progress: Progress, signal?: AbortSignal): Promise<Sent[]> {
  const sent: Sent[] = [];
  for (const [i, q] of queue.entries()) {
    if (signal?.aborted) {
      report.cancelled = true;
      break;
    }
    progress(`Sending batch ${i + 1} of ${queue.length} (${q.section})`, i, queue.length);
    let outcome: SendOutcome;
    try {
      outcome = await send(deps, q.kind, q.entries, signal);
    } catch (e) {
      const refusal = refusalOf(e);
      if (!refusal) throw e;
      await failBatch(deps, q.section, q.kind, q.entries, refusal, report);
      q.progress.state = "failed";
      publish();
      continue;
    }
    if (outcome.kind === "unknown") {
      q.progress.state = "unknown";
      publish();
      if (signal?.aborted) {
        // Cancelled while the request was on its way: whether it arrived is found out next time.
        await markUnknown(deps, q.section, q.entries, "Cancelled while this was being sent; the portal may or may not have it. Submit again: the add-in checks the portal first and sends only what is missing.", report);
        report.cancelled = true;
        break;
      }
      const ok = await settleUnknown(deps, q.section, q.kind, q.entries, report, signal);
      q.progress.state = ok ? "done" : "partly-failed";
      publish();
      continue;
    }
    const referenceId = outcome.receipt.referenceId;
    q.progress.referenceId = referenceId;
    q.progress.state = "waiting";
    await markSubmitted(deps, q.section, q.kind, q.entries, referenceId);
    sent.push({ ...q, referenceId });
    publish();
  }
  return sent;
}

/**
 * Follows every reference to its end; each section's rows are written once all its batches are
 * known. A cancelled submit still leaves "Submitted" rows (and ledger entries) that resume later.
 */
async function followSent(deps: SubmitDeps, sent: readonly Sent[], report: SubmitReport, publish: () => void, progress: Progress, signal?: AbortSignal): Promise<void> {
  let known: { sent: Sent; status: RequestStatus }[] = [];
  const writeKnown = async () => {
    if (!known.length) return;
    const refs = known.map((k) => k.sent.referenceId);
    try {
      await applyOutcomes(deps, known[0]!.sent.section, known.map((k) => ({ kind: k.sent.kind, entries: k.sent.entries, status: k.status })), report);
    } catch (e) {
      if (isImsApiError(e)) throw e;
      const pending = new Set(deps.ledger.pending(deps.gstin).map((p) => p.referenceId));
      throw new OutcomesNotWrittenError(sent.filter((s) => pending.has(s.referenceId)).map((s) => s.referenceId), e instanceof Error ? e.message : String(e));
    }
    deps.ledger.settle(refs);
    known = [];
  };
  for (const [i, s] of sent.entries()) {
    if (signal?.aborted) {
      report.cancelled = true;
      break;
    }
    if (known.length && known[0]!.sent.section !== s.section) await writeKnown();
    progress(`Waiting for the portal: batch ${i + 1} of ${sent.length}`, i, sent.length);
    let status: RequestStatus;
    try {
      status = await deps.client.waitForRequest(s.referenceId, pollOptions(deps, signal));
    } catch (e) {
      if (!isCancel(e, signal)) {
        await writeKnown();
        throw e;
      }
      report.cancelled = true;
      break;
    }
    known.push({ sent: s, status });
    s.progress.state = stateOf(status);
    publish();
  }
  await writeKnown();
}
