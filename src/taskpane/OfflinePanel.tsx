/**
 * Portal files, without an API account (issue 13): open the IMS file downloaded from the GST
 * portal into the section sheets, save the upload file of the changes, then open the portal's
 * error file or confirm the upload was processed. Works signed out; the application does the
 * work (app.offline), the pane only picks and saves files.
 */
import { Caption1, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Select, Text } from "@fluentui/react-components";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { ImsFileReport, OfflineStatus } from "../app/offline-types";
import type { FilingFrequency } from "../ims/periods";
import { formatIst } from "../ims/review-rows";
import { useActivity, useImsApp, usePane, useSession } from "./context";
import { BusyHint } from "./BusyHint";
import { ErrorNotice } from "./ErrorNotice";
import { FilePickButton, MAX_PICKED_BYTES, readFileText } from "./file-io";
import { gstinProblem } from "./ConnectPanel";
import { count, plural, sectionTitle } from "./format";
import { OfflineUploadPanel } from "./OfflineUploadPanel";
import { usePanelStyles } from "./styles";
import { TaskProgress } from "./TaskProgress";
import { useTask } from "./use-task";

export const OFFLINE_INTRO =
  "No API account needed: download the IMS JSON from the GST portal (IMS → Offline → Download JSON) and open it here. Set actions in the sheets, review them, save the upload file and upload it on the portal (IMS → Offline → Upload).";

/** What the workbook says of the offline path, read again whenever the sheets may have changed. */
function useOfflineStatus(): [OfflineStatus | null, () => void] {
  const app = useImsApp();
  const pane = usePane();
  const [status, setStatus] = useState<OfflineStatus | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    app.offline
      .status()
      .then((s) => live && setStatus(s))
      .catch(() => live && setStatus(null));
    return () => {
      live = false;
    };
  }, [app, pane.sheetsVersion, version]);
  return [status, useCallback(() => setVersion((v) => v + 1), [])];
}

export function OfflinePanel() {
  const styles = usePanelStyles();
  const [status, refresh] = useOfflineStatus();
  return (
    <div className={styles.panel}>
      <Caption1 className={styles.muted}>{OFFLINE_INTRO}</Caption1>
      <OpenImsFile status={status} onChanged={refresh} />
      <OfflineUploadPanel status={status} onChanged={refresh} />
    </div>
  );
}

