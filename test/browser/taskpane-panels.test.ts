/**
 * Every panel of the pane, with a scripted demo application (test/browser/gallery.tsx), in
 * Chromium at the task pane's 350 px: nothing overflows sideways, and a screenshot of each
 * lands in test-results/screenshots/ for a person to look at.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { browserAvailable, launchBrowser, ROOT, SCREENSHOTS, serveStatic } from "./browser-env";

const run = browserAvailable() ? describe : describe.skip;

function buildGallery(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), "ims-gallery-build-"));
  return new Promise((res, rej) => {
    execFile(
      process.execPath,
      [join(ROOT, "node_modules/webpack-cli/bin/cli.js"), "--config", "test/browser/gallery.webpack.js", "--output-path", outDir],
      { cwd: ROOT, env: process.env, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 },
      (err, stdout, stderr) => {
        if (err) return rej(new Error(`gallery build failed: ${err.message}\n${stdout}\n${stderr}`));
        writeFileSync(join(outDir, "gallery.html"), '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>IMS for Excel</title><style>html,body{margin:0;padding:0}</style></head><body><div id="root"></div><script src="gallery.js"></script></body></html>');
        res(outDir);
      },
    );
  });
}

/** 21 November 2026, 12:00 in India. */
const GALLERY_NOW = Date.parse("2026-11-21T06:30:00.000Z");

