/** @jest-environment ./test/jsdom-env.js */
import { fireEvent, screen } from "@testing-library/react";
import { clockTime } from "../../src/taskpane/format";
import { EXPLAINED, ExplainableError, FakeImsApp, NOW, PROVIDER_UPSTREAM, sessionInfo, signedIn } from "./fake-app";
import { panel, rejectCall, renderPane, reportProgress, resolveCall } from "./helpers";

const OTP_SENT = { status: "otp-sent", gstin: "27AAACI1234F1Z2", username: "demo.mh" } as const;

function field(name: RegExp | string) {
  return panel("Connect").getByRole("textbox", { name });
}

describe("Connect", () => {
  test("empty state: the add-in server's upstream is shown (the local sandbox), with a demo taxpayer filled in and no API key field", async () => {
    const app = new FakeImsApp();
    await renderPane(app);
    expect(screen.getByRole("heading", { level: 1, name: "IMS for Excel" })).toBeTruthy();
    expect(screen.getByRole("tab", { name: "Connect" }).getAttribute("aria-selected")).toBe("true");
    const p = panel("Connect");
    expect(p.getByText(/^Working against:/)).toBeTruthy();
    expect(p.getByText("local sandbox, demo data")).toBeTruthy();
    expect(screen.getByLabelText("IMS API: Local sandbox, demo data")).toBeTruthy();
    expect((field(/GSTIN/) as HTMLInputElement).value).toBe("27AAACI1234F1Z2");
    expect((field(/Portal username/) as HTMLInputElement).value).toBe("demo.mh");
    expect(p.queryByLabelText(/API key|API secret|Base URL|Access key/)).toBeNull();
    expect(p.queryByRole("checkbox", { name: /Remember me/ })).toBeNull();
    expect(p.getByText(/Nothing is stored in the workbook/)).toBeTruthy();
    expect(screen.getByRole("status", { name: "Session: Not signed in" })).toBeTruthy();
    expect(app.resume).not.toHaveBeenCalled();
  });

  test("Send OTP: loading with progress, buttons disabled, Cancel aborts the signal", async () => {
    const app = new FakeImsApp();
    await renderPane(app);
    fireEvent.click(panel("Connect").getByRole("button", { name: "Send OTP" }));
    expect(app.connect).toHaveBeenCalledTimes(1);
    expect(app.connect.mock.calls[0]?.[0]).toEqual({ gstin: "27AAACI1234F1Z2", username: "demo.mh", frequency: "monthly" });
    const p = panel("Connect");
    expect(p.getByRole("progressbar", { name: "Sign-in progress" })).toBeTruthy();
    expect((p.getByRole("button", { name: "Send OTP" }) as HTMLButtonElement).disabled).toBe(true);
    reportProgress(app, "connect", { message: "Signing in to the platform", done: 1, total: 2 });
    expect(p.getByText("Signing in to the platform")).toBeTruthy();
    fireEvent.click(p.getByRole("button", { name: "Cancel" }));
    expect(app.last("connect").options?.signal?.aborted).toBe(true);
    await rejectCall(app, "connect", new DOMException("aborted", "AbortError"));
    expect(panel("Connect").getByText("Sign-in cancelled.")).toBeTruthy();
    expect((panel("Connect").getByRole("button", { name: "Send OTP" }) as HTMLButtonElement).disabled).toBe(false);
  });

  test("OTP step: focus moves to the OTP input; 6 digits required; Verify signs in and shows the expiry", async () => {
    const app = new FakeImsApp();
    await renderPane(app);
    fireEvent.click(panel("Connect").getByRole("button", { name: "Send OTP" }));
    await resolveCall(app, "connect", OTP_SENT);
    const otp = panel("Connect").getByRole("textbox", { name: /OTP/ });
    expect(document.activeElement).toBe(otp);
    expect(panel("Connect").getByText(/demo OTP is 575757/)).toBeTruthy();
    expect(screen.getByRole("status", { name: "Session: Waiting for OTP" })).toBeTruthy();

    fireEvent.change(otp, { target: { value: "12a3" } });
    expect((otp as HTMLInputElement).value).toBe("123");
    fireEvent.click(panel("Connect").getByRole("button", { name: "Verify" }));
    expect(app.verifyOtp).not.toHaveBeenCalled();
    expect(panel("Connect").getByText("OTP must be the 6 digits sent to the registered mobile number.")).toBeTruthy();

    fireEvent.change(otp, { target: { value: "575757" } });
    fireEvent.click(panel("Connect").getByRole("button", { name: "Verify" }));
    expect(app.verifyOtp).toHaveBeenCalledWith("575757", expect.objectContaining({ signal: expect.any(AbortSignal) }));
    expect(panel("Connect").getByRole("progressbar", { name: "OTP check progress" })).toBeTruthy();

    const info = sessionInfo();
    await resolveCall(app, "verifyOtp", { status: "signed-in", session: info });
    const p = panel("Connect");
    expect(p.getByRole("heading", { name: "Signed in" })).toBe(document.activeElement);
    expect(p.getByText("27AAACI1234F1Z2")).toBeTruthy();
    expect(p.getByText("demo.mh")).toBeTruthy();
    expect(p.getByText(`Session valid until ${clockTime(info.tokenExpiry)} (in 5 h 12 min)`)).toBeTruthy();
    expect(screen.getByRole("status", { name: `Session: Signed in until ${clockTime(info.tokenExpiry)}` })).toBeTruthy();
  });

  test("a wrong OTP is explained and Try again clears the input and focuses it", async () => {
    const app = new FakeImsApp({ session: OTP_SENT });
    await renderPane(app);
    const otp = panel("Connect").getByRole("textbox", { name: /OTP/ });
    fireEvent.change(otp, { target: { value: "111111" } });
    fireEvent.click(panel("Connect").getByRole("button", { name: "Verify" }));
    await rejectCall(app, "verifyOtp", new ExplainableError({ kind: "gstn", title: "The OTP is not right", detail: "Check the 6 digits and try again.", action: "retry" }));
    expect(panel("Connect").getByText("The OTP is not right")).toBeTruthy();
    fireEvent.click(panel("Connect").getByRole("button", { name: "Try again" }));
    expect((otp as HTMLInputElement).value).toBe("");
    expect(document.activeElement).toBe(otp);
  });

  test("Start again from the OTP step signs out and shows the form", async () => {
    const app = new FakeImsApp({ session: OTP_SENT });
    await renderPane(app);
    fireEvent.click(panel("Connect").getByRole("button", { name: "Start again" }));
    expect(app.signOut).toHaveBeenCalledTimes(1);
    expect(panel("Connect").getByRole("button", { name: "Send OTP" })).toBeTruthy();
  });

  test("against the provider: each message names its field, the GSTIN check character is verified, focus goes to the first problem", async () => {
    const app = new FakeImsApp();
    app.upstreamState = { status: "ready", upstream: PROVIDER_UPSTREAM };
    await renderPane(app);
    const p = panel("Connect");
    expect(p.getByText("IMS API provider (api.sandbox.co.in)")).toBeTruthy();
    expect(p.getByText(/The add-in server holds the API key/)).toBeTruthy();
    expect((field(/GSTIN/) as HTMLInputElement).value).toBe("");
    fireEvent.click(p.getByRole("button", { name: "Send OTP" }));
    expect(app.connect).not.toHaveBeenCalled();
    expect(p.getByText("Enter the GSTIN.")).toBeTruthy();
    expect(p.getByText("Enter the GST portal username.")).toBeTruthy();
    expect(document.activeElement).toBe(field(/GSTIN/));

    fireEvent.change(field(/GSTIN/), { target: { value: "27aaaci1234f1z3" } });
    fireEvent.change(field(/Portal username/), { target: { value: " accounts.pune " } });
    expect((field(/GSTIN/) as HTMLInputElement).value).toBe("27AAACI1234F1Z3");
    fireEvent.click(p.getByRole("button", { name: "Send OTP" }));
    expect(app.connect).not.toHaveBeenCalled();
    expect(p.getByText("GSTIN check character (the last one) does not match: look for a mistyped character.")).toBeTruthy();
    expect(document.activeElement).toBe(field(/GSTIN/));

    fireEvent.change(field(/GSTIN/), { target: { value: "27AAACI12" } });
    expect(p.getByText("GSTIN must be 15 characters; this one has 9.")).toBeTruthy();
    fireEvent.change(field(/GSTIN/), { target: { value: "27AAACI1234F1Z2" } });
    fireEvent.click(p.getByRole("radio", { name: "Quarterly" }));
    fireEvent.click(p.getByRole("button", { name: "Send OTP" }));
    expect(app.connect).toHaveBeenCalledWith(
      { gstin: "27AAACI1234F1Z2", username: "accounts.pune", frequency: "quarterly" },
      expect.objectContaining({ signal: expect.any(AbortSignal), onProgress: expect.any(Function) }),
    );
    await resolveCall(app, "connect", OTP_SENT);
    expect(panel("Connect").queryByText(/demo OTP/)).toBeNull();
  });

  test("remembered settings fill the form (not the demo taxpayer)", async () => {
    const app = new FakeImsApp();
    app.remembered = { gstin: "29AABCB5678K1Z5", username: "blr", frequency: "quarterly" };
    await renderPane(app);
    expect((field(/GSTIN/) as HTMLInputElement).value).toBe("29AABCB5678K1Z5");
    expect((field(/Portal username/) as HTMLInputElement).value).toBe("blr");
    expect((panel("Connect").getByRole("radio", { name: "Quarterly" }) as HTMLInputElement).checked).toBe(true);
  });

  test("a shared add-in server asks for its access key, which goes with Send OTP and nowhere else", async () => {
    const app = new FakeImsApp();
    app.upstreamState = { status: "access-key-needed", refused: false };
    await renderPane(app);
    const p = panel("Connect");
    expect(p.getByText(/needs its access key/)).toBeTruthy();
    const key = p.getByLabelText(/Access key/) as HTMLInputElement;
    expect(key.getAttribute("type")).toBe("password");
    fireEvent.change(field(/GSTIN/), { target: { value: "27AAACI1234F1Z2" } });
    fireEvent.change(field(/Portal username/), { target: { value: "accounts.pune" } });
    fireEvent.click(p.getByRole("button", { name: "Send OTP" }));
    expect(app.connect).not.toHaveBeenCalled();
    expect(p.getByText("Enter the add-in server's access key.")).toBeTruthy();
    expect(document.activeElement).toBe(key);
    fireEvent.change(key, { target: { value: "firm-access-key-0123456789" } });
    fireEvent.click(p.getByRole("button", { name: "Send OTP" }));
    expect(app.connect).toHaveBeenCalledWith({ gstin: "27AAACI1234F1Z2", username: "accounts.pune", frequency: "monthly" }, expect.objectContaining({ accessKey: "firm-access-key-0123456789" }));
  });

  test("connection errors: network → Try again sends again; check-settings → back to the form", async () => {
    const app = new FakeImsApp();
    await renderPane(app);
    fireEvent.click(panel("Connect").getByRole("button", { name: "Send OTP" }));
    await rejectCall(app, "connect", new ExplainableError(EXPLAINED.network));
    expect(panel("Connect").getByText("Could not reach the IMS API")).toBeTruthy();
    expect(panel("Connect").getByText(/Check the internet connection/)).toBeTruthy();
    fireEvent.click(panel("Connect").getByRole("button", { name: "Try again" }));
    expect(app.connect).toHaveBeenCalledTimes(2);
    await rejectCall(app, "connect", new ExplainableError(EXPLAINED.settings));
    fireEvent.click(panel("Connect").getByRole("button", { name: "Check settings" }));
    expect(document.activeElement).toBe(panel("Connect").getByRole("heading", { name: "Connect" }));
  });

  test("an unexpected error is said in plain words", async () => {
    const app = new FakeImsApp();
    await renderPane(app);
    fireEvent.click(panel("Connect").getByRole("button", { name: "Send OTP" }));
    await rejectCall(app, "connect", new Error("boom"));
    expect(panel("Connect").getByText("Something went wrong")).toBeTruthy();
    expect(panel("Connect").getByText(/boom/)).toBeTruthy();
  });

  test("signed in: the session and its expiry; Sign out clears it and returns to the form", async () => {
    const app = new FakeImsApp({ session: signedIn({ tokenExpiry: NOW + 42 * 60_000 }) });
    await renderPane(app);
    // Signed in at start: the pane opens on Inward supplies.
    expect(screen.getByRole("tab", { name: "Inward" }).getAttribute("aria-selected")).toBe("true");
    fireEvent.click(screen.getByRole("tab", { name: "Connect" }));
    const p = panel("Connect");
    expect(p.getByText(`Session valid until ${clockTime(NOW + 42 * 60_000)} (in 42 min)`)).toBeTruthy();
    // Counts load by themselves; finish that so nothing is busy.
    await resolveCall(app, "loadCounts", []);
    fireEvent.click(p.getByRole("button", { name: "Sign out" }));
    expect(app.signOut).toHaveBeenCalledTimes(1);
    expect(panel("Connect").getByText("Signed out. The session was cleared from this pane.")).toBeTruthy();
    expect(panel("Connect").getByRole("button", { name: "Send OTP" })).toBeTruthy();
    expect(screen.getByRole("status", { name: "Session: Not signed in" })).toBeTruthy();
  });

  test("an expired session says so", async () => {
    const app = new FakeImsApp({ session: signedIn({ tokenExpiry: NOW - 60_000 }) });
    await renderPane(app);
    fireEvent.click(screen.getByRole("tab", { name: "Connect" }));
    expect(panel("Connect").getByText(/Session expired at/)).toBeTruthy();
    expect(screen.getByRole("status", { name: "Session: Session expired" })).toBeTruthy();
  });
});
