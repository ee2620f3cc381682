/**
 * Reading the reconcile CLI's inputs, shared with bench/reconcile-child.ts so that the bench
 * measures what the CLI does: IMS records as the API returns them (sections keyed as in the API,
 * wire field names), converted by the API layer's own schema and converter, leniently where the
 * schema refuses a record; and the purchase register as CSV text, read with the add-in's mapping.
 */
import { checkedInvoicesSchema } from "../src/api/schemas";
import { toImsRecord } from "../src/api/convert";
import type { ImsRecord } from "../src/ims/records";
import { parseSectionCode, sectionByReportKey, sectionInfo, type SectionCode } from "../src/ims/sections";
import { isCellError, parseAmount, parseCsv, parseDate, parseGstin, readRegister, sniffDelimiter, type Cell, type MappingOverride, type RegisterField, type RegisterRead } from "../src/ims/register";

export class UsageError extends Error {}

// ---- IMS records -------------------------------------------------------------------------

export interface ImsRef {
  section: string;
  index: number;
}

/** Unwraps {"data": …} / {"imsDetails": …} / {"invdata": …} around the sections object. */
function sectionsObject(json: unknown): Record<string, unknown> {
  let o = json;
  for (let depth = 0; depth < 3; depth++) {
    if (o === null || typeof o !== "object" || Array.isArray(o)) throw new UsageError("--ims: expected an object keyed by section");
    const rec = o as Record<string, unknown>;
    const inner = rec.imsDetails ?? rec.invdata ?? (Object.keys(rec).length === 1 ? rec.data : undefined);
    if (inner && typeof inner === "object" && !Array.isArray(inner)) {
      o = inner;
      continue;
    }
    return rec;
  }
  return o as Record<string, unknown>;
}

function sectionOf(key: string): SectionCode | null {
  return sectionByReportKey(key.toLowerCase())?.code ?? parseSectionCode(key);
}

function text(v: unknown): string {
  return typeof v === "string" ? v.trim() : typeof v === "number" ? String(v) : "";
}

function paiseOf(v: unknown): number {
  const p = parseAmount(typeof v === "number" || typeof v === "string" ? v : "");
  return p === null || isCellError(p) ? 0 : Math.abs(p);
}

/**
 * A record the API's schema refused, read as far as matching needs (supplier, number, date,
 * amounts). Without a supplier or a number it cannot match anything: it is still returned (so
 * that it is reported, as missing in PR), with the problem.
 */
function lenientRecord(section: SectionCode, raw: unknown): { record: ImsRecord; problem: string | null } {
  const r = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const g = parseGstin(text(r.stin ?? r.ctin));
  const gstin = g === null || isCellError(g) ? "" : g;
  const number = text(r.inum ?? r.nt_num ?? r.ntnum ?? r.doc_num);
  const problem = raw === null || typeof raw !== "object" ? "not an object" : gstin === "" ? "no supplier GSTIN (stin)" : number === "" ? "no document number (inum / nt_num)" : null;
  const date = parseDate(text(r.idt ?? r.nt_dt ?? r.doc_dt) as Cell);
  const docDate = date !== null && !isCellError(date) ? date : "";
  const rp = text(r.rtnprd);
  const record: ImsRecord = {
    section,
    supplierGstin: gstin,
    docNumber: number,
    docDate,
    sourceForm: text(r.srcform) || "R1",
    returnPeriod: /^\d{6}$/.test(rp) ? `${rp.slice(2)}-${rp.slice(0, 2)}` : docDate.slice(0, 7),
    placeOfSupply: text(r.pos),
    value: paiseOf(r.val),
    taxableValue: paiseOf(r.txval),
    igst: paiseOf(r.iamt),
    cgst: paiseOf(r.camt),
    sgst: paiseOf(r.samt),
    cess: paiseOf(r.cess ?? r.csamt),
    action: (["A", "R", "P", "N"].includes(text(r.action)) ? text(r.action) : "N") as ImsRecord["action"],
    pendingBlocked: text(r.ispendactblocked) === "Y",
    supplierFiled: !/^not/i.test(text(r.srcfilstatus)),
    hash: text(r.hash),
    remarksBlocked: r.isRemarksBlocked === "Y" || r.isRemarksBlocked === true,
    itcReductionBlocked: null,
  };
  const orig = text(r.oinum ?? r.ont_num);
  if (orig !== "") record.originalDocNumber = orig;
  const od = parseDate(text(r.oidt ?? r.ont_dt) as Cell);
  if (od !== null && !isCellError(od)) record.originalDocDate = od;
  if (typeof r.inv_typ === "string") record.invoiceType = r.inv_typ;
  return { record, problem };
}

export function readIms(json: unknown): { records: ImsRecord[]; refs: ImsRef[]; problems: string[] } {
  const sections = sectionsObject(json);
  const records: ImsRecord[] = [];
  const refs: ImsRef[] = [];
  const problems: string[] = [];
  for (const [key, list] of Object.entries(sections)) {
    const section = sectionOf(key);
    if (!section) {
      problems.push(`--ims: "${key}" is not an IMS section; skipped`);
      continue;
    }
    if (!Array.isArray(list)) {
      problems.push(`--ims: "${key}" is not a list; skipped`);
      continue;
    }
    // The API's own schema and converter first; what they refuse, read leniently.
    const byIndex = new Map<number, ImsRecord>();
    const refused = new Set<number>();
    try {
      const checked = checkedInvoicesSchema(section).parse({ [sectionInfo(section).payloadKey]: list });
      for (const r of checked.rejected) refused.add(r.index);
      let k = 0;
      for (let i = 0; i < list.length; i++) {
        if (refused.has(i)) continue;
        const w = checked.records[k++];
        if (w) byIndex.set(i, toImsRecord(section, w));
      }
    } catch {
      for (let i = 0; i < list.length; i++) refused.add(i);
    }
    for (let i = 0; i < list.length; i++) {
      let record = byIndex.get(i);
      if (!record) {
        const lenient = lenientRecord(section, list[i]);
        if (lenient.problem) problems.push(`--ims: ${key}[${i}]: ${lenient.problem}; reported as missing in PR`);
        else problems.push(`--ims: ${key}[${i}] does not meet the API's schema; read leniently`);
        record = lenient.record;
      }
      records.push(record);
      refs.push({ section: key, index: i });
    }
  }
  return { records, refs, problems };
}

// ---- the register ------------------------------------------------------------------------

export function mappingOverride(json: unknown): MappingOverride | undefined {
  if (!json || typeof json !== "object") return undefined;
  const m = (json as Record<string, unknown>).mapping;
  if (!m || typeof m !== "object") return undefined;
  const columns: NonNullable<MappingOverride["columns"]> = {};
  for (const [field, ref] of Object.entries(m as Record<string, unknown>)) {
    if (field === "headerRow") continue;
    if (typeof ref === "string" || typeof ref === "number" || ref === null || Array.isArray(ref)) columns[field as RegisterField] = ref as never;
  }
  const override: MappingOverride = { columns };
  const headerRow = (m as Record<string, unknown>).headerRow;
  if (typeof headerRow === "number") override.headerRow = headerRow - 1;
  return override;
}

/** The register from CSV text, with the mapping the config names (its "mapping" key) over the proposed one. */
export function readPr(csv: string, configJson: unknown): RegisterRead {
  const cells = parseCsv(csv, sniffDelimiter(csv));
  const override = mappingOverride(configJson);
  return readRegister(cells, override ? { override } : {});
}
