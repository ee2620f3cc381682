/** A running operation: what is happening in words (announced politely), a progress bar and Cancel. */
import { Button, ProgressBar, Text } from "@fluentui/react-components";
import { useEffect, useRef } from "react";
import type { Progress } from "../app/types";
import { usePanelStyles } from "./styles";

export interface TaskProgressProps {
  /** What the bar is for: "Pull progress". */
  label: string;
  progress: Progress | null;
  /** Shown until the first progress report. */
  startText: string;
  cancelling: boolean;
  /** Omit when the operation cannot be cancelled. */
  onCancel?: () => void;
  cancelText?: string;
  /**
   * For operations the user started: Cancel takes the focus (the start button is now disabled),
   * and when the operation ends with the focus lost, `returnFocus` gets it (a heading next to the result).
   */
  autoFocus?: boolean;
  returnFocus?: () => void;
}

export function TaskProgress({ label, progress, startText, cancelling, onCancel, cancelText = "Cancel", autoFocus = false, returnFocus }: TaskProgressProps) {
  const styles = usePanelStyles();
  const cancelRef = useRef<HTMLButtonElement | null>(null);
  const returnRef = useRef(returnFocus);
  returnRef.current = returnFocus;

  useEffect(() => {
    if (autoFocus) cancelRef.current?.focus();
    return () => {
      const active = document.activeElement;
      if (autoFocus && (!active || active === document.body)) returnRef.current?.();
    };
    // Only on mount and unmount.
  }, []);

  const value = progress && progress.total > 0 ? Math.min(1, progress.done / progress.total) : undefined;
  const message = cancelling ? "Cancelling: finishing the current step so the sheets stay consistent…" : (progress?.message ?? startText);
  return (
    <div className={styles.section}>
      <ProgressBar aria-label={label} value={value} thickness="large" />
      <div className={styles.row}>
        <Text role="status" aria-live="polite" className={styles.wrap} style={{ flex: "1 1 12em" }}>
          {message}
        </Text>
        {onCancel ? (
          <Button size="small" onClick={onCancel} disabled={cancelling} ref={cancelRef}>
            {cancelling ? "Cancelling…" : cancelText}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
