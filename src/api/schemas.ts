/**
 * Wire shapes of every response, as zod schemas. They check shape and units (2-decimal
 * amounts, DD-MM-YYYY dates, MMYYYY periods) so that converting to the domain cannot fail;
 * convert.ts does the converting. Unknown extra fields are ignored; missing or mistyped ones
 * are errors naming the field.
 */
import { z } from "zod";
import { gstDateToIso, returnPeriodToTaxPeriod } from "../ims/periods";
import { ACTIONS, docFields, sectionByReportKey, sectionInfo, type SectionCode } from "../ims/sections";
import { rupeesToPaise, rupeesToPaiseRounded } from "./money";
import type { AddedBackSection, SalesSection, SupplierReturnType } from "./types";

const MAX_VALUE = 9999999999999.99;
const MAX_TAX = 99999999999.99;

const text = z.string().min(1, { error: "must not be empty" });
const yesNo = z.enum(["Y", "N"]);
const count = z.number().int().nonnegative();
const gstin = z.string().regex(/^[0-9]{2}[0-9A-Z]{13}$/, { error: "not a GSTIN" });
const gstDate = z.string().refine((s) => gstDateToIso(s) !== null, { error: "not a DD-MM-YYYY date" });
const returnPeriod = z.string().refine((s) => returnPeriodToTaxPeriod(s) !== null, { error: "not an MMYYYY period" });
const stateCode = z.string().regex(/^[0-9]{2}$/, { error: "not a 2-digit state code" });

function rupees(max: number, signed = false) {
  return z
    .number()
    .refine((x) => signed || x >= 0, { error: "must not be negative", abort: true })
    .refine((x) => Math.abs(x) <= max, { error: "is too large", abort: true })
    .refine((x) => rupeesToPaise(x) !== null, { error: "not an amount with at most 2 decimals" });
}

const value = rupees(MAX_VALUE);
const tax = rupees(MAX_TAX);

/** "Filed" / "Not Filed" (any case); null for anything else. */
export function parseFiledStatus(s: string): boolean | null {
  const t = s.trim().toLowerCase();
  return t === "filed" ? true : t === "not filed" ? false : null;
}

// ---- envelopes -------------------------------------------------------------------------

export const envelopeSchema = z.object({ data: z.unknown() });
export const statusFlagSchema = z.object({ status_cd: z.enum(["0", "1"]) });
export const gstnErrorSchema = z.object({ error: z.object({ error_cd: text, message: z.string() }) });
export const platformErrorBodySchema = z.object({ message: z.string().optional(), code: z.number().optional() });

// ---- auth ------------------------------------------------------------------------------

export const authenticateSchema = z.object({ access_token: text, expires_in: z.number().positive().optional() });
export const otpSchema = z.object({ status_cd: z.literal("1") });
export const sessionSchema = z.object({
  status_cd: z.literal("1"),
  access_token: text,
  token_expiry: z.number().int().positive(),
  session_expiry: z.number().int().positive().optional(),
});

// ---- counts ----------------------------------------------------------------------------

const countSet = z.object({ noaction: count, accept: count, reject: count, pending: count });
export type WireCountSet = z.infer<typeof countSet>;

export const COUNT_GROUP_KEYS = { others: "all_oth", inward_supplies: "inv_supp_isd", imports: "imp_gds" } as const;
const COUNT_SECTION_KEYS: Record<keyof typeof COUNT_GROUP_KEYS, readonly string[]> = {
  others: ["b2b", "b2ba", "b2bcn", "b2bcna", "b2bdn", "b2bdna", "ecom", "ecoma"],
  inward_supplies: ["isd", "isda", "isdcn", "isdcna"],
  imports: ["impg", "impga", "impgsez", "impgseza"],
};

export function countsSchema(goodsType: keyof typeof COUNT_GROUP_KEYS) {
  const known = COUNT_SECTION_KEYS[goodsType];
  const group = z
    .object({ ttl_cnt: count })
    .catchall(z.unknown())
    .transform((g, ctx) => {
      const sections: Record<string, WireCountSet> = {};
      for (const key of known) {
        if (g[key] === undefined) continue;
        const parsed = countSet.safeParse(g[key]);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: [key, ...issue.path] });
          continue;
        }
        sections[key] = parsed.data;
      }
      return { total: g.ttl_cnt, sections };
    });
  return z.object({ [COUNT_GROUP_KEYS[goodsType]]: group }).transform((o) => o[COUNT_GROUP_KEYS[goodsType]] as z.infer<typeof group>);
}

