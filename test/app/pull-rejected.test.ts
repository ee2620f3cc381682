/**
 * Issue #9, bug 6: one record the portal sends out of the contract (an amount beyond the wire
 * schema's range) is named in the pull report; the rest of the section is pulled, and the row the
 * sheet already had for that record is kept as it was, not marked "Not on portal".
 */
import { keyOf, portal, rowByKey, startWorld, typeCell, type World } from "./helpers";

let w: World | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

test("a record with an amount out of range: named, left out, its row kept; the rest pulled", async () => {
  w = await startWorld();
  const { sb, fake, app, gstin } = w;
  await app.pull(["B2B"], null);
  const stored = [...portal(sb).values()].filter((r) => r.section === "B2B");
  const victim = stored[3]!;
  typeCell(fake, "B2B", keyOf(victim), "action", "R");
  sb.state.commit([{ t: "records", gstin, upsert: [{ ...victim, txval: 10 ** 16 }], remove: [] }]);

  const report = await app.pull(["B2B"], null);
  expect(report.sections[0]).toMatchObject({ section: "B2B", records: stored.length - 1 });
  expect(report.notices).toHaveLength(1);
  expect(report.notices[0]).toContain(victim.docNum);
  expect(report.notices[0]).toContain("Taxable value (₹) is too large");
  const row = rowByKey(fake, "B2B", keyOf(victim));
  expect(row.result).not.toBe("Not on portal");
  expect(row.action).toBe("R");
});
