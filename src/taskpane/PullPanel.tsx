/** Pull chosen sections into their sheets, with a status filter, progress and Cancel. */
import { Button, Caption1, Checkbox, Field, MessageBar, MessageBarBody, MessageBarTitle, Select, Text } from "@fluentui/react-components";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { CountRow, PullReport, SectionPullReport } from "../app/types";
import { SECTION_CODES, type SectionCode, type StatusFilter } from "../ims/sections";
import { useImsApp, usePane } from "./context";
import { BusyHint } from "./BusyHint";
import { ErrorNotice } from "./ErrorNotice";
import { clockTime, count, plural, sectionTitle, STATUS_OPTIONS } from "./format";
import { usePanelStyles } from "./styles";
import { TaskProgress } from "./TaskProgress";
import { useTask } from "./use-task";

export const PULL_CANCELLED_TEXT = "Cancelled: sheets pulled so far are complete; the rest were not touched.";

type StatusChoice = StatusFilter | "all";

function sectionCount(counts: readonly CountRow[] | null, code: SectionCode, status: StatusChoice): number | null {
  if (!counts) return null;
  const row = counts.find((r) => r.pullable === code);
  if (!row) return 0;
  switch (status) {
    case "accepted":
      return row.accepted;
    case "rejected":
      return row.rejected;
    case "pending":
      return row.pending;
    case "no_action_taken":
      return row.noAction;
    case "all":
      return row.noAction + row.accepted + row.rejected + row.pending;
  }
}

export interface PullPanelProps {
  counts: readonly CountRow[] | null;
  signedIn: boolean;
  busy: boolean;
}

export function PullPanel({ counts, signedIn, busy }: PullPanelProps) {
  const styles = usePanelStyles();
  const app = useImsApp();
  const pane = usePane();
  const task = useTask<PullReport>("pull");
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<SectionCode>>(() => new Set(SECTION_CODES));
  const [status, setStatus] = useState<StatusChoice>("all");
  const touched = useRef(false);
  const [lastRun, setLastRun] = useState<{ sections: readonly SectionCode[]; status: StatusChoice } | null>(null);

  // The first counts choose the sections that have documents, unless the user already chose.
  useEffect(() => {
    if (!counts || touched.current) return;
    const withDocs = SECTION_CODES.filter((c) => (sectionCount(counts, c, "all") ?? 0) > 0);
    if (withDocs.length) setSelected(new Set(withDocs));
  }, [counts]);

  const pull = useCallback(
    async (sections: readonly SectionCode[], choice: StatusChoice) => {
      setLastRun({ sections, status: choice });
      let started = false;
      await task.run((o) => {
        started = true;
        return app.pull(sections, choice === "all" ? null : choice, o);
      });
      // Even a cancelled or failed pull may have rewritten some sheets: earlier reviews are out of date.
      if (started) pane.notePulled();
    },
    [app, task, pane],
  );

  // "Refresh those rows" from elsewhere in the pane.
  const handled = useRef<number | null>(null);
  const request = pane.pullRequest;
  useEffect(() => {
    if (!request || handled.current === request.id) return;
    handled.current = request.id;
    touched.current = true;
    setSelected(new Set(request.sections));
    setStatus("all");
    void pull(request.sections, "all");
  }, [request, pull]);

  const toggle = (code: SectionCode, on: boolean) => {
    touched.current = true;
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(code);
      else next.delete(code);
      return next;
    });
  };
  const setAll = (on: boolean) => {
    touched.current = true;
    setSelected(new Set(on ? SECTION_CODES : []));
  };

  const chosen = SECTION_CODES.filter((c) => selected.has(c));
  const disabled = !signedIn || busy;
  const report = task.status === "success" ? task.result : null;

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.subheading} ref={headingRef} tabIndex={-1}>
        Pull into sheets
      </h3>
      <fieldset className={styles.fieldset} disabled={disabled}>
        <legend className={styles.legend}>Sections</legend>
        {SECTION_CODES.map((code) => {
          const n = sectionCount(counts, code, status);
          return (
            <Checkbox
              key={code}
              checked={selected.has(code)}
              disabled={disabled}
              onChange={(_, d) => toggle(code, d.checked === true)}
              label={
                <span>
                  <strong>{code}</strong> {sectionTitle(code)}
                  {n === null ? "" : ` (${count(n)})`}
                </span>
              }
            />
          );
        })}
        <div className={styles.row}>
          <Button size="small" appearance="subtle" onClick={() => setAll(true)} disabled={disabled}>
            Select all
          </Button>
          <Button size="small" appearance="subtle" onClick={() => setAll(false)} disabled={disabled}>
            Clear
          </Button>
        </div>
      </fieldset>
      <Field label="Status">
        <Select value={status} onChange={(_, d) => setStatus(d.value as StatusChoice)} disabled={disabled}>
          {STATUS_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      </Field>
      <div className={styles.row}>
        <Button appearance="primary" disabled={disabled || chosen.length === 0} onClick={() => void pull(chosen, status)}>
          Pull {chosen.length === SECTION_CODES.length ? "all sections" : plural(chosen.length, "section")}
        </Button>
        {!signedIn ? <Caption1 className={styles.muted}>Sign in to pull.</Caption1> : <BusyHint task={task} />}
      </div>
      {task.running ? (
        <TaskProgress
          label="Pull progress"
          progress={task.progress}
          startText="Starting the pull…"
          cancelling={task.cancelling}
          onCancel={task.cancel}
          autoFocus
          returnFocus={() => headingRef.current?.focus()}
        />
      ) : null}
      {task.status === "error" && task.error ? (
        <ErrorNotice error={task.error} refreshSections={lastRun?.sections} onRetry={lastRun ? () => void pull(lastRun.sections, lastRun.status) : undefined} />
      ) : null}
      {task.status === "cancelled" ? <CancelledNotice done={[]} /> : null}
      {report ? report.cancelled ? <CancelledNotice done={report.sections} /> : <PullSummary report={report} /> : null}
    </section>
  );
}

