/**
 * The upload side of the portal's offline files: "Save upload file" (the application builds it
 * and marks its rows; the pane saves it as a download, with a link to save it again and its text
 * to copy where the host blocks downloads), then "Open the portal's error file" and "The portal
 * processed it".
 */
import { Button, Caption1, Link, mergeClasses, MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { useEffect, useId, useRef, useState } from "react";
import type { ConfirmUploadReport, ErrorFileReport, OfflineStatus, UploadFileReport } from "../app/offline-types";
import { formatIst } from "../ims/review-rows";
import { useActivity, useImsApp, usePane } from "./context";
import { BusyHint } from "./BusyHint";
import { ErrorNotice } from "./ErrorNotice";
import { FilePickButton, MAX_PICKED_BYTES, readFileText, saveTextFile } from "./file-io";
import { count, plural } from "./format";
import { RowIssueList } from "./RowIssueList";
import { usePanelStyles } from "./styles";
import { TaskProgress } from "./TaskProgress";
import { useTask } from "./use-task";

export interface OfflineUploadPanelProps {
  status: OfflineStatus | null;
  onChanged(): void;
}

export function OfflineUploadPanel({ status, onChanged }: OfflineUploadPanelProps) {
  return (
    <>
      <SaveUploadFile status={status} onChanged={onChanged} />
      {status?.upload ? <AfterUpload upload={status.upload} onChanged={onChanged} /> : null}
    </>
  );
}

/** The object URL of the file last saved, revoked when replaced or when the pane goes. */
function useSavedUrl(): [string | null, (url: string | null) => void] {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  return [url, setUrl];
}

function SaveUploadFile({ status, onChanged }: OfflineUploadPanelProps) {
  const styles = usePanelStyles();
  const app = useImsApp();
  const pane = usePane();
  const activity = useActivity();
  const task = useTask<UploadFileReport>("saving of the upload file");
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  const [url, setUrl] = useSavedUrl();
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);

  const save = async () => {
    setCopied(null);
    const report = await task.run((o) => app.offline.saveUploadFile(o));
    if (!report) return;
    setUrl(report.file ? saveTextFile(report.file.name, report.file.text) : null);
    pane.notePulled();
    onChanged();
  };
  const copy = (text: string) => {
    navigator.clipboard.writeText(text).then(
      () => setCopied("yes"),
      () => setCopied("no"),
    );
  };

  const report = task.status === "success" ? task.result : null;
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.subheading} ref={headingRef} tabIndex={-1}>
        Save upload file
      </h3>
      <Caption1 className={styles.muted}>
        The upload JSON of the rows you changed, checked with the portal's rules, each record exactly as downloaded but for its action. Its rows then say "In upload file".
      </Caption1>
      <div className={styles.row}>
        <Button appearance={status?.file ? "primary" : "secondary"} onClick={() => void save()} disabled={activity.current !== null || !status?.gstin}>
          Save upload file
        </Button>
        {!status?.gstin ? <Caption1 className={styles.muted}>Open a portal IMS file first.</Caption1> : <BusyHint task={task} />}
      </div>
      {task.running ? <TaskProgress label="Saving the upload file" progress={task.progress} startText="Reading the sheets…" cancelling={task.cancelling} onCancel={task.cancel} returnFocus={() => headingRef.current?.focus()} /> : null}
      {task.status === "error" && task.error ? <ErrorNotice error={task.error} onRetry={() => void save()} /> : null}
      {report ? (
        <>
          {report.file ? (
            <MessageBar intent="success" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>Upload file saved</MessageBarTitle>
                <span className={styles.mono}>{report.file.name}</span>: {plural(report.records, "record")} ({uploadCounts(report)}). Upload it on the GST portal: IMS → Offline → Upload.
              </MessageBarBody>
            </MessageBar>
          ) : (
            <MessageBar intent="info" layout="multiline">
              <MessageBarBody>Nothing to upload: no row has a change the upload file can carry. Set actions in the sheets, then save again.</MessageBarBody>
            </MessageBar>
          )}
          {report.file && url ? (
            <div className={styles.row}>
              <Link href={url} download={report.file.name}>
                Download it again
              </Link>
              <Button size="small" onClick={() => copy(report.file?.text ?? "")}>
                Copy its text
              </Button>
            </div>
          ) : null}
          {report.file ? <Caption1 className={mergeClasses(styles.muted, styles.wrap)}>No download? Excel on Mac does not save files from add-ins: copy the text into a new file named {report.file.name}.</Caption1> : null}
          {copied ? (
            <Caption1 role="status" aria-live="polite">
              {copied === "yes" ? "Copied." : "Copying was refused by the host: use Download it again."}
            </Caption1>
          ) : null}
          {report.replaces ? (
            <MessageBar intent="warning" layout="multiline">
              <MessageBarBody className={styles.wrap}>This file replaces {report.replaces}, which was not confirmed: upload only this one.</MessageBarBody>
            </MessageBar>
          ) : null}
          {report.itcDefaulted ? (
            <MessageBar intent="info" layout="multiline">
              <MessageBarBody>
                {plural(report.itcDefaulted, "accepted credit note")} {report.itcDefaulted === 1 ? "goes" : "go"} with "Reduce ITC" Yes: the portal needs an answer, and Yes is its default. Enter N in "Reduce ITC? (Y/N)" to change it.
              </MessageBarBody>
            </MessageBar>
          ) : null}
          {report.warnings.map((w) => (
            <MessageBar key={w} intent="warning" layout="multiline">
              <MessageBarBody>{w}</MessageBarBody>
            </MessageBar>
          ))}
          <RowIssueList title="Left out of the upload file" rows={report.refused} note="Each row says why in its Message column. Fix them in the sheet and save again, or leave them." />
          <RowIssueList title="Conflicts" rows={report.conflicts} note="These rows are held back: open a newer IMS file from the portal, or check them in Review." />
        </>
      ) : null}
    </section>
  );
}

