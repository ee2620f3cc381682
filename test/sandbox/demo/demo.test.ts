import { isValidGstin } from "../../../src/ims/gstin";
import { filingPeriodOf, type FilingFrequency } from "../../../src/ims/periods";
import { SECTION_CODES, sectionInfo, type SectionCode } from "../../../src/ims/sections";
import { DEMO_TAXPAYERS, generateDemoData, type DemoData, type DemoOptions } from "../../../src/sandbox/demo";
import { generateDemo } from "../../../src/sandbox/demo/generate";
import { SECTION_SHARES } from "../../../src/sandbox/demo/records";
import { DOC_NUMBER, prevMonth, violations } from "./invariants";

const GSTINS = DEMO_TAXPAYERS.map((t) => t.gstin);
const base: DemoOptions = { seed: 20251205, asOf: "2025-12-05", recordsPerGstin: 2000 };

const cache = new Map<string, ReturnType<typeof generateDemo>>();
function demo(options: DemoOptions): ReturnType<typeof generateDemo> {
  const key = JSON.stringify(options);
  let d = cache.get(key);
  if (!d) {
    d = generateDemo(options);
    cache.set(key, d);
  }
  return d;
}

function recordsOf(data: DemoData, gstin: string) {
  const rs = data.records[gstin];
  if (!rs) throw new Error(`no records for ${gstin}`);
  return rs;
}

describe("demo taxpayers and profiles", () => {
  it("are the three fixed demo recipients, valid, in order", () => {
    expect(GSTINS).toEqual(["27AAACI1234F1Z2", "29AABCB5678K1Z5", "07AAFCD4321M1ZN"]);
    expect(DEMO_TAXPAYERS.map((t) => [t.username, t.frequency])).toEqual([
      ["demo.mh", "monthly"],
      ["demo.ka", "quarterly"],
      ["demo.dl", "monthly"],
    ]);
    const { data } = demo(base);
    expect(data.profiles.map((p) => p.gstin)).toEqual(GSTINS);
    for (const p of data.profiles) {
      expect(isValidGstin(p.gstin)).toBe(true);
      expect(p.stateCode).toBe(p.gstin.slice(0, 2));
      expect(p.legalName.length).toBeGreaterThan(5);
      expect(p.tradeName.length).toBeGreaterThan(5);
    }
  });

  it("have filed GSTR-3B for the 12 filing periods before the one containing P", () => {
    const { data } = demo(base);
    const mh = data.profiles[0]!;
    const ka = data.profiles[1]!;
    expect(mh.filed3bPeriods).toHaveLength(12);
    expect(mh.filed3bPeriods[11]).toBe("2025-10");
    expect(mh.filed3bPeriods[0]).toBe("2024-11");
    // KA is a QRMP filer: P = Nov 2025 lies in the Oct–Dec quarter, so the Sep quarter is the last filed.
    expect(ka.filed3bPeriods[11]).toBe("2025-09");
    expect(ka.filed3bPeriods.every((p) => filingPeriodOf(p, "quarterly") === p)).toBe(true);
    for (const p of data.profiles) expect([...p.filed3bPeriods].sort()).toEqual(p.filed3bPeriods);
  });
});

describe("determinism", () => {
  it("gives deep-equal data for the same options", () => {
    const options: DemoOptions = { seed: 7, asOf: "2026-02-17", recordsPerGstin: 600 };
    expect(generateDemoData(options)).toEqual(generateDemoData({ ...options }));
  });

  it("gives different data for a different seed", () => {
    const a = generateDemoData({ seed: 1, asOf: "2025-12-05", recordsPerGstin: 300 });
    const b = generateDemoData({ seed: 2, asOf: "2025-12-05", recordsPerGstin: 300 });
    expect(recordsOf(a, GSTINS[0]!).map((r) => r.hash)).not.toEqual(recordsOf(b, GSTINS[0]!).map((r) => r.hash));
    expect(a.records[GSTINS[0]!]![0]!.stin).not.toBe(b.records[GSTINS[0]!]![0]!.stin);
  });

  it("uses neither Math.random nor the clock", () => {
    const random = jest.spyOn(Math, "random").mockImplementation(() => {
      throw new Error("Math.random used");
    });
    const now = jest.spyOn(Date, "now").mockImplementation(() => {
      throw new Error("Date.now used");
    });
    try {
      expect(() => generateDemoData({ seed: 3, asOf: "2025-12-05", recordsPerGstin: 200 })).not.toThrow();
    } finally {
      random.mockRestore();
      now.mockRestore();
    }
  });
});

