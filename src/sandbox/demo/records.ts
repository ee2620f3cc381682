/**
 * One recipient's IMS records: how many of each section, which supplier, which period and
 * date, amounts, and the actions already taken. Planning registers every document with the
 * DocBook; `finishRecipient` fills in the numbers once all series are numbered.
 */
import { addMonths, comparePeriods, filingPeriodOf, quarterEnd, specifiedPendingDeadline, type FilingFrequency, type IsoDate, type TaxPeriod } from "../../ims/periods";
import { SECTION_CODES, sectionInfo, type SectionCode } from "../../ims/sections";
import { computeRecordHash } from "../hash";
import type { Amounts, InvoiceType, SandboxRecord, SourceForm, TaxpayerProfile } from "../model";
import { chooseAction, declare, remarkFor } from "./actions";
import { MAX_VAL, MIN_TXVAL, copyAmounts, fillAmounts, maxTxvalFor, sampleTxval, scaleAmounts, zeroAmounts, type TaxSpec } from "./amounts";
import { isoDate, type Calendar } from "./calendar";
import type { DocBook } from "./documents";
import { Weighted, type Rng } from "./prng";
import { ECO_TABLE, recordRate, type Supplier, type SupplierPool, type SupplierRegistry } from "./suppliers";

/** Intended share of each section (every section gets at least one record from 8 records up). */
export const SECTION_SHARES: Readonly<Record<SectionCode, number>> = { B2B: 0.78, B2BA: 0.04, CN: 0.08, CNA: 0.01, DN: 0.03, DNA: 0.005, ECOM: 0.05, ECOMA: 0.005 };

const FILL_ORDER: readonly SectionCode[] = ["B2B", "CN", "B2BA", "DN", "ECOM", "CNA", "DNA", "ECOMA"];
const BASE_SECTIONS: readonly SectionCode[] = ["B2B", "CN", "DN", "ECOM"];
const AMENDMENT_SECTIONS: readonly SectionCode[] = ["B2BA", "CNA", "DNA", "ECOMA"];
const SECTION_ORDER: Readonly<Record<SectionCode, number>> = { B2B: 0, B2BA: 1, CN: 2, CNA: 3, DN: 4, DNA: 5, ECOM: 6, ECOMA: 7 };

/** Months back of records still in IMS because the recipient kept them pending. */
const OLD_OFFSETS = new Weighted([1, 2, 3, 4, 5, 6, 7, 8], [35, 22, 14, 10, 7, 5, 4, 3]);
/** Months between an original document and its amendment. */
const AMEND_OFFSETS = new Weighted([1, 2, 3, 4, 5, 6], [40, 25, 14, 9, 7, 5]);
/** Other places of supply (bill-to-ship-to): big consuming states. */
const OTHER_POS: readonly string[] = ["27", "29", "07", "24", "33", "09", "06", "36", "19", "08"];

export function allocateSections(n: number): Record<SectionCode, number> {
  const counts: Record<SectionCode, number> = { B2B: 0, B2BA: 0, CN: 0, CNA: 0, DN: 0, DNA: 0, ECOM: 0, ECOMA: 0 };
  if (n < FILL_ORDER.length) {
    for (let i = 0; i < n; i++) counts[FILL_ORDER[i] as SectionCode] += 1;
    return counts;
  }
  let others = 0;
  for (const s of SECTION_CODES) {
    if (s === "B2B") continue;
    counts[s] = Math.max(1, Math.floor(n * SECTION_SHARES[s]));
    others += counts[s];
  }
  counts.B2B = n - others;
  return counts;
}

/** How many records each other demo taxpayer supplies to a recipient. */
export function crossCount(n: number): number {
  if (n < 20) return n >= 3 ? 1 : 0;
  return Math.max(3, Math.min(36, Math.round(n * 0.01)));
}

/** A document an amendment refers to: a record in IMS, or one that has left it. */
export interface OriginalDoc {
  section: SectionCode;
  stin: string;
  docNum: string;
  docDate: IsoDate;
  returnPeriod: TaxPeriod;
  val: number;
  inRecords: boolean;
}