function OpenImsFile({ status, onChanged }: { status: OfflineStatus | null; onChanged(): void }) {
  const styles = usePanelStyles();
  const app = useImsApp();
  const pane = usePane();
  const session = useSession();
  const activity = useActivity();
  const task = useTask<ImsFileReport>("opening of the IMS file");
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  const signedInGstin = session.status === "signed-in" ? session.session.gstin : null;
  const fixedGstin = status?.gstin ?? signedInGstin;
  const [gstin, setGstin] = useState(() => app.rememberedSettings()?.gstin ?? "");
  const [frequency, setFrequency] = useState<FilingFrequency | null>(null);
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  const shownFrequency = frequency ?? status?.file?.frequency ?? app.rememberedSettings()?.frequency ?? "monthly";
  const gstinMessage = !fixedGstin && gstin.trim() ? gstinProblem(gstin) : null;

  const open = async (file: File) => {
    setTooLarge(null);
    if (file.size > MAX_PICKED_BYTES) {
      setTooLarge(`${file.name} is ${(file.size / (1024 * 1024)).toFixed(0)} MB: that is not an IMS file from the portal. Nothing was changed.`);
      return;
    }
    let started = false;
    await task.run(async (o) => {
      const text = await readFileText(file);
      started = true;
      const typed = !fixedGstin && gstin.trim() ? { gstin: gstin.trim().toUpperCase() } : {};
      return app.offline.openImsFile({ name: file.name, text, lastModified: file.lastModified }, { ...o, ...typed, frequency: shownFrequency });
    });
    if (started) {
      pane.notePulled();
      onChanged();
    }
  };

  const busy = activity.current !== null;
  const report = task.status === "success" ? task.result : null;
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.subheading} ref={headingRef} tabIndex={-1}>
        Open a portal IMS file
      </h3>
      {status?.file ? (
        <Caption1 className={styles.wrap}>
          Last opened: <span className={styles.mono}>{status.file.fileName}</span>
          {status.file.fileDate ? ` (file of ${formatIst(status.file.fileDate)})` : ""}, {plural(status.file.records, "record")}, at {formatIst(status.file.importedAt)}.
        </Caption1>
      ) : null}
      {fixedGstin ? (
        <Caption1>
          This workbook is for GSTIN <span className={styles.mono}>{fixedGstin}</span>: a file of another GSTIN is refused.
        </Caption1>
      ) : (
        <Field label="GSTIN" hint="Needed only when the file does not name it" validationMessage={gstinMessage ?? undefined} validationState={gstinMessage ? "error" : "none"}>
          <Input value={gstin} maxLength={15} onChange={(_, d) => setGstin(d.value.toUpperCase())} disabled={busy} />
        </Field>
      )}
      <Field label="Filing frequency (GSTR-3B)" hint="For the portal's rules on Pending">
        <Select value={shownFrequency} onChange={(_, d) => setFrequency(d.value === "quarterly" ? "quarterly" : "monthly")} disabled={busy}>
          <option value="monthly">Monthly</option>
          <option value="quarterly">Quarterly (QRMP)</option>
        </Select>
      </Field>
      <div className={styles.row}>
        <FilePickButton label="Open a portal IMS file…" appearance="primary" disabled={busy || gstinMessage !== null} onFile={(f) => void open(f)} />
        <BusyHint task={task} />
      </div>
      {task.running ? <TaskProgress label="Opening the IMS file" progress={task.progress} startText="Reading the file…" cancelling={task.cancelling} onCancel={task.cancel} autoFocus returnFocus={() => headingRef.current?.focus()} /> : null}
      {tooLarge ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{tooLarge}</MessageBarBody>
        </MessageBar>
      ) : null}
      {task.status === "error" && task.error ? <ErrorNotice error={task.error} /> : null}
      {task.status === "cancelled" ? (
        <Caption1 role="status" aria-live="polite">
          Cancelled.
        </Caption1>
      ) : null}
      {report ? <ImsFileSummary report={report} /> : null}
    </section>
  );
}

function ImsFileSummary({ report }: { report: ImsFileReport }) {
  const styles = usePanelStyles();
  const sheets = report.sections.filter((s) => s.records > 0 || s.leftPortal > 0);
  return (
    <div className={styles.section}>
      <MessageBar intent="success" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>IMS file opened</MessageBarTitle>
          <span className={styles.mono}>{report.file.fileName}</span>: {plural(report.file.records, "record")} of GSTIN {report.file.gstin} in {plural(sheets.length, "sheet")}.
        </MessageBarBody>
      </MessageBar>
      {report.notices.map((n) => (
        <MessageBar key={n} intent={report.gstinConfirmed ? "info" : "warning"} layout="multiline">
          <MessageBarBody>{n}</MessageBarBody>
        </MessageBar>
      ))}
      <ul className={styles.list}>
        {sheets.map((s) => (
          <li key={s.section} className={styles.listItem}>
            <Text weight="semibold">
              {s.section} {sectionTitle(s.section)}: {plural(s.records, "record")}
            </Text>
            <Caption1 className={styles.muted}>
              {[
                `${count(s.added)} new`,
                `${count(s.updated)} updated`,
                s.keptEdits ? `${plural(s.keptEdits, "edit")} of yours kept` : "",
                s.leftPortal ? `${count(s.leftPortal)} no longer in the file` : "",
                s.awaitingConfirmation ? `${plural(s.awaitingConfirmation, "entry", "entries")} held for your check: the supplier changed the document (see Review)` : "",
              ]
                .filter(Boolean)
                .join(", ")}
            </Caption1>
          </li>
        ))}
      </ul>
    </div>
  );
}
