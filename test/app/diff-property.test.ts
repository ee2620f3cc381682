/**
 * Property: whatever a person does to the section sheets (type actions, paste blocks of actions
 * in odd spellings, fill down, clear, type remarks and ITC declarations, sort), submitting and
 * then pulling again leaves the portal holding exactly the intended entries: the last entry
 * per record, refused where the portal's rules refuse it (unchanged on the portal, and still
 * showing the entry), and no entry is lost.
 *
 * The oracle is written here from the rules as documented (README, Advisory 624), on the cells
 * a person sees, independently of the add-in's planner; the sandbox enforces the same rules on
 * its side, so a rule the add-in gets wrong shows up either as a refusal the oracle does not
 * expect or as a failed row.
 */
import fc from "fast-check";
import type { SectionCode } from "../../src/ims/sections";
import type { SandboxRecord } from "../../src/sandbox/model";
import { columnLetter, sectionLayout, type ColumnId } from "../../src/workbook/layout";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { testSandbox } from "../sandbox/helpers";
import { columnByHeader, jobCount, portal, sheetRows, signIn, type SheetRow } from "./helpers";

const SECTIONS: readonly SectionCode[] = ["B2B", "CN", "ECOM"];

/** What people write in the Action column, and what it means (null: not an action). */
const SPELLINGS: readonly (readonly [string, "A" | "R" | "P" | "N" | null])[] = [
  ["A", "A"],
  ["R", "R"],
  ["P", "P"],
  ["N", "N"],
  ["accept", "A"],
  [" Rejected ", "R"],
  ["p", "P"],
  ["keep pending", "P"],
  ["no action", "N"],
  ["Reset", "N"],
  ["ACC", "A"],
  ["rej.", "R"],
  ["maybe", null],
  ["Acept", null],
];
const MEANING = new Map<string, "A" | "R" | "P" | "N" | null>(SPELLINGS.map(([t, m]) => [t, m]));
const LONG = "x".repeat(251);
const REMARKS = ["", "Short note", "Goods returned; CN awaited", LONG] as const;

type Op =
  | { kind: "type"; section: SectionCode; row: number; text: "A" | "R" | "P" | "N" }
  | { kind: "paste"; section: SectionCode; row: number; texts: string[]; values: boolean }
  | { kind: "clear"; section: SectionCode; row: number }
  | { kind: "fill"; section: SectionCode; row: number; count: number }
  | { kind: "remarks"; section: SectionCode; row: number; text: string }
  | { kind: "itc"; row: number; required: "" | "Y" | "N"; igst: "" | "0" | "1.00" }
  | { kind: "sort"; section: SectionCode; column: ColumnId; ascending: boolean };

