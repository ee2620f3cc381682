/**
 * The Reconcile tab's ITC preview: ITC per head as GSTR-2B would show it now (the actions the
 * portal holds) and after the actions drafted in the sheets, for one return period or all; the
 * suppliers whose ITC changes most; and where the application put the chart.
 */
import { Button, Caption1, MessageBar, MessageBarBody, Text } from "@fluentui/react-components";
import { Fragment, useCallback, useId, useMemo, useRef, useState } from "react";
import type { ItcHeadsView, ItcPositionView, ItcPreviewView } from "../app/types";
import { istDateOf, periodOfDate, type TaxPeriod } from "../ims/periods";
import { useActivity, useImsApp } from "./context";
import { BusyHint } from "./BusyHint";
import { ErrorNotice } from "./ErrorNotice";
import { periodLabel, plural, rupees } from "./format";
import { recentPeriods } from "./OutwardPanel";
import { PeriodSelect } from "./PeriodSelect";
import { usePanelStyles } from "./styles";
import { TaskProgress } from "./TaskProgress";
import { useNow } from "./use-now";
import { useTask } from "./use-task";

const ALL = "all";
const SHOWN_SUPPLIERS = 10;

const POSITIONS: readonly { key: keyof ItcPositionView; label: string }[] = [
  { key: "claimable", label: "Claimable" },
  { key: "deferred", label: "Deferred (pending)" },
  { key: "forgone", label: "Forgone (rejected)" },
  { key: "creditNoteReduction", label: "Credit-note reductions" },
  { key: "net", label: "Net" },
];

const HEADS: readonly { key: keyof ItcHeadsView; label: string }[] = [
  { key: "igst", label: "IGST" },
  { key: "cgst", label: "CGST" },
  { key: "sgst", label: "SGST" },
  { key: "cess", label: "Cess" },
];

function signedRupees(paise: number): string {
  return paise > 0 ? `+${rupees(paise)}` : rupees(paise);
}

export function ItcPreview() {
  const styles = usePanelStyles();
  const app = useImsApp();
  const idle = useActivity().current === null;
  const task = useTask<ItcPreviewView>("ITC preview");
  const now = useNow(60_000);
  const day = Math.floor(now / 86_400_000);
  // The current return period, then the twelve before it.
  const periods = useMemo(() => [periodOfDate(istDateOf(now)), ...recentPeriods(now)], [day]);
  const [period, setPeriod] = useState<TaxPeriod | typeof ALL | null>(null);
  const chosen = period ?? periods[1] ?? ALL;
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  const headingId = useId();

  const preview = useCallback(() => void task.run((o) => app.reconcile.itcPreview(chosen === ALL ? null : chosen, o)), [app, task, chosen]);

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.subheading} ref={headingRef} tabIndex={-1}>
        ITC preview
      </h3>
      <Caption1 className={styles.muted}>ITC per head as GSTR-2B would show it now, and after the actions drafted in the sheets. A record with no action counts as accepted.</Caption1>
      <div className={styles.row}>
        <PeriodSelect label="Return period" style={{ flex: "1 1 9em" }} value={chosen} periods={periods} onChange={setPeriod} disabled={!idle} all={{ value: ALL, label: "All periods" }} />
      </div>
      <div className={styles.row}>
        <Button appearance="primary" disabled={!idle} onClick={preview}>
          Preview ITC
        </Button>
        <BusyHint task={task} />
      </div>
      {task.running ? <TaskProgress label="ITC preview progress" progress={task.progress} startText="Reading the sheets…" cancelling={task.cancelling} onCancel={task.cancel} autoFocus returnFocus={() => headingRef.current?.focus()} /> : null}
      {task.status === "cancelled" ? (
        <Caption1 role="status" aria-live="polite">
          ITC preview cancelled.
        </Caption1>
      ) : null}
      {task.status === "error" && task.error ? <ErrorNotice error={task.error} onRetry={preview} /> : null}
      {task.status === "success" && task.result ? <ItcPreviewTable view={task.result} /> : null}
    </section>
  );
}

export function ItcPreviewTable({ view }: { view: ItcPreviewView }) {
  const styles = usePanelStyles();
  const what = view.period ? periodLabel(view.period) : "all periods";
  const suppliers = view.bySupplier.slice(0, SHOWN_SUPPLIERS);
  return (
    <div className={styles.section}>
      <table className={styles.table} aria-label={`ITC for ${what}: now and after the drafted actions`}>
        <thead>
          <tr>
            <th scope="col">Head</th>
            <th scope="col">Now</th>
            <th scope="col">After drafts</th>
          </tr>
        </thead>
        <tbody>
          {POSITIONS.map((p) => (
            <Fragment key={p.key}>
              <tr className={styles.groupRow}>
                <th scope="colgroup" colSpan={3}>
                  {p.label}
                </th>
              </tr>
              {HEADS.map((h) => (
                <tr key={h.key}>
                  <th scope="row" aria-label={`${p.label}, ${h.label}`}>
                    {h.label}
                  </th>
                  <td>{rupees(view.before[p.key][h.key])}</td>
                  <td>{rupees(view.after[p.key][h.key])}</td>
                </tr>
              ))}
            </Fragment>
          ))}
        </tbody>
      </table>
      {view.unreadable > 0 ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>{plural(view.unreadable, "row")} with an Action cell that is not an action counted as the portal holds them.</MessageBarBody>
        </MessageBar>
      ) : null}
      {suppliers.length ? (
        <div className={styles.section}>
          <Text weight="semibold">{view.bySupplier.length > SHOWN_SUPPLIERS ? `Net ITC change per supplier: the ${SHOWN_SUPPLIERS} largest of ${view.bySupplier.length}` : "Net ITC change per supplier"}</Text>
          <ul className={styles.list} aria-label="Net ITC change per supplier">
            {suppliers.map((s) => (
              <li key={s.gstin} className={styles.listItem}>
                <Text className={styles.wrap}>
                  {s.name ? `${s.name} ` : ""}
                  <span className={styles.mono}>{s.gstin}</span>
                </Text>
                <Caption1>
                  {rupees(s.before)} → {rupees(s.after)} ({signedRupees(s.difference)})
                </Caption1>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <Caption1 className={styles.muted}>The drafted actions change no supplier's net ITC.</Caption1>
      )}
      <Caption1>A chart of this preview was written on the {view.sheetName} sheet.</Caption1>
    </div>
  );
}
