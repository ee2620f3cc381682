/**
 * Issue #9, bug 1: a refresh that finds the supplier's changed document under an entry not sent
 * yet keeps the entry but holds it back, says what changed, and counts it in the pull report;
 * Submit sends it only once the user confirms it.
 */
import { MH } from "../api/helpers";
import { jobCount, keyOf, pick, portal, rowByKey, startWorld, typeCell, type World } from "./helpers";

let w: World | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

test("an Accept typed before the supplier changed the amounts is held, explained, and sent only when confirmed", async () => {
  w = await startWorld();
  const { sb, fake, app } = w;
  await app.pull(["B2B"], null);
  const [victim, other] = pick(sb, "B2B", 2, (r) => r.action === "N");
  typeCell(fake, "B2B", keyOf(victim!), "action", "A");
  typeCell(fake, "B2B", keyOf(other!), "action", "A");
  const before = portal(sb).get(keyOf(victim!))!;
  sb.portal.supplierEdit(MH, before, { txval: before.txval + 1000 });

  const pulled = await app.pull(["B2B"], null);
  expect(pulled.sections[0]).toMatchObject({ section: "B2B", awaitingConfirmation: 1, keptEdits: 2 });
  const row = rowByKey(fake, "B2B", keyOf(victim!));
  expect(row).toMatchObject({ action: "A", result: "Conflict" });
  expect(String(row.message)).toMatch(/^The supplier changed this document after you entered your action: taxable value ₹[\d,]+\.\d{2} → ₹[\d,]+\.\d{2}/);

  const review = await app.review();
  expect(review.conflicts.map((c) => c.code)).toEqual(["supplier-changed"]);
  const jobs = jobCount(sb);
  const report = await app.submit();
  expect(report.saved).toBe(1);
  expect(portal(sb).get(keyOf(victim!))!.action).toBe("N");
  expect(portal(sb).get(keyOf(other!))!.action).toBe("A");
  expect(rowByKey(fake, "B2B", keyOf(victim!)).result).toBe("Conflict");

  // A second submit still holds it back; confirming sends it.
  expect((await app.submit()).saved).toBe(0);
  expect(await app.confirmEntries()).toBe(1);
  expect((await app.submit()).saved).toBe(1);
  expect(portal(sb).get(keyOf(victim!))!.action).toBe("A");
  expect(rowByKey(fake, "B2B", keyOf(victim!)).result).toBe("Saved");
  expect(jobCount(sb)).toBe(jobs + 2);
});
