/**
 * Issue 12, the supplier-wise review end to end (pane → add-in server → sandbox over HTTP, into
 * the Excel fake): the Suppliers sheet, and "Action for all": it never overwrites an action the
 * user typed, and undo, even from a reloaded pane, puts every cell back exactly as it was.
 */
import type { ImsApp } from "../../src/app/types";
import type { SectionCode } from "../../src/ims/sections";
import type { SandboxRecord } from "../../src/sandbox/model";
import { sectionLayout } from "../../src/workbook/layout";
import { UNDO_SHEET } from "../../src/workbook";
import { actionOf, cellOf, keyOf, pick, portalRecords, rowByKey, sheetRows, startWorld, typeCell, type World } from "./helpers";
import { readTable } from "./report-helpers";

let w: World | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const SECTIONS: SectionCode[] = ["B2B", "CN"];
const ACTION_FOR_ALL = "Action for all (A/R/P)";

/** Every Action cell of the section sheets, by record key: what undo must bring back exactly. */
function actionCells(world: World): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const s of SECTIONS) {
    if (!world.fake.inspect.sheetNames().includes(s)) continue;
    for (const r of sheetRows(world.fake, s)) out.set(`${s}|${String(r.key)}`, r.action);
  }
  return out;
}

/** A supplier with at least `n` no-action records in B2B. */
function busySupplier(world: World, n: number): string {
  const counts = new Map<string, number>();
  for (const r of portalRecords(world.sb, "B2B")) if (r.action === "N") counts.set(r.stin, (counts.get(r.stin) ?? 0) + 1);
  const found = [...counts].filter(([, c]) => c >= n).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  if (!found) throw new Error(`no supplier with ${n} open B2B records`);
  return found[0];
}

function recordsOf(world: World, stin: string, section: SectionCode = "B2B"): SandboxRecord[] {
  return portalRecords(world.sb, section).filter((r) => r.stin === stin).sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
}

async function chooseForAll(world: World, stin: string, text: string): Promise<void> {
  const view = readTable(world.fake, "Suppliers", "Supplier GSTIN");
  const row = view.rows.find((r) => r["Supplier GSTIN"] === stin);
  if (!row) throw new Error(`${stin} is not on the Suppliers sheet`);
  world.fake.user.typeInto("Suppliers", view.address(row.sheetRow, ACTION_FOR_ALL), text);
}

test("the Suppliers sheet: one row per supplier GSTIN, counts by portal and drafted action, amounts with credit notes deducted, and a marked place for match counts", async () => {
  w = await startWorld();
  const { sb, fake, app } = w;
  await app.pull(SECTIONS, null);
  const [typedA, typedX] = pick(sb, "B2B", 2, (r) => r.action === "N");
  typeCell(fake, "B2B", keyOf(typedA!), "action", "A");
  fake.user.paste("B2B", cellOf(fake, "B2B", keyOf(typedX!), "action"), [["maybe"]]);
  const report = await app.reviewSuppliers();

  const view = readTable(fake, "Suppliers", "Supplier GSTIN");
  const records = [...portalRecords(sb, "B2B"), ...portalRecords(sb, "CN")];
  const gstins = [...new Set(records.map((r) => r.stin))];
  expect(report).toMatchObject({ suppliers: gstins.length, documents: records.length, sheetName: "Suppliers" });
  expect(view.rows.map((r) => r["Supplier GSTIN"]).sort()).toEqual(gstins.sort());
  for (const g of gstins) {
    const mine = records.filter((r) => r.stin === g);
    const row = view.rows.find((r) => r["Supplier GSTIN"] === g)!;
    const n = (a: string) => mine.filter((r) => r.action === a).length;
    expect([row.Documents, row["On portal: no action"], row["On portal: accepted"], row["On portal: rejected"], row["On portal: pending"]]).toEqual([mine.length, n("N"), n("A"), n("R"), n("P")]);
    const sign = (r: SandboxRecord) => (r.section === "CN" ? -1 : 1);
    expect(row["Taxable value (₹)"]).toBeCloseTo(mine.reduce((s, r) => s + sign(r) * r.txval, 0) / 100, 2);
    expect(row["IGST (₹)"]).toBeCloseTo(mine.reduce((s, r) => s + sign(r) * r.iamt, 0) / 100, 2);
    expect(row["Cess (₹)"]).toBeCloseTo(mine.reduce((s, r) => s + sign(r) * r.cess, 0) / 100, 2);
    const drafted = (x: SandboxRecord) => (x === typedA ? "A" : x === typedX ? "?" : x.action);
    expect([row["Drafted: no action"], row["Drafted: accept"], row["Drafted: not an action"]]).toEqual([
      mine.filter((r) => drafted(r) === "N").length,
      mine.filter((r) => drafted(r) === "A").length,
      mine.filter((r) => drafted(r) === "?").length,
    ]);
    expect(row["Supplier name"]).toBe("");
  }
  // The match counts are left for reconciliation: blank, and marked.
  for (const h of ["Match: exact", "Match: suggested", "Match: mismatch", "Match: missing in PR", "Match: missing in IMS", "Match: duplicate in PR"]) {
    expect(view.headers).toContain(h);
    expect(view.rows.every((r) => r[h] === "")).toBe(true);
  }
  expect(fake.inspect.cell("Suppliers", view.address(view.headerRow, "Match: exact")).numberFormat).toBe("@");
});

