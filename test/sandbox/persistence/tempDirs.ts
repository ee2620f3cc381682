import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Fresh temp dirs for a test file, removed after each test. */
export function useTempDirs(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-store-"));
    dirs.push(dir);
    return dir;
  };
}
