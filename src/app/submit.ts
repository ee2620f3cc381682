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
import { GstnError, InvalidRequestError, isImsApiError, OutcomeUnknownError, PlatformHttpError, RequestAbortedError, type ImsClient, type RequestStatus, type SubmitReceipt } from "../api";
import { appliedRecord, conflictWith, itcAtStake, markConflicts, nameEditedColumns, planSection, portalHolds, type Conflict, type PlanEntry, type Refusal, type SectionPlan } from "../ims/plan";
import type { RuleContext } from "../ims/portal-rules";
import type { SheetField } from "../ims/record-fields";
import { imsRecordKey, type ImsRecord, type SaveIntent } from "../ims/records";
import { editFromRecord, EMPTY_STATUS, RESULTS, rowState, type ReviewRow, type RowProblem, type RowStatus } from "../ims/review-rows";
import { itcText, recordFingerprint } from "../ims/fingerprint";
import type { SectionCode } from "../ims/sections";
import { DEFAULT_BATCH_LIMITS, splitBatches, type BatchLimits } from "./batches";
import { sectionLayout, type LogEntry } from "../workbook";
import type { SentLedger } from "./sent-ledger";
import type { BatchProgress, ReviewReport, RowIssue, SectionReview, SubmitOptions, SubmitReport } from "./types";

/** What the submit step needs from the workbook. Rows are located by record key, never position. */
export interface SheetsPort {
  sections(): Promise<SectionCode[]>;
  /** Reads a section sheet (and re-applies its validation and formats). */
  read(section: SectionCode): Promise<{ rows: ReviewRow[]; problems: RowProblem[] }>;
  writeStatuses(section: SectionCode, updates: readonly { key: string; status: RowStatus }[]): Promise<void>;
  /** Status of rows without a key cell, by sheet row, checked against the row's document number. */
  writeStatusesAt(section: SectionCode, updates: readonly { sheetRow: number; docNumber: string; status: RowStatus }[]): Promise<void>;
  /** Rewrites whole rows (portal columns, hidden state, editable columns and status). */
  writeRows(section: SectionCode, rows: readonly ReviewRow[]): Promise<void>;
  appendLog(lines: readonly LogLine[]): Promise<void>;
}

/** A line of the log sheet: one per request, and one per check of a lost answer. */
export type LogLine = LogEntry;

/** The Result texts the submit step writes (the sheet's conditional formats colour each). */
export const STATUS = {
  submitted: RESULTS.submitted,
  saved: RESULTS.saved,
  reset: RESULTS.reset,
  failed: RESULTS.failed,
  refused: RESULTS.refused,
  conflict: RESULTS.conflict,
  unknown: RESULTS.unknown,
} as const;

export interface SubmitDeps {
  client: ImsClient;
  sheets: SheetsPort;
  /** Where reference IDs are kept until their outcome is on the rows. */
  ledger: SentLedger;
  gstin: string;
  rules: RuleContext;
  limits?: BatchLimits;
  now?: () => Date;
  pollDeadlineMs?: number;
  /** First wait before asking the portal about a request (default: the API client's). */
  pollInitialDelayMs?: number;
}

interface PlannedSection {
  plan: SectionPlan;
  rows: ReviewRow[];
}

/** Rows of an earlier submit still waiting for the portal's answer: never planned again until it is known. */
function isAwaiting(row: ReviewRow): boolean {
  return rowState(row.status) === "submitted" && row.status.referenceId !== "";
}