test("Action for all writes only rows without an action, never one the user typed; undo from a reloaded pane puts every cell back exactly", async () => {
  w = await startWorld();
  const world = w;
  const { sb, fake, app } = world;
  await app.pull(SECTIONS, null);
  const stin = busySupplier(world, 4);
  const open = recordsOf(world, stin).filter((r) => r.action === "N");
  const [typed, lower, cleared] = open;
  // The user typed R on one row, "n" on another (no action, in their own words), and emptied a third.
  typeCell(fake, "B2B", keyOf(typed!), "action", "R");
  typeCell(fake, "B2B", keyOf(lower!), "action", "n");
  fake.user.clearCell("B2B", cellOf(fake, "B2B", keyOf(cleared!), "action"));
  await app.reviewSuppliers();
  const before = actionCells(world);

  await chooseForAll(world, stin, "a");
  const applied = await app.applySupplierActions();
  const eligible = [...recordsOf(world, stin), ...recordsOf(world, stin, "CN")].filter((r) => r.action === "N" && r !== typed);
  expect(applied).toMatchObject({ written: eligible.length, suppliers: [{ gstin: stin, action: "A", rows: eligible.length }], changedMeanwhile: 0, noChoices: false });
  expect(applied.skipped.typed).toBe(1);
  const after = actionCells(world);
  for (const [k, v] of before) {
    const [section, key] = [k.split("|")[0], k.slice(k.indexOf("|") + 1)];
    const row = rowByKey(fake, section as SectionCode, key);
    const isTarget = eligible.some((r) => keyOf(r) === key && r.section === section);
    if (isTarget) expect(after.get(k)).toBe("A");
    else expect(after.get(k)).toBe(v);
    expect(row).toBeDefined();
  }
  expect(rowByKey(fake, "B2B", keyOf(typed!)).action).toBe("R");
  // Nothing was sent: the portal still has no action on those records.
  for (const r of eligible) expect(actionOf(sb, keyOf(r))).toBe("N");
  // The Suppliers sheet shows the drafted actions, and the undo record is in the workbook.
  // ("Drafted" counts what the Action column says: rows accepted on the portal say A too.)
  const acceptedOnPortal = [...recordsOf(world, stin), ...recordsOf(world, stin, "CN")].filter((r) => r.action === "A").length;
  const row = readTable(fake, "Suppliers", "Supplier GSTIN").rows.find((r) => r["Supplier GSTIN"] === stin)!;
  expect(row["Drafted: accept"]).toBe(eligible.length + acceptedOnPortal);
  expect(fake.inspect.sheetNames()).toContain(UNDO_SHEET);

  // The pane is reloaded (a new app, same workbook): the undo is still there.
  const reloaded: ImsApp = await world.reopen();
  expect(await reloaded.supplierUndoAvailable()).toMatchObject({ cells: eligible.length });
  const undone = await reloaded.undoSupplierActions();
  expect(undone).toEqual({ undone: true, restored: eligible.length, changed: 0, sent: 0, gone: 0 });
  expect(actionCells(world)).toEqual(before);
  expect(rowByKey(fake, "B2B", keyOf(lower!)).action).toBe("n");
  expect(rowByKey(fake, "B2B", keyOf(cleared!)).action).toBe("");
  expect(await reloaded.supplierUndoAvailable()).toBeNull();
  expect(readTable(fake, "Suppliers", "Supplier GSTIN").rows.find((r) => r["Supplier GSTIN"] === stin)!["Drafted: accept"]).toBe(acceptedOnPortal);
  // A second undo finds nothing.
  expect((await reloaded.undoSupplierActions()).undone).toBe(false);
});

