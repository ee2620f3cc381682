/**
 * The offline journey in a real browser (issue 13): the production build of the pane (local
 * office.js) in Chromium at 350 px, the Excel fake injected before office.js, served by the
 * add-in server — whose upstream is never reached: no API account, no sign-in. The test plays the
 * user: picks the portal's IMS file in the system's file dialog, types actions into the sheets,
 * reviews, saves the upload file (a real browser download, read back and checked record by
 * record), picks the portal's error file, and confirms the upload.
 *
 * Screenshots go to test-results/screenshots/offline-*.png on every run; with UPDATE_SCREENSHOTS=1
 * the ones the README shows are copied to docs/screenshots/ too.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { withoutActionFields } from "../../src/ims/offline";
import { isArray, isObject, readJson } from "../../src/ims/offline/json-source";
import { staticAssets } from "../../src/server/assets";
import { columnLetter } from "../../src/workbook/layout";
import type { FakeExcelHandle } from "../excel-fake";
import { downloadText, errorReportText, RECIPIENT, spec, type WireSpec } from "../offline/fixtures/builders";
import { testServer } from "../server/harness";
import { assertExcelFakeInPlace, browserAvailable, buildTaskpane, excelFakeInitScript, launchBrowser, OFFICE_JS_TELEMETRY, ROOT, SCREENSHOTS } from "./browser-env";

declare global {
  interface Window {
    __excelFake: FakeExcelHandle;
  }
}

const run = browserAvailable() ? describe : describe.skip;
const VISIBLE = { timeout: 20_000 };
const TODAY = "2026-10-10";
/** 11:00 in India: the upload file's name carries it. */
const NOW = Date.parse("2026-10-10T05:30:00.000Z");
const README_SHOTS = new Set(["offline-opened", "offline-upload-saved", "offline-error-file", "offline-uploaded"]);

const accept = spec("B2B", 61);
const reject = spec("B2B", 62);
const pending = spec("B2B", 63);
const creditNote = spec("CN", 64);
const blocked = spec("CN", 65, { pendingBlocked: true });
const untouched = spec("B2BA", 66);
const SPECS = [accept, reject, pending, creditNote, blocked, untouched];
/** As the portal might write it: pretty-printed, amounts with two decimals. */
const IMS_FILE = downloadText(SPECS, { layout: "pretty", amounts: "fixed2" });
const IMS_FILE_NAME = `IMS_${RECIPIENT}_102026.json`;
const UPLOAD_NAME = `IMS_upload_${RECIPIENT}_20261010_1100.json`;

const taken: string[] = [];
/** Folders of the files the user picked, removed at the end. */
const pickedDirs: string[] = [];

/** A screenshot of the pane as the user sees it (350 × 720), scrolled to `heading` when given. */
async function shot(page: Page, name: string, heading?: string): Promise<void> {
  if (heading) await page.getByRole("heading", { name: heading, exact: true }).evaluate((el) => el.scrollIntoView({ block: "start" }));
  else await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(250);
  // Nothing sideways at the pane's width: long file names wrap.
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect({ name, ...widths, overflow: widths.scroll > widths.client }).toEqual({ name, ...widths, overflow: false });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  taken.push(name);
}

function publishScreenshots(): void {
  const names = taken.splice(0);
  if (process.env.UPDATE_SCREENSHOTS !== "1") return;
  const docs = join(ROOT, "docs", "screenshots");
  mkdirSync(docs, { recursive: true });
  for (const name of names) if (README_SHOTS.has(name)) copyFileSync(join(SCREENSHOTS, `${name}.png`), join(docs, `${name}.png`));
}

/** A section sheet's rows by document number, each by header text, with its sheet row. */
async function sheetRows(page: Page, sheet: string): Promise<Map<string, Record<string, unknown> & { sheetRow: number; address(header: string): string }>> {
  const grid = await page.evaluate((name) => {
    const fake = window.__excelFake;
    const used = fake.inspect.usedRange(name);
    return used ? fake.inspect.values(name, used) : [];
  }, sheet);
  const headers = (grid[0] ?? []).map(String);
  const out = new Map<string, Record<string, unknown> & { sheetRow: number; address(header: string): string }>();
  grid.slice(1).forEach((cells, i) => {
    const row: Record<string, unknown> = {};
    headers.forEach((h, j) => (row[h] = cells[j]));
    const doc = String(row["Invoice no."] ?? row["Note no."] ?? "");
    out.set(doc, Object.assign(row, { sheetRow: i + 2, address: (h: string) => `${columnLetter(headers.indexOf(h))}${i + 2}` }));
  });
  return out;
}