// ---- records (GET invoices) ------------------------------------------------------------

const blockedFlag = z.union([yesNo, z.boolean()]);

const imsRecordFields = z.object({
  stin: gstin,
  inum: text.optional(),
  idt: gstDate.optional(),
  nt_num: text.optional(),
  nt_dt: gstDate.optional(),
  oinum: text.optional(),
  oidt: gstDate.optional(),
  ont_num: text.optional(),
  ont_dt: gstDate.optional(),
  inv_typ: text.optional(),
  srcform: text,
  rtnprd: returnPeriod,
  pos: stateCode,
  val: value,
  txval: tax,
  iamt: tax,
  camt: tax,
  samt: tax,
  cess: tax,
  action: z.enum(ACTIONS),
  // Two spellings of the pending flag (contract §5.2), with opposite senses.
  ispendactblocked: yesNo.optional(),
  ispendactnallwd: yesNo.optional(),
  srcfilstatus: z.string().refine((s) => parseFiledStatus(s) !== null, { error: "not Filed or Not Filed" }),
  hash: text,
  isRemarksBlocked: blockedFlag.nullish(),
  // The ITC-reduction-blocked flag's name is unconfirmed (contract §5.3).
  isItcRedReqBlocked: blockedFlag.nullish(),
  itcRedReqBlocked: blockedFlag.nullish(),
  remarks: z.string().nullish(),
  itcRedReq: yesNo.nullish(),
  declIgst: tax.nullish(),
  declCgst: tax.nullish(),
  declSgst: tax.nullish(),
  declCess: tax.nullish(),
});
export type WireImsRecord = z.infer<typeof imsRecordFields>;

function imsRecordSchema(section: SectionCode) {
  const info = sectionInfo(section);
  const f = docFields(section);
  const required: string[] = [f.num, f.date];
  if (info.isAmendment) required.push(f.origNum, f.origDate);
  if (info.hasInvoiceType) required.push("inv_typ");
  return imsRecordFields.superRefine((r, ctx) => {
    const fields = r as Record<string, unknown>;
    for (const k of required) if (fields[k] === undefined) ctx.addIssue({ code: "custom", message: `missing (required on ${section} records)`, path: [k] });
    if (r.ispendactblocked === undefined && r.ispendactnallwd === undefined) {
      ctx.addIssue({ code: "custom", message: "missing (neither ispendactblocked nor ispendactnallwd)", path: ["ispendactblocked"] });
    }
  });
}

const recordListSchemas = new Map<SectionCode, z.ZodType<WireImsRecord[]>>();

/** GET invoices: `{ "<payload key>": [records] }` with the key of the section asked for. */
export function invoicesSchema(section: SectionCode): z.ZodType<WireImsRecord[]> {
  let schema = recordListSchemas.get(section);
  if (!schema) {
    const key = sectionInfo(section).payloadKey;
    schema = z.object({ [key]: z.array(imsRecordSchema(section)) }).transform((o) => o[key] as WireImsRecord[]);
    recordListSchemas.set(section, schema);
  }
  return schema;
}

/**
 * GSTN's answer for a section too large to send inline: `{token, est}` instead of records
 * (GETINV; `est` is the minutes until GSTN's file would be ready, sent as text or a number).
 * The provider documents no way to fetch that file, so the client reports it as
 * LargeSectionError. Sources: provider-contract-audit.md item 3; resilient-tech/india-compliance
 * `download_ims_invoices` (`response.token`, `cint(response.est)`).
 */
export const largeSectionSchema = z.object({
  token: text,
  est: z.union([z.number().nonnegative(), z.string().regex(/^\s*\d+(\.\d+)?\s*$/, { error: "not a number of minutes" })]).optional(),
});
export type WireLargeSection = z.infer<typeof largeSectionSchema>;

export type SectionAnswer<T> = { kind: "records"; value: T } | { kind: "large"; token: string; estimateMinutes: number | null };

/**
 * A GET invoices answer: either the section's records (checked by `records`) or the token
 * form. The token form is recognised by a `token` field where the section's key is absent;
 * anything else is checked as records, so its problems are reported with their paths.
 */
