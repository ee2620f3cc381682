/**
 * Issue 11 end to end (pane → add-in server → sandbox over HTTP, into the Excel fake): paste a
 * purchase register, confirm the mapping, reconcile, apply the suggestions of chosen categories
 * (never over a typed action), undo exactly, a stale result refused, the ITC preview, a refresh
 * keeping the Match columns, and submit sending what was applied.
 */
import type { SectionCode } from "../../src/ims/sections";
import type { SandboxRecord } from "../../src/sandbox/model";
import { REGISTER_SHEET, PROBLEM_HEADER, UNDO_SHEET, MATCH_COLUMN_HEADERS, ITC_PREVIEW_CHART } from "../../src/workbook";
import { columnLetter } from "../../src/workbook/layout";
import { actionOf, keyOf, sheetRows, portalRecords, rowByKey, typeCell, type World, startWorld, columnByHeader } from "./helpers";
import { readTable } from "./report-helpers";

let w: World | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const SECTIONS: SectionCode[] = ["B2B", "CN"];
const HEADERS = ["Supplier GSTIN", "Supplier name", "Document type", "Document number", "Document date", "Place of supply", "Document value (₹)", "Taxable value (₹)", "Rate (%)", "IGST (₹)", "CGST (₹)", "SGST/UTGST (₹)", "Cess (₹)"];

function ddmmyyyy(iso: string): string {
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
}

/** A register line booking `r` as the buyer would: credit notes negative. */
function line(r: SandboxRecord, change: Partial<{ docNum: string; txval: number; date: string }> = {}): (string | number)[] {
  const sign = r.section === "CN" ? -1 : 1;
  const rupees = (p: number) => (sign * p) / 100;
  return [
    r.stin,
    r.supplierName,
    r.section === "CN" ? "Credit note" : "Invoice",
    change.docNum ?? r.docNum,
    change.date ?? ddmmyyyy(r.docDate),
    r.pos,
    rupees(r.val),
    rupees(change.txval ?? r.txval),
    "",
    rupees(r.iamt),
    rupees(r.camt),
    rupees(r.samt),
    rupees(r.cess),
  ];
}

interface Plan {
  exact: SandboxRecord[];
  mismatch: SandboxRecord;
  missingInPr: SandboxRecord;
  credit: SandboxRecord;
  typed: SandboxRecord;
}

/** Open B2B records of filed suppliers (so that exact suggests Accept), and one open credit note. */
function planRegister(world: World): { plan: Plan; rows: (string | number)[][] } {
  const open = portalRecords(world.sb, "B2B")
    .filter((r) => r.action === "N" && r.filed && !r.pendingBlocked && !r.remarksBlocked)
    .sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  const credit = portalRecords(world.sb, "CN")
    .filter((r) => r.action === "N" && r.filed)
    .sort((a, b) => keyOf(a).localeCompare(keyOf(b)))[0];
  if (open.length < 8 || !credit) throw new Error("the demo data has too few open records");
  const [mismatch, missingInPr, typed, ...exact] = open.slice(0, 8) as SandboxRecord[];
  const plan: Plan = { exact: [...exact, typed!], mismatch: mismatch!, missingInPr: missingInPr!, credit, typed: typed! };
  const rows = [
    ...plan.exact.map((r) => line(r)),
    line(plan.mismatch, { txval: plan.mismatch.txval + 500_00 }),
    line(plan.credit),
    // Booked twice by mistake.
    line(plan.exact[0]!),
    // A bill the supplier never reported.
    ["27AAACZ9999Z1Z5", "Unreported Traders", "Invoice", "UR-77", "02-01-2025", "27", 1180, 1000, 18, 0, 90, 90, 0],
    // A row nobody can read: no document number, a date that is not one.
    [plan.exact[1]!.stin, "", "Invoice", "", "31-31-2025", "27", 100, 100, 18, 0, 9, 9, 0],
  ];
  return { plan, rows };
}

