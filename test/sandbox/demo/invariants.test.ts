/** The record checker the demo tests rely on must itself catch broken records. */
import { generateDemoData } from "../../../src/sandbox/demo";
import type { SandboxRecord } from "../../../src/sandbox/model";
import { violations } from "./invariants";

const asOf = "2025-12-05";
const data = generateDemoData({ seed: 8, asOf, recordsPerGstin: 400 });
const profile = data.profiles[0]!;
const records = data.records[profile.gstin]!;

function broken(pick: (r: SandboxRecord) => boolean, change: (r: SandboxRecord) => void): string[] {
  const copy = records.map((r) => ({ ...r }));
  const target = copy.find(pick);
  if (!target) throw new Error("no record to break");
  change(target);
  return violations(profile, copy, asOf);
}

describe("the record checker", () => {
  it("accepts the generated records", () => {
    expect(violations(profile, records, asOf)).toEqual([]);
  });

  it.each<[string, (r: SandboxRecord) => boolean, (r: SandboxRecord) => void]>([
    ["CGST != SGST", (r) => r.camt > 0, (r) => (r.samt = r.camt + 1)],
    ["doc number pattern", () => true, (r) => (r.docNum = "INV/2025-26/000001")],
    ["doc number pattern", () => true, (r) => (r.docNum = "0000")],
    ["pending on a pending-blocked record", (r) => r.section === "CN", (r) => ((r.pendingBlocked = true), (r.action = "P"))],
    ["remarks without R/P", (r) => r.action === "A", (r) => (r.remarks = "ok")],
    ["declaration where not allowed", (r) => !r.specified, (r) => ((r.action = "A"), (r.itcRedReq = "Y"))],
    ["IGST on an intra-state supply", (r) => r.camt > 0, (r) => (r.iamt = 1)],
    ["doc date outside its return period", (r) => r.section === "B2B" && r.returnPeriod === "2025-11", (r) => (r.docDate = "2025-10-31")],
    ["invalid stin", () => true, (r) => (r.stin = r.stin.slice(0, 14) + (r.stin.endsWith("A") ? "B" : "A"))],
  ])("catches %s", (why, pick, change) => {
    const found = broken(pick, change);
    expect(found.some((v) => v.startsWith(why))).toBe(true);
  });

  it("catches duplicate keys", () => {
    const copy = [...records, { ...records[0]! }];
    expect(violations(profile, copy, asOf).some((v) => v.startsWith("duplicate key"))).toBe(true);
  });
});
