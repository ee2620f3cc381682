/** @jest-environment ./test/jsdom-env.js */
import { fireEvent, screen } from "@testing-library/react";
import type { AddedBackReport, OutwardReport } from "../../src/app/types";
import { EXPLAINED, ExplainableError, FakeImsApp, NOW, signedIn } from "./fake-app";
import { openTab, panel, rejectCall, renderPane, reportProgress, resolveCall } from "./helpers";

function salesReport(overrides: Partial<OutwardReport> = {}): OutwardReport {
  return {
    period: "2025-10",
    form: "GSTR-1",
    pulledAt: new Date(NOW).toISOString(),
    sections: [
      { section: "B2B", title: "B2B invoices", documents: 120, sheetName: "Sales B2B" },
      { section: "B2BA", title: "B2B invoices (amendments)", documents: 0, sheetName: "Sales B2BA" },
      { section: "CDNR", title: "Credit and debit notes", documents: 7, sheetName: "Sales CDNR" },
      { section: "CDNRA", title: "Credit and debit notes (amendments)", documents: 0, sheetName: "Sales CDNRA" },
      { section: "ECOM", title: "Supplies through e-commerce operators", documents: 2, sheetName: "Sales ECOM" },
      { section: "ECOMA", title: "Supplies through e-commerce operators (amendments)", documents: 0, sheetName: "Sales ECOMA" },
    ],
    followUp: { sheetName: "Follow-up", rows: 31, notesKept: 4, keptForNote: 1 },
    customers: { sheetName: "Customers", rows: 12 },
    byAction: { N: { documents: 25, tax: 1_00_000_00 }, A: { documents: 98, tax: 5_00_000_00 }, R: { documents: 4, tax: 12_000_00 }, P: { documents: 2, tax: 3_000_00 } },
    ...overrides,
  };
}

function addedBack(): AddedBackReport {
  const zero = { documents: 0, value: 0, taxableValue: 0, igst: 0, cgst: 0, sgst: 0, cess: 0 };
  return {
    period: "2025-10",
    pulledAt: new Date(NOW).toISOString(),
    sheetName: "Added back",
    documents: 2,
    totals: [
      { section: "CDNR", ...zero, documents: 2, igst: 18_000_00 },
      { section: "B2BA", ...zero },
      { section: "CDNRA", ...zero },
      { section: "ECOMA", ...zero },
      { section: "Total", ...zero, documents: 2, igst: 18_000_00 },
    ],
  };
}

async function outwardPane(app = new FakeImsApp({ session: signedIn() })) {
  await renderPane(app);
  if (app.session.status === "signed-in") await resolveCall(app, "loadCounts", []);
  openTab("Outward");
  return app;
}

test("signed out: asks for a sign-in", async () => {
  await outwardPane(new FakeImsApp());
  expect(panel("Outward").getByText(/Sign in to see your sales/)).toBeTruthy();
});

test("pick a period and return, pull sales: progress, then documents by action and the sheets written", async () => {
  const app = await outwardPane();
  const periods = panel("Outward").getByRole("combobox", { name: "Return period" });
  // The last twelve months, the one just ended first (the clock says 21 November 2025).
  expect((periods as HTMLSelectElement).value).toBe("2025-10");
  expect(panel("Outward").getAllByRole("option").map((o) => o.textContent).slice(0, 2)).toEqual(["October 2025", "September 2025"]);
  fireEvent.change(periods, { target: { value: "2025-09" } });
  fireEvent.change(panel("Outward").getByRole("combobox", { name: "Return" }), { target: { value: "GSTR-1A" } });
  fireEvent.click(panel("Outward").getByRole("button", { name: "Pull sales" }));
  expect(app.last("pullSales").args).toEqual(["2025-09", "GSTR-1A"]);
  reportProgress(app, "pullSales", { message: "Pulling sales CDNR (3 of 6)", done: 2, total: 7 });
  expect(screen.getByText("Pulling sales CDNR (3 of 6)")).toBeTruthy();
  await resolveCall(app, "pullSales", salesReport());
  const p = panel("Outward");
  expect(p.getByText(/^Pulled 129 documents of October 2025 \(GSTR-1\)/)).toBeTruthy();
  const table = p.getByRole("table", { name: "Documents by customer's action" });
  expect(table.textContent).toContain("Rejected4₹12,000.00");
  expect(p.getByText("Sales B2BA: none")).toBeTruthy();
  expect(p.getByText("Follow-up: 31 documents to follow up")).toBeTruthy();
  expect(p.getByText(/4 notes of yours kept/)).toBeTruthy();
  expect(p.getByText("Customers: 12 customers")).toBeTruthy();
});

test("an error is explained with Try again", async () => {
  const app = await outwardPane();
  fireEvent.click(panel("Outward").getByRole("button", { name: "Pull sales" }));
  await rejectCall(app, "pullSales", new ExplainableError(EXPLAINED.network));
  expect(panel("Outward").getByText("Could not reach the IMS API")).toBeTruthy();
  fireEvent.click(panel("Outward").getByRole("button", { name: "Try again" }));
  expect(app.calls.pullSales).toHaveLength(2);
});

test("added-back liabilities: totals per head", async () => {
  const app = await outwardPane();
  fireEvent.click(panel("Outward").getByRole("button", { name: "Pull added-back liabilities" }));
  expect(app.last("pullAddedBack").args).toEqual(["2025-10"]);
  await resolveCall(app, "pullAddedBack", addedBack());
  expect(panel("Outward").getByText(/^2 documents added back to your liability for October 2025/)).toBeTruthy();
  const rows = panel("Outward").getByRole("table", { name: "Added back, per head" }).querySelectorAll("tbody tr");
  expect([...rows].map((r) => r.textContent)).toEqual(["Credit notes2₹18,000.00₹0.00₹0.00₹0.00", "Total2₹18,000.00₹0.00₹0.00₹0.00"]);
});
