/** @jest-environment ./test/jsdom-env.js */
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { act, fireEvent, render, screen } from "@testing-library/react";
import { ActivityContext, PaneContext, type ExplainedErrorPlus, type PaneControls } from "../../src/taskpane/context";
import { ErrorNotice } from "../../src/taskpane/ErrorNotice";
import { EXPLAINED } from "./fake-app";

function renderNotice(error: ExplainedErrorPlus, props: { onRetry?: () => void; refreshSections?: ("B2B" | "CN" | "DN")[]; onDismiss?: () => void } = {}) {
  const pane: PaneControls = { goTo: jest.fn(), focusHeading: jest.fn(), refreshSections: jest.fn(), pullRequest: null, sheetsVersion: 0, notePulled: jest.fn(), sessionChanged: jest.fn() };
  render(
    <FluentProvider theme={webLightTheme}>
      <PaneContext.Provider value={pane}>
        <ErrorNotice error={error} {...props} />
      </PaneContext.Provider>
    </FluentProvider>,
  );
  return pane;
}

afterEach(() => {
  jest.useRealTimers();
});

describe("ErrorNotice", () => {
  test("title and detail in plain words", () => {
    renderNotice(EXPLAINED.invalidRequest);
    expect(screen.getByText("A row cannot be sent")).toBeTruthy();
    expect(screen.getByText(/Taxable value has more than two decimals/)).toBeTruthy();
    expect(screen.queryByRole("button")).toBeNull();
  });

  test("session expired → Sign in again opens Connect", () => {
    const pane = renderNotice(EXPLAINED.sessionExpired);
    fireEvent.click(screen.getByRole("button", { name: "Sign in again" }));
    expect(pane.goTo).toHaveBeenCalledWith("connect");
  });

  test("check settings → Connect", () => {
    const pane = renderNotice(EXPLAINED.settings);
    fireEvent.click(screen.getByRole("button", { name: "Check settings" }));
    expect(pane.goTo).toHaveBeenCalledWith("connect");
  });

  test("retry → Try again (only when there is something to retry)", () => {
    const onRetry = jest.fn();
    renderNotice(EXPLAINED.network, { onRetry });
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  test("conflict → Refresh those rows: the error's sections first, else the caller's, else the Inward tab", () => {
    let pane = renderNotice(EXPLAINED.conflict, { refreshSections: ["DN"] });
    fireEvent.click(screen.getByRole("button", { name: "Refresh those rows" }));
    expect(pane.refreshSections).toHaveBeenCalledWith(["B2B", "CN"]);
    document.body.innerHTML = "";
    const { sections: _s, ...unnamed } = EXPLAINED.conflict;
    pane = renderNotice(unnamed, { refreshSections: ["DN"] });
    fireEvent.click(screen.getByRole("button", { name: "Refresh those rows" }));
    expect(pane.refreshSections).toHaveBeenCalledWith(["DN"]);
    document.body.innerHTML = "";
    pane = renderNotice(unnamed);
    fireEvent.click(screen.getByRole("button", { name: "Refresh those rows" }));
    expect(pane.goTo).toHaveBeenCalledWith("inward");
  });

  test("rate limited → Waiting…, counts down and tries again by itself, once", () => {
    jest.useFakeTimers();
    const onRetry = jest.fn();
    renderNotice({ ...EXPLAINED.rateLimited, retryAfterMs: 2500 }, { onRetry });
    expect((screen.getByRole("button", { name: "Waiting…" }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText("The add-in waits by itself and tries again in 3 s. You don't need to do anything.")).toBeTruthy();
    for (let i = 0; i < 5; i++) act(() => jest.advanceTimersByTime(1000));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  test("rate limited while something else runs: tries again only once the pane is free", () => {
    jest.useFakeTimers();
    const onRetry = jest.fn();
    const pane: PaneControls = { goTo: jest.fn(), focusHeading: jest.fn(), refreshSections: jest.fn(), pullRequest: null, sheetsVersion: 0, notePulled: jest.fn(), sessionChanged: jest.fn() };
    const tree = (current: string | null) => (
      <FluentProvider theme={webLightTheme}>
        <ActivityContext.Provider value={{ current, ends: 0, begin: () => null }}>
          <PaneContext.Provider value={pane}>
            <ErrorNotice error={{ ...EXPLAINED.rateLimited, retryAfterMs: 1000 }} onRetry={onRetry} />
          </PaneContext.Provider>
        </ActivityContext.Provider>
      </FluentProvider>
    );
    const { rerender } = render(tree("pull"));
    for (let i = 0; i < 3; i++) act(() => jest.advanceTimersByTime(1000));
    expect(onRetry).not.toHaveBeenCalled();
    rerender(tree(null));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  test("rate limited without a retry: says the add-in waits between requests", () => {
    renderNotice({ ...EXPLAINED.rateLimited, retryAfterMs: null });
    expect(screen.getByText(/waits by itself between requests/)).toBeTruthy();
  });

  test("Dismiss", () => {
    const onDismiss = jest.fn();
    renderNotice(EXPLAINED.network, { onDismiss });
    fireEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(onDismiss).toHaveBeenCalled();
  });
});
