/** Sending one batch, and what its rows say when the portal refuses it whole or does not answer. */
import { GstnError, InvalidRequestError, OutcomeUnknownError, PlatformHttpError, type SubmitReceipt } from "../../api";
import type { PlanEntry, SaveEntry } from "../../ims/plan";
import type { SectionCode } from "../../ims/sections";
import type { SubmitReport } from "../types";
import { RowReporter, STATUS, WAITING_MESSAGE, type SendKind, type SubmitDeps } from "./deps";
import { sentence } from "./outcomes";
import { issue } from "./review";

export type SendOutcome = { kind: "sent"; receipt: SubmitReceipt } | { kind: "unknown" };

export async function send(deps: SubmitDeps, kind: SendKind, entries: readonly PlanEntry[], signal?: AbortSignal): Promise<SendOutcome> {
  const opts = signal ? { signal } : {};
  try {
    const receipt =
      kind === "save"
        ? await deps.client.save(
            (entries as readonly SaveEntry[]).map((e) => ({ record: e.record, intent: e.intent })),
            opts,
          )
        : await deps.client.reset(entries.map((e) => e.record), opts);
    return { kind: "sent", receipt };
  } catch (e) {
    if (e instanceof OutcomeUnknownError) return { kind: "unknown" };
    throw e;
  }
}

export interface BatchRefusal {
  code: string;
  message: string;
}

/**
 * A request the portal turned down as a whole before doing anything with it (a business error
 * such as SIM009, or an HTTP 4xx that is not about the session or the rate limit): nothing
 * was applied, so its rows fail and the other batches go on.
 */
export function refusalOf(e: unknown): BatchRefusal | null {
  if (e instanceof GstnError) return { code: e.errorCode, message: e.serverMessage || "The portal refused the request." };
  if (e instanceof InvalidRequestError) return { code: "not-sent", message: e.message };
  if (e instanceof PlatformHttpError && e.status >= 400 && e.status < 500 && ![401, 403, 429].includes(e.status)) {
    return { code: `HTTP ${e.status}`, message: e.serverMessage || e.message };
  }
  return null;
}

/** A request the portal turned down whole: every row of it fails with the portal's words, and the edit stays. */
export async function failBatch(deps: SubmitDeps, section: SectionCode, kind: SendKind, entries: readonly PlanEntry[], refusal: BatchRefusal, report: SubmitReport): Promise<void> {
  const reporter = new RowReporter(deps, section);
  await reporter.mark(
    entries.map((e) => e.row.key),
    STATUS.failed,
    "",
    `${refusal.code}: ${sentence(refusal.message)} Nothing was applied; your entry is kept.`,
  );
  await reporter.log([{ kind, records: entries.length, referenceId: "", outcome: `refused: ${refusal.code}`, processed: 0, errors: entries.length }]);
  report.failed.push(...entries.map((e) => issue(section, e.row, refusal.code, refusal.message)));
}

export async function markUnknown(deps: SubmitDeps, section: SectionCode, entries: readonly PlanEntry[], message: string, report: SubmitReport): Promise<void> {
  await new RowReporter(deps, section).mark(entries.map((e) => e.row.key), STATUS.unknown, "", message);
  report.failed.push(...entries.map((e) => issue(section, e.row, "outcome-unknown", message)));
}

/**
 * The portal took the request: its reference goes into the ledger first, then on the rows and
 * into the log. If Excel fails those writes, the ledger still has it: the outcome is written
 * once known, or on the next try.
 */
export async function markSubmitted(deps: SubmitDeps, section: SectionCode, kind: SendKind, entries: readonly PlanEntry[], referenceId: string): Promise<void> {
  const reporter = new RowReporter(deps, section);
  const keys = entries.map((e) => e.row.key);
  deps.ledger.record({ gstin: deps.gstin, section, kind, referenceId, keys, sentAt: reporter.stamp() });
  try {
    await reporter.mark(keys, STATUS.submitted, referenceId, WAITING_MESSAGE);
    await reporter.log([{ kind, records: entries.length, referenceId, outcome: "submitted", processed: 0, errors: 0 }]);
  } catch {
    // Kept in the ledger (above).
  }
}
