/**
 * Issue 12: workbooks made before keep working. A workbook at layout 2 (section sheets, the
 * Summary's counts, the user's own sheets that happen to be called "Sales B2B", "Suppliers" and
 * "Follow-up") is brought to layout 3 when the pane opens, once; the new sheets never take the
 * user's sheets' names, and review and submit go on as before.
 */
import { LAYOUT_VERSION, SETTINGS_KEY } from "../../src/workbook";
import { keyOf, pick, rowByKey, startWorld, typeCell, type World } from "./helpers";

let w: World | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

async function setLayoutVersion(version: number): Promise<void> {
  await Excel.run(async (context) => {
    const setting = context.workbook.settings.getItemOrNullObject(SETTINGS_KEY);
    setting.load("value");
    await context.sync();
    context.workbook.settings.add(SETTINGS_KEY, { ...(setting.value as Record<string, unknown>), layoutVersion: version });
    await context.sync();
  });
}

test("a layout-2 workbook gets the Summary's charts once, keeps every sheet, and its new sheets avoid the user's names", async () => {
  w = await startWorld();
  const { sb, fake, app } = w;
  // What the add-in made before issue 12: section sheets and the Summary's counts.
  await app.loadCounts();
  await app.pull(["B2B", "CN"], null);
  const [r] = pick(sb, "B2B", 1, (x) => x.action === "N");
  typeCell(fake, "B2B", keyOf(r!), "action", "A");
  await setLayoutVersion(2);
  for (const name of ["Sales B2B", "Suppliers", "Follow-up"]) {
    fake.seed.addSheet(name);
    fake.seed.setValues(name, "A1", [["mine"]]);
  }
  const sheetsBefore = Object.fromEntries(["B2B", "CN"].map((s) => [s, fake.inspect.values(s, fake.inspect.usedRange(s) as string)]));
  const countsBefore = fake.inspect.values("Summary", "A5:H20");
  expect(fake.inspect.charts("Summary")).toEqual([]);

  // The pane opens (a new app on the same workbook).
  const pane = await w.reopen();
  const said = await pane.recoverWorkbook();
  expect(said).toMatch(/made by an earlier version of the add-in \(layout 2\); it now has layout 3\. The Summary sheet has charts/);
  expect((fake.inspect.settings()[SETTINGS_KEY] as { layoutVersion: number }).layoutVersion).toBe(LAYOUT_VERSION);
  expect(fake.inspect.charts("Summary").map((c) => c.name)).toEqual(["IMS documents by action", "IMS tax by action"]);
  expect(fake.inspect.values("Summary", "A5:H20")).toEqual(countsBefore);
  for (const s of ["B2B", "CN"]) expect(fake.inspect.values(s, fake.inspect.usedRange(s) as string)).toEqual(sheetsBefore[s]);
  // Once only.
  expect(await pane.recoverWorkbook()).toBeNull();

  // The new sheets take names no sheet has; the user's sheets are left alone.
  const sales = await pane.pullSales("2026-10", "GSTR-1");
  expect(sales.sections[0]!.sheetName).toBe("IMS Sales B2B");
  expect(sales.followUp.sheetName).toBe("IMS Follow-up");
  expect((await pane.reviewSuppliers()).sheetName).toBe("IMS Suppliers");
  for (const name of ["Sales B2B", "Suppliers", "Follow-up"]) {
    expect(fake.inspect.usedRange(name)).toBe("A1");
    expect(fake.inspect.values(name, "A1:A1")).toEqual([["mine"]]);
  }
  // A second pull finds its sheets again by their tables.
  expect((await pane.pullSales("2026-10", "GSTR-1")).sections[0]!.sheetName).toBe("IMS Sales B2B");

  // Review and submit work as before.
  const review = await pane.review();
  expect(review.sections.find((s) => s.section === "B2B")).toMatchObject({ accept: 1, refused: 0 });
  expect(review.refused).toEqual([]);
  expect((await pane.submit()).saved).toBe(1);
  expect(rowByKey(fake, "B2B", keyOf(r!)).result).toBe("Saved");
});

test("a layout-2 workbook without section sheets only moves its version on", async () => {
  w = await startWorld();
  await w.app.loadCounts();
  await setLayoutVersion(2);
  const said = await (await w.reopen()).recoverWorkbook();
  expect(said).toBe("This workbook was made by an earlier version of the add-in (layout 2); it now has layout 3. Your section sheets, entries and statuses are as they were.");
  expect(w.fake.inspect.charts("Summary")).toEqual([]);
  expect((w.fake.inspect.settings()[SETTINGS_KEY] as { layoutVersion: number }).layoutVersion).toBe(3);
});
