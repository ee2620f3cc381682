/**
 * Reconciliation without an API account (issues 11 and 13): a portal IMS file opened signed out,
 * a purchase register pasted, Reconcile, Apply suggestions, the ITC preview, and the upload file
 * carrying what was applied, each record echoed as downloaded but for its action fields.
 */
import { withoutActionFields } from "../../src/ims/offline";
import { isArray, isObject, readJson } from "../../src/ims/offline/json-source";
import { ITC_PREVIEW_CHART, REGISTER_SHEET } from "../../src/workbook";
import { downloadText, expectedRecord, spec, type WireSpec } from "../offline/fixtures/builders";
import { offlineWorld, picked, rowOf, type OfflineWorld } from "./offline-helpers";

let w: OfflineWorld;
beforeEach(() => {
  w = offlineWorld();
});
afterEach(() => w.close());

const booked = [spec("B2B", 41), spec("B2B", 42), spec("B2B", 43)];
const bookedWrong = spec("B2B", 44);
const notBooked = spec("B2B", 45);
const creditNote = spec("CN", 46);
const SPECS = [...booked, bookedWrong, notBooked, creditNote];
const FILE = downloadText(SPECS, { amounts: "fixed2" });

function line(s: WireSpec, extraTaxable = 0): (string | number)[] {
  const r = expectedRecord(s);
  const sign = r.section === "CN" ? -1 : 1;
  const rupees = (p: number) => (sign * p) / 100;
  const date = `${r.docDate.slice(8, 10)}/${r.docDate.slice(5, 7)}/${r.docDate.slice(0, 4)}`;
  return [r.supplierGstin, "Supplier", r.section === "CN" ? "Credit note" : "Invoice", r.docNumber, date, r.placeOfSupply, rupees(r.value), rupees(r.taxableValue + extraTaxable), "", rupees(r.igst), rupees(r.cgst), rupees(r.sgst), rupees(r.cess)];
}

function uploadedActions(text: string): Map<string, { action: unknown; remarks: unknown; text: string }> {
  const root = readJson(text);
  if (!root.ok || !isObject(root.value)) throw new Error("not JSON");
  const invdata = root.value.members.get("invdata");
  if (!isObject(invdata)) throw new Error("no invdata");
  const out = new Map<string, { action: unknown; remarks: unknown; text: string }>();
  for (const [, list] of invdata.members) {
    if (!isArray(list)) throw new Error("not a list");
    for (const item of list.items) {
      if (!isObject(item)) throw new Error("not a record");
      out.set(String(item.members.get("inum") ?? item.members.get("nt_num")), { action: item.members.get("action"), remarks: item.members.get("remarks"), text: text.slice(item.start, item.end) });
    }
  }
  return out;
}

function rawOf(s: WireSpec): string {
  const at = FILE.indexOf(JSON.stringify(s.docNumber));
  return FILE.slice(FILE.lastIndexOf("{", at), FILE.indexOf("}", at) + 1);
}

test("signed out: a portal file, a pasted register, suggestions applied, the ITC preview, and the upload file carrying them", async () => {
  await w.app.offline.openImsFile(picked(FILE));
  await w.app.reconcile.openRegister();
  w.fake.user.paste(REGISTER_SHEET, "A2", [...booked.map((s) => line(s)), line(bookedWrong, 2500_00), line(creditNote)]);
  await w.app.reconcile.confirmMapping({});
  const report = await w.app.reconcile.run();
  expect(report.counts).toMatchObject({ exact: 4, mismatch: 1, missing_in_pr: 1, missing_in_ims: 0 });

  const applied = await w.app.reconcile.applySuggestions(["exact", "mismatch", "missing_in_pr"]);
  // One booked invoice's supplier has not filed: its suggestion (P) is "Supplier has not filed", not chosen.
  const [unfiled, ...filed] = booked;
  expect(unfiled!.filed).toBe(false);
  expect(applied).toMatchObject({ written: 5, byCategory: { exact: 3, mismatch: 1, missing_in_pr: 1 }, stale: false });
  expect(rowOf(w.fake, unfiled!).action).toBe("N");
  for (const s of filed) expect(rowOf(w.fake, s).action).toBe("A");
  expect(rowOf(w.fake, creditNote).action).toBe("A");
  expect(rowOf(w.fake, bookedWrong)).toMatchObject({ action: "P" });
  expect(String(rowOf(w.fake, bookedWrong).remarks)).toMatch(/^Differs from our books: taxable value/);
  expect(rowOf(w.fake, notBooked)).toMatchObject({ action: "P", remarks: "Not in our books" });

  const preview = await w.app.reconcile.itcPreview(null);
  expect(preview.after.deferred.igst + preview.after.deferred.cgst + preview.after.deferred.sgst).toBeGreaterThan(0);
  expect(w.fake.inspect.charts("Summary").map((c) => c.name)).toContain(ITC_PREVIEW_CHART);

  const saved = await w.app.offline.saveUploadFile();
  if (!saved.file) throw new Error(`no upload file: ${JSON.stringify(saved)}`);
  const sent = uploadedActions(saved.file.text);
  expect([...sent.keys()].sort()).toEqual(SPECS.filter((s) => s !== unfiled).map((s) => s.docNumber).sort());
  expect(sent.get(notBooked.docNumber)).toMatchObject({ action: "P", remarks: "Not in our books" });
  expect(sent.get(bookedWrong.docNumber)?.action).toBe("P");
  for (const s of SPECS.filter((x) => x !== unfiled)) expect(withoutActionFields(sent.get(s.docNumber)?.text ?? "")).toBe(withoutActionFields(rawOf(s)));
});
