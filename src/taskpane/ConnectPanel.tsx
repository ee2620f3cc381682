/**
 * Connect: which IMS API the add-in server works against (the local sandbox with demo data, or
 * the provider), the taxpayer's GSTIN and portal username (and the server's access key when it
 * is shared), then the OTP, then the session with its expiry and Sign out. The pane never asks
 * for or holds the API key or secret: the add-in server does.
 */
import {
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Text,
} from "@fluentui/react-components";
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import type { SessionInfo } from "../api/types";
import type { ConnectionSettings, ExplainedError, SessionState, UpstreamState } from "../app/types";
import { hasGstinShape, isValidGstin } from "../ims/gstin";
import type { FilingFrequency } from "../ims/periods";
import { useActivity, useImsApp, usePane, useSession } from "./context";
import { BusyHint } from "./BusyHint";
import { ErrorNotice } from "./ErrorNotice";
import { sessionExpiryText } from "./format";
import { usePanelStyles } from "./styles";
import { TaskProgress } from "./TaskProgress";
import { useNow } from "./use-now";
import { useTask, type Task } from "./use-task";

type FieldKey = "accessKey" | "gstin" | "username";
type FieldErrors = Partial<Record<FieldKey, string>>;
const FIELD_ORDER: readonly FieldKey[] = ["accessKey", "gstin", "username"];

/** What the pane knows of the add-in server's upstream. */
type UpstreamView = { status: "loading" } | UpstreamState | { status: "error"; error: ExplainedError };

/** Trimmed, GSTIN in capitals. */
export function normalizeSettings(s: ConnectionSettings): ConnectionSettings {
  return { ...s, gstin: s.gstin.trim().toUpperCase(), username: s.username.trim() };
}

export function gstinProblem(raw: string): string | null {
  const gstin = raw.trim().toUpperCase();
  if (!gstin) return "Enter the GSTIN.";
  if (gstin.length !== 15) return `GSTIN must be 15 characters; this one has ${gstin.length}.`;
  if (!hasGstinShape(gstin)) {
    return "GSTIN is not in the usual form: 2-digit state code, 10-character PAN, entity number, Z, check character (e.g. 27AAACI1234F1Z2).";
  }
  if (!isValidGstin(gstin)) return "GSTIN check character (the last one) does not match: look for a mistyped character.";
  return null;
}

/** Messages name the field, so they read well when announced on their own. */
export function validateSettings(raw: ConnectionSettings, access: { needed: boolean; key: string } = { needed: false, key: "" }): FieldErrors {
  const s = normalizeSettings(raw);
  const errors: FieldErrors = {};
  if (access.needed && !access.key.trim()) errors.accessKey = "Enter the add-in server's access key.";
  const g = gstinProblem(s.gstin);
  if (g) errors.gstin = g;
  if (!s.username) errors.username = "Enter the GST portal username.";
  return errors;
}

