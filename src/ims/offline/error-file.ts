/**
 * The portal's error file for an offline upload, read into errors per record key.
 *
 * Two shapes are described (offline-and-register-formats.md §1, [M/L]), and both are read:
 * - record list: the download's section keys under `imsDetailsErr` (or `imsDetails`, or an
 *   upload's `invdata`), each record as downloaded plus `error_msg` (and perhaps `error_cd`);
 * - error report: the API's request status, `error_report.{section}[{stin, error_cd, error_msg,
 *   inv: [{inum | nt_num, rtnprd}]}]` with `status_cd` "PE", or "ER" with `err_cd` (IMSSAV005)
 *   when the whole file was refused; with or without a `data` envelope, short or long section keys.
 *
 * Every entry ends up either in `errors` (mapped to a record key) or in `unmapped` (with the
 * reason), never dropped. Pass the records of the upload (or of the download) as `known`: then an
 * entry maps only to one of them, and periods written as a month alone or entries naming only a
 * supplier can be resolved.
 */
import { imsRecordKey, type ImsRecord } from "../records";
import type { TaxPeriod } from "../periods";
import type { SectionCode } from "../sections";
import { isArray, isObject, valueText, type JsonObject, type JsonValue } from "./json-source";
import { childPath, DEFAULT_MAX_CHARS, readFileJson, sectionOfKey, WarningList, type OfflineResult, type ParseWarning } from "./file-errors";
import { identityOf, memberOf, readDate, readPeriod, readRecord, textOf } from "./record-reader";

export type KnownRecord = Pick<ImsRecord, "section" | "supplierGstin" | "docNumber" | "returnPeriod">;

export interface OfflineRecordError {
  /** `imsRecordKey` of the record the error is about. */
  key: string;
  section: SectionCode;
  supplierGstin: string;
  docNumber: string;
  returnPeriod: TaxPeriod;
  /** The portal's error code, when the file gives one. */
  code: string | null;
  /** The portal's message. */
  message: string;
  /** The portal named only the supplier; every known record of it in that section gets the error. */
  supplierOnly?: true;
  /** JSON path of the entry in the error file. */
  path: string;
}

export interface UnmappedError {
  path: string;
  /** The section key as the file spells it. */
  sectionKey: string;
  section: SectionCode | null;
  supplierGstin: string | null;
  docNumber: string | null;
  /** `rtnprd` as written. */
  returnPeriod: string | null;
  code: string | null;
  message: string;
  /** Why it could not be tied to one record, in a sentence. */
  reason: string;
}

export interface ErrorFile {
  shape: "record-list" | "error-report";
  /** The recipient GSTIN the file names (`rtin`, `gstin`), if any: see `checkFileGstin`. */
  gstin: string | null;
  /** The portal's status code (P, PE, ER), when the file gives one. */
  status: string | null;
  /** The whole upload was refused (status ER, such as IMSSAV005 "Schema validation failure"). */
  fileError: { code: string; message: string } | null;
  processed: number | null;
  errored: number | null;
  errors: OfflineRecordError[];
  unmapped: UnmappedError[];
  warnings: ParseWarning[];
}

export interface ErrorFileOptions {
  /** The records the upload held (or the download's): entries map only to these. */
  known?: readonly KnownRecord[];
  maxChars?: number;
}

const WHAT = "The error file";
const MESSAGE_FIELDS = ["error_msg", "errMsg", "error_message", "errorMessage", "message"];
const CODE_FIELDS = ["error_cd", "errCd", "error_code", "errorCode", "err_cd"];

