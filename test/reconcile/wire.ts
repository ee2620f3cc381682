/** Writing test sets as the CLI reads them: IMS records in the API's wire shape, registers as CSV. */
import { isoToGstDate, taxPeriodToReturnPeriod } from "../../src/ims/periods";
import type { ImsRecord } from "../../src/ims/records";
import { docFields, sectionInfo, type PayloadKey } from "../../src/ims/sections";
import type { Cell } from "../../src/ims/register";

/** A record as GET invoices returns it (rupees, DD-MM-YYYY, MMYYYY). */
export function toWire(r: ImsRecord): Record<string, unknown> {
  const f = docFields(r.section);
  const w: Record<string, unknown> = {
    stin: r.supplierGstin,
    [f.num]: r.docNumber,
    [f.date]: isoToGstDate(r.docDate),
    srcform: r.sourceForm,
    rtnprd: taxPeriodToReturnPeriod(r.returnPeriod),
    pos: r.placeOfSupply,
    val: r.value / 100,
    txval: r.taxableValue / 100,
    iamt: r.igst / 100,
    camt: r.cgst / 100,
    samt: r.sgst / 100,
    cess: r.cess / 100,
    action: r.action,
    ispendactblocked: r.pendingBlocked ? "Y" : "N",
    srcfilstatus: r.supplierFiled ? "Filed" : "Not Filed",
    hash: r.hash.replace(/[^a-zA-Z0-9]/g, "") || "h0",
  };
  if (sectionInfo(r.section).hasInvoiceType) w.inv_typ = r.invoiceType ?? "R";
  if (r.originalDocNumber) w[f.origNum] = r.originalDocNumber;
  if (r.originalDocDate) w[f.origDate] = isoToGstDate(r.originalDocDate);
  return w;
}

/** The sections object the CLI's --ims takes, and where each record went. */
export function toSections(records: readonly ImsRecord[]): { json: Partial<Record<PayloadKey, Record<string, unknown>[]>>; refs: { section: PayloadKey; index: number }[] } {
  const json: Partial<Record<PayloadKey, Record<string, unknown>[]>> = {};
  const refs = records.map((r) => {
    const key = sectionInfo(r.section).payloadKey;
    const list = (json[key] ??= []);
    list.push(toWire(r));
    return { section: key, index: list.length - 1 };
  });
  return { json, refs };
}

function csvField(c: Cell): string {
  const t = c === null || c === undefined ? "" : String(c);
  return /[",\r\n]/.test(t) || /^\s|\s$/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** Cells as CSV text, CRLF line ends. */
export function toCsv(cells: readonly (readonly Cell[])[]): string {
  return cells.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}
