/**
 * Real crashes: a child process appends and snapshots flat out and is SIGKILLed at varying
 * moments, six times over the same directory. After each kill the store must load, hold a
 * gap-free prefix of what the child wrote (including everything it acknowledged), and its
 * snapshot must be a complete one.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { DurableStore } from "../../../src/sandbox/persistence";
import { checkState, tagFor, type CrashEntry, type CrashState } from "./fixtures/crashModel";
import { useTempDirs } from "./tempDirs";

const REPO_ROOT = path.resolve(__dirname, "../../..");
const WRITER = path.join(__dirname, "fixtures", "crashWriter.ts");

/**
 * When to kill: `delayMs` (plus jitter) after the writer's `count`-th line of `kind`. Kills
 * shortly after "snapping" tend to land while the snapshot is being serialised, written or
 * renamed; the others mostly land among appends.
 */
interface KillPlan {
  kind: "ready" | "snapping";
  count: number;
  delayMs: number;
}
const KILL_PLANS: KillPlan[] = [
  { kind: "ready", count: 1, delayMs: 30 },
  { kind: "snapping", count: 1, delayMs: 30 },
  { kind: "snapping", count: 2, delayMs: 40 },
  { kind: "ready", count: 1, delayMs: 200 },
  { kind: "snapping", count: 1, delayMs: 50 },
  { kind: "snapping", count: 3, delayMs: 35 },
];

const tempDir = useTempDirs();
const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) child.kill("SIGKILL");
});

interface WriterRun {
  readyAt: number;
  lastAcked: number;
  /** Last snapshot started, and last one writeSnapshot returned for; -1 if none. */
  lastSnapping: number;
  lastSnapshot: number;
}

/** Runs the writer on `dir` and SIGKILLs it as `plan` says. */
function runAndKill(dir: string, plan: KillPlan, delayMs: number): Promise<WriterRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", WRITER, dir], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    let stdout = "";
    let stderr = "";
    let seen = 0;
    let killTimer: NodeJS.Timeout | undefined;
    const watchdog = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      stdout += text;
      if (killTimer !== undefined) return;
      seen += text.split("\n").filter((line) => line.startsWith(`${plan.kind} `)).length;
      if (seen >= plan.count) killTimer = setTimeout(() => child.kill("SIGKILL"), delayMs);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      running.delete(child);
      clearTimeout(watchdog);
      clearTimeout(killTimer);
      if (signal !== "SIGKILL" || killTimer === undefined) {
        reject(new Error(`writer ended with code ${code} signal ${signal} before the planned kill:\n${stderr}`));
        return;
      }
      resolve(parseReport(stdout));
    });
  });
}

function parseReport(stdout: string): WriterRun {
  const run: WriterRun = { readyAt: -1, lastAcked: -1, lastSnapping: -1, lastSnapshot: -1 };
  // A line cut off by the kill has no newline and is ignored.
  for (const line of stdout.split("\n").slice(0, -1)) {
    const [kind, value] = line.split(" ");
    const n = Number(value);
    if (kind === "ready") run.readyAt = n;
    else if (kind === "acked") run.lastAcked = Math.max(run.lastAcked, n);
    else if (kind === "snapping") run.lastSnapping = Math.max(run.lastSnapping, n);
    else if (kind === "snap") run.lastSnapshot = Math.max(run.lastSnapshot, n);
    else throw new Error(`unexpected writer output ${JSON.stringify(line)}`);
  }
  return run;
}

interface Verified {
  total: number;
  snapshotUpTo: number;
}

/** Loads the store as the server would and checks it against what the writer reported. */
function verify(dir: string, run: WriterRun, previous: Verified, label: string): Verified {
  const tempLeftOver = fs.existsSync(path.join(dir, "snapshot.json.tmp"));
  const { store, loaded } = DurableStore.open<CrashState, CrashEntry>({ dir });
  store.close();
  expect(fs.existsSync(path.join(dir, "snapshot.json.tmp"))).toBe(false);

  const snapshotUpTo = loaded.snapshot?.upTo ?? 0;
  if (loaded.snapshot !== null) {
    expect({ label, problem: checkState(loaded.snapshot) }).toEqual({ label, problem: null });
  }
  // The snapshot is the last one the writer finished, or the one it was finishing when killed
  // (renamed into place but not yet reported), or, if it started none, the one from before.
  const allowed =
    run.lastSnapping === -1
      ? [previous.snapshotUpTo]
      : tempLeftOver
        ? [Math.max(run.lastSnapshot, previous.snapshotUpTo)]
        : [Math.max(run.lastSnapshot, previous.snapshotUpTo), run.lastSnapping];
  expect({ label, snapshotUpTo, allowed: allowed.includes(snapshotUpTo) }).toEqual({ label, snapshotUpTo, allowed: true });

  loaded.entries.forEach((entry, i) => {
    const n = snapshotUpTo + 1 + i;
    if (entry.n !== n || entry.tag !== tagFor(n)) {
      throw new Error(`${label}: entry ${i} after snapshot ${snapshotUpTo} is ${JSON.stringify(entry)}, expected n=${n}`);
    }
  });
  const total = snapshotUpTo + loaded.entries.length;
  // Nothing acknowledged is lost, and nothing the writer never produced appears.
  expect({ label, total, keptAcked: total >= run.lastAcked }).toEqual({ label, total, keptAcked: true });
  return { total, snapshotUpTo };
}

it("survives repeated SIGKILLs mid-append and mid-snapshot", async () => {
  const dir = tempDir();
  let state: Verified = { total: 0, snapshotUpTo: 0 };
  for (const [round, plan] of KILL_PLANS.entries()) {
    const delayMs = plan.delayMs + Math.floor(Math.random() * 8);
    const run = await runAndKill(dir, plan, delayMs);
    const label = `round ${round + 1} (kill ${delayMs} ms after ${plan.kind} #${plan.count})`;
    // The writer resumed from exactly what the previous check loaded.
    expect({ label, readyAt: run.readyAt }).toEqual({ label, readyAt: state.total });
    state = verify(dir, run, state, label);
  }
  // The writer got real work done, including snapshots, across the rounds.
  expect(state.total).toBeGreaterThan(100);
  expect(state.snapshotUpTo).toBeGreaterThan(0);
}, 60_000);
