/** The supplier view: sales with the recipients' IMS actions, and added-back liabilities. */
import { docFields, sectionInfo, type SectionCode } from "../../ims/sections";
import { isoToGstDate, taxPeriodToReturnPeriod } from "../../ims/periods";
import { gstnError, gstnSuccess, PlatformError } from "../http/envelope";
import type { Router } from "../http/router";
import type { AddedBackLiability, SandboxRecord } from "../model";
import type { Portal } from "../portal";
import { rupees } from "../wire";
import { BASE } from "./invoice-routes";
import { header, pathPeriod, requiredQuery, type Handler, type RequestContext } from "./context";

/** Supplier-view sections and the IMS sections they are made of. */
const SALES_SECTIONS: Record<string, { key: string; sections: SectionCode[] }> = {
  B2B: { key: "b2b", sections: ["B2B"] },
  B2BA: { key: "b2ba", sections: ["B2BA"] },
  CDNR: { key: "cdnr", sections: ["CN", "DN"] },
  CDNRA: { key: "cdnra", sections: ["CNA", "DNA"] },
  ECOM: { key: "ecom", sections: ["ECOM"] },
  ECOMA: { key: "ecoma", sections: ["ECOMA"] },
};

const ADDED_BACK_SECTIONS: Record<string, AddedBackLiability["section"]> = { CDNR: "cdnr", B2BA: "b2ba", CDNRA: "cdnra", ECOMA: "ecoma" };

/**
 * The provider's OpenAPI document marks x-api-version required on these two endpoints (and
 * optional, default 1.0.0, elsewhere). Missing, it is a bad request.
 */
function requireApiVersion(ctx: RequestContext): void {
  const v = header(ctx.headers, "x-api-version");
  if (v === undefined || v.trim() === "") throw new PlatformError(400, "Missing required header x-api-version");
}

export function addSupplierRoutes(router: Router<Handler>, portal: Portal): void {
  router.add("GET", `${BASE}/invoices/:year/:month/sales`, (ctx) => {
    const gstin = ctx.taxpayer().sub;
    requireApiVersion(ctx);
    const period = pathPeriod(ctx);
    const sectionText = requiredQuery(ctx, "section").toUpperCase();
    const section = SALES_SECTIONS[sectionText];
    if (!section) throw new PlatformError(422, `section must be one of ${Object.keys(SALES_SECTIONS).join(", ")}`);
    const returnType = requiredQuery(ctx, "return_type").toLowerCase();
    if (returnType !== "gstr-1" && returnType !== "gstr-1a") throw new PlatformError(422, "return_type must be gstr-1 or gstr-1a");
    const forms = returnType === "gstr-1" ? ["R1", "IFF"] : ["R1A"];
    const supplied = portal.suppliedBy(gstin, period).filter((s) => section.sections.includes(s.record.section) && forms.includes(s.record.srcForm));
    if (supplied.length === 0) return gstnError("RET11416", "No document found in selected financial year for the selected criteria", ctx.now);
    const isEcom = section.key.startsWith("ecom");
    const isNote = section.key.startsWith("cdnr");
    const byRecipient = new Map<string, Record<string, unknown>[]>();
    for (const { recipient, record } of supplied) {
      if (isEcom) continue;
      const list = byRecipient.get(recipient) ?? [];
      list.push(salesDocument(record));
      byRecipient.set(recipient, list);
    }
    let body: unknown;
    if (isEcom) {
      // sales.json: ecom is an object {b2b:[{rtin, stin, inv}], urp2b:[{rtin, inv}]}, ecoma
      // {b2ba:[…], urp2ba:[…]}. The operator (stin of the IMS record) reports supplies by
      // registered suppliers (the record's ecomSupplier) under b2b/b2ba, grouped by recipient
      // and supplier, and by unregistered ones under urp2b/urp2ba, grouped by recipient.
      const [registered, unregistered] = section.key === "ecom" ? ["b2b", "urp2b"] : ["b2ba", "urp2ba"];
      const groups = new Map<string, { rtin: string; stin?: string; inv: Record<string, unknown>[] }>();
      for (const { recipient, record } of supplied) {
        const id = `${record.ecomSupplier ?? ""}|${recipient}`;
        const g = groups.get(id) ?? { rtin: recipient, ...(record.ecomSupplier ? { stin: record.ecomSupplier } : {}), inv: [] };
        g.inv.push(ecomDocument(record, gstin));
        groups.set(id, g);
      }
      const parts: Record<string, unknown[]> = {};
      for (const g of groups.values()) (parts[g.stin ? registered : unregistered] ??= []).push(g);
      body = parts;
    } else {
      body = [...byRecipient].map(([recipient, docs]) => ({ ctin: recipient, [isNote ? "nt" : "inv"]: docs }));
    }
    return gstnSuccess({ gstin, rtnprd: taxPeriodToReturnPeriod(period), [returnType === "gstr-1" ? "gstr1" : "gstr1a"]: { [section.key]: body } }, ctx.now);
  });

  router.add("GET", `${BASE}/invoices/added-back-liabilities/:year/:month`, (ctx) => {
    const gstin = ctx.taxpayer().sub;
    requireApiVersion(ctx);
    const period = pathPeriod(ctx);
    const sectionText = requiredQuery(ctx, "section").toUpperCase();
    const section = ADDED_BACK_SECTIONS[sectionText];
    if (!section) throw new PlatformError(422, `section must be one of ${Object.keys(ADDED_BACK_SECTIONS).join(", ")}`);
    const entries = portal.addedBackFor(gstin, period, section);
    if (entries.length === 0) return gstnError("IMS0027", "No added back liability records available for the selected input criteria", ctx.now);
    return gstnSuccess({ gstin, rtnprd: taxPeriodToReturnPeriod(period), rejInvAddBackLiab: { [section]: entries.map(addedBackItem) } }, ctx.now);
  });
}

