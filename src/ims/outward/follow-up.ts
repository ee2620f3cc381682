/**
 * The Follow-up sheet's rows: documents a customer rejected, kept pending or has not acted on,
 * by customer (the customer with the most value open first), highest value first within a
 * customer, each with a hint of what to do and the user's own note ("called", "emailed",
 * "amended"), which every refresh keeps, matched by document key.
 */
import type { FilingFrequency, IsoDate, TaxPeriod } from "../periods";
import type { Action } from "../sections";
import { daysSinceFiling } from "./filing";
import { outwardKey, outwardSectionInfo, taxOf, type NoteKind, type OutwardDocument, type OutwardForm, type OutwardSection } from "./documents";

export interface FollowUpRow {
  key: string;
  customerGstin: string;
  section: OutwardSection;
  form: OutwardForm;
  period: TaxPeriod;
  docNumber: string;
  docDate: IsoDate;
  noteType?: NoteKind;
  /** Paise, as reported (unsigned). */
  value: number;
  tax: number;
  /** The customer's action now; A only on rows kept for the user's note. */
  action: Action;
  remarks: string;
  daysSinceFiling: number;
  hint: string;
  /** What the user wrote in the follow-up column (kept as it was, whatever it is). */
  note: string | number | boolean;
  /** The document is no longer in the portal's sales view for its period (kept for the user's note). */
  gone?: true;
}

/** Rows needing follow-up: rejected, pending and no action. */
export function isOpen(action: Action): boolean {
  return action !== "A";
}

export function followUpHint(action: Action, noteType: NoteKind | undefined, section: OutwardSection, gone = false): string {
  if (gone) return "No longer in the portal's sales view for this period: nothing left to follow up.";
  switch (action) {
    case "R":
      return noteType === "C"
        ? "Rejected credit note: its tax is added back to your liability. Agree the figures with the customer, then amend it in GSTR-1A (before the customer files GSTR-3B) or in a later GSTR-1."
        : `Rejected: correct the ${outwardSectionInfo(section).notes ? "note" : "invoice"} in GSTR-1A before the customer files GSTR-3B, or amend it in a later GSTR-1.`;
    case "P":
      return "Kept pending by the customer: ask what is holding it.";
    case "N":
      return "No action yet: deemed accepted when the customer files GSTR-3B.";
    case "A":
      return "Accepted by the customer since: nothing left to follow up.";
  }
}

function blank(note: FollowUpRow["note"]): boolean {
  return note === "" || note === null || note === undefined;
}

export interface FollowUpMerge {
  rows: FollowUpRow[];
  /** Rows whose note came from the sheet. */
  notesKept: number;
  /** Rows kept only for their note (accepted since, or gone from the portal). */
  keptForNote: number;
}

export interface FollowUpInput {
  /** The documents of the pull (one period and return), every section. */
  fresh: readonly OutwardDocument[];
  pulled: { period: TaxPeriod; form: OutwardForm };
  /** The rows on the sheet before the pull, with the user's notes. */
  existing: readonly FollowUpRow[];
  /** Notes of rows that could not be read back whole, by document key: they carry over to their document. */
  looseNotes?: ReadonlyMap<string, FollowUpRow["note"]>;
  today: IsoDate;
  frequency: FilingFrequency;
}

function fromDocument(d: OutwardDocument, note: FollowUpRow["note"], today: IsoDate, frequency: FilingFrequency): FollowUpRow {
  const row: FollowUpRow = {
    key: outwardKey(d),
    customerGstin: d.recipientGstin,
    section: d.section,
    form: d.form,
    period: d.period,
    docNumber: d.docNumber,
    docDate: d.docDate,
    value: d.value,
    tax: taxOf(d),
    action: d.recipientAction,
    remarks: d.remarks ?? "",
    daysSinceFiling: daysSinceFiling(d.period, frequency, today),
    hint: followUpHint(d.recipientAction, d.noteType, d.section),
    note,
  };
  if (d.noteType) row.noteType = d.noteType;
  return row;
}

/**
 * The sheet's rows after a pull: the pulled period's open documents (with the notes the sheet
 * had for them), rows of other periods and returns as they were, and rows of the pulled period
 * that are no longer open but carry a note (never dropped with what the user wrote).
 */
export function mergeFollowUp(input: FollowUpInput): FollowUpMerge {
  const { fresh, pulled, existing, today, frequency } = input;
  const noteOf = new Map<string, FollowUpRow["note"]>();
  for (const r of existing) if (!blank(r.note) && !noteOf.has(r.key)) noteOf.set(r.key, r.note);
  for (const [key, note] of input.looseNotes ?? []) if (!blank(note) && !noteOf.has(key)) noteOf.set(key, note);
  const samePull = (r: { period: TaxPeriod; form: OutwardForm }) => r.period === pulled.period && r.form === pulled.form;
  const freshByKey = new Map(fresh.map((d) => [outwardKey(d), d]));

  const rows: FollowUpRow[] = [];
  let notesKept = 0;
  let keptForNote = 0;
  const placed = new Set<string>();
  for (const d of fresh) {
    const key = outwardKey(d);
    if (!isOpen(d.recipientAction) && !noteOf.has(key)) continue;
    if (placed.has(key)) continue;
    placed.add(key);
    const note = noteOf.get(key) ?? "";
    if (!blank(note)) notesKept++;
    if (!isOpen(d.recipientAction)) keptForNote++;
    rows.push(fromDocument(d, note, today, frequency));
  }
  for (const r of existing) {
    if (placed.has(r.key)) continue;
    if (samePull(r)) {
      // Not in this pull at all (freshByKey misses it): kept only for its note.
      if (blank(r.note) || freshByKey.has(r.key)) continue;
      placed.add(r.key);
      notesKept++;
      keptForNote++;
      rows.push({ ...r, gone: true, hint: followUpHint(r.action, r.noteType, r.section, true), daysSinceFiling: daysSinceFiling(r.period, frequency, today) });
      continue;
    }
    placed.add(r.key);
    if (!blank(r.note)) notesKept++;
    rows.push({ ...r, daysSinceFiling: daysSinceFiling(r.period, frequency, today) });
  }
  return { rows: sortFollowUp(rows), notesKept, keptForNote };
}

/** By customer (most value open first), then highest value first; ties by document number. */
export function sortFollowUp(rows: readonly FollowUpRow[]): FollowUpRow[] {
  const open = new Map<string, number>();
  for (const r of rows) if (isOpen(r.action) && !r.gone) open.set(r.customerGstin, (open.get(r.customerGstin) ?? 0) + r.value);
  return [...rows].sort(
    (a, b) =>
      (open.get(b.customerGstin) ?? 0) - (open.get(a.customerGstin) ?? 0) ||
      a.customerGstin.localeCompare(b.customerGstin) ||
      b.value - a.value ||
      a.docNumber.localeCompare(b.docNumber) ||
      a.key.localeCompare(b.key),
  );
}