const sectionArb = fc.constantFrom(...SECTIONS);
const rowArb = fc.nat({ max: 10_000 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("type" as const), section: sectionArb, row: rowArb, text: fc.constantFrom("A" as const, "R" as const, "P" as const, "N" as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("paste" as const), section: sectionArb, row: rowArb, texts: fc.array(fc.constantFrom(...SPELLINGS.map((s) => s[0])), { minLength: 1, maxLength: 5 }), values: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("clear" as const), section: sectionArb, row: rowArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("fill" as const), section: sectionArb, row: rowArb, count: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("remarks" as const), section: sectionArb, row: rowArb, text: fc.constantFrom(...REMARKS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("itc" as const), row: rowArb, required: fc.constantFrom("" as const, "Y" as const, "N" as const), igst: fc.constantFrom("" as const, "0" as const, "1.00" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("sort" as const), section: sectionArb, column: fc.constantFrom<ColumnId>("docNumber", "taxableValue", "action", "supplierGstin", "remarks"), ascending: fc.boolean() }) },
);

function col(fake: FakeExcelHandle, section: SectionCode, id: ColumnId): string {
  const layout = sectionLayout(section);
  return columnLetter(columnByHeader(fake, section, layout.columns[layout.index[id] as number]!.header));
}

/** Applies one user action to the fake. Rows are positions on the sheet at that moment (wrapped to the rows there are). */
function apply(fake: FakeExcelHandle, op: Op): void {
  const section = op.kind === "itc" ? "CN" : op.section;
  const rows = sheetRows(fake, section).length;
  if (rows === 0) return;
  const at = op.kind === "sort" ? 2 : 2 + (op.row % rows);
  const last = rows + 1;
  switch (op.kind) {
    case "type":
      fake.user.typeInto(section, `${col(fake, section, "action")}${at}`, op.text);
      break;
    case "paste": {
      const texts = op.texts.slice(0, last - at + 1);
      fake.user.paste(section, `${col(fake, section, "action")}${at}`, texts.map((t) => [t]), { values: op.values });
      break;
    }
    case "clear":
      fake.user.clearCell(section, `${col(fake, section, "action")}${at}`);
      break;
    case "fill": {
      const end = Math.min(last, at + op.count);
      if (end > at) fake.user.fillDown(section, `${col(fake, section, "action")}${at}:${col(fake, section, "action")}${end}`);
      break;
    }
    case "remarks":
      if (op.text === "") fake.user.clearCell(section, `${col(fake, section, "remarks")}${at}`);
      else fake.user.typeInto(section, `${col(fake, section, "remarks")}${at}`, op.text);
      break;
    case "itc":
      if (op.required === "") fake.user.clearCell(section, `${col(fake, section, "itcRequired")}${at}`);
      else fake.user.typeInto(section, `${col(fake, section, "itcRequired")}${at}`, op.required);
      if (op.igst === "") fake.user.clearCell(section, `${col(fake, section, "itcIgst")}${at}`);
      else fake.user.typeInto(section, `${col(fake, section, "itcIgst")}${at}`, op.igst);
      break;
    case "sort": {
      const layout = sectionLayout(section);
      fake.user.sortTable(section, layout.tableName, columnByHeader(fake, section, layout.columns[layout.index[op.column] as number]!.header), op.ascending);
      break;
    }
  }
}

// ---- the oracle ------------------------------------------------------------------------------

const HEADS = ["igst", "cgst", "sgst", "cess"] as const;
type Head = (typeof HEADS)[number];
const ITC_CELL: Record<Head, ColumnId> = { igst: "itcIgst", cgst: "itcCgst", sgst: "itcSgst", cess: "itcCess" };

interface Entry {
  meaning: "A" | "R" | "P" | "N" | null;
  remarks: string;
  /** Undefined: "Reduce ITC?" blank. */
  itc?: { required: "Y" | "N" } & Partial<Record<Head, number>>;
  /** Amounts with a blank "Reduce ITC?". */
  orphanAmounts: boolean;
}

function paise(v: unknown): number | undefined {
  return v === "" || v === undefined || v === null ? undefined : Math.round(Number(v) * 100);
}

function meaningOf(cell: unknown): "A" | "R" | "P" | "N" | null {
  if (cell === "" || cell === undefined || cell === null) return "N";
  const m = MEANING.get(String(cell));
  if (m === undefined) throw new Error(`the test wrote an action it has no meaning for: ${JSON.stringify(cell)}`);
  return m;
}

/** The entry a person reads on a row. */
function entryOf(row: SheetRow, hasItc: boolean): Entry {
  const entry: Entry = { meaning: meaningOf(row.action), remarks: String(row.remarks ?? ""), orphanAmounts: false };
  if (hasItc) {
    const req = String(row.itcRequired ?? "").trim().toUpperCase();
    const amounts: Partial<Record<Head, number>> = {};
    for (const h of HEADS) {
      const p = paise(row[ITC_CELL[h]]);
      if (p !== undefined) amounts[h] = p;
    }
    if (req === "Y" || req === "N") entry.itc = { required: req, ...amounts };
    else entry.orphanAmounts = Object.keys(amounts).length > 0;
  }
  return entry;
}

interface Pulled {
  section: SectionCode;
  action: "A" | "R" | "P" | "N";
  remarks: string;
  itc?: { required: "Y" | "N" } & Partial<Record<Head, number>>;
  tax: Record<Head, number>;
  pendingBlocked: boolean;
  remarksBlocked: boolean;
  itcBlocked: boolean;
}

function itcKey(itc: Entry["itc"]): string {
  return itc ? [itc.required, ...HEADS.map((h) => itc[h] ?? "")].join(",") : "";
}

/** The declaration the portal stores for one asked for. */
function stored(itc: NonNullable<Entry["itc"]>, tax: Record<Head, number>): NonNullable<Entry["itc"]> {
  if (itc.required === "N") return { required: "N" };
  const any = HEADS.some((h) => itc[h] !== undefined);
  return { required: "Y", ...Object.fromEntries(HEADS.map((h) => [h, any ? (itc[h] ?? 0) : tax[h]])) };
}

type Expected = { outcome: "unchanged" } | { outcome: "refused" } | { outcome: "saved" | "reset"; action: "A" | "R" | "P" | "N"; remarks: string; itc?: NonNullable<Entry["itc"]> };

/** What should become of a row, by the portal's rules as documented. */
function expected(p: Pulled, e: Entry, hasItc: boolean): Expected {
  if (e.meaning === null || e.orphanAmounts) return { outcome: "refused" };
  const edited = e.meaning !== p.action || e.remarks !== p.remarks || (hasItc && itcKey(e.itc) !== itcKey(p.itc));
  if (!edited) return { outcome: "unchanged" };
  if (e.meaning === "N") return p.action === "N" ? { outcome: "refused" } : { outcome: "reset", action: "N", remarks: "" };
  if (e.meaning === "P" && p.pendingBlocked) return { outcome: "refused" };
  if (e.remarks !== "" && (p.remarksBlocked || e.meaning === "A" || [...e.remarks].length > 250)) return { outcome: "refused" };
  const itc = e.itc;
  if (itc) {
    if (e.meaning !== "A" || p.itcBlocked) return { outcome: "refused" };
    if (itc.required === "N" && HEADS.some((h) => (itc[h] ?? 0) > 0)) return { outcome: "refused" };
    if (itc.required === "Y" && HEADS.some((h) => (itc[h] ?? 0) > p.tax[h])) return { outcome: "refused" };
    if (itc.required === "Y" && (itc.cgst ?? 0) !== (itc.sgst ?? 0)) return { outcome: "refused" };
  }
  return { outcome: "saved", action: e.meaning, remarks: e.remarks, ...(itc ? { itc: stored(itc, p.tax) } : {}) };
}

/** A row's pulled state: the portal's record, with the flags as the sheet shows them. */
function pulledOf(section: SectionCode, row: SheetRow, r: SandboxRecord): Pulled {
  const itc = sectionLayout(section).hasItc ? portalItc(r) : undefined;
  return {
    section,
    action: r.action,
    remarks: r.remarks ?? "",
    ...(itc ? { itc } : {}),
    tax: { igst: r.iamt, cgst: r.camt, sgst: r.samt, cess: r.cess },
    pendingBlocked: row.pendingAllowed === "No",
    remarksBlocked: row.remarksAllowed === "No",
    itcBlocked: row.itcReductionAllowed === "No",
  };
}

function portalItc(r: SandboxRecord): Entry["itc"] {
  if (!r.itcRedReq) return undefined;
  if (r.itcRedReq === "N") return { required: "N" };
  return { required: "Y", igst: r.declIgst ?? 0, cgst: r.declCgst ?? 0, sgst: r.declSgst ?? 0, cess: r.declCess ?? 0 };
}

// ---- the property ---------------------------------------------------------------------------

/** Each section's rows as the portal and the sheet stand now: what a row's entry is compared with. */
function pulledState(fake: FakeExcelHandle, stored: Map<string, SandboxRecord>): Map<string, Pulled> {
  const out = new Map<string, Pulled>();
  for (const section of SECTIONS) for (const row of sheetRows(fake, section)) out.set(String(row.key), pulledOf(section, row, stored.get(String(row.key))!));
  return out;
}

test("submit, then pull again: the portal holds exactly the intended entries, refused rows are untouched and keep their entry, nothing is lost", async () => {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.array(fc.array(opArb, { minLength: 1, maxLength: 15 }), { minLength: 1, maxLength: 2 }), async (seed, phases) => {
      runs++;
      const sb = await testSandbox({ seed, recordsPerGstin: 120, jobDelayMs: 0, regenerateDelayMs: 0 });
      const fake = installExcelFake({ today: sb.portal.clock.today() });
      try {
        const app = await signIn(sb);
        await app.pull(SECTIONS, null);
        let want = new Map<string, { section: SectionCode; entry: Entry; expect: Expected }>();

        // One or two rounds of edits, each submitted (the second without pulling in between).
        for (const ops of phases) {
          const before = portal(sb);
          const pulled = pulledState(fake, before);
          for (const op of ops) apply(fake, op);

          // The intent, as a person reads the sheets now.
          want = new Map();
          for (const section of SECTIONS) {
            const hasItc = sectionLayout(section).hasItc;
            for (const row of sheetRows(fake, section)) {
              const key = String(row.key);
              const entry = entryOf(row, hasItc);
              want.set(key, { section, entry, expect: expected(pulled.get(key)!, entry, hasItc) });
            }
          }
          expect(want.size).toBe(pulled.size);
          const refusedKeys = [...want].filter(([, v]) => v.expect.outcome === "refused").map(([k]) => k).sort();

          const review = await app.review();
          const report = await app.submit();
          expect(report.failed).toEqual([]);
          expect(report.conflicts).toEqual([]);
          const rowKeys = new Map<string, string>();
          for (const section of SECTIONS) for (const row of sheetRows(fake, section)) rowKeys.set(`${section}:${row.sheetRow}`, String(row.key));
          const refusedByReport = [...new Set(report.refused.map((r) => rowKeys.get(`${r.section}:${r.sheetRow}`)!))].sort();
          expect(refusedByReport).toEqual(refusedKeys);
          expect(review.sections.reduce((n, s) => n + s.accept + s.reject + s.pending, 0)).toBe(report.saved);
          expect(review.sections.reduce((n, s) => n + s.reset, 0)).toBe(report.reset);

          const after = portal(sb);
          for (const [key, { expect: ex }] of want) {
            const now = after.get(key)!;
            if (ex.outcome === "unchanged" || ex.outcome === "refused") expect(now).toEqual(before.get(key));
            else expect({ key, action: now.action, remarks: now.remarks ?? "", itc: itcKey(portalItc(now)) }).toEqual({ key, action: ex.action, remarks: ex.remarks, itc: itcKey(ex.itc) });
          }
        }

        // A second submit sends nothing; pulling again changes nothing of the user's.
        const jobs = jobCount(sb);
        expect(await app.submit()).toMatchObject({ batches: [], saved: 0, reset: 0 });
        expect(jobCount(sb)).toBe(jobs);
        await app.pull(SECTIONS, null);
        expect((await app.review()).empty).toBe(true);

        for (const [key, { section, entry, expect: ex }] of want) {
          const row = sheetRows(fake, section).find((r) => r.key === key)!;
          const shown = entryOf(row, sectionLayout(section).hasItc);
          const seen = { key, meaning: shown.meaning, remarks: shown.remarks, itc: itcKey(shown.itc) };
          if (ex.outcome === "unchanged" || ex.outcome === "refused") {
            // The entry is still on the row, as the person meant it.
            expect(seen).toEqual({ key, meaning: entry.meaning, remarks: entry.remarks, itc: itcKey(entry.itc) });
            if (ex.outcome === "refused") expect({ key, result: row.result }).toEqual({ key, result: "Refused" });
          } else {
            expect({ key, result: row.result, portal: row.portalAction }).toEqual({ key, result: ex.outcome === "reset" ? "Reset" : "Saved", portal: { A: "Accepted", R: "Rejected", P: "Pending", N: "No action" }[ex.action] });
            expect(seen).toEqual({ key, meaning: ex.action, remarks: ex.remarks, itc: itcKey(ex.itc) });
          }
        }
      } finally {
        fake.uninstall();
        await sb.close();
      }
    }),
    { numRuns: 20, endOnFailure: true },
  );
  expect(runs).toBeGreaterThanOrEqual(20);
}, 120_000);
