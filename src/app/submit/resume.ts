/**
 * Following up requests left "Submitted" by a pane that closed mid-way (their reference IDs are
 * on the rows), and those only the ledger knows (Excel failed to mark their rows).
 */
import { GstnError, type RequestStatus } from "../../api";
import { entryOf, portalHolds, type PlanEntry } from "../../ims/plan";
import type { ImsRecord } from "../../ims/records";
import type { ReviewRow, RowStatus } from "../../ims/review-rows";
import { followedRow, status as rowStatus } from "../../ims/row-transitions";
import type { SectionCode } from "../../ims/sections";
import type { BatchProgress, SubmitOptions, SubmitReport } from "../types";
import { fetchByKey, isCancel, pollOptions, RowReporter, STATUS, type PlannedSection, type SendKind, type SubmitDeps } from "./deps";
import { countApplied, failureMessage, failuresOf, OutcomesNotWrittenError, stateOf } from "./outcomes";
import { isAwaiting, issue } from "./review";

export interface Waiting {
  section: SectionCode;
  referenceId: string;
  rows: ReviewRow[];
  /** Known when the request comes from the ledger. */
  kind?: SendKind;
}

export function emptyReport(): SubmitReport {
  return { batches: [], saved: 0, reset: 0, failed: [], conflicts: [], refused: [], cancelled: false, changedReturnPeriods: [] };
}

/** Requests to follow up: those the rows say are "Submitted", and those only the ledger knows. */
export function waitingGroups(deps: SubmitDeps, planned: readonly PlannedSection[]): Waiting[] {
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

/** Follows requests left "Submitted"; null when there are none. */
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

interface Answered {
  w: Waiting;
  kind: SendKind;
  /** null: the portal no longer knows the reference. */
  status: RequestStatus | null;
  progress: BatchProgress;
}

/**
 * Waits for each reference, then writes its rows: failures keep the user's entry and say why;
 * successes take what the portal now holds (re-read, since the entry may have been changed
 * since it was sent) as their pulled state, keeping any newer entry of the user's.
 */
export async function followUp(deps: SubmitDeps, waiting: readonly Waiting[], report: SubmitReport, options: SubmitOptions): Promise<void> {
  const signal = options.signal;
  const done: Answered[] = [];
  for (const [i, w] of waiting.entries()) {
    if (signal?.aborted) {
      report.cancelled = true;
      break;
    }
    options.onProgress?.({ message: `Following up earlier submission ${w.referenceId}`, done: i, total: waiting.length });
    const guess: SendKind = w.rows.every((r) => r.edit.action === "N") ? "reset" : "save";
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

  for (const section of new Set(done.map((d) => d.w.section))) {
    const mine = done.filter((d) => d.w.section === section);
    const portal = await fetchByKey(deps.client, section, signal);
    const reporter = new RowReporter(deps, section);
    const rows: ReviewRow[] = [];
    const statuses: { key: string; status: RowStatus }[] = [];
    for (const answered of mine) {
      const settled = answered.status ? answeredRows(deps, answered, answered.status, portal, report) : unknownReferenceRows(deps, answered, portal, report);
      rows.push(...settled.rows);
      statuses.push(...settled.statuses);
      await reporter.log([settled.log]);
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

interface Settled {
  rows: ReviewRow[];
  statuses: { key: string; status: RowStatus }[];
  log: { kind: SendKind | "check"; records: number; referenceId: string; outcome: string; processed: number; errors: number };
}

/** The portal answered: each row failed (entry kept), left the portal, or was applied. */
function answeredRows(deps: SubmitDeps, { w, kind, progress }: Answered, status: RequestStatus, portal: ReadonlyMap<string, ImsRecord>, report: SubmitReport): Settled {
  const stamp = new RowReporter(deps, w.section).stamp();
  const out: Settled = { rows: [], statuses: [], log: { kind, records: w.rows.length, referenceId: w.referenceId, outcome: status.state, processed: status.processed, errors: 0 } };
  const failedByKey = failuresOf(w.rows, status);
  for (const row of w.rows) {
    const f = failedByKey.get(row.key);
    const now = portal.get(row.key);
    if (f) {
      out.log.errors++;
      out.statuses.push({ key: row.key, status: rowStatus(STATUS.failed, w.referenceId, failureMessage(f), stamp) });
      report.failed.push(issue(w.section, row, f.code, f.message));
    } else if (!now) {
      out.statuses.push({ key: row.key, status: rowStatus(STATUS.conflict, w.referenceId, "Applied, but the portal no longer lists this record (the supplier may have amended it, or GSTR-3B was filed). Refresh the sheet.", stamp) });
      report.conflicts.push(issue(w.section, row, "left-portal", "No longer on the portal"));
    } else {
      out.rows.push(followedRow(row, now, kind, w.referenceId, `Accepted by the portal (reference ${w.referenceId}); followed up after the task pane was closed.`, stamp));
      countApplied(report, kind, row.record);
    }
  }
  progress.state = stateOf(status);
  return out;
}

/** The portal no longer knows the reference: rows whose entry it holds were applied; the others are unknown. */
function unknownReferenceRows(deps: SubmitDeps, { w, kind, progress }: Answered, portal: ReadonlyMap<string, ImsRecord>, report: SubmitReport): Settled {
  const stamp = new RowReporter(deps, w.section).stamp();
  const out: Settled = { rows: [], statuses: [], log: { kind: "check", records: w.rows.length, referenceId: w.referenceId, outcome: "", processed: 0, errors: 0 } };
  for (const row of w.rows) {
    const entry: PlanEntry | null = entryOf(row, kind);
    const now = portal.get(row.key);
    if (entry && now && portalHolds(entry, now)) {
      out.rows.push(followedRow(row, now, kind, w.referenceId, "The portal no longer knows this request, but it holds this entry: applied.", stamp));
      countApplied(report, kind, row.record);
      out.log.processed++;
    } else {
      out.statuses.push({ key: row.key, status: rowStatus(STATUS.unknown, w.referenceId, `The portal no longer knows request ${w.referenceId} and does not hold this entry. Submit again to send it.`, stamp) });
      report.failed.push(issue(w.section, row, "outcome-unknown", "The portal does not know the request"));
      out.log.errors++;
    }
  }
  out.log.outcome = `unknown reference: ${out.log.processed} applied`;
  progress.state = out.log.errors === 0 ? "done" : "unknown";
  return out;
}