interface Ghost {
  section: SectionCode;
  stin: string;
  docId: number;
  docDate: IsoDate;
  returnPeriod: TaxPeriod;
  val: number;
}

export interface RecipientPlan {
  profile: TaxpayerProfile;
  sites: readonly string[];
  records: SandboxRecord[];
  /** Per record: the document whose number it carries, and its original's (-1: none). */
  docOf: number[];
  origOf: number[];
  /** Per record: the ghost original (index into ghosts) or the original record's index; -1 none. */
  ghostOf: number[];
  presentOf: number[];
  ghosts: Ghost[];
}

export interface PlanInput {
  cal: Calendar;
  docs: DocBook;
  registry: SupplierRegistry;
  rng: Rng;
  profile: TaxpayerProfile;
  pool: SupplierPool;
  /** The other demo taxpayers, as suppliers. */
  demoSuppliers: readonly Supplier[];
  sites: readonly string[];
  records: number;
}

interface BasePeriod {
  rp: TaxPeriod;
  filed: boolean;
  /** In a filing period whose GSTR-3B is filed: only there because it is pending. */
  old: boolean;
}

class RecipientBuilder {
  private readonly rng: Rng;
  private readonly cal: Calendar;
  private readonly docs: DocBook;
  private readonly freq: FilingFrequency;
  private readonly home: string;
  private readonly openFiling: TaxPeriod;
  private readonly records: SandboxRecord[] = [];
  private readonly supplierOf: Supplier[] = [];
  private readonly docOf: number[] = [];
  private readonly origOf: number[] = [];
  private readonly ghostOf: number[] = [];
  private readonly presentOf: number[] = [];
  private readonly ghosts: Ghost[] = [];
  private readonly baseIndex: Record<string, number[]> = { B2B: [], CN: [], DN: [], ECOM: [] };
  private readonly amended = new Set<number>();
  private readonly spec: TaxSpec = { rate: 18, rate2: 0, share: 1, cessRate: 0, interState: false, zeroTax: false };

  constructor(private readonly input: PlanInput) {
    this.rng = input.rng;
    this.cal = input.cal;
    this.docs = input.docs;
    this.freq = input.profile.frequency;
    this.home = input.profile.stateCode;
    this.openFiling = filingPeriodOf(input.cal.open, this.freq);
  }

  build(): RecipientPlan {
    const n = this.input.records;
    const counts = allocateSections(n);
    const cross = this.crossSlots(counts, n);
    for (const section of BASE_SECTIONS) {
      for (const slot of cross) if (slot.section === section) this.addBase(section, slot.supplier);
      for (let i = 0; i < counts[section]; i++) this.addBase(section, null);
    }
    for (const section of AMENDMENT_SECTIONS) {
      for (const slot of cross) if (slot.section === section) this.addAmendment(section, slot.supplier);
      for (let i = 0; i < counts[section]; i++) this.addAmendment(section, null);
    }
    return {
      profile: this.input.profile,
      sites: this.input.sites,
      records: this.records,
      docOf: this.docOf,
      origOf: this.origOf,
      ghostOf: this.ghostOf,
      presentOf: this.presentOf,
      ghosts: this.ghosts,
    };
  }

  /** Records supplied by the other demo taxpayers, taken out of the section counts. */
  private crossSlots(counts: Record<SectionCode, number>, n: number): { section: SectionCode; supplier: Supplier }[] {
    const slots: { section: SectionCode; supplier: Supplier }[] = [];
    const per = crossCount(n);
    for (const supplier of this.input.demoSuppliers) {
      for (let j = 0; j < per; j++) {
        let section: SectionCode = j === 0 || j === 2 ? "B2B" : j === 1 ? "CN" : this.rng.next() < 0.72 ? "B2B" : this.rng.chance(0.57) ? "CN" : this.rng.chance(0.5) ? "DN" : "B2BA";
        if (counts[section] === 0) section = "B2B";
        if (counts[section] === 0) continue;
        counts[section] -= 1;
        slots.push({ section, supplier });
      }
    }
    return slots;
  }

