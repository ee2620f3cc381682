/**
 * "Open the portal's error file" and "The portal processed it" (issue 13), on the Excel fake
 * after a reopen: each error goes to its row (Result "Failed", the portal's code and message,
 * the entry kept); the other rows of that upload become "Uploaded" once the user confirms, and
 * take what was uploaded as their state on the portal. Both shapes of error file are read.
 */
import { SETTINGS_KEY } from "../../src/workbook";
import { downloadText, errorListText, errorReportText, OTHER_RECIPIENT, RECIPIENT, spec, type WireSpec } from "../offline/fixtures/builders";
import { NOW, offlineWorld, picked, recordTexts, rowOf, typeFor, type OfflineWorld } from "./offline-helpers";

let w: OfflineWorld;
beforeEach(() => {
  w = offlineWorld();
});
afterEach(() => w.close());

const accepted = spec("B2B", 51);
const rejected = spec("B2B", 52);
const pending = spec("B2B", 53);
const creditNote = spec("CN", 54);
const notInUpload = spec("B2B", 55);
const SPECS = [accepted, rejected, pending, creditNote, notInUpload];
const UPLOAD = `IMS_upload_${RECIPIENT}_20261010_1100.json`;

/** The journey up to an upload file saved: the file opened, actions typed, the upload file made. */
async function uploadSaved(): Promise<void> {
  await w.app.offline.openImsFile(picked(downloadText(SPECS)));
  typeFor(w.fake, accepted, "action", "A");
  typeFor(w.fake, rejected, "action", "R");
  typeFor(w.fake, rejected, "remarks", "Not received");
  typeFor(w.fake, pending, "action", "P");
  typeFor(w.fake, creditNote, "action", "A");
  const saved = await w.app.offline.saveUploadFile();
  expect(saved.file?.name).toBe(UPLOAD);
  expect(saved.records).toBe(4);
}

const asOnPortal = (s: WireSpec, action: "A" | "R" | "P"): WireSpec => ({ ...s, action });

test("the record-list error file: each error on its row as Failed, the others Uploaded once confirmed, and a second upload file carries only the failed ones", async () => {
  await uploadSaved();
  const errors = errorListText([
    { spec: asOnPortal(pending, "P"), message: "Either previous action is incorrect/ invoice might have edited by supplier" },
    { spec: asOnPortal(creditNote, "A"), code: "IMSSAV0054", message: "Please enter value for the column itcRedReq" },
  ]);
  const app = w.reopen();
  const report = await app.offline.openErrorFile(picked(errors, "IMS_error_27AAACI1234F1Z2.json"));
  expect(report.uploadFile).toBe(UPLOAD);
  expect(report.wholeFile).toBeNull();
  expect(report.withoutError).toBe(2);
  expect(report.unmatched).toEqual([]);
  expect(report.failed.map((f) => [f.docNumber, f.code])).toEqual([
    [pending.docNumber, "portal-error"],
    [creditNote.docNumber, "IMSSAV0054"],
  ]);

  const failedRow = rowOf(w.fake, pending);
  expect(failedRow).toMatchObject({ result: "Failed", state: "failed", referenceId: UPLOAD, action: "P" });
  expect(String(failedRow.message)).toBe("Either previous action is incorrect/ invoice might have edited by supplier. Your entry is kept: correct it if needed, and save a new upload file.");
  expect(String(rowOf(w.fake, creditNote).message)).toMatch(/^IMSSAV0054: Please enter value for the column itcRedReq\. /);
  for (const s of [accepted, rejected]) expect(rowOf(w.fake, s)).toMatchObject({ result: "In upload file", state: "in-upload" });

  // The user confirms the portal processed the upload.
  const confirmed = await app.offline.confirmUploaded(UPLOAD);
  expect(confirmed).toEqual({ uploadFile: UPLOAD, uploaded: 2, changedReturnPeriods: [accepted.period, rejected.period].sort() });
  expect(rowOf(w.fake, accepted)).toMatchObject({ result: "Uploaded", state: "uploaded", referenceId: UPLOAD, portalAction: "Accepted", action: "A" });
  expect(rowOf(w.fake, rejected)).toMatchObject({ result: "Uploaded", state: "uploaded", portalAction: "Rejected", action: "R", remarks: "Not received" });
  expect(rowOf(w.fake, pending)).toMatchObject({ result: "Failed", state: "failed" });
  const meta = w.fake.inspect.settings()[SETTINGS_KEY] as { offline: { upload: { confirmedAt?: string } }; gstr2b: { changedAt: Record<string, string> } };
  expect(meta.offline.upload.confirmedAt).toBe(NOW.toISOString());
  expect(Object.keys(meta.gstr2b.changedAt).sort()).toEqual([accepted.period, rejected.period].sort());

  // The next upload file carries the failed rows only: the uploaded ones now show as the portal holds them.
  const next = await app.offline.saveUploadFile();
  expect(next.records).toBe(2);
  expect(next.replaces).toBeNull();
  expect(rowOf(w.fake, pending)).toMatchObject({ result: "In upload file", state: "in-upload" });
  expect(rowOf(w.fake, accepted)).toMatchObject({ result: "Uploaded" });
});