const STANDARD_RATES = [0, 0.1, 0.25, 1, 1.5, 3, 5, 6, 7.5, 12, 18, 28, 40];

function rateOf(r: SandboxRecord): number {
  const tax = r.iamt + r.camt + r.samt;
  const exact = r.txval > 0 ? (tax * 100) / r.txval : 0;
  return STANDARD_RATES.reduce((best, rt) => (Math.abs(rt - exact) < Math.abs(best - exact) ? rt : best), 0);
}

function items(r: SandboxRecord): Record<string, unknown>[] {
  return [{ num: 1, itm_det: { rt: rateOf(r), txval: rupees(r.txval), iamt: rupees(r.iamt), camt: rupees(r.camt), samt: rupees(r.samt), csamt: rupees(r.cess) } }];
}

/**
 * An operator's ECOM/ECOMA document as sales.json has it: val, itms, inv_typ, flag, pos, idt,
 * inum, sply_ty, chksum, imsactn (and oinum, oidt on ECOMA); the schema allows nothing else.
 */
function ecomDocument(r: SandboxRecord, operator: string): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    inum: r.docNum,
    idt: isoToGstDate(r.docDate),
    ...(r.section === "ECOMA" ? { oinum: r.origDocNum, oidt: r.origDocDate ? isoToGstDate(r.origDocDate) : undefined } : {}),
    val: rupees(r.val),
    pos: r.pos,
    inv_typ: r.invType ?? "R",
    sply_ty: r.pos === operator.slice(0, 2) ? "INTRA" : "INTER",
    flag: "N",
    chksum: r.hash,
    itms: items(r),
  };
  if (r.action !== "N") doc.imsactn = r.action;
  return doc;
}

function salesDocument(r: SandboxRecord): Record<string, unknown> {
  const info = sectionInfo(r.section);
  const f = docFields(r.section);
  const doc: Record<string, unknown> = { [f.num]: r.docNum, [f.date]: isoToGstDate(r.docDate) };
  if (info.docKind === "note") doc.ntty = r.noteType ?? (r.section.startsWith("CN") ? "C" : "D");
  if (info.isAmendment) {
    doc[f.origNum] = r.origDocNum;
    doc[f.origDate] = r.origDocDate ? isoToGstDate(r.origDocDate) : undefined;
  }
  Object.assign(doc, {
    val: rupees(r.val),
    pos: r.pos,
    rchrg: "N",
    ...(info.hasInvoiceType ? { inv_typ: r.invType ?? "R" } : {}),
    chksum: r.hash,
    flag: "N",
    cflag: r.filed ? "F" : "N",
    updby: "S",
    itms: items(r),
  });
  if (r.action !== "N") doc.imsactn = r.action;
  if (r.remarks) doc.remarks = r.remarks;
  return doc;
}

function addedBackItem(e: AddedBackLiability): Record<string, unknown> {
  const amounts = { val: rupees(e.val), txval: rupees(e.txval), iamt: rupees(e.iamt), camt: rupees(e.camt), samt: rupees(e.samt), csamt: rupees(e.cess) };
  const common = { ...amounts, supPrd: taxPeriodToReturnPeriod(e.supplierPeriod), form: e.form, ...(e.remarks ? { remarks: e.remarks } : {}) };
  const orig = e.origDocNum ? { oinum: e.origDocNum, oidt: e.origDocDate ? isoToGstDate(e.origDocDate) : "" } : {};
  switch (e.section) {
    case "ecoma":
      return { ...common, rtin: e.recipientGstin, rtinNam: e.recipientName, stin: e.supplierGstin, stinNam: e.supplierName, inum: e.docNum, idt: isoToGstDate(e.docDate), ...orig };
    case "b2ba":
      return { ctin: e.recipientGstin, tradenm: e.recipientName, inv_typ: e.invType, ...common, inum: e.docNum, idt: isoToGstDate(e.docDate), ...orig };
    case "cdnr":
    case "cdnra": {
      const noteOrig = e.origDocNum ? { ont_num: e.origDocNum, ont_dt: e.origDocDate ? isoToGstDate(e.origDocDate) : "" } : {};
      return { ctin: e.recipientGstin, tradenm: e.recipientName, inv_typ: e.invType, ...common, nt_num: e.docNum, nt_dt: isoToGstDate(e.docDate), ntty: e.noteType ?? "C", ...(e.section === "cdnra" ? noteOrig : {}) };
    }
  }
}
