/**
 * The real ImsApp: the session (Connection), the portal (ImsClient) and the sheets
 * (src/workbook) put together for the task pane.
 */
import { SessionExpiredError, type Gstr2bStatus, type RejectedRecord, type StorageLike } from "../api";
import { gstinStateCode } from "../ims/gstin";
import { gstr2bCalendar, type Gstr2bActivity } from "../ims/gstr2b-calendar";
import { istDateOf, type TaxPeriod } from "../ims/periods";
import { DEFAULT_REMARKS_MAX_LENGTH, type RuleContext } from "../ims/portal-rules";
import type { SectionCode, StatusFilter } from "../ims/sections";
import { finishInterruptedPull, pullIntoWorkbook, sectionLayout, readWorkbookMetadata, recordGstr2bActivity, selectSheetRow, writeSummarySheet } from "../workbook";

import { DEFAULT_BATCH_LIMITS, type BatchLimits } from "./batches";
import { Connection } from "./connection";
import { countRows, fetchCounts } from "./counts";
import { fetchSection } from "./pull-section";
import { AppError, explainError } from "./explain";
import { workbookSheets } from "./sheets";
import { confirmSupplierChanges } from "./confirm";
import { storageLedger } from "./sent-ledger";
import { resumeSubmitted, reviewWorkbook, submitWorkbook } from "./submit";
import { migrateWorkbook } from "./migrate";
import { createOfflineFiles, offlineReview, type OfflineDeps } from "./offline";
import { pullAddedBack, pullSales } from "./outward";
import { reconcileApi } from "./reconcile";
import { applySupplierActions, reviewSuppliers, supplierUndoAvailable, undoSupplierActions } from "./suppliers";
import type { ImsApp, ProgressOptions, PullReport, SubmitOptions, SubmitReport } from "./types";

export interface CreateAppOptions {
  /** The add-in server's /api (src/server), e.g. https://localhost:3000/api: the pane's own origin. */
  apiUrl: string;
  storage: StorageLike | null;
  fetch?: typeof fetch;
  batchLimits?: BatchLimits;
  now?: () => Date;
  pollDeadlineMs?: number;
  pollInitialDelayMs?: number;
}

