/**
 * The built task pane loads in Chromium with the local office.js, outside Office, and
 * renders without errors or requests leaving this machine.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { browserAvailable, buildTaskpane, launchBrowser, SCREENSHOTS, serveStatic } from "./browser-env";

const run = browserAvailable() ? describe : describe.skip;

run("task pane in a real browser", () => {
  let outDir = "";
  let site: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    outDir = await buildTaskpane({ SANDBOX_URL: "http://127.0.0.1:4999" });
    site = await serveStatic(outDir);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  test("renders the pane after Office.onReady, with no page errors and no outside requests", async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    const outside: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => {
      if (!r.url().startsWith(site.url) && !r.url().startsWith("data:")) outside.push(r.url());
    });
    await page.goto(`${site.url}/taskpane.html`);
    await page.getByText("IMS for Excel").first().waitFor({ timeout: 15_000 });
    await page.getByText("127.0.0.1:4999").first().waitFor({ timeout: 5_000 });
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, "taskpane-placeholder.png") });
  });
});