/** Reads the portal's error file for an offline upload. */
export function parseErrorFile(text: string, options: ErrorFileOptions = {}): OfflineResult<ErrorFile> {
  const read = readFileJson(text, WHAT, options.maxChars ?? DEFAULT_MAX_CHARS);
  if (!read.ok) return read;
  const root = read.value.value;
  if (!isObject(root)) return { ok: false, error: { code: "wrong-shape", message: `${WHAT} holds ${valueText(root)} at its top, not the portal's error file.`, path: "" } };

  // The envelopes seen around the API's answers: none, `data`, `data.data`.
  const layers: { o: JsonObject; path: string }[] = [{ o: root, path: "" }];
  const d1 = root.members.get("data");
  if (isObject(d1)) {
    layers.push({ o: d1, path: "data" });
    const d2 = d1.members.get("data");
    if (isObject(d2)) layers.push({ o: d2, path: "data.data" });
  }
  const gstin = firstText(layers.map((l) => l.o), ["rtin", "gstin"]);
  const mapper = new Mapper(options.known);
  const warnings = new WarningList();

  const listLayer = layers.find((l) => l.o.members.has("imsDetailsErr"));
  // The report's own layer: the one holding error_report, else err_cd, else the innermost
  // status_cd (an outer `status_cd: "1"` is the API's envelope, not the request's status).
  const reportLayer =
    layers.find((l) => l.o.members.has("error_report")) ?? layers.find((l) => l.o.members.has("err_cd")) ?? [...layers].reverse().find((l) => l.o.members.has("status_cd"));
  if (listLayer || (!reportLayer && layers.some((l) => l.o.members.has("imsDetails") || l.o.members.has("invdata")))) {
    const layer = listLayer ?? (layers.find((l) => l.o.members.has("imsDetails") || l.o.members.has("invdata")) as { o: JsonObject; path: string });
    const name = listLayer ? "imsDetailsErr" : layer.o.members.has("imsDetails") ? "imsDetails" : "invdata";
    const result = readRecordList(layer.o.members.get(name), childPath(layer.path, name), mapper, warnings);
    if (!result.ok) return result;
    if (!listLayer && result.value.entries === 0 && result.value.withMessage === 0) {
      // An IMS download or an upload file opened by mistake: no record carries an error.
      const kind = name === "invdata" ? "an upload file" : "the IMS download";
      return { ok: false, error: { code: "other-file-kind", message: `${WHAT} looks like ${kind}: none of its records carries an error message (error_msg). Open the error file the portal gave for the upload.`, path: childPath(layer.path, name) } };
    }
    return {
      ok: true,
      value: { shape: "record-list", gstin, status: null, fileError: null, processed: null, errored: null, errors: mapper.errors, unmapped: mapper.unmapped, warnings: warnings.list() },
    };
  }
  if (reportLayer) {
    const o = reportLayer.o;
    const status = textOf(o.members.get("status_cd"))?.trim() || null;
    const errCode = textOf(o.members.get("err_cd"))?.trim() || "";
    const errMessage = textOf(o.members.get("err_msg"))?.trim() || "";
    const report = o.members.get("error_report");
    let fileError: ErrorFile["fileError"] = null;
    if (status === "ER" || (errCode !== "" && (report === undefined || report === null))) {
      fileError = { code: errCode || "ER", message: errMessage || "The portal refused the whole upload file." };
    }
    if (report !== undefined && report !== null) {
      const r = readErrorReport(report, childPath(reportLayer.path, "error_report"), mapper);
      if (!r.ok) return r;
    }
    return {
      ok: true,
      value: {
        shape: "error-report",
        gstin,
        status,
        fileError,
        processed: countOf(o.members.get("proc_cnt")),
        errored: countOf(o.members.get("err_cnt")),
        errors: mapper.errors,
        unmapped: mapper.unmapped,
        warnings: warnings.list(),
      },
    };
  }
  const keys = [...root.members.keys()].slice(0, 6).map((k) => `"${k}"`).join(", ");
  return {
    ok: false,
    error: { code: "wrong-shape", message: `${WHAT} has neither "imsDetailsErr" nor "error_report"${keys ? `; it holds ${keys}` : ""}. Check that this is the error file the portal gave for the upload.`, path: "" },
  };
}

