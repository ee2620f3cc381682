/**
 * Every record fetched from the sandbox, echoed back in a save or reset entry, matches the
 * portal's version exactly: field for field, number for number (no float drift), and the
 * portal agrees (P, no IMSSAV0010) when all of them are saved and reset.
 */
import { MemorySessionStore, toResetEntry, toSaveEntry, type ImsClient } from "../../src/api";
import type { ImsRecord } from "../../src/ims/records";
import { imsRecordKey } from "../../src/ims/records";
import { docFields, SECTION_CODES, sectionInfo, type SectionCode } from "../../src/ims/sections";
import { apiSandbox, KA, KEY, MH, signedInClient, stored, type RunningSandbox } from "./helpers";

/** Fields the portal sends that a save never echoes. */
const SERVER_ONLY = new Set(["hash", "ispendactblocked", "ispendactnallwd", "srcfilstatus", "isRemarksBlocked", "isItcRedReqBlocked", "itcRedReqBlocked", "remarks", "itcRedReq", "declIgst", "declCgst", "declSgst", "declCess", "action"]);

async function rawRecords(sb: RunningSandbox, token: string, section: SectionCode): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${sb.url}/gst/compliance/tax-payer/invoices?section=${section}`, { headers: { "x-api-key": KEY, authorization: token } });
  const body = (await res.json()) as { data: { status_cd: string; data?: Record<string, Record<string, unknown>[]> } };
  if (body.data.status_cd === "0") return [];
  return body.data.data?.[sectionInfo(section).payloadKey] ?? [];
}

function wireKey(section: SectionCode, w: Record<string, unknown>): string {
  const f = docFields(section);
  const [mm, yyyy] = [String(w.rtnprd).slice(0, 2), String(w.rtnprd).slice(2)];
  return imsRecordKey({ section, supplierGstin: String(w.stin), docNumber: String(w[f.num]), returnPeriod: `${yyyy}-${mm}` });
}

describe.each([
  ["a monthly filer", MH],
  ["a quarterly filer", KA],
])("round trip for %s", (_label, gstin) => {
  let sb: RunningSandbox;
  let client: ImsClient;
  let store: MemorySessionStore;
  beforeAll(async () => {
    sb = await apiSandbox({ recordsPerGstin: 400 });
    store = new MemorySessionStore();
    client = await signedInClient(sb.url, gstin, { store });
  });
  afterAll(() => sb.close());

  test("each save and reset entry is the fetched record, exactly", async () => {
    let compared = 0;
    for (const section of SECTION_CODES) {
      const records = await client.getInvoices(section);
      const wire = await rawRecords(sb, store.load()!.token, section);
      expect(records).toHaveLength(wire.length);
      const byKey = new Map(wire.map((w) => [wireKey(section, w), w]));
      for (const r of records) {
        const w = byKey.get(imsRecordKey(r));
        expect(w).toBeDefined();
        const echoed = Object.fromEntries(Object.entries(w!).filter(([k]) => !SERVER_ONLY.has(k)));
        const save = toSaveEntry(r, { action: "A" });
        expect(save).toEqual({ ...echoed, action: "A", prev_status: w!.action });
        expect(toResetEntry(r)).toEqual({ ...echoed, prev_status: w!.action });
        // Same JSON text, not just equal after parsing: what goes out is what came in.
        for (const [k, v] of Object.entries(echoed)) expect(JSON.stringify(save[k])).toBe(JSON.stringify(v));
        compared++;
      }
    }
    expect(compared).toBe(stored(sb, gstin).length);
  });

  test("the portal agrees: saving every record, then resetting every record, is P with no errors", async () => {
    const all: ImsRecord[] = [];
    for (const section of SECTION_CODES) all.push(...(await client.getInvoices(section)));
    const saved = await client.waitForRequest((await client.save(all.map((record) => ({ record, intent: { action: "A" as const } })))).referenceId, { initialDelayMs: 10 });
    expect(saved).toMatchObject({ state: "P", processed: all.length, errored: 0 });
    expect(stored(sb, gstin).every((r) => r.action === "A")).toBe(true);
    const again: ImsRecord[] = [];
    for (const section of SECTION_CODES) again.push(...(await client.getInvoices(section)));
    const reset = await client.waitForRequest((await client.reset(again)).referenceId, { initialDelayMs: 10 });
    expect(reset).toMatchObject({ state: "P", processed: again.length, errored: 0 });
    expect(stored(sb, gstin).every((r) => r.action === "N")).toBe(true);
  });
});
