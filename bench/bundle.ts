/**
 * Size of the task pane's production bundle: a real `webpack --mode production` build into a
 * temp folder, then the emitted JavaScript (our bundles, not the copied office.js files) raw
 * and gzipped with node:zlib at level 9.
 *
 *   BENCH bundle gzip_bytes=… raw_bytes=… files=… build_ms=…
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { constants, gzipSync } from "node:zlib";
import { report, ROOT } from "./util";

const WEBPACK_CLI = join(ROOT, "node_modules", "webpack-cli", "bin", "cli.js");

function build(outDir: string): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.OFFICE_JS;
  delete env.SANDBOX_URL;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [WEBPACK_CLI, "--mode", "production", "--output-path", outDir], { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024, timeout: 180_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`webpack build failed: ${err.message}\n${stdout}\n${stderr}`)) : resolve(),
    );
  });
}

export interface BundleSize {
  files: number;
  rawBytes: number;
  gzipBytes: number;
  buildMs: number;
}

/** Builds and measures; the temp folder is removed afterwards. */
export async function measureBundle(): Promise<BundleSize> {
  const outDir = mkdtempSync(join(tmpdir(), "ims-bench-bundle-"));
  try {
    const started = performance.now();
    await build(outDir);
    const buildMs = Math.round(performance.now() - started);
    // Top-level .js only: office-js/ holds Microsoft's files, copied untouched for OFFICE_JS=local.
    const bundles = readdirSync(outDir).filter((f) => f.endsWith(".js"));
    if (bundles.length === 0) throw new Error(`webpack emitted no JavaScript into ${outDir}`);
    let rawBytes = 0;
    let gzipBytes = 0;
    for (const f of bundles) {
      const bytes = readFileSync(join(outDir, f));
      rawBytes += bytes.length;
      gzipBytes += gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length;
    }
    return { files: bundles.length, rawBytes, gzipBytes, buildMs };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

export async function benchBundle(): Promise<void> {
  const size = await measureBundle();
  report("bundle", { gzip_bytes: size.gzipBytes, raw_bytes: size.rawBytes, files: size.files, build_ms: size.buildMs });
}
