/**
 * Shared plumbing of the browser tests: a production build with the local office.js, a static
 * server on 127.0.0.1, and Debian's Chromium driven by Playwright (never a downloaded browser).
 */
import { execFile } from "node:child_process";
import { createReadStream, existsSync, mkdtempSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

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

export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "ims-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 350, height: 720 },
  });
  return { context, close: () => context.close() };
}