test("the API-shaped error report (PE, with codes, short section keys): IMSSAV0010 says to download the file again", async () => {
  await uploadSaved();
  const report = errorReportText({
    b2b: [{ stin: accepted.stin, error_cd: "IMSSAV0010", error_msg: "Either previous action is incorrect/ invoice might have edited by supplier", inv: [{ inum: accepted.docNumber, rtnprd: `${accepted.period.slice(5)}${accepted.period.slice(0, 4)}` }] }],
    cn: [{ stin: creditNote.stin, error_cd: "IMSSAV0054", error_msg: "Please enter value for the column itcRedReq", inv: [{ nt_num: creditNote.docNumber, rtnprd: `${creditNote.period.slice(5)}${creditNote.period.slice(0, 4)}` }] }],
  });
  const result = await w.reopen().offline.openErrorFile(picked(report, "error.json"));
  expect(result.failed.map((f) => f.code)).toEqual(["IMSSAV0010", "IMSSAV0054"]);
  expect(result.withoutError).toBe(2);
  expect(String(rowOf(w.fake, accepted).message)).toBe(
    "IMSSAV0010: Either previous action is incorrect/ invoice might have edited by supplier. The record changed on the portal since its IMS file was downloaded: download the IMS file again and open it here (your entry is kept), then save a new upload file.",
  );
});

test("a whole upload refused (ER): every row of it Failed; errors about other records and unreadable entries are reported, not written", async () => {
  await uploadSaved();
  const er = JSON.stringify({ status_cd: "ER", err_cd: "IMSSAV005", err_msg: "Schema validation failure", error_report: {} });
  const whole = await w.reopen().offline.openErrorFile(picked(er, "error.json"));
  expect(whole.wholeFile).toEqual({ code: "IMSSAV005", message: "Schema validation failure" });
  expect(whole.failed).toHaveLength(4);
  expect(whole.withoutError).toBe(0);
  expect(rowOf(w.fake, accepted)).toMatchObject({ result: "Failed", state: "failed" });
  expect(String(rowOf(w.fake, accepted).message)).toMatch(/^IMSSAV005: The portal refused the whole upload file: Schema validation failure\./);

  const stray = errorListText([{ spec: notInUpload, message: "Invalid action" }]);
  const other = await w.reopen().offline.openErrorFile(picked(stray, "error.json"));
  expect(other.failed).toEqual([]);
  expect(other.unmatched).toEqual([expect.stringMatching(new RegExp(`${notInUpload.docNumber}.*No record of the upload has this section, supplier, document number and period`))]);
  expect(rowOf(w.fake, notInUpload)).toMatchObject({ result: "", state: "" });
});

