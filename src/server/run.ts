/**
 * Starting the server from its settings: the embedded sandbox first when it is the upstream,
 * then the server; the banner; stopping both on a signal.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { UpstreamInfo } from "../api/upstream";
import { DEMO_OTP } from "../sandbox/config";
import { DEMO_TAXPAYERS } from "../sandbox/demo/taxpayers";
import { startSandbox, type RunningSandbox } from "../sandbox/server";
import type { ServerSettings } from "./config";
import type { LogSink } from "./log";
import { manifestFor } from "./manifest";
import { startImsServer, type Assets, type RunningImsServer } from "./server";
import { devCertsDir, loadTls } from "./tls";

export interface Started {
  server: RunningImsServer;
  sandbox: RunningSandbox | null;
  close(): Promise<void>;
}

export interface StartOptions {
  env: NodeJS.ProcessEnv;
  assets: Assets | null;
  /** The development manifest (rewritten when the settings give a public URL). */
  manifestXml?: string | null;
  log?: LogSink;
}

const SANDBOX_LABEL = "local sandbox, demo data";

function sandboxInfo(): Omit<UpstreamInfo, "accessKeyRequired" | "host"> {
  return {
    kind: "sandbox",
    label: SANDBOX_LABEL,
    demo: { otp: DEMO_OTP, taxpayers: DEMO_TAXPAYERS.map((t) => ({ gstin: t.gstin, username: t.username, frequency: t.frequency })) },
  };
}

export async function startFromSettings(settings: ServerSettings, options: StartOptions): Promise<Started> {
  let sandbox: RunningSandbox | null = null;
  let upstreamUrl: string;
  let info: Omit<UpstreamInfo, "accessKeyRequired" | "host">;
  const target = settings.upstream;
  if (target.kind === "embedded-sandbox") {
    const config = { dataDir: target.dataDir, ...(target.asOf ? { asOf: target.asOf } : {}) };
    try {
      sandbox = await startSandbox(config, target.port);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EADDRINUSE") throw e;
      sandbox = await startSandbox(config, 0);
    }
    upstreamUrl = sandbox.url;
    info = sandboxInfo();
  } else if (target.kind === "sandbox") {
    upstreamUrl = target.url;
    info = sandboxInfo();
  } else {
    upstreamUrl = target.url;
    info = { kind: "provider", label: `IMS API provider (${new URL(target.url).host})` };
  }
  try {
    const tls = loadTls(settings.tls, options.env);
    const manifest = settings.publicUrl && options.manifestXml ? manifestFor(options.manifestXml, settings.publicUrl) : null;
    const server = await startImsServer({
      host: settings.host,
      port: settings.port,
      accessKey: settings.accessKey,
      upstreamUrl,
      info,
      credentials: settings.credentials,
      pace: settings.pace,
      upstreamTimeoutMs: settings.upstreamTimeoutMs,
      apiVersion: settings.apiVersion,
      tls,
      assets: options.assets,
      manifest,
      ...(options.log ? { log: options.log } : {}),
    });
    return {
      server,
      sandbox,
      close: async () => {
        await server.close();
        await sandbox?.close();
      },
    };
  } catch (e) {
    await sandbox?.close();
    throw e;
  }
}

export function readManifest(root: string): string | null {
  const path = join(root, "manifest.xml");
  return existsSync(path) ? readFileSync(path, "utf8") : null;
}

export function banner(started: Started, settings: ServerSettings, env: NodeJS.ProcessEnv, mode: "development" | "production"): string {
  const { server, sandbox } = started;
  const lines = [
    "",
    "================================================================================",
    ` IMS for Excel is running (${mode})`,
    "================================================================================",
    ` Task pane:   ${server.url}/taskpane.html`,
    ` IMS API:     ${server.apiUrl}  ->  ${server.info.label}`,
  ];
  if (sandbox) lines.push(` Sandbox:     ${sandbox.url} (data: ${sandbox.config.dataDir ?? "in memory"}, as of ${sandbox.state.asOf})`);
  lines.push(` Credentials: ${settings.sources.join("; ")}. They stay in this process.`);
  if (settings.accessKey) lines.push(` Access key:  required from every pane (x-ims-access-key)`);
  lines.push(` Manifest:    ${settings.publicUrl ? `${server.url}/manifest.xml (for ${settings.publicUrl})` : "manifest.xml (https://localhost:3000)"}`);
  if (server.info.demo) {
    lines.push("", " Demo taxpayers (sandbox), OTP " + server.info.demo.otp);
    for (const t of server.info.demo.taxpayers) lines.push(`   ${t.gstin}  ${t.username.padEnd(8)}  ${t.frequency}`);
  }
  if (server.url.startsWith("http:")) {
    lines.push(
      "",
      ` WARNING: plain http: no development certificates in ${devCertsDir(env)}.`,
      " Excel loads add-ins over https only. Run `npx office-addin-dev-certs install`, then restart.",
    );
  }
  if (mode === "development") {
    lines.push(
      "",
      " Sideload manifest.xml (keep this server running; Excel must trust the",
      " https://localhost:3000 certificate: `npx office-addin-dev-certs install`):",
      "   Excel on the web: Home > Add-ins > More Add-ins > Upload My Add-in > manifest.xml",
      "   Windows: share a folder holding manifest.xml, add it as a Trusted Add-in Catalog",
      "     (File > Options > Trust Center > Trusted Add-in Catalogs), restart Excel, then",
      "     Home > Add-ins > More Add-ins > SHARED FOLDER > IMS for Excel.",
      "   Mac: copy manifest.xml to ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef/",
      "     and restart Excel; then Insert > Add-ins > My Add-ins > IMS for Excel.",
    );
  }
  lines.push("", " Every request is logged below as one JSON line. Press Ctrl-C to stop.", "================================================================================", "");
  return lines.join("\n");
}

/** Stops cleanly on SIGINT/SIGTERM/SIGHUP (a second signal exits at once). */
export function stopOnSignals(close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.error(`\n${signal} received, stopping…`);
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => stop(sig));
}
