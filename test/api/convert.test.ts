import fc from "fast-check";
import { InvalidRequestError, paiseToRupees, rupeesToPaise, toResetEntry, toSaveEntry, toSubmitBody } from "../../src/api";
import { toImsRecord, toRequestStatus } from "../../src/api/convert";
import { invoicesSchema, requestStatusSchema } from "../../src/api/schemas";
import type { ImsRecord } from "../../src/ims/records";

const WIRE_B2B = {
  action: "A",
  camt: 10883.91,
  cess: 0,
  hash: "dbd0f1b676e2",
  iamt: 0,
  idt: "05-11-2024",
  inum: "AO2SA2425002517",
  inv_typ: "R",
  ispendactblocked: "N",
  pos: "24",
  rtnprd: "112024",
  samt: 10883.91,
  srcfilstatus: "Not Filed",
  srcform: "R1",
  stin: "24ABCCU0123M1YZ",
  txval: 120932.18,
  val: 142700,
};

function parseB2b(wire: Record<string, unknown>): ImsRecord {
  const parsed = invoicesSchema("B2B").parse({ b2b: [wire] });
  return toImsRecord("B2B", parsed[0]!);
}

describe("money", () => {
  test("wire rupees become integer paise and back, exactly", () => {
    expect(rupeesToPaise(10883.91)).toBe(1088391);
    expect(rupeesToPaise(120932.18)).toBe(12093218);
    expect(rupeesToPaise(0.1 + 0.2)).toBeNull();
    expect(rupeesToPaise(1.005)).toBeNull();
    expect(rupeesToPaise(Number.NaN)).toBeNull();
    expect(paiseToRupees(1088391)).toBe(10883.91);
    expect(JSON.stringify(paiseToRupees(30))).toBe("0.3");
  });

  test("every 2-decimal amount in the portal's range survives paise and back bit for bit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999_999_999 }), (p) => {
        const printed = `${Math.floor(p / 100)}.${String(p % 100).padStart(2, "0")}`;
        const parsed = JSON.parse(printed) as number;
        expect(rupeesToPaise(parsed)).toBe(p);
        expect(paiseToRupees(p)).toBe(parsed);
        expect(JSON.parse(JSON.stringify(paiseToRupees(p)))).toBe(parsed);
      }),
      { numRuns: 5000 },
    );
  });
});

describe("records: wire → domain", () => {
  test("the contract's example record", () => {
    const r = parseB2b(WIRE_B2B);
    expect(r).toEqual({
      section: "B2B",
      supplierGstin: "24ABCCU0123M1YZ",
      docNumber: "AO2SA2425002517",
      docDate: "2024-11-05",
      invoiceType: "R",
      sourceForm: "R1",
      returnPeriod: "2024-11",
      placeOfSupply: "24",
      value: 14270000,
      taxableValue: 12093218,
      igst: 0,
      cgst: 1088391,
      sgst: 1088391,
      cess: 0,
      action: "A",
      pendingBlocked: false,
      supplierFiled: false,
      hash: "dbd0f1b676e2",
      remarksBlocked: false,
      itcReductionBlocked: null,
    });
  });

  test("both spellings of the pending flag, with their opposite senses", () => {
    const { ispendactblocked: _x, ...rest } = WIRE_B2B;
    expect(parseB2b({ ...rest, ispendactnallwd: "N" }).pendingBlocked).toBe(true);
    expect(parseB2b({ ...rest, ispendactnallwd: "Y" }).pendingBlocked).toBe(false);
    expect(parseB2b({ ...WIRE_B2B, ispendactblocked: "Y" }).pendingBlocked).toBe(true);
  });

  test("2025 inputs and blocked flags", () => {
    const r = parseB2b({ ...WIRE_B2B, isRemarksBlocked: "Y", isItcRedReqBlocked: "N", remarks: "short", itcRedReq: "Y", declCgst: 100.5, declSgst: 100.5 });
    expect(r.remarksBlocked).toBe(true);
    expect(r.itcReductionBlocked).toBe(false);
    expect(r.remarks).toBe("short");
    expect(r.itcReduction).toEqual({ required: "Y", cgst: 10050, sgst: 10050 });
    expect(parseB2b({ ...WIRE_B2B, itcRedReqBlocked: false }).itcReductionBlocked).toBe(false);
  });

  test("a credit-note amendment carries the original note", () => {
    const wire = { ...WIRE_B2B, nt_num: "CN-9", nt_dt: "29-02-2024", ont_num: "CN-1", ont_dt: "31-01-2024" } as Record<string, unknown>;
    delete wire.inum;
    delete wire.idt;
    const r = toImsRecord("CNA", invoicesSchema("CNA").parse({ b2bcna: [wire] })[0]!);
    expect(r).toMatchObject({ docNumber: "CN-9", docDate: "2024-02-29", originalDocNumber: "CN-1", originalDocDate: "2024-01-31" });
  });
});