describe("options", () => {
  it("rejects bad volumes and dates", () => {
    expect(() => generateDemoData({ ...base, recordsPerGstin: 0 })).toThrow(RangeError);
    expect(() => generateDemoData({ ...base, recordsPerGstin: 200_001 })).toThrow(RangeError);
    expect(() => generateDemoData({ ...base, recordsPerGstin: 10.5 })).toThrow(RangeError);
    expect(() => generateDemoData({ ...base, asOf: "2025-02-30" })).toThrow();
    expect(() => generateDemoData({ ...base, seed: Number.NaN })).toThrow(RangeError);
  });

  it.each([1, 2, 3, 7, 8, 19, 20, 100, 1234])("honours recordsPerGstin = %i exactly for each GSTIN", (n) => {
    const { data } = demo({ ...base, recordsPerGstin: n });
    for (const g of GSTINS) expect(recordsOf(data, g)).toHaveLength(n);
  });
});

// Different seeding days: before Advisory 624 (specified records pending-blocked), a QRMP quarter
// boundary, asOf on the 1st, and a later date.
const SCENARIOS: DemoOptions[] = [
  base,
  { seed: 11, asOf: "2025-08-20", recordsPerGstin: 1500 },
  { seed: 12, asOf: "2026-01-01", recordsPerGstin: 1500 },
  { seed: 13, asOf: "2026-04-30", recordsPerGstin: 1500 },
  { seed: 14, asOf: "2025-11-14", recordsPerGstin: 100 },
];

describe.each(SCENARIOS)("records for %j", (options) => {
  const { data } = demo(options);

  it("obey the portal's rules (GSTINs, numbers, keys, dates, tax heads, flags, actions, hashes)", () => {
    for (const p of data.profiles) expect(violations(p, recordsOf(data, p.gstin), options.asOf)).toEqual([]);
  });

  it("fill every section", () => {
    for (const g of GSTINS) {
      const present = new Set(recordsOf(data, g).map((r) => r.section));
      expect([...present].sort()).toEqual([...SECTION_CODES].sort());
    }
  });

  it("include each demo GSTIN as a supplier of the other two, with B2B and credit notes", () => {
    for (const recipient of GSTINS) {
      for (const supplier of GSTINS) {
        if (supplier === recipient) continue;
        const sections = new Set(recordsOf(data, recipient).filter((r) => r.stin === supplier).map((r) => r.section));
        expect(sections.has("B2B")).toBe(true);
        expect(sections.has("CN")).toBe(true);
      }
    }
  });

  it("point every amendment at an original document of the same supplier in the base section", () => {
    const { originals } = demo(options);
    for (const g of GSTINS) {
      const amendments = recordsOf(data, g).filter((r) => sectionInfo(r.section).isAmendment);
      const links = originals[g]!;
      expect(links).toHaveLength(amendments.length);
      const byRecord = new Map(links.map((l) => [l.amendment, l.original]));
      for (const a of amendments) {
        const o = byRecord.get(a);
        expect(o).toBeDefined();
        if (!o) continue;
        expect(o.section).toBe(sectionInfo(a.section).amends);
        expect(o.stin).toBe(a.stin);
        expect(o.docNum).toBe(a.origDocNum);
        expect(o.docDate).toBe(a.origDocDate);
        expect(o.returnPeriod < a.returnPeriod).toBe(true);
        if (o.inRecords) {
          expect(recordsOf(data, g).some((r) => r.section === o.section && r.stin === o.stin && r.docNum === o.docNum)).toBe(true);
        }
        // Specified invoice / debit-note / ECO amendments are downward ones.
        if (a.specified && a.section !== "CNA") expect(a.val).toBeLessThan(o.val);
      }
    }
  });
});

