/** @jest-environment ./test/jsdom-env.js */
import { act, screen } from "@testing-library/react";
import { FakeImsApp } from "./fake-app";
import { renderPane } from "./helpers";

test("when the pane opens, a pull Excel interrupted is finished and the pane says so", async () => {
  const app = new FakeImsApp();
  app.recovery = "A pull of B2B that Excel interrupted has been finished from its hidden copy: every edit and status is in place.";
  await renderPane(app);
  await act(async () => {});
  expect(app.recoverWorkbook).toHaveBeenCalledTimes(1);
  expect(screen.getByText("Interrupted pull finished")).toBeTruthy();
  expect(screen.getByText(/A pull of B2B that Excel interrupted has been finished/)).toBeTruthy();
});

test("nothing to finish: nothing is shown", async () => {
  const app = new FakeImsApp();
  await renderPane(app);
  await act(async () => {});
  expect(app.recoverWorkbook).toHaveBeenCalledTimes(1);
  expect(screen.queryByText("Interrupted pull finished")).toBeNull();
});
