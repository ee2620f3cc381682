/**
 * Shared plumbing of the browser tests: a production build with the local office.js, a static
 * server on 127.0.0.1, Debian's Chromium driven by Playwright (never a downloaded browser), and
 * the Excel fake (test/excel-fake) bundled into a script a page runs before its own.
 */
import { execFile } from "node:child_process";
import { createReadStream, existsSync, mkdtempSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import type { FakeExcelOptions } from "../excel-fake";

export const ROOT = resolve(__dirname, "../..");
export const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOTS = join(ROOT, "test-results", "screenshots");

/** Browser tests run wherever Chromium is installed, and CI insists on them. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`Browser tests are required under CI, but ${CHROMIUM} is missing: apt-get install -y chromium`);
  console.warn(`\n*** SKIPPING BROWSER TESTS: ${CHROMIUM} is not installed (apt-get install -y chromium). CI requires them. ***\n`);
  return false;
}

export function buildTaskpane(env: Record<string, string> = {}): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), "ims-browser-build-"));
  return new Promise((res, rej) => {
    execFile(
      process.execPath,
      [join(ROOT, "node_modules/webpack-cli/bin/cli.js"), "--mode", "production", "--output-path", outDir],
      { cwd: ROOT, env: { ...process.env, OFFICE_JS: "local", ...env }, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 },
      (err, stdout, stderr) => (err ? rej(new Error(`webpack build failed: ${err.message}\n${stdout}\n${stderr}`)) : res(outDir)),
    );
  });
}

const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".png": "image/png", ".xml": "application/xml", ".css": "text/css", ".map": "application/json" };

export async function serveStatic(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * office.js, outside an Office host, loads Microsoft's telemetry proxy in an iframe about 3 s
 * after it starts (OSF.Logger in o15apptofilemappingtable.js; not something the pane asks for).
 * The browser tests block it like every other request leaving 127.0.0.1.
 */
export const OFFICE_JS_TELEMETRY = "https://telemetryservice.firstpartyapps.oaspapps.com/";

function isLoopback(url: URL): boolean {
  return url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]";
}

export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "ims-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 350, height: 720 },
  });
  // Nothing leaves this machine: requests to anywhere but loopback are refused. Tests that care
  // which requests a page makes still see them (the "request" event fires before routing).
  await context.route(
    (url) => !isLoopback(url),
    (route) => route.abort("blockedbyclient"),
  );
  return { context, close: () => context.close() };
}

interface Esbuild {
  buildSync(options: Record<string, unknown>): { outputFiles: { text: string }[] };
}

/**
 * esbuild comes with tsx (a dev dependency), so it is found from tsx's own folder: that works
 * whether npm hoisted it or not. The fake's author checks such a bundle runs in a bare JS context
 * (test/excel-fake/portability.test.ts).
 */
function loadEsbuild(): Esbuild {
  const fromTsx = createRequire(join(dirname(require.resolve("tsx/package.json")), "package.json"));
  return fromTsx("esbuild") as Esbuild;
}

let fakeBundle: string | null = null;

/** test/excel-fake as one browser script defining the global `ExcelFake` (its module exports). */
export function excelFakeBundle(): string {
  fakeBundle ??=
    loadEsbuild().buildSync({
      entryPoints: [join(ROOT, "test/excel-fake/index.ts")],
      bundle: true,
      format: "iife",
      globalName: "ExcelFake",
      target: "es2020",
      platform: "browser",
      write: false,
    }).outputFiles[0]?.text ?? "";
  if (!fakeBundle) throw new Error("esbuild produced no bundle of test/excel-fake");
  return fakeBundle;
}

/**
 * A script for `page.addInitScript({ content })`: it runs in the page before any of the page's
 * own scripts (office.js, then the task pane), installs the Excel fake (globalThis.Excel and
 * OfficeExtension) and keeps its handle as `window.__excelFake`. Outside an Office host office.js
 * loads no host script and leaves both globals alone: `assertExcelFakeInPlace` checks that on
 * every page, so an office.js that starts defining its own `Excel` fails loudly instead of the
 * pane talking to something else.
 */
export function excelFakeInitScript(options: FakeExcelOptions = {}): string {
  return `${excelFakeBundle()}
;(function () {
  var handle = ExcelFake.installExcelFake(${JSON.stringify(options)});
  Object.defineProperty(window, "__excelFake", { value: handle, configurable: true });
  Object.defineProperty(window, "__excelFakeRun", { value: window.Excel.run, configurable: true });
})();`;
}

/** The page's `Excel.run` is still the fake's (call once the pane has rendered). */
export async function assertExcelFakeInPlace(page: Page): Promise<void> {
  const ok = await page.evaluate(() => {
    const w = window as unknown as { Excel?: { run?: unknown }; __excelFakeRun?: unknown };
    return typeof w.__excelFakeRun === "function" && w.Excel?.run === w.__excelFakeRun;
  });
  if (!ok) throw new Error("window.Excel is not the Excel fake any more: did office.js define its own Excel namespace?");
}
