/**
 * Reconciliation in the workbook (issue 11): the Purchase register sheet and its mapping, the
 * match, its sheets and columns, "Apply suggestions" with undo, and the ITC preview. Nothing here
 * talks to the portal: it works the same on pulled sheets and on a portal IMS file.
 */
import { itcPreview } from "../ims/itc-preview";
import type { TaxPeriod } from "../ims/periods";
import type { ImsRecord } from "../ims/records";
import { CATEGORIES, reconcile, resolveConfig, type Category, type Reconciliation } from "../ims/reconcile";
import { linksDigest } from "../ims/reconcile/digest";
import { CATEGORY_WORDS, matchCountsBySupplier, reconciliationRows, supplierReconRows } from "../ims/reconcile/report-rows";
import { configFromSettings, settingsFromConfig } from "../ims/reconcile/settings-view";
import { FIELD_LABELS, READ_FIELDS, readRegister, REQUIRED_FIELDS, type MappingOverride, type MappingProposal, type PrLine, type RegisterField, type RegisterRead } from "../ims/register";
import { formatIst, type ReviewRow } from "../ims/review-rows";
import { allSections, type SaveAction, type SectionCode } from "../ims/sections";
import { bulkCandidate, bulkSkipReason, reviewable, supplierSummaries, type BulkSkips, type BulkTarget } from "../ims/suppliers";
import {
  applyBulkActions,
  flagRegisterRows,
  latestBulkApply,
  MATCH_HEADERS,
  openRegisterSheet,
  readReconcileSettings,
  readReconcileStamp,
  readRegisterCells,
  readSectionSheets,
  readWorkbookMetadata,
  saveReconcileConfig,
  saveRegisterMapping,
  undoLatestBulkApply,
  writeItcPreview,
  writeMatchColumns,
  writeReconcileStamp,
  writeReconciliationSheets,
  writeSuppliersSheet,
  type MatchCells,
  type RegisterCells,
  type StoredReconcileSettings,
} from "../workbook";
import { AppError } from "./explain";
import type { BulkUndoReport, ProgressOptions, UndoAvailable } from "./types";
import type { ApplySuggestionsReport, ItcPreviewView, MappingChoice, ReconcileApi, ReconcileReport, ReconcileSettings, RegisterMappingView, SuggestionKey } from "./reconcile-types";

export interface ReconcileDeps {
  now: () => Date;
}

const ALL_SECTIONS = allSections().map((s) => s.code);
const REGISTER_ISSUES_SHOWN = 50;

/** Something reconciliation needs first (IMS records, the register, a column): the pane shows the sentence as it is. */
export class ReconcileInputError extends AppError {
  constructor(detail: string) {
    super("Not ready to reconcile", detail, "none");
    this.name = "ReconcileInputError";
  }
}

// ---- the register and its mapping ------------------------------------------------------

function sameHeaders(a: MappingProposal, b: MappingProposal): boolean {
  return a.mapping.headerRow === b.mapping.headerRow && a.headers.length === b.headers.length && a.headers.every((h, i) => h === b.headers[i]);
}

/** The register as the saved mapping reads it when the sheet's headers are still the ones confirmed; else as proposed afresh. */
async function registerRead(override?: MappingOverride, settings?: StoredReconcileSettings): Promise<{ at: RegisterCells; read: RegisterRead; confirmed: boolean } | null> {
  const at = await readRegisterCells();
  if (!at) return null;
  const stored = (settings ?? (await readReconcileSettings())).mapping;
  const fresh = readRegister(at.cells, override ? { override } : {});
  if (override || !stored || !stored.confirmed || !sameHeaders(stored.proposal, fresh.proposal)) return { at, read: fresh, confirmed: false };
  return { at, read: readRegister(at.cells, { proposal: stored.proposal }), confirmed: true };
}

function mappingView(sheetName: string, at: RegisterCells, read: RegisterRead, confirmed: boolean, created: boolean): RegisterMappingView {
  const p = read.proposal;
  const byField = new Map(p.fields.map((f) => [f.field, f]));
  return {
    sheetName,
    headerRow: at.originRow + p.mapping.headerRow + p.mapping.headerRows,
    dataRows: read.lines.length,
    headers: p.headers.filter((h) => h !== ""),
    fields: READ_FIELDS.map((field) => {
      const f = byField.get(field);
      return {
        field,
        label: FIELD_LABELS[field],
        required: REQUIRED_FIELDS.includes(field),
        columns: f ? [...f.headers] : [],
        confidence: f && f.columns.length ? f.confidence : null,
        ...(f?.note ? { note: f.note } : {}),
        alternatives: (f?.alternatives ?? []).map((a) => a.header),
      };
    }),
    missing: p.missing.map((f) => FIELD_LABELS[f]),
    ambiguous: p.ambiguous.map((f) => FIELD_LABELS[f]),
    layout: p.layout,
    confirmed,
    created,
  };
}