describe("records: domain → save and reset entries", () => {
  const record = parseB2b(WIRE_B2B);

  test("a save entry echoes every identifying and value field exactly, with prev_status and nothing server-only", () => {
    const entry = toSaveEntry(record, { action: "R", remarks: "Rate mismatch" });
    const { hash: _h, ispendactblocked: _p, srcfilstatus: _s, action, ...echoed } = WIRE_B2B;
    expect(entry).toEqual({ ...echoed, action: "R", prev_status: action, remarks: "Rate mismatch" });
    expect(JSON.stringify(entry.camt)).toBe("10883.91");
    expect(JSON.stringify(entry.txval)).toBe("120932.18");
  });

  test("ITC-reduction declarations go out in rupees, only the heads given", () => {
    const entry = toSaveEntry(record, { action: "A", itcReduction: { required: "Y", cgst: 4550, sgst: 4550 } });
    expect(entry).toMatchObject({ itcRedReq: "Y", declCgst: 45.5, declSgst: 45.5 });
    expect(entry).not.toHaveProperty("declIgst");
  });

  test("a reset entry is the save entry without action, remarks or declarations", () => {
    const entry = toResetEntry({ ...record, remarks: "x", itcReduction: { required: "N" } });
    expect(entry).not.toHaveProperty("action");
    expect(entry).not.toHaveProperty("remarks");
    expect(entry).not.toHaveProperty("itcRedReq");
    expect(entry.prev_status).toBe("A");
  });

  test("bodies group entries by payload key", () => {
    const cn: ImsRecord = { ...record, section: "CN", docNumber: "CN-1" };
    const body = toSubmitBody("save", MH_GSTIN, [
      { record, intent: { action: "A" } },
      { record: cn, intent: { action: "R" } },
      { record: { ...record, docNumber: "X2" }, intent: { action: "P" } },
    ]);
    expect(body.rtin).toBe(MH_GSTIN);
    expect(body.reqtyp).toBe("SAVE");
    expect(Object.keys(body.invdata)).toEqual(["b2b", "b2bcn"]);
    expect(body.invdata.b2b).toHaveLength(2);
    expect(body.invdata.b2bcn?.[0]).toMatchObject({ nt_num: "CN-1", nt_dt: "05-11-2024", action: "R" });
    expect(toSubmitBody("reset", MH_GSTIN, [{ record, intent: null }]).reqtyp).toBe("RESET");
  });

  test("what cannot go on the wire is refused, naming the field", () => {
    const bad = (r: ImsRecord) => {
      try {
        toSubmitBody("save", MH_GSTIN, [{ record, intent: { action: "A" } }, { record: r, intent: { action: "A" } }]);
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidRequestError);
        return (e as InvalidRequestError).field;
      }
      throw new Error("accepted");
    };
    expect(bad({ ...record, taxableValue: 12093218.5 })).toBe("items[1].record.taxableValue");
    expect(bad({ ...record, cgst: -1 })).toBe("items[1].record.cgst");
    expect(bad({ ...record, docDate: "05-11-2024" })).toBe("items[1].record.docDate");
    expect(bad({ ...record, returnPeriod: "112024" })).toBe("items[1].record.returnPeriod");
    expect(bad({ ...record, section: "B2BA" })).toBe("items[1].record.originalDocNumber");
    expect(() => toSubmitBody("save", MH_GSTIN, [])).toThrow(InvalidRequestError);
    expect(() => toSaveEntry(record, { action: "N" as "A" })).toThrow(InvalidRequestError);
    expect(() => toSaveEntry(record, { action: "A", itcReduction: { required: "Y", igst: 0.5 } })).toThrow(/itcReduction\.igst/);
  });
});

const MH_GSTIN = "27AAACI1234F1Z2";

describe("request status", () => {
  const base = { status_cd: "PE", transTypCd: "SAV", proc_cnt: "10", err_cnt: "2", err_cd: "", err_msg: "" };
  const entry = (inum: string) => ({ stin: "32TAAOA2947A1Z7", error_cd: "IMSSAV0010", error_msg: "Either previous action is incorrect", inv: [{ inum, rtnprd: "042023" }] });

  test("short and long error-report keys both name the section", () => {
    const short = toRequestStatus("ref", requestStatusSchema.parse({ ...base, error_report: { b2b: [entry("a")], dn: [entry("b")] } }));
    const long = toRequestStatus("ref", requestStatusSchema.parse({ ...base, error_report: { b2b: [entry("a")], b2bdn: [entry("b")] } }));
    expect(short).toEqual(long);
    expect(short.recordErrors.map((e) => e.section)).toEqual(["B2B", "DN"]);
    expect(short).toMatchObject({ state: "PE", operation: "save", processed: 10, errored: 2, errorCode: null });
    expect(short.recordErrors[1]).toEqual({ section: "DN", supplierGstin: "32TAAOA2947A1Z7", docNumber: "b", returnPeriod: "2023-04", errorCode: "IMSSAV0010", message: "Either previous action is incorrect" });
  });

  test("ER carries the request-level error; RST is a reset", () => {
    const er = toRequestStatus("r", requestStatusSchema.parse({ status_cd: "ER", transTypCd: "RST", proc_cnt: "0", err_cnt: "0", err_cd: "IMSSAV005", err_msg: "Schema validation failure" }));
    expect(er).toMatchObject({ state: "ER", operation: "reset", errorCode: "IMSSAV005", errorMessage: "Schema validation failure", recordErrors: [] });
  });

  test("an unknown error-report key is refused", () => {
    expect(requestStatusSchema.safeParse({ ...base, error_report: { zz: [entry("a")] } }).success).toBe(false);
  });
});
