/** Review: what Submit would send (by section and action), the ITC at stake, and the rows to look at. */
import { Button, Caption1, MessageBar, MessageBarActions, MessageBarBody } from "@fluentui/react-components";
import { useCallback, useId, useRef, useState } from "react";
import type { ReviewReport, SectionReview } from "../app/types";
import { useActivity, useImsApp, usePane } from "./context";
import { BusyHint } from "./BusyHint";
import { ErrorNotice } from "./ErrorNotice";
import { count, plural, sectionTitle, uniqueSections } from "./format";
import { ItcAtStakeView } from "./ItcAtStakeView";
import { RowIssueList } from "./RowIssueList";
import { usePanelStyles } from "./styles";
import { SubmitPanel } from "./SubmitPanel";
import { TaskProgress } from "./TaskProgress";
import { useTask } from "./use-task";

export function ReviewPanel() {
  const styles = usePanelStyles();
  const app = useImsApp();
  const pane = usePane();
  const activity = useActivity();
  const task = useTask<ReviewReport>("review");
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  const [reviewedVersion, setReviewedVersion] = useState<number | null>(null);
  const [submitted, setSubmitted] = useState(false);

  const review = useCallback(async () => {
    const version = pane.sheetsVersion;
    const report = await task.run((o) => app.review(o));
    if (report) {
      setReviewedVersion(version);
      setSubmitted(false);
    }
  }, [app, pane.sheetsVersion, task]);

  const report = task.status === "success" ? task.result : null;
  const pulledSince = report !== null && reviewedVersion !== pane.sheetsVersion;
  const stale = pulledSince || submitted;

  return (
    <div className={styles.panel}>
      <section className={styles.section} aria-labelledby={headingId}>
        <div className={styles.row} style={{ justifyContent: "space-between" }}>
          <h3 id={headingId} className={styles.subheading} ref={headingRef} tabIndex={-1}>
            Plan
          </h3>
          <Button appearance={report && !stale ? "secondary" : "primary"} onClick={() => void review()} disabled={activity.current !== null}>
            {report ? "Review again" : "Review"}
          </Button>
        </div>
        <Caption1 className={styles.muted}>Review reads your sheets and shows what Submit would send. Nothing is sent until you press Submit.</Caption1>
        <BusyHint task={task} />
        {task.running ? (
          <TaskProgress
            label="Review progress"
            progress={task.progress}
            startText="Reading the sheets…"
            cancelling={task.cancelling}
            onCancel={task.cancel}
            autoFocus
            returnFocus={() => headingRef.current?.focus()}
          />
        ) : null}
        {task.status === "error" && task.error ? <ErrorNotice error={task.error} onRetry={() => void review()} /> : null}
        {task.status === "cancelled" ? (
          <Caption1 role="status" aria-live="polite">
            Review cancelled. Nothing was changed.
          </Caption1>
        ) : null}
        {task.status === "idle" ? <Caption1 className={styles.muted}>No review yet.</Caption1> : null}
        {report ? <ReviewResult report={report} stale={stale ? (submitted ? "submitted" : "pulled") : null} onReview={() => void review()} /> : null}
      </section>
      <SubmitPanel review={report} stale={stale} onSubmitted={() => setSubmitted(true)} />
    </div>
  );
}

/** Entries made before the supplier changed the document: held back until the user sends them as entered (or changes them). */
function HeldEntries({ rows, onConfirmed }: { rows: ReviewReport["conflicts"]; onConfirmed(): void }) {
  const app = useImsApp();
  const activity = useActivity();
  const task = useTask<number>("confirmation");
  return (
    <>
      <RowIssueList
        title="Supplier changed the document after your entry"
        rows={rows}
        note="Each message says what changed. These entries are not sent until you check them: change the action in the sheet, or send them as entered."
      />
      <div>
        <Button
          size="small"
          onClick={() => void task.run(() => app.confirmEntries()).then((n) => n !== null && onConfirmed())}
          disabled={activity.current !== null}
        >
          Send as entered ({count(rows.length)})
        </Button>
      </div>
      {task.status === "error" && task.error ? <ErrorNotice error={task.error} /> : null}
    </>
  );
}

