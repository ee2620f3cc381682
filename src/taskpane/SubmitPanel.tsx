/** Submit: sends the reviewed plan in batches, with a live state per batch, progress and Cancel. */
import { Button, Caption1, Text } from "@fluentui/react-components";
import { useCallback, useId, useRef, useState } from "react";
import type { BatchProgress, ReviewReport, SubmitReport } from "../app/types";
import { useActivity, useImsApp, useSession } from "./context";
import { BatchList } from "./BatchList";
import { BusyHint } from "./BusyHint";
import { ErrorNotice } from "./ErrorNotice";
import { plural, uniqueSections } from "./format";
import { usePanelStyles } from "./styles";
import { SubmitSummary } from "./SubmitSummary";
import { TaskProgress } from "./TaskProgress";
import { useTask } from "./use-task";

export interface SubmitPanelProps {
  review: ReviewReport | null;
  /** The sheets changed since the review. */
  stale: boolean;
  onSubmitted(): void;
}

export function SubmitPanel({ review, stale, onSubmitted }: SubmitPanelProps) {
  const styles = usePanelStyles();
  const app = useImsApp();
  const session = useSession();
  const activity = useActivity();
  const task = useTask<SubmitReport>("submit");
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  const [batches, setBatches] = useState<BatchProgress[]>([]);

  const submit = useCallback(async () => {
    setBatches([]);
    let started = false;
    await task.run((o) => {
      started = true;
      return app.submit({ ...o, onBatch: (b) => setBatches([...b]) });
    });
    if (started) onSubmitted();
  }, [app, task, onSubmitted]);

  const actions = review ? review.sections.reduce((n, s) => n + s.accept + s.reject + s.pending, 0) : 0;
  const resets = review ? review.sections.reduce((n, s) => n + s.reset, 0) : 0;
  const signedIn = session.status === "signed-in";
  const reason = !signedIn
    ? "Sign in to submit."
    : !review
      ? "Review first: Submit sends what the review shows."
      : review.empty
        ? "Nothing to send."
        : stale
          ? "Review again before submitting."
          : null;
  const refreshSections = review ? uniqueSections(review.sections.filter((s) => s.accept + s.reject + s.pending + s.reset > 0).map((s) => s.section)) : [];
  const label = review && !review.empty ? `Submit ${plural(actions, "action")}${resets ? `, ${plural(resets, "reset")}` : ""}` : "Submit";

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.subheading} ref={headingRef} tabIndex={-1}>
        Submit
      </h3>
      <div className={styles.row}>
        <Button appearance="primary" onClick={() => void submit()} disabled={reason !== null || activity.current !== null}>
          {label}
        </Button>
        {reason ? <Caption1 className={styles.muted}>{reason}</Caption1> : <BusyHint task={task} />}
      </div>
      {task.running ? (
        <>
          <TaskProgress
            label="Submit progress"
            progress={task.progress}
            startText="Preparing batches…"
            cancelling={task.cancelling}
            onCancel={task.cancel}
            autoFocus
            returnFocus={() => headingRef.current?.focus()}
          />
          <BatchList batches={batches} />
        </>
      ) : null}
      {task.status === "error" && task.error ? (
        <>
          <ErrorNotice error={task.error} onRetry={() => void submit()} refreshSections={refreshSections} />
          <BatchList batches={batches} />
        </>
      ) : null}
      {task.status === "cancelled" ? (
        <>
          <Text role="status" aria-live="polite">
            Submit cancelled. Batches already sent keep the portal's answer; rows not yet sent keep their actions in the sheets.
          </Text>
          <BatchList batches={batches} />
        </>
      ) : null}
      {task.status === "success" && task.result ? <SubmitSummary report={task.result} /> : null}
    </section>
  );
}