run("task pane panels at 350 px", () => {
  let outDir = "";
  let site: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    outDir = await buildGallery();
    site = await serveStatic(outDir);
    browser = await launchBrowser();
    // The gallery's times (signed in until, reconciled at) come from the page's clock: one fixed day.
    await browser.context.clock.install({ time: GALLERY_NOW });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  async function open(scenario: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${site.url}/gallery.html?scenario=${scenario}`);
    await page.getByRole("heading", { name: "IMS for Excel" }).waitFor({ timeout: 15_000 });
    return { page, errors };
  }

  async function check(page: Page, errors: string[], name: string): Promise<void> {
    await page.waitForTimeout(300);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    await page.screenshot({ path: join(SCREENSHOTS, `pane-${name}.png`), fullPage: true });
    expect(errors).toEqual([]);
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await page.close();
  }

  test("Connect: the sandbox default", async () => {
    const { page, errors } = await open("connect");
    await page.getByText("local sandbox, demo data").first().waitFor();
    await check(page, errors, "connect-sandbox");
  });

  test("Connect: provider form with validation messages", async () => {
    const { page, errors } = await open("provider");
    await page.getByText("IMS API provider (api.sandbox.co.in)").first().waitFor();
    await page.getByRole("textbox", { name: "GSTIN" }).fill("27AAACI1234F1Z3");
    await page.getByRole("button", { name: "Send OTP" }).click();
    await page.getByText(/check character/).waitFor();
    // Keyboard: the first field with a problem has focus.
    expect(await page.getByRole("textbox", { name: "GSTIN" }).evaluate((el) => el === document.activeElement)).toBe(true);
    await check(page, errors, "connect-provider-errors");
  });

  test("Connect: OTP step", async () => {
    const { page, errors } = await open("otp");
    await page.getByRole("textbox", { name: "OTP" }).waitFor();
    await check(page, errors, "connect-otp");
  });

  test("Connect: signed in", async () => {
    const { page, errors } = await open("inward");
    await page.getByRole("tab", { name: "Connect" }).click();
    await page.getByText(/Session valid until/).waitFor();
    await check(page, errors, "connect-signed-in");
  });

  test("Inward supplies: counts and a pull in progress", async () => {
    const { page, errors } = await open("inward");
    await page.getByRole("table").waitFor();
    await page.getByRole("button", { name: /^Pull/ }).click();
    await page.getByText("Pulling CN (2 of 5): page 3").waitFor();
    await check(page, errors, "inward-pulling");
  });

  test("Review: plan, ITC at stake, refused and conflicting rows", async () => {
    const { page, errors } = await open("review");
    await page.getByRole("tab", { name: "Review" }).click();
    await page.getByRole("button", { name: "Review", exact: true }).click();
    await page.getByText("₹1,23,45,678.90").waitFor();
    await check(page, errors, "review");
  });

  test("Submit: batches in progress", async () => {
    const { page, errors } = await open("submit");
    await page.getByRole("tab", { name: "Review" }).click();
    await page.getByRole("button", { name: "Review", exact: true }).click();
    await page.getByRole("button", { name: /^Submit \d/ }).click();
    await page.getByText("Batch 3 of 4: waiting for the portal").waitFor();
    await check(page, errors, "submitting");
  });

  test("Submit: the summary", async () => {
    const { page, errors } = await open("submitted");
    await page.getByRole("tab", { name: "Review" }).click();
    await page.getByRole("button", { name: "Review", exact: true }).click();
    await page.getByRole("button", { name: /^Submit \d/ }).click();
    await page.getByText("Submitted, with rows to look at").waitFor();
    await check(page, errors, "submitted");
  });

  test("GSTR-2B: recomputed", async () => {
    const { page, errors } = await open("gstr2b");
    await page.getByRole("tab", { name: "GSTR-2B" }).click();
    await page.getByRole("button", { name: "Recompute GSTR-2B" }).click();
    await page.getByText(/recomputed\./).waitFor();
    await check(page, errors, "gstr2b");
  });

  test("Outward: sales by the customers' actions, the sheets written, added-back totals per head", async () => {
    const { page, errors } = await open("outward");
    await page.getByRole("tab", { name: "Outward" }).click();
    await page.getByRole("button", { name: "Pull sales" }).click();
    await page.getByText("Follow-up: 214 documents to follow up").waitFor();
    await page.getByRole("button", { name: "Pull added-back liabilities" }).click();
    await page.getByRole("table", { name: "Added back, per head" }).waitFor();
    await check(page, errors, "outward");
  });

  test("Suppliers: Action for all applied, with what was left and Undo", async () => {
    const { page, errors } = await open("suppliers");
    await page.getByRole("tab", { name: "Suppliers" }).click();
    await page.getByRole("button", { name: "Apply Action for all" }).click();
    await page.getByText("Wrote 146 actions into the section sheets.").waitFor();
    await page.getByRole("button", { name: "Undo (146 cells)" }).waitFor();
    await check(page, errors, "suppliers");
  });

  test("Reconcile: the register's mapping, a reconciliation, suggestions applied with Undo, the ITC preview", async () => {
    const { page, errors } = await open("reconcile");
    await page.getByRole("tab", { name: "Reconcile" }).click();
    await page.getByRole("button", { name: "Open the register sheet" }).click();
    await page.getByRole("table", { name: "Register columns read per field" }).waitFor();
    await page.getByRole("button", { name: "Reconcile", exact: true }).click();
    await page.getByRole("table", { name: "Matches per category" }).waitFor();
    await page.getByRole("button", { name: "Apply suggestions" }).click();
    await page.getByText(/^Wrote [\d,]+ suggested actions? into the section sheets\.$/).waitFor();
    await page.getByRole("button", { name: /^Undo \(/ }).waitFor();
    await page.getByRole("button", { name: "Preview ITC" }).click();
    await page.getByRole("table", { name: /^ITC for .*: now and after the drafted actions$/ }).waitFor();
    await check(page, errors, "reconcile");
  });

  test("An error with its next step", async () => {
    const { page, errors } = await open("error");
    await page.getByText("Your session has expired").waitFor();
    await check(page, errors, "error-session-expired");
  });

  test("Keyboard: the tabs move with the arrow keys", async () => {
    const { page, errors } = await open("inward");
    await page.getByRole("tab", { name: "Inward" }).focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    expect(await page.getByRole("tab", { name: "Suppliers" }).getAttribute("aria-selected")).toBe("true");
    await check(page, errors, "keyboard-tabs");
  });
});
