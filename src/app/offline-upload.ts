/**
 * "Save upload file": the sheets are read and planned exactly as Review and Submit plan them
 * (the same rules, refusals and conflicts); the rows the plan would send become the upload
 * file's records, each the portal file's text kept in the workbook with only its action fields
 * changed (buildUploadFile). What the upload cannot carry is refused on its row with a sentence:
 * a record not read from the portal's file, a record whose figures changed since, a reset to No
 * action. The rows in the file say "In upload file" with its name; the file's content is kept
 * in the workbook, so the upload can be settled after a reopen.
 */
import { buildUploadFile, parseImsDownload, uploadFileName, uploadIntentOf, type DownloadedRecord, type UploadIntent, type UploadOutcome } from "../ims/offline";
import { inUploadStatus } from "../ims/offline-rows";
import type { Refusal } from "../ims/plan";
import { changedDocumentFields } from "../ims/record-fields";
import { EMPTY_STATUS, rowState, RESULTS, type ReviewRow, type RowStatus } from "../ims/review-rows";
import { status as rowStatus } from "../ims/row-transitions";
import { SECTION_CODES, type SectionCode } from "../ims/sections";
import { keepUploadRecord, readDownloadedRecords, recordOfflineUpload, type KeptRecords, type UploadEntry } from "../workbook/offline-store";
import { step, stopIfCancelled, workbookContext, type OfflineDeps } from "./offline";
import type { UploadFileReport, UploadSectionCount } from "./offline-types";
import { planWorkbook, type SheetsPort } from "./submit";
import type { PlannedSection } from "./submit/deps";
import { issue, refusalIssue } from "./submit/review";
import type { ProgressOptions, RowIssue } from "./types";

interface Candidate {
  section: SectionCode;
  row: ReviewRow;
  intent: UploadIntent;
  kept: { raw: string; sectionKey: string };
  /** Kept as its text, which may show other figures than the row now does (checked by outOfDate). */
  verbatim: boolean;
  order: number;
}

export async function saveUploadFile(deps: OfflineDeps, options: ProgressOptions = {}): Promise<UploadFileReport> {
  const ctx = await workbookContext(deps);
  step(options, "Reading the sheets", 0, 4);
  const planned = await planWorkbook({ sheets: deps.sheets, rules: ctx.rules });
  stopIfCancelled(options);
  step(options, "Reading the records kept from the portal's IMS file", 1, 4);
  const kept = await readDownloadedRecords();
  stopIfCancelled(options);

  // What the plan would send, with the downloaded text of each record.
  const refusals = new Map<SectionCode, Refusal[]>();
  const refuse = (section: SectionCode, r: Refusal) => refusals.set(section, [...(refusals.get(section) ?? []), r]);
  const candidates: Candidate[] = [];
  for (const { plan } of planned) {
    for (const entry of [...plan.saves, ...plan.resets]) {
      const intent = uploadIntentOf(entry.row.edit);
      if (!intent) continue;
      const found = keptTextOf(kept, plan.section, entry.row);
      if (found.kind === "kept") candidates.push({ section: plan.section, row: entry.row, intent, ...found.candidate });
      else if (found.kind === "changed") refuse(plan.section, outOfDateRefusal(entry.row));
      else refuse(plan.section, { row: entry.row, field: "docNumber", column: "docNumber", code: "not-in-file", message: notInFileMessage(kept, ctx.metadata.offline?.fileName) });
    }
  }
  const stale = outOfDate(candidates.filter((c) => c.verbatim));
  for (const c of stale) refuse(c.section, outOfDateRefusal(c.row));
  const usable = candidates.filter((c) => !stale.has(c)).sort((a, b) => a.order - b.order);

  step(options, "Building the upload file", 2, 4);
  const built = buildUploadFile({
    gstin: ctx.gstin,
    records: usable.map((c) => ({ record: c.row.record, raw: c.kept.raw, sectionKey: c.kept.sectionKey })),
    intents: new Map(usable.map((c) => [c.row.key, c.intent])),
    rules: ctx.rules,
  });
  const fileName = uploadFileName(ctx.gstin, deps.now().getTime());
  const stamp = deps.now().toISOString();
  const byKey = new Map(usable.map((c) => [c.row.key, c]));
  const included = built.outcomes.filter((o): o is Extract<UploadOutcome, { kind: "included" }> => o.kind === "included");
  for (const o of built.outcomes) {
    const c = byKey.get(o.key);
    if (o.kind !== "refused" || !c) continue;
    for (const r of o.reasons) refuse(c.section, { row: c.row, field: r.field, column: r.field, code: r.code, message: r.message });
  }

  const earlier = ctx.metadata.offline?.upload;
  const earlierWaiting = earlier && !earlier.confirmedAt && earlier.fileName !== fileName && planned.some((p) => p.rows.some((r) => rowState(r.status) === "in-upload" && r.status.referenceId === earlier.fileName));
  if (!built.empty) {
    step(options, "Keeping what the upload file holds", 3, 4);
    const entries: UploadEntry[] = included.map((o) => entryOf(o, byKey.get(o.key)?.intent));
    await keepUploadRecord({ fileName, savedAt: stamp, entries });
    await recordOfflineUpload(ctx.gstin, () => ({ fileName, savedAt: stamp, records: included.length }));
  }
  const inFile = new Map(included.map((o) => [o.key, inUploadStatus(fileName, o.action, stamp, o.itcRedReqDefaulted)]));
  await writeStatuses(deps.sheets, planned, refusals, built.empty ? new Map() : inFile, stamp);
  step(options, built.empty ? "Nothing to upload" : "Upload file ready", 4, 4);

  const refused: RowIssue[] = [];
  const conflicts: RowIssue[] = [];
  for (const { plan } of planned) {
    for (const r of [...plan.refused, ...(refusals.get(plan.section) ?? [])]) refused.push(refusalIssue(plan.section, r));
    for (const c of plan.conflicts) conflicts.push(issue(plan.section, c.row, c.reason, c.message));
  }
  const warnings = [...built.warnings];
  if (kept.damagedBlocks) warnings.push("Part of the records kept from the portal's IMS file is damaged in this workbook (a hidden sheet was changed): rows of those records are refused. Open the IMS file again to restore them.");
  return {
    file: built.empty ? null : { name: fileName, text: built.text, bytes: built.bytes },
    sections: sectionCounts(included),
    records: included.length,
    itcDefaulted: included.filter((o) => o.itcRedReqDefaulted).length,
    refused,
    conflicts,
    replaces: !built.empty && earlierWaiting && earlier ? earlier.fileName : null,
    warnings,
  };
}

