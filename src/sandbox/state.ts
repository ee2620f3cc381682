/**
 * The sandbox's whole state, in memory, changed only through `commit(changes)`, which
 * journals the changes (when a data directory is in use) before applying them. Replaying
 * the journal onto the last snapshot therefore rebuilds exactly the state that was acknowledged.
 */
import type { Action } from "../ims/sections";
import type { TaxPeriod } from "../ims/periods";
import type { AddedBackLiability, CountOnlyGroups, SandboxRecord, TaxpayerProfile } from "./model";
import { recordKey } from "./model";

export type JobStatus = "IP" | "P" | "PE" | "ER";

export interface ErrorReportEntry {
  stin: string;
  error_cd: string;
  error_msg: string;
  /** Optional in the provider's status schema (config errorReportDocuments). */
  inv?: { inum: string; rtnprd: string }[];
}

export interface JobResult {
  proc_cnt: string;
  err_cnt: string;
  err_cd: string;
  err_msg: string;
  error_report?: Record<string, ErrorReportEntry[]>;
}

export interface SaveJob {
  referenceId: string;
  gstin: string;
  kind: "SAV" | "RST";
  submittedAt: number;
  dueAt: number;
  /** The request body, kept until the job is processed. */
  body: unknown;
  status: JobStatus;
  result?: JobResult;
}

export interface RegenerateJob {
  referenceId: string;
  gstin: string;
  period: TaxPeriod;
  submittedAt: number;
  dueAt: number;
  status: "IP" | "P" | "ER";
  errCd: string;
  errMsg: string;
}

/** Who changed a record's action, for tests and the scenario log: nothing may be applied twice. */
export interface AuditEntry {
  at: number;
  gstin: string;
  key: string;
  from: Action;
  to: Action;
  by: string;
}

export interface Gstr2bState {
  /** When GSTR-2B of the filing period was last (re)generated. */
  generatedAt: number;
  /** When an action on a record of the period last changed. */
  changedAt: number;
}

export interface SandboxSnapshot {
  format: 1;
  seed: number;
  asOf: string;
  recordsPerGstin: number;
  clockOffsetMs: number;
  tokenSecret: string;
  profiles: TaxpayerProfile[];
  records: Record<string, SandboxRecord[]>;
  countOnly: Record<string, CountOnlyGroups>;
  addedBack: AddedBackLiability[];
  jobs: SaveJob[];
  regenerateJobs: RegenerateJob[];
  revoked: { jti: string; exp: number }[];
  gstr2b: Record<string, Record<TaxPeriod, Gstr2bState>>;
  audit: AuditEntry[];
}

export type Change =
  | { t: "records"; gstin: string; upsert: SandboxRecord[]; remove: string[] }
  | { t: "job"; job: SaveJob }
  | { t: "regenerate"; job: RegenerateJob }
  | { t: "clock"; offsetMs: number }
  | { t: "profile"; profile: TaxpayerProfile }
  | { t: "addedBack"; entries: AddedBackLiability[] }
  | { t: "revoke"; jti: string; exp: number }
  | { t: "gstr2b"; gstin: string; period: TaxPeriod; state: Gstr2bState }
  | { t: "audit"; entries: AuditEntry[] };

/** Where committed changes go: the durable store, or nowhere for an in-memory sandbox. */
export interface ChangeSink {
  appendMany(changes: Change[]): void;
  writeSnapshot(snapshot: SandboxSnapshot): void;
  shouldCompact(): boolean;
  close(): void;
}

const AUDIT_LIMIT = 200_000;

export class SandboxState {
  readonly seed: number;
  readonly asOf: string;
  readonly recordsPerGstin: number;
  readonly tokenSecret: string;
  clockOffsetMs: number;
  readonly profiles = new Map<string, TaxpayerProfile>();
  /** Per recipient GSTIN, records by recordKey, in a stable order. */
  readonly records = new Map<string, Map<string, SandboxRecord>>();
  readonly countOnly = new Map<string, CountOnlyGroups>();
  addedBack: AddedBackLiability[] = [];
  readonly jobs = new Map<string, SaveJob>();
  readonly regenerateJobs = new Map<string, RegenerateJob>();
  readonly revoked = new Map<string, number>();
  readonly gstr2b = new Map<string, Map<TaxPeriod, Gstr2bState>>();
  audit: AuditEntry[] = [];

