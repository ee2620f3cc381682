/**
 * Issue #5 end to end: the real application (createImsApp) against the sandbox over HTTP and the
 * Excel fake. A person edits the sheets; review and submit run; then the sandbox's stored
 * records, its audit, every row's Result / Reference ID / Message and the log sheet must agree,
 * and no user edit may be lost.
 */
import { actionWord } from "../../src/ims/action-text";
import { recomputablePeriods } from "../../src/ims/gstr2b-calendar";
import { rupeesText } from "../../src/ims/portal-rules";
import type { SectionCode } from "../../src/ims/sections";
import type { SandboxRecord } from "../../src/sandbox/model";
import { sectionLayout } from "../../src/workbook/layout";
import { signedInClient } from "../api/helpers";
import {
  auditOf,
  cellOf,
  changesByKey,
  jobCount,
  keyOf,
  logRows,
  MH,
  pick,
  portal,
  rowByKey,
  sheetRows,
  sim,
  startWorld,
  typeCell,
  wireTap,
  type World,
} from "./helpers";

let w: World | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

interface Intent {
  section: SectionCode;
  action: "A" | "R" | "P" | "N";
  remarks?: string;
  /** Declared reduction as the portal stores it, paise. */
  itc?: { required: "Y" | "N"; igst: number; cgst: number; sgst: number; cess: number };
}

/** The sandbox holds exactly the intended action, remarks and declaration. */
function expectPortalHolds(stored: Map<string, SandboxRecord>, intents: ReadonlyMap<string, Intent>): void {
  for (const [key, want] of intents) {
    const r = stored.get(key);
    expect({ key, action: r?.action, remarks: r?.remarks ?? "" }).toEqual({ key, action: want.action, remarks: want.remarks ?? "" });
    if (want.itc) expect({ itcRedReq: r?.itcRedReq, igst: r?.declIgst, cgst: r?.declCgst, sgst: r?.declSgst, cess: r?.declCess }).toEqual({ itcRedReq: want.itc.required, ...want.itc, required: undefined });
    else expect(r?.itcRedReq).toBeUndefined();
  }
}

/** Records nobody asked to change are exactly as they were. */
function expectOthersUntouched(before: Map<string, SandboxRecord>, after: Map<string, SandboxRecord>, touched: Iterable<string>): void {
  const skip = new Set(touched);
  for (const [key, r] of before) if (!skip.has(key)) expect(after.get(key)).toEqual(r);
}

function rupees(paise: number): string {
  return (paise / 100).toFixed(2);
}