/**
 * The downloaded text of a row's record: kept as it was (an earlier version of the workbook, or a
 * record no skeleton spells), or rendered from the row. Ordered as the file lists its sections.
 */
function keptTextOf(
  kept: KeptRecords,
  section: SectionCode,
  row: ReviewRow,
): { kind: "kept"; candidate: Pick<Candidate, "kept" | "verbatim" | "order"> } | { kind: "changed" } | { kind: "missing" } {
  const verbatim = kept.byKey.get(row.key);
  if (verbatim) return { kind: "kept", candidate: { kept: verbatim, verbatim: true, order: verbatim.order } };
  const rendered = kept.texts?.textOf(row.record);
  if (!rendered) return { kind: "missing" };
  if (!rendered.ok) return { kind: rendered.reason === "changed" ? "changed" : "missing" };
  const sectionAt = kept.texts?.sectionOrder.indexOf(section) ?? -1;
  return { kind: "kept", candidate: { kept: rendered, verbatim: false, order: (sectionAt < 0 ? SECTION_CODES.length : sectionAt) * 10_000_000 + row.sheetRow } };
}

/**
 * A row that the kept file does not have as the row now shows it: refreshed by a later pull (or
 * its hidden cells changed), so an upload would echo another record than the portal's file.
 */
function outOfDateRefusal(row: ReviewRow): Refusal {
  return {
    row,
    field: "docNumber",
    column: "docNumber",
    code: "file-out-of-date",
    message: "This record changed since the portal's IMS file was opened here (a later pull brought other figures), or was not in that file, so the upload cannot echo the file's record. Download the IMS file again and open it here; your entry is kept.",
  };
}

function notInFileMessage(kept: KeptRecords, fileName: string | undefined): string {
  if (kept.exists && kept.damagedBlocks > 0) {
    return "The records kept from the portal's IMS file are damaged in this workbook (a hidden sheet was changed), so the text of this record, which the upload must echo, is missing. Open the IMS file again; your entry is kept.";
  }
  if (!kept.exists) {
    return "This workbook was not read from a portal IMS file, so it does not have the text of this record that the upload must echo. Download the IMS JSON from the portal (IMS → Offline → Download JSON) and open it here first; your entry is kept.";
  }
  return `This record is not in the portal's IMS file last opened here${fileName ? ` (${fileName})` : ""}, so its text, which the upload must echo, is not in the workbook. Download the IMS file again and open it here; your entry is kept.`;
}