  private basePeriod(section: SectionCode): BasePeriod {
    const rng = this.rng;
    const cal = this.cal;
    const x = rng.next();
    if (x < 0.025) {
      const rp = addMonths(cal.open, -OLD_OFFSETS.sample(rng));
      const itc = filingPeriodOf(rp, this.freq);
      const old = comparePeriods(itc, this.openFiling) < 0;
      if (!old) return { rp, filed: true, old: false };
      // A credit note stays pending past its GSTR-3B only within its one-period window.
      if (section === "CN") {
        const deadline = specifiedPendingDeadline(itc, this.freq, this.home);
        if (deadline === null || deadline < cal.asOf) return { rp: cal.open, filed: true, old: false };
      }
      return { rp, filed: true, old: true };
    }
    if (x < 0.105) return { rp: cal.current, filed: false, old: false };
    if (x < 0.12) return { rp: cal.open, filed: false, old: false };
    return { rp: cal.open, filed: true, old: false };
  }

  private addBase(section: SectionCode, given: Supplier | null): void {
    const rng = this.rng;
    const isEcom = section === "ECOM";
    const sup = given ?? (isEcom ? this.pickEco() : this.input.pool.table.sample(rng));
    const period = this.basePeriod(section);
    const rp = period.rp;
    const day = this.cal.sampleDocDay(rng, rp);
    const docId = this.docs.add(seriesOf(sup, section), this.cal.month(rp), day);
    const pos = !isEcom && rng.chance(0.01) ? this.otherPos(sup.stateCode) : this.home;
    const inter = sup.stateCode !== pos;
    const invType = isEcom ? undefined : this.sampleInvType(inter);
    const rec = this.newRecord(section, sup, isoDate(rp, day), rp, period.filed, pos, invType);
    this.sampleAmounts(rec, sup, section, inter, invType === "SEWOP");
    rec.specified = section === "CN";
    this.settle(rec, period.old);
    this.baseIndex[section]?.push(this.records.length);
    this.push(rec, sup, docId, -1, -1, -1);
  }

  private addAmendment(section: SectionCode, given: Supplier | null): void {
    const rng = this.rng;
    const cal = this.cal;
    const base = sectionInfo(section).amends as SectionCode;
    const filed = rng.chance(0.8);
    const rp = filed ? cal.open : cal.current;
    const presentIndex = given === null && rng.chance(0.35) ? this.findOriginal(base, rp) : -1;
    let sup: Supplier;
    let origDocId: number;
    let origDate: IsoDate;
    let origRp: TaxPeriod;
    let pos: string;
    let invType: InvoiceType | undefined;
    let original: Amounts;
    let originalAccepted: boolean;
    let ghostIndex = -1;
    if (presentIndex >= 0) {
      const o = this.records[presentIndex] as SandboxRecord;
      sup = this.supplierOf[presentIndex] as Supplier;
      origDocId = this.docOf[presentIndex] as number;
      origDate = o.docDate;
      origRp = o.returnPeriod;
      pos = o.pos;
      invType = o.invType;
      original = o;
      originalAccepted = o.action === "A";
      this.amended.add(presentIndex);
    } else {
      // The original has left IMS (accepted or deemed accepted, GSTR-3B filed).
      sup = given ?? (section === "ECOMA" ? this.pickEco() : this.input.pool.table.sample(rng));
      origRp = addMonths(rp, -AMEND_OFFSETS.sample(rng));
      const day = cal.sampleDay(rng, origRp);
      origDocId = this.docs.add(seriesOf(sup, base), cal.month(origRp), day);
      origDate = isoDate(origRp, day);
      pos = section !== "ECOMA" && rng.chance(0.01) ? this.otherPos(sup.stateCode) : this.home;
      invType = section === "ECOMA" ? undefined : this.sampleInvType(sup.stateCode !== pos);
      original = zeroAmounts();
      this.sampleAmounts(original, sup, base, sup.stateCode !== pos, invType === "SEWOP");
      originalAccepted = true;
      ghostIndex = this.ghosts.length;
      this.ghosts.push({ section: base, stin: sup.gstin, docId: origDocId, docDate: origDate, returnPeriod: origRp, val: original.val });
    }
    const rec = this.newRecord(section, sup, origDate, rp, filed, pos, invType);
    rec.origDocNum = "";
    rec.origDocDate = origDate;
    const x = rng.next();
    let factor = x < 0.45 ? rng.uniform(0.55, 0.97) : x < 0.8 ? rng.uniform(1.03, 1.6) : 1;
    scaleAmounts(rec, original, factor);
    if (rec.val > MAX_VAL || rec.txval < MIN_TXVAL || factor === 1) {
      copyAmounts(rec, original);
      factor = 1;
    }
    let docId = origDocId;
    if (rng.chance(0.08)) {
      // The supplier corrected the document number: a new number of the same series and day.
      const month = cal.month(origRp);
      const day = Math.min(month.days, Number(origDate.slice(8, 10)) + rng.range(0, 3));
      docId = this.docs.add(seriesOf(sup, base), month, day);
      rec.docDate = isoDate(origRp, day);
    }
    // Downward amendments of accepted documents and all credit-note amendments are specified records.
    rec.specified = section === "CNA" || (factor < 1 && originalAccepted);
    this.settle(rec, false);
    this.push(rec, sup, docId, origDocId, ghostIndex, presentIndex);
  }

