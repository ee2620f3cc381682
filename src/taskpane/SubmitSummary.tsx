/** What a submit (or a resumed one) came to: saved, reset, and the rows that need a look. */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { SubmitReport } from "../app/types";
import { usePane } from "./context";
import { BatchList } from "./BatchList";
import { plural, uniqueSections } from "./format";
import { RowIssueList } from "./RowIssueList";
import { usePanelStyles } from "./styles";

export function submitHeadline(report: SubmitReport): { intent: "success" | "warning" | "error"; title: string; detail: string } {
  const sent = `${plural(report.saved, "action")} saved, ${plural(report.reset, "reset")} done.`;
  const problems = report.failed.length + report.conflicts.length + report.refused.length;
  if (report.cancelled) {
    return {
      intent: "warning",
      title: "Submit cancelled",
      detail: `${sent} Rows already sent show "Submitted" with their reference ID; their outcome is written when you submit again or reopen the pane. Rows not yet sent keep their actions for the next submit.`,
    };
  }
  if (problems === 0) return { intent: "success", title: "Submitted", detail: sent };
  const allFailed = report.saved + report.reset === 0;
  return {
    intent: allFailed ? "error" : "warning",
    title: allFailed ? "Nothing was accepted" : "Submitted, with rows to look at",
    detail: `${sent} ${plural(problems, "row")} ${problems === 1 ? "needs" : "need"} a look: see below.`,
  };
}

export function SubmitSummary({ report, showBatches = true }: { report: SubmitReport; showBatches?: boolean }) {
  const styles = usePanelStyles();
  const pane = usePane();
  const headline = submitHeadline(report);
  const conflictSections = uniqueSections(report.conflicts.map((r) => r.section));
  return (
    <div className={styles.section}>
      <MessageBar intent={headline.intent} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{headline.title}</MessageBarTitle> {headline.detail}
        </MessageBarBody>
      </MessageBar>
      {showBatches ? <BatchList batches={report.batches} /> : null}
      <RowIssueList title="Failed rows" rows={report.failed} note="The portal did not accept these. The reason is on each row; fix it in the sheet and submit again." />
      <RowIssueList title="Conflicts" rows={report.conflicts} note="These rows changed on the portal since they were pulled. Refresh them, then review again." />
      {conflictSections.length ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>Refresh {conflictSections.join(", ")} to bring the conflicting rows up to date.</MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={() => pane.refreshSections(conflictSections)}>
              Refresh those sections
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : null}
      <RowIssueList title="Refused rows" rows={report.refused} note="Not sent: the portal's rules would refuse them. The reason is on each row." />
    </div>
  );
}
