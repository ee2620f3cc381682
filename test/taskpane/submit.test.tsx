/** @jest-environment ./test/jsdom-env.js */
import { act, fireEvent, screen } from "@testing-library/react";
import { batch, countRows, EXPLAINED, ExplainableError, FakeImsApp, reviewReport, signedIn, submitReport } from "./fake-app";
import { openTab, panel, rejectCall, renderPane, reportProgress, resolveCall, flush } from "./helpers";
import { submitHeadline } from "../../src/taskpane/SubmitSummary";

const SUBMIT = "Submit 16 actions, 1 reset";

function button(name: string | RegExp) {
  return panel("Review").getByRole("button", { name }) as HTMLButtonElement;
}

async function readyToSubmit() {
  const app = new FakeImsApp({ session: signedIn() });
  await renderPane(app);
  await resolveCall(app, "loadCounts", countRows());
  openTab("Review");
  fireEvent.click(button("Review"));
  await resolveCall(app, "review", reviewReport());
  return app;
}

async function submitting() {
  const app = await readyToSubmit();
  fireEvent.click(button(SUBMIT));
  return app;
}

afterEach(() => {
  jest.useRealTimers();
});

describe("Submit", () => {
  test("signed out: Submit asks for a sign-in first", async () => {
    const app = new FakeImsApp();
    await renderPane(app);
    const p = openTab("Review");
    expect(button("Submit").disabled).toBe(true);
    expect(p.getByText("Sign in to submit.")).toBeTruthy();
  });

  test("loading: each batch with its state and reference, overall progress; the pane waits; Cancel aborts", async () => {
    const app = await submitting();
    expect(app.submit).toHaveBeenCalledWith(expect.objectContaining({ signal: expect.any(AbortSignal), onProgress: expect.any(Function), onBatch: expect.any(Function) }));
    const p = panel("Review");
    expect(p.getByText("Preparing batches…")).toBeTruthy();
    const onBatch = app.last("submit").options?.onBatch;
    act(() => onBatch?.([batch({ referenceId: "REF-001", state: "waiting" }), batch({ section: "CN", kind: "reset", records: 1, state: "sending" })]));
    reportProgress(app, "submit", { message: "Batch 1 of 2: waiting for the portal", done: 0, total: 2 });
    const list = p.getByRole("list", { name: "Batches" });
    expect(list.textContent).toContain("1. B2B save");
    expect(list.textContent).toContain("13 records");
    expect(list.textContent).toContain("Waiting for the portal");
    expect(list.textContent).toContain("Reference REF-001");
    expect(list.textContent).toContain("2. CN reset");
    expect(list.textContent).toContain("Sending");
    expect(p.getByText("Batch 1 of 2: waiting for the portal")).toBeTruthy();
    expect(p.getByRole("progressbar", { name: "Submit progress" })).toBeTruthy();
    act(() => onBatch?.([batch({ referenceId: "REF-001", state: "done" }), batch({ section: "CN", kind: "reset", records: 1, referenceId: "REF-002", state: "waiting" })]));
    expect(p.getByRole("list", { name: "Batches" }).textContent).toContain("Done");
    expect(button(SUBMIT).disabled).toBe(true);
    expect(button("Review again").disabled).toBe(true);
    expect((openTab("Inward").getByRole("button", { name: /^Pull/ }) as HTMLButtonElement).disabled).toBe(true);
    expect((openTab("GSTR-2B").getByRole("button", { name: "Recompute GSTR-2B" }) as HTMLButtonElement).disabled).toBe(true);
    openTab("Review");
    fireEvent.click(button("Cancel"));
    expect(app.last("submit").options?.signal?.aborted).toBe(true);
    await resolveCall(app, "submit", submitReport({ cancelled: true, failed: [], conflicts: [] }));
    expect(panel("Review").getByText("Submit cancelled")).toBeTruthy();
    expect(panel("Review").getByText(/Rows not yet sent keep their actions for the next submit/)).toBeTruthy();
  });

  test("a cancel that rejects still shows the batches sent so far", async () => {
    const app = await submitting();
    act(() => app.last("submit").options?.onBatch?.([batch({ referenceId: "REF-001", state: "done" })]));
    fireEvent.click(button("Cancel"));
    await rejectCall(app, "submit", new DOMException("aborted", "AbortError"));
    const p = panel("Review");
    expect(p.getByText(/Submit cancelled\. Batches already sent keep the portal's answer/)).toBeTruthy();
    expect(p.getByRole("list", { name: "Batches" }).textContent).toContain("Reference REF-001");
  });

  test("success with problems: totals, failed rows one click away, conflicts refreshed by section; the review is then out of date", async () => {
    const app = await submitting();
    await resolveCall(app, "submit", submitReport());
    const p = panel("Review");
    expect(p.getByText("Submitted, with rows to look at")).toBeTruthy();
    expect(p.getByText(/16 actions saved, 1 reset done\. 2 rows need a look/)).toBeTruthy();
    expect(p.getByRole("list", { name: "Batches" }).textContent).toContain("Partly failed");
    expect(p.getByRole("heading", { name: "Failed rows (1)" })).toBeTruthy();
    // The portal's code is shown with a failed row; the add-in's own codes (conflicts) are not.
    expect(p.getByRole("region", { name: "Failed rows (1)" }).textContent).toContain("Portal code RET191106");
    for (const list of p.getAllByRole("region", { name: "Conflicts (1)" })) expect(list.textContent).not.toContain("Portal code");
    fireEvent.click(button("Go to row 9 of CN"));
    expect(app.selectRow).toHaveBeenCalledWith("CN", 9);
    expect(p.getByText(/Rows were submitted after this review/)).toBeTruthy();
    expect(button(SUBMIT).disabled).toBe(true);
    fireEvent.click(button("Refresh those sections"));
    expect(app.pull).toHaveBeenCalledWith(["B2B"], null, expect.anything());
    expect(screen.getByRole("tab", { name: "Inward" }).getAttribute("aria-selected")).toBe("true");
    // The pane reads the GSTR-2B calendar again when it falls idle: let that settle inside act().
    await flush();
  });

  test("success: all sent", async () => {
    const app = await submitting();
    expect(document.activeElement).toBe(button("Cancel"));
    await resolveCall(app, "submit", submitReport({ failed: [], conflicts: [] }));
    const p = panel("Review");
    expect(document.activeElement).toBe(p.getByRole("heading", { name: "Submit" }));
    expect(p.getByText("Submitted")).toBeTruthy();
    expect(p.getByText("16 actions saved, 1 reset done.")).toBeTruthy();
    expect(p.queryByRole("heading", { name: /Failed rows/ })).toBeNull();
  });

  test("session expired: Sign in again goes to Connect", async () => {
    const app = await submitting();
    await rejectCall(app, "submit", new ExplainableError(EXPLAINED.sessionExpired));
    fireEvent.click(button("Sign in again"));
    expect(screen.getByRole("tab", { name: "Connect" }).getAttribute("aria-selected")).toBe("true");
  });

  test("conflict without named sections: Refresh those rows pulls the reviewed sections", async () => {
    const app = await submitting();
    const { sections: _named, ...conflict } = EXPLAINED.conflict;
    await rejectCall(app, "submit", new ExplainableError(conflict));
    fireEvent.click(button("Refresh those rows"));
    expect(app.pull).toHaveBeenCalledWith(["B2B", "CN"], null, expect.anything());
    // The pane reads the GSTR-2B calendar again when it falls idle: let that settle inside act().
    await flush();
  });

  test("rate limited: says it waits by itself and submits again", async () => {
    jest.useFakeTimers();
    const app = await submitting();
    await rejectCall(app, "submit", new ExplainableError({ ...EXPLAINED.rateLimited, retryAfterMs: 3000 }));
    const p = panel("Review");
    expect(p.getByText(/The add-in waits by itself and tries again in 3 s/)).toBeTruthy();
    act(() => jest.advanceTimersByTime(1000));
    expect(p.getByText(/tries again in 2 s/)).toBeTruthy();
    act(() => jest.advanceTimersByTime(1000));
    act(() => jest.advanceTimersByTime(1000));
    expect(app.submit).toHaveBeenCalledTimes(2);
  });

  test("network and outcome-unknown errors", async () => {
    const app = await submitting();
    await rejectCall(app, "submit", new ExplainableError(EXPLAINED.network));
    fireEvent.click(button("Try again"));
    expect(app.submit).toHaveBeenCalledTimes(2);
    await rejectCall(app, "submit", new ExplainableError({ kind: "outcome-unknown", title: "The portal may or may not have saved batch 2", detail: "Refresh those rows before sending again.", action: "refresh-rows", sections: ["CN"] }));
    expect(panel("Review").getByText("The portal may or may not have saved batch 2")).toBeTruthy();
    fireEvent.click(button("Refresh those rows"));
    expect(app.pull).toHaveBeenCalledWith(["CN"], null, expect.anything());
    // The pane reads the GSTR-2B calendar again when it falls idle: let that settle inside act().
    await flush();
  });

  test("the headline agrees in number: 1 row needs a look, 2 rows need a look", () => {
    const one = submitReport({ conflicts: [] });
    expect(submitHeadline(one).detail).toMatch(/1 row needs a look/);
    expect(submitHeadline(submitReport()).detail).toMatch(/2 rows need a look/);
  });
});
