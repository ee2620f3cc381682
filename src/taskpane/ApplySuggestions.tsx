/**
 * The Reconcile tab's "Apply suggestions": the latest reconciliation's suggested actions (and
 * remarks) go into the Action column of rows with no action, for the categories picked; Undo puts
 * back the latest apply (of suggestions or "Action for all"), as kept in the workbook.
 */
import { Button, Caption1, Checkbox, MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { ApplySuggestionsReport, BulkUndoReport, SuggestionKey, UndoAvailable } from "../app/types";
import { useActivity, useImsApp, usePane } from "./context";
import { ErrorNotice } from "./ErrorNotice";
import { clockTime, plural } from "./format";
import { CATEGORY_LABELS, CATEGORY_ORDER, SUGGESTION_LABELS, SUGGESTION_ORDER } from "./reconcile-words";
import { usePanelStyles } from "./styles";
import { TaskProgress } from "./TaskProgress";
import { useTask } from "./use-task";
import { UndoReport } from "./UndoReport";

const DEFAULT_CATEGORIES: ReadonlySet<SuggestionKey> = new Set(["exact", "suggested"]);

export function ApplySuggestions() {
  const styles = usePanelStyles();
  const app = useImsApp();
  const pane = usePane();
  const activity = useActivity();
  const idle = activity.current === null;
  const apply = useTask<ApplySuggestionsReport>("writing of the suggestions");
  const undo = useTask<BulkUndoReport>("undo");
  const [chosen, setChosen] = useState<ReadonlySet<SuggestionKey>>(DEFAULT_CATEGORIES);
  const [undoable, setUndoable] = useState<UndoAvailable | null>(null);
  const [last, setLast] = useState<"apply" | "undo" | null>(null);
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  const headingId = useId();

  // What can be undone is kept in the workbook: ask whenever the pane is free again.
  useEffect(() => {
    if (!idle) return;
    let live = true;
    app.reconcile.undoAvailable().then(
      (u) => live && setUndoable(u),
      () => live && setUndoable(null),
    );
    return () => {
      live = false;
    };
  }, [app, idle, activity.ends, pane.sheetsVersion]);

  const runApply = useCallback(() => {
    setLast("apply");
    const categories = SUGGESTION_ORDER.filter((k) => chosen.has(k));
    void apply.run((o) => app.reconcile.applySuggestions(categories, o));
  }, [app, apply, chosen]);
  const runUndo = useCallback(() => {
    setLast("undo");
    void undo.run((o) => app.reconcile.undoApply(o));
  }, [app, undo]);

  const toggle = (key: SuggestionKey, on: boolean) =>
    setChosen((c) => {
      const next = new Set(c);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  const running = apply.running ? apply : undo.running ? undo : null;
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.subheading} ref={headingRef} tabIndex={-1}>
        Apply suggestions
      </h3>
      <Caption1 className={styles.muted}>Writes the latest reconciliation's suggested actions and remarks into the Action column of rows where nothing is typed yet. An action you typed is never overwritten. Nothing is sent until you submit (Review).</Caption1>
      <fieldset className={styles.fieldset} disabled={!idle}>
        <legend className={styles.legend}>Categories to apply</legend>
        {SUGGESTION_ORDER.map((k) => (
          <Checkbox key={k} label={SUGGESTION_LABELS[k]} checked={chosen.has(k)} disabled={!idle} onChange={(_, d) => toggle(k, d.checked === true)} />
        ))}
      </fieldset>
      <div className={styles.row}>
        <Button appearance="primary" disabled={!idle || chosen.size === 0} onClick={runApply}>
          Apply suggestions
        </Button>
        <Button disabled={!idle || !undoable} onClick={runUndo}>
          {undoable ? `Undo (${plural(undoable.cells, "cell")})` : "Undo"}
        </Button>
      </div>
      {undoable && !running ? <Caption1 className={styles.muted}>Undo puts back the cells of the latest apply (suggestions or Action for all), at {clockTime(Date.parse(undoable.at))}, that still hold what it wrote.</Caption1> : null}
      {running ? <TaskProgress label="Apply suggestions progress" progress={running.progress} startText="Reading the sheets…" cancelling={running.cancelling} returnFocus={() => headingRef.current?.focus()} /> : null}
      {last === "apply" && apply.status === "error" && apply.error ? <ErrorNotice error={apply.error} onRetry={runApply} /> : null}
      {last === "undo" && undo.status === "error" && undo.error ? <ErrorNotice error={undo.error} onRetry={runUndo} /> : null}
      {last === "apply" && apply.status === "success" && apply.result ? <ApplyReport report={apply.result} /> : null}
      {last === "undo" && undo.status === "success" && undo.result ? <UndoReport report={undo.result} /> : null}
    </section>
  );
}

function ApplyReport({ report }: { report: ApplySuggestionsReport }) {
  const styles = usePanelStyles();
  const stale = report.stale ? (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Reconcile again first</MessageBarTitle>
        The section sheets or the purchase register changed after the latest reconciliation.{report.written ? "" : " Nothing was written."}
      </MessageBarBody>
    </MessageBar>
  ) : null;
  if (report.stale && report.written === 0) return stale;
  const left: string[] = [];
  const s = report.skipped;
  if (s.typed) left.push(`${plural(s.typed, "row")} where you had typed an action`);
  if (s.decided) left.push(`${plural(s.decided, "row")} the portal already holds an action for`);
  if (s.inFlight) left.push(`${plural(s.inFlight, "row")} waiting for the portal's answer`);
  if (s.pendingNotAllowed) left.push(`${plural(s.pendingNotAllowed, "row")} that cannot be kept pending`);
  if (s.noSuggestion) left.push(`${plural(s.noSuggestion, "row")} with no suggested action`);
  if (report.changedMeanwhile) left.push(`${plural(report.changedMeanwhile, "row")} changed while the add-in was writing`);
  const categories = CATEGORY_ORDER.filter((c) => (report.byCategory[c] ?? 0) > 0);
  return (
    <div className={styles.section}>
      {stale}
      <MessageBar intent="success" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{report.written ? `Wrote ${plural(report.written, "suggested action")} into the section sheets.` : "No row took a suggested action."}</MessageBarTitle>
          {left.length ? ` Left as they were: ${left.join("; ")}.` : ""} Nothing is sent until you submit.
        </MessageBarBody>
      </MessageBar>
      {categories.length ? (
        <ul className={styles.list} aria-label="Suggested actions written per category">
          {categories.map((c) => (
            <li key={c} className={styles.listItem}>
              <Caption1>
                {CATEGORY_LABELS[c]}: {plural(report.byCategory[c] ?? 0, "row")}
              </Caption1>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
