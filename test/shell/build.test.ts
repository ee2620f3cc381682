/**
 * A real production webpack build (the same CLI as `npm run build`) into a temp folder,
 * plus checks of the webpack config's build-time switches (OFFICE_JS). The bundle holds no
 * credential and builds no x-api-secret header: the add-in server (src/server) holds them.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Configuration } from "webpack";

const ROOT = path.resolve(__dirname, "../..");
const WEBPACK_CLI = path.join(ROOT, "node_modules", "webpack-cli", "bin", "cli.js");
const OFFICE_JS_DIST = path.join(ROOT, "node_modules", "@microsoft", "office-js", "dist");
const CDN_OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const DEV_ORIGIN = "https://localhost:3000";

type ConfigFactory = (
  env?: Record<string, unknown>,
  argv?: { mode?: "production" | "development" },
) => Configuration;

const configFactory = require("../../webpack.config.js") as ConfigFactory;

/** Runs `fn` with some environment variables set (undefined = unset), then restores them. */
function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(vars);
  try {
    return fn();
  } finally {
    apply(saved);
  }
}

describe("production build", () => {
  let outDir = "";
  let html = "";

  const out = (rel: string) => path.join(outDir, rel);

  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), "ims-build-test-"));
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.OFFICE_JS;
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [WEBPACK_CLI, "--mode", "production", "--output-path", outDir],
        { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024, timeout: 110_000 },
        (err, stdout, stderr) => {
          if (err) reject(new Error(`webpack build failed: ${err.message}\n${stdout}\n${stderr}`));
          else resolve();
        },
      );
    });
    html = fs.readFileSync(out("taskpane.html"), "utf8");
  }, 120_000);

  afterAll(() => {
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  test("emits taskpane.html that loads the hashed bundle and office.js from the CDN", () => {
    const bundles = [...html.matchAll(/<script[^>]*\bsrc="?(taskpane\.[0-9a-f]{8,}\.js)"?/g)].map((m) => m[1] ?? "");
    expect(bundles).toHaveLength(1);
    expect(fs.existsSync(out(bundles[0] ?? ""))).toBe(true);
    expect(html).toContain(CDN_OFFICE_JS);
    expect(html).not.toContain("office-js/office.js");
    // office.js must come before the bundle.
    expect(html.indexOf(CDN_OFFICE_JS)).toBeLessThan(html.indexOf(bundles[0] ?? "\u0000"));
    expect(html).toMatch(/<div id="?root"?/);
  });

  test("holds no credential, builds no x-api-secret header, bakes in no server address, and has no source maps", () => {
    const files = fs.readdirSync(outDir);
    const bundle = files.find((f) => /^taskpane\.[0-9a-f]+\.js$/.test(f));
    expect(bundle).toBeDefined();
    const js = fs.readFileSync(out(bundle ?? ""), "utf8");
    for (const word of ["x-api-secret", "apiSecret", "secret_demo_ims", "key_demo_ims", "x-api-key", "localStorage.setItem(\"ims-for-excel.credentials", "127.0.0.1:4010", "api.sandbox.co.in"]) {
      expect({ word, found: js.includes(word) }).toEqual({ word, found: false });
    }
    // The pane talks to the server that served it: its /api, next to the page.
    expect(js).toContain("_upstream");
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
  });

  test("copies Microsoft's office.js files untouched", () => {
    for (const rel of ["office.js", "o15apptofilemappingtable.js", "en-us/office_strings.js"]) {
      const copied = fs.readFileSync(out(path.join("office-js", rel)));
      expect(copied.equals(fs.readFileSync(path.join(OFFICE_JS_DIST, rel)))).toBe(true);
    }
  });

  test("copies manifest.xml and the icons", () => {
    expect(fs.readFileSync(out("manifest.xml"), "utf8")).toBe(fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8"));
    for (const size of [16, 32, 64, 80, 128]) {
      const rel = `assets/icon-${size}.png`;
      expect(fs.readFileSync(out(rel)).equals(fs.readFileSync(path.join(ROOT, rel)))).toBe(true);
    }
  });

  test("every localhost:3000 URL in the manifest exists in the build", () => {
    const manifest = fs.readFileSync(out("manifest.xml"), "utf8");
    const urls = [...new Set([...manifest.matchAll(/"(https:\/\/localhost:3000\/[^"]*)"/g)].map((m) => m[1] ?? ""))];
    expect(urls).toContain(`${DEV_ORIGIN}/taskpane.html`);
    for (const url of urls) {
      const rel = new URL(url).pathname.slice(1);
      expect({ url, emitted: fs.existsSync(out(rel)) }).toEqual({ url, emitted: true });
    }
  });
});

describe("webpack config switches", () => {
  function htmlPluginOptions(config: Configuration): Record<string, unknown> {
    const plugin = config.plugins?.find((p) => p?.constructor?.name === "HtmlWebpackPlugin") as
      | { userOptions?: Record<string, unknown> }
      | undefined;
    expect(plugin?.userOptions).toBeDefined();
    return plugin?.userOptions ?? {};
  }

  test("OFFICE_JS=local makes the page load the copied office.js", () => {
    const cdn = withEnv({ OFFICE_JS: undefined }, () => configFactory({}, { mode: "production" }));
    const local = withEnv({ OFFICE_JS: "local" }, () => configFactory({}, { mode: "production" }));
    expect(htmlPluginOptions(cdn).templateParameters).toEqual({ officeJsUrl: CDN_OFFICE_JS });
    expect(htmlPluginOptions(local).templateParameters).toEqual({ officeJsUrl: "office-js/office.js" });
  });

  test("source maps in development only", () => {
    const prod = configFactory({}, { mode: "production" });
    const dev = configFactory({}, { mode: "development" });
    expect(prod.devtool).toBe(false);
    expect(dev.devtool).toBe("source-map");
    expect(prod.output?.filename).toBe("[name].[contenthash].js");
    expect(prod.output?.clean).toBe(true);
  });
});
