/**
 * The supplier view and added-back liabilities: the portal's sales of a period with what each
 * customer did, into the Sales sheets, Follow-up, Customers and the Summary's outward charts;
 * and the liabilities added back for a period into the Added back sheet.
 */
import type { AddedBackLiability, ImsClient, SalesDocument, SalesView, SupplierReturnType } from "../api";
import { ADDED_BACK_SECTIONS } from "../api";
import { addedBackTotals, OUTWARD_SECTIONS, OUTWARD_TITLES, outwardByAction, type AddedBackEntry, type OutwardDocument, type OutwardForm, type OutwardSection } from "../ims/outward";
import { istDateOf, type FilingFrequency, type TaxPeriod } from "../ims/periods";
import { formatIst } from "../ims/review-rows";
import { periodWords, writeActionFigures, writeAddedBackSheet, writeOutwardSheets } from "../workbook";
import type { AddedBackReport, OutwardReport, ProgressOptions } from "./types";

export interface OutwardDeps {
  client: ImsClient;
  gstin: string;
  frequency: FilingFrequency;
  now: () => Date;
}

const RETURN_TYPE: Readonly<Record<OutwardForm, SupplierReturnType>> = { "GSTR-1": "gstr-1", "GSTR-1A": "gstr-1a" };

/** A sales-view document as the domain knows it: its items' amounts summed. */
export function toOutwardDocument(view: Pick<SalesView, "section">, form: OutwardForm, period: TaxPeriod, d: SalesDocument): OutwardDocument {
  const sum = (pick: (i: SalesDocument["items"][number]) => number) => d.items.reduce((n, i) => n + pick(i), 0);
  const out: OutwardDocument = {
    section: view.section,
    form,
    period,
    recipientGstin: d.recipientGstin,
    docNumber: d.docNumber,
    docDate: d.docDate,
    placeOfSupply: d.placeOfSupply,
    reverseCharge: d.reverseCharge,
    rates: d.items.map((i) => i.rate),
    value: d.value,
    taxableValue: sum((i) => i.taxableValue),
    igst: sum((i) => i.igst),
    cgst: sum((i) => i.cgst),
    sgst: sum((i) => i.sgst),
    cess: sum((i) => i.cess),
    recipientAction: d.imsAction,
  };
  if (d.supplierGstin !== undefined) out.supplierGstin = d.supplierGstin;
  if (d.ecomPart !== undefined) out.ecomPart = d.ecomPart;
  if (d.supplyType !== undefined) out.supplyType = d.supplyType;
  if (d.noteType !== undefined) out.noteType = d.noteType;
  if (d.originalDocNumber !== undefined) out.originalDocNumber = d.originalDocNumber;
  if (d.originalDocDate !== undefined) out.originalDocDate = d.originalDocDate;
  if (d.invoiceType !== undefined) out.invoiceType = d.invoiceType;
  if (d.remarks !== undefined) out.remarks = d.remarks;
  return out;
}

function abortIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException("The pull was cancelled", "AbortError");
}

/** Pulls every section of the sales view (nothing is written until all of them came), then writes the sheets. */
export async function pullSales(deps: OutwardDeps, period: TaxPeriod, form: OutwardForm, opts: ProgressOptions = {}): Promise<OutwardReport> {
  const pulledAt = deps.now().toISOString();
  const signal = opts.signal ? { signal: opts.signal } : {};
  const documents = {} as Record<OutwardSection, OutwardDocument[]>;
  const total = OUTWARD_SECTIONS.length + 1;
  for (const [i, section] of OUTWARD_SECTIONS.entries()) {
    abortIfCancelled(opts.signal);
    opts.onProgress?.({ message: `Pulling sales ${section} (${i + 1} of ${OUTWARD_SECTIONS.length})`, done: i, total });
    // "No records" (RET11416) comes back as a view without documents: an empty sheet.
    const view = await deps.client.getSales(period, section, RETURN_TYPE[form], signal);
    documents[section] = view.documents.map((d) => toOutwardDocument(view, form, period, d));
  }
  abortIfCancelled(opts.signal);
  opts.onProgress?.({ message: "Writing the sales, Follow-up and Customers sheets", done: OUTWARD_SECTIONS.length, total });
  const written = await writeOutwardSheets({ gstin: deps.gstin, period, form, pulledAt, documents, today: istDateOf(deps.now().getTime()), frequency: deps.frequency });
  const byAction = outwardByAction(OUTWARD_SECTIONS.flatMap((s) => documents[s]));
  await writeActionFigures(deps.gstin, { side: "outward", totals: byAction, asOf: `sales of ${periodWords(period)} (${form}), pulled ${formatIst(pulledAt)}` });
  opts.onProgress?.({ message: "Pulled", done: total, total });
  return {
    period,
    form,
    pulledAt,
    sections: written.sheets.map((s) => ({ section: s.section, title: OUTWARD_TITLES[s.section], documents: s.documents, sheetName: s.sheetName })),
    followUp: written.followUp,
    customers: written.customers,
    byAction,
  };
}

function toEntry(e: AddedBackLiability): AddedBackEntry {
  const out: AddedBackEntry = {
    section: e.section,
    recipientGstin: e.recipientGstin,
    docNumber: e.docNumber,
    docDate: e.docDate,
    value: e.value,
    taxableValue: e.taxableValue,
    igst: e.igst,
    cgst: e.cgst,
    sgst: e.sgst,
    cess: e.cess,
  };
  if (e.recipientName !== undefined) out.recipientName = e.recipientName;
  if (e.supplierGstin !== undefined) out.supplierGstin = e.supplierGstin;
  if (e.supplierName !== undefined) out.supplierName = e.supplierName;
  if (e.noteType !== undefined) out.noteType = e.noteType;
  if (e.originalDocNumber !== undefined) out.originalDocNumber = e.originalDocNumber;
  if (e.originalDocDate !== undefined) out.originalDocDate = e.originalDocDate;
  if (e.invoiceType !== undefined) out.invoiceType = e.invoiceType;
  if (e.remarks !== undefined) out.remarks = e.remarks;
  if (e.supplierPeriod !== undefined) out.supplierPeriod = e.supplierPeriod;
  if (e.form !== undefined) out.form = e.form;
  return out;
}

/** Pulls the four sections of added-back liabilities ("no records", IMS0027, is none) and writes the sheet. */
export async function pullAddedBack(deps: OutwardDeps, period: TaxPeriod, opts: ProgressOptions = {}): Promise<AddedBackReport> {
  const pulledAt = deps.now().toISOString();
  const signal = opts.signal ? { signal: opts.signal } : {};
  const entries: AddedBackEntry[] = [];
  for (const [i, section] of ADDED_BACK_SECTIONS.entries()) {
    abortIfCancelled(opts.signal);
    opts.onProgress?.({ message: `Pulling added-back liabilities ${section} (${i + 1} of ${ADDED_BACK_SECTIONS.length})`, done: i, total: ADDED_BACK_SECTIONS.length + 1 });
    entries.push(...(await deps.client.getAddedBackLiabilities(period, section, signal)).map(toEntry));
  }
  abortIfCancelled(opts.signal);
  const written = await writeAddedBackSheet({ gstin: deps.gstin, period, pulledAt, entries });
  opts.onProgress?.({ message: "Pulled", done: ADDED_BACK_SECTIONS.length + 1, total: ADDED_BACK_SECTIONS.length + 1 });
  return { period, pulledAt, sheetName: written.sheetName, documents: entries.length, totals: addedBackTotals(entries) };
}