function overrideOf(choice: MappingChoice): MappingOverride {
  const columns: NonNullable<MappingOverride["columns"]> = {};
  for (const [field, value] of Object.entries(choice) as [RegisterField, string | string[] | null | undefined][]) {
    if (value === undefined) continue;
    columns[field] = value;
  }
  return { columns };
}

// ---- reading both sides -----------------------------------------------------------------

interface Inputs {
  gstin: string;
  reads: { section: SectionCode; sheetName: string | null; rows: ReviewRow[] }[];
  rows: ReviewRow[];
  ims: ImsRecord[];
  at: RegisterCells;
  read: RegisterRead;
  result: Reconciliation;
}

async function workbookGstin(): Promise<string> {
  const metadata = await readWorkbookMetadata();
  if (!metadata?.gstin) throw new ReconcileInputError("There are no IMS records in this workbook yet: pull IMS, or open a portal IMS file, before reconciling.");
  return metadata.gstin;
}

async function readInputs(opts: ProgressOptions, step: (message: string) => void): Promise<Inputs> {
  const gstin = await workbookGstin();
  step("Reading the section sheets");
  const reads = (await readSectionSheets(ALL_SECTIONS, { repairValidation: false })).filter((r) => r.sheetName !== null);
  const rows = reads.flatMap((r) => r.rows).filter(reviewable);
  if (rows.length === 0) throw new ReconcileInputError("The section sheets hold no IMS records: pull IMS, or open a portal IMS file, before reconciling.");
  opts.signal?.throwIfAborted();
  step("Reading the purchase register");
  const settings = await readReconcileSettings();
  const register = await registerRead(undefined, settings);
  if (!register) throw new ReconcileInputError('There is no "Purchase register" sheet: press "Open the register sheet", paste your register below its headers, and reconcile again.');
  const { at, read } = register;
  if (read.proposal.missing.length) {
    throw new ReconcileInputError(`The purchase register has no column for ${read.proposal.missing.map((f) => FIELD_LABELS[f]).join(", ")}: choose the columns in the pane's mapping and confirm it.`);
  }
  if (read.lines.length === 0) throw new ReconcileInputError("The purchase register has no rows below its header: paste your register and reconcile again.");
  opts.signal?.throwIfAborted();
  step("Matching");
  const ims = rows.map((r) => r.record);
  const result = reconcile(ims, read.lines, resolveConfig(settings.config ?? {}));
  return { gstin, reads, rows, ims, at, read, result };
}

function registerNames(lines: readonly PrLine[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const l of lines) if (l.supplierName && !names.has(l.supplierGstin)) names.set(l.supplierGstin, l.supplierName);
  return names;
}

function suggestionText(s: { action: SaveAction; remarks?: string } | null | undefined): string {
  if (!s) return "";
  return s.remarks ? `${s.action}: ${s.remarks}` : s.action;
}

/** The match cells of every IMS record, by section and record key. */
function matchCellsOf(inputs: Inputs): Map<SectionCode, { rowKeys: Map<number, string>; cells: Map<string, MatchCells> }> {
  const out = new Map<SectionCode, { rowKeys: Map<number, string>; cells: Map<string, MatchCells> }>();
  for (const { section, rows } of inputs.reads) {
    const rowKeys = new Map<number, string>();
    for (const r of rows) if (!r.keyless) rowKeys.set(r.sheetRow, r.key);
    out.set(section, { rowKeys, cells: new Map() });
  }
  const prRow = (p: number) => inputs.at.originRow + (inputs.read.lines[p] as PrLine).cellRow + 1;
  for (const link of inputs.result.links) {
    const reasons = link.reasons.map((r) => r.text);
    if (link.pr.length) reasons.push(`register row${link.pr.length > 1 ? "s" : ""} ${link.pr.map(prRow).join(", ")}`);
    link.ims.forEach((i, j) => {
      const row = inputs.rows[i] as ReviewRow;
      out.get(row.record.section)?.cells.set(row.key, { match: CATEGORY_WORDS[link.category], suggested: suggestionText(link.suggestions[j]), reason: reasons.join("; ") });
    });
  }
  return out;
}

// ---- the API ----------------------------------------------------------------------------

function progress(opts: ProgressOptions, total: number): (message: string) => void {
  let done = 0;
  return (message) => opts.onProgress?.({ message, done: done++, total });
}

