/**
 * What the simulated portal does: process save/reset jobs under the portal's rules, answer
 * reads, regenerate GSTR-2B, and carry out the scenario hooks. Everything changes the state
 * through `state.commit`, one commit per operation, so each operation is all-or-nothing on disk.
 */
import { randomBytes } from "node:crypto";
import { allSections, sectionInfo, type Action, type SectionCode } from "../ims/sections";
import {
  addMonths,
  comparePeriods,
  filingPeriodOf,
  gstr2bGenerationDate,
  periodOfDate,
  specifiedPendingDeadline,
  taxPeriodToReturnPeriod,
  type TaxPeriod,
} from "../ims/periods";
import type { SandboxConfig } from "./config";
import { istEndOfDay, istStartOfDay, type PortalClock } from "./clock";
import { BusinessError } from "./http/envelope";
import { computeRecordHash } from "./hash";
import { recordKey, type ActionCounts, type AddedBackLiability, type SandboxRecord, type TaxpayerProfile } from "./model";
import { checkRequestSchema, checkReset, checkSave, ERROR_TEXT, type RecordErrorCode, type RequestKind, type RequestRecord } from "./rules";
import type { AuditEntry, Change, ErrorReportEntry, Gstr2bState, RegenerateJob, SandboxState, SaveJob } from "./state";

/** What a supplier reports for one document (amounts in paise; the document value is their sum). */
export interface ReportedDocument {
  section: SectionCode;
  stin: string;
  docNum: string;
  docDate: string;
  origDocNum?: string;
  origDocDate?: string;
  noteType?: "C" | "D" | "R";
  ecomSupplier?: string;
  srcForm: "R1" | "R1A" | "IFF";
  returnPeriod: TaxPeriod;
  pos: string;
  txval: number;
  iamt: number;
  camt: number;
  samt: number;
  cess: number;
}

export function newReferenceId(): string {
  return randomBytes(8).toString("hex").slice(0, 15);
}

export class Portal {
  constructor(
    readonly state: SandboxState,
    readonly config: SandboxConfig,
    readonly clock: PortalClock,
  ) {}

  profileOf(gstin: string): TaxpayerProfile {
    const profile = this.state.profile(gstin);
    if (!profile) throw new BusinessError("SIM010", `No taxpayer is registered with GSTIN ${gstin}`);
    return profile;
  }

  // ---- pending rules -------------------------------------------------------------------

  pendingWindowPassed(r: SandboxRecord, profile: TaxpayerProfile, now: number): boolean {
    if (!r.specified) return false;
    const deadline = specifiedPendingDeadline(r.itcPeriod, profile.frequency, profile.stateCode);
    return deadline === null || now > istEndOfDay(deadline);
  }

  /** The ispendactblocked the portal shows now. */
  pendingBlocked(r: SandboxRecord, profile: TaxpayerProfile, now: number): boolean {
    return r.pendingBlocked || this.pendingWindowPassed(r, profile, now);
  }

  // ---- save / reset ----------------------------------------------------------------------

  submit(gstin: string, kind: RequestKind, body: unknown): SaveJob {
    const now = this.clock.now();
    const job: SaveJob = {
      referenceId: newReferenceId(),
      gstin,
      kind: kind === "SAVE" ? "SAV" : "RST",
      submittedAt: now,
      dueAt: now + this.config.jobDelayMs,
      body,
      status: "IP",
    };
    this.state.commit([{ t: "job", job }]);
    return job;
  }

  /** Processes every job that is due, oldest first. */
  processDueJobs(): void {
    const now = this.clock.now();
    const due = [...this.state.jobs.values()].filter((j) => j.status === "IP" && j.dueAt <= now).sort((a, b) => a.submittedAt - b.submittedAt);
    for (const job of due) this.processJob(job);
  }

