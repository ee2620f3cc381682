/**
 * The supplier view through the Excel fake: 50,000 sales documents across the six GSTR-1
 * sections (a third of them with the customers' actions still open) written into the Sales
 * sheets, Follow-up, Customers and the Summary's charts, then pulled again over the filled
 * sheets (Follow-up read back to keep the user's notes). Syncs and payload bytes come from the
 * fake's accounting; ms is wall time.
 */
import { OUTWARD_SECTIONS, outwardByAction, type OutwardDocument, type OutwardSection } from "../src/ims/outward";
import type { Action } from "../src/ims/sections";
import { writeActionFigures, writeOutwardSheets } from "../src/workbook";
import { installExcelFake } from "../test/excel-fake";
import { report } from "./util";

const GSTIN = "27AAACI1234F1Z2";
const SHARES: Readonly<Record<OutwardSection, number>> = { B2B: 0.8, B2BA: 0.03, CDNR: 0.1, CDNRA: 0.02, ECOM: 0.04, ECOMA: 0.01 };
const ACTIONS: readonly Action[] = ["A", "A", "N", "R", "P", "A"];

function customer(i: number): string {
  return `29AAB${String(10000 + (i % 1500)).slice(-5)}K1Z${i % 10}`.slice(0, 15);
}

export function makeSales(total: number, period = "2026-10"): Record<OutwardSection, OutwardDocument[]> {
  const out = {} as Record<OutwardSection, OutwardDocument[]>;
  let n = 0;
  for (const section of OUTWARD_SECTIONS) {
    const count = Math.round(total * SHARES[section]);
    out[section] = Array.from({ length: count }, (_, j) => {
      const i = n++;
      const taxable = 10_000_00 + ((i * 7919) % 900_000_00);
      const d: OutwardDocument = {
        section,
        form: "GSTR-1",
        period,
        recipientGstin: customer(i),
        docNumber: `${section}/26-27/${String(i).padStart(6, "0")}`,
        docDate: `2026-10-${String(1 + (i % 28)).padStart(2, "0")}`,
        placeOfSupply: "29",
        reverseCharge: false,
        rates: [18],
        value: taxable + Math.round(taxable * 0.18),
        taxableValue: taxable,
        igst: Math.round(taxable * 0.18),
        cgst: 0,
        sgst: 0,
        cess: 0,
        recipientAction: ACTIONS[i % ACTIONS.length] as Action,
        invoiceType: "R",
      };
      if (section === "CDNR" || section === "CDNRA") d.noteType = i % 3 === 0 ? "D" : "C";
      if (section.endsWith("A")) {
        d.originalDocNumber = `${section}/25-26/${String(i).padStart(6, "0")}`;
        d.originalDocDate = "2026-09-15";
      }
      if (section.startsWith("ECOM")) {
        d.ecomPart = i % 2 ? "b2b" : "urp2b";
        if (i % 2) d.supplierGstin = customer(i + 7);
        delete d.invoiceType;
      }
      if (d.recipientAction === "R") d.remarks = "Rate differs from the PO";
      return d;
    });
  }
  return out;
}

export async function benchSales(total = 50_000): Promise<void> {
  const label = `${total / 1000}k`;
  const documents = makeSales(total);
  const all = OUTWARD_SECTIONS.flatMap((s) => documents[s]);
  const fake = installExcelFake({ today: "2026-11-21" });
  try {
    for (const [name, pulledAt] of [
      [`sales-${label}`, "2026-11-21T05:00:00.000Z"],
      [`sales-refresh-${label}`, "2026-11-22T05:00:00.000Z"],
    ] as const) {
      fake.resetStats();
      const t = performance.now();
      const written = await writeOutwardSheets({ gstin: GSTIN, period: "2026-10", form: "GSTR-1", pulledAt, documents, today: "2026-11-21", frequency: "monthly" });
      await writeActionFigures(GSTIN, { side: "outward", totals: outwardByAction(all), asOf: "bench" });
      const ms = performance.now() - t;
      const stats = fake.stats();
      report(name, {
        syncs: stats.syncs,
        ms: Math.round(ms),
        documents: all.length,
        follow_up_rows: written.followUp.rows,
        customers: written.customers.rows,
        max_request_bytes: stats.maxRequestBytes,
        max_response_bytes: stats.maxResponseBytes,
        total_bytes: stats.totalRequestBytes + stats.totalResponseBytes,
      });
    }
  } finally {
    fake.uninstall();
  }
}