describe("volume and realism at 10,000 records", () => {
  const options: DemoOptions = { seed: 99, asOf: "2025-12-05", recordsPerGstin: 10_000 };

  it("keeps section proportions close to the intended ones", () => {
    const { data } = demo(options);
    for (const g of GSTINS) {
      const rs = recordsOf(data, g);
      const counts = new Map<SectionCode, number>();
      for (const r of rs) counts.set(r.section, (counts.get(r.section) ?? 0) + 1);
      for (const s of SECTION_CODES) {
        const share = (counts.get(s) ?? 0) / rs.length;
        expect(Math.abs(share - SECTION_SHARES[s])).toBeLessThan(Math.max(0.002, SECTION_SHARES[s] * 0.1));
      }
    }
  });

  it("has actions in plausible shares, periods as intended and hundreds of suppliers", () => {
    const { data } = demo(options);
    for (const p of data.profiles) {
      const rs = recordsOf(data, p.gstin);
      const share = (f: (r: (typeof rs)[number]) => boolean): number => rs.filter(f).length / rs.length;
      expect(share((r) => r.action === "A")).toBeGreaterThan(0.13);
      expect(share((r) => r.action === "A")).toBeLessThan(0.22);
      expect(share((r) => r.action === "R")).toBeGreaterThan(0.025);
      expect(share((r) => r.action === "R")).toBeLessThan(0.06);
      expect(share((r) => r.action === "P")).toBeGreaterThan(0.03);
      expect(share((r) => r.action === "P")).toBeLessThan(0.08);
      expect(share((r) => r.returnPeriod === "2025-11" && r.filed)).toBeGreaterThan(0.75);
      expect(share((r) => r.returnPeriod === "2025-12" && !r.filed)).toBeGreaterThan(0.05);
      expect(share((r) => r.returnPeriod < "2025-11")).toBeGreaterThan(0.01);
      expect(share((r) => r.remarks !== undefined)).toBeGreaterThan(0.02);
      expect(rs.some((r) => r.itcRedReq === "Y" && r.declCgst !== undefined)).toBe(true);
      expect(rs.some((r) => r.remarksBlocked)).toBe(true);
      expect(rs.some((r) => r.itcReductionBlocked)).toBe(true);
      expect(rs.some((r) => r.srcForm === "IFF")).toBe(true);
      expect(rs.some((r) => r.srcForm === "R1A")).toBe(true);
      for (const t of ["SEWP", "SEWOP", "DE"]) expect(rs.some((r) => r.invType === t)).toBe(true);
      expect(rs.some((r) => r.cess > 0)).toBe(true);
      expect(share((r) => r.pos === p.stateCode)).toBeGreaterThan(0.95);
      // Mostly 18%: the effective rate of single-rate intra-state records.
      expect(share((r) => r.txval > 0 && Math.abs((r.iamt + r.camt + r.samt) / r.txval - 0.18) < 0.001)).toBeGreaterThan(0.4);
      const suppliers = new Set(rs.filter((r) => r.section !== "ECOM" && r.section !== "ECOMA").map((r) => r.stin));
      expect(suppliers.size).toBeGreaterThan(500);
      expect(suppliers.size).toBeLessThan(1500);
      // Every PAN's 4th letter is an entity type.
      for (const s of suppliers) expect("CFPHTA").toContain(s.charAt(5));
      // Suppliers concentrate in the recipient's state.
      const home = [...suppliers].filter((s) => s.startsWith(p.stateCode)).length / suppliers.size;
      expect(home).toBeGreaterThan(0.3);
    }
  });

  it("uses both originals still in IMS and originals that have left it", () => {
    const { originals } = demo(options);
    for (const g of GSTINS) {
      const links = originals[g]!;
      expect(links.some((l) => l.original.inRecords)).toBe(true);
      expect(links.some((l) => !l.original.inRecords)).toBe(true);
    }
  });

  it("numbers each supplier's documents in date order", () => {
    const { data } = demo(options);
    // For suppliers using FY-coded series like INV/2526/00123, the trailing number grows with the date.
    for (const g of GSTINS) {
      const bySupplier = new Map<string, { date: string; n: number }[]>();
      for (const r of recordsOf(data, g)) {
        if (r.section !== "B2B") continue;
        const m = /^INV\/2526\/(\d{5,})$/.exec(r.docNum);
        if (!m) continue;
        const list = bySupplier.get(r.stin) ?? [];
        list.push({ date: r.docDate, n: Number(m[1]) });
        bySupplier.set(r.stin, list);
      }
      expect(bySupplier.size).toBeGreaterThan(3);
      for (const list of bySupplier.values()) {
        list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.n - b.n));
        for (let i = 1; i < list.length; i++) expect(list[i]!.n).toBeGreaterThan(list[i - 1]!.n);
      }
    }
  });

  it("uses a handful of e-commerce operators with valid GSTINs for ECOM", () => {
    const { data } = demo(options);
    const operators = new Set<string>();
    for (const g of GSTINS) {
      for (const r of recordsOf(data, g)) {
        if (r.section === "ECOM" || r.section === "ECOMA") operators.add(r.stin.slice(2, 12));
      }
    }
    expect(operators.size).toBeGreaterThanOrEqual(3);
    expect(operators.size).toBeLessThanOrEqual(8);
  });
});