async function pasteRegister(world: World): Promise<Plan> {
  const view = await world.app.reconcile.openRegister();
  expect(view).toMatchObject({ sheetName: REGISTER_SHEET, created: true });
  const { plan, rows } = planRegister(world);
  world.fake.user.paste(REGISTER_SHEET, "A2", rows);
  return plan;
}

function matchOf(world: World, section: SectionCode, key: string): { match: unknown; suggested: unknown; reason: unknown } {
  const row = rowByKey(world.fake, section, key);
  const cell = (h: string) => world.fake.inspect.cell(section, `${columnLetter(columnByHeader(world.fake, section, h))}${row.sheetRow}`).value;
  return { match: cell("Match"), suggested: cell("Suggested action"), reason: cell("Match reason") };
}

function remarksOf(world: World, section: SectionCode, key: string): unknown {
  return rowByKey(world.fake, section, key).remarks;
}

test("a pasted register is mapped, reconciled into its sheets and columns, and unreadable rows are flagged on their row", async () => {
  w = await startWorld();
  const world = w;
  await world.app.pull(SECTIONS, null);
  const plan = await pasteRegister(world);

  const mapping = await world.app.reconcile.openRegister();
  expect(mapping).toMatchObject({ created: false, confirmed: false, missing: [], headerRow: 1 });
  expect(mapping.fields.find((f) => f.field === "docNumber")?.columns).toEqual(["Document number"]);
  const confirmed = await world.app.reconcile.confirmMapping({});
  expect(confirmed.confirmed).toBe(true);
  expect((await world.app.reconcile.openRegister()).confirmed).toBe(true);

  const report = await world.app.reconcile.run();
  // The credit note, booked negative, is exact too.
  expect(report.counts.exact).toBe(plan.exact.length + 1);
  expect(report.counts.mismatch).toBe(1);
  expect(report.counts.duplicate).toBe(1);
  // The unreported bill and the unreadable row.
  expect(report.counts.missing_in_ims).toBe(2);
  expect(report.counts.missing_in_pr).toBe(report.imsDocuments - plan.exact.length - 2);
  expect(report.counts.suggested).toBe(0);
  expect(report.prLines).toBe(plan.exact.length + 5);
  expect(report.registerIssues.some((i) => i.sheetRow === plan.exact.length + 6 && i.fatal)).toBe(true);
  expect(report.movedRows).toBe(0);

  // The Reconciliation sheet: one row per link or unmatched document.
  expect(report.sheets).toEqual(expect.arrayContaining(["Reconciliation", "Reconciliation by supplier", "Suppliers", "B2B", "CN"]));
  const recon = readTable(world.fake, "Reconciliation", "Category");
  const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
  expect(recon.rows).toHaveLength(total);
  // The Match columns, on the rows of their records.
  expect(matchOf(world, "B2B", keyOf(plan.exact[2]!))).toMatchObject({ match: "Exact", suggested: "A" });
  const mm = matchOf(world, "B2B", keyOf(plan.mismatch));
  expect(mm.match).toBe("Mismatch");
  expect(String(mm.suggested)).toMatch(/^P: Differs from our books: taxable value/);
  expect(matchOf(world, "B2B", keyOf(plan.missingInPr))).toMatchObject({ match: "Missing in PR", suggested: "P: Not in our books" });
  expect(matchOf(world, "CN", keyOf(plan.credit)).match).toBe("Exact");
  for (const h of MATCH_COLUMN_HEADERS) expect(world.fake.inspect.cell("B2B", `${columnLetter(columnByHeader(world.fake, "B2B", h))}1`).value).toBe(h);

  // The unreadable register row carries its problem; the others nothing.
  const problemCol = String.fromCharCode(65 + HEADERS.length);
  expect(world.fake.inspect.cell(REGISTER_SHEET, `${problemCol}1`).value).toBe(PROBLEM_HEADER);
  expect(String(world.fake.inspect.cell(REGISTER_SHEET, `${problemCol}${plan.exact.length + 6}`).value)).toMatch(/document number|date/i);
  expect(world.fake.inspect.cell(REGISTER_SHEET, `${problemCol}2`).value).toBe("");

  // The Suppliers sheet counts matches per supplier and takes names from the register.
  const suppliers = readTable(world.fake, "Suppliers", "Supplier GSTIN");
  const s = suppliers.rows.find((r) => r["Supplier GSTIN"] === plan.mismatch.stin)!;
  expect(s["Match: mismatch"]).toBeGreaterThanOrEqual(1);
  expect(s["Supplier name"]).toBe(plan.mismatch.supplierName);
  const exactTotal = suppliers.rows.reduce((n, r) => n + Number(r["Match: exact"]), 0);
  expect(exactTotal).toBe(plan.exact.length + 1);
});

