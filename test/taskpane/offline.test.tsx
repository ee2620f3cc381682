/** @jest-environment ./test/jsdom-env.js */
/**
 * The Files tab (issue 13): the portal's IMS file picked and handed to the application with its
 * name, text and date; the upload file saved as a download (Blob, object URL, <a download>), again
 * on demand, and its text to copy; the error file picked; the upload confirmed. Signed out.
 */
import { act, cleanup, fireEvent, waitFor } from "@testing-library/react";
import type { ErrorFileReport, ImsFileReport, OfflineStatus, UploadFileReport } from "../../src/app/offline-types";
import { OFFLINE_INTRO } from "../../src/taskpane/OfflinePanel";
import { ExplainableError, FakeImsApp, rowIssue, signedIn } from "./fake-app";
import type { OfflineCall } from "./fake-offline";
import { flush, openTab, panel, renderPane } from "./helpers";

const GSTIN = "27AAACI1234F1Z2";
const FILE_NAME = `IMS_${GSTIN}_102026.json`;
const UPLOAD = `IMS_upload_${GSTIN}_20261010_1100.json`;

function files() {
  return panel("Files");
}

function button(name: string | RegExp) {
  return files().getByRole("button", { name }) as HTMLButtonElement;
}

/** The hidden file input behind a button: the user picks `file` in the system's dialog. */
function pick(buttonLabel: string, file: File): void {
  const input = document.querySelector(`input[type="file"][data-picker="${buttonLabel}"]`) as HTMLInputElement | null;
  if (!input) throw new Error(`no file input for ${buttonLabel}`);
  Object.defineProperty(input, "files", { value: [file], configurable: true });
  fireEvent.change(input);
}

async function settle<T>(call: OfflineCall<T>, value: T): Promise<void> {
  await act(async () => {
    call.pending.resolve(value);
    await Promise.resolve();
  });
  await flush();
}

async function fail<T>(call: OfflineCall<T>, error: unknown): Promise<void> {
  await act(async () => {
    call.pending.reject(error);
    await Promise.resolve();
  });
  await flush();
}

async function filesTab(status: OfflineStatus = { gstin: null, file: null, upload: null }, app = new FakeImsApp()) {
  app.offline.current = status;
  await renderPane(app);
  openTab("Files");
  await flush();
  return app;
}

const OPENED: OfflineStatus = {
  gstin: GSTIN,
  file: { fileName: FILE_NAME, fileDate: "2026-10-09T12:00:00.000Z", importedAt: "2026-10-10T05:30:00.000Z", gstin: GSTIN, frequency: "quarterly", records: 13 },
  upload: null,
};

function importReport(): ImsFileReport {
  return {
    file: OPENED.file as NonNullable<OfflineStatus["file"]>,
    sections: [
      { section: "B2B", records: 10, added: 9, updated: 1, keptEdits: 2, leftPortal: 0, awaitingConfirmation: 1, portalEditsUndone: 0 },
      { section: "CN", records: 3, added: 3, updated: 0, keptEdits: 0, leftPortal: 0, awaitingConfirmation: 0, portalEditsUndone: 0 },
    ],
    gstinConfirmed: true,
    periods: ["2026-09"],
    notices: ["The return period (rtnprd) gives only the month; its year was taken as the first one on or after the document's date. (13 places)"],
  };
}

function uploadReport(overrides: Partial<UploadFileReport> = {}): UploadFileReport {
  return {
    file: { name: UPLOAD, text: '{"rtin":"27AAACI1234F1Z2","reqtyp":"SAVE","invdata":{"b2b":[{"inum":"INV/1","action":"A"}]}}', bytes: 88 },
    sections: [{ section: "B2B", accept: 2, reject: 1, pending: 0 }],
    records: 3,
    itcDefaulted: 1,
    refused: [rowIssue({ code: "offline-cannot-reset", field: "Action (A/R/P/N)", message: "The portal's offline upload cannot set a record back to No action." })],
    conflicts: [],
    replaces: null,
    warnings: [],
    ...overrides,
  };
}

