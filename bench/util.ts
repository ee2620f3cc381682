/** Shared bits of the benchmarks: figures printed as `BENCH <name> key=value ...`. */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export const ROOT = resolve(__dirname, "..");

export function report(name: string, figures: Record<string, number | string>): void {
  const parts = Object.entries(figures).map(([k, v]) => `${k}=${typeof v === "number" && !Number.isInteger(v) ? v.toFixed(2) : v}`);
  console.log(`BENCH ${name} ${parts.join(" ")}`);
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Peak resident memory of a process (Linux VmHWM), in MiB. */
export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : 0;
}

export interface SandboxProcess {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** Starts the sandbox CLI (in memory) as its own process, so its memory is measured alone. */
export function startSandboxProcess(args: string[]): Promise<SandboxProcess> {
  return new Promise((res, rej) => {
    // node itself, not the tsx wrapper: the measured process must be the server.
    const child = spawn(process.execPath, ["--import", "tsx", "src/sandbox/cli.ts", "--port", "0", "--memory", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /IMS sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        res({
          child,
          url: m[1] as string,
          stop: () =>
            new Promise<void>((done) => {
              child.once("exit", () => done());
              child.kill("SIGTERM");
            }),
        });
      }
    });
    child.once("exit", (code) => rej(new Error(`sandbox exited with ${code}: ${out}`)));
  });
}