test("a cell typed while the apply writes is kept; undo leaves cells changed since, and rows already sent", async () => {
  w = await startWorld();
  const world = w;
  const { sb, fake, app } = world;
  await app.pull(["B2B"], null);
  const stin = busySupplier(world, 4);
  const open = recordsOf(world, stin).filter((r) => r.action === "N");
  await app.reviewSuppliers();
  await chooseForAll(world, stin, "R");

  // A colleague types P into one of the supplier's rows just before the batch that writes it.
  const victim = open[1]!;
  const victimCell = cellOf(fake, "B2B", keyOf(victim), "action");
  let typed = false;
  const stop = fake.beforeEachSync((info) => {
    if (!typed && info.sheets.includes(UNDO_SHEET)) {
      typed = true;
      fake.user.typeInto("B2B", victimCell, "P");
    }
  });
  const applied = await app.applySupplierActions();
  stop();
  expect(typed).toBe(true);
  expect(applied.changedMeanwhile).toBe(1);
  expect(applied.written).toBe(open.length - 1);
  expect(rowByKey(fake, "B2B", keyOf(victim)).action).toBe("P");

  // The user sends one written R (and the colleague's P) to the portal, sets the rest back to N,
  // and then changes one of those to A.
  const [changed, sent] = open.filter((r) => r !== victim);
  for (const r of open) if (r !== sent && r !== victim) typeCell(fake, "B2B", keyOf(r), "action", "N");
  const submitted = await app.submit();
  expect(submitted.saved).toBe(2);
  expect(actionOf(sb, keyOf(sent!))).toBe("R");
  expect(actionOf(sb, keyOf(victim))).toBe("P");
  typeCell(fake, "B2B", keyOf(changed!), "action", "A");

  const undone = await app.undoSupplierActions();
  expect(undone.restored).toBe(0);
  expect(undone.sent).toBe(1);
  expect(undone.changed).toBe(open.length - 2);
  expect(rowByKey(fake, "B2B", keyOf(sent!))).toMatchObject({ action: "R", portalAction: "Rejected" });
  expect(rowByKey(fake, "B2B", keyOf(changed!)).action).toBe("A");
  expect(rowByKey(fake, "B2B", keyOf(victim)).action).toBe("P");
});

test("the name, Action for all and match cells are kept by every refresh; an Action for all that is not A, R or P is reported", async () => {
  w = await startWorld();
  const world = w;
  const { fake, app } = world;
  await app.pull(["B2B"], null);
  await app.reviewSuppliers();
  let view = readTable(fake, "Suppliers", "Supplier GSTIN");
  const [first, second] = view.rows;
  fake.user.typeInto("Suppliers", view.address(first!.sheetRow, "Supplier name"), "=Acme Traders");
  fake.user.typeInto("Suppliers", view.address(first!.sheetRow, ACTION_FOR_ALL), "P");
  fake.user.paste("Suppliers", view.address(first!.sheetRow, "Match: exact"), [[7]], { values: true });
  fake.user.typeInto("Suppliers", view.address(first!.sheetRow, "Match: mismatch"), "'=1+1");
  fake.user.paste("Suppliers", view.address(second!.sheetRow, ACTION_FOR_ALL), [["maybe"]]);
  await app.pull(["CN"], null);
  await app.reviewSuppliers();
  view = readTable(fake, "Suppliers", "Supplier GSTIN");
  const again = view.rows.find((r) => r["Supplier GSTIN"] === first!["Supplier GSTIN"])!;
  // Kept as they were; text in a number column stays text (never a formula).
  expect(again).toMatchObject({ "Supplier name": "=Acme Traders", [ACTION_FOR_ALL]: "P", "Match: exact": 7 });
  expect(fake.inspect.cell("Suppliers", view.address(again.sheetRow, "Match: mismatch"))).toMatchObject({ value: "=1+1", formula: null });
  expect(fake.inspect.cell("Suppliers", view.address(again.sheetRow, "Supplier name"))).toMatchObject({ formula: null, numberFormat: "@" });
  // The drop-down is back on the column after the refresh (typing "x" is refused).
  expect(() => fake.user.typeInto("Suppliers", view.address(again.sheetRow, ACTION_FOR_ALL), "x")).toThrow();
  const applied = await app.applySupplierActions();
  expect(applied.problems).toEqual([`${String(second!["Supplier GSTIN"])}: "maybe" is not an action; use A (accept), R (reject), P (keep pending) or N (none)`]);
  expect(sectionLayout("B2B").sheetName).toBe("B2B");
});

test("with no Action for all chosen, apply writes nothing and says so", async () => {
  w = await startWorld();
  await w.app.pull(["B2B"], null);
  await w.app.reviewSuppliers();
  const before = actionCells(w);
  expect(await w.app.applySupplierActions()).toMatchObject({ written: 0, noChoices: true, problems: [] });
  expect(actionCells(w)).toEqual(before);
  expect(await w.app.supplierUndoAvailable()).toBeNull();
});