function CancelledNotice({ done }: { done: readonly SectionPullReport[] }) {
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{PULL_CANCELLED_TEXT}</MessageBarTitle>
        {done.length ? ` Complete: ${done.map((s) => s.section).join(", ")}.` : ""}
      </MessageBarBody>
    </MessageBar>
  );
}

function PullSummary({ report }: { report: PullReport }) {
  const styles = usePanelStyles();
  const at = Date.parse(report.pulledAt);
  return (
    <div className={styles.section}>
      <MessageBar intent={report.sections.length > 0 ? "success" : "warning"}>
        <MessageBarBody>
          {report.sections.length > 0 ? `Pulled ${plural(report.sections.length, "section")}` : "Nothing was pulled"}
          {Number.isFinite(at) ? ` at ${clockTime(at)}` : ""}.
        </MessageBarBody>
      </MessageBar>
      {(report.warnings ?? []).map((w) => (
        <MessageBar key={w} intent="warning" layout="multiline">
          <MessageBarBody>{w}</MessageBarBody>
        </MessageBar>
      ))}
      {report.notices.map((n) => (
        <MessageBar key={n} intent="info" layout="multiline">
          <MessageBarBody>{n}</MessageBarBody>
        </MessageBar>
      ))}
      <ul className={styles.list}>
        {report.sections.map((s) => (
          <li key={s.section} className={styles.listItem}>
            <Text weight="semibold">
              {s.section} {sectionTitle(s.section)}: {plural(s.records, "record")}
            </Text>
            <Caption1 className={styles.muted}>{pullDetail(s)}</Caption1>
          </li>
        ))}
      </ul>
    </div>
  );
}

function pullDetail(s: SectionPullReport): string {
  const parts = [`${count(s.added)} new`, `${count(s.updated)} updated`];
  if (s.keptEdits) parts.push(`${plural(s.keptEdits, "edit")} of yours kept`);
  if (s.leftPortal) parts.push(`${count(s.leftPortal)} no longer on the portal`);
  if (s.portalEditsUndone) parts.push(`${plural(s.portalEditsUndone, "row")} where portal columns had been typed over, put back (the Message column says what was there)`);
  if (s.awaitingConfirmation) parts.push(`${plural(s.awaitingConfirmation, "entry", "entries")} held for your check: the supplier changed the document after you entered the action (see Review)`);
  return parts.join(", ");
}