  nextJobDueAt(): number | null {
    let next: number | null = null;
    for (const j of this.state.jobs.values()) if (j.status === "IP" && (next === null || j.dueAt < next)) next = j.dueAt;
    for (const j of this.state.regenerateJobs.values()) if (j.status === "IP" && (next === null || j.dueAt < next)) next = j.dueAt;
    return next;
  }

  processJob(job: SaveJob): void {
    if (job.status !== "IP") return;
    const kind: RequestKind = job.kind === "SAV" ? "SAVE" : "RESET";
    const schema = checkRequestSchema(job.body, kind);
    if (!schema.ok || schema.rtin !== job.gstin) {
      const done: SaveJob = { ...job, body: null, status: "ER", result: { proc_cnt: "0", err_cnt: "0", err_cd: "IMSSAV005", err_msg: ERROR_TEXT.IMSSAV005 } };
      this.state.commit([{ t: "job", job: done }]);
      return;
    }
    const now = this.clock.now();
    const profile = this.profileOf(job.gstin);
    const records = this.state.recordsOf(job.gstin);
    const working = new Map<string, SandboxRecord>();
    const errors: { req: RequestRecord; code: RecordErrorCode }[] = [];
    const audit: AuditEntry[] = [];
    const touchedPeriods = new Set<TaxPeriod>();
    for (const req of schema.records) {
      const key = recordKey({ section: req.section.code, stin: req.stin, docNum: req.docNum, returnPeriod: req.returnPeriod });
      const current = working.get(key) ?? records.get(key);
      const code =
        kind === "SAVE"
          ? checkSave(req, current, {
              pendingBlockedByFlag: !!current && current.pendingBlocked,
              pendingWindowPassed: !!current && this.pendingWindowPassed(current, profile, now),
              remarksMaxLength: this.config.remarksMaxLength,
            })
          : checkReset(req, current);
      if (code || !current) {
        errors.push({ req, code: code ?? "IMSSAV0010" });
        continue;
      }
      const next = kind === "SAVE" ? applySave(current, req) : applyReset(current);
      working.set(key, next);
      if (next.action !== current.action) audit.push({ at: now, gstin: job.gstin, key, from: current.action, to: next.action, by: job.referenceId });
      touchedPeriods.add(filingPeriodOf(current.itcPeriod, profile.frequency));
    }
    const errCount = errors.length;
    const done: SaveJob = {
      ...job,
      body: null,
      status: errCount === 0 ? "P" : "PE",
      result: {
        proc_cnt: String(schema.records.length),
        err_cnt: String(errCount),
        err_cd: "",
        err_msg: "",
        ...(errCount > 0 ? { error_report: this.errorReport(errors) } : {}),
      },
    };
    const changes: Change[] = [{ t: "job", job: done }];
    if (working.size > 0) changes.push({ t: "records", gstin: job.gstin, upsert: [...working.values()], remove: [] });
    if (audit.length > 0) changes.push({ t: "audit", entries: audit });
    for (const period of touchedPeriods) changes.push({ t: "gstr2b", gstin: job.gstin, period, state: { ...this.gstr2bState(job.gstin, period, profile), changedAt: now } });
    this.state.commit(changes);
  }

  private errorReport(errors: { req: RequestRecord; code: RecordErrorCode }[]): Record<string, ErrorReportEntry[]> {
    const report: Record<string, ErrorReportEntry[]> = {};
    const groups = new Map<string, ErrorReportEntry>();
    for (const { req, code } of errors) {
      const sectionKey = this.config.errorReportKeys === "short" ? req.section.shortKey : req.section.payloadKey;
      const groupKey = `${sectionKey}|${req.stin}|${code}`;
      let entry = groups.get(groupKey);
      if (!entry) {
        entry = { stin: req.stin, error_cd: code, error_msg: ERROR_TEXT[code], inv: [] };
        groups.set(groupKey, entry);
        (report[sectionKey] ??= []).push(entry);
      }
      entry.inv?.push({ inum: req.docNum, rtnprd: taxPeriodToReturnPeriod(req.returnPeriod) });
    }
    // The provider's status schema requires only stin, error_cd and error_msg.
    if (this.config.errorReportDocuments === "omitted") for (const entry of groups.values()) delete entry.inv;
    return report;
  }

