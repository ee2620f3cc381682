/**
 * Issue #9, the bugs found by using the add-in as a person would, each end to end: the real
 * application against the sandbox over HTTP and the Excel fake.
 */
import { createImsApp } from "../../src/app";
import { sectionLayout } from "../../src/workbook/layout";
import { MH } from "../api/helpers";
import { apiFor, jobCount, keyOf, OTP, pick, portal, portalNow, rowByKey, sheetRows, startWorld, typeCell, type World } from "./helpers";

let w: World | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

// Bug 1: a refresh that finds the supplier's changed document under an entry not sent yet keeps the entry but holds it back, says what changed, and counts it in the pull report; Submit sends it only once the user confirms it.
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

// Bug 3: a workbook of one GSTIN is not reviewed or submitted under another's session.
test("review and submit stop with a plain sentence, and nothing is written or sent", async () => {
  w = await startWorld();
  const { sb, fake, app } = w;
  await app.pull(["B2B"], null);
  const [r] = pick(sb, "B2B", 1, (x) => x.action === "N");
  typeCell(fake, "B2B", keyOf(r!), "action", "A");
  const before = fake.inspect.values("B2B", fake.inspect.usedRange("B2B") as string);

  const other = createImsApp({ apiUrl: await apiFor(sb), storage: null, now: portalNow(sb) });
  await other.connect({ gstin: "29AABCB5678K1Z5", username: "demo.ka", frequency: "monthly" });
  await other.verifyOtp(OTP);
  const jobs = sb.state.jobs.size;
  for (const attempt of [() => other.review(), () => other.submit()]) {
    const explained = await attempt().then(
      () => null,
      (e: unknown) => other.explain(e),
    );
    expect(explained?.title).toBe("This workbook belongs to GSTIN 27AAACI1234F1Z2");
    expect(explained?.detail).toMatch(/^You are signed in as 29AABCB5678K1Z5\. Nothing was read, sent or written\./);
  }
  expect(sb.state.jobs.size).toBe(jobs);
  expect(fake.inspect.values("B2B", fake.inspect.usedRange("B2B") as string)).toEqual(before);
  expect(rowByKey(fake, "B2B", keyOf(r!)).action).toBe("A");
});

// Bug 5: a row without a key (pasted from another sheet) gets its refusal on its own row, and no other row is touched.
test("a pasted row without a record key: refused on its row, nothing sent for it, the record it copies untouched", async () => {
  w = await startWorld();
  const { sb, fake, app } = w;
  await app.pull(["B2B"], null);
  const layout = sectionLayout("B2B");
  const [source] = pick(sb, "B2B", 1, (r) => r.action === "N");
  const from = rowByKey(fake, "B2B", keyOf(source!));
  const width = layout.columns.length;
  const used = fake.inspect.usedRange("B2B") as string;
  const lastRow = Number(/(\d+)$/.exec(used)![1]);
  const copied = fake.inspect.values("B2B", `A${from.sheetRow}:${String.fromCharCode(64 + 26)}${from.sheetRow}`)[0]!;
  // The row as copied from another workbook: the visible cells, no hidden ones, an action typed.
  const pasted = Array.from({ length: width }, (_, i) => (layout.columns[i]!.group === "hidden" || layout.columns[i]!.group === "status" ? "" : (copied[i] ?? "")));
  pasted[layout.index.action as number] = "A";
  fake.user.paste("B2B", `A${lastRow + 1}`, [pasted.map((v) => (typeof v === "number" || typeof v === "boolean" ? v : String(v)))], { values: true });

  const report = await app.submit();
  expect(report.saved).toBe(0);
  expect([...new Set(report.refused.map((r) => r.sheetRow))]).toEqual([lastRow + 1]);
  const rows = sheetRows(fake, "B2B");
  const pastedRow = rows.find((r) => r.sheetRow === lastRow + 1)!;
  expect(pastedRow.result).toBe("Refused");
  // The record's own row says nothing about it.
  expect(rowByKey(fake, "B2B", keyOf(source!)).result).toBe("");
  expect(rows.filter((r) => r.result === "Refused").map((r) => r.sheetRow)).toEqual([lastRow + 1]);
});

// Bug 7: an edited amount is refused naming its column, "Taxable value (₹)".
test("a taxable value typed over: the refusal names the column, on the row and in the report; nothing is sent", async () => {
  w = await startWorld();
  const { sb, fake, app } = w;
  await app.pull(["B2B"], null);
  const [r] = pick(sb, "B2B", 1, (x) => x.action === "N");
  typeCell(fake, "B2B", keyOf(r!), "action", "A");
  typeCell(fake, "B2B", keyOf(r!), "taxableValue", "1");
  const jobs = sb.state.jobs.size;
  const report = await app.submit();
  expect(report.saved).toBe(0);
  expect(report.refused).toEqual([expect.objectContaining({ code: "record-edited", field: "Taxable value (₹)" })]);
  expect(report.refused[0]!.message).toMatch(/column "Taxable value \(₹\)" was changed since the pull/);
  expect(rowByKey(fake, "B2B", keyOf(r!))).toMatchObject({ result: "Refused" });
  expect(sb.state.jobs.size).toBe(jobs);
});

// Bug 6: one record the portal sends out of the contract (an amount beyond the wire schema's range) is named in the pull report; the rest of the section is pulled, and the row the sheet already had for that record is kept as it was, not marked "Not on portal".
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
