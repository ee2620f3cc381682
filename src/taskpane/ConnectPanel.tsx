/**
 * Connect: the local sandbox (demo credentials, the default) or an IMS API provider; then the
 * OTP; then the session with its expiry and Sign out.
 */
import {
  Button,
  Caption1,
  Checkbox,
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
import type { ConnectionSettings, ConnectionTarget, SessionState } from "../app/types";
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

/** The local sandbox's demo OTP (src/sandbox/config.ts DEMO_OTP), shown as a hint only. */
const SANDBOX_DEMO_OTP = "575757";

type FieldKey = "baseUrl" | "apiKey" | "apiSecret" | "gstin" | "username";
type FieldErrors = Partial<Record<FieldKey, string>>;
const FIELD_ORDER: readonly FieldKey[] = ["baseUrl", "apiKey", "apiSecret", "gstin", "username"];

/** Trimmed, GSTIN in capitals. */
export function normalizeSettings(s: ConnectionSettings): ConnectionSettings {
  return { ...s, baseUrl: s.baseUrl.trim(), apiKey: s.apiKey.trim(), apiSecret: s.apiSecret.trim(), gstin: s.gstin.trim().toUpperCase(), username: s.username.trim() };
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

function isLocalHost(host: string): boolean {
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

/** Messages name the field, so they read well when announced on their own. */
export function validateSettings(raw: ConnectionSettings): FieldErrors {
  const s = normalizeSettings(raw);
  const errors: FieldErrors = {};
  if (!s.baseUrl) errors.baseUrl = "Enter the base URL, e.g. https://api.sandbox.co.in.";
  else {
    let url: URL | null = null;
    try {
      url = new URL(s.baseUrl);
    } catch {
      url = null;
    }
    if (!url || !/^https?:$/.test(url.protocol)) errors.baseUrl = "Base URL must be a web address starting with https://.";
    else if (url.protocol === "http:" && !isLocalHost(url.hostname)) errors.baseUrl = "Base URL must start with https:// (plain http is only for this computer).";
  }
  if (!s.apiKey) errors.apiKey = "Enter the API key from your provider.";
  if (!s.apiSecret) errors.apiSecret = "Enter the API secret from your provider.";
  const g = gstinProblem(s.gstin);
  if (g) errors.gstin = g;
  if (!s.username) errors.username = "Enter the GST portal username.";
  return errors;
}

interface Drafts {
  target: ConnectionTarget;
  sandbox: ConnectionSettings;
  provider: ConnectionSettings;
}

export function ConnectPanel() {
  const app = useImsApp();
  const session = useSession();
  const pane = usePane();
  const connectTask = useTask<SessionState>("sign-in");
  const verifyTask = useTask<SessionState>("OTP check");
  const [drafts, setDrafts] = useState<Drafts>(() => {
    const remembered = app.rememberedSettings();
    return {
      target: remembered?.target ?? "sandbox",
      sandbox: remembered?.target === "sandbox" ? remembered : app.defaultSettings("sandbox"),
      provider: remembered?.target === "provider" ? remembered : app.defaultSettings("provider"),
    };
  });
  /** Where focus should go when the view changes because of something done here. */
  const [focusNext, setFocusNext] = useState<"form" | "otp" | "signed-in" | null>(null);
  const [signedOutNote, setSignedOutNote] = useState(false);

  const settings = drafts[drafts.target];

  const send = useCallback(
    async (s: ConnectionSettings) => {
      setSignedOutNote(false);
      const state = await connectTask.run((o) => app.connect(s, o));
      if (state) {
        pane.sessionChanged(state);
        setFocusNext(state.status === "signed-in" ? "signed-in" : "otp");
      }
    },
    [app, connectTask, pane],
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
        sandbox={drafts.target === "sandbox"}
        task={verifyTask}
        onVerify={verify}
        onStartAgain={signOut}
        autoFocus={focusNext === "otp"}
      />
    );
  }
  return (
    <ConnectForm
      drafts={drafts}
      settings={settings}
      onChange={(next) => setDrafts((d) => ({ ...d, [d.target]: next }))}
      onTarget={(target) => setDrafts((d) => ({ ...d, target }))}
      task={connectTask}
      onSend={send}
      signedOutNote={signedOutNote}
      autoFocus={focusNext === "form"}
    />
  );
}

interface ConnectFormProps {
  drafts: Drafts;
  settings: ConnectionSettings;
  onChange(next: ConnectionSettings): void;
  onTarget(target: ConnectionTarget): void;
  task: Task<SessionState>;
  onSend(settings: ConnectionSettings): void;
  signedOutNote: boolean;
  autoFocus: boolean;
}

function ConnectForm({ drafts, settings, onChange, onTarget, task, onSend, signedOutNote, autoFocus }: ConnectFormProps) {
  const styles = usePanelStyles();
  const pane = usePane();
  const activity = useActivity();
  const [showErrors, setShowErrors] = useState(false);
  const inputs = useRef<Partial<Record<FieldKey, HTMLInputElement | null>>>({});
  const targetRef = useRef<HTMLInputElement | null>(null);
  const sandbox = drafts.target === "sandbox";
  const errors = useMemo(() => validateSettings(settings), [settings]);
  const busy = task.running || activity.current !== null;

  useEffect(() => {
    if (autoFocus) targetRef.current?.focus();
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

  const textField = (key: FieldKey, label: string, extra: { type?: "password" | "url"; hint?: string; readOnly?: boolean; autoComplete?: string; maxLength?: number } = {}) => {
    const message = errorOf(key);
    return (
      <Field label={label} required={!extra.readOnly} validationMessage={message} validationState={message ? "error" : "none"} hint={extra.hint}>
        <Input
          ref={(el) => {
            inputs.current[key] = el;
          }}
          type={extra.type ?? "text"}
          value={settings[key]}
          readOnly={extra.readOnly}
          appearance={extra.readOnly ? "filled-darker" : "outline"}
          autoComplete={extra.autoComplete ?? "off"}
          spellCheck={false}
          maxLength={extra.maxLength}
          onChange={(_, d) => set(key, key === "gstin" ? d.value.toUpperCase() : d.value)}
        />
      </Field>
    );
  };

  return (
    <form className={styles.panel} onSubmit={submit} noValidate aria-label="Connection">
      {signedOutNote ? (
        <MessageBar intent="success">
          <MessageBarBody>Signed out. Every token was cleared.</MessageBarBody>
        </MessageBar>
      ) : null}
      <Field label="Connect to">
        <RadioGroup value={drafts.target} onChange={(_, d) => onTarget(d.value === "provider" ? "provider" : "sandbox")} disabled={busy}>
          <Radio value="sandbox" label="Local sandbox" ref={sandbox ? targetRef : undefined} />
          <Radio value="provider" label="IMS API provider" ref={sandbox ? undefined : targetRef} />
        </RadioGroup>
      </Field>

      {sandbox ? (
        <>
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>
              Demo credentials of the local sandbox at <span className={styles.mono}>{settings.baseUrl}</span> are filled in. Press Send OTP.
            </MessageBarBody>
          </MessageBar>
          {textField("baseUrl", "Base URL", { readOnly: true })}
          {textField("apiKey", "API key", { readOnly: true })}
          {textField("gstin", "GSTIN", { hint: "A demo taxpayer of the sandbox", maxLength: 15 })}
          {textField("username", "Portal username")}
        </>
      ) : (
        <>
          {textField("baseUrl", "Base URL", { type: "url", hint: "Your IMS API provider's address" })}
          {textField("apiKey", "API key")}
          {textField("apiSecret", "API secret", { type: "password" })}
          {textField("gstin", "GSTIN", { hint: "15 characters, e.g. 27AAACI1234F1Z2", maxLength: 15 })}
          {textField("username", "Portal username", { hint: "The taxpayer's GST portal username", autoComplete: "username" })}
        </>
      )}

      <Field label="Filing frequency (GSTR-3B)">
        <RadioGroup layout="horizontal" value={settings.frequency} onChange={(_, d) => set("frequency", d.value as FilingFrequency)}>
          <Radio value="monthly" label="Monthly" />
          <Radio value="quarterly" label="Quarterly" />
        </RadioGroup>
      </Field>

      <div className={styles.section}>
        <Checkbox checked={settings.remember} onChange={(_, d) => set("remember", d.checked === true)} label="Remember me on this computer" />
        <Caption1 className={styles.muted}>Kept in this browser's storage on this computer only. Nothing is stored in the workbook.</Caption1>
      </div>

      {task.running ? (
        <TaskProgress
          label="Sign-in progress"
          progress={task.progress}
          startText="Signing in and asking the portal for an OTP…"
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
        <Button type="submit" appearance="primary" disabled={busy}>
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
  sandbox: boolean;
  task: Task<SessionState>;
  onVerify(otp: string): void;
  onStartAgain(): void;
  autoFocus: boolean;
}

function OtpStep({ gstin, username, sandbox, task, onVerify, onStartAgain, autoFocus }: OtpStepProps) {
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
        hint={sandbox ? `The local sandbox's demo OTP is ${SANDBOX_DEMO_OTP}.` : "6 digits, sent to the mobile number registered on the GST portal."}
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
