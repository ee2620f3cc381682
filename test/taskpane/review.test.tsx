/** @jest-environment ./test/jsdom-env.js */
import { fireEvent, screen } from "@testing-library/react";
import { countRows, emptyReview, EXPLAINED, ExplainableError, FakeImsApp, pullReport, reviewReport, rowIssue, signedIn } from "./fake-app";
import { openTab, panel, rejectCall, renderPane, reportProgress, resolveCall, flush } from "./helpers";

function button(name: string | RegExp) {
  return panel("Review").getByRole("button", { name }) as HTMLButtonElement;
}

async function reviewPane() {
  const app = new FakeImsApp({ session: signedIn() });
  await renderPane(app);
  await resolveCall(app, "loadCounts", countRows());
  openTab("Review");
  return app;
}

async function reviewed(report = reviewReport()) {
  const app = await reviewPane();
  fireEvent.click(button("Review"));
  await resolveCall(app, "review", report);
  return app;
}

describe("Review", () => {
  test("empty: no review yet, and Submit waits for one", async () => {
    await reviewPane();
    const p = panel("Review");
    expect(p.getByText("No review yet.")).toBeTruthy();
    expect(button("Submit").disabled).toBe(true);
    expect(p.getByText("Review first: Submit sends what the review shows.")).toBeTruthy();
  });

  test("loading: progress, the button waits, Cancel aborts the signal", async () => {
    const app = await reviewPane();
    fireEvent.click(button("Review"));
    expect(app.review).toHaveBeenCalledWith(expect.objectContaining({ signal: expect.any(AbortSignal), onProgress: expect.any(Function) }));
    const p = panel("Review");
    expect(p.getByRole("progressbar", { name: "Review progress" })).toBeTruthy();
    reportProgress(app, "review", { message: "Reading sheet CN", done: 2, total: 8 });
    expect(p.getByText("Reading sheet CN")).toBeTruthy();
    expect(button("Review").disabled).toBe(true);
    fireEvent.click(button("Cancel"));
    expect(app.last("review").options?.signal?.aborted).toBe(true);
    await rejectCall(app, "review", new DOMException("aborted", "AbortError"));
    expect(p.getByText("Review cancelled. Nothing was changed.")).toBeTruthy();
  });

  test("success: the plan by section, the ITC at stake in rupees, and Submit names what it sends", async () => {
    await reviewed();
    const p = panel("Review");
    const b2b = p.getByRole("row", { name: /^B2B/ });
    expect([...b2b.querySelectorAll("td")].map((c) => c.textContent)).toEqual(["10", "2", "1", "0"]);
    expect(b2b.textContent).toContain("1 refused");
    expect(p.getByRole("row", { name: /^CN/ }).textContent).toContain("1 in conflict");
    expect(p.getByRole("row", { name: /^Total/ }).textContent).toBe("Total13211");
    const accept = p.getByRole("group", { name: "Accepting: ITC per tax head" });
    expect(accept.textContent).toContain("Accepting · 13 records");
    expect(accept.textContent).toContain("IGST₹1,23,45,678.90");
    expect(accept.textContent).toContain("CGST₹45,000.00");
    expect(p.getByRole("group", { name: "Rejecting: ITC per tax head" }).textContent).toContain("Cess₹1,250.50");
    expect(p.getByRole("group", { name: "Keeping pending: ITC per tax head" }).textContent).toContain("IGST₹18,000.00");
    expect(p.getByRole("group", { name: "Resetting to no action: ITC per tax head" })).toBeTruthy();
    expect(button("Submit 16 actions, 1 reset").disabled).toBe(false);
    expect(button("Review again")).toBeTruthy();
  });

  test("refused and conflicting rows: one click selects them; conflicts can be refreshed", async () => {
    const app = await reviewed();
    const p = panel("Review");
    expect(p.getByRole("heading", { name: "Refused rows (1)" })).toBeTruthy();
    expect(p.getByText("This invoice cannot be kept pending.")).toBeTruthy();
    fireEvent.click(button("Go to row 14 of B2B"));
    expect(app.selectRow).toHaveBeenCalledWith("B2B", 14);
    fireEvent.click(button("Go to row 7 of CN"));
    expect(app.selectRow).toHaveBeenLastCalledWith("CN", 7);
    fireEvent.click(button("Refresh those sections (CN)"));
    expect(app.pull).toHaveBeenCalledWith(["CN"], null, expect.objectContaining({ signal: expect.any(AbortSignal) }));
    expect(screen.getByRole("tab", { name: "Inward" }).getAttribute("aria-selected")).toBe("true");
    expect(panel("Inward").getByRole("progressbar", { name: "Pull progress" })).toBeTruthy();
    // The pane reads the GSTR-2B calendar again when it falls idle: let that settle inside act().
    await flush();
  });

  test("a row that cannot be selected is explained", async () => {
    const app = await reviewed();
    fireEvent.click(button("Go to row 14 of B2B"));
    await rejectCall(app, "selectRow", new ExplainableError({ kind: "excel", title: "The sheet B2B is missing", detail: "Pull B2B again.", action: "none" }));
    expect(panel("Review").getByText("The sheet B2B is missing")).toBeTruthy();
  });

  test("empty plan: nothing to send, Submit disabled", async () => {
    await reviewed(emptyReview());
    const p = panel("Review");
    expect(p.getByText(/Nothing to send: no row has a new action or a reset/)).toBeTruthy();
    expect(p.queryByRole("table")).toBeNull();
    expect(p.getByText("No ITC moves: nothing to send.")).toBeTruthy();
    expect(button("Submit").disabled).toBe(true);
    expect(p.getByText("Nothing to send.")).toBeTruthy();
  });

  test("rows still waiting for the portal are mentioned", async () => {
    await reviewed(reviewReport({ awaiting: 3 }));
    expect(panel("Review").getByText("3 rows from an earlier submit are still waiting for the portal's answer.")).toBeTruthy();
  });

  test("one row still waiting: the sentence agrees", async () => {
    await reviewed(reviewReport({ awaiting: 1 }));
    expect(panel("Review").getByText("1 row from an earlier submit is still waiting for the portal's answer.")).toBeTruthy();
  });

  test("a pull after the review makes it out of date: Submit waits for a new review", async () => {
    const app = await reviewed();
    fireEvent.click(button("Refresh those sections (CN)"));
    await resolveCall(app, "pull", pullReport());
    openTab("Review");
    const p = panel("Review");
    expect(p.getByText(/The sheets were pulled again after this review/)).toBeTruthy();
    expect(button("Submit 16 actions, 1 reset").disabled).toBe(true);
    expect(p.getByText("Review again before submitting.")).toBeTruthy();
    fireEvent.click(p.getAllByRole("button", { name: "Review again" })[0]!);
    await resolveCall(app, "review", reviewReport());
    expect(button("Submit 16 actions, 1 reset").disabled).toBe(false);
  });

  test("errors: session expired → Connect; network → Try again; conflict → refresh; unexpected", async () => {
    const app = await reviewPane();
    fireEvent.click(button("Review"));
    await rejectCall(app, "review", new ExplainableError(EXPLAINED.network));
    fireEvent.click(button("Try again"));
    expect(app.review).toHaveBeenCalledTimes(2);
    await rejectCall(app, "review", new Error("sheet is protected"));
    expect(panel("Review").getByText(/sheet is protected/)).toBeTruthy();
    fireEvent.click(button("Try again"));
    await rejectCall(app, "review", new ExplainableError(EXPLAINED.conflict));
    fireEvent.click(button("Refresh those rows"));
    expect(app.pull).toHaveBeenLastCalledWith(["B2B", "CN"], null, expect.anything());
    await resolveCall(app, "pull", pullReport());
    openTab("Review");
    fireEvent.click(button("Review"));
    await rejectCall(app, "review", new ExplainableError(EXPLAINED.sessionExpired));
    fireEvent.click(button("Sign in again"));
    expect(screen.getByRole("tab", { name: "Connect" }).getAttribute("aria-selected")).toBe("true");
  });

  test("long lists show the first rows and a Show all button", async () => {
    const refused = Array.from({ length: 25 }, (_, i) => ({ section: "B2B" as const, sheetRow: i + 2, docNumber: `INV-${i}`, supplierGstin: "29AABCB5678K1Z5", code: "x", message: `Problem ${i}` }));
    await reviewed(reviewReport({ refused }));
    const p = panel("Review");
    expect(p.queryByText("Problem 24")).toBeNull();
    fireEvent.click(button("Show all 25"));
    expect(p.getByText("Problem 24")).toBeTruthy();
  });
});

test("entries held because the supplier changed the document: listed apart, and 'Send as entered' confirms them, then reviews again", async () => {
  const held = rowIssue({ code: "supplier-changed", docNumber: "INV/2526/00777", message: "The supplier changed this document after you entered your action: taxable value ₹1,000.00 → ₹1,200.00." });
  const app = await reviewed(reviewReport({ conflicts: [held] }));
  const p = panel("Review");
  expect(p.getByText("Supplier changed the document after your entry (1)")).toBeTruthy();
  expect(p.getByText(/taxable value ₹1,000\.00 → ₹1,200\.00/)).toBeTruthy();
  // Not offered as an ordinary conflict to refresh.
  expect(p.queryByRole("button", { name: /Refresh those sections/ })).toBeNull();
  fireEvent.click(button("Send as entered (1)"));
  expect(app.confirmEntries).toHaveBeenCalledTimes(1);
  await resolveCall(app, "confirmEntries", 1);
  expect(app.review).toHaveBeenCalledTimes(2);
});
