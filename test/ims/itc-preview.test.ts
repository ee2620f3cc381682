/** The ITC preview: ITC per head before and after the drafted actions, and by supplier. */
import { headsTotal, itcPreview, type ItcHeads, type ItcPosition } from "../../src/ims/itc-preview";
import type { ImsRecord, ItcReduction } from "../../src/ims/records";
import { rowFromRecord, type ReviewRow, type RowEdit } from "../../src/ims/review-rows";
import type { Action, SectionCode } from "../../src/ims/sections";
import { creditNote } from "./fixtures";

const SUPPLIER_A = "29AABCB5678K1Z5";
const SUPPLIER_B = "07AAFCD4321M1ZN";
const SUPPLIER_C = "24AAACC1206D1ZM";
const PERIOD = "2026-10";
const ALL = { period: null };

let serial = 0;

/** A record of `section` (an invoice unless a credit-note section), with its own number and amounts. */
function record(section: SectionCode, overrides: Partial<ImsRecord> = {}): ImsRecord {
  serial++;
  return creditNote({ section, docNumber: `DOC-${serial}`, hash: `h${serial}`, igst: 1000 * serial + 7, cgst: 300 * serial + 1, sgst: 300 * serial + 1, cess: 11 * serial, ...overrides });
}

/** A row pulled with the record's action, its Action cell then set to `drafted` (and its entry patched). */
function row(r: ImsRecord, drafted: Action | null = r.action, edit: Partial<RowEdit> = {}): ReviewRow {
  const out = rowFromRecord(r, serial + 1);
  out.edit = { ...out.edit, action: drafted, ...edit };
  return out;
}

function heads(r: Pick<ImsRecord, "igst" | "cgst" | "sgst" | "cess">): ItcHeads {
  return { igst: r.igst, cgst: r.cgst, sgst: r.sgst, cess: r.cess };
}

function negative(h: ItcHeads): ItcHeads {
  return { igst: -h.igst, cgst: -h.cgst, sgst: -h.sgst, cess: -h.cess };
}

const ZERO: ItcHeads = { igst: 0, cgst: 0, sgst: 0, cess: 0 };

/** Every bucket empty except those given. */
function position(buckets: Partial<Omit<ItcPosition, "net">>): ItcPosition {
  const p = { claimable: ZERO, deferred: ZERO, forgone: ZERO, creditNoteReduction: ZERO, ...buckets };
  const net: ItcHeads = { igst: p.claimable.igst - p.creditNoteReduction.igst, cgst: p.claimable.cgst - p.creditNoteReduction.cgst, sgst: p.claimable.sgst - p.creditNoteReduction.sgst, cess: p.claimable.cess - p.creditNoteReduction.cess };
  return { ...p, net };
}

describe("invoices and debit notes", () => {
  test.each<[string, SectionCode, Action, keyof Omit<ItcPosition, "net">]>([
    ["an accepted invoice is claimable", "B2B", "A", "claimable"],
    ["an invoice with no action is deemed accepted: claimable", "B2B", "N", "claimable"],
    ["a debit note with no action is claimable", "DN", "N", "claimable"],
    ["an e-commerce invoice accepted is claimable", "ECOM", "A", "claimable"],
    ["a pending invoice is deferred", "B2B", "P", "deferred"],
    ["a pending amended debit note is deferred", "DNA", "P", "deferred"],
    ["a rejected invoice is forgone", "B2B", "R", "forgone"],
    ["a rejected amended invoice is forgone", "B2BA", "R", "forgone"],
  ])("%s", (_, section, action, bucket) => {
    const r = record(section, { action });
    const preview = itcPreview([row(r)], ALL);
    expect(preview.before).toEqual(position({ [bucket]: heads(r) }));
    expect(preview.after).toEqual(preview.before);
    expect(preview.bySupplier).toEqual([]);
    expect(preview.documents).toBe(1);
  });

  test("before follows the portal's action, after the Action column", () => {
    const r = record("B2B", { action: "N" });
    const preview = itcPreview([row(r, "R")], ALL);
    expect(preview.before).toEqual(position({ claimable: heads(r) }));
    expect(preview.after).toEqual(position({ forgone: heads(r) }));
  });

  test("an invoice's ITC-reduction entry does not change what it adds", () => {
    const r = record("B2BA", { action: "A", itcReduction: { required: "Y", igst: 5 } });
    expect(itcPreview([row(r)], ALL).before).toEqual(position({ claimable: heads(r) }));
  });
});