  constructor(
    snapshot: SandboxSnapshot,
    private sink: ChangeSink | null,
  ) {
    this.seed = snapshot.seed;
    this.asOf = snapshot.asOf;
    this.recordsPerGstin = snapshot.recordsPerGstin;
    this.tokenSecret = snapshot.tokenSecret;
    this.clockOffsetMs = snapshot.clockOffsetMs;
    for (const p of snapshot.profiles) this.profiles.set(p.gstin, p);
    for (const [gstin, list] of Object.entries(snapshot.records)) {
      const map = new Map<string, SandboxRecord>();
      for (const r of list) map.set(recordKey(r), r);
      this.records.set(gstin, map);
    }
    for (const [gstin, groups] of Object.entries(snapshot.countOnly)) this.countOnly.set(gstin, groups);
    this.addedBack = [...snapshot.addedBack];
    for (const j of snapshot.jobs) this.jobs.set(j.referenceId, j);
    for (const j of snapshot.regenerateJobs) this.regenerateJobs.set(j.referenceId, j);
    for (const r of snapshot.revoked) this.revoked.set(r.jti, r.exp);
    for (const [gstin, periods] of Object.entries(snapshot.gstr2b)) this.gstr2b.set(gstin, new Map(Object.entries(periods)));
    this.audit = [...snapshot.audit];
  }

  /** Journals, then applies. A failure to journal throws before anything changes in memory. */
  commit(changes: Change[]): void {
    if (changes.length === 0) return;
    this.sink?.appendMany(changes);
    for (const c of changes) this.apply(c);
    if (this.sink?.shouldCompact()) this.sink.writeSnapshot(this.toSnapshot());
  }

  /** Applies a change without journaling it (journal replay). */
  apply(c: Change): void {
    switch (c.t) {
      case "records": {
        let map = this.records.get(c.gstin);
        if (!map) {
          map = new Map();
          this.records.set(c.gstin, map);
        }
        for (const key of c.remove) map.delete(key);
        for (const r of c.upsert) map.set(recordKey(r), r);
        break;
      }
      case "job":
        this.jobs.set(c.job.referenceId, c.job);
        break;
      case "regenerate":
        this.regenerateJobs.set(c.job.referenceId, c.job);
        break;
      case "clock":
        this.clockOffsetMs = c.offsetMs;
        break;
      case "profile":
        this.profiles.set(c.profile.gstin, c.profile);
        break;
      case "addedBack":
        this.addedBack.push(...c.entries);
        break;
      case "revoke":
        this.revoked.set(c.jti, c.exp);
        break;
      case "gstr2b": {
        let periods = this.gstr2b.get(c.gstin);
        if (!periods) {
          periods = new Map();
          this.gstr2b.set(c.gstin, periods);
        }
        periods.set(c.period, c.state);
        break;
      }
      case "audit":
        this.audit.push(...c.entries);
        if (this.audit.length > AUDIT_LIMIT) this.audit = this.audit.slice(this.audit.length - AUDIT_LIMIT);
        break;
    }
  }

  toSnapshot(): SandboxSnapshot {
    const records: Record<string, SandboxRecord[]> = {};
    for (const [gstin, map] of this.records) records[gstin] = [...map.values()];
    const gstr2b: Record<string, Record<TaxPeriod, Gstr2bState>> = {};
    for (const [gstin, periods] of this.gstr2b) gstr2b[gstin] = Object.fromEntries(periods);
    return {
      format: 1,
      seed: this.seed,
      asOf: this.asOf,
      recordsPerGstin: this.recordsPerGstin,
      clockOffsetMs: this.clockOffsetMs,
      tokenSecret: this.tokenSecret,
      profiles: [...this.profiles.values()],
      records,
      countOnly: Object.fromEntries(this.countOnly),
      addedBack: this.addedBack,
      jobs: [...this.jobs.values()],
      regenerateJobs: [...this.regenerateJobs.values()],
      revoked: [...this.revoked].map(([jti, exp]) => ({ jti, exp })),
      gstr2b,
      audit: this.audit,
    };
  }

  recordsOf(gstin: string): Map<string, SandboxRecord> {
    return this.records.get(gstin) ?? new Map();
  }

  profile(gstin: string): TaxpayerProfile | undefined {
    return this.profiles.get(gstin);
  }

  /** Writes a snapshot now (graceful shutdown) and closes the journal. */
  close(): void {
    if (this.sink) {
      this.sink.writeSnapshot(this.toSnapshot());
      this.sink.close();
      this.sink = null;
    }
  }
}
