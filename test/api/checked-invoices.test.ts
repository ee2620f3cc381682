/**
 * Issue 9, bug 6: one record out of the contract (an amount beyond the wire schema's range)
 * is set aside on its own and the rest of the section is still read; a malformed envelope is
 * still a ResponseValidationError.
 */
import { ImsClient, ResponseValidationError, type RejectedRecord } from "../../src/api";
import { imsRecordKey } from "../../src/ims/records";
import {
  apiSandbox,
  craftedServer,
  expectError,
  FAST_RETRY,
  gstnFail,
  gstnOk,
  json,
  MH,
  signedInClient,
  signedInStore,
  stored,
  keyOfStored,
  WIRE_B2B as WIRE,
  type Crafted,
  type RunningSandbox,
} from "./helpers";



/** One above the wire schema's largest tax amount (99,999,999,999.99) and document value (9,999,999,999,999.99). */
const TAX_TOO_LARGE = 100000000000;
const VALUE_TOO_LARGE = 10000000000000;

describe("against a hand-written provider", () => {
  let server: Crafted;
  beforeAll(async () => {
    server = await craftedServer();
  });
  afterAll(() => server.close());

  const client = () => new ImsClient({ baseUrl: server.url, store: signedInStore(), retry: FAST_RETRY, timeoutMs: 2000 });
  const answer = (body: unknown) => server.handle((_req, _body, res) => json(res, 200, body));

  test("an amount out of range sets that record aside, with its supplier, number, field and problem; the others are read", async () => {
    answer(gstnOk({ b2b: [WIRE, { ...WIRE, inum: "INV-2", txval: TAX_TOO_LARGE }, { ...WIRE, inum: "INV-3" }] }));
    const { records, rejected } = await client().getInvoicesChecked("B2B");
    expect(records.map((r) => r.docNumber)).toEqual(["AO2SA2425002517", "INV-3"]);
    expect(rejected).toEqual<RejectedRecord[]>([
      { section: "B2B", index: 1, supplierGstin: "24ABCCU0123M1YZ", docNumber: "INV-2", returnPeriod: "2024-11", field: "taxableValue", wireField: "txval", detail: "is too large" },
    ]);
  });

  test("the document value, a negative tax and several faults in one record", async () => {
    answer(gstnOk({ b2b: [{ ...WIRE, inum: "V", val: VALUE_TOO_LARGE }, { ...WIRE, inum: "N", camt: -1 }, { ...WIRE, inum: "M", iamt: TAX_TOO_LARGE, samt: "10" }, WIRE] }));
    const { records, rejected } = await client().getInvoicesChecked("B2B");
    expect(records).toHaveLength(1);
    expect(rejected.map((r) => [r.docNumber, r.field, r.wireField])).toEqual([
      ["V", "value", "val"],
      ["N", "cgst", "camt"],
      ["M", "igst", "iamt"],
    ]);
    expect(rejected[1]!.detail).toBe("must not be negative");
    expect(rejected[2]!.detail).toBe("is too large (and 1 more)");
  });

  test("notes are named by their note number; a record that is not even an object is still set aside alone", async () => {
    const { inum: _n, idt: _d, ...rest } = WIRE;
    const note = { ...rest, nt_num: "CN-7", nt_dt: "05-11-2024" };
    answer(gstnOk({ b2bcn: [note, { ...note, nt_num: "CN-8", cess: TAX_TOO_LARGE }, null, { ...note, nt_num: "CN-9", rtnprd: "13-2024" }] }));
    const { records, rejected } = await client().getInvoicesChecked("CN");
    expect(records.map((r) => r.docNumber)).toEqual(["CN-7"]);
    expect(rejected.map((r) => [r.index, r.docNumber, r.field, r.returnPeriod])).toEqual([
      [1, "CN-8", "cess", "2024-11"],
      [2, "", "(record)", null],
      [3, "CN-9", "returnPeriod", null],
    ]);
  });

  test("a malformed envelope is still a ResponseValidationError naming the field", async () => {
    const c = client();
    answer(gstnOk({ b2b: {} }));
    expect(await expectError(c.getInvoicesChecked("B2B"), ResponseValidationError)).toMatchObject({ endpoint: "invoices.list", problem: "schema", field: "data.data.b2b" });
    answer(gstnOk({ b2ba: [WIRE] }));
    expect((await expectError(c.getInvoicesChecked("B2B"), ResponseValidationError)).field).toBe("data.data.b2b");
    answer({ code: 200, data: { status_cd: 1, data: { b2b: [] } } });
    expect((await expectError(c.getInvoicesChecked("B2B"), ResponseValidationError)).field).toBe("data.status_cd");
    answer({ code: 200 });
    expect((await expectError(c.getInvoicesChecked("B2B"), ResponseValidationError)).field).toBe("data");
  });

  test("'no records' is empty; a clean answer has nothing set aside; the status filter is sent", async () => {
    answer(gstnFail("RET11416", "No document found"));
    expect(await client().getInvoicesChecked("CN")).toEqual({ records: [], rejected: [] });
    answer(gstnOk({ b2b: [WIRE] }));
    const clean = await client().getInvoicesChecked("B2B", { status: "pending" });
    expect(clean.rejected).toEqual([]);
    expect(clean.records).toEqual(await client().getInvoices("B2B"));
    expect(server.seen.at(-2)?.url).toMatch(/section=B2B&status=pending$/);
  });

  test("getInvoices keeps its contract: the same answer fails whole, naming the record's field", async () => {
    answer(gstnOk({ b2b: [WIRE, { ...WIRE, inum: "INV-2", txval: TAX_TOO_LARGE }] }));
    expect(await expectError(client().getInvoices("B2B"), ResponseValidationError)).toMatchObject({ field: "data.data.b2b[1].txval", detail: "is too large" });
  });
});

describe("against the sandbox", () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await apiSandbox({ recordsPerGstin: 200 });
  });
  afterAll(() => sb.close());

  test("a stored record whose taxable value is beyond the schema's range: the rest of B2B is pulled and that one is named", async () => {
    const mh = await signedInClient(sb.url, MH);
    const before = await mh.getInvoices("B2B");
    const victim = stored(sb, MH).find((s) => s.section === "B2B" && before.some((r) => imsRecordKey(r) === keyOfStored(s)))!;
    sb.state.commit([{ t: "records", gstin: MH, upsert: [{ ...victim, txval: TAX_TOO_LARGE * 100 }], remove: [] }]);

    const { records, rejected } = await mh.getInvoicesChecked("B2B");
    expect(records.map(imsRecordKey)).toEqual(before.map(imsRecordKey).filter((k) => k !== keyOfStored(victim)));
    expect(rejected).toMatchObject([{ section: "B2B", supplierGstin: victim.stin, docNumber: victim.docNum, returnPeriod: victim.returnPeriod, field: "taxableValue", detail: "is too large" }]);
    expect(await expectError(mh.getInvoices("B2B"), ResponseValidationError)).toMatchObject({ field: expect.stringMatching(/^data\.data\.b2b\[\d+\]\.txval$/) });
  });
});
