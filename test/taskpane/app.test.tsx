/** @jest-environment ./test/jsdom-env.js */
import { act, fireEvent, render, screen } from "@testing-library/react";
import { App } from "../../src/taskpane/App";
import { placeholderApp } from "../../src/taskpane/app-instance";
import { AppContext } from "../../src/taskpane/context";
import { batch, EXPLAINED, ExplainableError, FakeImsApp, NOW, sessionInfo, signedIn, submitReport } from "./fake-app";
import { flush, openTab, panel, rejectCall, renderPane, resolveCall } from "./helpers";

function region() {
  return screen.queryByRole("region", { name: "Requests from an earlier session" });
}

describe("the pane", () => {
  test("eight tabs, each with a labelled panel; the footer says where it runs", async () => {
    await renderPane(new FakeImsApp());
    expect(screen.getAllByRole("tab")).toHaveLength(8);
    for (const name of ["Connect", "Files", "Inward", "Suppliers", "Reconcile", "Review", "Outward", "GSTR-2B"]) expect(screen.getByRole("tab", { name })).toBeTruthy();
    for (const [tab, title] of [
      ["Inward", "Inward supplies"],
      ["Suppliers", "Supplier-wise review"],
      ["Reconcile", "Reconcile with your purchase register"],
      ["Review", "Review & submit"],
      ["Outward", "Supplier view: your sales"],
      ["GSTR-2B", "GSTR-2B"],
      ["Files", "Portal files, without an API account"],
      ["Connect", "Connect"],
    ] as const) {
      expect(openTab(tab).getByRole("heading", { level: 2, name: title })).toBeTruthy();
      expect(screen.getAllByRole("tabpanel")).toHaveLength(1);
    }
    expect(screen.getByText("Not running inside Office (plain browser preview).")).toBeTruthy();
  });

  test("the app can come from AppContext instead of a prop", async () => {
    const app = new FakeImsApp();
    render(
      <AppContext.Provider value={app}>
        <App now={() => NOW} />
      </AppContext.Provider>,
    );
    await flush();
    expect(app.sessionState).toHaveBeenCalled();
    expect(panel("Connect").getByRole("button", { name: "Send OTP" })).toBeTruthy();
  });

  test("follows the session the application reports", async () => {
    const app = new FakeImsApp();
    await renderPane(app);
    act(() => app.setSession(signedIn()));
    await flush();
    expect(screen.getByRole("status", { name: /Session: Signed in until/ })).toBeTruthy();
    expect(app.resume).toHaveBeenCalledTimes(1);
  });

  test("the placeholder application renders and says it is not available yet", async () => {
    const app = placeholderApp();
    render(<App app={app} now={() => NOW} />);
    await flush();
    expect(panel("Connect").getByText("Not available yet")).toBeTruthy();
    expect(panel("Connect").getByText("The application layer is not available yet.")).toBeTruthy();
  });
});

describe("requests left by a closed pane", () => {
  test("on mount, signed in: resume runs once, shows the batches it follows, then what it found", async () => {
    const app = new FakeImsApp({ session: signedIn(), answers: {} });
    delete app.answers.resume;
    await renderPane(app);
    expect(app.resume).toHaveBeenCalledTimes(1);
    expect(app.resume).toHaveBeenCalledWith(expect.objectContaining({ signal: expect.any(AbortSignal), onBatch: expect.any(Function), onProgress: expect.any(Function) }));
    expect(region()?.textContent).toContain("Checking earlier requests");
    // Counts wait for it.
    expect(app.loadCounts).not.toHaveBeenCalled();
    act(() => app.last("resume").options?.onBatch?.([batch({ referenceId: "OLD-1", state: "waiting" })]));
    expect(screen.getByRole("list", { name: "Earlier batches" }).textContent).toContain("OLD-1");
    await resolveCall(app, "resume", submitReport({ conflicts: [] }));
    expect(region()?.textContent).toContain("Earlier requests followed up");
    expect(region()?.textContent).toContain("Failed rows (1)");
    expect(app.loadCounts).toHaveBeenCalledTimes(1);
    // A new session state does not start it again.
    act(() => app.setSession(signedIn({ tokenExpiry: NOW + 3_600_000 })));
    await flush();
    expect(app.resume).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getAllByRole("button", { name: "Dismiss" })[0]!);
    expect(region()).toBeNull();
  });

  test("nothing left over: nothing shown", async () => {
    const app = new FakeImsApp({ session: signedIn() });
    await renderPane(app);
    expect(app.resume).toHaveBeenCalledTimes(1);
    expect(region()).toBeNull();
  });

  test("signed out at start: resume waits for the sign-in", async () => {
    const app = new FakeImsApp();
    await renderPane(app);
    expect(app.resume).not.toHaveBeenCalled();
    fireEvent.click(panel("Connect").getByRole("button", { name: "Send OTP" }));
    await resolveCall(app, "connect", { status: "otp-sent", gstin: "27AAACI1234F1Z2", username: "demo.mh" });
    expect(app.resume).not.toHaveBeenCalled();
    fireEvent.change(panel("Connect").getByRole("textbox", { name: /OTP/ }), { target: { value: "575757" } });
    fireEvent.click(panel("Connect").getByRole("button", { name: "Verify" }));
    await resolveCall(app, "verifyOtp", { status: "signed-in", session: sessionInfo() });
    expect(app.resume).toHaveBeenCalledTimes(1);
  });

  test("its errors are explained, with Try again", async () => {
    const app = new FakeImsApp({ session: signedIn() });
    delete app.answers.resume;
    await renderPane(app);
    await rejectCall(app, "resume", new ExplainableError(EXPLAINED.network));
    expect(region()?.textContent).toContain("Could not reach the IMS API");
    // Counts started as soon as the pane was free: Try again waits for them.
    expect((screen.getByRole("button", { name: "Try again" }) as HTMLButtonElement).disabled).toBe(true);
    await resolveCall(app, "loadCounts", []);
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(app.resume).toHaveBeenCalledTimes(2);
  });

  test("it can be cancelled", async () => {
    const app = new FakeImsApp({ session: signedIn() });
    delete app.answers.resume;
    await renderPane(app);
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(app.last("resume").options?.signal?.aborted).toBe(true);
    await rejectCall(app, "resume", new DOMException("aborted", "AbortError"));
    expect(region()?.textContent).toContain("Stopped following earlier requests");
  });
});

describe("one long operation at a time", () => {
  test("while counts load, Pull, Review, Recompute and Sign out wait and say why", async () => {
    const app = new FakeImsApp({ session: signedIn() });
    await renderPane(app);
    expect((panel("Inward").getByRole("button", { name: /^Pull/ }) as HTMLButtonElement).disabled).toBe(true);
    expect((openTab("Review").getByRole("button", { name: "Review" }) as HTMLButtonElement).disabled).toBe(true);
    expect((openTab("GSTR-2B").getByRole("button", { name: "Recompute GSTR-2B" }) as HTMLButtonElement).disabled).toBe(true);
    const connect = openTab("Connect");
    expect((connect.getByRole("button", { name: "Sign out" }) as HTMLButtonElement).disabled).toBe(true);
    expect(connect.getByText("Available when the counts refresh has finished (or is cancelled).")).toBeTruthy();
    await resolveCall(app, "loadCounts", []);
    expect((panel("Connect").getByRole("button", { name: "Sign out" }) as HTMLButtonElement).disabled).toBe(false);
  });
});
