/**
 * A lost answer: the response to a save or reset never came. The portal is re-read, never
 * blindly retried: records that now hold the intended state were applied (a success, not an
 * IMSSAV0010 failure); records still as pulled were not, and are sent once more; anything else
 * changed under us and is a conflict.
 */
import { conflictWith, portalHolds, type Conflict, type PlanEntry } from "../../ims/plan";
import { status } from "../../ims/row-transitions";
import type { SectionCode } from "../../ims/sections";
import type { SubmitReport } from "../types";
import { fetchByKey, pollOptions, RowReporter, STATUS, type SendKind, type SubmitDeps } from "./deps";
import { applied, applyOutcomes, succeed } from "./outcomes";
import { issue } from "./review";
import { failBatch, markSubmitted, markUnknown, refusalOf, send, type SendOutcome } from "./send";

/** Returns whether every entry ended applied. */
export async function settleUnknown(deps: SubmitDeps, section: SectionCode, kind: SendKind, entries: readonly PlanEntry[], report: SubmitReport, signal?: AbortSignal): Promise<boolean> {
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
  const reporter = new RowReporter(deps, section);
  if (done.length) await succeed(deps, section, applied(done, "Applied (confirmed by re-reading the portal after its answer was lost)."), report);
  if (changed.length) {
    const stamp = reporter.stamp();
    await deps.sheets.writeStatuses(
      section,
      changed.map((c) => ({ key: c.row.key, status: status(STATUS.conflict, "", `The portal's answer was lost, and the record has changed there since. ${c.message}`, stamp) })),
    );
    report.conflicts.push(...changed.map((c) => issue(section, c.row, c.reason, c.message)));
  }
  await reporter.log([
    { kind: "check", records: entries.length, referenceId: "", outcome: `answer lost: ${done.length} applied, ${notApplied.length} to resend, ${changed.length} changed`, processed: done.length, errors: changed.length },
  ]);
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
  await markSubmitted(deps, section, kind, notApplied, referenceId);
  const answer = await deps.client.waitForRequest(referenceId, pollOptions(deps, signal));
  await applyOutcomes(deps, section, [{ kind, entries: notApplied, status: answer }], report);
  deps.ledger.settle([referenceId]);
  return changed.length === 0 && answer.state === "P";
}
