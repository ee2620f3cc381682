/** @jest-environment ./test/jsdom-env.js */
import { fireEvent, screen, within } from "@testing-library/react";
import { FakeImsApp, NOW, itcPreviewView, mappingView, reconcileReport, reconcileSettings, signedIn, suggestionsApplied } from "./fake-app";
import { flush, openTab, panel, rejectReconcile, renderPane, resolveCall, resolveReconcile } from "./helpers";

async function reconcilePane(app = new FakeImsApp({ session: signedIn() })) {
  await renderPane(app);
  if (app.session.status === "signed-in") await resolveCall(app, "loadCounts", []);
  openTab("Reconcile");
  await flush();
  return app;
}

const tab = () => panel("Reconcile");
const button = (name: string | RegExp) => tab().getByRole("button", { name }) as HTMLButtonElement;

async function openSettings(app: FakeImsApp) {
  fireEvent.click(button("Settings"));
  await flush();
  expect(app.reconcile.settings).toHaveBeenCalledTimes(1);
}

describe("purchase register", () => {
  test("opening the register shows the sheet, the mapping, what is missing and what is ambiguous", async () => {
    const app = await reconcilePane();
    fireEvent.click(button("Open the register sheet"));
    expect(app.reconcile.openRegister).toHaveBeenCalledWith(expect.objectContaining({ signal: expect.any(AbortSignal), onProgress: expect.any(Function) }));
    await resolveReconcile(app, "openRegister", mappingView());
    const p = tab();
    expect(p.getByText(/headers in row 3, 412 data rows\. Layout: Tally\./)).toBeTruthy();
    expect(p.getByText(/Required, but no column found: Taxable value\./)).toBeTruthy();
    expect(p.getByText(/Two columns fit equally well for: Supplier's document number\./)).toBeTruthy();
    const table = within(p.getByRole("table", { name: "Register columns read per field" }));
    expect((table.getByRole("combobox", { name: "Supplier GSTIN" }) as HTMLButtonElement).textContent).toBe("GSTIN of supplier");
    expect(table.getByRole("combobox", { name: "Taxable value" }).textContent).toBe("(none)");
    expect(table.getByText("Voucher No. may be your own number, not the supplier's")).toBeTruthy();
    expect(table.getByText("Also fits: Bill No.")).toBeTruthy();
    expect(table.getAllByText("High")).toHaveLength(5);
    expect(table.getByText("Low")).toBeTruthy();
    expect(table.getByText("Not read")).toBeTruthy();
    expect(p.queryByText("Confirmed")).toBeNull();
    expect(p.queryByText(/was created/)).toBeNull();
  });

  test("a new sheet: it says to paste the register below the template's headers", async () => {
    const app = await reconcilePane();
    fireEvent.click(button("Open the register sheet"));
    await resolveReconcile(app, "openRegister", mappingView({ created: true, headerRow: 1, dataRows: 0, layout: "add-in-template" }));
    expect(tab().getByText("The Purchase register sheet was created")).toBeTruthy();
    expect(tab().getByText(/Paste your purchase register below them/)).toBeTruthy();
  });

  test("changing a column and confirming sends only the fields changed, then shows Confirmed", async () => {
    const app = await reconcilePane();
    fireEvent.click(button("Open the register sheet"));
    await resolveReconcile(app, "openRegister", mappingView());
    const table = () => within(tab().getByRole("table", { name: "Register columns read per field" }));
    fireEvent.click(table().getByRole("combobox", { name: "Supplier's document number" }));
    fireEvent.click(screen.getByRole("option", { name: "Bill No." }));
    fireEvent.click(table().getByRole("combobox", { name: "Taxable value" }));
    fireEvent.click(screen.getByRole("option", { name: "Taxable value" }));
    // Picked, then put back as proposed: not a change.
    fireEvent.click(table().getByRole("combobox", { name: "IGST" }));
    fireEvent.click(screen.getByRole("option", { name: "(none)" }));
    fireEvent.click(table().getByRole("combobox", { name: "IGST" }));
    fireEvent.click(screen.getByRole("option", { name: "IGST" }));
    expect(table().getByRole("combobox", { name: "Supplier's document number" }).textContent).toBe("Bill No.");
    expect(tab().getByText("2 fields changed, not confirmed yet.")).toBeTruthy();
    fireEvent.click(button("Confirm mapping"));
    expect(app.reconcile.confirmMapping).toHaveBeenCalledTimes(1);
    expect(app.reconcile.last("confirmMapping").args[0]).toEqual({ docNumber: "Bill No.", taxableValue: "Taxable value" });
    const fields = mappingView().fields.map((f) =>
      f.field === "docNumber" ? { ...f, columns: ["Bill No."], confidence: "high" as const, alternatives: [] } : f.field === "taxableValue" ? { ...f, columns: ["Taxable value"], confidence: "high" as const } : f,
    );
    await resolveReconcile(app, "confirmMapping", mappingView({ fields, missing: [], ambiguous: [], confirmed: true }));
    expect(tab().getByText("Confirmed")).toBeTruthy();
    expect(tab().queryByText(/Required, but no column found/)).toBeNull();
    expect(tab().queryByText(/not confirmed yet/)).toBeNull();
  });

  test("choosing (none) sends null for that field", async () => {
    const app = await reconcilePane();
    fireEvent.click(button("Open the register sheet"));
    await resolveReconcile(app, "openRegister", mappingView());
    fireEvent.click(tab().getByRole("combobox", { name: "Supplier name" }));
    fireEvent.click(screen.getByRole("option", { name: "(none)" }));
    fireEvent.click(button("Confirm mapping"));
    expect(app.reconcile.last("confirmMapping").args[0]).toEqual({ supplierName: null });
  });
});

describe("settings", () => {
  test("read when opened; saved as edited, in rupees and percent", async () => {
    const app = await reconcilePane();
    expect(app.reconcile.settings).not.toHaveBeenCalled();
    await openSettings(app);
    const p = tab();
    expect((p.getByRole("spinbutton", { name: "Date window (days)" }) as HTMLInputElement).value).toBe("10");
    fireEvent.change(p.getByRole("spinbutton", { name: "Date window (days)" }), { target: { value: "15" } });
    fireEvent.change(p.getByRole("spinbutton", { name: "IGST tolerance in rupees" }), { target: { value: "2.5" } });
    fireEvent.change(p.getByRole("spinbutton", { name: "Taxable value tolerance in percent" }), { target: { value: "0.1" } });
    fireEvent.change(p.getByRole("combobox", { name: "Duplicate in PR: action" }), { target: { value: "R" } });
    fireEvent.change(p.getByRole("textbox", { name: "Duplicate in PR: remark" }), { target: { value: "Booked twice" } });
    fireEvent.change(p.getByRole("combobox", { name: "Exact: action" }), { target: { value: "" } });
    fireEvent.click(button("Save settings"));
    const expected = reconcileSettings();
    expected.dateWindowDays = 15;
    expected.tolerances.igst = { rupees: 2.5, percent: 0 };
    expected.tolerances.taxableValue = { rupees: 1, percent: 0.1 };
    expected.actions.duplicate = { action: "R", remarks: "Booked twice" };
    expected.actions.exact = { action: null, remarks: "" };
    expect(app.reconcile.saveSettings).toHaveBeenCalledWith(expected);
    await resolveReconcile(app, "saveSettings", expected);
    expect(tab().getByText("Saved in the workbook.")).toBeTruthy();
  });

  test("a setting the application refuses: its message is shown and nothing is said to be saved", async () => {
    const app = await reconcilePane();
    await openSettings(app);
    fireEvent.change(tab().getByRole("spinbutton", { name: "Cess tolerance in percent" }), { target: { value: "120" } });
    fireEvent.click(button("Save settings"));
    await rejectReconcile(app, "saveSettings", new Error("Reconcile config: tolerances.cess.percent must be from 0 to 100"));
    expect(tab().getByText("Reconcile config: tolerances.cess.percent must be from 0 to 100")).toBeTruthy();
    expect(tab().queryByText("Saved in the workbook.")).toBeNull();
  });

  test("an entry that is not a number is named, and nothing is sent", async () => {
    const app = await reconcilePane();
    await openSettings(app);
    fireEvent.change(tab().getByRole("spinbutton", { name: "Date window (days)" }), { target: { value: "" } });
    fireEvent.click(button("Save settings"));
    expect(tab().getByText("Date window: type a number of days. Nothing was saved.")).toBeTruthy();
    expect(app.reconcile.saveSettings).not.toHaveBeenCalled();
  });
});

describe("reconcile", () => {
  test("shows the counts per category, the suggestions, the register's problem rows and the sheets written", async () => {
    const app = await reconcilePane();
    fireEvent.click(button("Reconcile"));
    expect(app.reconcile.run).toHaveBeenCalledWith(expect.objectContaining({ signal: expect.any(AbortSignal), onProgress: expect.any(Function) }));
    await resolveReconcile(app, "run", reconcileReport());
    const p = tab();
    const counts = within(p.getByRole("table", { name: "Matches per category" }));
    for (const [label, n] of [
      ["Exact", "1,100"],
      ["Suggested", "40"],
      ["Mismatch", "25"],
      ["Missing in PR", "115"],
      ["Missing in IMS", "30"],
      ["Duplicate in PR", "2"],
    ] as const) {
      expect(counts.getByRole("row", { name: `${label} ${n}` })).toBeTruthy();
    }
    expect(p.getByText("Suggested actions: Accept 1,140, Pending 140.")).toBeTruthy();
    expect(p.getByText(/1,280 IMS documents with 1,302 register lines\. Written: Reconciliation, Missing in IMS\./)).toBeTruthy();
    expect(p.getByText("63 register rows could not be read fully; the first 2:")).toBeTruthy();
    const issues = p.getByRole("list", { name: "Register rows with problems" });
    expect(issues.textContent).toContain("Row 17: Bill date: 31-02-2025 is not a date");
    expect(issues.textContent).toContain("Row 240:");
    expect(within(issues).getAllByText("Left out of matching.")).toHaveLength(1);
    expect(p.queryByText(/moved in the section sheets/)).toBeNull();
  });

  test("rows moved while writing: it says to reconcile again", async () => {
    const app = await reconcilePane();
    fireEvent.click(button("Reconcile"));
    await resolveReconcile(app, "run", reconcileReport({ movedRows: 3, registerIssues: [], registerIssueCount: 0 }));
    expect(tab().getByText(/3 rows moved in the section sheets.*Reconcile again/)).toBeTruthy();
    expect(tab().queryByRole("list", { name: "Register rows with problems" })).toBeNull();
  });

  test("while it runs every button of the tab waits; Cancel aborts it", async () => {
    const app = await reconcilePane();
    fireEvent.click(button("Open the register sheet"));
    await resolveReconcile(app, "openRegister", mappingView());
    fireEvent.click(button("Reconcile"));
    for (const name of ["Open the register sheet", "Confirm mapping", "Reconcile", "Apply suggestions", "Preview ITC"]) expect(button(name).disabled).toBe(true);
    expect((tab().getByRole("combobox", { name: "Supplier GSTIN" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(button("Cancel"));
    expect(app.reconcile.last("run").options?.signal?.aborted).toBe(true);
    await rejectReconcile(app, "run", new DOMException("aborted", "AbortError"));
    expect(tab().getByText("Reconciliation cancelled before it finished.")).toBeTruthy();
    for (const name of ["Open the register sheet", "Confirm mapping", "Reconcile", "Apply suggestions", "Preview ITC"]) expect(button(name).disabled).toBe(false);
  });

  test("another tab's long operation disables the tab's buttons and says why", async () => {
    const app = new FakeImsApp({ session: signedIn() });
    await renderPane(app);
    openTab("Reconcile");
    expect(button("Reconcile").disabled).toBe(true);
    expect(tab().getAllByText("Available when the counts refresh has finished (or is cancelled).").length).toBeGreaterThan(0);
    await resolveCall(app, "loadCounts", []);
    expect(button("Reconcile").disabled).toBe(false);
  });
});

describe("apply suggestions", () => {
  test("sends the categories ticked (exact and suggested by default), reports, and offers Undo", async () => {
    const app = await reconcilePane();
    const p = tab();
    expect((p.getByRole("checkbox", { name: "Exact" }) as HTMLInputElement).checked).toBe(true);
    expect((p.getByRole("checkbox", { name: "Suggested" }) as HTMLInputElement).checked).toBe(true);
    for (const name of ["Mismatch", "Missing in PR", "Supplier has not filed", "Duplicate in PR"]) expect((p.getByRole("checkbox", { name }) as HTMLInputElement).checked).toBe(false);
    expect(p.getByText(/Nothing is sent until you submit \(Review\)\./)).toBeTruthy();
    expect(button("Undo").disabled).toBe(true);
    fireEvent.click(p.getByRole("checkbox", { name: "Mismatch" }));
    fireEvent.click(p.getByRole("checkbox", { name: "Supplier has not filed" }));
    fireEvent.click(button("Apply suggestions"));
    expect(app.reconcile.last("applySuggestions").args[0]).toEqual(["exact", "suggested", "mismatch", "notFiled"]);
    app.reconcile.undo = { at: new Date(NOW).toISOString(), cells: 1102 };
    await resolveReconcile(app, "applySuggestions", suggestionsApplied({ changedMeanwhile: 1 }));
    expect(tab().getByText("Wrote 1,102 suggested actions into the section sheets.")).toBeTruthy();
    expect(
      tab().getByText(
        /Left as they were: 12 rows where you had typed an action; 20 rows the portal already holds an action for; 6 rows with no suggested action; 1 row changed while the add-in was writing\. Nothing is sent until you submit\./,
      ),
    ).toBeTruthy();
    const perCategory = tab().getByRole("list", { name: "Suggested actions written per category" });
    expect(perCategory.textContent).toContain("Exact: 1,080 rows");
    expect(perCategory.textContent).toContain("Suggested: 22 rows");
    const undo = button("Undo (1,102 cells)");
    expect(undo.disabled).toBe(false);
    fireEvent.click(undo);
    expect(app.reconcile.undoApply).toHaveBeenCalledTimes(1);
    app.reconcile.undo = null;
    await resolveReconcile(app, "undoApply", { undone: true, restored: 1100, changed: 2, sent: 0, gone: 0 });
    expect(tab().getByText("Put back 1,100 cells as they were. Left as they are: 2 cells you changed since.")).toBeTruthy();
    expect(button("Undo").disabled).toBe(true);
  });

  test("a stale reconciliation: reconcile again first, nothing written", async () => {
    const app = await reconcilePane();
    fireEvent.click(button("Apply suggestions"));
    expect(app.reconcile.last("applySuggestions").args[0]).toEqual(["exact", "suggested"]);
    await resolveReconcile(app, "applySuggestions", suggestionsApplied({ stale: true, written: 0, byCategory: {} }));
    expect(tab().getByText("Reconcile again first")).toBeTruthy();
    expect(tab().getByText(/Nothing was written\./)).toBeTruthy();
    expect(tab().queryByText(/Wrote/)).toBeNull();
  });

  test("with no category ticked Apply waits", async () => {
    await reconcilePane();
    fireEvent.click(tab().getByRole("checkbox", { name: "Exact" }));
    fireEvent.click(tab().getByRole("checkbox", { name: "Suggested" }));
    expect(button("Apply suggestions").disabled).toBe(true);
  });

  test("an undo kept in the workbook is offered after a reload of the pane", async () => {
    const app = new FakeImsApp({ session: signedIn() });
    app.reconcile.undo = { at: new Date(NOW).toISOString(), cells: 3 };
    await reconcilePane(app);
    expect(button("Undo (3 cells)").disabled).toBe(false);
  });
});

describe("ITC preview", () => {
  test("asks for the period picked, shows each position now and after the drafts in rupees, and the chart's sheet", async () => {
    const app = await reconcilePane();
    const period = tab().getByRole("combobox", { name: "Return period" }) as HTMLSelectElement;
    // NOW is 21 November 2025: October, the period just ended, is picked first.
    expect(period.value).toBe("2025-10");
    fireEvent.change(period, { target: { value: "all" } });
    fireEvent.click(button("Preview ITC"));
    expect(app.reconcile.itcPreview).toHaveBeenCalledWith(null, expect.objectContaining({ signal: expect.any(AbortSignal) }));
    fireEvent.click(button("Cancel"));
    await rejectReconcile(app, "itcPreview", new DOMException("aborted", "AbortError"));
    fireEvent.change(tab().getByRole("combobox", { name: "Return period" }), { target: { value: "2025-10" } });
    fireEvent.click(button("Preview ITC"));
    expect(app.reconcile.last("itcPreview").args[0]).toBe("2025-10");
    await resolveReconcile(app, "itcPreview", itcPreviewView());
    const table = within(tab().getByRole("table", { name: "ITC for October 2025: now and after the drafted actions" }));
    expect(table.getByRole("row", { name: "Claimable, IGST ₹36,000.00 ₹18,000.00" })).toBeTruthy();
    expect(table.getByRole("row", { name: "Deferred (pending), CGST ₹1,800.00 ₹900.00" })).toBeTruthy();
    expect(table.getByRole("row", { name: "Forgone (rejected), IGST ₹720.00 ₹360.00" })).toBeTruthy();
    expect(table.getByRole("row", { name: "Credit-note reductions, IGST ₹3,600.00 ₹1,800.00" })).toBeTruthy();
    expect(table.getByRole("row", { name: "Net, IGST ₹32,400.00 ₹16,200.00" })).toBeTruthy();
    const suppliers = tab().getByRole("list", { name: "Net ITC change per supplier" });
    expect(suppliers.textContent).toContain("Bharat Traders 29AABCB5678K1Z5");
    expect(suppliers.textContent).toContain("₹72,000.00 → ₹36,000.00 (−₹36,000.00)");
    expect(tab().getByText("A chart of this preview was written on the Summary sheet.")).toBeTruthy();
  });

  test("only the first ten suppliers are listed, and unreadable actions are mentioned", async () => {
    const app = await reconcilePane();
    fireEvent.click(button("Preview ITC"));
    const bySupplier = Array.from({ length: 12 }, (_, i) => ({ gstin: `29AABCB56${String(i).padStart(2, "0")}K1Z5`, name: `Supplier ${i}`, before: 0, after: 100_00 * (12 - i), difference: 100_00 * (12 - i) }));
    await resolveReconcile(app, "itcPreview", itcPreviewView({ period: null, bySupplier, unreadable: 2 }));
    expect(tab().getByRole("table", { name: "ITC for all periods: now and after the drafted actions" })).toBeTruthy();
    expect(tab().getByText("Net ITC change per supplier: the 10 largest of 12")).toBeTruthy();
    expect(within(tab().getByRole("list", { name: "Net ITC change per supplier" })).getAllByRole("listitem")).toHaveLength(10);
    expect(tab().getByText(/\(\+₹1,200\.00\)/)).toBeTruthy();
    expect(tab().getByText("2 rows with an Action cell that is not an action counted as the portal holds them.")).toBeTruthy();
  });
});

test("works without a GST session: the sheets are enough", async () => {
  const app = new FakeImsApp();
  await renderPane(app);
  openTab("Reconcile");
  fireEvent.click(button("Reconcile"));
  expect(app.reconcile.run).toHaveBeenCalledTimes(1);
});
