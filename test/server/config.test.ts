/**
 * The server's settings: where the platform credentials may come from (environment, or a
 * configuration file outside the repository that only its owner can read), and the refusals
 * that keep a shared host safe.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { inspect } from "node:util";
import { ConfigError, loadSettings, PlatformCredentials, type ServerSettings } from "../../src/server/config";

const ROOT = resolve(__dirname, "../..");
const KEY = "key_live_from_config_abc123";
const SECRET = "secret_live_from_config_def456";

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ims-server-config-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** No config file unless the test writes one (XDG_CONFIG_HOME points into the temp folder). */
function load(env: NodeJS.ProcessEnv = {}): ServerSettings {
  return loadSettings({ env: { XDG_CONFIG_HOME: dir, ...env }, repoRoot: ROOT });
}

function configFile(content: unknown, mode: number, at = join(dir, "server.json")): string {
  writeFileSync(at, JSON.stringify(content));
  chmodSync(at, mode);
  return at;
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("server settings", () => {
  test("defaults: 127.0.0.1:3000, the embedded sandbox with its demo key, development certificates when present", () => {
    const s = load();
    expect(s).toMatchObject({ host: "127.0.0.1", port: 3000, accessKey: null, upstream: { kind: "embedded-sandbox", port: 4010 }, tls: { mode: "dev-certs" }, pace: { limit: 120, windowMs: 60_000 } });
    expect(s.credentials.apiKey).toBe("key_demo_ims");
  });

  test("the provider needs the key and secret; from the environment they are used as given", () => {
    expect(refusal(() => load({ IMS_UPSTREAM: "provider" }))).toMatch(/IMS_API_KEY and IMS_API_SECRET/);
    expect(refusal(() => load({ IMS_UPSTREAM: "provider", IMS_API_KEY: KEY }))).toMatch(/both/);
    const s = load({ IMS_UPSTREAM: "provider", IMS_API_KEY: KEY, IMS_API_SECRET: SECRET });
    expect(s.upstream).toEqual({ kind: "provider", url: "https://api.sandbox.co.in" });
    expect(s.credentials.apiSecret).toBe(SECRET);
  });

  test("a configuration file readable by group or others is refused; chmod 600 is accepted", () => {
    const path = configFile({ upstream: "provider", apiKey: KEY, apiSecret: SECRET }, 0o644);
    const message = refusal(() => load({ IMS_CONFIG: path }));
    expect(message).toMatch(/may be read or changed by other users \(mode 644\).*chmod 600/);
    expect(message).not.toContain(SECRET);
    chmodSync(path, 0o640);
    expect(refusal(() => load({ IMS_CONFIG: path }))).toMatch(/mode 640/);
    chmodSync(path, 0o600);
    const s = load({ IMS_CONFIG: path });
    expect(s.credentials.apiKey).toBe(KEY);
    expect(s.sources.join(" ")).toContain(path);
  });

  test("the default configuration file (~/.config/ims-for-excel/server.json) is read when present, with the same check", () => {
    const folder = join(dir, "ims-for-excel");
    require("node:fs").mkdirSync(folder);
    const path = configFile({ upstream: "provider-test", apiKey: KEY, apiSecret: SECRET }, 0o604, join(folder, "server.json"));
    expect(refusal(() => load())).toMatch(/chmod 600/);
    chmodSync(path, 0o600);
    expect(load().upstream).toEqual({ kind: "provider", url: "https://test-api.sandbox.co.in" });
  });

  test("a configuration file inside the repository is refused, whatever its mode", () => {
    const inside = join(ROOT, "test-results", `server-config-${process.pid}.json`);
    require("node:fs").mkdirSync(join(ROOT, "test-results"), { recursive: true });
    try {
      configFile({ apiKey: KEY, apiSecret: SECRET }, 0o600, inside);
      expect(refusal(() => load({ IMS_CONFIG: inside }))).toMatch(/inside the repository/);
    } finally {
      rmSync(inside, { force: true });
    }
  });

  test("unknown keys and bad values name the field, never the value", () => {
    const path = configFile({ apiKey: KEY, apiSecret: SECRET, apiSecrte: "typo" }, 0o600);
    const message = refusal(() => load({ IMS_CONFIG: path }));
    expect(message).toMatch(/unknown keys/);
    expect(message).not.toContain(SECRET);
  });

  test("bound elsewhere than 127.0.0.1 it refuses to start without an access key, or without TLS", () => {
    expect(refusal(() => load({ IMS_HOST: "0.0.0.0" }))).toMatch(/without an access key/);
    expect(refusal(() => load({ IMS_HOST: "0.0.0.0", IMS_ACCESS_KEY: "short" }))).toMatch(/at least 16/);
    expect(refusal(() => load({ IMS_HOST: "0.0.0.0", IMS_ACCESS_KEY: "a-long-enough-access-key" }))).toMatch(/without TLS/);
    const behindProxy = load({ IMS_HOST: "0.0.0.0", IMS_ACCESS_KEY: "a-long-enough-access-key", IMS_TLS: "off" });
    expect(behindProxy).toMatchObject({ host: "0.0.0.0", accessKey: "a-long-enough-access-key", tls: { mode: "off" } });
  });

  test("upstream and public URLs must be https (plain http only on this computer)", () => {
    expect(refusal(() => load({ IMS_UPSTREAM: "http://ims.example.com", IMS_API_KEY: KEY, IMS_API_SECRET: SECRET }))).toMatch(/https/);
    expect(load({ IMS_UPSTREAM: "http://127.0.0.1:4010", IMS_UPSTREAM_KIND: "sandbox" }).upstream).toEqual({ kind: "sandbox", url: "http://127.0.0.1:4010" });
    expect(refusal(() => load({ IMS_PUBLIC_URL: "http://ims.example.com" }))).toMatch(/https/);
    expect(load({ IMS_PUBLIC_URL: "https://ims.example.com/ignored/path" }).publicUrl).toBe("https://ims.example.com");
  });

  test("the credentials never show in String(), JSON or inspect", () => {
    const c = new PlatformCredentials(KEY, SECRET);
    const s = load({ IMS_UPSTREAM: "provider", IMS_API_KEY: KEY, IMS_API_SECRET: SECRET });
    for (const text of [String(c), JSON.stringify(c), inspect(c), JSON.stringify(s), inspect(s, { depth: 5 })]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(SECRET);
    }
  });
});