export function ConnectPanel() {
  const app = useImsApp();
  const session = useSession();
  const pane = usePane();
  const connectTask = useTask<SessionState>("sign-in");
  const verifyTask = useTask<SessionState>("OTP check");
  const remembered = useMemo(() => app.rememberedSettings(), [app]);
  const [settings, setSettings] = useState<ConnectionSettings>(() => remembered ?? app.defaultSettings());
  const [accessKey, setAccessKey] = useState("");
  const [upstream, setUpstream] = useState<UpstreamView>({ status: "loading" });
  /** Where focus should go when the view changes because of something done here. */
  const [focusNext, setFocusNext] = useState<"form" | "otp" | "signed-in" | null>(null);
  const [signedOutNote, setSignedOutNote] = useState(false);

  const learnUpstream = useCallback(
    (state: UpstreamState) => {
      setUpstream(state);
      const demo = state.status === "ready" ? state.upstream.demo?.taxpayers[0] : undefined;
      // The sandbox's first demo taxpayer, unless the user has settings of their own.
      if (demo && !remembered) setSettings((s) => (s.gstin || s.username ? s : { gstin: demo.gstin, username: demo.username, frequency: demo.frequency }));
    },
    [remembered],
  );

  const askUpstream = useCallback(() => {
    setUpstream({ status: "loading" });
    let live = true;
    app.upstream().then(
      (state) => {
        if (live) learnUpstream(state);
      },
      (e: unknown) => {
        if (live) setUpstream({ status: "error", error: app.explain(e) });
      },
    );
    return () => {
      live = false;
    };
  }, [app, learnUpstream]);

  useEffect(() => askUpstream(), [askUpstream]);

  const send = useCallback(
    async (s: ConnectionSettings) => {
      setSignedOutNote(false);
      const key = accessKey.trim();
      const state = await connectTask.run((o) => app.connect(s, key ? { ...o, accessKey: key } : o));
      if (state) {
        pane.sessionChanged(state);
        setFocusNext(state.status === "signed-in" ? "signed-in" : "otp");
        // With the access key accepted, the server now says what it works against.
        if (upstream.status !== "ready") void app.upstream(key ? { accessKey: key } : {}).then(learnUpstream, () => undefined);
      }
    },
    [app, connectTask, pane, accessKey, upstream.status, learnUpstream],
  );

  const verify = useCallback(
    async (otp: string) => {
      const state = await verifyTask.run((o) => app.verifyOtp(otp, o));
      if (state) {
        pane.sessionChanged(state);
        setFocusNext("signed-in");
      }
    },
    [app, verifyTask, pane],
  );

  const signOut = useCallback(() => {
    app.signOut();
    pane.sessionChanged(app.sessionState());
    connectTask.reset();
    verifyTask.reset();
    setSignedOutNote(true);
    setFocusNext("form");
  }, [app, pane, connectTask, verifyTask]);

  if (session.status === "signed-in") {
    return <SignedIn info={session.session} onSignOut={signOut} autoFocus={focusNext === "signed-in"} />;
  }
  if (session.status === "otp-sent") {
    return (
      <OtpStep
        gstin={session.gstin}
        username={session.username}
        demoOtp={upstream.status === "ready" ? (upstream.upstream.demo?.otp ?? null) : null}
        task={verifyTask}
        onVerify={verify}
        onStartAgain={signOut}
        autoFocus={focusNext === "otp"}
      />
    );
  }
  return (
    <ConnectForm
      upstream={upstream}
      onRetryUpstream={askUpstream}
      settings={settings}
      onChange={setSettings}
      accessKey={accessKey}
      onAccessKey={setAccessKey}
      task={connectTask}
      onSend={send}
      signedOutNote={signedOutNote}
      autoFocus={focusNext === "form"}
    />
  );
}

interface ConnectFormProps {
  upstream: UpstreamView;
  onRetryUpstream(): void;
  settings: ConnectionSettings;
  onChange(next: ConnectionSettings): void;
  accessKey: string;
  onAccessKey(key: string): void;
  task: Task<SessionState>;
  onSend(settings: ConnectionSettings): void;
  signedOutNote: boolean;
  autoFocus: boolean;
}

function UpstreamNotice({ upstream, onRetry }: { upstream: UpstreamView; onRetry(): void }) {
  const styles = usePanelStyles();
  switch (upstream.status) {
    case "loading":
      return (
        <Text role="status" aria-live="polite" className={styles.muted}>
          Asking the add-in server which IMS API it works against…
        </Text>
      );
    case "error":
      return <ErrorNotice error={upstream.error} onRetry={onRetry} />;
    case "access-key-needed":
      return (
        <MessageBar intent={upstream.refused ? "error" : "warning"} layout="multiline">
          <MessageBarBody>
            {upstream.refused ? "The add-in server refused that access key." : "This add-in server is shared and needs its access key."} Enter the key its administrator gave you; it is kept in this pane's memory only.
          </MessageBarBody>
        </MessageBar>
      );
    case "ready":
      return (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            Working against: <strong>{upstream.upstream.label}</strong>.{" "}
            {upstream.upstream.kind === "sandbox"
              ? "A demo taxpayer is filled in; press Send OTP."
              : "The add-in server holds the API key; enter the taxpayer's GSTIN and portal username."}
          </MessageBarBody>
        </MessageBar>
      );
  }
}