async function typeInto(page: Page, s: WireSpec, header: string, text: string): Promise<void> {
  const row = (await sheetRows(page, s.section)).get(s.docNumber);
  if (!row) throw new Error(`no row for ${s.docNumber}`);
  const address = row.address(header);
  await page.evaluate(([sheet, a, t]) => window.__excelFake.user.typeInto(sheet, a, t), [s.section, address, text] as const);
}

async function rowOf(page: Page, s: WireSpec): Promise<Record<string, unknown>> {
  const row = (await sheetRows(page, s.section)).get(s.docNumber);
  if (!row) throw new Error(`no row for ${s.docNumber}`);
  return row;
}

/** The user picks a file on disk (dated the day before) in the system's file dialog. */
async function pickFile(page: Page, button: string, name: string, text: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "ims-offline-files-"));
  pickedDirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, text, "utf8");
  const day = new Date("2026-10-09T12:00:00.000Z");
  utimesSync(path, day, day);
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: button }).click();
  await (await chooser).setFiles(path);
}

/** A record's exact text in the downloaded file. */
function rawOf(s: WireSpec): string {
  const at = IMS_FILE.indexOf(JSON.stringify(s.docNumber));
  return IMS_FILE.slice(IMS_FILE.lastIndexOf("{", at), IMS_FILE.indexOf("}", at) + 1);
}

