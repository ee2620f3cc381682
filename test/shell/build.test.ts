/**
 * A real production webpack build (the same CLI as `npm run build`) into a temp folder,
 * plus checks of the webpack config's build-time switches (OFFICE_JS, SANDBOX_URL, dev server).
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
) => Configuration & { devServer?: Record<string, unknown> };

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
    delete env.SANDBOX_URL;
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

  test("bakes in the default sandbox URL and has no source maps", () => {
    const files = fs.readdirSync(outDir);
    const bundle = files.find((f) => /^taskpane\.[0-9a-f]+\.js$/.test(f));
    expect(bundle).toBeDefined();
    const js = fs.readFileSync(out(bundle ?? ""), "utf8");
    expect(js).toContain("http://127.0.0.1:4010");
    expect(js).not.toContain("__SANDBOX_URL__");
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

  function defines(config: Configuration): Record<string, unknown> {
    const plugin = config.plugins?.find((p) => p?.constructor?.name === "DefinePlugin") as
      | { definitions?: Record<string, unknown> }
      | undefined;
    return plugin?.definitions ?? {};
  }

  test("OFFICE_JS=local makes the page load the copied office.js", () => {
    const cdn = withEnv({ OFFICE_JS: undefined }, () => configFactory({}, { mode: "production" }));
    const local = withEnv({ OFFICE_JS: "local" }, () => configFactory({}, { mode: "production" }));
    expect(htmlPluginOptions(cdn).templateParameters).toEqual({ officeJsUrl: CDN_OFFICE_JS });
    expect(htmlPluginOptions(local).templateParameters).toEqual({ officeJsUrl: "office-js/office.js" });
  });

  test("SANDBOX_URL overrides __SANDBOX_URL__", () => {
    const dflt = withEnv({ SANDBOX_URL: undefined }, () => configFactory({}, { mode: "production" }));
    const custom = withEnv({ SANDBOX_URL: "http://127.0.0.1:5555" }, () => configFactory({}, { mode: "production" }));
    expect(defines(dflt).__SANDBOX_URL__).toBe(JSON.stringify("http://127.0.0.1:4010"));
    expect(defines(custom).__SANDBOX_URL__).toBe(JSON.stringify("http://127.0.0.1:5555"));
  });

  test("source maps in development only; no dev server unless serving", () => {
    const prod = configFactory({}, { mode: "production" });
    const dev = configFactory({}, { mode: "development" });
    expect(prod.devtool).toBe(false);
    expect(dev.devtool).toBe("source-map");
    expect(prod.devServer).toBeUndefined();
    expect(prod.output?.filename).toBe("[name].[contenthash].js");
    expect(prod.output?.clean).toBe(true);
  });

  describe("dev server", () => {
    let certDir = "";
    beforeEach(() => {
      certDir = fs.mkdtempSync(path.join(os.tmpdir(), "ims-certs-test-"));
    });
    afterEach(() => {
      fs.rmSync(certDir, { recursive: true, force: true });
      jest.restoreAllMocks();
    });

    function serveConfig() {
      return withEnv({ OFFICE_ADDIN_DEV_CERTS_DIR: certDir, DEV_SERVER_PORT: undefined }, () =>
        configFactory({ WEBPACK_SERVE: true }, { mode: "development" }),
      );
    }

    test("without certificates: plain http on 127.0.0.1:3000 and a loud warning", () => {
      const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
      const devServer = serveConfig().devServer ?? {};
      expect(devServer.host).toBe("127.0.0.1");
      expect(devServer.port).toBe(3000);
      expect(devServer.server).toEqual({ type: "http" });
      expect(devServer.headers).toEqual({ "Access-Control-Allow-Origin": "*" });
      const warned = warn.mock.calls.map((c) => String(c[0])).join("\n");
      expect(warned).toContain("npx office-addin-dev-certs install");
      expect(warned).toMatch(/https/);
    });

    test("with office-addin-dev-certs files: https with those files", () => {
      for (const f of ["localhost.key", "localhost.crt", "ca.crt"]) fs.writeFileSync(path.join(certDir, f), `fake ${f}`);
      const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
      const devServer = serveConfig().devServer ?? {};
      expect(devServer.host).toBe("127.0.0.1");
      const server = devServer.server as { type: string; options: Record<string, Buffer> };
      expect(server.type).toBe("https");
      expect(server.options.key?.toString()).toBe("fake localhost.key");
      expect(server.options.cert?.toString()).toBe("fake localhost.crt");
      expect(server.options.ca?.toString()).toBe("fake ca.crt");
      expect(warn).not.toHaveBeenCalled();
    });
  });
});
