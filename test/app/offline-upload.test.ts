/**
 * "Save upload file" (issue 13) and Review without a sign-in, end to end on the Excel fake: the
 * upload file is built from the sheets and from the records' texts read back from the workbook
 * after a reopen; the rows in it say "In upload file" with its name (state code in-upload);
 * what it cannot carry is refused on its row, as the API path refuses.
 */
import { createImsApp } from "../../src/app";
import { withoutActionFields } from "../../src/ims/offline";
import { isArray, isObject, readJson } from "../../src/ims/offline/json-source";
import { pullIntoWorkbook, SETTINGS_KEY } from "../../src/workbook";
import { OFFLINE_RECORDS_SHEET, OFFLINE_UPLOAD_SHEET } from "../../src/workbook/offline-store";
import { downloadText, expectedRecord, RECIPIENT, spec, type WireSpec } from "../offline/fixtures/builders";
import { keyOf, NO_SERVER, NOW, offlineWorld, picked, rowOf, typeFor, type OfflineWorld } from "./offline-helpers";

let w: OfflineWorld;
beforeEach(() => {
  w = offlineWorld();
});
afterEach(() => w.close());

const acceptInvoice = spec("B2B", 31);
const rejectInvoice = spec("B2B", 32);
const backToNoAction = spec("B2B", 33, { action: "A" });
const untouched = spec("B2B", 34);
const acceptCreditNote = spec("CN", 35);
const pendingBlocked = spec("CN", 36, { pendingBlocked: true });
const SPECS = [acceptInvoice, rejectInvoice, backToNoAction, untouched, acceptCreditNote, pendingBlocked];
const FILE = downloadText(SPECS, { layout: "crlf", amounts: "fixed2" });

/** The upload file's records by key, with their text as it stands in the file. */
function uploaded(text: string): Map<string, { text: string; members: Map<string, unknown> }> {
  const root = readJson(text);
  if (!root.ok || !isObject(root.value)) throw new Error("not JSON");
  expect(root.value.members.get("rtin")).toBe(RECIPIENT);
  expect(root.value.members.get("reqtyp")).toBe("SAVE");
  const invdata = root.value.members.get("invdata");
  if (!isObject(invdata)) throw new Error("no invdata");
  const out = new Map<string, { text: string; members: Map<string, unknown> }>();
  for (const [, list] of invdata.members) {
    if (!isArray(list)) throw new Error("not a list");
    for (const item of list.items) {
      if (!isObject(item)) throw new Error("not a record");
      const t = text.slice(item.start, item.end);
      const spec = SPECS.find((s) => item.members.get("inum") === s.docNumber || item.members.get("nt_num") === s.docNumber) as WireSpec;
      out.set(keyOf(spec), { text: t, members: item.members });
    }
  }
  return out;
}

/** A record's exact text in the downloaded file. */
function rawOf(s: WireSpec): string {
  const at = FILE.indexOf(JSON.stringify(s.docNumber));
  const start = FILE.lastIndexOf("{", at);
  const end = FILE.indexOf("}", at) + 1;
  return FILE.slice(start, end);
}

async function importAndEdit(): Promise<void> {
  await w.app.offline.openImsFile(picked(FILE));
  typeFor(w.fake, acceptInvoice, "action", "A");
  typeFor(w.fake, rejectInvoice, "action", "R");
  typeFor(w.fake, rejectInvoice, "remarks", "Goods returned");
  typeFor(w.fake, backToNoAction, "action", "N");
  typeFor(w.fake, acceptCreditNote, "action", "A");
  typeFor(w.fake, pendingBlocked, "action", "P");
}

