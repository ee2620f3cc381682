/** The supplier view's domain: the follow-up merge and order, hints, days since filing, and the totals. */
import {
  addedBackTotals,
  customerTotals,
  daysSinceFiling,
  gstr1DueDate,
  mergeFollowUp,
  outwardByAction,
  outwardKey,
  type FollowUpRow,
  type OutwardDocument,
} from "../../src/ims/outward";

function doc(overrides: Partial<OutwardDocument>): OutwardDocument {
  return {
    section: "B2B",
    form: "GSTR-1",
    period: "2026-10",
    recipientGstin: "29AABCB5678K1Z5",
    docNumber: "INV-1",
    docDate: "2026-10-05",
    placeOfSupply: "29",
    reverseCharge: false,
    rates: [18],
    value: 118_00,
    taxableValue: 100_00,
    igst: 18_00,
    cgst: 0,
    sgst: 0,
    cess: 0,
    recipientAction: "N",
    ...overrides,
  };
}

const A = "29AABCB5678K1Z5";
const B = "07AAFCD4321M1ZN";
const PULL = { period: "2026-10", form: "GSTR-1" as const };

test("GSTR-1 due dates and days since filing: 11th for monthly filers, 13th for quarterly; never negative", () => {
  expect(gstr1DueDate("2026-10", "monthly")).toBe("2026-11-11");
  expect(gstr1DueDate("2026-12", "quarterly")).toBe("2027-01-13");
  expect(daysSinceFiling("2026-10", "monthly", "2026-11-21")).toBe(10);
  expect(daysSinceFiling("2026-10", "quarterly", "2026-11-21")).toBe(8);
  expect(daysSinceFiling("2026-11", "monthly", "2026-11-21")).toBe(0);
});

test("follow-up: open documents only, by customer (most value open first), highest value first", () => {
  const fresh = [
    doc({ docNumber: "A1", recipientGstin: A, value: 100_00 }),
    doc({ docNumber: "A2", recipientGstin: A, value: 300_00, recipientAction: "R" }),
    doc({ docNumber: "A3", recipientGstin: A, value: 900_00, recipientAction: "A" }),
    doc({ docNumber: "B1", recipientGstin: B, value: 500_00, recipientAction: "P" }),
  ];
  const { rows } = mergeFollowUp({ fresh, pulled: PULL, existing: [], today: "2026-11-21", frequency: "monthly" });
  // B has 500 open, A 400 (A3 is accepted and left out).
  expect(rows.map((r) => r.docNumber)).toEqual(["B1", "A2", "A1"]);
});

test("follow-up hints: rejected invoices point to GSTR-1A, rejected credit notes to the added-back liability", () => {
  const fresh = [doc({ docNumber: "I", recipientAction: "R" }), doc({ docNumber: "C", section: "CDNR", noteType: "C", recipientAction: "R" }), doc({ docNumber: "N" })];
  const { rows } = mergeFollowUp({ fresh, pulled: PULL, existing: [], today: "2026-11-21", frequency: "monthly" });
  const hint = (n: string) => rows.find((r) => r.docNumber === n)!.hint;
  expect(hint("I")).toMatch(/^Rejected: correct the invoice in GSTR-1A/);
  expect(hint("C")).toMatch(/^Rejected credit note: its tax is added back to your liability/);
  expect(hint("N")).toMatch(/deemed accepted/);
});

test("follow-up notes: kept by key, other periods kept, accepted-since or gone rows kept only for a note", () => {
  const open = doc({ docNumber: "OPEN", recipientAction: "R" });
  const accepted = doc({ docNumber: "ACC", recipientAction: "A" });
  const row = (d: OutwardDocument, note: FollowUpRow["note"], extra: Partial<FollowUpRow> = {}): FollowUpRow => ({
    key: outwardKey(d),
    customerGstin: d.recipientGstin,
    section: d.section,
    form: d.form,
    period: d.period,
    docNumber: d.docNumber,
    docDate: d.docDate,
    value: d.value,
    tax: 18_00,
    action: "R",
    remarks: "",
    daysSinceFiling: 0,
    hint: "",
    note,
    ...extra,
  });
  const gone = doc({ docNumber: "GONE" });
  const gone2 = doc({ docNumber: "GONE2" });
  const sept = doc({ docNumber: "SEPT", period: "2026-09" });
  const existing = [row(open, "called"), row(accepted, 42), row(gone, "emailed"), row(gone2, ""), row(sept, "", { action: "P" })];
  const merged = mergeFollowUp({ fresh: [open, accepted], pulled: PULL, existing, today: "2026-11-21", frequency: "monthly" });
  const by = new Map(merged.rows.map((r) => [r.docNumber, r]));
  expect([...by.keys()].sort()).toEqual(["ACC", "GONE", "OPEN", "SEPT"]);
  expect(by.get("OPEN")!.note).toBe("called");
  expect(by.get("ACC")).toMatchObject({ note: 42, action: "A" });
  expect(by.get("GONE")).toMatchObject({ note: "emailed", gone: true });
  expect(by.get("SEPT")!.daysSinceFiling).toBe(41);
  expect(merged).toMatchObject({ notesKept: 3, keptForNote: 2 });
  // A note from a row that could not be read back still reaches its document.
  const loose = mergeFollowUp({ fresh: [open], pulled: PULL, existing: [], looseNotes: new Map([[outwardKey(open), "amended in 1A"]]), today: "2026-11-21", frequency: "monthly" });
  expect(loose.rows[0]!.note).toBe("amended in 1A");
});

test("customer totals and outward by action: credit notes and refund vouchers count negative", () => {
  const docs = [doc({ value: 1000_00, igst: 180_00 }), doc({ docNumber: "CN", section: "CDNR", noteType: "C", value: 100_00, igst: 18_00, recipientAction: "A" }), doc({ docNumber: "RV", section: "CDNR", noteType: "R", value: 50_00, igst: 9_00 }), doc({ docNumber: "DN", section: "CDNR", noteType: "D", value: 10_00, igst: 2_00 })];
  const [t] = customerTotals(docs);
  expect(t).toMatchObject({ documents: 4, value: 1000_00 - 100_00 - 50_00 + 10_00 });
  expect(t!.byAction.A).toEqual({ documents: 1, value: -100_00 });
  const by = outwardByAction(docs);
  expect(by.N).toEqual({ documents: 3, tax: 180_00 - 9_00 + 2_00 });
  expect(by.A).toEqual({ documents: 1, tax: -18_00 });
});

test("added-back totals per section and in all", () => {
  const e = (section: "CDNR" | "B2BA", igst: number) => ({ section, recipientGstin: A, docNumber: "X", docDate: "2026-09-01", value: igst * 6, taxableValue: igst * 5, igst, cgst: 1, sgst: 1, cess: 0 });
  const totals = addedBackTotals([e("CDNR", 100), e("CDNR", 50), e("B2BA", 10)]);
  expect(totals.map((t) => [t.section, t.documents, t.igst])).toEqual([
    ["CDNR", 2, 150],
    ["B2BA", 1, 10],
    ["CDNRA", 0, 0],
    ["ECOMA", 0, 0],
    ["Total", 3, 160],
  ]);
});
