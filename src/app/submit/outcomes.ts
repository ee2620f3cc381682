/** Writing what the portal did on the rows: successes take the applied state, failures keep the entry and say why. */
import type { RequestStatus } from "../../api";
import type { PlanEntry } from "../../ims/plan";
import { imsRecordKey, type ImsRecord } from "../../ims/records";
import type { RowStatus } from "../../ims/review-rows";
import { appliedRow, status as rowStatus } from "../../ims/row-transitions";
import type { SectionCode } from "../../ims/sections";
import type { BatchProgress, SubmitReport } from "../types";
import { RowReporter, STATUS, type LogLine, type SendKind, type SubmitDeps } from "./deps";
import { issue } from "./review";

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

/** A batch's progress state once the portal has answered. */
export function stateOf(status: RequestStatus): BatchProgress["state"] {
  return status.state === "P" ? "done" : status.state === "PE" ? "partly-failed" : "failed";
}

export interface Failure {
  code: string;
  message: string;
}

/**
 * Failures a request status reports, by record key: every record for ER; the named documents;
 * and for an entry naming only a supplier, every record of that supplier and section in the
 * request (it may concern only some, but none may be reported saved wrongly).
 */
export function failuresOf(rows: readonly { key: string; record: Pick<ImsRecord, "section" | "supplierGstin"> }[], status: RequestStatus): Map<string, Failure> {
  const failedByKey = new Map<string, Failure>();
  if (status.state === "ER") {
    for (const { key } of rows) failedByKey.set(key, { code: status.errorCode ?? "ER", message: status.errorMessage ?? "The portal refused the whole request." });
    return failedByKey;
  }
  for (const err of status.recordErrors) {
    const key = imsRecordKey({ section: err.section, supplierGstin: err.supplierGstin, docNumber: err.docNumber, returnPeriod: err.returnPeriod });
    failedByKey.set(key, { code: err.errorCode, message: err.message });
  }
  for (const err of status.supplierErrors ?? []) {
    const message = `${sentence(err.message)} (The portal named the supplier, not the document: every document of ${err.supplierGstin} in this request is marked failed.)`;
    for (const { key, record } of rows) {
      if (record.section === err.section && record.supplierGstin === err.supplierGstin && !failedByKey.has(key)) failedByKey.set(key, { code: err.errorCode, message });
    }
  }
  return failedByKey;
}

/** "IMSSAV0010: Either previous action is incorrect/ invoice might have edited by supplier. …": the portal's words, then what to do. */
export function failureMessage(f: Failure): string {
  const advice = f.code === "IMSSAV0010" ? " The record changed on the portal since your pull; refresh the sheet (your entry is kept) and submit again." : " Your entry is kept.";
  return `${f.code}: ${sentence(f.message)}${advice}`;
}

/** Text ending with a full stop. */
export function sentence(text: string): string {
  const t = text.trim();
  return t === "" || /[.!?]$/.test(t) ? t : `${t}.`;
}

export interface Applied {
  entry: PlanEntry;
  referenceId: string;
  message: string;
}

export function applied(entries: readonly PlanEntry[], message: string, referenceId = ""): Applied[] {
  return entries.map((entry) => ({ entry, referenceId, message }));
}

/** Counts a change the portal applied, and the return period it may move GSTR-2B for. */
export function countApplied(report: SubmitReport, kind: SendKind, record: ImsRecord): void {
  if (kind === "save") report.saved++;
  else report.reset++;
  if (!report.changedReturnPeriods.includes(record.returnPeriod)) report.changedReturnPeriods.push(record.returnPeriod);
}

/**
 * Rows the portal applied: the new action becomes their pulled state, so nothing is sent twice.
 * The sheet is read first: a row whose entry the user changed while the submit ran keeps the
 * new entry (it is sent next time), so no edit is lost.
 */
export async function succeed(deps: SubmitDeps, section: SectionCode, items: readonly Applied[], report: SubmitReport): Promise<void> {
  const current = new Map((await deps.sheets.read(section)).rows.map((r) => [r.key, r]));
  const stamp = new RowReporter(deps, section).stamp();
  await deps.sheets.writeRows(
    section,
    items.map(({ entry, referenceId, message }) => appliedRow(entry, current.get(entry.row.key), referenceId, message, stamp)),
  );
  for (const { entry } of items) countApplied(report, entry.kind, entry.record);
}

export interface Outcome {
  kind: SendKind;
  entries: readonly PlanEntry[];
  status: RequestStatus;
}

/** Writes the outcomes of requests of one section: one read, one write of the rows that succeeded, one of those that failed. */
export async function applyOutcomes(deps: SubmitDeps, section: SectionCode, outcomes: readonly Outcome[], report: SubmitReport): Promise<void> {
  const reporter = new RowReporter(deps, section);
  const stamp = reporter.stamp();
  const ok: Applied[] = [];
  const failedStatuses: { key: string; status: RowStatus }[] = [];
  const lines: Omit<LogLine, "at" | "gstin" | "section">[] = [];
  for (const { kind, entries, status } of outcomes) {
    const failedByKey = failuresOf(entries.map((e) => ({ key: e.row.key, record: e.record })), status);
    let failed = 0;
    for (const e of entries) {
      const f = failedByKey.get(e.row.key);
      if (!f) {
        ok.push({ entry: e, referenceId: status.referenceId, message: `Accepted by the portal (reference ${status.referenceId}).` });
        continue;
      }
      failed++;
      failedStatuses.push({ key: e.row.key, status: rowStatus(STATUS.failed, status.referenceId, failureMessage(f), stamp) });
      report.failed.push(issue(section, e.row, f.code, f.message));
    }
    lines.push({ kind, records: entries.length, referenceId: status.referenceId, outcome: status.state, processed: status.processed, errors: failed });
  }
  if (ok.length) await succeed(deps, section, ok, report);
  if (failedStatuses.length) await deps.sheets.writeStatuses(section, failedStatuses);
  await reporter.log(lines);
}