function countOf(v: JsonValue | undefined): number | null {
  const t = textOf(v)?.trim();
  if (t === undefined || t === "" || !/^\d+$/.test(t)) return null;
  return Number(t);
}

function firstText(objects: readonly JsonObject[], names: readonly string[]): string | null {
  for (const o of objects) {
    for (const n of names) {
      const t = textOf(o.members.get(n));
      if (t !== null && t.trim() !== "") return t.trim();
    }
  }
  return null;
}

function entryMessage(o: JsonObject): { code: string | null; message: string | null } {
  const message = textOf(memberOf(o, ...MESSAGE_FIELDS)?.value)?.trim() || null;
  const code = textOf(memberOf(o, ...CODE_FIELDS)?.value)?.trim() || null;
  return { code, message };
}

/** The record-list shape: sections of records, each with error_msg. */
function readRecordList(container: JsonValue | undefined, path: string, mapper: Mapper, warnings: WarningList): OfflineResult<{ entries: number; withMessage: number }> {
  if (!isObject(container)) return { ok: false, error: { code: "wrong-shape", message: `${path} holds ${valueText(container)}, not the sections (an object with b2b, b2bcn, …).`, path } };
  let entries = 0;
  let withMessage = 0;
  for (const [sectionKey, list] of container.members) {
    const at = childPath(path, sectionKey);
    if (list === null) continue;
    const info = sectionOfKey(sectionKey);
    if (!isArray(list)) {
      if (info) return { ok: false, error: { code: "wrong-shape", message: `${at} holds ${valueText(list)}, not a list of records.`, path: at } };
      continue; // a scalar beside the sections (a GSTIN, a period)
    }
    list.items.forEach((item, index) => {
      const itemPath = childPath(at, index);
      if (!isObject(item)) {
        entries++;
        mapper.unmappable({ path: itemPath, sectionKey, section: info?.code ?? null, supplierGstin: null, docNumber: null, returnPeriod: null, code: null, message: "" }, `${itemPath} is ${valueText(item)}, not a record.`);
        return;
      }
      const { code, message } = entryMessage(item);
      if (message !== null) withMessage++;
      if (message === null && code === null) return; // a record without an error: the list may hold every record uploaded
      entries++;
      const text = message ?? "The portal listed this record in its error file without a message.";
      if (!info) {
        mapper.unmappable({ path: itemPath, sectionKey, section: null, supplierGstin: textOf(item.members.get("stin")), docNumber: textOf(memberOf(item, "inum", "nt_num")?.value), returnPeriod: textOf(item.members.get("rtnprd")), code, message: text }, `"${sectionKey}" is not an IMS section the add-in knows.`);
        return;
      }
      const id = identityOf(info.code, item);
      const r = readRecord(info.code, item);
      const docDate = r.ok ? r.record.docDate : readDate(memberOf(item, "idt", "nt_dt")?.value);
      const mappedBefore = mapper.errors.length;
      mapper.map(
        { path: itemPath, sectionKey, section: info.code, supplierGstin: id.supplierGstin || null, docNumber: id.docNumber || null, returnPeriod: textOf(memberOf(item, "rtnprd", "sRtnPrd")?.value), code, message: text },
        docDate,
      );
      if (!r.ok && mapper.errors.length > mappedBefore) {
        warnings.add("error-record-unreadable", "Some records of the error file could not be read in full; they were matched by supplier, document number and period.", itemPath);
      }
    });
  }
  return { ok: true, value: { entries, withMessage } };
}