describe("Files: opening the portal's IMS file", () => {
  test("signed out, a new workbook: the file's name, text and date go to the application with the GSTIN typed and the frequency; the summary follows", async () => {
    const app = await filesTab();
    expect(files().getByText(OFFLINE_INTRO)).toBeTruthy();
    fireEvent.change(files().getByRole("textbox", { name: /GSTIN/ }), { target: { value: "27aaaci1234f1z2" } });
    fireEvent.change(files().getByRole("combobox", { name: /Filing frequency/ }), { target: { value: "quarterly" } });
    pick("Open a portal IMS file…", new File(['{"imsDetails":{}}'], FILE_NAME, { type: "application/json", lastModified: Date.parse("2026-10-09T12:00:00.000Z") }));
    await waitFor(() => expect(app.offline.openImsFile).toHaveBeenCalled());
    const call = app.offline.last("openImsFile");
    expect(call.args[0]).toEqual({ name: FILE_NAME, text: '{"imsDetails":{}}', lastModified: Date.parse("2026-10-09T12:00:00.000Z") });
    expect(call.options).toEqual(expect.objectContaining({ gstin: GSTIN, frequency: "quarterly", signal: expect.any(AbortSignal) }));
    expect(files().getByRole("progressbar", { name: "Opening the IMS file" })).toBeTruthy();

    app.offline.current = OPENED;
    await settle(call, importReport());
    expect(files().getByText("IMS file opened")).toBeTruthy();
    expect(files().getByText(/: 13 records of GSTIN 27AAACI1234F1Z2 in 2 sheets\./)).toBeTruthy();
    expect(files().getByText(/B2B B2B invoices: 10 records/)).toBeTruthy();
    expect(files().getByText(/2 edits of yours kept, 1 entry held for your check/)).toBeTruthy();
    expect(files().getByText(/gives only the month/)).toBeTruthy();
    // The workbook now has its GSTIN: no field to type it, and the last file is named.
    expect(files().queryByRole("textbox", { name: /GSTIN/ })).toBeNull();
    expect(files().getByText(/This workbook is for GSTIN/)).toBeTruthy();
    expect(files().getByText(/^Last opened:/)).toBeTruthy();
  });

  test("a refused file: the plain sentence, and nothing else claims success", async () => {
    const app = await filesTab(OPENED);
    pick("Open a portal IMS file…", new File(["{}"], "other.json"));
    await waitFor(() => expect(app.offline.openImsFile).toHaveBeenCalled());
    await fail(
      app.offline.last("openImsFile"),
      new ExplainableError({ kind: "unexpected", title: "This file is for another GSTIN", detail: `This file is for GSTIN 29AABCB5678K1Z5, but this workbook is for ${GSTIN}. Nothing in the workbook was changed.`, action: "none" }),
    );
    expect(files().getByText("This file is for another GSTIN")).toBeTruthy();
    expect(files().getByText(/but this workbook is for 27AAACI1234F1Z2\. Nothing in the workbook was changed\./)).toBeTruthy();
    expect(files().queryByText("IMS file opened")).toBeNull();
  });

  test("signed in: the session's GSTIN is the workbook's, no field to type one", async () => {
    await filesTab({ gstin: null, file: null, upload: null }, new FakeImsApp({ session: signedIn() }));
    expect(files().queryByRole("textbox", { name: /GSTIN/ })).toBeNull();
    expect(files().getByText(/This workbook is for GSTIN/)).toBeTruthy();
  });

  test("a mistyped GSTIN disables opening, with the reason", async () => {
    await filesTab();
    fireEvent.change(files().getByRole("textbox", { name: /GSTIN/ }), { target: { value: "27AAACI1234F1Z3" } });
    expect(button("Open a portal IMS file…").disabled).toBe(true);
    expect(files().getByText(/check character/)).toBeTruthy();
  });
});

