/**
 * `npm start`: the server in development. Same server as production, but the pane is compiled
 * in memory by webpack-dev-middleware (webpack.config.js, development mode) and rebuilt on every
 * change (reload the pane to see it). It waits for the first build before printing the banner.
 *
 *   npm start -- [--host H] [--port N] [--upstream sandbox|provider|URL] [--config FILE]
 */
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import type { Configuration } from "webpack";
import webpackDevMiddleware from "webpack-dev-middleware";
import { parseCliArgs } from "./cli-args";
import { ConfigError, loadSettings } from "./config";
import { banner, readManifest, startFromSettings, stopOnSignals } from "./run";
import type { Assets } from "./server";

type ConfigFactory = (env: Record<string, unknown>, argv: { mode: "development" | "production" }) => Configuration;

async function main(): Promise<void> {
  const root = resolve(process.env.IMS_ROOT ?? process.cwd());
  let settings;
  try {
    settings = loadSettings({ env: process.env, repoRoot: root, overrides: parseCliArgs(process.argv.slice(2)) });
  } catch (e) {
    console.error(`npm start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
  const require = createRequire(join(root, "package.json"));
  const webpack = require("webpack") as (config: Configuration) => import("webpack").Compiler;
  const factory = require(join(root, "webpack.config.js")) as ConfigFactory;
  const compiler = webpack(factory({}, { mode: "development" }));
  const middleware = webpackDevMiddleware(compiler, { publicPath: "/", stats: "errors-warnings" });
  const assets: Assets = (req, res, next) => {
    void middleware(req, res, next);
  };
  let started;
  try {
    started = await startFromSettings(settings, { env: process.env, assets, manifestXml: readManifest(root) });
  } catch (e) {
    console.error(`npm start: ${e instanceof Error ? e.message : String(e)}`);
    await new Promise<void>((r) => middleware.close(() => r()));
    process.exit(e instanceof ConfigError ? 2 : 1);
  }
  const close = async () => {
    await new Promise<void>((r) => middleware.close(() => r()));
    await started.close();
  };
  stopOnSignals(close);
  console.error(`Building the task pane (webpack, development)…`);
  middleware.waitUntilValid(() => console.error(banner(started, settings, process.env, "development")));
}

void main();
