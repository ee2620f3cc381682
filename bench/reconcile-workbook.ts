/**
 * Reconciling in the workbook through the Excel fake: 100k records pulled across the sections, a
 * purchase register of about 100k rows pasted (90% of the documents booked, one in fifty with a
 * different taxable value, plus lines IMS does not have), then the pane's Reconcile (read both
 * sides, match, write the Reconciliation sheets, the Match columns, the Suppliers sheet) and
 * Apply suggestions for exact matches. Syncs and bytes come from the fake's accounting.
 */
import { reconcileApi } from "../src/app/reconcile";
import type { ImsRecord } from "../src/ims/records";
import { ADDIN_TEMPLATE_HEADERS } from "../src/ims/register";
import { pullIntoWorkbook, REGISTER_SHEET } from "../src/workbook";
import { PAYLOAD_LIMIT_BYTES } from "../src/workbook/chunking";
import { installExcelFake } from "../test/excel-fake";
import { makeWorkload } from "../test/workbook/synthetic-records";
import { report } from "./util";

const GSTIN = "27AAACI1234F1Z2";
const NOW = new Date("2025-11-22T05:00:00.000Z");

function registerRows(records: readonly ImsRecord[]): (string | number)[][] {
  const rows: (string | number)[][] = [[...ADDIN_TEMPLATE_HEADERS]];
  records.forEach((r, i) => {
    if (i % 10 === 9) return;
    const credit = r.section === "CN" || r.section === "CNA";
    const sign = credit ? -1 : 1;
    const taxable = r.taxableValue + (i % 50 === 7 ? 50_000 : 0);
    const date = `${r.docDate.slice(8, 10)}-${r.docDate.slice(5, 7)}-${r.docDate.slice(0, 4)}`;
    rows.push([r.supplierGstin, "", credit ? "Credit note" : "Invoice", r.docNumber, date, r.placeOfSupply, (sign * r.value) / 100, (sign * taxable) / 100, "", (sign * r.igst) / 100, (sign * r.cgst) / 100, (sign * r.sgst) / 100, (sign * r.cess) / 100]);
    if (i % 20 === 3) rows.push([r.supplierGstin, "", "Invoice", `X-${r.docNumber}-B`, date, r.placeOfSupply, 1180, 1000, "", 0, 90, 90, 0]);
  });
  return rows;
}

export async function benchReconcileWorkbook(size = 100_000): Promise<void> {
  const records = makeWorkload(size);
  const all = Object.values(records).flat() as ImsRecord[];
  const fake = installExcelFake({ today: "2025-11-22" });
  try {
    await pullIntoWorkbook({ gstin: GSTIN, pulledAt: "2025-11-21T05:00:00.000Z", records });
    const api = reconcileApi({ now: () => NOW });
    await api.openRegister();
    const rows = registerRows(all);
    fake.user.paste(REGISTER_SHEET, "A1", rows);
    await api.confirmMapping({});

    fake.resetStats();
    let t = performance.now();
    const run = await api.run();
    const runMs = performance.now() - t;
    const r = fake.stats();
    report(`reconcile-workbook-${size / 1000}k`, {
      ims_docs: run.imsDocuments,
      pr_lines: run.prLines,
      exact: run.counts.exact,
      mismatch: run.counts.mismatch,
      syncs: r.syncs,
      min_syncs: Math.ceil(r.totalRequestBytes / PAYLOAD_LIMIT_BYTES) + Math.ceil(r.totalResponseBytes / PAYLOAD_LIMIT_BYTES),
      max_request_bytes: r.maxRequestBytes,
      max_response_bytes: r.maxResponseBytes,
      ms: runMs,
    });

    fake.resetStats();
    t = performance.now();
    const applied = await api.applySuggestions(["exact"]);
    const applyMs = performance.now() - t;
    const a = fake.stats();
    report(`apply-suggestions-${size / 1000}k`, { written: applied.written, stale: applied.stale ? 1 : 0, syncs: a.syncs, max_request_bytes: a.maxRequestBytes, max_response_bytes: a.maxResponseBytes, ms: applyMs });
  } finally {
    fake.uninstall();
  }
}