function ConnectForm({ upstream, onRetryUpstream, settings, onChange, accessKey, onAccessKey, task, onSend, signedOutNote, autoFocus }: ConnectFormProps) {
  const styles = usePanelStyles();
  const pane = usePane();
  const activity = useActivity();
  const [showErrors, setShowErrors] = useState(false);
  const inputs = useRef<Partial<Record<FieldKey, HTMLInputElement | null>>>({});
  const needsKey = upstream.status === "access-key-needed";
  const sandbox = upstream.status === "ready" && upstream.upstream.kind === "sandbox";
  const errors = useMemo(() => validateSettings(settings, { needed: needsKey, key: accessKey }), [settings, needsKey, accessKey]);
  const busy = task.running || activity.current !== null;

  useEffect(() => {
    if (autoFocus) (inputs.current.accessKey ?? inputs.current.gstin)?.focus();
  }, [autoFocus]);

  const set = <K extends keyof ConnectionSettings>(key: K, value: ConnectionSettings[K]) => onChange({ ...settings, [key]: value });
  // Messages appear from the first Send OTP on (then live): showing them on blur would move
  // the button under the pointer between mousedown and click.
  const errorOf = (key: FieldKey) => (showErrors ? errors[key] : undefined);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const first = FIELD_ORDER.find((k) => errors[k]);
    if (first) {
      setShowErrors(true);
      inputs.current[first]?.focus();
      return;
    }
    onSend(normalizeSettings(settings));
  };

  const textField = (key: FieldKey, label: string, value: string, onValue: (v: string) => void, extra: { type?: "password"; hint?: string; autoComplete?: string; maxLength?: number } = {}) => {
    const message = errorOf(key);
    return (
      <Field label={label} required validationMessage={message} validationState={message ? "error" : "none"} hint={extra.hint}>
        <Input
          ref={(el) => {
            inputs.current[key] = el;
          }}
          type={extra.type ?? "text"}
          value={value}
          autoComplete={extra.autoComplete ?? "off"}
          spellCheck={false}
          maxLength={extra.maxLength}
          onChange={(_, d) => onValue(d.value)}
        />
      </Field>
    );
  };

  return (
    <form className={styles.panel} onSubmit={submit} noValidate aria-label="Connection">
      {signedOutNote ? (
        <MessageBar intent="success">
          <MessageBarBody>Signed out. The session was cleared from this pane.</MessageBarBody>
        </MessageBar>
      ) : null}
      <UpstreamNotice upstream={upstream} onRetry={onRetryUpstream} />

      {needsKey ? textField("accessKey", "Access key", accessKey, onAccessKey, { type: "password", hint: "The add-in server's access key" }) : null}
      {textField("gstin", "GSTIN", settings.gstin, (v) => set("gstin", v.toUpperCase()), { hint: sandbox ? "A demo taxpayer of the sandbox" : "15 characters, e.g. 27AAACI1234F1Z2", maxLength: 15 })}
      {textField("username", "Portal username", settings.username, (v) => set("username", v), { hint: sandbox ? undefined : "The taxpayer's GST portal username", autoComplete: "username" })}

      <Field label="Filing frequency (GSTR-3B)">
        <RadioGroup layout="horizontal" value={settings.frequency} onChange={(_, d) => set("frequency", d.value as FilingFrequency)}>
          <Radio value="monthly" label="Monthly" />
          <Radio value="quarterly" label="Quarterly" />
        </RadioGroup>
      </Field>

      <Caption1 className={styles.muted}>
        The GSTIN, username and filing frequency are remembered on this computer. The session stays in this pane's memory. Nothing is stored in the workbook.
      </Caption1>

      {task.running ? (
        <TaskProgress
          label="Sign-in progress"
          progress={task.progress}
          startText="Asking the portal for an OTP…"
          cancelling={task.cancelling}
          onCancel={task.cancel}
          autoFocus
          returnFocus={() => pane.focusHeading("connect")}
        />
      ) : null}
      {task.status === "error" && task.error ? <ErrorNotice error={task.error} onRetry={() => onSend(normalizeSettings(settings))} /> : null}
      {task.status === "cancelled" ? (
        <Text role="status" aria-live="polite">
          Sign-in cancelled.
        </Text>
      ) : null}

      <div className={styles.row}>
        <Button type="submit" appearance="primary" disabled={busy || upstream.status === "loading"}>
          Send OTP
        </Button>
        <BusyHint task={task} />
      </div>
    </form>
  );
}

