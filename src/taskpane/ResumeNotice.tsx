/**
 * Once per pane, when signed in: follows requests a closed pane left "Submitted" (app.resume)
 * and says what it found. Shows nothing when there was nothing to follow.
 */
import { Button, MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { useCallback, useEffect, useRef, useState } from "react";
import type { BatchProgress, SubmitReport } from "../app/types";
import { useActivity, useImsApp, useSession } from "./context";
import { BatchList } from "./BatchList";
import { ErrorNotice } from "./ErrorNotice";
import { usePanelStyles } from "./styles";
import { SubmitSummary } from "./SubmitSummary";
import { TaskProgress } from "./TaskProgress";
import { useTask } from "./use-task";

export function ResumeNotice() {
  const styles = usePanelStyles();
  const app = useImsApp();
  const session = useSession();
  const activity = useActivity();
  const task = useTask<SubmitReport | null>("follow-up of earlier requests");
  const [batches, setBatches] = useState<BatchProgress[]>([]);
  const [dismissed, setDismissed] = useState(false);
  const started = useRef(false);

  const resume = useCallback(async () => {
    setDismissed(false);
    setBatches([]);
    await task.run((o) => {
      started.current = true;
      return app.resume({ ...o, onBatch: (b) => setBatches([...b]) });
    });
  }, [app, task]);

  const signedIn = session.status === "signed-in";
  const idle = activity.current === null;
  useEffect(() => {
    if (signedIn && !started.current && idle) void resume();
  }, [signedIn, idle, activity.ends, resume]);

  if (dismissed || task.status === "idle") return null;
  if (task.status === "success" && task.result === null) return null;

  return (
    <section className={styles.section} aria-label="Requests from an earlier session">
      {task.running ? (
        <>
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>Checking earlier requests</MessageBarTitle> Following up requests sent before the pane was last closed.
            </MessageBarBody>
          </MessageBar>
          <TaskProgress label="Follow-up progress" progress={task.progress} startText="Asking the portal about earlier requests…" cancelling={task.cancelling} onCancel={task.cancel} />
          <BatchList batches={batches} label="Earlier batches" />
        </>
      ) : null}
      {task.status === "error" && task.error ? <ErrorNotice error={task.error} onRetry={() => void resume()} onDismiss={() => setDismissed(true)} /> : null}
      {task.status === "cancelled" ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>Stopped following earlier requests. Their rows stay marked as submitted; Review shows them as waiting for the portal.</MessageBarBody>
        </MessageBar>
      ) : null}
      {task.status === "success" && task.result ? (
        <>
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>Earlier requests followed up</MessageBarTitle> The pane was closed while these were with the portal; here is their outcome.
            </MessageBarBody>
          </MessageBar>
          <SubmitSummary report={task.result} />
        </>
      ) : null}
      {!task.running ? (
        <div>
          <Button size="small" appearance="subtle" onClick={() => setDismissed(true)}>
            Dismiss
          </Button>
        </div>
      ) : null}
    </section>
  );
}