export function sectionAnswerSchema<T>(section: SectionCode, records: z.ZodType<T>): z.ZodType<SectionAnswer<T>> {
  const key = sectionInfo(section).payloadKey;
  return z.unknown().transform((v, ctx): SectionAnswer<T> => {
    const isTokenForm = typeof v === "object" && v !== null && !Array.isArray(v) && "token" in v && !(key in v);
    const parsed = isTokenForm ? largeSectionSchema.safeParse(v) : records.safeParse(v);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path as (string | number)[] });
      return z.NEVER;
    }
    if (isTokenForm) {
      const w = parsed.data as WireLargeSection;
      const est = w.est === undefined ? null : Number(w.est);
      return { kind: "large", token: w.token, estimateMinutes: est !== null && Number.isFinite(est) ? est : null };
    }
    return { kind: "records", value: parsed.data as T };
  });
}

/** A record of a GET invoices answer that does not meet its schema, with the first problem found. */
export interface WireRejection {
  index: number;
  /** The record as sent, to tell which one it was. */
  raw: unknown;
  /** Path of the faulty field within the record ([] for the record as a whole). */
  path: (string | number)[];
  message: string;
  /** How many problems the record has. */
  problems: number;
}

export interface CheckedWireRecords {
  records: WireImsRecord[];
  rejected: WireRejection[];
}

const checkedListSchemas = new Map<SectionCode, z.ZodType<CheckedWireRecords>>();

/**
 * GET invoices, checked record by record: only the envelope (the section's key holding a list)
 * must be right; a record that does not meet its schema is set aside, the others are kept.
 */
export function checkedInvoicesSchema(section: SectionCode): z.ZodType<CheckedWireRecords> {
  let schema = checkedListSchemas.get(section);
  if (!schema) {
    const key = sectionInfo(section).payloadKey;
    const record = imsRecordSchema(section);
    schema = z.object({ [key]: z.array(z.unknown()) }).transform((o) => {
      const out: CheckedWireRecords = { records: [], rejected: [] };
      (o[key] as unknown[]).forEach((raw, index) => {
        const parsed = record.safeParse(raw);
        if (parsed.success) {
          out.records.push(parsed.data);
          return;
        }
        const first = parsed.error.issues[0];
        out.rejected.push({ index, raw, path: (first?.path ?? []) as (string | number)[], message: first?.message ?? "invalid", problems: parsed.error.issues.length });
      });
      return out;
    });
    checkedListSchemas.set(section, schema);
  }
  return schema;
}

// ---- save / reset / status -------------------------------------------------------------

export const referenceSchema = z.object({ reference_id: text });

const countText = z.union([z.string().regex(/^\d+$/, { error: "not a whole number" }), count]);

/**
 * An error-report entry. The provider's schema (`data/gst/schema/request/taxpayer/invoices/status.json`)
 * requires only stin, error_cd and error_msg: `inv`, the documents concerned, may be absent,
 * and then the entry names the supplier only.
 */
const reportEntry = z.object({
  stin: z.string(),
  error_cd: text,
  error_msg: z.string(),
  inv: z
    .array(z.object({ inum: text.optional(), nt_num: text.optional(), rtnprd: returnPeriod }).refine((d) => d.inum !== undefined || d.nt_num !== undefined, { error: "missing inum" }))
    .nullish(),
});
export type WireReportEntry = z.infer<typeof reportEntry>;

export const requestStatusSchema = z
  .object({
    status_cd: z.enum(["IP", "P", "PE", "ER"]),
    transTypCd: z.string().optional(),
    proc_cnt: countText.optional(),
    err_cnt: countText.optional(),
    err_cd: z.string().nullish(),
    err_msg: z.string().nullish(),
    // Keys are short (cn, dn) in GSTN's reports and long (b2bcn) in the provider's schema: both are read.
    error_report: z.record(z.string(), z.array(reportEntry)).nullish(),
  })
  .superRefine((s, ctx) => {
    for (const key of Object.keys(s.error_report ?? {})) {
      if (!sectionByReportKey(key)) ctx.addIssue({ code: "custom", message: "not a known section key", path: ["error_report", key] });
    }
  });
export type WireRequestStatus = z.infer<typeof requestStatusSchema>;

export const gstr2bStatusSchema = z.object({
  status_cd: z.enum(["IP", "P", "ER"]),
  err_cd: z.string().nullish(),
  err_msg: z.string().nullish(),
});

// ---- supplier views --------------------------------------------------------------------

const signedValue = rupees(MAX_VALUE, true);
const signedTax = rupees(MAX_TAX, true);