  // ---- reads -----------------------------------------------------------------------------

  counts(gstin: string): Record<string, ActionCounts> {
    const counts: Record<string, ActionCounts> = {};
    for (const s of allSections()) counts[s.payloadKey] = { noaction: 0, accept: 0, reject: 0, pending: 0 };
    for (const r of this.state.recordsOf(gstin).values()) {
      const c = counts[sectionInfo(r.section).payloadKey] as ActionCounts;
      if (r.action === "A") c.accept++;
      else if (r.action === "R") c.reject++;
      else if (r.action === "P") c.pending++;
      else c.noaction++;
    }
    return counts;
  }

  invoices(gstin: string, section: SectionCode, action: Action | null): SandboxRecord[] {
    const out: SandboxRecord[] = [];
    for (const r of this.state.recordsOf(gstin).values()) if (r.section === section && (action === null || r.action === action)) out.push(r);
    return out;
  }

  // ---- GSTR-2B ---------------------------------------------------------------------------

  gstr2bState(gstin: string, period: TaxPeriod, profile: TaxpayerProfile): Gstr2bState {
    return (
      this.state.gstr2b.get(gstin)?.get(period) ?? {
        generatedAt: istStartOfDay(gstr2bGenerationDate(period, profile.frequency)),
        changedAt: 0,
      }
    );
  }

  requestRegenerate(gstin: string, period: TaxPeriod): RegenerateJob {
    const profile = this.profileOf(gstin);
    const now = this.clock.now();
    if (filingPeriodOf(period, profile.frequency) !== period || profile.filed3bPeriods.includes(period)) {
      throw new BusinessError("IMS2B007", "Incorrect ITC period or GSTR-3B already filed");
    }
    if (now < istStartOfDay(gstr2bGenerationDate(period, profile.frequency))) {
      throw new BusinessError("IMS2B009", "Generate GSTR-2B after the draft is available");
    }
    const inPeriod = [...this.state.recordsOf(gstin).values()].some((r) => r.filed && filingPeriodOf(r.itcPeriod, profile.frequency) === period);
    if (!inPeriod) throw new BusinessError("IMS0004", "No records available for the GSTR-2B period");
    const g = this.gstr2bState(gstin, period, profile);
    if (g.changedAt <= g.generatedAt) throw new BusinessError("IMS0005", "No changes since GSTR-2B was generated; it was not regenerated");
    const job: RegenerateJob = { referenceId: newReferenceId(), gstin, period, submittedAt: now, dueAt: now + this.config.regenerateDelayMs, status: "IP", errCd: "", errMsg: "" };
    this.state.commit([{ t: "regenerate", job }]);
    return job;
  }

  processDueRegenerations(): void {
    const now = this.clock.now();
    for (const job of this.state.regenerateJobs.values()) {
      if (job.status !== "IP" || job.dueAt > now) continue;
      const profile = this.profileOf(job.gstin);
      const g = this.gstr2bState(job.gstin, job.period, profile);
      this.state.commit([
        { t: "regenerate", job: { ...job, status: "P" } },
        { t: "gstr2b", gstin: job.gstin, period: job.period, state: { ...g, generatedAt: now } },
      ]);
    }
  }

  // ---- supplier views ---------------------------------------------------------------------

  /** Records in every recipient's IMS that this GSTIN supplied, with the recipient. */
  suppliedBy(gstin: string, period: TaxPeriod): { recipient: string; record: SandboxRecord }[] {
    const out: { recipient: string; record: SandboxRecord }[] = [];
    for (const [recipient, map] of this.state.records) {
      for (const r of map.values()) if (r.stin === gstin && r.returnPeriod === period) out.push({ recipient, record: r });
    }
    return out;
  }