interface OtpStepProps {
  gstin: string;
  username: string;
  /** The sandbox's demo OTP, shown as a hint; null against the provider. */
  demoOtp: string | null;
  task: Task<SessionState>;
  onVerify(otp: string): void;
  onStartAgain(): void;
  autoFocus: boolean;
}

function OtpStep({ gstin, username, demoOtp, task, onVerify, onStartAgain, autoFocus }: OtpStepProps) {
  const styles = usePanelStyles();
  const [otp, setOtp] = useState("");
  const [showError, setShowError] = useState(false);
  const input = useRef<HTMLInputElement | null>(null);
  const valid = /^\d{6}$/.test(otp);

  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (task.running) return;
    if (!valid) {
      setShowError(true);
      input.current?.focus();
      return;
    }
    onVerify(otp);
  };

  const message = showError && !valid ? "OTP must be the 6 digits sent to the registered mobile number." : undefined;
  return (
    <form className={styles.panel} onSubmit={submit} noValidate aria-label="One-time password">
      <Text role="status" aria-live="polite" className={styles.wrap}>
        OTP sent for <strong>{username}</strong> (<span className={styles.mono}>{gstin}</span>).
      </Text>
      <Field
        label="OTP"
        required
        hint={demoOtp ? `The local sandbox's demo OTP is ${demoOtp}.` : "6 digits, sent to the mobile number registered on the GST portal."}
        validationMessage={message}
        validationState={message ? "error" : "none"}
      >
        <Input
          ref={input}
          value={otp}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          onChange={(_, d) => setOtp(d.value.replace(/\D/g, "").slice(0, 6))}
          disabled={task.running}
        />
      </Field>
      {task.running ? (
        <TaskProgress label="OTP check progress" progress={task.progress} startText="Checking the OTP…" cancelling={task.cancelling} onCancel={task.cancel} autoFocus returnFocus={() => input.current?.focus()} />
      ) : null}
      {task.status === "error" && task.error ? (
        <ErrorNotice
          error={task.error}
          onRetry={() => {
            setOtp("");
            input.current?.focus();
          }}
        />
      ) : null}
      <div className={styles.row}>
        <Button type="submit" appearance="primary" disabled={task.running}>
          Verify
        </Button>
        <Button onClick={onStartAgain} disabled={task.running}>
          Start again
        </Button>
      </div>
    </form>
  );
}

function SignedIn({ info, onSignOut, autoFocus }: { info: SessionInfo; onSignOut(): void; autoFocus: boolean }) {
  const styles = usePanelStyles();
  const activity = useActivity();
  const pane = usePane();
  const now = useNow();
  const heading = useRef<HTMLHeadingElement | null>(null);
  useEffect(() => {
    if (autoFocus) heading.current?.focus();
  }, [autoFocus]);
  const expired = info.tokenExpiry <= now;
  return (
    <div className={styles.panel}>
      <h3 className={styles.subheading} ref={heading} tabIndex={-1}>
        Signed in
      </h3>
      <dl className={styles.section} style={{ margin: 0 }}>
        <div className={styles.row}>
          <dt className={styles.muted}>GSTIN</dt>
          <dd className={styles.mono} style={{ margin: 0 }}>
            {info.gstin}
          </dd>
        </div>
        <div className={styles.row}>
          <dt className={styles.muted}>Username</dt>
          <dd className={styles.wrap} style={{ margin: 0 }}>
            {info.username}
          </dd>
        </div>
      </dl>
      {expired ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>{sessionExpiryText(info.tokenExpiry, now)}. Sign out and sign in again to continue.</MessageBarBody>
        </MessageBar>
      ) : (
        <Text>{sessionExpiryText(info.tokenExpiry, now)}</Text>
      )}
      <div className={styles.row}>
        <Button appearance="primary" onClick={() => pane.goTo("inward")}>
          Go to Inward supplies
        </Button>
        <Button onClick={onSignOut} disabled={activity.current !== null}>
          Sign out
        </Button>
      </div>
      <BusyHint />
    </div>
  );
}
