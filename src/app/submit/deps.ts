/** What every step of a submit shares: its dependencies, the sheet port, and the row reporter. */
import { isImsApiError, RequestAbortedError, type ImsClient } from "../../api";
import type { RuleContext } from "../../ims/portal-rules";
import { imsRecordKey, type ImsRecord } from "../../ims/records";
import { RESULTS, type ReviewRow, type RowProblem, type RowStatus } from "../../ims/review-rows";
import { status } from "../../ims/row-transitions";
import type { SectionPlan } from "../../ims/plan";
import type { SectionCode } from "../../ims/sections";
import type { LogEntry } from "../../workbook";
import type { BatchLimits } from "../batches";
import type { SentLedger } from "../sent-ledger";

/** What the submit step needs from the workbook. Rows are located by record key, never position. */
export interface SheetsPort {
  sections(): Promise<SectionCode[]>;
  /** Reads a section sheet (and re-applies its validation and formats). */
  read(section: SectionCode): Promise<{ rows: ReviewRow[]; problems: RowProblem[] }>;
  writeStatuses(section: SectionCode, updates: readonly { key: string; status: RowStatus }[]): Promise<void>;
  /** Status of rows without a key cell, by sheet row, checked against the row's document number. */
  writeStatusesAt(section: SectionCode, updates: readonly { sheetRow: number; docNumber: string; status: RowStatus }[]): Promise<void>;
  /** Rewrites whole rows (portal columns, hidden state, editable columns and status). */
  writeRows(section: SectionCode, rows: readonly ReviewRow[]): Promise<void>;
  appendLog(lines: readonly LogLine[]): Promise<void>;
}

/** A line of the log sheet: one per request, and one per check of a lost answer. */
export type LogLine = LogEntry;

/** The Result texts the submit step writes (the sheet's conditional formats colour each). */
export const STATUS = {
  submitted: RESULTS.submitted,
  saved: RESULTS.saved,
  reset: RESULTS.reset,
  failed: RESULTS.failed,
  refused: RESULTS.refused,
  conflict: RESULTS.conflict,
  unknown: RESULTS.unknown,
} as const;

export const WAITING_MESSAGE = "Sent to the portal; waiting for its answer.";

export interface SubmitDeps {
  client: ImsClient;
  sheets: SheetsPort;
  /** Where reference IDs are kept until their outcome is on the rows. */
  ledger: SentLedger;
  gstin: string;
  rules: RuleContext;
  limits?: BatchLimits;
  now?: () => Date;
  pollDeadlineMs?: number;
  /** First wait before asking the portal about a request (default: the API client's). */
  pollInitialDelayMs?: number;
}

export interface PlannedSection {
  plan: SectionPlan;
  rows: ReviewRow[];
}

export type SendKind = "save" | "reset";

/** Writes statuses and log lines of one section, each stamped with the time it is written. */
export class RowReporter {
  constructor(
    private readonly deps: SubmitDeps,
    readonly section: SectionCode,
  ) {}

  stamp(): string {
    return (this.deps.now ?? (() => new Date()))().toISOString();
  }

  /** One status for many rows, by key. */
  async mark(keys: readonly string[], result: string, referenceId: string, message: string): Promise<void> {
    if (!keys.length) return;
    const stamp = this.stamp();
    await this.deps.sheets.writeStatuses(this.section, keys.map((key) => ({ key, status: status(result, referenceId, message, stamp) })));
  }

  async log(lines: readonly Omit<LogLine, "at" | "gstin" | "section">[]): Promise<void> {
    const stamp = this.stamp();
    await this.deps.sheets.appendLog(lines.map((l) => ({ at: stamp, gstin: this.deps.gstin, section: this.section, ...l })));
  }
}

export function pollOptions(deps: SubmitDeps, signal?: AbortSignal) {
  return {
    ...(signal ? { signal } : {}),
    ...(deps.pollDeadlineMs ? { deadlineMs: deps.pollDeadlineMs } : {}),
    ...(deps.pollInitialDelayMs !== undefined ? { initialDelayMs: deps.pollInitialDelayMs } : {}),
  };
}

/** The user cancelled (the pane's Cancel, or the pane closing): stop, leaving every row in a state a later run understands. */
export function isCancel(e: unknown, signal?: AbortSignal): boolean {
  return e instanceof RequestAbortedError || (!!signal?.aborted && isImsApiError(e));
}

export async function fetchByKey(client: ImsClient, section: SectionCode, signal?: AbortSignal): Promise<Map<string, ImsRecord>> {
  const records = await client.getInvoices(section, signal ? { signal } : {});
  return new Map(records.map((r) => [imsRecordKey(r), r]));
}