/**
 * Candidates whose kept text shows other document figures than their row: the row was refreshed
 * (by a pull, or another file) after the file was opened. Texts that cannot be read or are of
 * another record are left to buildUploadFile, which refuses them with its own sentence.
 */
function outOfDate(candidates: readonly Candidate[]): Set<Candidate> {
  const stale = new Set<Candidate>();
  const bySectionKey = new Map<string, Candidate[]>();
  for (const c of candidates) bySectionKey.set(c.kept.sectionKey, [...(bySectionKey.get(c.kept.sectionKey) ?? []), c]);
  for (const [sectionKey, list] of bySectionKey) {
    const parsed = parseImsDownload(`{"imsDetails":{${JSON.stringify(sectionKey)}:[${list.map((c) => c.kept.raw).join(",")}]}}`);
    if (!parsed.ok) continue;
    const byIndex = new Map<number, DownloadedRecord>(parsed.value.records.map((d) => [d.index, d]));
    list.forEach((c, i) => {
      const d = byIndex.get(i);
      if (d && d.key === c.row.key && changedDocumentFields(d.record, c.row.record).length > 0) stale.add(c);
    });
  }
  return stale;
}

function entryOf(o: Extract<UploadOutcome, { kind: "included" }>, intent: UploadIntent | undefined): UploadEntry {
  const entry: UploadEntry = { key: o.key, section: o.section, action: o.action };
  if ((o.action === "R" || o.action === "P") && intent?.remarks) entry.remarks = intent.remarks;
  if (o.action === "A" && intent?.itcReduction) entry.itcReduction = intent.itcReduction;
  return entry;
}

function sectionCounts(included: readonly Extract<UploadOutcome, { kind: "included" }>[]): UploadSectionCount[] {
  const out = new Map<SectionCode, UploadSectionCount>();
  for (const o of included) {
    const c = out.get(o.section) ?? { section: o.section, accept: 0, reject: 0, pending: 0 };
    if (o.action === "A") c.accept++;
    else if (o.action === "R") c.reject++;
    else c.pending++;
    out.set(o.section, c);
  }
  return [...out.values()];
}

/**
 * The rows' statuses: refusals and conflicts as the API path writes them (stale ones cleared),
 * "In upload file" on the rows in the file, and rows of an earlier upload file that this one no
 * longer carries cleared. Rows without a key cell are written by sheet row.
 */
async function writeStatuses(sheets: SheetsPort, planned: readonly PlannedSection[], refusals: ReadonlyMap<SectionCode, Refusal[]>, inFile: ReadonlyMap<string, RowStatus>, stamp: string): Promise<void> {
  for (const { plan, rows } of planned) {
    const updates = new Map<ReviewRow, RowStatus>();
    for (const row of rows) {
      const state = rowState(row.status);
      if (state === "refused" || state === "conflict" || state === "in-upload") updates.set(row, { ...EMPTY_STATUS });
    }
    for (const r of [...plan.refused, ...(refusals.get(plan.section) ?? [])]) {
      const previous = updates.get(r.row);
      const message = previous && rowState(previous) === "refused" && previous.message ? `${previous.message} ${r.message}` : r.message;
      updates.set(r.row, { ...rowStatus(RESULTS.refused, "", message, stamp), state: "refused" });
    }
    for (const c of plan.conflicts) if (c.reason !== "supplier-changed") updates.set(c.row, { ...rowStatus(RESULTS.conflict, "", c.message, stamp), state: "conflict" });
    for (const row of rows) {
      const s = inFile.get(row.key);
      if (s) updates.set(row, s);
    }
    const byKey = [...updates].filter(([row]) => !row.keyless).map(([row, status]) => ({ key: row.key, status }));
    const atRows = [...updates].filter(([row]) => row.keyless).map(([row, status]) => ({ sheetRow: row.sheetRow, docNumber: row.record.docNumber, status }));
    if (byKey.length) await sheets.writeStatuses(plan.section, byKey);
    if (atRows.length) await sheets.writeStatusesAt(plan.section, atRows);
  }
}