  addedBackFor(gstin: string, period: TaxPeriod, section: AddedBackLiability["section"]): AddedBackLiability[] {
    return this.state.addedBack.filter((e) => e.supplierGstin === gstin && e.period === period && e.section === section);
  }

  // ---- scenario hooks ---------------------------------------------------------------------

  findRecord(gstin: string, section: SectionCode, stin: string, docNum: string, returnPeriod: TaxPeriod): SandboxRecord {
    const r = this.state.recordsOf(gstin).get(recordKey({ section, stin, docNum, returnPeriod }));
    if (!r) throw new BusinessError("SIM404", `No ${section} record ${docNum} of ${stin} for ${returnPeriod} in ${gstin}'s IMS`);
    return r;
  }

  /** The supplier edits a record: new version and hash, the recipient's action back to N. */
  supplierEdit(gstin: string, record: SandboxRecord, patch: Partial<Pick<SandboxRecord, "docDate" | "pos" | "val" | "txval" | "iamt" | "camt" | "samt" | "cess">>): SandboxRecord {
    const amounts = Object.keys(patch).length > 0 ? {} : scaledAmounts(record, 1.1);
    const edited = withHash({ ...clearInputs(record), ...amounts, ...patch, action: "N", version: record.version + 1 });
    this.state.commit(this.recordChanges(gstin, record, edited, "supplier-edit"));
    return edited;
  }

  /** The supplier amends a record in a later period: a new record in the amendment section. */
  supplierAmend(gstin: string, original: SandboxRecord, options: { docNum?: string; factor?: number }): SandboxRecord {
    const info = sectionInfo(original.section);
    const targetSection = info.isAmendment ? original.section : amendmentSectionOf(original.section);
    const factor = options.factor ?? 0.9;
    const today = this.clock.today();
    const period = periodOfDate(today);
    const downward = factor < 1;
    const specified = sectionInfo(targetSection).canBeSpecified && (targetSection === "CNA" ? !downward || original.action === "R" : downward && original.action === "A");
    const amended = withHash({
      ...clearInputs(original),
      ...scaledAmounts(original, factor),
      section: targetSection,
      docNum: options.docNum ?? original.docNum,
      origDocNum: info.isAmendment ? original.origDocNum ?? original.docNum : original.docNum,
      origDocDate: info.isAmendment ? original.origDocDate ?? original.docDate : original.docDate,
      returnPeriod: period,
      itcPeriod: period,
      filed: false,
      specified,
      pendingBlocked: false,
      version: 1,
      action: "N",
    });
    const key = recordKey(amended);
    const existing = this.state.recordsOf(gstin).get(key);
    if (existing) throw new BusinessError("SIM409", `An amendment ${amended.docNum} for ${period} already exists`);
    this.state.commit([{ t: "records", gstin, upsert: [amended], remove: [] }]);
    return amended;
  }

