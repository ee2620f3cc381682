/** @jest-environment ./test/jsdom-env.js */
import { fireEvent } from "@testing-library/react";
import type { BulkApplyReport } from "../../src/app/types";
import { FakeImsApp, NOW, signedIn } from "./fake-app";
import { flush, openTab, panel, renderPane, resolveCall } from "./helpers";

async function suppliersPane(app = new FakeImsApp({ session: signedIn() })) {
  await renderPane(app);
  if (app.session.status === "signed-in") await resolveCall(app, "loadCounts", []);
  openTab("Suppliers");
  await flush();
  return app;
}

function applied(overrides: Partial<BulkApplyReport> = {}): BulkApplyReport {
  return {
    written: 14,
    suppliers: [{ gstin: "29AABCB5678K1Z5", action: "A", rows: 14 }],
    skipped: { typed: 2, decided: 5, inFlight: 0, pendingNotAllowed: 0 },
    changedMeanwhile: 1,
    problems: ['07AAFCD4321M1ZN: "maybe" is not an action; use A (accept), R (reject), P (keep pending) or N (none)'],
    noChoices: false,
    ...overrides,
  };
}

test("build the review: the Suppliers sheet's size", async () => {
  const app = await suppliersPane();
  fireEvent.click(panel("Suppliers").getByRole("button", { name: "Build supplier-wise review" }));
  await resolveCall(app, "reviewSuppliers", { sheetName: "Suppliers", suppliers: 38, documents: 1200, reviewedAt: new Date(NOW).toISOString() });
  expect(panel("Suppliers").getByText("38 suppliers, 1,200 documents on the Suppliers sheet.")).toBeTruthy();
});

test("apply: what was written, what was left and why; undo is offered from what the workbook keeps", async () => {
  const app = new FakeImsApp({ session: signedIn() });
  const pane = await suppliersPane(app);
  expect((panel("Suppliers").getByRole("button", { name: "Undo" }) as HTMLButtonElement).disabled).toBe(true);
  fireEvent.click(panel("Suppliers").getByRole("button", { name: "Apply Action for all" }));
  app.undoAvailable = { at: new Date(NOW).toISOString(), cells: 14 };
  await resolveCall(pane, "applySupplierActions", applied());
  const p = panel("Suppliers");
  expect(p.getByText("Wrote 14 actions into the section sheets.")).toBeTruthy();
  expect(p.getByText(/Left as they were: 2 rows where you had typed an action; 5 rows the portal already holds an action for; 1 row changed while the add-in was writing\./)).toBeTruthy();
  expect(p.getByText(/"maybe" is not an action/)).toBeTruthy();
  expect(p.getByRole("list", { name: "Actions written per supplier" }).textContent).toContain("Accept: 14 rows");
  const undo = p.getByRole("button", { name: "Undo (14 cells)" }) as HTMLButtonElement;
  expect(undo.disabled).toBe(false);
  fireEvent.click(undo);
  app.undoAvailable = null;
  await resolveCall(app, "undoSupplierActions", { undone: true, restored: 12, changed: 2, sent: 0, gone: 0 });
  expect(panel("Suppliers").getByText("Put back 12 cells as they were. Left as they are: 2 cells you changed since.")).toBeTruthy();
  expect((panel("Suppliers").getByRole("button", { name: "Undo" }) as HTMLButtonElement).disabled).toBe(true);
});

test("an undo kept in the workbook is offered after a reload of the pane", async () => {
  const app = new FakeImsApp({ session: signedIn() });
  app.undoAvailable = { at: new Date(NOW).toISOString(), cells: 3 };
  await suppliersPane(app);
  expect((panel("Suppliers").getByRole("button", { name: "Undo (3 cells)" }) as HTMLButtonElement).disabled).toBe(false);
});

test("with no Action for all chosen it says so", async () => {
  const app = await suppliersPane();
  fireEvent.click(panel("Suppliers").getByRole("button", { name: "Apply Action for all" }));
  await resolveCall(app, "applySupplierActions", applied({ noChoices: true, written: 0, suppliers: [], problems: [] }));
  expect(panel("Suppliers").getByText(/No supplier has an "Action for all"/)).toBeTruthy();
});
