#!/usr/bin/env node
// `npm start`: runs the IMS sandbox and the webpack dev server side by side, waits until
// both answer, then prints the URLs, the demo credentials and how to sideload manifest.xml.
//
//   node scripts/start.mjs [--no-dev-server] [--no-sandbox] [--sandbox-port N] [--data DIR]
//
// Everything binds to 127.0.0.1. Ctrl-C (SIGINT/SIGTERM/SIGHUP) stops both children by PID.
// If either child exits on its own, the other is stopped and this script exits non-zero.

import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

const HOST = "127.0.0.1";
const DEV_PORT = Number(process.env.DEV_SERVER_PORT || 3000);
const SANDBOX_READY = /IMS sandbox listening on (https?:\/\/\S+)/;
const SANDBOX_TIMEOUT_MS = 60_000;
const DEV_SERVER_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 5_000;
const IS_WINDOWS = process.platform === "win32";

// ---------------------------------------------------------------------------------------
// Arguments

function usage() {
  return [
    "Usage: node scripts/start.mjs [options]",
    "",
    "  --no-dev-server     run the IMS sandbox only",
    "  --no-sandbox        run the webpack dev server only",
    "  --sandbox-port N    sandbox port (default 4010)",
    "  --data DIR          sandbox data folder (default .sandbox-data)",
    "  -h, --help          show this help",
  ].join("\n");
}

function parseArgs(argv) {
  const opts = { devServer: true, sandbox: true, sandboxPort: 4010, data: ".sandbox-data" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${arg} needs a value\n\n${usage()}`);
      return v;
    };
    switch (arg) {
      case "--no-dev-server":
        opts.devServer = false;
        break;
      case "--no-sandbox":
        opts.sandbox = false;
        break;
      case "--sandbox-port": {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`bad --sandbox-port`);
        opts.sandboxPort = port;
        break;
      }
      case "--data":
        opts.data = value();
        break;
      case "-h":
      case "--help":
        console.log(usage());
        process.exit(0);
        break;
      default:
        fail(`unknown option ${arg}\n\n${usage()}`);
    }
  }
  if (!opts.devServer && !opts.sandbox) fail("nothing to start (--no-dev-server and --no-sandbox)");
  return opts;
}

function fail(message) {
  console.error(`start: ${message}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------
// Children

/** @type {Map<string, import("node:child_process").ChildProcess>} */
const children = new Map();
let shuttingDown = false;

function prefixLines(stream, label, out, onLine) {
  let buffered = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk) => {
    buffered += chunk;
    const lines = buffered.split(/\r?\n/);
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      out.write(`[${label}] ${line}\n`);
      onLine?.(line);
    }
  });
  stream.on("end", () => {
    if (buffered) {
      out.write(`[${label}] ${buffered}\n`);
      onLine?.(buffered);
    }
  });
}

function startChild(label, args, env, onLine) {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // Own process group, so Ctrl-C reaches only this script and we stop the children
    // in order; it also lets us kill a child's own helpers (tsx runs node in a child).
    detached: !IS_WINDOWS,
  });
  children.set(label, child);
  prefixLines(child.stdout, label, process.stdout, onLine);
  prefixLines(child.stderr, label, process.stderr, onLine);
  child.on("error", (err) => {
    console.error(`start: could not run ${label}: ${err.message}`);
    children.delete(label);
    if (!shuttingDown) void shutdown(1);
  });
  child.on("exit", (code, signal) => {
    children.delete(label);
    if (shuttingDown) return;
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    console.error(`\nstart: ${label} stopped unexpectedly (${how}); stopping everything.`);
    void shutdown(code && code !== 0 ? code : 1);
  });
  return child;
}

function signalChild(child, signal) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (!IS_WINDOWS && signal === "SIGKILL") process.kill(-child.pid, signal); // its group
    else child.kill(signal);
  } catch {
    // already gone
  }
}

function waitForExit(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function shutdown(exitCode) {
  if (shuttingDown) return;
  shuttingDown = true;
  const running = [...children.values()];
  for (const child of running) signalChild(child, "SIGTERM");
  const timer = setTimeout(() => {
    for (const child of running) signalChild(child, "SIGKILL");
  }, STOP_GRACE_MS);
  await Promise.all(running.map(waitForExit));
  clearTimeout(timer);
  if (!IS_WINDOWS) {
    // Anything a child left behind in its own process group (e.g. tsx's node child).
    for (const child of running) {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // group already empty
      }
    }
  }
  process.exit(exitCode);
}

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    if (!shuttingDown) console.log(`\nstart: ${sig} received, stopping…`);
    void shutdown(0);
  });
}
// Last resort if this script dies from an exception: do not leave children behind.
process.on("exit", () => {
  for (const child of children.values()) signalChild(child, "SIGKILL");
});

// ---------------------------------------------------------------------------------------
// Readiness

function devCertsPresent() {
  const dir =
    process.env.OFFICE_ADDIN_DEV_CERTS_DIR || path.join(os.homedir(), ".office-addin-dev-certs");
  return ["localhost.key", "localhost.crt", "ca.crt"].every((f) => existsSync(path.join(dir, f)));
}