describe("submit, end to end", () => {
  test("mixed edits across four sections: saves and resets land exactly once; rows, log and audit agree; a second submit sends nothing; GSTR-2B is recomputed", async () => {
    w = await startWorld();
    const { sb, fake, app } = w;
    await app.pull(["B2B", "CN", "ECOM", "DN"], null);
    const before = portal(sb);
    const used = new Set<string>();
    const [accept1, accept2] = pick(sb, "B2B", 2, (r) => r.action === "N", used);
    const [reject] = pick(sb, "B2B", 1, (r) => r.action === "N" && !r.remarksBlocked, used);
    const [pending] = pick(sb, "B2B", 1, (r) => r.action === "N" && !r.pendingBlocked, used);
    const [toReset] = pick(sb, "B2B", 1, (r) => r.action === "A", used);
    const [remarksOnly] = pick(sb, "B2B", 1, (r) => r.action === "R" && !!r.remarks && !r.remarksBlocked, used);
    const [declare] = pick(sb, "CN", 1, (r) => r.action === "N" && r.specified && !r.itcReductionBlocked && r.camt > 0, used);
    const [cnReset] = pick(sb, "CN", 1, (r) => r.action === "A", used);
    const [ecomReject] = pick(sb, "ECOM", 1, (r) => r.action === "N" && !r.remarksBlocked, used);
    const [ecomPending] = pick(sb, "ECOM", 1, (r) => r.action === "A" && !r.pendingBlocked, used);
    const [dnAccept] = pick(sb, "DN", 1, (r) => r.action === "N", used);

    typeCell(fake, "B2B", keyOf(accept1!), "action", "A");
    // Pasted text is read the way people write it; the paste also drops the drop-down, which the read puts back.
    fake.user.paste("B2B", cellOf(fake, "B2B", keyOf(accept2!), "action"), [["Accept"]]);
    typeCell(fake, "B2B", keyOf(reject!), "action", "R");
    typeCell(fake, "B2B", keyOf(reject!), "remarks", "Goods not received at Chakan");
    typeCell(fake, "B2B", keyOf(pending!), "action", "P");
    typeCell(fake, "B2B", keyOf(toReset!), "action", "N");
    typeCell(fake, "B2B", keyOf(remarksOnly!), "remarks", "Rate differs; debit note awaited");
    typeCell(fake, "CN", keyOf(declare!), "action", "A");
    typeCell(fake, "CN", keyOf(declare!), "itcRequired", "Y");
    const half = Math.floor(declare!.camt / 2);
    typeCell(fake, "CN", keyOf(declare!), "itcCgst", rupees(half));
    typeCell(fake, "CN", keyOf(declare!), "itcSgst", rupees(half));
    typeCell(fake, "CN", keyOf(cnReset!), "action", "N");
    typeCell(fake, "ECOM", keyOf(ecomReject!), "action", "R");
    typeCell(fake, "ECOM", keyOf(ecomPending!), "action", "P");
    typeCell(fake, "DN", keyOf(dnAccept!), "action", "A");

    const intents = new Map<string, Intent>([
      [keyOf(accept1!), { section: "B2B", action: "A" }],
      [keyOf(accept2!), { section: "B2B", action: "A" }],
      [keyOf(reject!), { section: "B2B", action: "R", remarks: "Goods not received at Chakan" }],
      [keyOf(pending!), { section: "B2B", action: "P" }],
      [keyOf(toReset!), { section: "B2B", action: "N" }],
      [keyOf(remarksOnly!), { section: "B2B", action: "R", remarks: "Rate differs; debit note awaited" }],
      [keyOf(declare!), { section: "CN", action: "A", itc: { required: "Y", igst: 0, cgst: half, sgst: half, cess: 0 } }],
      [keyOf(cnReset!), { section: "CN", action: "N" }],
      [keyOf(ecomReject!), { section: "ECOM", action: "R" }],
      [keyOf(ecomPending!), { section: "ECOM", action: "P" }],
      [keyOf(dnAccept!), { section: "DN", action: "A" }],
    ]);

    // The plan, per section, before anything is sent.
    const review = await app.review();
    expect(review.sections).toEqual([
      { section: "B2B", accept: 2, reject: 2, pending: 1, reset: 1, refused: 0, conflicts: 0 },
      { section: "CN", accept: 1, reject: 0, pending: 0, reset: 1, refused: 0, conflicts: 0 },
      { section: "DN", accept: 1, reject: 0, pending: 0, reset: 0, refused: 0, conflicts: 0 },
      { section: "ECOM", accept: 0, reject: 1, pending: 1, reset: 0, refused: 0, conflicts: 0 },
    ]);
    expect(review).toMatchObject({ refused: [], conflicts: [], awaiting: 0, empty: false });
    expect(review.itcAtStake.accept.records).toBe(4);
    expect(jobCount(sb)).toBe(0);

    const seenBatches: string[] = [];
    const report = await app.submit({ onBatch: (b) => seenBatches.push(b.map((x) => x.state).join(",")) });
    expect(report).toMatchObject({ saved: 9, reset: 2, failed: [], conflicts: [], refused: [], cancelled: false });
    expect(report.batches.map((b) => [b.section, b.kind, b.records, b.state])).toEqual([
      ["B2B", "save", 5, "done"],
      ["B2B", "reset", 1, "done"],
      ["CN", "save", 1, "done"],
      ["CN", "reset", 1, "done"],
      ["DN", "save", 1, "done"],
      ["ECOM", "save", 2, "done"],
    ]);
    expect(seenBatches[0]).toBe("sending,sending,sending,sending,sending,sending");
    const refs = report.batches.map((b) => b.referenceId);
    expect(new Set(refs).size).toBe(6);

    // The portal holds exactly the intents; nothing else moved; each action change happened once.
    const after = portal(sb);
    expectPortalHolds(after, intents);
    expectOthersUntouched(before, after, intents.keys());
    const audit = changesByKey(await auditOf(sb));
    const changed = [...intents].filter(([key, i]) => before.get(key)?.action !== i.action).map(([key]) => key);
    expect([...audit.keys()].sort()).toEqual(changed.sort());
    for (const [key, entries] of audit) {
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ from: before.get(key)?.action, to: intents.get(key)?.action });
      const row = rowByKey(fake, intents.get(key)!.section, key);
      expect(entries[0]!.by).toBe(row.referenceId);
    }

    // Every row says what happened, with its reference ID; the portal's action is now its pulled state.
    for (const [key, want] of intents) {
      const row = rowByKey(fake, want.section, key);
      const batch = report.batches.find((b) => b.section === want.section && b.kind === (want.action === "N" ? "reset" : "save"))!;
      expect(row).toMatchObject({
        result: want.action === "N" ? "Reset" : "Saved",
        referenceId: batch.referenceId,
        message: `Accepted by the portal (reference ${batch.referenceId}).`,
        portalAction: actionWord(want.action),
        action: want.action,
        remarks: want.remarks ?? "",
      });
      expect(typeof row.updatedAt).toBe("number");
    }
    expect(rowByKey(fake, "CN", keyOf(declare!))).toMatchObject({ itcRequired: "Y", itcCgst: half / 100, itcSgst: half / 100, itcIgst: 0, itcCess: 0 });
    // Untouched rows keep an empty status.
    const untouched = sheetRows(fake, "B2B").filter((r) => !intents.has(String(r.key)));
    expect(untouched.every((r) => r.result === "" && r.referenceId === "")).toBe(true);

    // The log: one "submitted" line per request, then its outcome with counts.
    const log = logRows(fake);
    expect(log).toHaveLength(12);
    for (const b of report.batches) {
      const lines = log.filter((l) => l.referenceId === b.referenceId);
      expect(lines.map((l) => [l.gstin, l.section, l.kind, l.records, l.outcome, l.processed, l.errors])).toEqual([
        [MH, b.section, b.kind, b.records, "submitted", 0, 0],
        [MH, b.section, b.kind, b.records, "P", b.records, 0],
      ]);
      expect(typeof lines[0]!.at).toBe("number");
    }

    // A second submit sends nothing, and neither does one after a fresh pull.
    const jobs = jobCount(sb);
    expect((await app.review()).empty).toBe(true);
    expect(await app.submit()).toMatchObject({ batches: [], saved: 0, reset: 0, failed: [], refused: [], conflicts: [] });
    await app.pull(["B2B", "CN", "ECOM", "DN"], null);
    expect(await app.submit()).toMatchObject({ batches: [], saved: 0, reset: 0 });
    expect(jobCount(sb)).toBe(jobs);
    for (const [key, want] of intents) expect(rowByKey(fake, want.section, key)).toMatchObject({ portalAction: actionWord(want.action), action: want.action, remarks: want.remarks ?? "" });

    // GSTR-2B of the period the actions touched is offered, recomputed on request, and then no longer offered.
    expect(recomputablePeriods(await app.gstr2bCalendar())).toContain("2026-10");
    const g = await app.regenerateGstr2b("2026-10");
    expect(g).toMatchObject({ period: "2026-10", state: "P" });
    expect(recomputablePeriods(await app.gstr2bCalendar())).not.toContain("2026-10");
  });

  test("refused rows: each is explained on its row and in the review, nothing is sent for them, and the user's entry stays", async () => {
    w = await startWorld();
    const { sb, fake, app } = w;
    const used = new Set<string>();
    const [blocked] = pick(sb, "B2B", 1, (r) => r.action === "N" && !r.remarksBlocked, used);
    sb.state.commit([{ t: "records", gstin: MH, upsert: [{ ...blocked!, pendingBlocked: true }], remove: [] }]);
    await app.pull(["B2B", "B2BA", "CN"], null);
    const before = portal(sb);
    const [long] = pick(sb, "B2B", 1, (r) => r.action === "N" && !r.remarksBlocked, used);
    const [noRemarks] = pick(sb, "B2B", 1, (r) => r.action === "N" && r.remarksBlocked, used);
    const [handEdited] = pick(sb, "B2B", 1, (r) => r.action === "N", used);
    const [valid] = pick(sb, "B2B", 1, (r) => r.action === "N", used);
    const [notSpecified] = pick(sb, "B2BA", 1, (r) => r.action === "N" && !r.specified, used);
    const [unequal] = pick(sb, "CN", 1, (r) => r.action === "N" && r.camt > 0 && !r.itcReductionBlocked, used);
    const [declareOnReject] = pick(sb, "CN", 1, (r) => r.action === "N" && !r.itcReductionBlocked, used);
    const [pastWindow] = pick(sb, "CN", 1, (r) => r.action === "N" && r.returnPeriod === "2026-10", used);

    // A declaration on a B2B invoice cannot even be typed: the B2B sheet has no ITC-reduction columns.
    expect(sectionLayout("B2B").columns.map((c) => c.header)).not.toContain("Reduce ITC? (Y/N)");

    typeCell(fake, "B2B", keyOf(blocked!), "action", "P");
    typeCell(fake, "B2B", keyOf(long!), "action", "R");
    typeCell(fake, "B2B", keyOf(long!), "remarks", "x".repeat(251));
    typeCell(fake, "B2B", keyOf(noRemarks!), "action", "R");
    typeCell(fake, "B2B", keyOf(noRemarks!), "remarks", "Not ours");
    typeCell(fake, "B2B", keyOf(handEdited!), "action", "A");
    typeCell(fake, "B2B", keyOf(handEdited!), "taxableValue", "12345");
    typeCell(fake, "B2B", keyOf(valid!), "action", "A");
    typeCell(fake, "B2BA", keyOf(notSpecified!), "action", "A");
    typeCell(fake, "B2BA", keyOf(notSpecified!), "itcRequired", "Y");
    typeCell(fake, "CN", keyOf(unequal!), "action", "A");
    typeCell(fake, "CN", keyOf(unequal!), "itcRequired", "Y");
    typeCell(fake, "CN", keyOf(unequal!), "itcCgst", rupees(100));
    typeCell(fake, "CN", keyOf(unequal!), "itcSgst", rupees(50));
    typeCell(fake, "CN", keyOf(declareOnReject!), "action", "R");
    typeCell(fake, "CN", keyOf(declareOnReject!), "itcRequired", "Y");
    typeCell(fake, "CN", keyOf(pastWindow!), "action", "P");
    // The portal's calendar moves past the CN's one-period pending window (GSTR-3B of 2026-11 is due on 20-12-2026).
    expect((await sim(sb.url, "POST", "/clock", { setDate: "2026-12-21" })).status).toBe(200);

    const expected: [string, SectionCode, string, RegExp][] = [
      [keyOf(blocked!), "B2B", "pending-blocked", /^The portal does not allow Pending on invoice .+ of .+\. Accept or Reject it\.$/],
      [keyOf(long!), "B2B", "remarks-too-long", /^Remarks are 251 characters; the portal takes at most 250\.$/],
      [keyOf(noRemarks!), "B2B", "remarks-blocked", /^The portal does not accept remarks on invoice .+\. Clear the remarks\.$/],
      // Review (offline) can only say a portal column changed; Submit re-reads the portal and names it.
      [keyOf(handEdited!), "B2B", "record-edited", /^Row \d+: (one or more of the portal's columns \(from "Supplier GSTIN" to "Action on portal"\) were|column "Taxable value \(₹\)" was) changed since the pull; the portal's values come back on the next pull, and this row cannot be submitted until then\.$/],
      [keyOf(notSpecified!), "B2BA", "itc-declaration-not-allowed", /^An ITC-reduction declaration can be made only on credit notes and the amendments the portal allows it on\. Clear the ITC-reduction columns\.$/],
      [keyOf(unequal!), "CN", "itc-cgst-sgst-differ", /^The CGST \(₹1\.00\) and SGST \(₹0\.50\) to reduce must be equal\.$/],
      [keyOf(declareOnReject!), "CN", "itc-declaration-not-allowed", /^An ITC-reduction declaration can be made only when accepting\./],
      [keyOf(pastWindow!), "CN", "pending-window-passed", /could be kept Pending only until 20-12-2026 \(one tax period\)\. Accept or Reject it\.$/],
    ];

    const review = await app.review();
    expect(review.refused).toHaveLength(expected.length);
    for (const [key, section, code, message] of expected) {
      const row = rowByKey(fake, section, key);
      const found = review.refused.find((r) => r.section === section && r.sheetRow === row.sheetRow);
      expect(found).toMatchObject({ code, docNumber: row.docNumber, supplierGstin: row.supplierGstin });
      expect(found!.message).toMatch(message);
    }
    expect(review.sections.find((s) => s.section === "B2B")).toMatchObject({ accept: 1, refused: 4 });

    const report = await app.submit();
    expect(report.saved).toBe(1);
    expect(report.refused.map((r) => r.code).sort()).toEqual(expected.map((e) => e[2]).sort());
    for (const [key, section, , message] of expected) {
      const row = rowByKey(fake, section, key);
      expect(row.result).toBe("Refused");
      expect(row.referenceId).toBe("");
      expect(String(row.message)).toMatch(message);
    }
    // Nothing was sent for them: the portal holds what it held, and only the valid row was saved.
    const after = portal(sb);
    expectOthersUntouched(before, after, [keyOf(valid!)]);
    expect(after.get(keyOf(valid!))?.action).toBe("A");
    expect([...changesByKey(await auditOf(sb)).keys()]).toEqual([keyOf(valid!)]);
    // The entries stay as typed.
    expect(rowByKey(fake, "B2B", keyOf(long!))).toMatchObject({ action: "R", remarks: "x".repeat(251) });
    expect(rowByKey(fake, "B2B", keyOf(blocked!)).action).toBe("P");
    expect(rowByKey(fake, "B2B", keyOf(handEdited!))).toMatchObject({ action: "A", taxableValue: 12345 });
    expect(rowByKey(fake, "CN", keyOf(unequal!))).toMatchObject({ action: "A", itcRequired: "Y", itcCgst: 1, itcSgst: 0.5 });

    // Fixing one row sends it; the others stay refused.
    typeCell(fake, "B2B", keyOf(long!), "remarks", "x".repeat(250));
    const again = await app.submit();
    expect(again.saved).toBe(1);
    expect(again.refused).toHaveLength(expected.length - 1);
    expect(rowByKey(fake, "B2B", keyOf(long!))).toMatchObject({ result: "Saved", remarks: "x".repeat(250) });
    expect(portal(sb).get(keyOf(long!))).toMatchObject({ action: "R", remarks: "x".repeat(250) });
    expect(rowByKey(fake, "B2B", keyOf(blocked!)).result).toBe("Refused");
  });

  test("conflicts: a supplier edit and a colleague's action after the pull are not sent; the rows say what the portal holds; a refresh keeps the intent and the next submit sends it", async () => {
    w = await startWorld();
    const { sb, fake, app } = w;
    await app.pull(["B2B"], null);
    const used = new Set<string>();
    const [edited, acted, fine] = pick(sb, "B2B", 3, (r) => r.action === "N", used);
    for (const r of [edited!, acted!, fine!]) typeCell(fake, "B2B", keyOf(r), "action", "A");

    // Between pull and submit: the supplier edits one record; a colleague rejects another on the portal.
    const hook = await sim(sb.url, "POST", "/supplier/edit", { gstin: MH, section: "B2B", stin: edited!.stin, docNum: edited!.docNum, returnPeriod: edited!.returnPeriod });
    expect(hook.status).toBe(200);
    const supplierVersion = hook.body.record as SandboxRecord;
    const colleague = await signedInClient(sb.url, MH);
    const theirs = (await colleague.getInvoices("B2B")).find((r) => r.docNumber === acted!.docNum && r.supplierGstin === acted!.stin)!;
    const receipt = await colleague.save([{ record: theirs, intent: { action: "R", remarks: "Colleague: not ours" } }]);
    expect((await colleague.waitForRequest(receipt.referenceId)).state).toBe("P");
    const jobs = jobCount(sb);

    const report = await app.submit();
    expect(report.saved).toBe(1);
    expect(report.conflicts.map((c) => `${c.docNumber} ${c.code}`).sort()).toEqual([`${edited!.docNum} version-changed`, `${acted!.docNum} action-changed`].sort());
    // One request went out, for the one row without a conflict.
    expect(jobCount(sb)).toBe(jobs + 1);
    const e = rowByKey(fake, "B2B", keyOf(edited!));
    expect(e).toMatchObject({ result: "Conflict", referenceId: "", action: "A" });
    expect(e.message).toBe(
      `The supplier changed this record after your pull: the portal now shows value ₹${rupeesText(supplierVersion.val)} (taxable ₹${rupeesText(supplierVersion.txval)}) and No action. Nothing was sent; refresh the sheet and your entry will be kept.`,
    );
    const a = rowByKey(fake, "B2B", keyOf(acted!));
    expect(a).toMatchObject({ result: "Conflict", action: "A" });
    expect(a.message).toBe('Someone changed this record on the portal after your pull: it now holds Rejected with remarks "Colleague: not ours" (you pulled No action). Nothing was sent; refresh the sheet and your entry will be kept.');
    expect(portal(sb).get(keyOf(edited!))).toMatchObject({ action: "N", version: 2 });
    expect(portal(sb).get(keyOf(acted!))).toMatchObject({ action: "R", remarks: "Colleague: not ours" });
    expect(rowByKey(fake, "B2B", keyOf(fine!)).result).toBe("Saved");

    // A refresh brings both rows up to date and keeps the user's A. The A typed for the
    // supplier's old figures is held until the user confirms it (issue 9, bug 1).
    await app.pull(["B2B"], null);
    const e2 = rowByKey(fake, "B2B", keyOf(edited!));
    expect(e2).toMatchObject({ action: "A", portalAction: "No action", value: supplierVersion.val / 100, result: "Conflict" });
    expect(e2.message).toMatch(/^The supplier changed this document after you entered your action: document value ₹[\d,.]+ → ₹[\d,.]+; taxable value/);
    expect(rowByKey(fake, "B2B", keyOf(acted!))).toMatchObject({ action: "A", portalAction: "Rejected", result: "" });
    expect((await app.review()).sections[0]).toMatchObject({ accept: 1, conflicts: 1 });
    expect(await app.confirmEntries()).toBe(1);
    const review = await app.review();
    expect(review.sections[0]).toMatchObject({ accept: 2, conflicts: 0 });

    const second = await app.submit();
    expect(second).toMatchObject({ saved: 2, conflicts: [], failed: [] });
    expect(portal(sb).get(keyOf(edited!))).toMatchObject({ action: "A", version: 2 });
    expect(portal(sb).get(keyOf(acted!))).toMatchObject({ action: "A" });
    expect(rowByKey(fake, "B2B", keyOf(acted!))).toMatchObject({ result: "Saved", remarks: "" });
  });

  test("partial failure (PE): a record the supplier edits while the request is being processed fails with IMSSAV0010; the rest is saved; the failed row keeps its edit", async () => {
    w = await startWorld({ sandbox: { jobDelayMs: 400 } });
    const { sb, fake, app } = w;
    await app.pull(["B2B"], null);
    const targets = pick(sb, "B2B", 4, (r) => r.action === "N");
    for (const r of targets) typeCell(fake, "B2B", keyOf(r), "action", "A");
    const victim = targets[2]!;
    let sawSubmitted = false;
    const report = await app.submit({
      onBatch: (batches) => {
        if (sawSubmitted || batches[0]?.state !== "waiting") return;
        sawSubmitted = true;
        // Before any polling, every row of the batch says "Submitted" with the reference ID.
        for (const r of targets) expect(rowByKey(fake, "B2B", keyOf(r))).toMatchObject({ result: "Submitted", referenceId: batches[0]!.referenceId });
        // The supplier edits one record while the portal still has the request in progress.
        sb.portal.supplierEdit(MH, portal(sb).get(keyOf(victim))!, {});
      },
    });
    expect(sawSubmitted).toBe(true);
    const ref = report.batches[0]!.referenceId;
    expect(report.batches[0]).toMatchObject({ state: "partly-failed", records: 4 });
    expect(report.saved).toBe(3);
    expect(report.failed).toEqual([expect.objectContaining({ docNumber: victim.docNum, code: "IMSSAV0010" })]);
    const failed = rowByKey(fake, "B2B", keyOf(victim));
    expect(failed).toMatchObject({ result: "Failed", referenceId: ref, action: "A", portalAction: "No action" });
    expect(failed.message).toMatch(/^IMSSAV0010: Either previous action is incorrect\/ invoice might have edited by supplier\. The record changed on the portal since your pull; refresh the sheet \(your entry is kept\) and submit again\.$/);
    for (const r of targets.filter((t) => t !== victim)) expect(rowByKey(fake, "B2B", keyOf(r))).toMatchObject({ result: "Saved", referenceId: ref, portalAction: "Accepted" });
    const stored = portal(sb);
    expect(targets.map((r) => stored.get(keyOf(r))?.action)).toEqual(["A", "A", "N", "A"]);
    expect(logRows(fake).find((l) => l.referenceId === ref && l.outcome === "PE")).toMatchObject({ records: 4, processed: 4, errors: 1 });

    // Refresh, confirm the entry for the supplier's new figures, and submit again: it goes through.
    await app.pull(["B2B"], null);
    expect(rowByKey(fake, "B2B", keyOf(victim))).toMatchObject({ action: "A", result: "Conflict" });
    expect(await app.confirmEntries()).toBe(1);
    const again = await app.submit();
    expect(again).toMatchObject({ saved: 1, failed: [] });
    expect(portal(sb).get(keyOf(victim))?.action).toBe("A");
    expect(changesByKey(await auditOf(sb)).get(keyOf(victim))).toHaveLength(1);
  });

  test("whole failure (ER): a request that fails the portal's schema fails every row of it, keeps every edit, and the next submit sends them", async () => {
    // The add-in never builds a body that fails the schema (it echoes the pulled record exactly),
    // so the test corrupts the first save on the wire: its first record's place of supply.
    let corrupt = true;
    const tap = wireTap((req) => {
      if (!corrupt || !req.path.endsWith("/invoices/status/save")) return;
      corrupt = false;
      const body = JSON.parse(req.body);
      body.invdata.b2b[0].pos = "99";
      return JSON.stringify(body);
    });
    w = await startWorld({ fetch: tap.fetch });
    const { sb, fake, app } = w;
    await app.pull(["B2B", "ECOM"], null);
    const b2b = pick(sb, "B2B", 3, (r) => r.action === "N");
    const [ecom] = pick(sb, "ECOM", 1, (r) => r.action === "N");
    for (const r of b2b) typeCell(fake, "B2B", keyOf(r), "action", "R");
    typeCell(fake, "ECOM", keyOf(ecom!), "action", "A");
    const before = portal(sb);

    const report = await app.submit();
    expect(report.batches.map((b) => [b.section, b.state])).toEqual([
      ["B2B", "failed"],
      ["ECOM", "done"],
    ]);
    expect(report.failed.map((f) => f.code)).toEqual(["IMSSAV005", "IMSSAV005", "IMSSAV005"]);
    for (const r of b2b) {
      const row = rowByKey(fake, "B2B", keyOf(r));
      expect(row).toMatchObject({ result: "Failed", referenceId: report.batches[0]!.referenceId, action: "R", portalAction: "No action" });
      expect(row.message).toBe("IMSSAV005: Schema validation failure. Your entry is kept.");
      expect(portal(sb).get(keyOf(r))).toEqual(before.get(keyOf(r)));
    }
    expect(rowByKey(fake, "ECOM", keyOf(ecom!)).result).toBe("Saved");
    expect(logRows(fake).find((l) => l.outcome === "ER")).toMatchObject({ section: "B2B", records: 3, errors: 3 });

    const again = await app.submit();
    expect(again).toMatchObject({ saved: 3, failed: [] });
    for (const r of b2b) expect(portal(sb).get(keyOf(r))?.action).toBe("R");
    expect(tap.submits()).toHaveLength(3);
  });

  test("dropped responses: saves and resets applied but unanswered are settled by re-reading the portal, each applied exactly once", async () => {
    w = await startWorld();
    const { sb, fake, app } = w;
    await app.pull(["B2B", "ECOM"], null);
    const used = new Set<string>();
    const saves = pick(sb, "B2B", 3, (r) => r.action === "N", used);
    const [reset] = pick(sb, "B2B", 1, (r) => r.action === "R", used);
    const [ecom] = pick(sb, "ECOM", 1, (r) => r.action === "N", used);
    for (const r of saves) typeCell(fake, "B2B", keyOf(r), "action", "A");
    typeCell(fake, "B2B", keyOf(reset!), "action", "N");
    typeCell(fake, "ECOM", keyOf(ecom!), "action", "A");
    expect((await sim(sb.url, "POST", "/faults", { dropResponses: 2 })).status).toBe(200);

    const jobs = jobCount(sb);
    const report = await app.submit();
    expect(report).toMatchObject({ saved: 4, reset: 1, failed: [], conflicts: [] });
    expect(report.batches.map((b) => [b.section, b.kind, b.state])).toEqual([
      ["B2B", "save", "done"],
      ["B2B", "reset", "done"],
      ["ECOM", "save", "done"],
    ]);
    expect(sb.faults.settings.dropResponses).toBe(0);
    // Three requests in all: the lost ones were not sent again.
    expect(jobCount(sb)).toBe(jobs + 3);
    for (const r of saves) {
      expect(rowByKey(fake, "B2B", keyOf(r))).toMatchObject({ result: "Saved", portalAction: "Accepted", message: "Applied (confirmed by re-reading the portal after its answer was lost)." });
    }
    expect(rowByKey(fake, "B2B", keyOf(reset!))).toMatchObject({ result: "Reset", portalAction: "No action", action: "N", remarks: "" });
    expect(rowByKey(fake, "ECOM", keyOf(ecom!))).toMatchObject({ result: "Saved", referenceId: report.batches[2]!.referenceId });
    const audit = changesByKey(await auditOf(sb));
    for (const r of [...saves, reset!, ecom!]) expect(audit.get(keyOf(r))).toHaveLength(1);
    expect(logRows(fake).filter((l) => l.kind === "check").map((l) => l.outcome)).toEqual(["answer lost: 3 applied, 0 to resend, 0 changed", "answer lost: 1 applied, 0 to resend, 0 changed"]);
    expect(await app.submit()).toMatchObject({ batches: [], saved: 0 });
    expect(jobCount(sb)).toBe(jobs + 3);
  });

  test("5xx from the gateway: unanswered saves are checked, resent only when not applied, and repeated submits converge with each change applied once", async () => {
    // 30% of requests answer 503 before the portal handles them; the first save always does.
    let first = true;
    let world: World | null = null;
    const tap = wireTap(
      (req) => {
        if (first && req.path.endsWith("/invoices/status/save")) world!.sb.faults.update({ errorRate: 1 });
      },
      (req) => {
        if (!first || !req.path.endsWith("/invoices/status/save")) return;
        first = false;
        world!.sb.faults.update({ errorRate: 0.3 });
      },
    );
    w = world = await startWorld({ batchLimits: { maxRecords: 3, maxBytes: 1_500_000 }, fetch: tap.fetch });
    const { sb, fake, app } = w;
    await app.pull(["B2B"], null);
    const used = new Set<string>();
    const saves = pick(sb, "B2B", 10, (r) => r.action === "N", used);
    const resets = pick(sb, "B2B", 2, (r) => r.action === "A", used);
    for (const r of saves) typeCell(fake, "B2B", keyOf(r), "action", "R");
    for (const r of resets) typeCell(fake, "B2B", keyOf(r), "action", "N");
    expect((await sim(sb.url, "POST", "/faults", { errorRate: 0.3, errorStatus: 503 })).status).toBe(200);
    expect(sb.faults.settings.errorStatus).toBe(503);

    let rounds = 0;
    for (; rounds < 6; rounds++) {
      try {
        const report = await app.submit();
        if (report.failed.length === 0 && report.conflicts.length === 0 && (await app.review()).empty) break;
      } catch {
        // A read gave up after its retries: nothing is lost, the next submit picks up from the sheet.
      }
    }
    await sim(sb.url, "DELETE", "/faults");
    const last = await app.submit();
    expect(last.failed).toEqual([]);
    expect((await app.review()).empty).toBe(true);

    const stored = portal(sb);
    for (const r of saves) {
      expect(stored.get(keyOf(r))?.action).toBe("R");
      expect(rowByKey(fake, "B2B", keyOf(r))).toMatchObject({ result: "Saved", portalAction: "Rejected" });
    }
    for (const r of resets) {
      expect(stored.get(keyOf(r))?.action).toBe("N");
      expect(rowByKey(fake, "B2B", keyOf(r))).toMatchObject({ result: "Reset", portalAction: "No action" });
    }
    const audit = changesByKey(await auditOf(sb));
    for (const r of [...saves, ...resets]) expect(audit.get(keyOf(r))).toHaveLength(1);
    // Answers were lost on the way (the first save's for sure) and settled by a check; the 503s were real.
    expect(logRows(fake).filter((l) => l.kind === "check")[0]?.outcome).toBe("answer lost: 0 applied, 3 to resend, 0 changed");
    expect(tap.seen.filter((r) => r.status === 503).length).toBeGreaterThan(1);
  });
});