  /**
   * A supplier reports a new document in GSTR-1, GSTR-1A or IFF: it lands in the recipient's IMS
   * with no action. (The demo data covers the common cases; this adds the rarer ones a test
   * needs: refund vouchers, an operator's supplies by registered suppliers, GSTR-1A documents.)
   */
  supplierReport(gstin: string, fields: ReportedDocument): SandboxRecord {
    this.profileOf(gstin);
    const info = sectionInfo(fields.section);
    const supplier = this.state.profile(fields.stin);
    const val = fields.txval + fields.iamt + fields.camt + fields.samt + fields.cess;
    const record = withHash({
      section: fields.section,
      stin: fields.stin,
      supplierName: supplier?.tradeName ?? "Reported supplier",
      docNum: fields.docNum,
      docDate: fields.docDate,
      ...(fields.origDocNum ? { origDocNum: fields.origDocNum } : {}),
      ...(fields.origDocDate ? { origDocDate: fields.origDocDate } : {}),
      ...(info.hasInvoiceType ? { invType: "R" as const } : {}),
      ...(fields.noteType && info.docKind === "note" ? { noteType: fields.noteType } : {}),
      ...(fields.ecomSupplier && !info.hasInvoiceType ? { ecomSupplier: fields.ecomSupplier } : {}),
      srcForm: fields.srcForm,
      returnPeriod: fields.returnPeriod,
      pos: fields.pos,
      filed: true,
      itcPeriod: fields.returnPeriod,
      specified: info.code === "CN",
      pendingBlocked: false,
      remarksBlocked: false,
      itcReductionBlocked: false,
      version: 1,
      hash: "",
      action: "N",
      val,
      txval: fields.txval,
      iamt: fields.iamt,
      camt: fields.camt,
      samt: fields.samt,
      cess: fields.cess,
    });
    if (this.state.recordsOf(gstin).has(recordKey(record))) throw new BusinessError("SIM409", `${fields.section} ${fields.docNum} of ${fields.stin} for ${fields.returnPeriod} is already in ${gstin}'s IMS`);
    this.state.commit([{ t: "records", gstin, upsert: [record], remove: [] }]);
    return record;
  }

  /** The supplier files its return for a period: its records in every recipient's IMS become Filed. */
  supplierFile(stin: string, returnPeriod: TaxPeriod): number {
    const today = this.clock.today();
    const cutoff = Number(today.slice(8, 10)) <= 13 ? addMonths(periodOfDate(today), -1) : periodOfDate(today);
    const changes: Change[] = [];
    let count = 0;
    for (const [gstin, map] of this.state.records) {
      const upsert: SandboxRecord[] = [];
      for (const r of map.values()) {
        if (r.stin !== stin || r.returnPeriod !== returnPeriod || r.filed) continue;
        upsert.push({ ...r, filed: true, itcPeriod: comparePeriods(cutoff, r.returnPeriod) > 0 ? cutoff : r.returnPeriod });
      }
      if (upsert.length) changes.push({ t: "records", gstin, upsert, remove: [] });
      count += upsert.length;
    }
    this.state.commit(changes);
    return count;
  }

  /**
   * The recipient files GSTR-3B for a filing period: accepted, rejected and no-action records
   * (deemed accepted) of that GSTR-2B period leave IMS; rejected credit notes and downward
   * amendments are added back to their suppliers' liability.
   */
  fileGstr3b(gstin: string, period: TaxPeriod): { removed: number; deemedAccepted: number; addedBack: number } {
    const profile = this.profileOf(gstin);
    if (filingPeriodOf(period, profile.frequency) !== period) throw new BusinessError("SIM011", `${period} is not a GSTR-3B period of a ${profile.frequency} filer`);
    if (profile.filed3bPeriods.includes(period)) throw new BusinessError("SIM012", `GSTR-3B for ${period} is already filed`);
    const remove: string[] = [];
    const addedBack: AddedBackLiability[] = [];
    let deemed = 0;
    for (const [key, r] of this.state.recordsOf(gstin)) {
      if (!r.filed || filingPeriodOf(r.itcPeriod, profile.frequency) !== period || r.action === "P") continue;
      remove.push(key);
      if (r.action === "N") deemed++;
      if (r.action === "R" && r.specified) addedBack.push(addedBackEntry(r, profile, period));
    }
    this.state.commit([
      { t: "records", gstin, upsert: [], remove },
      { t: "profile", profile: { ...profile, filed3bPeriods: [...profile.filed3bPeriods, period].sort() } },
      ...(addedBack.length ? [{ t: "addedBack", entries: addedBack } as Change] : []),
    ]);
    return { removed: remove.length, deemedAccepted: deemed, addedBack: addedBack.length };
  }

