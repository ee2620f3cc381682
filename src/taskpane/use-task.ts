/**
 * A long call to the application: an AbortSignal, progress in state, the error explained,
 * and the pane's one-at-a-time lock. Only state changes: the pane never blocks.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { Progress } from "../app/types";
import { useActivity, useImsApp, type ExplainedErrorPlus } from "./context";

export type TaskStatus = "idle" | "running" | "success" | "error" | "cancelled";

export interface TaskState<T> {
  status: TaskStatus;
  progress: Progress | null;
  result: T | null;
  error: ExplainedErrorPlus | null;
  /** Cancel was pressed; the application is finishing what it must to leave the sheets consistent. */
  cancelling: boolean;
}

export interface TaskCallOptions {
  signal: AbortSignal;
  onProgress: (p: Progress) => void;
}

export interface Task<T> extends TaskState<T> {
  running: boolean;
  /** Starts the call unless another long operation is running; resolves when it settles. */
  run(call: (options: TaskCallOptions) => Promise<T>): Promise<T | null>;
  cancel(): void;
  reset(): void;
}

const IDLE: TaskState<never> = { status: "idle", progress: null, result: null, error: null, cancelling: false };

export function useTask<T>(label: string): Task<T> {
  const app = useImsApp();
  const activity = useActivity();
  const [state, setState] = useState<TaskState<T>>(IDLE);
  const controllerRef = useRef<AbortController | null>(null);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      controllerRef.current?.abort();
    };
  }, []);

  const run = useCallback(
    async (call: (options: TaskCallOptions) => Promise<T>): Promise<T | null> => {
      if (controllerRef.current) return null;
      const release = activity.begin(label);
      if (!release) return null;
      const controller = new AbortController();
      controllerRef.current = controller;
      const update = (next: (s: TaskState<T>) => TaskState<T>) => {
        if (mounted.current && controllerRef.current === controller) setState(next);
      };
      setState({ ...IDLE, status: "running" });
      try {
        const result = await call({ signal: controller.signal, onProgress: (p) => update((s) => ({ ...s, progress: p })) });
        update(() => ({ ...IDLE, status: "success", result }));
        return result;
      } catch (error) {
        if (controller.signal.aborted) {
          update(() => ({ ...IDLE, status: "cancelled" }));
        } else {
          const explained = app.explain(error) as ExplainedErrorPlus;
          update(() => ({ ...IDLE, status: "error", error: explained }));
        }
        return null;
      } finally {
        if (controllerRef.current === controller) controllerRef.current = null;
        release();
      }
    },
    [app, activity, label],
  );

  const cancel = useCallback(() => {
    const controller = controllerRef.current;
    if (!controller || controller.signal.aborted) return;
    controller.abort();
    setState((s) => (s.status === "running" ? { ...s, cancelling: true } : s));
  }, []);

  const reset = useCallback(() => {
    if (!controllerRef.current) setState(IDLE);
  }, []);

  return { ...state, running: state.status === "running", run, cancel, reset };
}
