/** How many documents the portal holds, by section and action, grouped as the portal groups them. */
import { Button, Caption1, MessageBar, MessageBarBody, Subtitle2 } from "@fluentui/react-components";
import { useId } from "react";
import type { CountRow } from "../app/types";
import { GOODS_TYPES } from "../ims/sections";
import { ErrorNotice } from "./ErrorNotice";
import { count, GROUP_TITLES } from "./format";
import { usePanelStyles } from "./styles";
import { TaskProgress } from "./TaskProgress";
import type { Task } from "./use-task";

export interface CountsPanelProps {
  counts: readonly CountRow[] | null;
  task: Task<CountRow[]>;
  signedIn: boolean;
  busy: boolean;
  onRefresh(): void;
}

export function CountsPanel({ counts, task, signedIn, busy, onRefresh }: CountsPanelProps) {
  const styles = usePanelStyles();
  const headingId = useId();
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <div className={styles.row} style={{ justifyContent: "space-between" }}>
        <Subtitle2 as="h3" id={headingId} className={styles.heading}>
          Counts on the portal
        </Subtitle2>
        <Button size="small" onClick={onRefresh} disabled={!signedIn || busy}>
          Refresh counts
        </Button>
      </div>
      {task.running ? <TaskProgress label="Counts progress" progress={task.progress} startText="Loading counts from the portal…" cancelling={task.cancelling} onCancel={task.cancel} /> : null}
      {task.status === "error" && task.error ? <ErrorNotice error={task.error} onRetry={onRefresh} /> : null}
      {counts === null ? (
        !task.running && task.status !== "error" ? (
          <Caption1 className={styles.muted}>{signedIn ? "Counts not loaded yet. Press Refresh counts." : "Sign in to see the counts."}</Caption1>
        ) : null
      ) : counts.length === 0 ? (
        <MessageBar intent="info">
          <MessageBarBody>The portal has no inward supplies in IMS for this GSTIN.</MessageBarBody>
        </MessageBar>
      ) : (
        <CountsTable counts={counts} />
      )}
    </section>
  );
}

function CountsTable({ counts }: { counts: readonly CountRow[] }) {
  const styles = usePanelStyles();
  return (
    <table className={styles.table}>
      <caption className={styles.muted} style={{ textAlign: "left", fontSize: "inherit", marginBottom: 4 }}>
        Documents by section and action
      </caption>
      <thead>
        <tr>
          <th scope="col">Section</th>
          <th scope="col">No action</th>
          <th scope="col">Accepted</th>
          <th scope="col">Rejected</th>
          <th scope="col">Pending</th>
        </tr>
      </thead>
      {GOODS_TYPES.map((group) => {
        const rows = counts.filter((r) => r.group === group);
        if (rows.length === 0) return null;
        return (
          <tbody key={group}>
            <tr className={styles.groupRow}>
              <th scope="colgroup" colSpan={5}>
                {GROUP_TITLES[group]}
              </th>
            </tr>
            {rows.map((r) => (
              <tr key={`${group}:${r.section}`}>
                <th scope="row">{r.title}</th>
                <td>{count(r.noAction)}</td>
                <td>{count(r.accepted)}</td>
                <td>{count(r.rejected)}</td>
                <td>{count(r.pending)}</td>
              </tr>
            ))}
          </tbody>
        );
      })}
    </table>
  );
}