/**
 * Sales amounts: the provider's sales schema allows 3 decimals (`val`, and amounts of the
 * amendment sections, are `multipleOf 0.001`). They become paise rounded half away from zero
 * (money.ts, rupeesToPaiseRounded): the sales view is read-only, never echoed back.
 */
function salesRupees(max: number) {
  return z
    .number()
    .refine((x) => Math.abs(x) <= max, { error: "is too large", abort: true })
    .refine((x) => rupeesToPaiseRounded(x) !== null, { error: "not an amount with at most 3 decimals" });
}
const salesValue = salesRupees(MAX_VALUE);
const salesTax = salesRupees(MAX_TAX);

/** The provider prints a missing original date as "" on some entries: read it as absent. */
const optionalDate = z.union([z.literal(""), gstDate]).optional();
const optionalText = z.union([z.literal(""), text]).optional();

const salesItem = z.object({
  num: z.number().optional(),
  itm_det: z.object({
    rt: z.number().nonnegative(),
    txval: salesTax,
    iamt: salesTax.optional(),
    camt: salesTax.optional(),
    samt: salesTax.optional(),
    csamt: salesTax.optional(),
  }),
});

/** Note types of the sales schema: credit note, debit note, refund voucher. */
export const NOTE_TYPES = ["C", "D", "R"] as const;

/** How supplier views name a document: invoice or note number and date, and an amendment's original. */
const documentRefFields = {
  inum: text.optional(),
  idt: gstDate.optional(),
  nt_num: text.optional(),
  nt_dt: gstDate.optional(),
  ntty: z.enum(NOTE_TYPES).optional(),
  oinum: optionalText,
  oidt: optionalDate,
  ont_num: optionalText,
  ont_dt: optionalDate,
};

const salesDocument = z.object({
  ...documentRefFields,
  val: salesValue,
  pos: stateCode,
  rchrg: yesNo.optional(),
  inv_typ: text.optional(),
  /** ECOM documents: INTER or INTRA. */
  sply_ty: z.enum(["INTER", "INTRA"]).optional(),
  chksum: z.string().optional(),
  itms: z.array(salesItem),
  imsactn: z.enum(["A", "R", "P", "N"]).optional(),
  remarks: z.string().nullish(),
});
export type WireSalesDocument = z.infer<typeof salesDocument>;

/** One recipient's documents, however the section groups them. */
export interface WireSalesGroup {
  recipient: string;
  /** ECOM b2b parts: the supplier whose supply the operator reported. */
  supplier?: string;
  /** ECOM/ECOMA: the part of the operator's section the group came from (b2b, urp2b, b2ba, urp2ba). */
  part?: string;
  documents: WireSalesDocument[];
}

export const SALES_KEYS: Record<SalesSection, { key: string; notes: boolean; ecom: boolean }> = {
  B2B: { key: "b2b", notes: false, ecom: false },
  B2BA: { key: "b2ba", notes: false, ecom: false },
  CDNR: { key: "cdnr", notes: true, ecom: false },
  CDNRA: { key: "cdnra", notes: true, ecom: false },
  ECOM: { key: "ecom", notes: false, ecom: true },
  ECOMA: { key: "ecoma", notes: false, ecom: true },
};

/**
 * The parts of `gstr1.ecom` and `gstr1.ecoma` (sales.json): objects, not arrays. ECOM has b2b
 * (rtin and stin) and urp2b (rtin only); ECOMA has b2ba and urp2ba. The issue that reported the
 * shape spells ECOMA's parts b2b/urp2b, so those are read too.
 */
const ECOM_PARTS: Record<"ECOM" | "ECOMA", { part: string; withSupplier: boolean }[]> = {
  ECOM: [
    { part: "b2b", withSupplier: true },
    { part: "urp2b", withSupplier: false },
  ],
  ECOMA: [
    { part: "b2ba", withSupplier: true },
    { part: "urp2ba", withSupplier: false },
    { part: "b2b", withSupplier: true },
    { part: "urp2b", withSupplier: false },
  ],
};

function requireDocFields(list: WireSalesDocument[], notes: boolean, listKey: string, ctx: z.RefinementCtx): void {
  list.forEach((d, i) => {
    const num = notes ? d.nt_num : d.inum;
    const date = notes ? d.nt_dt : d.idt;
    if (num === undefined) ctx.addIssue({ code: "custom", message: "missing", path: [listKey, i, notes ? "nt_num" : "inum"] });
    if (date === undefined) ctx.addIssue({ code: "custom", message: "missing", path: [listKey, i, notes ? "nt_dt" : "idt"] });
  });
}

