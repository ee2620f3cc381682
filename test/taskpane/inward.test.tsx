/** @jest-environment ./test/jsdom-env.js */
import { act, fireEvent, screen } from "@testing-library/react";
import { clockTime } from "../../src/taskpane/format";
import { PULL_CANCELLED_TEXT } from "../../src/taskpane/PullPanel";
import { countRows, EXPLAINED, ExplainableError, FakeImsApp, NOW, pullReport, signedIn } from "./fake-app";
import { openTab, panel, rejectCall, renderPane, reportProgress, resolveCall, flush } from "./helpers";

function button(name: string | RegExp) {
  return panel("Inward").getByRole("button", { name }) as HTMLButtonElement;
}

function checkbox(name: RegExp) {
  return panel("Inward").getByRole("checkbox", { name }) as HTMLInputElement;
}

async function signedInWithCounts(rows = countRows()) {
  const app = new FakeImsApp({ session: signedIn() });
  await renderPane(app);
  await resolveCall(app, "loadCounts", rows);
  return app;
}

afterEach(() => {
  jest.useRealTimers();
});

describe("Inward supplies: counts", () => {
  test("signed out: nothing to show, nothing to press", async () => {
    const app = new FakeImsApp();
    await renderPane(app);
    const p = openTab("Inward");
    expect(p.getByText("Sign in to see the counts.")).toBeTruthy();
    expect(button("Refresh counts").disabled).toBe(true);
    expect(button(/^Pull/).disabled).toBe(true);
    expect(p.getByText("Sign in to pull.")).toBeTruthy();
    expect(app.loadCounts).not.toHaveBeenCalled();
  });

  test("loading: counts load by themselves after sign-in, with progress; the buttons wait", async () => {
    const app = new FakeImsApp({ session: signedIn() });
    await renderPane(app);
    expect(app.resume).toHaveBeenCalledTimes(1);
    expect(app.loadCounts).toHaveBeenCalledTimes(1);
    const p = panel("Inward");
    expect(p.getByRole("progressbar", { name: "Counts progress" })).toBeTruthy();
    reportProgress(app, "loadCounts", { message: "Counting documents on the portal", done: 0, total: 1 });
    expect(p.getByText("Counting documents on the portal")).toBeTruthy();
    expect(button("Refresh counts").disabled).toBe(true);
    expect(button(/^Pull/).disabled).toBe(true);
    expect(p.getByText("Available when the counts refresh has finished (or is cancelled).")).toBeTruthy();
  });

  test("success: a table grouped as the portal groups it; the pull list shows the counts and picks sections with documents", async () => {
    await signedInWithCounts();
    const p = panel("Inward");
    const table = p.getByRole("table");
    expect(table.textContent).toContain("All other ITC");
    expect(table.textContent).toContain("Inward supplies from ISD");
    expect(table.textContent).toContain("Import of goods");
    const b2b = p.getByRole("row", { name: /B2B invoices/ });
    expect(b2b.textContent).toContain("1,200");
    expect(p.getAllByRole("columnheader").map((c) => c.textContent)).toEqual(["Section", "No action", "Accepted", "Rejected", "Pending", "All other ITC", "Inward supplies from ISD", "Import of goods"]);
    expect(checkbox(/^B2B B2B invoices \(1,236\)/).checked).toBe(true);
    expect(checkbox(/^CN Credit notes \(44\)/).checked).toBe(true);
    expect(checkbox(/^ECOM E-commerce operator supplies \(0\)$/).checked).toBe(false);
    expect(checkbox(/^DN Debit notes \(0\)$/).checked).toBe(false);
    expect(button("Pull 2 sections").disabled).toBe(false);
    // The status filter changes the numbers shown.
    fireEvent.change(p.getByRole("combobox", { name: "Status" }), { target: { value: "pending" } });
    expect(checkbox(/^B2B B2B invoices \(2\)/)).toBeTruthy();
  });

  test("empty: the portal has nothing", async () => {
    await signedInWithCounts([]);
    expect(panel("Inward").getByText("The portal has no inward supplies in IMS for this GSTIN.")).toBeTruthy();
  });

  test("Refresh counts asks again", async () => {
    const app = await signedInWithCounts();
    fireEvent.click(button("Refresh counts"));
    expect(app.loadCounts).toHaveBeenCalledTimes(2);
  });

  test("session expired: Sign in again goes to Connect", async () => {
    const app = new FakeImsApp({ session: signedIn() });
    await renderPane(app);
    await rejectCall(app, "loadCounts", new ExplainableError(EXPLAINED.sessionExpired));
    const p = panel("Inward");
    expect(p.getByText("Your session has expired")).toBeTruthy();
    fireEvent.click(p.getByRole("button", { name: "Sign in again" }));
    expect(screen.getByRole("tab", { name: "Connect" }).getAttribute("aria-selected")).toBe("true");
    expect(document.activeElement).toBe(panel("Connect").getByRole("heading", { name: "Connect" }));
  });

  test("rate limited: says it waits by itself, then tries again", async () => {
    jest.useFakeTimers();
    const app = new FakeImsApp({ session: signedIn() });
    await renderPane(app);
    await rejectCall(app, "loadCounts", new ExplainableError(EXPLAINED.rateLimited));
    const p = panel("Inward");
    expect(p.getByText("The portal asked us to slow down")).toBeTruthy();
    expect(p.getByText(/waits by itself and tries again in 5 s/)).toBeTruthy();
    expect((p.getByRole("button", { name: "Waiting…" }) as HTMLButtonElement).disabled).toBe(true);
    for (let i = 0; i < 5; i++) act(() => jest.advanceTimersByTime(1000));
    expect(app.loadCounts).toHaveBeenCalledTimes(2);
  });

  test("network: Try again", async () => {
    const app = new FakeImsApp({ session: signedIn() });
    await renderPane(app);
    await rejectCall(app, "loadCounts", new ExplainableError(EXPLAINED.network));
    fireEvent.click(panel("Inward").getByRole("button", { name: "Try again" }));
    expect(app.loadCounts).toHaveBeenCalledTimes(2);
  });

  test("sign-out clears the counts", async () => {
    const app = await signedInWithCounts();
    act(() => app.setSession({ status: "signed-out" }));
    expect(panel("Inward").queryByRole("table")).toBeNull();
    expect(panel("Inward").getByText("Sign in to see the counts.")).toBeTruthy();
  });
});