test("an error file of another GSTIN, or one that is not an error file, is refused and changes nothing", async () => {
  await uploadSaved();
  const before = JSON.stringify(w.fake.inspect.values("B2B", w.fake.inspect.usedRange("B2B") as string));
  const otherGstin = JSON.stringify({ rtin: OTHER_RECIPIENT, status_cd: "PE", error_report: { b2b: [] } });
  await expect(w.app.offline.openErrorFile(picked(otherGstin, "error.json"))).rejects.toThrow("This error file is for another GSTIN");
  const download = downloadText(SPECS);
  const error = await w.app.offline.openErrorFile(picked(download, "ims.json")).catch((e: unknown) => e);
  expect(w.app.explain(error)).toMatchObject({ title: "This error file cannot be opened", detail: expect.stringMatching(/looks like the IMS download.*Nothing in the workbook was changed\./) });
  expect(JSON.stringify(w.fake.inspect.values("B2B", w.fake.inspect.usedRange("B2B") as string))).toBe(before);
});

test("confirmed without an error file: every row of the upload Uploaded; a later IMS file showing the actions leaves them so", async () => {
  await uploadSaved();
  const done = await w.reopen().offline.confirmUploaded(UPLOAD);
  expect(done.uploaded).toBe(4);
  await expect(w.app.offline.confirmUploaded("IMS_upload_old.json")).rejects.toThrow("That is not the latest upload file");

  const later = downloadText([asOnPortal(accepted, "A"), { ...rejected, action: "R", remarks: "Not received" }, asOnPortal(pending, "P"), { ...creditNote, action: "A", itc: { required: "Y" } }, notInUpload]);
  await w.app.offline.openImsFile(picked(later, "IMS_27AAACI1234F1Z2_112026.json"));
  expect(rowOf(w.fake, accepted)).toMatchObject({ result: "Uploaded", portalAction: "Accepted", action: "A" });
  expect((await w.app.offline.saveUploadFile()).file).toBeNull();
});

test("a later IMS file that shows an entry saved turns its row from In upload file to Uploaded by itself", async () => {
  await uploadSaved();
  const later = downloadText([asOnPortal(accepted, "A"), rejected, pending, creditNote, notInUpload]);
  await w.reopen().offline.openImsFile(picked(later, "IMS_27AAACI1234F1Z2_112026.json"));
  expect(rowOf(w.fake, accepted)).toMatchObject({ result: "Uploaded", state: "uploaded", referenceId: UPLOAD, portalAction: "Accepted" });
  expect(rowOf(w.fake, rejected)).toMatchObject({ result: "In upload file", state: "in-upload" });
});

test("after the portal processed an upload, a changed mind goes into the next upload file, echoing the file's record", async () => {
  await uploadSaved();
  const app = w.reopen();
  await app.offline.confirmUploaded(UPLOAD);
  expect(rowOf(w.fake, rejected)).toMatchObject({ state: "uploaded", portalAction: "Rejected", remarks: "Not received" });
  // Rejected, then accepted after all; accepted, then rejected with a reason.
  typeFor(w.fake, rejected, "action", "A");
  typeFor(w.fake, rejected, "remarks", "");
  typeFor(w.fake, accepted, "action", "R");
  typeFor(w.fake, accepted, "remarks", "Goods returned");
  const next = await w.reopen().offline.saveUploadFile();
  expect(next.refused).toEqual([]);
  expect(next.records).toBe(2);
  const text = next.file?.text ?? "";
  const downloaded = recordTexts(downloadText(SPECS), SPECS);
  for (const [s, action, remarks] of [
    [rejected, "A", undefined],
    [accepted, "R", "Goods returned"],
  ] as const) {
    const original = downloaded.get(s.docNumber) as string;
    const expected = original.replace('"action":"N"', `"action":"${action}"`).replace(/}$/, remarks ? `,"remarks":${JSON.stringify(remarks)}}` : "}");
    expect(text).toContain(expected);
  }
});