/** Reads and plans every section sheet, without touching the portal. Rows still awaiting an earlier answer are left out of the plan. */
export async function planWorkbook(deps: Pick<SubmitDeps, "sheets" | "rules">): Promise<PlannedSection[]> {
  const out: PlannedSection[] = [];
  for (const section of await deps.sheets.sections()) {
    const { rows, problems } = await deps.sheets.read(section);
    const awaiting = new Set(rows.filter(isAwaiting).map((r) => r.sheetRow));
    const plannable = awaiting.size ? rows.filter((r) => !awaiting.has(r.sheetRow)) : rows;
    const relevant = awaiting.size ? problems.filter((p) => !awaiting.has(p.sheetRow)) : problems;
    out.push({ plan: planSection(section, plannable, relevant, deps.rules), rows });
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
  const awaiting = planned.reduce((n, p) => n + p.rows.filter(isAwaiting).length, 0);
  return {
    sections,
    itcAtStake: itcAtStake(planned.map((p) => p.plan)),
    refused: planned.flatMap(({ plan }) => plan.refused.map((r) => issue(plan.section, r.row, r.code, r.message, refusalColumn(plan.section, r)))),
    conflicts: planned.flatMap(({ plan }) => plan.conflicts.map((c) => issue(plan.section, c.row, c.reason, c.message))),
    awaiting,
    empty: planned.every(({ plan }) => plan.saves.length === 0 && plan.resets.length === 0),
  };
}

/** The header of the column a refusal is about, as the sheet shows it. */
function refusalColumn(section: SectionCode, r: Refusal): string {
  if (!r.column) return r.field;
  const layout = sectionLayout(section);
  return layout.columns[layout.index[r.column] as number]?.header ?? r.field;
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

/** Excel failed to write what the portal did: said exactly, with the references kept for the next try. */
export class OutcomesNotWrittenError extends Error {
  constructor(
    readonly referenceIds: readonly string[],
    readonly excelMessage: string,
  ) {
    super(
      `The portal accepted ${referenceIds.length === 1 ? "request" : "requests"} ${referenceIds.join(", ")}, but Excel could not write the outcome on the rows (${excelMessage}). ` +
        "The reference IDs are kept: the outcome is written when you submit again or reopen the add-in, and nothing is sent twice.",
    );
    this.name = "OutcomesNotWrittenError";
  }
}

function emptyReport(): SubmitReport {
  return { batches: [], saved: 0, reset: 0, failed: [], conflicts: [], refused: [], cancelled: false, changedReturnPeriods: [] };
}

function stampOf(deps: SubmitDeps): string {
  return (deps.now ?? (() => new Date()))().toISOString();
}

function pollOptions(deps: SubmitDeps, signal?: AbortSignal) {
  return {
    ...(signal ? { signal } : {}),
    ...(deps.pollDeadlineMs ? { deadlineMs: deps.pollDeadlineMs } : {}),
    ...(deps.pollInitialDelayMs !== undefined ? { initialDelayMs: deps.pollInitialDelayMs } : {}),
  };
}

/** The user cancelled (the pane's Cancel, or the pane closing): stop, leaving every row in a state a later run understands. */
function isCancel(e: unknown, signal?: AbortSignal): boolean {
  return e instanceof RequestAbortedError || (!!signal?.aborted && isImsApiError(e));
}

/**
 * A request the portal turned down as a whole before doing anything with it (a business error
 * such as SIM009, or an HTTP 4xx that is not about the session or the rate limit): nothing
 * was applied, so its rows fail and the other batches go on.
 */
function refusalOf(e: unknown): { code: string; message: string } | null {
  if (e instanceof GstnError) return { code: e.errorCode, message: e.serverMessage || "The portal refused the request." };
  if (e instanceof InvalidRequestError) return { code: "not-sent", message: e.message };
  if (e instanceof PlatformHttpError && e.status >= 400 && e.status < 500 && ![401, 403, 429].includes(e.status)) {
    return { code: `HTTP ${e.status}`, message: e.serverMessage || e.message };
  }
  return null;
}

export async function submitWorkbook(deps: SubmitDeps, options: SubmitOptions = {}): Promise<SubmitReport> {
  const limits = deps.limits ?? DEFAULT_BATCH_LIMITS;
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

    // Just before sending: re-fetch the touched sections. Entries the portal already holds are
    // done (nothing to send); entries whose record changed there since the pull are conflicts;
    // rows whose document columns were typed over are told which columns.
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

    // Refusals and conflicts go on their rows now; stale ones from an earlier run are cleared.
    for (const { plan, rows } of planned) {
      const updates = new Map<string, RowStatus>();
      for (const row of rows) {
        const state = rowState(row.status);
        if (state === "refused" || state === "conflict") updates.set(row.key, { ...EMPTY_STATUS });
      }
      const stamp = stampOf(deps);
      for (const r of plan.refused) updates.set(r.row.key, { result: STATUS.refused, referenceId: "", message: joinMessages(updates.get(r.row.key), r), updatedAt: stamp });
      // A supplier's change waiting for confirmation already says so on its row.
      for (const c of plan.conflicts) if (c.reason !== "supplier-changed") updates.set(c.row.key, { result: STATUS.conflict, referenceId: "", message: c.message, updatedAt: stamp });
      // Rows without a key cell (pasted from elsewhere) get theirs by sheet row; the others by key.
      const keyless = new Map([...plan.refused.map((r) => r.row), ...plan.conflicts.map((c) => c.row)].filter((r) => r.keyless).map((r) => [r.key, r]));
      const byKey = [...updates].filter(([key]) => !keyless.has(key));
      if (byKey.length) await deps.sheets.writeStatuses(plan.section, byKey.map(([key, status]) => ({ key, status })));
      const atRows = [...keyless.values()].map((row) => ({ sheetRow: row.sheetRow, docNumber: row.record.docNumber, status: updates.get(row.key) as RowStatus }));
      if (atRows.length) await deps.sheets.writeStatusesAt(plan.section, atRows);
      report.refused.push(...plan.refused.map((r: Refusal) => issue(plan.section, r.row, r.code, r.message, refusalColumn(plan.section, r))));
      report.conflicts.push(...plan.conflicts.map((c: Conflict) => issue(plan.section, c.row, c.reason, c.message)));
    }
    for (const [section, held] of alreadyHeld) {
      await succeed(deps, section, applied(held, "The portal already holds this entry (applied earlier, or entered on the portal); nothing was sent."), report);
    }

    // Send every batch, marking its rows before any polling.
    const queue: { section: SectionCode; kind: "save" | "reset"; entries: PlanEntry[]; progress: BatchProgress }[] = [];
    for (const { plan } of planned) {
      for (const b of splitBatches(plan.saves, limits)) queue.push({ section: plan.section, kind: "save", entries: b, progress: batchOf(plan.section, "save", b.length) });
      for (const b of splitBatches(plan.resets, limits)) queue.push({ section: plan.section, kind: "reset", entries: b, progress: batchOf(plan.section, "reset", b.length) });
    }
    report.batches.push(...queue.map((q) => q.progress));
    publish();

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
      const stamp = stampOf(deps);
      deps.ledger.record({ gstin: deps.gstin, section: q.section, kind: q.kind, referenceId, keys: q.entries.map((e) => e.row.key), sentAt: stamp });
      try {
        await deps.sheets.writeStatuses(q.section, q.entries.map((e) => ({ key: e.row.key, status: { result: STATUS.submitted, referenceId, message: "Sent to the portal; waiting for its answer.", updatedAt: stamp } })));
        await deps.sheets.appendLog([{ at: stamp, gstin: deps.gstin, section: q.section, kind: q.kind, records: q.entries.length, referenceId, outcome: "submitted", processed: 0, errors: 0 }]);
      } catch {
        // The reference is in the ledger: its outcome is written below, or on the next try.
      }
      sent.push({ section: q.section, kind: q.kind, entries: q.entries, referenceId, progress: q.progress });
      publish();
    }

    // Follow every reference to its end; each section's rows are written once all its batches
    // are known. A cancelled submit still leaves "Submitted" rows that resume later.
    let known: { sent: Sent; status: RequestStatus }[] = [];
    const writeKnown = async () => {
      if (!known.length) return;
      const refs = known.map((k) => k.sent.referenceId);
      try {
        await applyOutcomes(deps, known[0]!.sent.section, known.map((k) => ({ kind: k.sent.kind, entries: k.sent.entries, status: k.status })), report);
      } catch (e) {
        if (isImsApiError(e)) throw e;
        throw new OutcomesNotWrittenError(sent.filter((s) => deps.ledger.pending(deps.gstin).some((p) => p.referenceId === s.referenceId)).map((s) => s.referenceId), e instanceof Error ? e.message : String(e));
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
  } catch (e) {
    if (!isCancel(e, signal)) throw e;
    report.cancelled = true;
    publish();
    return report;
  }
  progress(report.cancelled ? "Cancelled" : "Done", 1, 1);
  return report;
}

function batchOf(section: SectionCode, kind: "save" | "reset", records: number): BatchProgress {
  return { section, kind, records, referenceId: null, state: "sending" };
}

function stateOf(status: RequestStatus): BatchProgress["state"] {
  return status.state === "P" ? "done" : status.state === "PE" ? "partly-failed" : "failed";
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

/** A request the portal turned down whole: every row of it fails with the portal's words, and the edit stays. */
async function failBatch(deps: SubmitDeps, section: SectionCode, kind: "save" | "reset", entries: readonly PlanEntry[], refusal: { code: string; message: string }, report: SubmitReport): Promise<void> {
  const stamp = stampOf(deps);
  await deps.sheets.writeStatuses(section, entries.map((e) => ({ key: e.row.key, status: { result: STATUS.failed, referenceId: "", message: `${refusal.code}: ${sentence(refusal.message)} Nothing was applied; your entry is kept.`, updatedAt: stamp } })));
  await deps.sheets.appendLog([{ at: stamp, gstin: deps.gstin, section, kind, records: entries.length, referenceId: "", outcome: `refused: ${refusal.code}`, processed: 0, errors: entries.length }]);
  report.failed.push(...entries.map((e) => issue(section, e.row, refusal.code, refusal.message)));
}

async function markUnknown(deps: SubmitDeps, section: SectionCode, entries: readonly PlanEntry[], message: string, report: SubmitReport): Promise<void> {
  const stamp = stampOf(deps);
  await deps.sheets.writeStatuses(section, entries.map((e) => ({ key: e.row.key, status: { result: STATUS.unknown, referenceId: "", message, updatedAt: stamp } })));
  report.failed.push(...entries.map((e) => issue(section, e.row, "outcome-unknown", message)));
}

/**
 * The response to a save or reset was lost. Re-read the portal: records that now hold the
 * intended state were applied (a success, not an IMSSAV0010 failure); records still as pulled
 * were not, and are sent once more; anything else changed under us and is a conflict.
 * Returns whether every entry ended applied.
 */
async function settleUnknown(deps: SubmitDeps, section: SectionCode, kind: "save" | "reset", entries: readonly PlanEntry[], report: SubmitReport, signal?: AbortSignal): Promise<boolean> {
  const portal = await fetchByKey(deps.client, section, signal);
  const done: PlanEntry[] = [];
  const notApplied: PlanEntry[] = [];
  const changed: Conflict[] = [];
  for (const e of entries) {
    const now = portal.get(e.row.key);
    if (portalHolds(e, now)) {
      done.push(e);
      continue;
    }
    const conflict = conflictWith(e.row, now);
    if (conflict) changed.push(conflict);
    else notApplied.push(e);
  }
  const stamp = stampOf(deps);
  if (done.length) await succeed(deps, section, applied(done, "Applied (confirmed by re-reading the portal after its answer was lost)."), report);
  if (changed.length) {
    await deps.sheets.writeStatuses(section, changed.map((c) => ({ key: c.row.key, status: { result: STATUS.conflict, referenceId: "", message: `The portal's answer was lost, and the record has changed there since. ${c.message}`, updatedAt: stamp } })));
    report.conflicts.push(...changed.map((c) => issue(section, c.row, c.reason, c.message)));
  }
  await deps.sheets.appendLog([{ at: stamp, gstin: deps.gstin, section, kind: "check", records: entries.length, referenceId: "", outcome: `answer lost: ${done.length} applied, ${notApplied.length} to resend, ${changed.length} changed`, processed: done.length, errors: changed.length }]);
  if (notApplied.length === 0) return changed.length === 0;
  if (signal?.aborted) {
    await markUnknown(deps, section, notApplied, "Cancelled before this could be sent again. Submit again: the add-in checks the portal first.", report);
    return false;
  }
  let again: SendOutcome;
  try {
    again = await send(deps, kind, notApplied, signal);
  } catch (e) {
    const refusal = refusalOf(e);
    if (!refusal) throw e;
    await failBatch(deps, section, kind, notApplied, refusal, report);
    return false;
  }
  if (again.kind === "unknown") {
    await markUnknown(deps, section, notApplied, "The portal did not answer twice. Submit again later: the add-in will check what was applied first.", report);
    return false;
  }
  const referenceId = again.receipt.referenceId;
  await deps.sheets.writeStatuses(section, notApplied.map((e) => ({ key: e.row.key, status: { result: STATUS.submitted, referenceId, message: "Sent to the portal; waiting for its answer.", updatedAt: stamp } })));
  await deps.sheets.appendLog([{ at: stamp, gstin: deps.gstin, section, kind, records: notApplied.length, referenceId, outcome: "submitted", processed: 0, errors: 0 }]);
  const status = await deps.client.waitForRequest(referenceId, pollOptions(deps, signal));
  await applyOutcome(deps, section, kind, notApplied, status, report);
  return changed.length === 0 && status.state === "P";
}

/** Failures a request status reports, by record key (every record for ER). */
function failuresOf(keys: readonly string[], status: RequestStatus): Map<string, { code: string; message: string }> {
  const failedByKey = new Map<string, { code: string; message: string }>();
  if (status.state === "ER") {
    for (const key of keys) failedByKey.set(key, { code: status.errorCode ?? "ER", message: status.errorMessage ?? "The portal refused the whole request." });
  } else {
    for (const err of status.recordErrors) {
      const key = imsRecordKey({ section: err.section, supplierGstin: err.supplierGstin, docNumber: err.docNumber, returnPeriod: err.returnPeriod });
      failedByKey.set(key, { code: err.errorCode, message: err.message });
    }
  }
  return failedByKey;
}

/** "IMSSAV0010: Either previous action is incorrect/ invoice might have edited by supplier. …": the portal's words, then what to do. */
function failureMessage(f: { code: string; message: string }): string {
  const advice = f.code === "IMSSAV0010" ? " The record changed on the portal since your pull; refresh the sheet (your entry is kept) and submit again." : " Your entry is kept.";
  return `${f.code}: ${sentence(f.message)}${advice}`;
}

/** Text ending with a full stop. */
function sentence(text: string): string {
  const t = text.trim();
  return t === "" || /[.!?]$/.test(t) ? t : `${t}.`;
}

/** Writes the outcomes of requests of one section: one read, one write of the rows that succeeded, one of those that failed. */
async function applyOutcomes(deps: SubmitDeps, section: SectionCode, outcomes: readonly { kind: "save" | "reset"; entries: readonly PlanEntry[]; status: RequestStatus }[], report: SubmitReport): Promise<void> {
  const stamp = stampOf(deps);
  const ok: Applied[] = [];
  const failedStatuses: { key: string; status: RowStatus }[] = [];
  const lines: LogLine[] = [];
  for (const { kind, entries, status } of outcomes) {
    const failedByKey = failuresOf(entries.map((e) => e.row.key), status);
    let failed = 0;
    for (const e of entries) {
      const f = failedByKey.get(e.row.key);
      if (!f) {
        ok.push({ entry: e, referenceId: status.referenceId, message: `Accepted by the portal (reference ${status.referenceId}).` });
        continue;
      }
      failed++;
      failedStatuses.push({ key: e.row.key, status: { result: STATUS.failed, referenceId: status.referenceId, message: failureMessage(f), updatedAt: stamp } });
      report.failed.push(issue(section, e.row, f.code, f.message));
    }
    lines.push({ at: stamp, gstin: deps.gstin, section, kind, records: entries.length, referenceId: status.referenceId, outcome: status.state, processed: status.processed, errors: failed });
  }
  if (ok.length) await succeed(deps, section, ok, report);
  if (failedStatuses.length) await deps.sheets.writeStatuses(section, failedStatuses);
  await deps.sheets.appendLog(lines);
}

async function applyOutcome(deps: SubmitDeps, section: SectionCode, kind: "save" | "reset", entries: readonly PlanEntry[], status: RequestStatus, report: SubmitReport): Promise<void> {
  await applyOutcomes(deps, section, [{ kind, entries, status }], report);
}

interface Applied {
  entry: PlanEntry;
  referenceId: string;
  message: string;
}

function applied(entries: readonly PlanEntry[], message: string, referenceId = ""): Applied[] {
  return entries.map((entry) => ({ entry, referenceId, message }));
}

/** Whether two entries ask for the same thing (the cells may be written differently). */
function sameEdit(a: ReviewRow["edit"], b: ReviewRow["edit"]): boolean {
  return a.action === b.action && a.remarks === b.remarks && itcText(a.itcReduction) === itcText(b.itcReduction) && JSON.stringify(a.unparsed ?? {}) === JSON.stringify(b.unparsed ?? {});
}

/**
 * Rows the portal applied: the new action becomes their pulled state, so nothing is sent twice.
 * The sheet is read first: a row whose entry the user changed while the submit ran keeps the
 * new entry (it is sent next time), so no edit is lost.
 */
async function succeed(deps: SubmitDeps, section: SectionCode, items: readonly Applied[], report: SubmitReport): Promise<void> {
  const stamp = stampOf(deps);
  const current = new Map((await deps.sheets.read(section)).rows.map((r) => [r.key, r]));
  const rows = items.map(({ entry: e, referenceId, message }) => {
    const record = appliedRecord(e.record, e.kind === "save" ? e.intent : null);
    const now = current.get(e.row.key);
    const changedMeanwhile = now !== undefined && !sameEdit(now.edit, e.row.edit);
    const row: ReviewRow = {
      ...e.row,
      record,
      pulledAction: record.action,
      version: record.hash,
      fingerprint: recordFingerprint(record),
      edit: changedMeanwhile ? now.edit : editFromRecord(record),
      status: {
        result: e.kind === "save" ? STATUS.saved : STATUS.reset,
        referenceId,
        message: changedMeanwhile ? `${message} You changed this row while it was being sent: your new entry is kept and is sent on the next submit.` : message,
        updatedAt: stamp,
      },
      inPortal: true,
    };
    return row;
  });
  await deps.sheets.writeRows(section, rows);
  for (const { entry } of items) countApplied(report, entry.kind, entry.record);
}

export { appliedRecord };

/** Counts a change the portal applied, and the return period it may move GSTR-2B for. */
function countApplied(report: SubmitReport, kind: "save" | "reset", record: ImsRecord): void {
  if (kind === "save") report.saved++;
  else report.reset++;
  if (!report.changedReturnPeriods.includes(record.returnPeriod)) report.changedReturnPeriods.push(record.returnPeriod);
}

async function fetchByKey(client: ImsClient, section: SectionCode, signal?: AbortSignal): Promise<Map<string, ImsRecord>> {
  const records = await client.getInvoices(section, signal ? { signal } : {});
  return new Map(records.map((r) => [imsRecordKey(r), r]));
}

function joinMessages(previous: RowStatus | undefined, r: Refusal): string {
  return previous && rowState(previous) === "refused" && previous.message ? `${previous.message} ${r.message}` : r.message;
}

// ---- following up requests left "Submitted" ----------------------------------------------

interface Waiting {
  section: SectionCode;
  referenceId: string;
  rows: ReviewRow[];
  /** Known when the request comes from the ledger. */
  kind?: "save" | "reset";
}

/** Requests to follow up: those the rows say are "Submitted", and those only the ledger knows (Excel failed to mark their rows). */
function waitingGroups(deps: SubmitDeps, planned: readonly PlannedSection[]): Waiting[] {
  const out = awaitingGroups(planned);
  const known = new Set(out.map((w) => w.referenceId));
  const ledger = deps.ledger;
  const gone: string[] = [];
  for (const request of ledger.pending(deps.gstin)) {
    if (known.has(request.referenceId)) {
      const w = out.find((x) => x.referenceId === request.referenceId);
      if (w) w.kind = request.kind;
      continue;
    }
    const section = planned.find((p) => p.plan.section === request.section);
    const byKey = new Map((section?.rows ?? []).map((r) => [r.key, r]));
    const rows = request.keys.map((k) => byKey.get(k)).filter((r): r is ReviewRow => r !== undefined);
    if (rows.length === 0) gone.push(request.referenceId);
    else out.push({ section: request.section, referenceId: request.referenceId, rows, kind: request.kind });
  }
  // Rows deleted since (or a sheet removed): nothing left to write the outcome on.
  if (gone.length) ledger.settle(gone);
  return out;
}

function awaitingGroups(planned: readonly PlannedSection[]): Waiting[] {
  const out: Waiting[] = [];
  for (const { plan, rows } of planned) {
    const byRef = new Map<string, ReviewRow[]>();
    for (const row of rows) {
      if (!isAwaiting(row)) continue;
      const list = byRef.get(row.status.referenceId) ?? [];
      list.push(row);
      byRef.set(row.status.referenceId, list);
    }
    for (const [referenceId, list] of byRef) out.push({ section: plan.section, referenceId, rows: list });
  }
  return out;
}

/**
 * Follows requests left "Submitted" by a pane that closed mid-way: their reference IDs are on
 * the rows, so the outcome can still be written back.
 */
export async function resumeSubmitted(deps: SubmitDeps, options: SubmitOptions = {}): Promise<SubmitReport | null> {
  const report = emptyReport();
  const planned: PlannedSection[] = [];
  for (const section of await deps.sheets.sections()) {
    const { rows } = await deps.sheets.read(section);
    planned.push({ plan: { section, saves: [], resets: [], refused: [], conflicts: [] }, rows });
  }
  const waiting = waitingGroups(deps, planned);
  if (waiting.length === 0) return null;
  try {
    await followUp(deps, waiting, report, options);
  } catch (e) {
    if (!isCancel(e, options.signal)) throw e;
    report.cancelled = true;
  }
  return report;
}

/**
 * Waits for each reference, then writes its rows: failures keep the user's entry and say why;
 * successes take what the portal now holds (re-read, since the entry may have been changed
 * since it was sent) as their pulled state, keeping any newer entry of the user's.
 */
async function followUp(deps: SubmitDeps, waiting: readonly Waiting[], report: SubmitReport, options: SubmitOptions): Promise<void> {
  const signal = options.signal;
  const done: { w: Waiting; kind: "save" | "reset"; status: RequestStatus | null; progress: BatchProgress }[] = [];
  for (const [i, w] of waiting.entries()) {
    if (signal?.aborted) {
      report.cancelled = true;
      break;
    }
    options.onProgress?.({ message: `Following up earlier submission ${w.referenceId}`, done: i, total: waiting.length });
    const guess: "save" | "reset" = w.rows.every((r) => r.edit.action === "N") ? "reset" : "save";
    const progress: BatchProgress = { section: w.section, kind: guess, records: w.rows.length, referenceId: w.referenceId, state: "waiting" };
    report.batches.push(progress);
    options.onBatch?.(report.batches.map((b) => ({ ...b })));
    let status: RequestStatus | null = null;
    try {
      status = await deps.client.waitForRequest(w.referenceId, pollOptions(deps, signal));
    } catch (e) {
      // The portal does not know the reference: what was applied is found out by re-reading.
      if (!(e instanceof GstnError)) throw e;
    }
    const kind = status?.operation ?? w.kind ?? guess;
    progress.kind = kind;
    done.push({ w, kind, status, progress });
  }

  const sections = [...new Set(done.map((d) => d.w.section))];
  for (const section of sections) {
    const mine = done.filter((d) => d.w.section === section);
    const portal = await fetchByKey(deps.client, section, signal);
    const rows: ReviewRow[] = [];
    const statuses: { key: string; status: RowStatus }[] = [];
    const stamp = stampOf(deps);
    for (const { w, kind, status, progress } of mine) {
      if (!status) {
        const entries = w.rows.map((row) => entryOf(row, kind));
        const held = entries.filter((e) => portalHolds(e, portal.get(e.row.key)));
        const heldKeys = new Set(held.map((e) => e.row.key));
        for (const e of held) rows.push(followedRow(e.row, portal.get(e.row.key) as ImsRecord, kind, w.referenceId, stamp, "The portal no longer knows this request, but it holds this entry: applied."));
        for (const e of entries.filter((x) => !heldKeys.has(x.row.key))) {
          statuses.push({ key: e.row.key, status: { result: STATUS.unknown, referenceId: w.referenceId, message: `The portal no longer knows request ${w.referenceId} and does not hold this entry. Submit again to send it.`, updatedAt: stamp } });
          report.failed.push(issue(section, e.row, "outcome-unknown", "The portal does not know the request"));
        }
        for (const e of held) countApplied(report, kind, e.record);
        progress.state = held.length === entries.length ? "done" : "unknown";
        await deps.sheets.appendLog([{ at: stamp, gstin: deps.gstin, section, kind: "check", records: entries.length, referenceId: w.referenceId, outcome: `unknown reference: ${held.length} applied`, processed: held.length, errors: entries.length - held.length }]);
        continue;
      }
      const failedByKey = failuresOf(w.rows.map((r) => r.key), status);
      let failed = 0;
      for (const row of w.rows) {
        const f = failedByKey.get(row.key);
        const now = portal.get(row.key);
        if (f) {
          failed++;
          statuses.push({ key: row.key, status: { result: STATUS.failed, referenceId: w.referenceId, message: failureMessage(f), updatedAt: stamp } });
          report.failed.push(issue(section, row, f.code, f.message));
        } else if (!now) {
          statuses.push({ key: row.key, status: { result: STATUS.conflict, referenceId: w.referenceId, message: "Applied, but the portal no longer lists this record (the supplier may have amended it, or GSTR-3B was filed). Refresh the sheet.", updatedAt: stamp } });
          report.conflicts.push(issue(section, row, "left-portal", "No longer on the portal"));
        } else {
          rows.push(followedRow(row, now, kind, w.referenceId, stamp, `Accepted by the portal (reference ${w.referenceId}); followed up after the task pane was closed.`));
          countApplied(report, kind, row.record);
        }
      }
      progress.state = stateOf(status);
      await deps.sheets.appendLog([{ at: stamp, gstin: deps.gstin, section, kind, records: w.rows.length, referenceId: w.referenceId, outcome: status.state, processed: status.processed, errors: failed }]);
    }
    try {
      if (rows.length) await deps.sheets.writeRows(section, rows);
      if (statuses.length) await deps.sheets.writeStatuses(section, statuses);
    } catch (e) {
      throw new OutcomesNotWrittenError(
        mine.map((d) => d.w.referenceId),
        e instanceof Error ? e.message : String(e),
      );
    }
    deps.ledger.settle(mine.map((d) => d.w.referenceId));
    options.onBatch?.(report.batches.map((b) => ({ ...b })));
  }
}

function entryOf(row: ReviewRow, kind: "save" | "reset"): PlanEntry {
  return kind === "reset" ? { kind: "reset", row, record: row.record } : { kind: "save", row, record: row.record, intent: intentOf(row) };
}

/**
 * A followed-up row: the portal's record as its pulled state. The user's entry stays when it
 * asks for something else than the portal now holds (it was changed after sending), so that it
 * is sent next time; otherwise the row shows the portal's state and is no longer edited.
 */
function followedRow(row: ReviewRow, now: ImsRecord, kind: "save" | "reset", referenceId: string, stamp: string, message: string): ReviewRow {
  const entry = entryOf(row, row.edit.action === "N" ? "reset" : "save");
  const asked = row.edit.action !== null && !row.edit.unparsed && portalHolds(entry, now);
  return {
    ...row,
    record: now,
    pulledAction: now.action,
    version: now.hash,
    fingerprint: recordFingerprint(now),
    edit: asked ? editFromRecord(now) : row.edit,
    status: { result: kind === "save" ? STATUS.saved : STATUS.reset, referenceId, message, updatedAt: stamp },
    inPortal: true,
  };
}

function intentOf(row: ReviewRow): SaveIntent {
  const action = row.edit.action;
  const intent: SaveIntent = { action: action === "A" || action === "R" || action === "P" ? action : "A" };
  if (row.edit.remarks) intent.remarks = row.edit.remarks;
  if (row.edit.itcReduction) intent.itcReduction = row.edit.itcReduction;
  return intent;
}