describe("count-only groups", () => {
  it("are non-negative counts; imports never rejected", () => {
    for (const options of SCENARIOS) {
      const { data } = demo(options);
      expect(Object.keys(data.countOnly).sort()).toEqual([...GSTINS].sort());
      for (const g of GSTINS) {
        const c = data.countOnly[g]!;
        expect(Object.keys(c.isd).sort()).toEqual(["isd", "isda", "isdcn", "isdcna"]);
        expect(Object.keys(c.imports).sort()).toEqual(["impg", "impga", "impgsez", "impgseza"]);
        for (const counts of [...Object.values(c.isd), ...Object.values(c.imports)]) {
          for (const v of Object.values(counts)) expect(Number.isInteger(v) && v >= 0).toBe(true);
        }
        for (const counts of Object.values(c.imports)) expect(counts.reject).toBe(0);
      }
    }
  });

  it("show imports only from the October 2025 period and ISD documents always", () => {
    const before = demo(SCENARIOS[1]!).data; // asOf Aug 2025
    const after = demo(base).data;
    for (const g of GSTINS) {
      const total = (c: Record<string, { noaction: number; accept: number; reject: number; pending: number }>): number =>
        Object.values(c).reduce((s, x) => s + x.noaction + x.accept + x.reject + x.pending, 0);
      expect(total(before.countOnly[g]!.imports)).toBe(0);
      expect(total(after.countOnly[g]!.imports)).toBeGreaterThan(0);
      expect(total(after.countOnly[g]!.isd)).toBeGreaterThan(0);
    }
  });
});

describe("added-back liabilities", () => {
  it("are rejected documents of demo suppliers to other demo recipients in GSTR-3B-filed periods", () => {
    const { data } = demo(base);
    expect(data.addedBack.length).toBeGreaterThanOrEqual(6);
    const freq = new Map<string, FilingFrequency>(DEMO_TAXPAYERS.map((t) => [t.gstin, t.frequency]));
    for (const g of GSTINS) expect(data.addedBack.some((e) => e.supplierGstin === g)).toBe(true);
    for (const e of data.addedBack) {
      expect(GSTINS).toContain(e.supplierGstin);
      expect(GSTINS).toContain(e.recipientGstin);
      expect(e.recipientGstin).not.toBe(e.supplierGstin);
      const profile = data.profiles.find((p) => p.gstin === e.recipientGstin)!;
      expect(profile.filed3bPeriods).toContain(e.period);
      expect(e.period).toBe(filingPeriodOf(e.supplierPeriod, freq.get(e.recipientGstin)!));
      expect(e.supplierPeriod >= "2024-10").toBe(true);
      expect(DOC_NUMBER.test(e.docNum)).toBe(true);
      expect(["cdnr", "cdnra", "b2ba", "ecoma"]).toContain(e.section);
      if (e.section === "cdnr" || e.section === "cdnra") expect(e.noteType).toBe("C");
      if (e.section === "cdnra" || e.section === "b2ba") {
        expect(e.origDocNum).toBe(e.docNum);
        expect(e.origDocDate! < `${e.supplierPeriod}-01`).toBe(true);
      } else {
        expect(e.docDate.slice(0, 7)).toBe(e.supplierPeriod);
      }
      expect(e.camt).toBe(e.samt);
      expect(Math.abs(e.val - (e.txval + e.iamt + e.camt + e.samt + e.cess))).toBeLessThan(100);
      expect(e.supplierName.length).toBeGreaterThan(0);
    }
    expect(data.addedBack.filter((e) => e.section === "cdnr").length).toBeGreaterThan(data.addedBack.length / 2);
  });

  it("use the supplier's own credit-note series", () => {
    const { data } = demo(base);
    for (const e of data.addedBack) {
      if (e.section !== "cdnr") continue;
      const own = Object.values(data.records).flat().filter((r) => r.stin === e.supplierGstin && r.section === "CN");
      const shape = (s: string): string => s.replace(/\d/g, "9");
      expect(own.some((r) => shape(r.docNum).length === shape(e.docNum).length || shape(r.docNum).slice(0, 3) === shape(e.docNum).slice(0, 3))).toBe(true);
    }
  });
});

describe("open periods", () => {
  it("keeps records of P open and older ones only when pending", () => {
    const { data } = demo(base);
    for (const p of data.profiles) {
      const open = prevMonth(base.asOf.slice(0, 7));
      expect(p.filed3bPeriods).not.toContain(filingPeriodOf(open, p.frequency));
    }
  });
});

describe("200,000 records per GSTIN", () => {
  it("generates", () => {
    const data = generateDemoData({ seed: 5, asOf: "2026-03-10", recordsPerGstin: 200_000 });
    for (const g of GSTINS) expect(recordsOf(data, g)).toHaveLength(200_000);
    const rs = recordsOf(data, GSTINS[0]!);
    for (let i = 0; i < rs.length; i += 997) expect(DOC_NUMBER.test(rs[i]!.docNum)).toBe(true);
  }, 180_000);
});
