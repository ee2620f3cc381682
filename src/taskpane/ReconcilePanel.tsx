/**
 * Reconciliation with the purchase register (issue 11), top to bottom: the register's column
 * mapping, the settings, a run and its report, applying its suggestions (and undoing them), and
 * the ITC preview. Works from the sheets alone (no GST session needed); nothing is sent to the
 * portal from here.
 */
import { Button, Caption1, MessageBar, MessageBarBody, MessageBarTitle, Text } from "@fluentui/react-components";
import { useCallback, useId, useRef } from "react";
import type { ReconcileReport } from "../app/types";
import { useActivity, useImsApp } from "./context";
import { BusyHint } from "./BusyHint";
import { ErrorNotice } from "./ErrorNotice";
import { count, plural } from "./format";
import { ApplySuggestions } from "./ApplySuggestions";
import { ItcPreview } from "./ItcPreviewTable";
import { ACTION_WORDS, CATEGORY_LABELS, CATEGORY_ORDER } from "./reconcile-words";
import { ReconcileSettingsForm } from "./ReconcileSettingsForm";
import { RegisterMapping } from "./RegisterMapping";
import { usePanelStyles } from "./styles";
import { TaskProgress } from "./TaskProgress";
import { useTask } from "./use-task";

export function ReconcilePanel() {
  const styles = usePanelStyles();
  return (
    <div className={styles.panel}>
      <Caption1 className={styles.muted}>Match the IMS records in the section sheets with your purchase register, then let the add-in suggest each record's action. Suggestions go into the Action column only; nothing is sent until you submit.</Caption1>
      <RegisterMapping />
      <ReconcileSettingsForm />
      <ReconcileRun />
      <ApplySuggestions />
      <ItcPreview />
    </div>
  );
}

function ReconcileRun() {
  const styles = usePanelStyles();
  const app = useImsApp();
  const idle = useActivity().current === null;
  const task = useTask<ReconcileReport>("reconciliation");
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  const headingId = useId();
  const run = useCallback(() => void task.run((o) => app.reconcile.run(o)), [app, task]);

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.subheading} ref={headingRef} tabIndex={-1}>
        Reconcile
      </h3>
      <Caption1 className={styles.muted}>Reads the section sheets and the register, matches them, and writes the Reconciliation sheets and each row's match.</Caption1>
      <div className={styles.row}>
        <Button appearance="primary" disabled={!idle} onClick={run}>
          Reconcile
        </Button>
        <BusyHint task={task} />
      </div>
      {task.running ? <TaskProgress label="Reconciliation progress" progress={task.progress} startText="Reading the sheets…" cancelling={task.cancelling} onCancel={task.cancel} autoFocus returnFocus={() => headingRef.current?.focus()} /> : null}
      {task.status === "cancelled" ? (
        <Caption1 role="status" aria-live="polite">
          Reconciliation cancelled before it finished.
        </Caption1>
      ) : null}
      {task.status === "error" && task.error ? <ErrorNotice error={task.error} onRetry={run} /> : null}
      {task.status === "success" && task.result ? <RunReport report={task.result} /> : null}
    </section>
  );
}

function RunReport({ report }: { report: ReconcileReport }) {
  const styles = usePanelStyles();
  const suggested = (["A", "R", "P"] as const).filter((a) => report.suggestions[a] > 0);
  const shownIssues = report.registerIssues.length;
  return (
    <div className={styles.section}>
      <MessageBar intent="success" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Reconciled</MessageBarTitle>
          {plural(report.imsDocuments, "IMS document")} with {plural(report.prLines, "register line")}. Written: {report.sheets.join(", ") || "no sheet"}.
        </MessageBarBody>
      </MessageBar>
      {report.movedRows > 0 ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>{plural(report.movedRows, "row")} moved in the section sheets while the matches were written (someone edited or sorted them). Reconcile again before applying suggestions.</MessageBarBody>
        </MessageBar>
      ) : null}
      <table className={styles.table} aria-label="Matches per category">
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">Count</th>
          </tr>
        </thead>
        <tbody>
          {CATEGORY_ORDER.map((c) => (
            <tr key={c}>
              <th scope="row">{CATEGORY_LABELS[c]}</th>
              <td>{count(report.counts[c])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Text>{suggested.length ? `Suggested actions: ${suggested.map((a) => `${ACTION_WORDS[a]} ${count(report.suggestions[a])}`).join(", ")}.` : "No action is suggested."}</Text>
      {report.registerIssueCount > 0 ? (
        <div className={styles.section}>
          <Text weight="semibold">
            {plural(report.registerIssueCount, "register row")} could not be read fully{report.registerIssueCount > shownIssues ? `; the first ${count(shownIssues)}:` : ":"}
          </Text>
          <ul className={styles.list} aria-label="Register rows with problems">
            {report.registerIssues.map((i) => (
              <li key={`${i.sheetRow}-${i.message}`} className={styles.listItem}>
                <Text>
                  Row {i.sheetRow}: {i.message}
                </Text>
                {i.fatal ? <Caption1 className={styles.muted}>Left out of matching.</Caption1> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
