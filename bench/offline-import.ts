/**
 * Opening a portal IMS file of 100,000 records (issue 13) through the application and the
 * in-memory Excel fake, into an empty workbook, with no sign-in: read the file, keep every
 * record's text in the hidden sheet, write the section sheets as a pull does. Syncs and payload
 * bytes come from the fake's accounting, as for `pull-100k` (10 syncs for the same rows without
 * the records' texts); min_syncs is what the 5 MB limit allows for the bytes sent.
 */
import { createImsApp } from "../src/app";
import { fnv1a32 } from "../src/ims/fingerprint";
import type { SectionCode } from "../src/ims/sections";
import { PAYLOAD_LIMIT_BYTES } from "../src/workbook/chunking";
import { installExcelFake } from "../test/excel-fake";
import { objectText, RECIPIENT, sectionKeyOf, spec, wireFields, type WireSpec } from "../test/offline/fixtures/builders";
import { report } from "./util";

const WEIGHTS: Record<SectionCode, number> = { B2B: 50, B2BA: 6, CN: 12, CNA: 3, DN: 8, DNA: 3, ECOM: 14, ECOMA: 4 };

/**
 * A realistic file, compact as the portal writes it: the sections in the pull bench's
 * proportions, 64-hex-digit hashes as the portal's. Built in one pass (the test builders' whole-
 * file helper is meant for a few records).
 */
function fileText(count: number): string {
  const total = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
  const codes = Object.keys(WEIGHTS) as SectionCode[];
  const sections: string[] = [];
  let left = count;
  codes.forEach((code, idx) => {
    const n = idx === codes.length - 1 ? left : Math.floor((count * WEIGHTS[code]) / total);
    left -= n;
    const items: string[] = [];
    for (let i = 0; i < n; i++) {
      const hash = [0, 1, 2, 3, 4, 5, 6, 7].map((lane) => fnv1a32(`${code}${i}`, 0x811c9dc5 + lane * 7919).toString(16).padStart(8, "0")).join("");
      const s: WireSpec = spec(code, i, { hash });
      items.push(objectText(wireFields(s)));
    }
    sections.push(`${JSON.stringify(sectionKeyOf(code))}:[${items.join(",")}]`);
  });
  return `{"imsDetails":{${sections.join(",")}}}`;
}

export async function benchOfflineImport(sizes = [100_000]): Promise<void> {
  for (const size of sizes) {
    const text = fileText(size);
    const fake = installExcelFake({ today: "2026-10-10" });
    try {
      const app = createImsApp({ apiUrl: "http://127.0.0.1:9/api", storage: null, now: () => new Date("2026-10-10T05:30:00.000Z") });
      fake.resetStats();
      const started = performance.now();
      const cpu = process.cpuUsage();
      const result = await app.offline.openImsFile({ name: `IMS_${RECIPIENT}_102026.json`, text });
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const stats = fake.stats();
      const records = result.sections.reduce((n, s) => n + s.records, 0);
      if (records !== size) throw new Error(`imported ${records} records; expected ${size}`);
      report(`offline-import-${size / 1000}k`, {
        records: size,
        syncs: stats.syncs,
        ms: Math.round(ms),
        min_syncs: Math.ceil(stats.totalRequestBytes / PAYLOAD_LIMIT_BYTES) + Math.ceil(stats.totalResponseBytes / PAYLOAD_LIMIT_BYTES),
        max_payload_bytes: Math.max(stats.maxRequestBytes, stats.maxResponseBytes),
        total_bytes: stats.totalRequestBytes + stats.totalResponseBytes,
        file_bytes: Buffer.byteLength(text),
        cpu_ms: (used.user + used.system) / 1000,
      });
    } finally {
      fake.uninstall();
    }
  }
}