/** The error-report shape: per section, entries naming a supplier and its documents. */
function readErrorReport(report: JsonValue, path: string, mapper: Mapper): OfflineResult<null> {
  if (!isObject(report)) return { ok: false, error: { code: "wrong-shape", message: `${path} holds ${valueText(report)}, not the sections of an error report.`, path } };
  for (const [sectionKey, list] of report.members) {
    const at = childPath(path, sectionKey);
    if (list === null) continue;
    const info = sectionOfKey(sectionKey);
    const items = isArray(list) ? list.items : [list];
    items.forEach((entry, index) => {
      const entryPath = isArray(list) ? childPath(at, index) : at;
      if (!isObject(entry)) {
        mapper.unmappable({ path: entryPath, sectionKey, section: info?.code ?? null, supplierGstin: null, docNumber: null, returnPeriod: null, code: null, message: "" }, `${entryPath} is ${valueText(entry)}, not an error entry.`);
        return;
      }
      const { code, message } = entryMessage(entry);
      const text = message ?? "The portal reported an error without a message.";
      const stin = textOf(memberOf(entry, "stin", "ctin")?.value)?.trim() || null;
      const inv = entry.members.get("inv") ?? entry.members.get("docs");
      const docs = isArray(inv) ? inv.items : inv !== undefined && inv !== null ? [inv] : [];
      const base = { sectionKey, section: info?.code ?? null, supplierGstin: stin, code, message: text };
      if (!info) {
        const names = docs.length ? docs : [null];
        names.forEach((doc, i) => {
          const docObj = isObject(doc) ? doc : null;
          mapper.unmappable(
            { ...base, path: docs.length ? childPath(childPath(entryPath, "inv"), i) : entryPath, docNumber: docObj ? textOf(memberOf(docObj, "inum", "nt_num")?.value) : null, returnPeriod: docObj ? textOf(docObj.members.get("rtnprd")) : null },
            `"${sectionKey}" is not an IMS section the add-in knows.`,
          );
        });
        return;
      }
      if (docs.length === 0) {
        mapper.supplierOnly({ ...base, path: entryPath, docNumber: null, returnPeriod: null });
        return;
      }
      docs.forEach((doc, i) => {
        const docPath = isArray(inv) ? childPath(childPath(entryPath, "inv"), i) : childPath(entryPath, "inv");
        if (!isObject(doc)) {
          mapper.unmappable({ ...base, path: docPath, docNumber: null, returnPeriod: null }, `${docPath} is ${valueText(doc)}, not a document.`);
          return;
        }
        mapper.map(
          { ...base, path: docPath, docNumber: textOf(memberOf(doc, "inum", "nt_num")?.value), returnPeriod: textOf(memberOf(doc, "rtnprd", "sRtnPrd")?.value) },
          readDate(memberOf(doc, "idt", "nt_dt")?.value),
        );
      });
    });
  }
  return { ok: true, value: null };
}

type Entry = Omit<UnmappedError, "reason">;

/** Ties entries to record keys, against the known records when given. */
class Mapper {
  readonly errors: OfflineRecordError[] = [];
  readonly unmapped: UnmappedError[] = [];
  private readonly byDoc = new Map<string, KnownRecord[]>();
  private readonly bySupplier = new Map<string, KnownRecord[]>();

  constructor(private readonly known: readonly KnownRecord[] | undefined) {
    for (const r of known ?? []) {
      push(this.byDoc, docKey(r.section, r.supplierGstin, r.docNumber), r);
      push(this.bySupplier, `${r.section}|${r.supplierGstin.toUpperCase()}`, r);
    }
  }

  unmappable(e: Entry, reason: string): void {
    this.unmapped.push({ ...e, reason });
  }