function ReviewResult({ report, stale, onReview }: { report: ReviewReport; stale: "pulled" | "submitted" | null; onReview(): void }) {
  const pane = usePane();
  const activity = useActivity();
  const held = report.conflicts.filter((r) => r.code === "supplier-changed");
  const conflicts = report.conflicts.filter((r) => r.code !== "supplier-changed");
  const conflictSections = uniqueSections(conflicts.map((r) => r.section));
  const planned = report.sections.filter((s) => s.accept + s.reject + s.pending + s.reset + s.refused + s.conflicts > 0);
  return (
    <>
      {stale ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            {stale === "pulled" ? "The sheets were pulled again after this review." : "Rows were submitted after this review."} Review again before submitting.
          </MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={onReview} disabled={activity.current !== null}>
              Review again
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : null}
      {report.awaiting > 0 ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            {plural(report.awaiting, "row")} from an earlier submit {report.awaiting === 1 ? "is" : "are"} still waiting for the portal's answer.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {report.empty ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>Nothing to send: no row has a new action or a reset. Set actions in the sheets, then review again.</MessageBarBody>
        </MessageBar>
      ) : null}
      {planned.length ? <PlanTable sections={planned} /> : null}
      <ItcAtStakeView itc={report.itcAtStake} />
      <RowIssueList title="Refused rows" rows={report.refused} note="These will not be sent: the portal's rules would refuse them. Fix them in the sheet or leave them." />
      {held.length ? <HeldEntries rows={held} onConfirmed={onReview} /> : null}
      <RowIssueList title="Conflicts" rows={conflicts} note="These rows changed on the portal since they were pulled. Refresh them before submitting." />
      {conflictSections.length ? (
        <div>
          <Button size="small" onClick={() => pane.refreshSections(conflictSections)} disabled={activity.current !== null}>
            Refresh those sections ({conflictSections.join(", ")})
          </Button>
        </div>
      ) : null}
    </>
  );
}

function PlanTable({ sections }: { sections: readonly SectionReview[] }) {
  const styles = usePanelStyles();
  const totals = sections.reduce((t, s) => ({ accept: t.accept + s.accept, reject: t.reject + s.reject, pending: t.pending + s.pending, reset: t.reset + s.reset }), { accept: 0, reject: 0, pending: 0, reset: 0 });
  return (
    <table className={styles.table}>
      <caption className={styles.muted} style={{ textAlign: "left", fontSize: "inherit", marginBottom: 4 }}>
        Rows Submit would send, by section
      </caption>
      <thead>
        <tr>
          <th scope="col">Section</th>
          <th scope="col">Accept</th>
          <th scope="col">Reject</th>
          <th scope="col">Pending</th>
          <th scope="col">Reset</th>
        </tr>
      </thead>
      <tbody>
        {sections.map((s) => (
          <tr key={s.section}>
            <th scope="row">
              <abbr title={sectionTitle(s.section)} style={{ textDecoration: "none" }}>
                {s.section}
              </abbr>
              {s.refused + s.conflicts > 0 ? (
                <Caption1 block className={styles.muted}>
                  {[s.refused ? `${count(s.refused)} refused` : "", s.conflicts ? `${count(s.conflicts)} in conflict` : ""].filter(Boolean).join(", ")}
                </Caption1>
              ) : null}
            </th>
            <td>{count(s.accept)}</td>
            <td>{count(s.reject)}</td>
            <td>{count(s.pending)}</td>
            <td>{count(s.reset)}</td>
          </tr>
        ))}
      </tbody>
      {sections.length > 1 ? (
        <tfoot>
          <tr>
            <th scope="row" style={{ textAlign: "left" }}>
              Total
            </th>
            <td>{count(totals.accept)}</td>
            <td>{count(totals.reject)}</td>
            <td>{count(totals.pending)}</td>
            <td>{count(totals.reset)}</td>
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}
