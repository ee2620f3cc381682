import { compareFingerprint, fnv1a32, isFingerprint, recordFingerprint } from "../../src/ims/fingerprint";
import { makeRecord } from "../workbook/synthetic-records";

describe("fnv1a32", () => {
  test("is deterministic and spreads", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("abc")).toBe(fnv1a32("abc"));
    expect(fnv1a32("abc")).not.toBe(fnv1a32("abd"));
    expect(fnv1a32("ab", 1)).not.toBe(fnv1a32("ab", 2));
  });
  test("sees the high byte of UTF-16 units", () => {
    expect(fnv1a32("\u0141")).not.toBe(fnv1a32("\u0041"));
  });
});

describe("recordFingerprint", () => {
  const r = makeRecord("CN", 7, { remarks: "short", itcReduction: { required: "Y", igst: 100 } });

  test("16 lower-case hex characters, stable for the same record", () => {
    const fp = recordFingerprint(r);
    expect(isFingerprint(fp)).toBe(true);
    expect(recordFingerprint({ ...r })).toBe(fp);
    expect(fp).toBe(recordFingerprint(makeRecord("CN", 7, { remarks: "short", itcReduction: { required: "Y", igst: 100 } })));
  });

  test("a change to a record field changes the first lane only", () => {
    for (const change of [{ docNumber: "X1" }, { value: r.value + 1 }, { action: "A" as const }, { pendingBlocked: !r.pendingBlocked }, { docDate: "2025-01-02" }, { itcReductionBlocked: null }]) {
      const cmp = compareFingerprint(recordFingerprint(r), { ...r, ...change });
      expect(cmp).toEqual({ recordMatches: false, stateMatches: true });
    }
  });

  test("a change to the version, pulled remarks or declaration changes the second lane only", () => {
    for (const change of [{ hash: "other" }, { remarks: "long" }, { itcReduction: { required: "N" as const } }, { itcReduction: undefined }]) {
      const cmp = compareFingerprint(recordFingerprint(r), { ...r, ...change });
      expect(cmp).toEqual({ recordMatches: true, stateMatches: false });
    }
  });

  test("absent and empty optional fields fingerprint alike", () => {
    const a = makeRecord("B2B", 1);
    delete a.remarks;
    expect(recordFingerprint(a)).toBe(recordFingerprint({ ...a, remarks: "" }));
  });
});