function probe(url) {
  return new Promise((resolve) => {
    const lib = url.startsWith("https:") ? https : http;
    // Only "does it answer?": the dev certificate may not be trusted by Node.
    const req = lib.get(url, { rejectUnauthorized: false, timeout: 5_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
  });
}

async function waitForHttp(url, timeoutMs, label) {
  const deadline = Date.now() + timeoutMs;
  while (!shuttingDown) {
    if (await probe(url)) return;
    if (Date.now() > deadline) throw new Error(`${label} did not answer ${url} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function tsxCli() {
  const pkgPath = require.resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8"));
  const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin?.tsx;
  if (!bin) throw new Error("cannot find the tsx CLI in node_modules/tsx");
  return path.join(path.dirname(pkgPath), bin);
}

function startSandbox(opts) {
  const cli = path.join(ROOT, "src", "sandbox", "cli.ts");
  if (!existsSync(cli)) {
    throw new Error(`${path.relative(ROOT, cli)} does not exist yet (use --no-sandbox to run only the dev server)`);
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the sandbox did not print its ready line within ${SANDBOX_TIMEOUT_MS / 1000} s`)),
      SANDBOX_TIMEOUT_MS,
    );
    startChild(
      "sandbox",
      [tsxCli(), "src/sandbox/cli.ts", "--port", String(opts.sandboxPort), "--data", opts.data],
      {},
      (line) => {
        const m = SANDBOX_READY.exec(line);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1].replace(/\/+$/, ""));
        }
      },
    );
  });
}

async function startDevServer(sandboxUrl) {
  startChild(
    "webpack",
    [
      path.join(ROOT, "node_modules", "webpack-cli", "bin", "cli.js"),
      "serve",
      "--mode",
      "development",
    ],
    { SANDBOX_URL: sandboxUrl, DEV_SERVER_PORT: String(DEV_PORT) },
  );
  const scheme = devCertsPresent() ? "https" : "http";
  await waitForHttp(`${scheme}://${HOST}:${DEV_PORT}/taskpane.html`, DEV_SERVER_TIMEOUT_MS, "the dev server");
  return `${scheme}://localhost:${DEV_PORT}/taskpane.html`;
}

// ---------------------------------------------------------------------------------------
// Banner

function banner({ taskpaneUrl, sandboxUrl }) {
  const manifest = path.join(ROOT, "manifest.xml");
  const lines = [
    "",
    "================================================================================",
    " IMS for Excel is running",
    "================================================================================",
  ];
  if (taskpaneUrl) lines.push(` Task pane:    ${taskpaneUrl}`);
  if (sandboxUrl) lines.push(` IMS sandbox:  ${sandboxUrl}`);
  lines.push(` Manifest:     ${manifest}`);
  if (taskpaneUrl?.startsWith("http:")) {
    lines.push(
      "",
      " WARNING: the dev server runs on plain http because no dev certificates were found.",
      " Excel only loads https add-ins. Run `npx office-addin-dev-certs install`, then restart.",
    );
  }
  if (sandboxUrl) {
    lines.push(
      "",
      " Demo credentials (sandbox)",
      "   API key    key_demo_ims",
      "   Secret     secret_demo_ims",
      "   OTP        575757",
      "   GSTIN            Username   Filing",
      "   27AAACI1234F1Z2  demo.mh    monthly",
      "   29AABCB5678K1Z5  demo.ka    quarterly",
      "   07AAFCD4321M1ZN  demo.dl",
    );
  }
  if (taskpaneUrl) {
    lines.push(
      "",
      " Sideload manifest.xml (the dev server must stay running; Excel must trust the",
      " https://localhost:3000 certificate: `npx office-addin-dev-certs install`)",
      "",
      "   Excel on the web: open a workbook, then Insert > Add-ins > Upload My Add-in",
      "     (on newer builds: Home > Add-ins > More Add-ins > Upload My Add-in) and pick",
      `     ${manifest}`,
      "",
      "   Windows (shared-folder catalog):",
      "     1. Put manifest.xml in a folder and share it (folder Properties > Sharing > Share);",
      "        note its network path, e.g. \\\\MYPC\\addins.",
      "     2. Excel: File > Options > Trust Center > Trust Center Settings > Trusted Add-in",
      "        Catalogs: enter the network path as Catalog Url, Add catalog, tick",
      "        'Show in Menu', OK, then restart Excel.",
      "     3. Home > Add-ins > More Add-ins (or Insert > My Add-ins) > SHARED FOLDER tab >",
      "        IMS for Excel > Add.",
      "",
      "   Mac:",
      "     mkdir -p ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef",
      `     cp "${manifest}" ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef/`,
      "     Restart Excel, then Insert > Add-ins > My Add-ins > IMS for Excel.",
      "",
      "   Then use the 'IMS for Excel' button in the IMS group on the Home tab.",
    );
  }
  lines.push("", " Press Ctrl-C to stop.", "================================================================================", "");
  console.log(lines.join("\n"));
}

// ---------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const expectedSandboxUrl = `http://${HOST}:${opts.sandboxPort}`;
  const [sandboxUrl, taskpaneUrl] = await Promise.all([
    opts.sandbox ? startSandbox(opts) : Promise.resolve(undefined),
    opts.devServer ? startDevServer(expectedSandboxUrl) : Promise.resolve(undefined),
  ]);
  if (shuttingDown) return;
  if (sandboxUrl && sandboxUrl !== expectedSandboxUrl) {
    console.warn(
      `start: WARNING: the sandbox reports ${sandboxUrl}, but the task pane was built for ${expectedSandboxUrl}.`,
    );
  }
  banner({ taskpaneUrl, sandboxUrl });
}

main().catch((err) => {
  if (shuttingDown) return;
  console.error(`start: ${err instanceof Error ? err.message : String(err)}`);
  void shutdown(1);
});
