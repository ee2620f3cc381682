#!/usr/bin/env node
// Part of `npm run build`: bundles the add-in server (src/server/cli.ts, with the embedded
// sandbox and its dependencies) into one file, dist-server/ims-server.cjs, that plain Node runs:
// `npm run serve`, or `node dist-server/ims-server.cjs` in the container.
import { build } from "esbuild";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

await build({
  entryPoints: [path.join(ROOT, "src/server/cli.ts")],
  outfile: path.join(ROOT, "dist-server/ims-server.cjs"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
});
console.log("dist-server/ims-server.cjs");