  map(e: Entry, docDate: string | null): void {
    const { section, supplierGstin: stin, docNumber: doc } = e;
    if (section === null) return this.unmappable(e, `"${e.sectionKey}" is not an IMS section the add-in knows.`);
    if (!stin || !doc) return this.unmappable(e, "The entry does not name both the supplier's GSTIN and the document number.");
    const period = e.returnPeriod === null ? null : readPeriod(e.returnPeriod, docDate);
    const monthOnly = e.returnPeriod !== null && /^\s*\d{1,2}\s*$/.test(e.returnPeriod);
    if (this.known) {
      let candidates = this.byDoc.get(docKey(section, stin, doc)) ?? [];
      if (e.returnPeriod !== null) {
        if (monthOnly) candidates = candidates.filter((r) => Number(r.returnPeriod.slice(5, 7)) === Number(e.returnPeriod));
        else if (period?.ok) candidates = candidates.filter((r) => r.returnPeriod === period.value.period);
        else return this.unmappable(e, `Its return period ${JSON.stringify(e.returnPeriod)} cannot be read.`);
      }
      if (candidates.length === 1) return this.add(e, candidates[0] as KnownRecord);
      if (candidates.length === 0) return this.unmappable(e, "No record of the upload has this section, supplier, document number and period.");
      return this.unmappable(e, `${candidates.length} records of the upload have this supplier and document number, and the entry does not say which period.`);
    }
    if (e.returnPeriod === null) return this.unmappable(e, "The entry has no return period (rtnprd), so its record cannot be told; open the error file together with the upload's records.");
    if (!period?.ok) return this.unmappable(e, monthOnly ? "Its return period gives only the month; open the error file together with the upload's records to tell the year." : `Its return period ${JSON.stringify(e.returnPeriod)} cannot be read.`);
    this.add(e, { section, supplierGstin: stin, docNumber: doc, returnPeriod: period.value.period });
  }

  supplierOnly(e: Entry): void {
    const { section, supplierGstin: stin } = e;
    if (section === null || !stin) return this.unmappable(e, "The entry names neither documents nor a supplier.");
    const records = this.known ? (this.bySupplier.get(`${section}|${stin.toUpperCase()}`) ?? []) : [];
    if (records.length === 0) {
      return this.unmappable(e, this.known ? `The portal named the supplier ${stin} but none of its documents, and the upload has no ${section} record of that supplier.` : `The portal named the supplier ${stin} but none of its documents; open the error file together with the upload's records to mark them.`);
    }
    for (const r of records) {
      this.add({ ...e, message: `${e.message.trim().replace(/[.!?]?$/, ".")} The portal named the supplier ${stin} but not which of its documents, so each of them in the upload is reported failed.` }, r, true);
    }
  }

  private add(e: Entry, r: KnownRecord, supplierOnly = false): void {
    const out: OfflineRecordError = {
      key: imsRecordKey(r),
      section: r.section,
      supplierGstin: r.supplierGstin,
      docNumber: r.docNumber,
      returnPeriod: r.returnPeriod,
      code: e.code,
      message: e.message,
      path: e.path,
    };
    if (supplierOnly) out.supplierOnly = true;
    this.errors.push(out);
  }
}

function docKey(section: SectionCode, stin: string, doc: string): string {
  return `${section}|${stin.trim().toUpperCase()}|${doc.toUpperCase()}`;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export interface UploadSettlement {
  /** The whole upload failed (status ER): no record was saved. */
  wholeFile: { code: string; message: string } | null;
  /** Errors per key of a record that was in the upload. */
  failed: Map<string, OfflineRecordError[]>;
  /** Keys of the upload without an error: saved, once the user confirms the portal processed the upload. */
  uploaded: string[];
  /** Errors tied to records that were not in the upload (another upload's error file?). */
  outside: OfflineRecordError[];
}

/**
 * What an error file says of an upload: which of its records failed (with the portal's codes
 * and messages) and which went through. `uploadedKeys` are the keys of the records the upload
 * file held (its "included" outcomes).
 */
export function settleUpload(uploadedKeys: readonly string[], errors: Pick<ErrorFile, "errors" | "fileError">): UploadSettlement {
  const inUpload = new Set(uploadedKeys);
  const failed = new Map<string, OfflineRecordError[]>();
  const outside: OfflineRecordError[] = [];
  for (const e of errors.errors) {
    if (!inUpload.has(e.key)) {
      outside.push(e);
      continue;
    }
    push(failed, e.key, e);
  }
  if (errors.fileError) return { wholeFile: errors.fileError, failed, uploaded: [], outside };
  return { wholeFile: null, failed, uploaded: uploadedKeys.filter((k) => !failed.has(k)), outside };
}