  /** A record of the base section, of an earlier period, not yet amended. */
  private findOriginal(base: SectionCode, rp: TaxPeriod): number {
    const list = this.baseIndex[base];
    if (!list || list.length === 0) return -1;
    for (let t = 0; t < 12; t++) {
      const i = list[this.rng.int(list.length)] as number;
      const r = this.records[i] as SandboxRecord;
      if (r.returnPeriod < rp && !this.amended.has(i)) return i;
    }
    return -1;
  }

  private newRecord(section: SectionCode, sup: Supplier, docDate: IsoDate, rp: TaxPeriod, filed: boolean, pos: string, invType: InvoiceType | undefined): SandboxRecord {
    const rec: SandboxRecord = {
      section,
      stin: sup.gstin,
      supplierName: sup.tradeName,
      docNum: "",
      docDate,
      srcForm: this.srcForm(sup, rp, filed),
      returnPeriod: rp,
      pos,
      filed,
      itcPeriod: filed ? this.filingPeriod(rp) : rp,
      specified: false,
      pendingBlocked: false,
      remarksBlocked: false,
      itcReductionBlocked: false,
      version: 1,
      hash: "",
      action: "N",
      val: 0,
      txval: 0,
      iamt: 0,
      camt: 0,
      samt: 0,
      cess: 0,
    };
    if (invType !== undefined) rec.invType = invType;
    return rec;
  }

  /** Blocks and the action already taken. */
  private settle(rec: SandboxRecord, old: boolean): void {
    const rng = this.rng;
    rec.pendingBlocked = rec.specified ? this.pendingNeverAllowed(rec.itcPeriod) : !old && rng.chance(0.002);
    rec.remarksBlocked = rng.chance(0.02);
    rec.itcReductionBlocked = rec.specified && rng.chance(0.03);
    rec.action = old ? "P" : chooseAction(rng, rec.filed, !rec.pendingBlocked);
    declare(rng, rec);
  }

  private readonly filingCache = new Map<TaxPeriod, TaxPeriod>();
  private readonly blockedCache = new Map<TaxPeriod, boolean>();
  private readonly quarterEndCache = new Map<TaxPeriod, boolean>();

  private filingPeriod(rp: TaxPeriod): TaxPeriod {
    let f = this.filingCache.get(rp);
    if (f === undefined) {
      f = filingPeriodOf(rp, this.freq);
      this.filingCache.set(rp, f);
    }
    return f;
  }

  /** Specified records of GSTR-2B periods before October 2025 could never be kept pending. */
  private pendingNeverAllowed(itcPeriod: TaxPeriod): boolean {
    let b = this.blockedCache.get(itcPeriod);
    if (b === undefined) {
      b = specifiedPendingDeadline(itcPeriod, this.freq, this.home) === null;
      this.blockedCache.set(itcPeriod, b);
    }
    return b;
  }