function uploadCounts(report: UploadFileReport): string {
  return report.sections
    .map((s) => {
      const parts = [s.accept ? `${count(s.accept)} accept` : "", s.reject ? `${count(s.reject)} reject` : "", s.pending ? `${count(s.pending)} pending` : ""].filter(Boolean);
      return `${s.section} ${parts.join(", ")}`;
    })
    .join("; ");
}

function AfterUpload({ upload, onChanged }: { upload: NonNullable<OfflineStatus["upload"]>; onChanged(): void }) {
  const styles = usePanelStyles();
  const app = useImsApp();
  const pane = usePane();
  const activity = useActivity();
  const errors = useTask<ErrorFileReport>("reading of the error file");
  const confirm = useTask<ConfirmUploadReport>("confirmation");
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  const [tooLarge, setTooLarge] = useState<string | null>(null);

  const openErrors = async (file: File) => {
    setTooLarge(null);
    if (file.size > MAX_PICKED_BYTES) {
      setTooLarge(`${file.name} is too large to be the portal's error file. Nothing was changed.`);
      return;
    }
    confirm.reset();
    const report = await errors.run(async (o) => app.offline.openErrorFile({ name: file.name, text: await readFileText(file), lastModified: file.lastModified }, o));
    if (report) {
      pane.notePulled();
      onChanged();
    }
  };
  const confirmUploaded = async () => {
    const report = await confirm.run((o) => app.offline.confirmUploaded(upload.fileName, o));
    if (report) {
      pane.notePulled();
      onChanged();
    }
  };

  const busy = activity.current !== null;
  const errorReport = errors.status === "success" ? errors.result : null;
  const confirmed = confirm.status === "success" ? confirm.result : null;
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.subheading} ref={headingRef} tabIndex={-1}>
        After uploading
      </h3>
      <Caption1 className={styles.wrap}>
        Upload file <span className={styles.mono}>{upload.fileName}</span>: {plural(upload.records, "record")}, saved {formatIst(upload.savedAt)}.
        {upload.confirmedAt ? ` You confirmed the portal processed it (${formatIst(upload.confirmedAt)}).` : " When the portal has processed it, open its error file here, or confirm it had none."}
      </Caption1>
      <div className={styles.row}>
        <FilePickButton label="Open the portal's error file…" disabled={busy} onFile={(f) => void openErrors(f)} />
        <Button onClick={() => void confirmUploaded()} disabled={busy}>
          The portal processed it
        </Button>
      </div>
      <BusyHint task={errors.running ? errors : confirm} />
      {errors.running ? <TaskProgress label="Reading the error file" progress={errors.progress} startText="Reading the file…" cancelling={errors.cancelling} onCancel={errors.cancel} returnFocus={() => headingRef.current?.focus()} /> : null}
      {tooLarge ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{tooLarge}</MessageBarBody>
        </MessageBar>
      ) : null}
      {errors.status === "error" && errors.error ? <ErrorNotice error={errors.error} /> : null}
      {confirm.status === "error" && confirm.error ? <ErrorNotice error={confirm.error} /> : null}
      {errorReport ? <ErrorFileSummary report={errorReport} /> : null}
      {confirmed ? (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            {plural(confirmed.uploaded, "row")} marked Uploaded: the sheets now show {confirmed.uploaded === 1 ? "its action" : "their actions"} as saved on the portal.
          </MessageBarBody>
        </MessageBar>
      ) : null}
    </section>
  );
}

function ErrorFileSummary({ report }: { report: ErrorFileReport }) {
  const styles = usePanelStyles();
  return (
    <div className={styles.section}>
      {report.wholeFile ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>The portal refused the whole upload file</MessageBarTitle>
            {report.wholeFile.code ? `${report.wholeFile.code}: ` : ""}
            {report.wholeFile.message} Every row of it is marked Failed; your entries are kept.
          </MessageBarBody>
        </MessageBar>
      ) : (
        <MessageBar intent={report.failed.length ? "warning" : "success"} layout="multiline">
          <MessageBarBody>
            {report.failed.length ? `${plural(report.failed.length, "row")} failed on the portal and ${report.failed.length === 1 ? "is" : "are"} marked Failed.` : "The error file names no row of this upload."}{" "}
            {report.withoutError ? `${plural(report.withoutError, "other row")} had no error: press "The portal processed it" to mark ${report.withoutError === 1 ? "it" : "them"} Uploaded.` : ""}
          </MessageBarBody>
        </MessageBar>
      )}
      {report.unmatched.length ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Not tied to a row of {report.uploadFile}</MessageBarTitle>
            <ul className={styles.list}>
              {report.unmatched.map((u) => (
                <li key={u} className={styles.wrap}>
                  {u}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <RowIssueList title="Failed on the portal" rows={report.failed} note="Your entries are kept: correct them if needed, and save a new upload file." />
    </div>
  );
}