run("browser: the offline journey, with no API account", () => {
  let outDir = "";
  let site: Awaited<ReturnType<typeof testServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    outDir = await buildTaskpane();
    // The add-in server as a firm runs it; its upstream is never reached on this path.
    site = await testServer("http://127.0.0.1:9", { assets: staticAssets(outDir) });
    browser = await launchBrowser();
    await browser.context.clock.install({ time: NOW });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
    for (const dir of pickedDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  test("open the portal's IMS file, edit, review, save the upload file, open the error file, confirm", async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => {
      const url = r.url();
      if (!url.startsWith(site.url) && !url.startsWith(OFFICE_JS_TELEMETRY) && !url.startsWith("data:") && !url.startsWith("blob:")) errors.push(`unexpected request: ${url}`);
    });
    await page.addInitScript({ content: excelFakeInitScript({ today: TODAY }) });
    await page.goto(`${site.url}/taskpane.html`);
    await page.getByRole("heading", { name: "IMS for Excel" }).waitFor(VISIBLE);
    await assertExcelFakeInPlace(page);

    // 1. Open the portal's IMS file: no sign-in.
    await page.getByRole("tab", { name: "Files" }).click();
    await page.getByRole("heading", { name: "Portal files, without an API account" }).waitFor(VISIBLE);
    await pickFile(page, "Open a portal IMS file…", IMS_FILE_NAME, IMS_FILE);
    await page.getByText("IMS file opened").waitFor(VISIBLE);
    await page.getByText(/: 6 records of GSTIN 27AAACI1234F1Z2 in 3 sheets/).waitFor(VISIBLE);
    await page.getByText(/file of 09-10-2026 17:30 IST/).waitFor(VISIBLE);
    await shot(page, "offline-opened");
    expect((await sheetRows(page, "B2B")).size).toBe(3);
    expect(await rowOf(page, accept)).toMatchObject({ "Action on portal": "No action", "Action (A/R/P/N)": "N" });

    // 2. The user types actions into the sheets.
    await typeInto(page, accept, "Action (A/R/P/N)", "A");
    await typeInto(page, reject, "Action (A/R/P/N)", "R");
    await typeInto(page, reject, "Remarks", "Goods not received");
    await typeInto(page, pending, "Action (A/R/P/N)", "P");
    await typeInto(page, creditNote, "Action (A/R/P/N)", "A");
    await typeInto(page, blocked, "Action (A/R/P/N)", "P");

    // 3. Review, without a sign-in, as on the API path.
    await page.getByRole("tab", { name: "Review" }).click();
    await page.getByRole("button", { name: /^Review$/ }).click();
    await page.getByText("Rows Submit would send, by section").waitFor(VISIBLE);
    await page.getByRole("heading", { name: "Refused rows (1)" }).waitFor(VISIBLE);
    await shot(page, "offline-review");

    // 4. Save the upload file: a real download, checked record by record.
    await page.getByRole("tab", { name: "Files" }).click();
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Save upload file" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(UPLOAD_NAME);
    const text = readFileSync(await download.path(), "utf8");
    await page.getByText("Upload file saved").waitFor(VISIBLE);
    await page.getByRole("heading", { name: "Left out of the upload file (1)" }).waitFor(VISIBLE);
    await shot(page, "offline-upload-saved", "Save upload file");

    const root = readJson(text);
    if (!root.ok || !isObject(root.value)) throw new Error("the upload file is not JSON");
    expect(root.value.members.get("rtin")).toBe(RECIPIENT);
    const invdata = root.value.members.get("invdata");
    if (!isObject(invdata)) throw new Error("no invdata");
    const sent = new Map<string, { text: string; action: unknown; remarks: unknown; itc: unknown }>();
    for (const list of invdata.members.values()) {
      if (!isArray(list)) throw new Error("not a list");
      for (const item of list.items) {
        if (!isObject(item)) throw new Error("not a record");
        const doc = String(item.members.get("inum") ?? item.members.get("nt_num"));
        sent.set(doc, { text: text.slice(item.start, item.end), action: item.members.get("action"), remarks: item.members.get("remarks"), itc: item.members.get("itcRedReq") });
      }
    }
    expect([...sent.keys()].sort()).toEqual([accept, reject, pending, creditNote].map((s) => s.docNumber).sort());
    for (const s of [accept, reject, pending, creditNote]) expect(withoutActionFields(sent.get(s.docNumber)?.text ?? "")).toBe(withoutActionFields(rawOf(s)));
    expect(sent.get(reject.docNumber)).toMatchObject({ action: "R", remarks: "Goods not received" });
    expect(sent.get(creditNote.docNumber)).toMatchObject({ action: "A", itc: "Y" });
    for (const s of [accept, reject, pending, creditNote]) expect(await rowOf(page, s)).toMatchObject({ Result: "In upload file", "Reference ID": UPLOAD_NAME });
    expect(await rowOf(page, blocked)).toMatchObject({ Result: "Refused" });

    // 5. The portal's error file: one record failed.
    const errorFile = errorReportText({
      b2b: [{ stin: pending.stin, error_cd: "IMSSAV0010", error_msg: "Either previous action is incorrect/ invoice might have edited by supplier", inv: [{ inum: pending.docNumber, rtnprd: `${pending.period.slice(5)}${pending.period.slice(0, 4)}` }] }],
    });
    await pickFile(page, "Open the portal's error file…", "IMS_error.json", errorFile);
    await page.getByText(/1 row failed on the portal and is marked Failed\. 3 other rows had no error/).waitFor(VISIBLE);
    await shot(page, "offline-error-file", "After uploading");
    const failed = await rowOf(page, pending);
    expect(failed).toMatchObject({ Result: "Failed", "Reference ID": UPLOAD_NAME });
    expect(String(failed.Message)).toMatch(/^IMSSAV0010: Either previous action is incorrect/);

    // 6. The portal processed the upload: the other rows are Uploaded.
    await page.getByRole("button", { name: "The portal processed it" }).click();
    await page.getByText(/3 rows marked Uploaded/).waitFor(VISIBLE);
    await shot(page, "offline-uploaded", "Failed on the portal (1)");
    for (const s of [accept, reject, creditNote]) expect(await rowOf(page, s)).toMatchObject({ Result: "Uploaded" });
    expect(await rowOf(page, accept)).toMatchObject({ "Action on portal": "Accepted" });
    expect(await rowOf(page, pending)).toMatchObject({ Result: "Failed" });

    // Nothing but the pane's own server was asked anything, and only what it works against.
    const endpoints = site.logs.map((l) => (JSON.parse(l) as { endpoint: string }).endpoint);
    expect(endpoints.every((e) => e === "/_upstream")).toBe(true);
    expect(errors).toEqual([]);
    publishScreenshots();
  }, 180_000);
});