describe("credit notes", () => {
  test("accepted with a declared reduction: only the declared heads, the others 0", () => {
    const r = record("CN", { action: "N" });
    const declared: ItcReduction = { required: "Y", igst: r.igst - 500, cgst: 120 };
    const preview = itcPreview([row(r, "A", { itcReduction: declared })], ALL);
    expect(preview.before).toEqual(position({ creditNoteReduction: heads(r) }));
    expect(preview.after).toEqual(position({ creditNoteReduction: { igst: r.igst - 500, cgst: 120, sgst: 0, cess: 0 } }));
    expect(preview.after.net).toEqual({ igst: 500 - r.igst, cgst: -120, sgst: 0, cess: 0 });
  });

  test('accepted with "Y" and no amounts: the whole tax', () => {
    const r = record("CNA", { action: "N" });
    const preview = itcPreview([row(r, "A", { itcReduction: { required: "Y" } })], ALL);
    expect(preview.after).toEqual(position({ creditNoteReduction: heads(r) }));
    expect(preview.after.net).toEqual(negative(heads(r)));
  });

  test('accepted with "N" (ITC never availed): no reduction', () => {
    const r = record("CN", { action: "N" });
    const preview = itcPreview([row(r, "A", { itcReduction: { required: "N" } })], ALL);
    expect(preview.after).toEqual(position({}));
    expect(preview.bySupplier).toEqual([{ gstin: r.supplierGstin, name: "", before: -headsTotal(heads(r)), after: 0, difference: headsTotal(heads(r)) }]);
  });

  test("accepted on the portal: before reads the record's own declaration", () => {
    const r = record("CN", { action: "A", itcReduction: { required: "Y", sgst: 42 } });
    const preview = itcPreview([row(r)], ALL);
    expect(preview.before).toEqual(position({ creditNoteReduction: { ...ZERO, sgst: 42 } }));
    expect(preview.after).toEqual(preview.before);
  });

  test("rejected: reduces nothing and forgoes nothing", () => {
    const r = record("CN", { action: "N" });
    const preview = itcPreview([row(r, "R")], ALL);
    expect(preview.after).toEqual(position({}));
  });

  test("pending: the reduction is deferred, counted negative", () => {
    const r = record("CN", { action: "P" });
    const preview = itcPreview([row(r)], ALL);
    expect(preview.before).toEqual(position({ deferred: negative(heads(r)) }));
  });

  test("no action is deemed acceptance: the whole tax, whatever is typed in the declaration", () => {
    const r = record("CN", { action: "A", itcReduction: { required: "N" } });
    const preview = itcPreview([row(r, "N", { itcReduction: { required: "N" } })], ALL);
    expect(preview.before).toEqual(position({}));
    expect(preview.after).toEqual(position({ creditNoteReduction: heads(r) }));
  });

  test("net is claimable less credit-note reductions, per head", () => {
    const invoice = record("B2B", { action: "N" });
    const note = record("CN", { action: "N", supplierGstin: invoice.supplierGstin });
    const preview = itcPreview([row(invoice), row(note)], ALL);
    expect(preview.before.net).toEqual({ igst: invoice.igst - note.igst, cgst: invoice.cgst - note.cgst, sgst: invoice.sgst - note.sgst, cess: invoice.cess - note.cess });
  });
});

describe("which rows count", () => {
  test("only the period's records when a period is given; all otherwise", () => {
    const october = record("B2B", { returnPeriod: PERIOD });
    const september = record("B2B", { returnPeriod: "2026-09" });
    const rows = [row(october), row(september)];
    const one = itcPreview(rows, { period: PERIOD });
    expect(one.period).toBe(PERIOD);
    expect(one.documents).toBe(1);
    expect(one.before.claimable).toEqual(heads(october));
    const both = itcPreview(rows, ALL);
    expect(both.period).toBeNull();
    expect(both.documents).toBe(2);
    expect(both.before.claimable.igst).toBe(october.igst + september.igst);
  });

  test("rows no longer on the portal are left out", () => {
    const gone = row(record("B2B"), "R");
    gone.inPortal = false;
    const kept = row(record("B2B"), "R");
    kept.status = { ...kept.status, result: "Not on portal", state: "not-on-portal" };
    const preview = itcPreview([gone, kept], ALL);
    expect(preview.documents).toBe(0);
    expect(preview.before).toEqual(position({}));
    expect(preview.after).toEqual(position({}));
  });

  test("an Action that cannot be read counts as the portal holds it, and is counted", () => {
    const r = record("B2B", { action: "N" });
    const preview = itcPreview([row(r, null, { unparsed: { action: "maybe" } })], ALL);
    expect(preview.unreadable).toBe(1);
    expect(preview.after).toEqual(position({ claimable: heads(r) }));
    expect(preview.bySupplier).toEqual([]);
  });

  test("a declaration that cannot be read keeps the row as the portal holds it", () => {
    const r = record("CN", { action: "P" });
    const preview = itcPreview([row(r, "A", { unparsed: { itcIgst: "lots" } })], ALL);
    expect(preview.unreadable).toBe(1);
    expect(preview.after).toEqual(preview.before);
  });

  test("a remark alone is not a change of ITC", () => {
    const r = record("B2B", { action: "N" });
    const preview = itcPreview([row(r, "N", { remarks: "checked" })], ALL);
    expect(preview.unreadable).toBe(0);
    expect(preview.after).toEqual(preview.before);
  });
});

