/**
 * An error in plain words (from app.explain) with the one thing to do next:
 * sign in again, try again, refresh the rows concerned, or nothing while it waits by itself.
 */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Text } from "@fluentui/react-components";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { SectionCode } from "../ims/sections";
import { useActivity, usePane, type ExplainedErrorPlus } from "./context";

export interface ErrorNoticeProps {
  error: ExplainedErrorPlus;
  /** "Try again" (and the automatic retry after a rate-limit wait). */
  onRetry?: () => void;
  /** Sections to pull again for "Refresh those rows" when the error does not name them. */
  refreshSections?: readonly SectionCode[];
  onDismiss?: () => void;
}

/** How long to wait after a rate limit when the portal did not say. */
export const DEFAULT_WAIT_MS = 30_000;

export function ErrorNotice({ error, onRetry, refreshSections, onDismiss }: ErrorNoticeProps) {
  const pane = usePane();
  const busy = useActivity().current !== null;
  const sections = error.sections?.length ? error.sections : (refreshSections ?? []);
  const waiting = error.action === "wait";

  let action: ReactNode = null;
  switch (error.action) {
    case "sign-in-again":
      action = (
        <Button appearance="primary" size="small" onClick={() => pane.goTo("connect")}>
          Sign in again
        </Button>
      );
      break;
    case "check-settings":
      action = (
        <Button size="small" onClick={() => pane.goTo("connect")}>
          Check settings
        </Button>
      );
      break;
    case "retry":
      if (onRetry)
        action = (
          <Button size="small" onClick={onRetry} disabled={busy}>
            Try again
          </Button>
        );
      break;
    case "refresh-rows":
      action = (
        <Button size="small" onClick={() => (sections.length ? pane.refreshSections(sections) : pane.goTo("inward"))} disabled={busy}>
          Refresh those rows
        </Button>
      );
      break;
    case "wait":
      action = (
        <Button size="small" disabled>
          Waiting…
        </Button>
      );
      break;
    case "none":
      break;
  }

  return (
    <MessageBar intent={waiting ? "warning" : "error"} layout="multiline" politeness={waiting ? "polite" : "assertive"}>
      <MessageBarBody>
        <MessageBarTitle>{error.title}</MessageBarTitle> {error.detail}
        {waiting ? <WaitNote retryAfterMs={error.retryAfterMs ?? null} onRetry={onRetry} busy={busy} /> : null}
      </MessageBarBody>
      <MessageBarActions
        containerAction={
          onDismiss ? (
            <Button size="small" appearance="transparent" onClick={onDismiss}>
              Dismiss
            </Button>
          ) : undefined
        }
      >
        {action}
      </MessageBarActions>
    </MessageBar>
  );
}

/** Counts down and tries again by itself; says so, so nobody wonders whether to click. */
function WaitNote({ retryAfterMs, onRetry, busy }: { retryAfterMs: number | null; onRetry: (() => void) | undefined; busy: boolean }) {
  const [left, setLeft] = useState(() => Math.max(1, Math.ceil((retryAfterMs ?? DEFAULT_WAIT_MS) / 1000)));
  const fired = useRef(false);
  useEffect(() => {
    if (!onRetry) return;
    if (left <= 0) {
      // Something else started meanwhile: try again as soon as it ends.
      if (!fired.current && !busy) {
        fired.current = true;
        onRetry();
      }
      return;
    }
    const id = setTimeout(() => setLeft((s) => s - 1), 1000);
    return () => clearTimeout(id);
  }, [left, onRetry, busy]);
  return (
    <Text as="p" block style={{ margin: "4px 0 0" }}>
      {onRetry
        ? left > 0
          ? `The add-in waits by itself and tries again in ${left} s. You don't need to do anything.`
          : "Trying again…"
        : "The add-in waits by itself between requests. Try again in a minute."}
    </Text>
  );
}