test("apply suggestions writes only the chosen categories into rows without an entry, undo puts actions and remarks back, and submit sends what was applied", async () => {
  w = await startWorld();
  const world = w;
  const { app, fake, sb } = world;
  await app.pull(SECTIONS, null);
  const plan = await pasteRegister(world);
  await app.reconcile.confirmMapping({});
  typeCell(fake, "B2B", keyOf(plan.typed), "action", "R");
  await app.reconcile.run();
  const before = new Map([...plan.exact, plan.mismatch, plan.missingInPr].map((r) => [keyOf(r), { action: rowByKey(fake, r.section, keyOf(r)).action, remarks: remarksOf(world, r.section, keyOf(r)) }]));

  const applied = await app.reconcile.applySuggestions(["exact", "mismatch"]);
  expect(applied.stale).toBe(false);
  expect(applied.skipped.typed).toBe(1);
  expect(applied.byCategory).toEqual({ exact: plan.exact.length - 1 + 1, mismatch: 1 });
  for (const r of plan.exact.filter((x) => x !== plan.typed)) expect(rowByKey(fake, "B2B", keyOf(r)).action).toBe("A");
  expect(rowByKey(fake, "CN", keyOf(plan.credit)).action).toBe("A");
  expect(rowByKey(fake, "B2B", keyOf(plan.typed)).action).toBe("R");
  expect(rowByKey(fake, "B2B", keyOf(plan.mismatch)).action).toBe("P");
  expect(String(remarksOf(world, "B2B", keyOf(plan.mismatch)))).toMatch(/^Differs from our books: taxable value/);
  // Missing in PR was not chosen: untouched.
  expect(rowByKey(fake, "B2B", keyOf(plan.missingInPr)).action).toBe(before.get(keyOf(plan.missingInPr))!.action);
  // Nothing was sent.
  for (const r of plan.exact) expect(actionOf(sb, keyOf(r))).toBe("N");
  expect(fake.inspect.sheetNames()).toContain(UNDO_SHEET);

  // Undo from a reloaded pane: every action and remark back as it was.
  const reloaded = await world.reopen();
  expect(await reloaded.reconcile.undoAvailable()).toMatchObject({ cells: applied.written });
  const undone = await reloaded.reconcile.undoApply();
  expect(undone).toMatchObject({ undone: true, restored: applied.written, changed: 0 });
  for (const [key, was] of before) {
    const section = key.split("|")[0] as SectionCode;
    expect({ action: rowByKey(fake, section, key).action, remarks: remarksOf(world, section, key) }).toEqual(was);
  }

  // Apply again, then submit: the portal gets exactly the applied actions and the remark.
  const again = await reloaded.reconcile.applySuggestions(["exact", "mismatch"]);
  expect(again.written).toBe(applied.written);
  await reloaded.submit();
  for (const r of plan.exact.filter((x) => x !== plan.typed)) expect(actionOf(sb, keyOf(r))).toBe("A");
  expect(actionOf(sb, keyOf(plan.typed))).toBe("R");
  expect(actionOf(sb, keyOf(plan.mismatch))).toBe("P");
  expect(actionOf(sb, keyOf(plan.missingInPr))).toBe("N");
});