describe("by supplier", () => {
  test("suppliers whose net ITC changes, the largest change first, ties by GSTIN, with their names", () => {
    const small = record("B2B", { supplierGstin: SUPPLIER_C, action: "N", igst: 5000, cgst: 0, sgst: 0, cess: 0 });
    const tieB = record("B2B", { supplierGstin: SUPPLIER_B, action: "N", igst: 9000, cgst: 0, sgst: 0, cess: 0 });
    const tieA = record("B2B", { supplierGstin: SUPPLIER_A, action: "R", igst: 0, cgst: 4500, sgst: 4500, cess: 0 });
    const unchanged = record("B2B", { supplierGstin: "33AAACT2727Q1ZW", action: "N" });
    const rows = [row(small, "P"), row(tieB, "R"), row(tieA, "A"), row(unchanged, "A")];
    const names = new Map([[SUPPLIER_A, "Acme Traders"]]);
    const preview = itcPreview(rows, { period: null, names });
    expect(preview.bySupplier).toEqual([
      { gstin: SUPPLIER_B, name: "", before: 9000, after: 0, difference: -9000 },
      { gstin: SUPPLIER_A, name: "Acme Traders", before: 0, after: 9000, difference: 9000 },
      { gstin: SUPPLIER_C, name: "", before: 5000, after: 0, difference: -5000 },
    ]);
    expect([SUPPLIER_B, SUPPLIER_A].sort()).toEqual([SUPPLIER_B, SUPPLIER_A]);
  });

  test("a supplier's net nets its invoices against its credit notes", () => {
    const invoice = record("B2B", { supplierGstin: SUPPLIER_A, action: "N" });
    const note = record("CN", { supplierGstin: SUPPLIER_A, action: "N" });
    const preview = itcPreview([row(invoice, "A"), row(note, "R")], ALL);
    expect(preview.bySupplier).toEqual([
      { gstin: SUPPLIER_A, name: "", before: headsTotal(heads(invoice)) - headsTotal(heads(note)), after: headsTotal(heads(invoice)), difference: headsTotal(heads(note)) },
    ]);
  });
});

test("amounts in paise add exactly, and the suppliers' differences add up to the change in net ITC", () => {
  const actions: readonly Action[] = ["A", "R", "P", "N"];
  const sections: readonly SectionCode[] = ["B2B", "CN", "DN", "CNA", "B2BA", "ECOM"];
  const suppliers = [SUPPLIER_A, SUPPLIER_B, SUPPLIER_C];
  const rows: ReviewRow[] = [];
  for (let i = 0; i < 60; i++) {
    // Odd paise (…01, …07, …10, …20) that would not add exactly as rupee fractions.
    const r = record(sections[i % sections.length] as SectionCode, {
      supplierGstin: suppliers[i % suppliers.length] as string,
      action: actions[i % actions.length] as Action,
      igst: 10 + i * 101,
      cgst: 20 + i * 7,
      sgst: 20 + i * 7,
      cess: i % 3,
    });
    rows.push(row(r, actions[(i * 7 + 1) % actions.length] as Action));
  }
  const preview = itcPreview(rows, ALL);
  for (const p of [preview.before, preview.after]) {
    for (const bucket of Object.values(p)) for (const v of Object.values(bucket)) expect(Number.isInteger(v)).toBe(true);
  }
  const claimedIgst = rows.filter((r) => !["CN", "CNA"].includes(r.record.section) && (r.edit.action === "A" || r.edit.action === "N")).reduce((sum, r) => sum + r.record.igst, 0);
  expect(preview.after.claimable.igst).toBe(claimedIgst);
  const change = preview.bySupplier.reduce((sum, s) => sum + s.difference, 0);
  expect(change).toBe(headsTotal(preview.after.net) - headsTotal(preview.before.net));
  expect(preview.documents).toBe(60);
});
