/**
 * Issue 9, bug 6: a record whose document number the portal's pattern refuses fails its whole
 * save request (ER, IMSSAV005). The plan refuses that record alone, so the rest of its batch is
 * saved. The domain's pattern must agree with the sandbox's own copy of GSTN's schema.
 */
import type { ImsClient, RequestStatus } from "../../src/api";
import { toSubmitBody } from "../../src/api/convert";
import { planSection } from "../../src/ims/plan";
import { checkDocNumbers, type RuleContext } from "../../src/ims/portal-rules";
import { imsRecordKey, type ImsRecord } from "../../src/ims/records";
import { rowFromRecord } from "../../src/ims/review-rows";
import { computeRecordHash } from "../../src/sandbox/hash";
import { checkRequestSchema } from "../../src/sandbox/rules";
import { apiSandbox, AS_OF, auditFor, keyOfStored, MH, signedInClient, stored, storedFor, type RunningSandbox } from "./helpers";
import { creditNote } from "../ims/fixtures";

const NUMBERS = ["INV/2026-27/00017", "INV 17", "INV_17", "inv#17", "0000", "-/0", "0", "0-1", "A", "ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOPQ", "२०२६", "17/", "/-/A0"];

/** An intra-state B2B invoice of October 2026 (the domain tests' credit note, as an invoice). */
const B2B: ImsRecord = creditNote({ section: "B2B", docNumber: "INV-1", itcReductionBlocked: null });

describe("the domain's document-number pattern is the portal's", () => {
  test.each(NUMBERS)("%s: refused before sending exactly when the sandbox's schema refuses it", (docNumber) => {
    const sandboxAccepts = (record: ImsRecord) => checkRequestSchema(toSubmitBody("save", MH, [{ record, intent: { action: "A" } }]), "SAVE").ok;
    expect(checkDocNumbers({ docNumber }).length === 0).toBe(sandboxAccepts({ ...B2B, docNumber }));
    const amendment: ImsRecord = { ...B2B, section: "B2BA", originalDocNumber: docNumber, originalDocDate: "2026-09-01" };
    expect(checkDocNumbers(amendment).length === 0).toBe(sandboxAccepts(amendment));
  });
});

describe("against the sandbox", () => {
  let sb: RunningSandbox;
  let mh: ImsClient;
  beforeAll(async () => {
    sb = await apiSandbox({ recordsPerGstin: 200 });
    mh = await signedInClient(sb.url, MH);
  });
  afterAll(() => sb.close());

  const RULES: RuleContext = { today: AS_OF, frequency: "monthly", stateCode: "27", remarksMaxLength: 250 };
  const settle = async (records: readonly ImsRecord[]): Promise<RequestStatus> =>
    mh.waitForRequest((await mh.save(records.map((record) => ({ record, intent: { action: "A" as const } })))).referenceId, { initialDelayMs: 10 });

  test("one such record fails its whole batch; planned, it is refused alone and the rest of the batch is saved", async () => {
    const open = stored(sb, MH).filter((s) => s.section === "B2B" && s.action === "N");
    const [a, victim, b] = open;
    const odd = { ...victim!, docNum: "INV 17/26-27" };
    sb.state.commit([{ t: "records", gstin: MH, upsert: [{ ...odd, hash: computeRecordHash(odd) }], remove: [keyOfStored(victim!)] }]);
    const pulled = new Map((await mh.getInvoices("B2B")).map((r) => [imsRecordKey(r), r]));
    const batch = [a!, odd, b!].map((s) => pulled.get(keyOfStored(s))!);
    expect(batch.every(Boolean)).toBe(true);

    // Today's failure: sent as it is, the request fails whole and nothing is applied.
    const auditBefore = auditFor(sb, MH).length;
    expect(await settle(batch)).toMatchObject({ state: "ER", errorCode: "IMSSAV005", processed: 0 });
    expect(auditFor(sb, MH)).toHaveLength(auditBefore);

    const rows = batch.map((record, i) => {
      const row = rowFromRecord(record, i + 2);
      row.edit = { ...row.edit, action: "A" };
      return row;
    });
    const plan = planSection("B2B", rows, [], RULES);
    expect(plan.refused.map((r) => [r.row.record.docNumber, r.code, r.column])).toEqual([["INV 17/26-27", "doc-number-not-accepted", "docNumber"]]);
    expect(await settle(plan.saves.map((s) => s.record))).toMatchObject({ state: "P", processed: 2 });
    expect([a!, odd, b!].map((s) => storedFor(sb, MH, pulled.get(keyOfStored(s))!)?.action)).toEqual(["A", "N", "A"]);
  });
});
