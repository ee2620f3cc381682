/**
 * Sandbox throughput: GET invoices of one large section and saves, at 10k and 100k records
 * in the section, against the CLI in its own process.
 */
import { percentile, peakRssMiB, report, startSandboxProcess } from "./util";

const KEY = "key_demo_ims";
const GSTIN = "27AAACI1234F1Z2";
const BASE = "/gst/compliance/tax-payer";
const SAVE_BATCH = 1000;

type Wire = Record<string, unknown>;

async function json(url: string, init: RequestInit): Promise<{ status: number; body: any; bytes: number }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), bytes: Buffer.byteLength(text) };
}

async function session(url: string): Promise<string> {
  const platform = (await json(`${url}/authenticate`, { method: "POST", headers: { "x-api-key": KEY, "x-api-secret": "secret_demo_ims" } })).body.data.access_token;
  const init = (path: string) => ({ method: "POST", headers: { "x-api-key": KEY, authorization: platform, "content-type": "application/json" }, body: JSON.stringify({ username: "demo.mh", gstin: GSTIN }) });
  await json(`${url}${BASE}/otp`, init(""));
  return (await json(`${url}${BASE}/otp/verify?otp=575757`, init(""))).body.data.access_token;
}

export async function benchSandbox(sizes = [10_000, 100_000]): Promise<void> {
  for (const size of sizes) {
    const label = `${size / 1000}k`;
    // B2B is about four fifths of a recipient's records: seed enough for `size` B2B records.
    const perGstin = Math.min(200_000, Math.ceil(size / 0.75));
    const sb = await startSandboxProcess(["--records", String(perGstin), "--job-delay", "0", "--as-of", "2026-11-21", "--rate-limit", "100000"]);
    try {
      const token = await session(sb.url);
      const headers = { "x-api-key": KEY, authorization: token };
      const latencies: number[] = [];
      let records: Wire[] = [];
      let bytes = 0;
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const r = await json(`${sb.url}${BASE}/invoices?section=B2B`, { headers });
        latencies.push(performance.now() - t);
        records = r.body.data.data.b2b as Wire[];
        bytes = r.bytes;
      }
      const p50 = percentile(latencies, 50);
      report(`sandbox-get-invoices-${label}`, {
        section_records: records.length,
        one_response: records.length >= size ? "yes" : "no",
        bytes,
        records_per_s: Math.round(records.length / (p50 / 1000)),
        p50_ms: p50,
        p95_ms: percentile(latencies, 95),
        peak_rss_mib: peakRssMiB(sb.child.pid!),
      });

      const toSave = records.filter((r) => r.action === "N").slice(0, Math.min(size, 20_000));
      const saveLatencies: number[] = [];
      const start = performance.now();
      for (let i = 0; i < toSave.length; i += SAVE_BATCH) {
        const batch = toSave.slice(i, i + SAVE_BATCH).map((w) => {
          const { hash: _h, ispendactblocked: _p, srcfilstatus: _s, isRemarksBlocked: _r, action: _a, remarks: _m, itcRedReq: _i, declIgst: _d1, declCgst: _d2, declSgst: _d3, declCess: _d4, ...rest } = w;
          return { ...rest, prev_status: "N", action: "A" };
        });
        const t = performance.now();
        const post = await json(`${sb.url}${BASE}/invoices/status/save`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify({ rtin: GSTIN, reqtyp: "SAVE", invdata: { b2b: batch } }) });
        const ref = post.body.data.data.reference_id;
        let status = "IP";
        while (status === "IP") status = (await json(`${sb.url}${BASE}/invoices/status?reference_id=${ref}`, { headers })).body.data.data.status_cd;
        if (status !== "P") throw new Error(`save batch ended ${status}`);
        saveLatencies.push(performance.now() - t);
      }
      const wall = performance.now() - start;
      report(`sandbox-save-${label}`, {
        records: toSave.length,
        requests: saveLatencies.length,
        batch: SAVE_BATCH,
        records_per_s: Math.round(toSave.length / (wall / 1000)),
        p50_ms: percentile(saveLatencies, 50),
        p95_ms: percentile(saveLatencies, 95),
        peak_rss_mib: peakRssMiB(sb.child.pid!),
      });
    } finally {
      await sb.stop();
    }
  }
}