const counterpartyGroup = z.object({ ctin: gstin, inv: z.array(salesDocument).optional(), nt: z.array(salesDocument).optional() });

export function salesSchema(section: SalesSection, returnType: SupplierReturnType): z.ZodType<{ gstin: string; rtnprd: string; groups: WireSalesGroup[] }> {
  const { key, notes, ecom } = SALES_KEYS[section];
  const formKey = returnType === "gstr-1" ? "gstr1" : "gstr1a";
  let sectionBody: z.ZodType<WireSalesGroup[]>;
  if (ecom) {
    const parts = ECOM_PARTS[section as "ECOM" | "ECOMA"];
    const shape: Record<string, z.ZodType> = {};
    for (const { part, withSupplier } of parts) {
      const group = z.object({ rtin: gstin, stin: withSupplier ? gstin : gstin.optional(), inv: z.array(salesDocument) }).superRefine((g, ctx) => requireDocFields(g.inv, false, "inv", ctx));
      shape[part] = z.array(group).optional();
    }
    sectionBody = z.object(shape).transform((o) => {
      const groups: WireSalesGroup[] = [];
      for (const { part } of parts) {
        for (const g of (o[part] as { rtin: string; stin?: string; inv: WireSalesDocument[] }[] | undefined) ?? []) {
          groups.push({ recipient: g.rtin, ...(g.stin !== undefined ? { supplier: g.stin } : {}), part, documents: g.inv });
        }
      }
      return groups;
    });
  } else {
    const listKey = notes ? "nt" : "inv";
    sectionBody = z
      .array(
        counterpartyGroup.superRefine((g, ctx) => {
          const list = g[listKey];
          if (list === undefined) {
            ctx.addIssue({ code: "custom", message: "missing", path: [listKey] });
            return;
          }
          requireDocFields(list, notes, listKey, ctx);
        }),
      )
      .transform((groups) => groups.map((g) => ({ recipient: g.ctin, documents: (notes ? g.nt : g.inv) ?? [] })));
  }
  const body = z.object({ gstin, rtnprd: returnPeriod, [formKey]: z.object({ [key]: sectionBody.optional() }) });
  return body.transform((o) => {
    const form = o[formKey] as Record<string, WireSalesGroup[] | undefined>;
    return { gstin: o.gstin as string, rtnprd: o.rtnprd as string, groups: form[key] ?? [] };
  });
}

const addedBackItem = z.object({
  ctin: gstin.optional(),
  tradenm: z.string().optional(),
  rtin: gstin.optional(),
  rtinNam: z.string().optional(),
  stin: gstin.optional(),
  stinNam: z.string().optional(),
  inv_typ: text.optional(),
  val: signedValue,
  txval: signedTax,
  iamt: signedTax,
  camt: signedTax,
  samt: signedTax,
  csamt: signedTax,
  remarks: z.string().nullish(),
  supPrd: returnPeriod.optional(),
  form: text.optional(),
  ...documentRefFields,
});
export type WireAddedBackItem = z.infer<typeof addedBackItem>;

export const ADDED_BACK_KEYS: Record<AddedBackSection, string> = { CDNR: "cdnr", B2BA: "b2ba", CDNRA: "cdnra", ECOMA: "ecoma" };

export function addedBackSchema(section: AddedBackSection) {
  const key = ADDED_BACK_KEYS[section];
  const notes = section === "CDNR" || section === "CDNRA";
  const item = addedBackItem.superRefine((e, ctx) => {
    const recipient = section === "ECOMA" ? e.rtin : e.ctin;
    if (recipient === undefined) ctx.addIssue({ code: "custom", message: "missing", path: [section === "ECOMA" ? "rtin" : "ctin"] });
    if ((notes ? e.nt_num : e.inum) === undefined) ctx.addIssue({ code: "custom", message: "missing", path: [notes ? "nt_num" : "inum"] });
    if ((notes ? e.nt_dt : e.idt) === undefined) ctx.addIssue({ code: "custom", message: "missing", path: [notes ? "nt_dt" : "idt"] });
  });
  return z
    .object({ gstin, rtnprd: returnPeriod, rejInvAddBackLiab: z.object({ [key]: z.array(item) }) })
    .transform((o) => ({ gstin: o.gstin, rtnprd: o.rtnprd, items: (o.rejInvAddBackLiab[key] ?? []) as WireAddedBackItem[] }));
}