test("after the register changes, apply refuses the older result until reconciled again; a new pull keeps the Match columns with their rows", async () => {
  w = await startWorld();
  const world = w;
  const { app, fake } = world;
  await app.pull(SECTIONS, null);
  const plan = await pasteRegister(world);
  await app.reconcile.confirmMapping({});
  await app.reconcile.run();
  // The user fixes the mismatched amount in the register after reconciling.
  const mismatchRow = plan.exact.length + 2;
  fake.user.typeInto(REGISTER_SHEET, `H${mismatchRow}`, String(plan.mismatch.txval / 100));
  const stale = await app.reconcile.applySuggestions(["exact", "mismatch"]);
  expect(stale).toMatchObject({ stale: true, written: 0 });
  expect(rowByKey(fake, "B2B", keyOf(plan.exact[0]!)).action).not.toBe("A");

  const report = await app.reconcile.run();
  expect(report.counts.mismatch).toBe(0);
  expect(matchOf(world, "B2B", keyOf(plan.mismatch)).match).toBe("Exact");

  await app.pull(SECTIONS, null);
  expect(matchOf(world, "B2B", keyOf(plan.mismatch)).match).toBe("Exact");
  expect(matchOf(world, "B2B", keyOf(plan.missingInPr)).match).toBe("Missing in PR");
});

test("the ITC preview shows GSTR-2B's ITC per head now and with the drafted actions, per supplier, with a chart on the Summary sheet", async () => {
  w = await startWorld();
  const world = w;
  const { app, fake } = world;
  await app.pull(SECTIONS, null);
  const [reject] = portalRecords(world.sb, "B2B").filter((r) => r.action === "N" && r.iamt + r.camt + r.samt > 0);
  typeCell(fake, "B2B", keyOf(reject!), "action", "R");
  const preview = await app.reconcile.itcPreview(null);
  const tax = reject!.iamt + reject!.camt + reject!.samt + reject!.cess;
  const sum = (h: { igst: number; cgst: number; sgst: number; cess: number }) => h.igst + h.cgst + h.sgst + h.cess;
  expect(sum(preview.before.claimable) - sum(preview.after.claimable)).toBe(tax);
  expect(sum(preview.after.forgone) - sum(preview.before.forgone)).toBe(tax);
  expect(preview.bySupplier[0]).toMatchObject({ gstin: reject!.stin, difference: -tax });
  expect(preview.sheetName).toBe("Summary");
  expect(fake.inspect.charts("Summary").map((c) => c.name)).toContain(ITC_PREVIEW_CHART);
  expect(rowByKey(fake, "B2B", keyOf(reject!)).action).toBe("R");
});

test("settings saved in the pane are kept in the workbook, checked, and used by the next reconciliation", async () => {
  w = await startWorld();
  const world = w;
  const { app } = world;
  await app.pull(SECTIONS, null);
  const plan = await pasteRegister(world);
  await app.reconcile.confirmMapping({});
  expect((await app.reconcile.run()).counts.mismatch).toBe(1);

  const defaults = await app.reconcile.settings();
  expect(defaults.tolerances.taxableValue).toEqual({ rupees: 1, percent: 0 });
  expect(defaults.actions.missing_in_pr).toEqual({ action: "P", remarks: "Not in our books" });
  // ₹600 of taxable value now agrees (the register booked ₹500 more); missing in PR suggests nothing.
  const mine = { ...defaults, tolerances: { ...defaults.tolerances, taxableValue: { rupees: 600, percent: 0 }, value: { rupees: 600, percent: 0 } }, actions: { ...defaults.actions, missing_in_pr: { action: null, remarks: "" } } };
  await app.reconcile.saveSettings(mine);
  await expect(app.reconcile.saveSettings({ ...mine, dateWindowDays: -1 })).rejects.toThrow(/Date window/);

  const reloaded = await world.reopen();
  expect(await reloaded.reconcile.settings()).toEqual(mine);
  const report = await reloaded.reconcile.run();
  expect(report.counts.mismatch).toBe(0);
  expect(matchOf(world, "B2B", keyOf(plan.mismatch)).match).not.toBe("Mismatch");
  expect(matchOf(world, "B2B", keyOf(plan.missingInPr))).toMatchObject({ match: "Missing in PR", suggested: "" });
});

