/**
 * `npm run serve`: the production server. It serves the built pane from dist/ (`npm run build`)
 * and /api, with the settings of src/server/config.ts (environment, configuration file).
 *
 *   node dist-server/ims-server.cjs [--host H] [--port N] [--upstream sandbox|provider|URL] [--config FILE]
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { staticAssets } from "./assets";
import { parseCliArgs } from "./cli-args";
import { ConfigError, loadSettings } from "./config";
import { banner, readManifest, startFromSettings, stopOnSignals } from "./run";

async function main(): Promise<void> {
  const root = resolve(process.env.IMS_ROOT ?? process.cwd());
  const dist = resolve(process.env.IMS_DIST ?? join(root, "dist"));
  try {
    const settings = loadSettings({ env: process.env, repoRoot: root, overrides: parseCliArgs(process.argv.slice(2)) });
    if (!existsSync(join(dist, "taskpane.html"))) throw new ConfigError(`${dist}/taskpane.html is missing: run \`npm run build\` first`);
    const started = await startFromSettings(settings, { env: process.env, assets: staticAssets(dist), manifestXml: readManifest(dist) ?? readManifest(root) });
    stopOnSignals(started.close);
    console.error(banner(started, settings, process.env, "production"));
  } catch (e) {
    console.error(`ims-server: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
}

void main();