  private isQuarterEnd(rp: TaxPeriod): boolean {
    let q = this.quarterEndCache.get(rp);
    if (q === undefined) {
      q = quarterEnd(rp) === rp;
      this.quarterEndCache.set(rp, q);
    }
    return q;
  }

  private push(rec: SandboxRecord, sup: Supplier, docId: number, origDocId: number, ghostIndex: number, presentIndex: number): void {
    this.records.push(rec);
    this.supplierOf.push(sup);
    this.docOf.push(docId);
    this.origOf.push(origDocId);
    this.ghostOf.push(ghostIndex);
    this.presentOf.push(presentIndex);
  }

  private srcForm(sup: Supplier, rp: TaxPeriod, filed: boolean): SourceForm {
    if (sup.eco) return "R1";
    if (sup.frequency === "quarterly") return this.isQuarterEnd(rp) ? "R1" : "IFF";
    return filed && this.rng.chance(0.03) ? "R1A" : "R1";
  }

  private sampleInvType(interState: boolean): InvoiceType {
    const x = this.rng.next();
    if (interState && x < 0.006) return "SEWP";
    if (interState && x < 0.011) return "SEWOP";
    if (x < 0.019) return "DE";
    return "R";
  }

  private otherPos(supplierState: string): string {
    for (;;) {
      const s = this.rng.pick(OTHER_POS);
      if (s !== supplierState && s !== this.home) return s;
    }
  }

  private pickEco(): Supplier {
    const op = ECO_TABLE.sample(this.rng);
    return this.input.registry.eco(op, this.rng.chance(0.85) ? this.home : op.hqState);
  }

  private sampleAmounts(target: Amounts, sup: Supplier, section: SectionCode, interState: boolean, zeroTax: boolean): void {
    const rng = this.rng;
    const spec = this.spec;
    const industry = sup.industry;
    spec.rate = recordRate(rng, sup);
    spec.rate2 = 0;
    spec.share = 1;
    if (section === "B2B" && industry.rates.length > 1 && rng.chance(0.06)) {
      for (const r of industry.rates) if (r !== spec.rate) spec.rate2 = r;
      spec.share = rng.uniform(0.3, 0.9);
    }
    spec.cessRate = sup.cessRate > 0 && (spec.rate === 28 || spec.rate2 === 28) && rng.chance(0.8) ? sup.cessRate : 0;
    spec.interState = interState;
    spec.zeroTax = zeroTax;
    const isNote = section === "CN" || section === "DN";
    const median = sup.median * (section === "CN" ? 0.12 : section === "DN" ? 0.1 : 1);
    const txval = sampleTxval(rng, median, sup.sigma + (isNote ? 0.2 : 0), maxTxvalFor(spec));
    if (sup.eco && sup.eco.kind === "hotel") spec.rate = txval > 750_000 ? 18 : 12;
    fillAmounts(target, rng, txval, spec);
  }
}

function seriesOf(sup: Supplier, section: SectionCode): number {
  if (section === "CN" || section === "CNA") return sup.creditSeries;
  if (section === "DN" || section === "DNA") return sup.debitSeries;
  return sup.invoiceSeries;
}

export function planRecipient(input: PlanInput): RecipientPlan {
  return new RecipientBuilder(input).build();
}

export interface FinishedRecipient {
  records: SandboxRecord[];
  /** Each amendment with the document it amends. */
  links: { amendment: SandboxRecord; original: OriginalDoc }[];
}