export function createImsApp(options: CreateAppOptions): ImsApp {
  const connection = new Connection({ apiUrl: options.apiUrl, storage: options.storage, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const now = options.now ?? (() => new Date());
  const ledger = storageLedger(options.storage);
  const offlineDeps: OfflineDeps = {
    sheets: workbookSheets(),
    now,
    signedIn: () => (connection.sessionState().status === "signed-in" ? connection.currentSettings() : null),
    remembered: () => connection.rememberedSettings(),
  };

  /** Runs a portal call; an ended session signs the pane out so "Sign in again" lands on the form. */
  async function guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      if (e instanceof SessionExpiredError) connection.signOut();
      throw e;
    }
  }

  function rules(): RuleContext {
    const settings = connection.requireSettings();
    return { today: istDateOf(now().getTime()), frequency: settings.frequency, stateCode: gstinStateCode(settings.gstin), remarksMaxLength: DEFAULT_REMARKS_MAX_LENGTH };
  }

  function submitDeps() {
    const client = connection.requireClient();
    const settings = connection.requireSettings();
    return {
      client,
      sheets: workbookSheets(),
      gstin: settings.gstin,
      rules: rules(),
      limits: options.batchLimits ?? DEFAULT_BATCH_LIMITS,
      ledger,
      now,
      ...(options.pollDeadlineMs ? { pollDeadlineMs: options.pollDeadlineMs } : {}),
      ...(options.pollInitialDelayMs !== undefined ? { pollInitialDelayMs: options.pollInitialDelayMs } : {}),
    };
  }

  /** A workbook of one GSTIN is never reviewed or submitted under another's session: nothing is read into rows or sent. */
  async function requireWorkbookGstin(): Promise<void> {
    const signedIn = connection.requireSettings().gstin;
    const metadata = await readWorkbookMetadata();
    if (metadata && metadata.gstin !== signedIn) {
      throw new AppError(
        `This workbook belongs to GSTIN ${metadata.gstin}`,
        `You are signed in as ${signedIn}. Nothing was read, sent or written. Sign in with ${metadata.gstin} to review and submit this workbook, or open the workbook of ${signedIn}.`,
        "sign-in-again",
      );
    }
  }

  /**
   * Keeps in the workbook what the add-in changed or recomputed, for the GSTR-2B panel. Only a
   * hint: when the workbook can't take it, the report of what the portal did still stands.
   */
  async function noteGstr2bActivity(activity: Partial<Gstr2bActivity>): Promise<void> {
    try {
      await recordGstr2bActivity(connection.requireSettings().gstin, activity);
    } catch {
      // The panel then offers fewer periods; the portal still decides (IMS0005 when nothing changed).
    }
  }

  async function noteChanges<R extends SubmitReport | null>(report: R): Promise<R> {
    if (report && report.changedReturnPeriods.length > 0) {
      const at = now().toISOString();
      await noteGstr2bActivity({ changedAt: Object.fromEntries(report.changedReturnPeriods.map((p) => [p, at])) });
    }
    return report;
  }

  return {
    upstream: (opts) => connection.upstream(opts),
    defaultSettings: () => connection.defaultSettings(),
    rememberedSettings: () => connection.rememberedSettings(),
    sessionState: () => connection.sessionState(),
    onSessionChange: (listener) => connection.onSessionChange(listener),
    connect: (settings, opts) => connection.connect(settings, opts),
    verifyOtp: (otp, opts) => connection.verifyOtp(otp, opts),
    signOut: () => connection.signOut(),

    loadCounts: (opts: ProgressOptions = {}) =>
      guarded(async () => {
        const client = connection.requireClient();
        const counts = await fetchCounts(client, opts);
        await writeSummarySheet(counts, { gstin: connection.requireSettings().gstin, countedAt: now().toISOString() });
        return countRows(counts);
      }),

    pull: (sections: readonly SectionCode[], status: StatusFilter | null, opts: ProgressOptions = {}) =>
      guarded(async (): Promise<PullReport> => {
        const client = connection.requireClient();
        const gstin = connection.requireSettings().gstin;
        const pulledAt = now().toISOString();
        const warnings: string[] = [];
        const report: PullReport = { sections: [], pulledAt, cancelled: false, notices: [], warnings };
        for (const [i, section] of sections.entries()) {
          if (opts.signal?.aborted) {
            report.cancelled = true;
            break;
          }
          opts.onProgress?.({ message: `Pulling ${section} (${i + 1} of ${sections.length})`, done: i, total: sections.length });
          // A section GSTN finds too large for one answer is asked for again by status (pull-section.ts).
          const fetched = await fetchSection(client, section, status, {
            ...(opts.signal ? { signal: opts.signal } : {}),
            onPart: (words, n, of) => opts.onProgress?.({ message: `Pulling ${section} in parts by status: ${words} (${n} of ${of})`, done: i, total: sections.length }),
          });
          if (fetched.warning) warnings.push(fetched.warning);
          if (fetched.nothing) continue;
          if (fetched.notice) report.notices.push(fetched.notice);
          const { records, rejected } = fetched;
          if (rejected.length) report.notices.push(rejectedSentence(section, rejected));
          // A section is written whole or not at all; cancelling stops before the next one. With
          // records set aside, or a part too large to come down, rows not returned are kept as
          // they are, not marked "Not on portal".
          const result = await pullIntoWorkbook({ gstin, pulledAt, records: { [section]: records }, complete: status === null && fetched.whole && rejected.length === 0 });
          if (result.finishedEarlier.length) report.notices.push(finishedEarlierSentence(result.finishedEarlier));
          if (result.typedDuringPull) report.notices.push(`${result.typedDuringPull} ${result.typedDuringPull === 1 ? "row" : "rows"} of ${section} changed in the sheet while it was being pulled: those entries were kept.`);
          if (result.finishedAfter) report.notices.push(`Excel failed near the end of the pull of ${section} (${result.finishedAfter}); the add-in finished it from its hidden copy, so the sheet is complete.`);
          const s = result.sections[0];
          if (s) report.sections.push({ section, records: records.length, added: s.added, updated: s.updated, keptEdits: s.keptEdits, leftPortal: s.leftPortal, awaitingConfirmation: s.awaitingConfirmation, portalEditsUndone: s.portalEditsUndone });
        }
        opts.onProgress?.({ message: report.cancelled ? "Cancelled" : "Pulled", done: report.sections.length, total: sections.length });
        return report;
      }),

    review: () =>
      guarded(async () => {
        // Without a sign-in (the portal's offline files): the workbook's own GSTIN, same plan and rules.
        if (connection.sessionState().status !== "signed-in") return offlineReview(offlineDeps);
        await requireWorkbookGstin();
        return reviewWorkbook({ sheets: workbookSheets(), rules: rules() });
      }),
    submit: (opts: SubmitOptions = {}) =>
      guarded(async () => {
        await requireWorkbookGstin();
        return noteChanges(await submitWorkbook(submitDeps(), opts));
      }),
    resume: (opts: SubmitOptions = {}) =>
      guarded(async () => {
        await requireWorkbookGstin();
        return noteChanges(await resumeSubmitted(submitDeps(), opts));
      }),
    selectRow: (section, sheetRow) => selectSheetRow(section, sheetRow),
    confirmEntries: () => confirmSupplierChanges({ sheets: workbookSheets(), now }),
    recoverWorkbook: async () => {
      const r = await finishInterruptedPull();
      const recovered = r.finished.length
        ? finishedEarlierSentence(r.finished)
        : r.discarded
          ? "A pull that Excel interrupted before it changed any sheet was cleaned up; your sheets are as they were."
          : null;
      const migrated = await migrateWorkbook(now);
      return [recovered, migrated].filter((x) => x !== null).join(" ") || null;
    },

    pullSales: (period, form, opts: ProgressOptions = {}) =>
      guarded(async () => {
        const settings = connection.requireSettings();
        return pullSales({ client: connection.requireClient(), gstin: settings.gstin, frequency: settings.frequency, now }, period, form, opts);
      }),
    pullAddedBack: (period, opts: ProgressOptions = {}) =>
      guarded(async () => {
        const settings = connection.requireSettings();
        return pullAddedBack({ client: connection.requireClient(), gstin: settings.gstin, frequency: settings.frequency, now }, period, opts);
      }),
    reviewSuppliers: async (opts: ProgressOptions = {}) => {
      await requireWorkbookGstin();
      return reviewSuppliers({ gstin: connection.requireSettings().gstin, now }, opts);
    },
    applySupplierActions: async (opts: ProgressOptions = {}) => {
      await requireWorkbookGstin();
      return applySupplierActions({ gstin: connection.requireSettings().gstin, now }, opts);
    },
    undoSupplierActions: async (opts: ProgressOptions = {}) => {
      await requireWorkbookGstin();
      return undoSupplierActions({ gstin: connection.requireSettings().gstin, now }, opts);
    },
    supplierUndoAvailable: () => supplierUndoAvailable(),

    regenerateGstr2b: (period: TaxPeriod, opts: ProgressOptions = {}) =>
      guarded(async (): Promise<Gstr2bStatus> => {
        const client = connection.requireClient();
        const signal = opts.signal ? { signal: opts.signal } : {};
        opts.onProgress?.({ message: "Asking the portal to recompute GSTR-2B", done: 0, total: 2 });
        const referenceId = await client.regenerateGstr2b(period, signal);
        opts.onProgress?.({ message: "Waiting for GSTR-2B to be recomputed", done: 1, total: 2 });
        const status = await client.waitForGstr2b(period, referenceId, signal);
        if (status.state === "P") await noteGstr2bActivity({ recomputedAt: { [period]: now().toISOString() } });
        opts.onProgress?.({ message: status.state === "P" ? "GSTR-2B recomputed" : "GSTR-2B was not recomputed", done: 2, total: 2 });
        return status;
      }),

    gstr2bCalendar: async () => {
      const settings = connection.requireSettings();
      const metadata = await readWorkbookMetadata();
      const activity = metadata && metadata.gstin === settings.gstin ? metadata.gstr2b : undefined;
      return gstr2bCalendar(istDateOf(now().getTime()), settings.frequency, activity);
    },

    offline: createOfflineFiles(offlineDeps),
    reconcile: reconcileApi({ now }),

    explain: (error: unknown) => explainError(error),
  };
}

function finishedEarlierSentence(sections: readonly SectionCode[]): string {
  return `A pull of ${sections.join(", ")} that Excel interrupted has been finished from its hidden copy: every edit and status is in place.`;
}

function rejectedSentence(section: SectionCode, rejected: readonly RejectedRecord[]): string {
  const header = (field: string) => sectionLayout(section).columns.find((c) => c.id === field)?.header ?? field;
  const shown = rejected.slice(0, 5).map((r) => `${r.docNumber || "(no number)"} of ${r.supplierGstin || "(no GSTIN)"}: ${header(r.field)} ${r.detail}`);
  const more = rejected.length > shown.length ? `, and ${rejected.length - shown.length} more` : "";
  return `${section}: ${rejected.length} ${rejected.length === 1 ? "record" : "records"} from the portal could not be read and ${rejected.length === 1 ? "was" : "were"} left out (${shown.join("; ")}${more}). The rest of ${section} was pulled; rows already on the sheet for those records are kept as they were.`;
}