test("after a reopen, the upload file is built from the sheets and the texts kept in the workbook; rows say In upload file, refusals are on their rows", async () => {
  await importAndEdit();
  // A new pane on the same workbook: nothing of the first one's memory.
  const report = await w.reopen().offline.saveUploadFile();

  const name = `IMS_upload_${RECIPIENT}_20261010_1100.json`;
  expect(report.file?.name).toBe(name);
  expect(report.records).toBe(3);
  expect(report.sections).toEqual([
    { section: "B2B", accept: 1, reject: 1, pending: 0 },
    { section: "CN", accept: 1, reject: 0, pending: 0 },
  ]);
  expect(report.itcDefaulted).toBe(1);
  expect(report.replaces).toBeNull();

  // The file: each record the downloaded text, byte for byte but its action fields.
  const file = uploaded(report.file?.text ?? "");
  expect([...file.keys()].sort()).toEqual([acceptInvoice, rejectInvoice, acceptCreditNote].map(keyOf).sort());
  for (const s of [acceptInvoice, rejectInvoice, acceptCreditNote]) {
    const up = file.get(keyOf(s));
    expect(withoutActionFields(up?.text ?? "")).toBe(withoutActionFields(rawOf(s)));
    expect(up?.text).toContain("\r\n");
  }
  expect(file.get(keyOf(acceptInvoice))?.members.get("action")).toBe("A");
  expect(file.get(keyOf(rejectInvoice))?.members.get("remarks")).toBe("Goods returned");
  expect(file.get(keyOf(acceptCreditNote))?.members.get("itcRedReq")).toBe("Y");

  // The rows: "In upload file" with its name, the state as a code in the hidden column.
  for (const s of [acceptInvoice, rejectInvoice, acceptCreditNote]) {
    expect(rowOf(w.fake, s)).toMatchObject({ result: "In upload file", referenceId: name, state: "in-upload" });
  }
  expect(String(rowOf(w.fake, acceptCreditNote).message)).toMatch(/Reduce ITC" Yes/);
  expect(rowOf(w.fake, untouched)).toMatchObject({ result: "", state: "" });

  // Refusals on their rows, naming the column, as on the API path.
  const noAction = rowOf(w.fake, backToNoAction);
  expect(noAction).toMatchObject({ result: "Refused", state: "refused" });
  expect(String(noAction.message)).toMatch(/offline upload cannot set a record back to No action/);
  const pending = rowOf(w.fake, pendingBlocked);
  expect(pending).toMatchObject({ result: "Refused", state: "refused" });
  expect(report.refused.map((r) => [r.docNumber, r.code, r.field])).toEqual(
    expect.arrayContaining([
      [backToNoAction.docNumber, "offline-cannot-reset", "Action (A/R/P/N)"],
      [pendingBlocked.docNumber, "pending-blocked", "Pending allowed"],
    ]),
  );

  // What the file holds is kept in the workbook (for the error file), and its name in the metadata.
  expect(w.fake.inspect.sheetNames()).toContain(OFFLINE_UPLOAD_SHEET);
  const meta = w.fake.inspect.settings()[SETTINGS_KEY] as { offline: { upload: unknown } };
  expect(meta.offline.upload).toEqual({ fileName: name, savedAt: NOW.toISOString(), records: 3 });
  expect(await w.reopen().offline.status()).toMatchObject({ upload: { fileName: name, records: 3, confirmedAt: null } });
});

test("Review without a sign-in plans the sheets as on the API path: counts, ITC at stake, refused rows", async () => {
  await importAndEdit();
  const review = await w.reopen().review();
  expect(review.sections.find((s) => s.section === "B2B")).toMatchObject({ accept: 1, reject: 1, reset: 1 });
  expect(review.sections.find((s) => s.section === "CN")).toMatchObject({ accept: 1, refused: 1 });
  expect(review.refused).toEqual([expect.objectContaining({ section: "CN", docNumber: pendingBlocked.docNumber, code: "pending-blocked", field: "Pending allowed" })]);
  expect(review.itcAtStake.accept.records).toBe(2);
});

test("a second upload file takes over the rows of the first; nothing changed gives no file", async () => {
  await importAndEdit();
  const first = await w.app.offline.saveUploadFile();
  // A new pane on the same workbook, an hour later.
  const app = createImsApp({ apiUrl: NO_SERVER, storage: null, now: () => new Date(NOW.getTime() + 3_600_000) });
  typeFor(w.fake, untouched, "action", "P");
  const second = await app.offline.saveUploadFile();
  expect(second.replaces).toBe(first.file?.name);
  expect(second.records).toBe(4);
  expect(rowOf(w.fake, acceptInvoice)).toMatchObject({ result: "In upload file", referenceId: second.file?.name });

  // Back to what the file shows on every row: nothing to upload, and the rows of the last file cleared.
  for (const s of [acceptInvoice, rejectInvoice, acceptCreditNote, untouched, pendingBlocked]) typeFor(w.fake, s, "action", s.action);
  typeFor(w.fake, rejectInvoice, "remarks", "");
  typeFor(w.fake, backToNoAction, "action", "A");
  const none = await app.offline.saveUploadFile();
  expect(none.file).toBeNull();
  expect(none.refused).toEqual([]);
  expect(rowOf(w.fake, acceptInvoice)).toMatchObject({ result: "", state: "" });
});

test("a record whose figures changed after the file was opened (a later pull) is refused rather than echoed from the old file", async () => {
  await w.app.offline.openImsFile(picked(FILE));
  const changed = { ...expectedRecord(acceptInvoice), taxableValue: acceptInvoice.taxable + 1000, hash: "new-version" };
  await pullIntoWorkbook({ gstin: RECIPIENT, pulledAt: "2026-10-10T06:00:00.000Z", records: { B2B: [changed] }, complete: false });
  typeFor(w.fake, acceptInvoice, "action", "A");
  typeFor(w.fake, rejectInvoice, "action", "R");
  const report = await w.reopen().offline.saveUploadFile();
  expect(report.records).toBe(1);
  expect(report.refused).toEqual([expect.objectContaining({ docNumber: acceptInvoice.docNumber, code: "file-out-of-date" })]);
  expect(String(rowOf(w.fake, acceptInvoice).message)).toMatch(/changed since the portal's IMS file was opened here/);
});

test("rows pulled through the API, not from a portal file, are refused with what to do", async () => {
  await pullIntoWorkbook({ gstin: RECIPIENT, pulledAt: "2026-10-10T05:00:00.000Z", records: { B2B: [expectedRecord(acceptInvoice)] } });
  typeFor(w.fake, acceptInvoice, "action", "A");
  const report = await w.app.offline.saveUploadFile();
  expect(report.file).toBeNull();
  expect(report.refused).toEqual([expect.objectContaining({ code: "not-in-file", message: expect.stringMatching(/not read from a portal IMS file.*IMS → Offline → Download JSON/) })]);
});

test("when the hidden sheet of kept records was damaged, the rows are refused saying so and their entries are kept", async () => {
  await w.app.offline.openImsFile(picked(FILE));
  typeFor(w.fake, acceptInvoice, "action", "A");
  w.fake.user.typeInto(OFFLINE_RECORDS_SHEET, "D2", "z1:AAAA");
  const report = await w.reopen().offline.saveUploadFile();
  expect(report.file).toBeNull();
  expect(report.warnings.join(" ")).toMatch(/damaged in this workbook/);
  expect(report.refused).toEqual([expect.objectContaining({ docNumber: acceptInvoice.docNumber, code: "not-in-file", message: expect.stringMatching(/damaged.*Open the IMS file again; your entry is kept/) })]);
  expect(rowOf(w.fake, acceptInvoice)).toMatchObject({ action: "A", state: "refused" });
  // Opening the file again restores them: the same entry goes into the upload file.
  await w.app.offline.openImsFile(picked(FILE));
  const again = await w.app.offline.saveUploadFile();
  expect(again.records).toBe(1);
  expect(rowOf(w.fake, acceptInvoice)).toMatchObject({ action: "A", state: "in-upload" });
});
