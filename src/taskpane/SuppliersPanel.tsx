/**
 * Supplier-wise review (inward): build the Suppliers sheet from the section sheets, apply each
 * supplier's "Action for all" to its rows without an action, and undo the latest apply (kept in
 * the workbook, so it survives a reload of the pane).
 */
import { Button, Caption1, MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { BulkApplyReport, BulkUndoReport, SuppliersReport, UndoAvailable } from "../app/types";
import { useActivity, useImsApp, usePane, useSession } from "./context";
import { BusyHint } from "./BusyHint";
import { ErrorNotice } from "./ErrorNotice";
import { clockTime, plural } from "./format";
import { SignInFirst } from "./SignInFirst";
import { usePanelStyles } from "./styles";
import { TaskProgress } from "./TaskProgress";
import { useTask } from "./use-task";
import { UndoReport } from "./UndoReport";

const ACTION_WORDS = { A: "Accept", R: "Reject", P: "Pending" } as const;

export function SuppliersPanel() {
  const styles = usePanelStyles();
  const app = useImsApp();
  const pane = usePane();
  const session = useSession();
  const activity = useActivity();
  const idle = activity.current === null;
  const review = useTask<SuppliersReport>("supplier-wise review");
  const apply = useTask<BulkApplyReport>("bulk action");
  const undo = useTask<BulkUndoReport>("undo");
  const [undoable, setUndoable] = useState<UndoAvailable | null>(null);
  /** Only the latest of the three results is shown: each one changes what the others said. */
  const [last, setLast] = useState<"review" | "apply" | "undo" | null>(null);
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  const headingId = useId();
  const signedIn = session.status === "signed-in";

  // What can be undone is kept in the workbook: ask whenever the pane is free again.
  useEffect(() => {
    if (!signedIn || !idle) return;
    let live = true;
    app.supplierUndoAvailable().then(
      (u) => live && setUndoable(u),
      () => live && setUndoable(null),
    );
    return () => {
      live = false;
    };
  }, [app, signedIn, idle, activity.ends, pane.sheetsVersion]);

  const build = useCallback(() => {
    setLast("review");
    void review.run((o) => app.reviewSuppliers(o));
  }, [app, review]);
  const runApply = useCallback(() => {
    setLast("apply");
    void apply.run((o) => app.applySupplierActions(o));
  }, [app, apply]);
  const runUndo = useCallback(() => {
    setLast("undo");
    void undo.run((o) => app.undoSupplierActions(o));
  }, [app, undo]);

  if (!signedIn) return <SignInFirst what="review your suppliers" />;
  const disabled = !idle;
  const running = review.running ? review : apply.running ? apply : undo.running ? undo : null;

  return (
    <div className={styles.panel}>
      <Caption1 className={styles.muted}>One row per supplier on the Suppliers sheet, from the section sheets you pulled: documents by the portal's action and by the action you drafted, and the amounts.</Caption1>
      <div className={styles.row}>
        <Button appearance="primary" disabled={disabled} onClick={build}>
          Build supplier-wise review
        </Button>
        <BusyHint task={running ?? undefined} />
      </div>

      <section className={styles.section} aria-labelledby={headingId}>
        <h3 id={headingId} className={styles.subheading} ref={headingRef} tabIndex={-1}>
          Action for all
        </h3>
        <Caption1 className={styles.muted}>
          Pick A, R or P in a supplier's "Action for all" cell on the Suppliers sheet, then apply: it goes into that supplier's rows that have no action yet. An action you typed is never overwritten, and nothing is sent until you submit.
        </Caption1>
        <div className={styles.row}>
          <Button disabled={disabled} onClick={runApply}>
            Apply Action for all
          </Button>
          <Button disabled={disabled || !undoable} onClick={runUndo}>
            {undoable ? `Undo (${plural(undoable.cells, "cell")})` : "Undo"}
          </Button>
        </div>
        {undoable && !running ? (
          <Caption1 className={styles.muted}>
            Undo puts back the cells of the apply at {clockTime(Date.parse(undoable.at))} that still hold what it wrote.
          </Caption1>
        ) : null}
      </section>

      {running ? <TaskProgress label="Supplier-wise review progress" progress={running.progress} startText="Reading the sheets…" cancelling={running.cancelling} returnFocus={() => headingRef.current?.focus()} /> : null}
      {last === "review" && review.status === "error" && review.error ? <ErrorNotice error={review.error} onRetry={build} /> : null}
      {last === "apply" && apply.status === "error" && apply.error ? <ErrorNotice error={apply.error} onRetry={runApply} /> : null}
      {last === "undo" && undo.status === "error" && undo.error ? <ErrorNotice error={undo.error} onRetry={runUndo} /> : null}
      {last === "review" && review.status === "success" && review.result ? (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            {review.result.suppliers ? `${plural(review.result.suppliers, "supplier")}, ${plural(review.result.documents, "document")} on the ${review.result.sheetName} sheet.` : `No documents yet: pull sections into sheets first (Inward). The ${review.result.sheetName} sheet is empty.`}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {last === "apply" && apply.status === "success" && apply.result ? <ApplySummary report={apply.result} /> : null}
      {last === "undo" && undo.status === "success" && undo.result ? <UndoReport report={undo.result} /> : null}
    </div>
  );
}

function ApplySummary({ report }: { report: BulkApplyReport }) {
  const styles = usePanelStyles();
  if (report.noChoices) {
    return (
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>
          No supplier has an "Action for all" on the Suppliers sheet (build the supplier-wise review first), so nothing was written.
          {report.problems.length ? ` ${report.problems.join(" ")}` : ""}
        </MessageBarBody>
      </MessageBar>
    );
  }
  const left: string[] = [];
  if (report.skipped.typed) left.push(`${plural(report.skipped.typed, "row")} where you had typed an action`);
  if (report.skipped.decided) left.push(`${plural(report.skipped.decided, "row")} the portal already holds an action for`);
  if (report.skipped.inFlight) left.push(`${plural(report.skipped.inFlight, "row")} waiting for the portal's answer`);
  if (report.skipped.pendingNotAllowed) left.push(`${plural(report.skipped.pendingNotAllowed, "row")} that cannot be kept pending`);
  if (report.changedMeanwhile) left.push(`${plural(report.changedMeanwhile, "row")} changed while the add-in was writing`);
  return (
    <div className={styles.section}>
      <MessageBar intent="success" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{report.written ? `Wrote ${plural(report.written, "action")} into the section sheets.` : "No row needed an action."}</MessageBarTitle>
          {left.length ? ` Left as they were: ${left.join("; ")}.` : ""} Review and submit to send them.
        </MessageBarBody>
      </MessageBar>
      {report.problems.map((p) => (
        <MessageBar key={p} intent="warning" layout="multiline">
          <MessageBarBody>{p}</MessageBarBody>
        </MessageBar>
      ))}
      <ul className={styles.list} aria-label="Actions written per supplier">
        {report.suppliers.map((s) => (
          <li key={s.gstin} className={styles.listItem}>
            <span className={styles.mono}>{s.gstin}</span>
            <Caption1 className={styles.muted}>
              {ACTION_WORDS[s.action]}: {plural(s.rows, "row")}
            </Caption1>
          </li>
        ))}
      </ul>
    </div>
  );
}