describe("Inward supplies: pull", () => {
  test("Pull sends the chosen sections and status; progress; everything else waits; Cancel aborts and says what is safe", async () => {
    const app = await signedInWithCounts();
    const p = panel("Inward");
    fireEvent.change(p.getByRole("combobox", { name: "Status" }), { target: { value: "no_action_taken" } });
    fireEvent.click(button("Pull 2 sections"));
    expect(app.pull).toHaveBeenCalledWith(["B2B", "CN"], "no_action_taken", expect.objectContaining({ signal: expect.any(AbortSignal), onProgress: expect.any(Function) }));
    expect(p.getByRole("progressbar", { name: "Pull progress" })).toBeTruthy();
    reportProgress(app, "pull", { message: "Pulling CN (2 of 2)", done: 1, total: 2 });
    expect(p.getByText("Pulling CN (2 of 2)")).toBeTruthy();
    expect(p.getByRole("progressbar", { name: "Pull progress" }).getAttribute("aria-valuenow")).toBe("0.5");
    expect(button("Pull 2 sections").disabled).toBe(true);
    expect(button("Refresh counts").disabled).toBe(true);
    expect(checkbox(/^B2B B2B invoices/).disabled).toBe(true);
    // The other tabs wait too.
    const review = openTab("Review");
    expect((review.getByRole("button", { name: "Review" }) as HTMLButtonElement).disabled).toBe(true);
    expect(review.getByText("Available when the pull has finished (or is cancelled).")).toBeTruthy();
    openTab("Inward");

    fireEvent.click(button("Cancel"));
    expect(app.last("pull").options?.signal?.aborted).toBe(true);
    expect(button("Cancelling…").disabled).toBe(true);
    expect(p.getByText(/Cancelling: finishing the current step/)).toBeTruthy();
    await resolveCall(app, "pull", pullReport({ cancelled: true, sections: [{ section: "B2B", records: 1236, added: 0, updated: 0, keptEdits: 0, leftPortal: 0, awaitingConfirmation: 0, portalEditsUndone: 0 }] }));
    expect(p.getByText(PULL_CANCELLED_TEXT)).toBeTruthy();
    expect(p.getByText(/Complete: B2B\./)).toBeTruthy();
    expect(button("Pull 2 sections").disabled).toBe(false);
  });

  test("a cancelled pull that rejects says the same", async () => {
    const app = await signedInWithCounts();
    fireEvent.click(button("Pull 2 sections"));
    fireEvent.click(button("Cancel"));
    await rejectCall(app, "pull", new DOMException("The operation was aborted.", "AbortError"));
    expect(panel("Inward").getByText(PULL_CANCELLED_TEXT)).toBeTruthy();
  });

  test("success: what each section brought", async () => {
    const app = await signedInWithCounts();
    fireEvent.click(button("Pull 2 sections"));
    // Focus follows the work: Cancel while it runs, then the section's heading next to the result.
    expect(document.activeElement).toBe(button("Cancel"));
    await resolveCall(app, "pull", pullReport());
    const p = panel("Inward");
    expect(document.activeElement).toBe(p.getByRole("heading", { name: "Pull into sheets" }));
    expect(p.getByText(`Pulled 2 sections at ${clockTime(NOW)}.`)).toBeTruthy();
    expect(p.getByText("B2B B2B invoices: 1,236 records")).toBeTruthy();
    expect(p.getByText("1,200 new, 30 updated, 2 edits of yours kept, 1 no longer on the portal")).toBeTruthy();
  });

  test("Select all, Clear; nothing chosen, nothing to pull", async () => {
    await signedInWithCounts();
    fireEvent.click(button("Clear"));
    expect(button("Pull 0 sections").disabled).toBe(true);
    fireEvent.click(checkbox(/^DN Debit notes/));
    expect(button("Pull 1 section").disabled).toBe(false);
    fireEvent.click(button("Select all"));
    expect(button("Pull all sections").disabled).toBe(false);
  });

  test("session expired during a pull: Sign in again", async () => {
    const app = await signedInWithCounts();
    fireEvent.click(button("Pull 2 sections"));
    await rejectCall(app, "pull", new ExplainableError(EXPLAINED.sessionExpired));
    fireEvent.click(panel("Inward").getByRole("button", { name: "Sign in again" }));
    expect(screen.getByRole("tab", { name: "Connect" }).getAttribute("aria-selected")).toBe("true");
  });

  test("conflict: Refresh those rows pulls the sections the error names", async () => {
    const app = await signedInWithCounts();
    fireEvent.click(button("Pull 2 sections"));
    await rejectCall(app, "pull", new ExplainableError(EXPLAINED.conflict));
    fireEvent.click(panel("Inward").getByRole("button", { name: "Refresh those rows" }));
    expect(app.pull).toHaveBeenCalledTimes(2);
    expect(app.pull).toHaveBeenLastCalledWith(["B2B", "CN"], null, expect.objectContaining({ signal: expect.any(AbortSignal) }));
    // The pane reads the GSTR-2B calendar again when it falls idle: let that settle inside act().
    await flush();
  });

  test("rate limited: waits by itself, then pulls the same sections again", async () => {
    jest.useFakeTimers();
    const app = await signedInWithCounts();
    fireEvent.change(panel("Inward").getByRole("combobox", { name: "Status" }), { target: { value: "rejected" } });
    fireEvent.click(button("Pull 2 sections"));
    await rejectCall(app, "pull", new ExplainableError({ ...EXPLAINED.rateLimited, retryAfterMs: 2000 }));
    expect(panel("Inward").getByText(/tries again in 2 s/)).toBeTruthy();
    for (let i = 0; i < 2; i++) act(() => jest.advanceTimersByTime(1000));
    expect(app.pull).toHaveBeenCalledTimes(2);
    expect(app.pull).toHaveBeenLastCalledWith(["B2B", "CN"], "rejected", expect.anything());
  });

  test("network: Try again; an error with nothing to do shows no button", async () => {
    const app = await signedInWithCounts();
    fireEvent.click(button("Pull 2 sections"));
    await rejectCall(app, "pull", new ExplainableError(EXPLAINED.network));
    fireEvent.click(panel("Inward").getByRole("button", { name: "Try again" }));
    expect(app.pull).toHaveBeenCalledTimes(2);
    await rejectCall(app, "pull", new ExplainableError(EXPLAINED.invalidRequest));
    const p = panel("Inward");
    expect(p.getByText("A row cannot be sent")).toBeTruthy();
    expect(p.queryByRole("button", { name: /Try again|Sign in again|Refresh those rows/ })).toBeNull();
  });
});
