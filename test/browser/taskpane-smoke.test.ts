/**
 * The built task pane, served by the add-in server (src/server) as `npm run serve` does, loads in
 * Chromium with the local office.js, outside Office, and renders without errors or requests
 * leaving this machine; it shows which IMS API the server works against.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { staticAssets } from "../../src/server/assets";
import { testServer } from "../server/harness";
import { browserAvailable, buildTaskpane, launchBrowser, SCREENSHOTS } from "./browser-env";

const run = browserAvailable() ? describe : describe.skip;

run("task pane in a real browser", () => {
  let outDir = "";
  let site: Awaited<ReturnType<typeof testServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    outDir = await buildTaskpane();
    // Nothing here reaches the upstream: the pane only asks the server what it works against.
    site = await testServer("http://127.0.0.1:9", { assets: staticAssets(outDir) });
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
    await page.getByText("local sandbox, demo data").first().waitFor({ timeout: 5_000 });
    expect(site.logs.map((l) => (JSON.parse(l) as { endpoint: string }).endpoint)).toContain("/_upstream");
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, "taskpane-placeholder.png") });
  });
});
