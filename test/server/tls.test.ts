/**
 * https with the office-addin-dev-certs development certificates when present (as the old
 * webpack dev server did), plain http with a warning in the banner when not.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadTls } from "../../src/server/tls";
import { testServer } from "./harness";

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ims-dev-certs-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test("without the development certificates: plain http", () => {
  expect(loadTls({ mode: "dev-certs" }, { OFFICE_ADDIN_DEV_CERTS_DIR: dir })).toBeNull();
  expect(loadTls({ mode: "off" }, { OFFICE_ADDIN_DEV_CERTS_DIR: dir })).toBeNull();
});

const haveOpenssl = existsSync("/usr/bin/openssl");

(haveOpenssl ? test : test.skip)("with them: the pane and /api are served over https with those files", async () => {
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "localhost.key"), "-out", join(dir, "localhost.crt"), "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"], { stdio: "ignore" });
  writeFileSync(join(dir, "ca.crt"), execFileSync("cat", [join(dir, "localhost.crt")]));
  const tls = loadTls({ mode: "dev-certs" }, { OFFICE_ADDIN_DEV_CERTS_DIR: dir });
  expect(tls?.source).toContain(dir);
  const server = await testServer("http://127.0.0.1:9", { tls });
  try {
    expect(server.url).toMatch(/^https:\/\/localhost:\d+$/);
    const status = await new Promise<number>((resolve, reject) => {
      get(`${server.apiUrl}/_upstream`, { ca: tls?.ca }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on("error", reject);
    });
    expect(status).toBe(200);
  } finally {
    await server.close();
  }
});