  private recordChanges(gstin: string, before: SandboxRecord, after: SandboxRecord, by: string): Change[] {
    const changes: Change[] = [{ t: "records", gstin, upsert: [after], remove: recordKey(before) === recordKey(after) ? [] : [recordKey(before)] }];
    if (before.action !== after.action) changes.push({ t: "audit", entries: [{ at: this.clock.now(), gstin, key: recordKey(after), from: before.action, to: after.action, by }] });
    return changes;
  }
}

function amendmentSectionOf(section: SectionCode): SectionCode {
  const amendment = allSections().find((s) => s.amends === section);
  if (!amendment) throw new Error(`${section} has no amendment section`);
  return amendment.code;
}

function applySave(r: SandboxRecord, req: RequestRecord): SandboxRecord {
  const next: SandboxRecord = { ...clearInputs(r), action: req.action ?? r.action };
  if (req.remarks !== undefined && req.remarks.length > 0) next.remarks = req.remarks;
  if (req.itcRedReq !== undefined) next.itcRedReq = req.itcRedReq;
  if (req.itcRedReq === "Y") {
    // Declaring nothing means reducing all of it.
    const any = req.declIgst !== undefined || req.declCgst !== undefined || req.declSgst !== undefined || req.declCess !== undefined;
    next.declIgst = any ? (req.declIgst ?? 0) : r.iamt;
    next.declCgst = any ? (req.declCgst ?? 0) : r.camt;
    next.declSgst = any ? (req.declSgst ?? 0) : r.samt;
    next.declCess = any ? (req.declCess ?? 0) : r.cess;
  }
  return next;
}

function applyReset(r: SandboxRecord): SandboxRecord {
  return { ...clearInputs(r), action: "N" };
}

function clearInputs(r: SandboxRecord): SandboxRecord {
  const { remarks: _remarks, itcRedReq: _itc, declIgst: _i, declCgst: _c, declSgst: _s, declCess: _x, ...rest } = r;
  return rest;
}

function withHash(r: SandboxRecord): SandboxRecord {
  return { ...r, hash: computeRecordHash(r) };
}

/** Scales the taxable value and taxes, keeping CGST equal to SGST and val the sum. */
function scaledAmounts(r: SandboxRecord, factor: number): Pick<SandboxRecord, "val" | "txval" | "iamt" | "camt" | "samt" | "cess"> {
  const txval = Math.round(r.txval * factor);
  const ratio = r.txval > 0 ? txval / r.txval : factor;
  const iamt = Math.round(r.iamt * ratio);
  const camt = Math.round(r.camt * ratio);
  const cess = Math.round(r.cess * ratio);
  return { txval, iamt, camt, samt: camt, cess, val: txval + iamt + 2 * camt + cess };
}

function addedBackEntry(r: SandboxRecord, recipient: TaxpayerProfile, period: TaxPeriod): AddedBackLiability {
  const section: AddedBackLiability["section"] = r.section === "CN" ? "cdnr" : r.section === "CNA" || r.section === "DNA" ? "cdnra" : r.section === "ECOMA" ? "ecoma" : "b2ba";
  const entry: AddedBackLiability = {
    section,
    supplierGstin: r.stin,
    recipientGstin: recipient.gstin,
    recipientName: recipient.tradeName,
    supplierName: r.supplierName,
    invType: r.invType ?? "R",
    docNum: r.docNum,
    docDate: r.docDate,
    val: r.val,
    txval: r.txval,
    iamt: r.iamt,
    camt: r.camt,
    samt: r.samt,
    cess: r.cess,
    supplierPeriod: r.returnPeriod,
    form: r.srcForm === "R1A" ? "R1A" : "R1",
    period,
  };
  if (section === "cdnr" || section === "cdnra") entry.noteType = r.section === "DNA" ? "D" : "C";
  if (r.origDocNum) entry.origDocNum = r.origDocNum;
  if (r.origDocDate) entry.origDocDate = r.origDocDate;
  if (r.remarks) entry.remarks = r.remarks;
  return entry;
}