describe("Files: the upload file", () => {
  let created: Blob[];
  let clicked: { href: string; download: string }[];
  const originalCreate = URL.createObjectURL;
  const originalRevoke = URL.revokeObjectURL;
  beforeEach(() => {
    created = [];
    clicked = [];
    URL.createObjectURL = jest.fn((blob: Blob) => {
      created.push(blob);
      return `blob:pane/${created.length}`;
    });
    URL.revokeObjectURL = jest.fn();
    jest.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.getAttribute("href") ?? "", download: this.download });
    });
  });
  afterEach(() => {
    cleanup(); // unmount first: the pane revokes its object URL as it goes
    URL.createObjectURL = originalCreate;
    URL.revokeObjectURL = originalRevoke;
    jest.restoreAllMocks();
  });

  test("saved as a download of the application's text, offered again and to copy; refusals listed with Go to row", async () => {
    const app = await filesTab(OPENED);
    fireEvent.click(button("Save upload file"));
    const call = app.offline.last("saveUploadFile");
    const report = uploadReport();
    await settle(call, report);

    expect(clicked).toEqual([{ href: "blob:pane/1", download: UPLOAD }]);
    const blob = created[0] as Blob;
    expect(blob.type).toBe("application/json");
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(blob);
    });
    expect(text).toBe(report.file?.text);

    expect(files().getByText("Upload file saved")).toBeTruthy();
    expect(files().getAllByText(UPLOAD, { selector: "span" }).length).toBeGreaterThan(0);
    expect(files().getByText(/: 3 records \(B2B 2 accept, 1 reject\)\. Upload it on the GST portal: IMS → Offline → Upload\./)).toBeTruthy();
    const again = files().getByRole("link", { name: "Download it again" });
    expect(again.getAttribute("href")).toBe("blob:pane/1");
    expect(again.getAttribute("download")).toBe(UPLOAD);
    expect(files().getByText(/1 accepted credit note goes with "Reduce ITC" Yes/)).toBeTruthy();
    expect(files().getByRole("heading", { name: "Left out of the upload file (1)" })).toBeTruthy();
    expect(files().getByText(/cannot set a record back to No action/)).toBeTruthy();
    fireEvent.click(files().getByRole("button", { name: "Go to row 14 of B2B" }));
    expect(app.selectRow).toHaveBeenCalledWith("B2B", 14);

    const writeText = jest.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    fireEvent.click(button("Copy its text"));
    await flush();
    expect(writeText).toHaveBeenCalledWith(report.file?.text);
    expect(files().getByText("Copied.")).toBeTruthy();
  });

  test("nothing to upload: said so, nothing downloaded; a file replacing an earlier one says to upload only it", async () => {
    const app = await filesTab(OPENED);
    fireEvent.click(button("Save upload file"));
    await settle(app.offline.last("saveUploadFile"), uploadReport({ file: null, sections: [], records: 0, itcDefaulted: 0, refused: [] }));
    expect(clicked).toEqual([]);
    expect(files().getByText(/Nothing to upload/)).toBeTruthy();

    fireEvent.click(button("Save upload file"));
    await settle(app.offline.last("saveUploadFile"), uploadReport({ replaces: "IMS_upload_27AAACI1234F1Z2_20261009_1700.json" }));
    expect(files().getByText(/This file replaces IMS_upload_27AAACI1234F1Z2_20261009_1700\.json, which was not confirmed: upload only this one\./)).toBeTruthy();
  });

  test("without a portal file in the workbook the button waits for one", async () => {
    await filesTab();
    expect(button("Save upload file").disabled).toBe(true);
    expect(files().getByText("Open a portal IMS file first.")).toBeTruthy();
  });
});

describe("Files: after uploading", () => {
  const WITH_UPLOAD: OfflineStatus = { ...OPENED, upload: { fileName: UPLOAD, savedAt: "2026-10-10T05:30:00.000Z", records: 4, confirmedAt: null } };

  test("the error file: failed rows listed with the portal's code, the others waiting for confirmation; then confirmed", async () => {
    const app = await filesTab(WITH_UPLOAD);
    expect(files().getByText(new RegExp(`${UPLOAD.replace(/\./g, "\\.")}`), { selector: "span" })).toBeTruthy();
    pick("Open the portal's error file…", new File(['{"error_report":{}}'], "error.json"));
    await waitFor(() => expect(app.offline.openErrorFile).toHaveBeenCalled());
    expect(app.offline.last("openErrorFile").args[0]).toMatchObject({ name: "error.json", text: '{"error_report":{}}' });
    const report: ErrorFileReport = {
      uploadFile: UPLOAD,
      failed: [rowIssue({ code: "IMSSAV0010", message: "IMSSAV0010: Either previous action is incorrect." })],
      wholeFile: null,
      withoutError: 3,
      unmatched: ["B2B INV/9 of 29AABCB5678K1Z5: Invalid action. This record was not in the upload."],
      warnings: [],
    };
    await settle(app.offline.last("openErrorFile"), report);
    expect(files().getByText(/1 row failed on the portal and is marked Failed\. 3 other rows had no error/)).toBeTruthy();
    expect(files().getByRole("heading", { name: "Failed on the portal (1)" })).toBeTruthy();
    expect(files().getByText("IMSSAV0010", { selector: "span" })).toBeTruthy();
    expect(files().getByText(/This record was not in the upload/)).toBeTruthy();

    fireEvent.click(button("The portal processed it"));
    expect(app.offline.last("confirmUploaded").args).toEqual([UPLOAD]);
    await settle(app.offline.last("confirmUploaded"), { uploadFile: UPLOAD, uploaded: 3, changedReturnPeriods: ["2026-09"] });
    expect(files().getByText(/3 rows marked Uploaded/)).toBeTruthy();
  });

  test("a whole upload refused by the portal is said so", async () => {
    const app = await filesTab(WITH_UPLOAD);
    pick("Open the portal's error file…", new File(["{}"], "error.json"));
    await waitFor(() => expect(app.offline.openErrorFile).toHaveBeenCalled());
    await settle(app.offline.last("openErrorFile"), { uploadFile: UPLOAD, failed: [], wholeFile: { code: "IMSSAV005", message: "Schema validation failure" }, withoutError: 0, unmatched: [], warnings: [] });
    expect(files().getByText("The portal refused the whole upload file")).toBeTruthy();
    expect(files().getByText(/IMSSAV005: Schema validation failure Every row of it is marked Failed/)).toBeTruthy();
  });
});