/** Numbers, order (section, supplier, period, date), remarks and hashes. */
export function finishRecipient(plan: RecipientPlan, docs: DocBook, rng: Rng): FinishedRecipient {
  const { records, docOf, origOf, ghostOf, presentOf, ghosts } = plan;
  for (let i = 0; i < records.length; i++) {
    const rec = records[i] as SandboxRecord;
    rec.docNum = docs.docNum(docOf[i] as number);
    const orig = origOf[i] as number;
    if (orig >= 0) rec.origDocNum = docs.docNum(orig);
  }
  const links: FinishedRecipient["links"] = [];
  for (let i = 0; i < records.length; i++) {
    const rec = records[i] as SandboxRecord;
    const g = ghostOf[i] as number;
    const p = presentOf[i] as number;
    if (g >= 0) {
      const ghost = ghosts[g] as Ghost;
      links.push({ amendment: rec, original: { section: ghost.section, stin: ghost.stin, docNum: docs.docNum(ghost.docId), docDate: ghost.docDate, returnPeriod: ghost.returnPeriod, val: ghost.val, inRecords: false } });
    } else if (p >= 0) {
      const o = records[p] as SandboxRecord;
      links.push({ amendment: rec, original: { section: o.section, stin: o.stin, docNum: o.docNum, docDate: o.docDate, returnPeriod: o.returnPeriod, val: o.val, inRecords: true } });
    }
  }
  const sorted = sortRecords(records);
  let prev: SandboxRecord | null = null;
  for (const rec of sorted) {
    if (rec.action === "R" || rec.action === "P") {
      const previousDoc = prev !== null && prev.stin === rec.stin && prev.section === rec.section ? prev.docNum : null;
      const text = remarkFor(rng, rec, previousDoc, plan.sites);
      if (text !== undefined) rec.remarks = text;
    }
    rec.hash = computeRecordHash(rec);
    prev = rec;
  }
  return { records: sorted, links };
}

/**
 * Orders records by section, supplier, return period, date and planning order (which is the
 * numbering order of a series' documents of one day), with one numeric sort: a comparator
 * sort of 200,000 records would take most of the generation time.
 */
function sortRecords(records: readonly SandboxRecord[]): SandboxRecord[] {
  const n = records.length;
  const stinRank = new Map<string, number>();
  const periodIndex = new Map<string, number>();
  const dayIndex = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const r = records[i] as SandboxRecord;
    stinRank.set(r.stin, 0);
    periodIndex.set(r.returnPeriod, 0);
    dayIndex.set(r.docDate, 0);
  }
  [...stinRank.keys()].sort().forEach((s, i) => stinRank.set(s, i));
  rankByMonths(periodIndex, (p) => Number(p.slice(0, 4)) * 12 + Number(p.slice(5, 7)));
  rankByMonths(dayIndex, (d) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = records[i] as SandboxRecord;
    const rank = stinRank.get(r.stin) as number;
    const periodOffset = periodIndex.get(r.returnPeriod) as number;
    const dayOffset = dayIndex.get(r.docDate) as number;
    if (rank >= 32_768 || periodOffset >= 32 || dayOffset >= 2048 || n >= 262_144) return [...records].sort(compareRecords);
    keys[i] = (((SECTION_ORDER[r.section] * 32_768 + rank) * 32 + periodOffset) * 2048 + dayOffset) * 262_144 + i;
  }
  keys.sort();
  const out = new Array<SandboxRecord>(n);
  for (let k = 0; k < n; k++) out[k] = records[(keys[k] as number) % 262_144] as SandboxRecord;
  return out;
}

/** Replaces each key's value by its distance (in months or days) from the smallest key. */
function rankByMonths(index: Map<string, number>, measure: (key: string) => number): void {
  let min = Infinity;
  for (const key of index.keys()) {
    const v = measure(key);
    index.set(key, v);
    if (v < min) min = v;
  }
  for (const [key, v] of index) index.set(key, v - min);
}

function compareRecords(a: SandboxRecord, b: SandboxRecord): number {
  const s = SECTION_ORDER[a.section] - SECTION_ORDER[b.section];
  if (s !== 0) return s;
  if (a.stin !== b.stin) return a.stin < b.stin ? -1 : 1;
  if (a.returnPeriod !== b.returnPeriod) return a.returnPeriod < b.returnPeriod ? -1 : 1;
  if (a.docDate !== b.docDate) return a.docDate < b.docDate ? -1 : 1;
  return a.docNum < b.docNum ? -1 : a.docNum > b.docNum ? 1 : 0;
}