describe("Excel fails while suggestions are written", () => {
  /** Every Action and Remarks cell of the section sheets, by section and key. */
  function entryCells(world: World): Map<string, [unknown, unknown]> {
    const out = new Map<string, [unknown, unknown]>();
    for (const s of SECTIONS) for (const r of sheetRows(world.fake, s)) out.set(`${s}|${String(r.key)}`, [r.action, r.remarks]);
    return out;
  }

  function sameCells(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
    return !!a && !!b && a.length === b.length && a.every((v, i) => v === b[i]);
  }

  async function prepared(): Promise<{ world: World; plan: Plan; before: Map<string, [unknown, unknown]> }> {
    const world = await startWorld();
    await world.app.pull(SECTIONS, null);
    const plan = await pasteRegister(world);
    await world.app.reconcile.confirmMapping({});
    typeCell(world.fake, "B2B", keyOf(plan.typed), "action", "R");
    await world.app.reconcile.run();
    return { world, plan, before: entryCells(world) };
  }

  test("at every sync that writes, a failure after part of the batch: no typed entry changes, and undo brings every cell back", async () => {
    // How many syncs of an apply write, unhindered.
    const dry = await prepared();
    w = dry.world;
    let syncs = 0;
    const stop = dry.world.fake.beforeEachSync((info) => {
      if (info.writes) syncs++;
    });
    const clean = await dry.world.app.reconcile.applySuggestions(["exact", "mismatch", "missing_in_pr"]);
    stop();
    const wanted = entryCells(dry.world);
    await dry.world.close();
    w = null;
    expect(syncs).toBeGreaterThan(0);

    for (let k = 1; k <= syncs; k++) {
      const { world, plan, before } = await prepared();
      w = world;
      world.fake.faults.add({ kind: "GeneralException", nth: k, applied: "half", when: (info) => info.writes });
      let report: Awaited<ReturnType<typeof world.app.reconcile.applySuggestions>> | null = null;
      try {
        report = await world.app.reconcile.applySuggestions(["exact", "mismatch", "missing_in_pr"]);
      } catch {
        report = null;
      }
      const after = entryCells(world);
      const where = `fault at sync ${k} of ${syncs}`;
      expect([where, after.get(`B2B|${keyOf(plan.typed)}`)?.[0]]).toEqual([where, "R"]);
      // Each cell holds what it held or what the clean apply wrote, never anything else.
      const strays = [...after].filter(([id, cells]) => !sameCells(cells, before.get(id)) && !sameCells(cells, wanted.get(id)));
      expect([where, strays]).toEqual([where, []]);
      if (report) expect([where, report.written]).toEqual([where, clean.written]);
      // Undo, as often as it offers, brings back every cell.
      for (let n = 0; n < 3 && (await world.app.reconcile.undoAvailable()); n++) await world.app.reconcile.undoApply();
      expect([where, entryCells(world)]).toEqual([where, before]);
      await world.close();
      w = null;
    }
  }, 240_000);
});

test("reconciling before there is anything to reconcile says what is missing, in the pane's words", async () => {
  w = await startWorld();
  const { app } = w;
  const said = async () => app.explain(await app.reconcile.run().then(() => null, (e: unknown) => e));
  expect(await said()).toMatchObject({ title: "Not ready to reconcile", detail: expect.stringMatching(/pull IMS, or open a portal IMS file/), action: "none" });
  await app.pull(SECTIONS, null);
  expect(await said()).toMatchObject({ title: "Not ready to reconcile", detail: expect.stringMatching(/no "Purchase register" sheet/) });
  await app.reconcile.openRegister();
  expect(await said()).toMatchObject({ title: "Not ready to reconcile", detail: expect.stringMatching(/no rows below its header/) });
});