/** Which of the user's choices a record's suggestion falls under: "notFiled" when that rule replaced the category's. */
function suggestionKey(category: Category, record: ImsRecord, result: Reconciliation): SuggestionKey | null {
  if (category === "missing_in_ims") return null;
  if ((category === "exact" || category === "suggested") && !record.supplierFiled && result.config.actions.notFiled) return "notFiled";
  return category;
}

export function reconcileApi(deps: ReconcileDeps): ReconcileApi {
  async function openRegister(opts: ProgressOptions = {}): Promise<RegisterMappingView> {
    opts.onProgress?.({ message: "Opening the Purchase register sheet", done: 0, total: 2 });
    const { sheetName, created } = await openRegisterSheet();
    const register = await registerRead();
    opts.onProgress?.({ message: "Done", done: 2, total: 2 });
    if (!register) {
      return { sheetName, headerRow: 1, dataRows: 0, headers: [], fields: READ_FIELDS.map((field) => ({ field, label: FIELD_LABELS[field], required: REQUIRED_FIELDS.includes(field), columns: [], confidence: null, alternatives: [] })), missing: REQUIRED_FIELDS.map((f) => FIELD_LABELS[f]), ambiguous: [], layout: "unknown" as RegisterMappingView["layout"], confirmed: false, created };
    }
    return mappingView(register.at.sheetName, register.at, register.read, register.confirmed, created);
  }

  async function confirmMapping(choice: MappingChoice, opts: ProgressOptions = {}): Promise<RegisterMappingView> {
    opts.onProgress?.({ message: "Reading the register's headers", done: 0, total: 2 });
    const register = await registerRead(Object.keys(choice).length ? overrideOf(choice) : undefined);
    if (!register) throw new ReconcileInputError('There is no "Purchase register" sheet: press "Open the register sheet" first.');
    const { at, read } = register;
    if (read.proposal.missing.length) {
      throw new ReconcileInputError(`Choose a column for ${read.proposal.missing.map((f) => FIELD_LABELS[f]).join(", ")} before confirming: without it no row can be matched.`);
    }
    await saveRegisterMapping({ proposal: read.proposal, confirmed: true, sheetName: at.sheetName });
    opts.onProgress?.({ message: "Done", done: 2, total: 2 });
    return mappingView(at.sheetName, at, read, true, false);
  }

  async function settings(): Promise<ReconcileSettings> {
    const stored = await readReconcileSettings();
    return settingsFromConfig(resolveConfig(stored.config ?? {}));
  }

  async function saveSettings(s: ReconcileSettings): Promise<ReconcileSettings> {
    const input = configFromSettings(s);
    await saveReconcileConfig(input);
    return settingsFromConfig(resolveConfig(input));
  }

  async function run(opts: ProgressOptions = {}): Promise<ReconcileReport> {
    const step = progress(opts, 8);
    const inputs = await readInputs(opts, step);
    const { at, read, result, ims, rows, gstin } = inputs;
    const reconciledAt = deps.now().toISOString();
    const names = registerNames(read.lines);
    const prSheetRow = (line: PrLine) => at.originRow + line.cellRow + 1;

    step("Writing the Reconciliation sheets");
    const reportRows = reconciliationRows({ ims, imsSheetRows: rows.map((r) => r.sheetRow), pr: read.lines, prSheetRow, result, names });
    const written = await writeReconciliationSheets({ gstin, reconciledAt, rows: reportRows, suppliers: supplierReconRows(reportRows), imsDocuments: ims.length, prLines: read.lines.length });

    step("Writing the Match columns");
    const matched = await writeMatchColumns(matchCellsOf(inputs));

    step("Flagging register rows");
    const problems = [...read.problems.map((p) => ({ cellRow: p.cellRow, message: p.message, fatal: p.fatal })), ...read.skipped.map((s) => ({ cellRow: s.cellRow, message: `Left out: ${s.reason}`, fatal: false }))].sort((a, b) => a.cellRow - b.cellRow);
    await flagRegisterRows(at, read.proposal.mapping.headerRow, problems);

    step("Updating the Suppliers sheet");
    const counts = matchCountsBySupplier({ ims, pr: read.lines, result });
    const matches = new Map([...counts].map(([g, c]) => [g, CATEGORIES.map((k) => c[k])] as const));
    if (MATCH_HEADERS.length !== CATEGORIES.length) throw new Error("The Suppliers sheet's Match columns no longer follow the categories");
    await writeSuppliersSheet({ gstin, reviewedAt: reconciledAt, suppliers: supplierSummaries(rows), registerNames: names, matches });

    await writeReconcileStamp({ reconciledAt, digest: linksDigest(ims, read.lines, result) });
    step("Done");

    const suggestions: Record<SaveAction, number> = { A: 0, R: 0, P: 0 };
    for (const link of result.links) for (const s of link.suggestions) if (s) suggestions[s.action]++;
    const issues = problems.map((p) => ({ sheetRow: at.originRow + p.cellRow + 1, message: p.message, fatal: p.fatal }));
    return {
      reconciledAt,
      imsDocuments: ims.length,
      prLines: read.lines.length,
      counts: { ...result.counts },
      suggestions,
      registerIssues: issues.slice(0, REGISTER_ISSUES_SHOWN),
      registerIssueCount: issues.length,
      sheets: [...written.sheets, "Suppliers", ...inputs.reads.map((r) => r.sheetName as string)],
      movedRows: matched.moved,
    };
  }

  async function applySuggestions(categories: readonly (Category | "notFiled")[], opts: ProgressOptions = {}): Promise<ApplySuggestionsReport> {
    const step = progress(opts, 6);
    const chosen = new Set<SuggestionKey>(categories.filter((c): c is SuggestionKey => c !== "missing_in_ims"));
    const skipped: BulkSkips & { noSuggestion: number } = { typed: 0, decided: 0, inFlight: 0, pendingNotAllowed: 0, noSuggestion: 0 };
    const report: ApplySuggestionsReport = { written: 0, byCategory: {}, skipped, changedMeanwhile: 0, stale: false };
    const inputs = await readInputs(opts, step);
    const stamp = await readReconcileStamp();
    if (!stamp || stamp.digest !== linksDigest(inputs.ims, inputs.read.lines, inputs.result)) return { ...report, stale: true };

    const targets: BulkTarget[] = [];
    const categoryOf = new Map<string, Category>();
    for (const link of inputs.result.links) {
      link.ims.forEach((i, j) => {
        const row = inputs.rows[i] as ReviewRow;
        const key = suggestionKey(link.category, row.record, inputs.result);
        if (!key || !chosen.has(key) || !bulkCandidate(row)) return;
        const suggestion = link.suggestions[j];
        if (!suggestion) {
          skipped.noSuggestion++;
          return;
        }
        const skip = bulkSkipReason(row, suggestion.action);
        if (skip) {
          skipped[skip]++;
          return;
        }
        targets.push({ section: row.record.section, key: row.key, supplierGstin: row.record.supplierGstin, sheetRow: row.sheetRow, action: suggestion.action, ...(suggestion.remarks ? { remarks: suggestion.remarks } : {}) });
        categoryOf.set(`${row.record.section}|${row.key}`, link.category);
      });
    }
    step(`Writing ${targets.length} ${targets.length === 1 ? "action" : "actions"}`);
    const result = await applyBulkActions(deps.now().toISOString(), targets);
    report.changedMeanwhile = result.changedMeanwhile;
    report.written = [...result.written.values()].reduce((a, b) => a + b, 0);
    for (const t of targets) {
      const id = `${t.section}|${t.key}`;
      if (!result.writtenKeys.has(id)) continue;
      const category = categoryOf.get(id) as Category;
      report.byCategory[category] = (report.byCategory[category] ?? 0) + 1;
    }
    step("Done");
    return report;
  }

  async function undoApply(opts: ProgressOptions = {}): Promise<BulkUndoReport> {
    opts.onProgress?.({ message: "Putting the cells back", done: 0, total: 1 });
    const r = await undoLatestBulkApply();
    opts.onProgress?.({ message: "Done", done: 1, total: 1 });
    return { undone: r.batch !== null, restored: r.restored, changed: r.changed, sent: r.sent, gone: r.gone };
  }

  async function undoAvailable(): Promise<UndoAvailable | null> {
    const latest = await latestBulkApply();
    return latest ? { at: latest.batch, cells: latest.cells } : null;
  }

  async function preview(period: TaxPeriod | null, opts: ProgressOptions = {}): Promise<ItcPreviewView> {
    const step = progress(opts, 3);
    const gstin = await workbookGstin();
    step("Reading the section sheets");
    const reads = await readSectionSheets(ALL_SECTIONS, { repairValidation: false });
    const rows = reads.flatMap((r) => r.rows);
    const register = await readRegisterCells();
    const names = register ? registerNames(readRegister(register.cells).lines) : new Map<string, string>();
    const result = itcPreview(rows, { period, names });
    step("Writing the chart on the Summary sheet");
    const asOf = `section sheets as of ${formatIst(deps.now().toISOString())}`;
    const written = await writeItcPreview(gstin, result, asOf);
    step("Done");
    return { period: result.period, before: result.before, after: result.after, bySupplier: result.bySupplier, unreadable: result.unreadable, sheetName: written.sheetName };
  }

  return { openRegister, confirmMapping, settings, saveSettings, run, applySuggestions, undoApply, undoAvailable, itcPreview: preview };
}
