/**
 * The workbook engine against the in-memory Excel fake: pulling 10k and 100k synthetic records
 * across the eight sections into an empty workbook, reading them all back, and pulling again
 * over the filled sheets (read, merge, rewrite). Syncs and payload bytes come from the fake's
 * accounting (the JSON Excel on the web would see); min_syncs is what the 5 MB limit allows.
 */
import { fnv1a32 } from "../src/ims/fingerprint";
import type { ImsRecord } from "../src/ims/records";
import type { SectionCode } from "../src/ims/sections";
import { pullIntoWorkbook, readSectionSheets } from "../src/workbook";
import { PAYLOAD_LIMIT_BYTES } from "../src/workbook/chunking";
import { installExcelFake } from "../test/excel-fake";
import { makeWorkload } from "../test/workbook/synthetic-records";
import { report } from "./util";

const GSTIN = "27AAACI1234F1Z2";

function cpuMs(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

function minSyncs(bytes: number): number {
  return Math.ceil(bytes / PAYLOAD_LIMIT_BYTES);
}

/** The portal's hashes are 64 hex digits (ims-api-contract.md); the synthetic ones are shorter. */
function withPortalHashes(workload: Record<SectionCode, ImsRecord[]>): Record<SectionCode, ImsRecord[]> {
  const out = {} as Record<SectionCode, ImsRecord[]>;
  for (const [code, list] of Object.entries(workload) as [SectionCode, ImsRecord[]][]) {
    out[code] = list.map((r, i) => ({ ...r, hash: [0, 1, 2, 3, 4, 5, 6, 7].map((lane) => fnv1a32(`${code}${i}`, 0x811c9dc5 + lane * 7919).toString(16).padStart(8, "0")).join("") }));
  }
  return out;
}

export async function benchPull(sizes = [10_000, 100_000]): Promise<void> {
  for (const size of sizes) {
    const label = `${size / 1000}k`;
    const records = withPortalHashes(makeWorkload(size));
    const fake = installExcelFake();
    try {
      // Pull into an empty workbook: build the rows and write them.
      fake.resetStats();
      let t = process.cpuUsage();
      const pulled = await pullIntoWorkbook({ gstin: GSTIN, pulledAt: "2025-11-21T05:00:00.000Z", records });
      const buildCpu = cpuMs(t);
      const write = fake.stats();

      // Read every sheet back into typed rows.
      fake.resetStats();
      t = process.cpuUsage();
      const reads = await readSectionSheets();
      const readCpu = cpuMs(t);
      const read = fake.stats();
      const rows = reads.reduce((n, r) => n + r.rows.length, 0);
      const problems = reads.reduce((n, r) => n + r.problems.length, 0);
      if (rows !== size || problems !== 0) throw new Error(`read back ${rows} rows with ${problems} problems; expected ${size} and 0`);

      report(`pull-${label}`, {
        rows: size,
        syncs: write.syncs,
        min_syncs: minSyncs(write.totalRequestBytes),
        max_payload_bytes: write.maxRequestBytes,
        total_bytes: write.totalRequestBytes,
        build_cpu_ms: buildCpu,
        read_syncs: read.syncs,
        read_min_syncs: minSyncs(read.totalResponseBytes),
        read_max_payload_bytes: read.maxResponseBytes,
        read_total_bytes: read.totalResponseBytes,
        read_cpu_ms: readCpu,
        retries: pulled.retries,
      });

      // Pull again over the filled sheets: read, merge, rewrite.
      fake.resetStats();
      t = process.cpuUsage();
      const again = await pullIntoWorkbook({ gstin: GSTIN, pulledAt: "2025-11-22T05:00:00.000Z", records });
      const refreshCpu = cpuMs(t);
      const refresh = fake.stats();
      report(`refresh-${label}`, {
        rows: size,
        syncs: refresh.syncs,
        min_syncs: minSyncs(refresh.totalRequestBytes) + minSyncs(refresh.totalResponseBytes),
        max_request_bytes: refresh.maxRequestBytes,
        max_response_bytes: refresh.maxResponseBytes,
        total_bytes: refresh.totalRequestBytes + refresh.totalResponseBytes,
        cpu_ms: refreshCpu,
        retries: again.retries,
      });
    } finally {
      fake.uninstall();
    }
  }
}

