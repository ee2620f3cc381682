/** Recompute GSTR-2B for an open period after changing actions, following its status (IP → P or ER). */
import { Badge, Button, Caption1, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Text } from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import type { Gstr2bStatus } from "../api/types";
import { recomputablePeriods, type Gstr2bCalendar } from "../ims/gstr2b-calendar";
import type { TaxPeriod } from "../ims/periods";
import { useActivity, useImsApp, usePane, useSession } from "./context";
import { BusyHint } from "./BusyHint";
import { ErrorNotice } from "./ErrorNotice";
import { dayLabel, filingPeriodLabel, GSTR2B_STATE_TEXT } from "./format";
import { PeriodSelect } from "./PeriodSelect";
import { SignInFirst } from "./SignInFirst";
import { usePanelStyles } from "./styles";
import { TaskProgress } from "./TaskProgress";
import { useTask } from "./use-task";

export function Gstr2bPanel() {
  const styles = usePanelStyles();
  const app = useImsApp();
  const session = useSession();
  const activity = useActivity();
  const pane = usePane();
  const task = useTask<Gstr2bStatus>("GSTR-2B recompute");
  const signedIn = session.status === "signed-in";
  const gstin = signedIn ? session.session.gstin : null;
  const idle = activity.current === null;
  const calendar = useGstr2bCalendar(gstin, idle);
  const periods = calendar ? recomputablePeriods(calendar) : [];
  const [period, setPeriod] = useState<TaxPeriod | null>(null);
  // The latest period with changes by default: the one being worked on.
  const chosen = period && periods.includes(period) ? period : (periods[0] ?? null);
  const [ranFor, setRanFor] = useState<TaxPeriod | null>(null);

  useEffect(() => {
    if (!signedIn) task.reset();
  }, [signedIn, task.reset]);

  const recompute = useCallback(
    async (p: TaxPeriod) => {
      setRanFor(p);
      await task.run((o) => app.regenerateGstr2b(p, o));
    },
    [app, task],
  );

  if (!signedIn) return <SignInFirst what="recompute GSTR-2B" />;
  if (!calendar) return <Caption1 className={styles.muted}>Reading the GSTR-2B calendar…</Caption1>;

  const label = (p: TaxPeriod) => filingPeriodLabel(p, calendar.frequency);
  const status = task.status === "success" ? task.result : null;
  const unchanged = calendar.open.filter((p) => p.changedSince === null);
  return (
    <div className={styles.panel}>
      {calendar.upcoming ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>The draft GSTR-2B for {label(calendar.upcoming.period)} is not out yet.</MessageBarTitle> The portal generates it on {dayLabel(calendar.upcoming.draftOn)}; actions you save before then will be in it, with no recompute needed.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {unchanged.map((p) => (
        <Caption1 key={p.period} className={styles.muted}>
          GSTR-2B for {label(p.period)} was generated on {dayLabel(p.draftOn)}. No action was saved from this workbook since then, so there is nothing to recompute.
        </Caption1>
      ))}
      {periods.length === 0 && calendar.open.length === 0 && !calendar.upcoming ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>No GSTR-2B period can be recomputed right now. It becomes possible once the draft GSTR-2B of a period is generated, until GSTR-3B for it is filed.</MessageBarBody>
        </MessageBar>
      ) : null}
      {periods.length > 0 ? (
        <>
          <Caption1 className={styles.muted}>Actions were saved after GSTR-2B was generated: recompute it so it reflects them.</Caption1>
          <PeriodSelect label="Period" value={chosen ?? ""} periods={periods} onChange={setPeriod} disabled={task.running} format={label} />
          <div className={styles.row}>
            <Button appearance="primary" onClick={() => chosen && void recompute(chosen)} disabled={!chosen || !idle}>
              Recompute GSTR-2B
            </Button>
            <BusyHint task={task} />
          </div>
        </>
      ) : null}
      {task.running ? (
        <>
          <div className={styles.row}>
            <Text>Status</Text>
            <Badge appearance="tint" color="informative">
              {GSTR2B_STATE_TEXT.IP}
            </Badge>
          </div>
          <TaskProgress
            label="GSTR-2B progress"
            progress={task.progress}
            startText={`Asking the portal to recompute GSTR-2B for ${label(ranFor ?? "")}…`}
            cancelling={task.cancelling}
            onCancel={task.cancel}
            cancelText="Stop following"
            autoFocus
            returnFocus={() => pane.focusHeading("gstr2b")}
          />
        </>
      ) : null}
      {task.status === "error" && task.error ? <ErrorNotice error={task.error} onRetry={ranFor ? () => void recompute(ranFor) : undefined} /> : null}
      {task.status === "cancelled" ? (
        <Text role="status" aria-live="polite">
          Stopped following. If the request reached the portal, it still recomputes GSTR-2B; recompute again later to see the result.
        </Text>
      ) : null}
      {status ? <Gstr2bResult status={status} label={label(status.period)} onRetry={() => void recompute(status.period)} busy={!idle} /> : null}
    </div>
  );
}

/** The calendar for the signed-in GSTIN, read at sign-in and again whenever the pane falls idle (after a submit or a recompute). */
function useGstr2bCalendar(gstin: string | null, idle: boolean): Gstr2bCalendar | null {
  const app = useImsApp();
  const [calendar, setCalendar] = useState<Gstr2bCalendar | null>(null);
  useEffect(() => {
    if (!gstin) return;
    let live = true;
    app.gstr2bCalendar().then(
      (c) => live && setCalendar(c),
      () => live && setCalendar(null),
    );
    return () => {
      live = false;
    };
  }, [app, gstin, idle]);
  return gstin ? calendar : null;
}

function Gstr2bResult({ status, label, onRetry, busy }: { status: Gstr2bStatus; label: string; onRetry(): void; busy: boolean }) {
  const styles = usePanelStyles();
  const badge = status.state === "P" ? "success" : status.state === "ER" ? "danger" : "informative";
  return (
    <div className={styles.section} role="status" aria-live="polite">
      <div className={styles.row}>
        <Text>Status</Text>
        <Badge appearance="tint" color={badge}>
          {GSTR2B_STATE_TEXT[status.state]}
        </Badge>
      </div>
      {status.state === "P" ? (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>GSTR-2B for {label} recomputed.</MessageBarTitle> Reference <span className={styles.mono}>{status.referenceId}</span>.
          </MessageBarBody>
        </MessageBar>
      ) : status.state === "ER" ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>The portal could not recompute GSTR-2B for {label}.</MessageBarTitle> {status.errorMessage ?? "It gave no reason."}
            {status.errorCode ? ` (code ${status.errorCode})` : ""}
          </MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={onRetry} disabled={busy}>
              Try again
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            The portal is still recomputing GSTR-2B for {label} (reference <span className={styles.mono}>{status.referenceId}</span>). It finishes on its own; check the portal later.
          </MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
