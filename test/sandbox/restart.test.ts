import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startSandbox } from "../../src/sandbox/server";
import { docNumOf, echo, MH, Session, AS_OF } from "./helpers";

const ROOT = resolve(__dirname, "../..");
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "ims-sandbox-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("sandbox state survives restarts", () => {
  test("actions, sessions and the clock survive a restart", async () => {
    const dir = tempDir();
    const config = { dataDir: dir, asOf: AS_OF, recordsPerGstin: 300, jobDelayMs: 0, quiet: true };
    const first = await startSandbox(config);
    const s = await Session.open(first.url, MH);
    const w = (await s.invoices("B2B")).find((x) => x.action === "N")!;
    expect((await s.save("b2b", [echo(w, { action: "R", remarks: "Short supply" })])).status_cd).toBe("P");
    await first.close();
    const second = await startSandbox(config);
    try {
      const again = new Session(second.url, s.token, MH);
      const rec = (await again.invoices("B2B")).find((x) => x.stin === w.stin && docNumOf(x) === docNumOf(w))!;
      expect(rec).toMatchObject({ action: "R", remarks: "Short supply" });
    } finally {
      await second.close();
    }
  });

  test("a fresh data directory reseeds deterministically from the seed", async () => {
    const a = await startSandbox({ dataDir: tempDir(), asOf: AS_OF, seed: 7, recordsPerGstin: 200, quiet: true });
    const b = await startSandbox({ dataDir: tempDir(), asOf: AS_OF, seed: 7, recordsPerGstin: 200, quiet: true });
    const c = await startSandbox({ dataDir: tempDir(), asOf: AS_OF, seed: 8, recordsPerGstin: 200, quiet: true });
    try {
      expect(a.state.toSnapshot().records).toEqual(b.state.toSnapshot().records);
      expect(a.state.toSnapshot().records).not.toEqual(c.state.toSnapshot().records);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  test("a sandbox killed mid-write restarts consistent: every applied change whole, none half", async () => {
    const dir = tempDir();
    const startChild = (): Promise<{ child: ChildProcess; url: string; exited: Promise<void> }> =>
      new Promise((res, rej) => {
        // node itself, not the tsx wrapper, so that SIGKILL hits the process that writes.
        const child = spawn(process.execPath, ["--import", "tsx", "src/sandbox/cli.ts", "--port", "0", "--data", dir, "--records", "1500", "--as-of", AS_OF, "--job-delay", "0"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        const exited = new Promise<void>((done) => child.once("exit", () => done()));
        child.stdout!.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /IMS sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) res({ child, url: m[1]!, exited });
        });
        child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
        void exited.then(() => rej(new Error(`sandbox exited early: ${out}`)));
      });
    for (let round = 0; round < 3; round++) {
      const { child, url, exited } = await startChild();
      const s = await Session.open(url, MH);
      const records = (await s.invoices("B2B")).slice(0, 400);
      // Fire saves without waiting, and kill the process while they are being written.
      const inflight = records.map((w, i) =>
        s.post("/invoices/status/save", { rtin: MH, reqtyp: "SAVE", invdata: { b2b: [echo(w, { action: (["A", "R", "P"] as const)[(i + round) % 3] })] } }).catch(() => null),
      );
      await new Promise((r) => setTimeout(r, 60 + round * 40));
      child.kill("SIGKILL");
      await exited;
      await Promise.all(inflight);
    }
    const after = await startSandbox({ dataDir: dir, quiet: true });
    try {
      const byKey = after.state.recordsOf(MH);
      // The audit trail and the records were written in one journal line per request: they agree.
      const lastAction = new Map<string, string>();
      for (const e of after.state.audit) if (e.gstin === MH) lastAction.set(e.key, e.to);
      expect(lastAction.size).toBeGreaterThan(0);
      for (const [key, action] of lastAction) expect(byKey.get(key)?.action).toBe(action);
      for (const job of after.state.jobs.values()) expect(["IP", "P", "PE", "ER"]).toContain(job.status);
    } finally {
      await after.close();
    }
  }, 90_000);
});
