/** @jest-environment ./test/jsdom-env.js */
import { act, fireEvent, screen } from "@testing-library/react";
import type { Gstr2bStatus } from "../../src/api/types";
import { EXPLAINED, ExplainableError, FakeImsApp, signedIn } from "./fake-app";
import { openTab, panel, rejectCall, renderPane, reportProgress, resolveCall } from "./helpers";

function status(overrides: Partial<Gstr2bStatus> = {}): Gstr2bStatus {
  return { referenceId: "GSTR2B-REF-9", period: "2025-11", state: "P", errorCode: null, errorMessage: null, ...overrides };
}

function button(name: string | RegExp) {
  return panel("GSTR-2B").getByRole("button", { name }) as HTMLButtonElement;
}

async function gstr2bPane(app = new FakeImsApp({ session: signedIn() })) {
  await renderPane(app);
  if (app.session.status === "signed-in") await resolveCall(app, "loadCounts", []);
  openTab("GSTR-2B");
  await act(async () => {}); // the calendar is read from the workbook
  return app;
}

async function recomputing() {
  const app = await gstr2bPane();
  fireEvent.change(panel("GSTR-2B").getByRole("combobox", { name: "Period" }), { target: { value: "2025-11" } });
  fireEvent.click(button("Recompute GSTR-2B"));
  return app;
}

afterEach(() => {
  jest.useRealTimers();
});

