/** Rendering the pane around a FakeImsApp, and settling its calls inside act(). */
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import type { Progress } from "../../src/app/types";
import { App } from "../../src/taskpane/App";
import { NOW, type Call, type FakeImsApp, type ReconcileMethod, type ReconcileResults } from "./fake-app";

type Method = keyof FakeImsApp["calls"];

/** Renders the pane and lets its start-up calls (resume, counts) begin. */
export async function renderPane(app: FakeImsApp, now: () => number = () => NOW) {
  const result = render(<App app={app} host={{ host: null, platform: null }} now={now} />);
  await flush();
  return result;
}

/** The visible tab panel (hidden ones are not in the accessibility tree). */
export function panel(tabLabel: string) {
  return within(screen.getByRole("tabpanel", { name: tabLabel }));
}

export function openTab(tabLabel: string) {
  fireEvent.click(screen.getByRole("tab", { name: tabLabel }));
  return panel(tabLabel);
}

/** Lets pending promise chains and effects run. */
export async function flush(): Promise<void> {
  await act(async () => {
    await microtasks();
  });
}

/** Works with real and fake timers alike. */
async function microtasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

export async function resolveCall<M extends Method>(app: FakeImsApp, method: M, value: Awaited<ReturnType<FakeImsApp[M]>>, index?: number): Promise<void> {
  const calls = app.calls[method] as Call<M>[];
  const call = index === undefined ? calls.at(-1) : calls[index];
  if (!call) throw new Error(`${method} was not called`);
  await act(async () => {
    call.deferred.resolve(value as never);
    await microtasks();
  });
}

export async function rejectCall(app: FakeImsApp, method: Method, error: unknown): Promise<void> {
  const call = app.last(method);
  await act(async () => {
    call.deferred.reject(error);
    await microtasks();
  });
}

export function reportProgress(app: FakeImsApp, method: Method, p: Progress): void {
  const onProgress = app.last(method).options?.onProgress;
  if (!onProgress) throw new Error(`${method} was called without onProgress`);
  act(() => onProgress(p));
}

/** Settles the latest (or the index-th) call to app.reconcile's `method`. */
export async function resolveReconcile<M extends ReconcileMethod>(app: FakeImsApp, method: M, value: ReconcileResults[M], index?: number): Promise<void> {
  const calls = app.reconcile.calls[method];
  const call = index === undefined ? calls.at(-1) : calls[index];
  if (!call) throw new Error(`reconcile.${method} was not called`);
  await act(async () => {
    call.deferred.resolve(value);
    await microtasks();
  });
}

export async function rejectReconcile(app: FakeImsApp, method: ReconcileMethod, error: unknown): Promise<void> {
  const call = app.reconcile.last(method);
  await act(async () => {
    call.deferred.reject(error);
    await microtasks();
  });
}