describe("GSTR-2B", () => {
  test("signed out: asks for a sign-in and leads to Connect", async () => {
    await gstr2bPane(new FakeImsApp());
    fireEvent.click(button("Go to Connect"));
    expect(screen.getByRole("tab", { name: "Connect" }).getAttribute("aria-selected")).toBe("true");
  });

  test("empty: no open period", async () => {
    const app = new FakeImsApp({ session: signedIn() });
    app.calendar = { frequency: "monthly", upcoming: null, open: [] };
    await gstr2bPane(app);
    expect(panel("GSTR-2B").getByText(/No GSTR-2B period can be recomputed right now/)).toBeTruthy();
  });

  test("the periods with changes by name, newest first", async () => {
    await gstr2bPane();
    const options = panel("GSTR-2B").getAllByRole("option").map((o) => [(o as HTMLOptionElement).value, o.textContent]);
    expect(options).toEqual([
      ["2025-11", "November 2025"],
      ["2025-10", "October 2025"],
    ]);
  });

  test("before the 14th: the draft is not out yet, actions now will be in it; a period without changes is not offered", async () => {
    const app = new FakeImsApp({ session: signedIn() });
    app.calendar = {
      frequency: "monthly",
      upcoming: { period: "2025-11", draftOn: "2025-12-14" },
      open: [{ period: "2025-10", draftOn: "2025-11-14", changedSince: null }],
    };
    await gstr2bPane(app);
    const p = panel("GSTR-2B");
    expect(p.getByText("The draft GSTR-2B for November 2025 is not out yet.")).toBeTruthy();
    expect(p.getByText(/generates it on 14 December 2025; actions you save before then will be in it/)).toBeTruthy();
    expect(p.getByText(/GSTR-2B for October 2025 was generated on 14 November 2025\. No action was saved from this workbook since then/)).toBeTruthy();
    expect(p.queryByRole("button", { name: "Recompute GSTR-2B" })).toBeNull();
    expect(p.queryByText(/No GSTR-2B period can be recomputed right now/)).toBeNull();
  });

  test("a QRMP filer's quarter is named as a quarter", async () => {
    const app = new FakeImsApp({ session: signedIn() });
    app.calendar = { frequency: "quarterly", upcoming: { period: "2025-12", draftOn: "2026-01-14" }, open: [{ period: "2025-09", draftOn: "2025-10-14", changedSince: "2025-11-02T05:00:00.000Z" }] };
    await gstr2bPane(app);
    const p = panel("GSTR-2B");
    expect(p.getByText("The draft GSTR-2B for October–December 2025 is not out yet.")).toBeTruthy();
    expect(p.getAllByRole("option").map((o) => o.textContent)).toEqual(["July–September 2025"]);
  });

  test("loading: in progress with the portal's state; the button waits; Stop following aborts", async () => {
    const app = await recomputing();
    expect(app.regenerateGstr2b).toHaveBeenCalledWith("2025-11", expect.objectContaining({ signal: expect.any(AbortSignal), onProgress: expect.any(Function) }));
    const p = panel("GSTR-2B");
    expect(p.getByText("In progress")).toBeTruthy();
    expect(p.getByText("Asking the portal to recompute GSTR-2B for November 2025…")).toBeTruthy();
    reportProgress(app, "regenerateGstr2b", { message: "The portal is recomputing (IP)", done: 0, total: 0 });
    expect(p.getByText("The portal is recomputing (IP)")).toBeTruthy();
    expect(button("Recompute GSTR-2B").disabled).toBe(true);
    fireEvent.click(button("Stop following"));
    expect(app.last("regenerateGstr2b").options?.signal?.aborted).toBe(true);
    await rejectCall(app, "regenerateGstr2b", new DOMException("aborted", "AbortError"));
    expect(p.getByText(/Stopped following/)).toBeTruthy();
  });

  test("success: P", async () => {
    const app = await recomputing();
    await resolveCall(app, "regenerateGstr2b", status());
    const p = panel("GSTR-2B");
    expect(p.getByText("Recomputed")).toBeTruthy();
    expect(p.getByText("GSTR-2B for November 2025 recomputed.")).toBeTruthy();
    expect(p.getByText("GSTR2B-REF-9")).toBeTruthy();
  });

  test("the portal's error: ER with its code, and Try again", async () => {
    const app = await recomputing();
    await resolveCall(app, "regenerateGstr2b", status({ state: "ER", errorCode: "RT-2B-01", errorMessage: "GSTR-3B for the period is already filed." }));
    const p = panel("GSTR-2B");
    expect(p.getByText("Failed")).toBeTruthy();
    expect(p.getByText("The portal could not recompute GSTR-2B for November 2025.")).toBeTruthy();
    expect(p.getByText(/GSTR-3B for the period is already filed\. \(code RT-2B-01\)/)).toBeTruthy();
    fireEvent.click(button("Try again"));
    expect(app.regenerateGstr2b).toHaveBeenCalledTimes(2);
    expect(app.regenerateGstr2b).toHaveBeenLastCalledWith("2025-11", expect.anything());
  });

  test("still in progress when following ended", async () => {
    const app = await recomputing();
    await resolveCall(app, "regenerateGstr2b", status({ state: "IP" }));
    expect(panel("GSTR-2B").getByText(/The portal is still recomputing GSTR-2B for November 2025/)).toBeTruthy();
  });

  test("errors: session expired, rate limited (waits by itself), network", async () => {
    jest.useFakeTimers();
    const app = await recomputing();
    await rejectCall(app, "regenerateGstr2b", new ExplainableError({ ...EXPLAINED.rateLimited, retryAfterMs: 1000 }));
    expect(panel("GSTR-2B").getByText(/waits by itself/)).toBeTruthy();
    act(() => jest.advanceTimersByTime(1000));
    expect(app.regenerateGstr2b).toHaveBeenCalledTimes(2);
    await rejectCall(app, "regenerateGstr2b", new ExplainableError(EXPLAINED.network));
    fireEvent.click(button("Try again"));
    expect(app.regenerateGstr2b).toHaveBeenCalledTimes(3);
    await rejectCall(app, "regenerateGstr2b", new ExplainableError(EXPLAINED.sessionExpired));
    fireEvent.click(button("Sign in again"));
    expect(screen.getByRole("tab", { name: "Connect" }).getAttribute("aria-selected")).toBe("true");
  });
});

test("the latest open period is chosen by default", async () => {
  const app = await gstr2bPane();
  expect((panel("GSTR-2B").getByRole("combobox", { name: "Period" }) as HTMLSelectElement).value).toBe("2025-11");
  fireEvent.click(button("Recompute GSTR-2B"));
  expect(app.regenerateGstr2b).toHaveBeenCalledWith("2025-11", expect.anything());
});
