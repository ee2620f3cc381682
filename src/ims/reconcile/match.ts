/**
 * The matcher: applies RULES (rules.ts) in order. Both sides are indexed once by supplier (GSTIN,
 * or PAN for the branch steps) and number key, so each step costs about one look-up per
 * unlinked document, never a comparison of every pair. Within a step, a pair that is each
 * side's only candidate is linked at once; contested pairs are ranked (number agreement,
 * financial year, amounts, date, then content) and taken greedily. Nothing depends on the order
 * of the input except which of two identical PR lines is the original (the earlier row).
 */
import type { ImsRecord } from "../records";
import type { PrLine } from "../register/read";
import { assess, within, type Assessment, type HeadDifference, type Reason } from "./assess";
import { AMOUNT_HEADS, resolveConfig, type AmountHead, type Category, type ReconcileConfig, type ReconcileConfigInput } from "./config";
import { altKeysOf, amountsOf, compareContent, imsDoc, internSuppliers, keysOf, prDocs, type Doc, type DocClass } from "./documents";
import { FAMILIES_OF, KeyIndex, S_I, S_N } from "./keys";
import { editDistance, numberKeys, splitNumberList, type NumberKeys } from "./numbers";
import { RULES, type LinkRule } from "./rules";
import { suggestFor, type SuggestedAction } from "./actions";

export type { HeadDifference, Reason, ReasonCode } from "./assess";

export interface ReconLink {
  readonly category: Category;
  /** Indices into the IMS records given, ascending. */
  readonly ims: readonly number[];
  /** Indices into the PR lines given, in row order. */
  readonly pr: readonly number[];
  /** The rule that made the link (rules.ts id); null for unmatched and unreadable entries. */
  readonly rule: string | null;
  readonly reasons: readonly Reason[];
  /** Per head with a difference (linked entries only). */
  readonly differences: readonly HeadDifference[];
  /** One per entry of `ims`: the action this category suggests for that record, or null. */
  readonly suggestions: readonly (SuggestedAction | null)[];
}

export interface Reconciliation {
  /** Every IMS record and every PR line appears in exactly one entry. */
  links: ReconLink[];
  counts: Record<Category, number>;
  config: ReconcileConfig;
}

const NO_CANDIDATES: readonly number[] = Object.freeze([]);

// ---- state -----------------------------------------------------------------------------

interface Pair {
  i: number;
  p: number;
  level: number;
  fyPenalty: number;
  amountDistance: number;
  dayDistance: number;
  clsPenalty: number;
}

interface RawLink {
  ims: number[];
  pr: number[];
  rule: LinkRule | null;
  duplicateOf?: number;
}

class State {
  readonly imsLinked: Uint8Array;
  readonly prLinked: Uint8Array;
  readonly links: RawLink[] = [];
  /** Per PR doc and per IMS doc: the index in `links` when linked or flagged, else -1. */
  readonly prLink: Int32Array;
  readonly imsLink: Int32Array;
  readonly tolerance: ToleranceTable;
  /** Candidate counts per document within one step (zero between steps). */
  readonly perIms: Int32Array;
  readonly perPr: Int32Array;
  /** Identical numbers, by GSTIN, over every IMS document: the first step needs only this. */
  readonly imsExact: KeyIndex;
  private imsKeys: KeyIndex | null = null;
  private prNorms: KeyIndex | null = null;
  private panKeys: KeyIndex | null = null;
  private readonly gstinCands: (readonly number[] | undefined)[] = [];
  private readonly panCands: (readonly number[] | undefined)[] = [];

  constructor(
    readonly ims: Doc[],
    readonly pr: Doc[],
    readonly config: ReconcileConfig,
  ) {
    this.imsLinked = new Uint8Array(ims.length);
    this.prLinked = new Uint8Array(pr.length);
    this.prLink = new Int32Array(pr.length).fill(-1);
    this.imsLink = new Int32Array(ims.length).fill(-1);
    this.tolerance = toleranceTable(config);
    this.perIms = new Int32Array(ims.length);
    this.perPr = new Int32Array(pr.length);
    const ic = config.exactIgnoresCase;
    this.imsExact = new KeyIndex();
    ims.forEach((d, i) => this.imsExact.add(d.gid, S_I, ic ? d.raw.toUpperCase() : d.raw, i));
  }

  /**
   * The other number keys of the IMS documents, by GSTIN, built when first needed: by then the
   * first step has linked most documents, and only the others can ever be candidates.
   */
  imsIndex(): KeyIndex {
    if (!this.imsKeys) {
      const idx = new KeyIndex();
      this.ims.forEach((d, i) => this.imsLinked[i] || idx.addDoc(d.gid, d, i));
      this.imsKeys = idx;
    }
    return this.imsKeys;
  }

  /**
   * PR documents by GSTIN and normalised number, for duplicates: those not linked by the exact
   * rule (a line repeating one that was is found through its IMS document instead, so the keys
   * of most lines are never computed).
   */
  prNormIndex(): KeyIndex {
    if (!this.prNorms) {
      const idx = new KeyIndex();
      this.pr.forEach((d, p) => {
        const li = this.prLink[p] as number;
        if (li < 0 || this.links[li]?.rule?.number !== "identical") idx.add(d.gid, S_N, keysOf(d).norm, p);
      });
      this.prNorms = idx;
    }
    return this.prNorms;
  }

  /**
   * The IMS documents whose number meets a PR document's at serial level or better, by GSTIN
   * or by PAN (another GSTIN), found once and kept: each later step only filters them. IMS
   * documents are only ever linked, never unlinked, so a list made early stays complete.
   */
  candidatesOf(p: number, level: "gstin" | "pan"): readonly number[] {
    const cache = level === "gstin" ? this.gstinCands : this.panCands;
    let list = cache[p];
    if (list) return list;
    const pr = this.pr[p] as Doc;
    const index = level === "gstin" ? this.imsIndex() : this.panIndex();
    const maps = index.group(level === "gstin" ? pr.gid : pr.pid);
    list = NO_CANDIDATES;
    if (maps) {
      const found: number[] = [];
      index.collect(maps, keysOf(pr), FAMILIES_OF.serial, found, (this.marks ??= new Int32Array(this.ims.length).fill(-1)), p * 2 + (level === "gstin" ? 0 : 1), level === "gstin" ? this.unlinkedIms : this.unlinkedImsElsewhere(pr.gid));
      if (found.length > 0) list = found;
    }
    cache[p] = list;
    return list;
  }

  private marks: Int32Array | null = null;
  private readonly unlinkedIms = (i: number): boolean => !this.imsLinked[i];
  private unlinkedImsElsewhere(gid: number): (i: number) => boolean {
    return (i) => !this.imsLinked[i] && (this.ims[i] as Doc).gid !== gid;
  }

  /** The IMS index for the branch steps: documents unlinked when first needed, by PAN. */
  panIndex(): KeyIndex {
    if (!this.panKeys) {
      const idx = new KeyIndex();
      this.ims.forEach((d, i) => this.imsLinked[i] || idx.addDoc(d.pid, d, i));
      this.panKeys = idx;
    }
    return this.panKeys;
  }

  link(ims: number[], pr: number[], rule: LinkRule): void {
    for (let k = 0; k < ims.length; k++) {
      const i = ims[k] as number;
      this.imsLinked[i] = 1;
      this.imsLink[i] = this.links.length;
    }
    for (let k = 0; k < pr.length; k++) {
      const p = pr[k] as number;
      this.prLinked[p] = 1;
      this.prLink[p] = this.links.length;
    }
    this.links.push({ ims, pr, rule });
  }

  flagDuplicate(p: number, of: number): void {
    this.prLinked[p] = 1;
    this.prLink[p] = this.links.length;
    this.links.push({ ims: [], pr: [p], rule: null, duplicateOf: of });
  }
}

// ---- tests shared by the steps ---------------------------------------------------------

function compatible(imsCls: DocClass | null, prCls: DocClass | null): boolean {
  if (prCls === null) return true;
  if (imsCls === "credit" || prCls === "credit") return imsCls === prCls;
  return true; // invoices and debit notes: a debit note is often booked as a purchase invoice
}

function fyConflict(a: NumberKeys, b: NumberKeys): boolean {
  return a.fy !== null && b.fy !== null && a.fy !== b.fy;
}

/** The same normalised number, in the main reading or a variant of either. */
function sameNorm(x: NumberKeys, y: NumberKeys): boolean {
  if (x.norm === y.norm) return true;
  if (x.variants.length === 0 && y.variants.length === 0) return false;
  for (const v of x.variants) if (v.norm === y.norm || y.variants.some((w) => w.norm === v.norm)) return true;
  return y.variants.some((w) => w.norm === x.norm);
}

/** The same serial, in the main reading or a variant of either. */
function sameSerial(x: NumberKeys, y: NumberKeys): boolean {
  if (x.serial !== null && x.serial === y.serial) return true;
  if (x.variants.length === 0 && y.variants.length === 0) return false;
  const xs = [x.serial, ...x.variants.map((v) => v.serial)];
  const ys = [y.serial, ...y.variants.map((v) => v.serial)];
  return xs.some((a) => a !== null && ys.includes(a));
}

/** 1 same compact form, 2 same normalised number (or a variant reading of it), 3 same serial, 4 none. */
function levelOf(x: NumberKeys, y: NumberKeys): number {
  if (x.compact === y.compact) return 1;
  if (sameNorm(x, y)) return 2;
  if (sameSerial(x, y)) return 3;
  return 4;
}

/** How closely the numbers agree: 0 identical, then as levelOf (+0.5 through an amendment's original number). */
function numberLevel(ims: Doc, pr: Doc, ignoreCase: boolean): number {
  if (ignoreCase ? ims.raw.toUpperCase() === pr.raw.toUpperCase() : ims.raw === pr.raw) return 0;
  const pk = keysOf(pr);
  const l = levelOf(keysOf(ims), pk);
  const alt = altKeysOf(ims);
  return alt ? Math.min(l, (alt.raw === pk.raw ? 0 : levelOf(alt, pk)) + 0.5) : l;
}

/** Whether sums agree on every head within tolerance (k: how many documents each side adds). */
function amountsAgree(config: ReconcileConfig, ims: readonly number[], pr: readonly number[], prHasValue: boolean, k: number): boolean {
  for (let h = 0; h < 6; h++) {
    if (h === 5 && !prHasValue) continue;
    if (!within(config, AMOUNT_HEADS[h] as AmountHead, ims[h] as number, (ims[h] as number) - (pr[h] as number), k)) return false;
  }
  return true;
}

/** Tolerances per head in AMOUNT_HEADS order, read once: paise, and percent of the IMS amount. */
interface ToleranceTable {
  paise: Float64Array;
  percent: Float64Array;
}

function toleranceTable(config: ReconcileConfig): ToleranceTable {
  const paise = new Float64Array(6);
  const percent = new Float64Array(6);
  AMOUNT_HEADS.forEach((head, h) => {
    paise[h] = config.tolerances[head].paise;
    percent[h] = config.tolerances[head].percent;
  });
  return { paise, percent };
}

function headWithin(t: ToleranceTable, h: number, ims: number, pr: number): boolean {
  const diff = ims > pr ? ims - pr : pr - ims;
  return diff <= (t.paise[h] as number) || diff <= Math.floor(((t.percent[h] as number) * ims) / 100);
}

/** Every head within tolerance, for one document each side (the value only when the PR gives it). */
function docsAgree(t: ToleranceTable, ims: Doc, pr: Doc, withValue = pr.hasValue): boolean {
  return (
    headWithin(t, 0, ims.t, pr.t) &&
    headWithin(t, 1, ims.ig, pr.ig) &&
    headWithin(t, 2, ims.cg, pr.cg) &&
    headWithin(t, 3, ims.sg, pr.sg) &&
    headWithin(t, 4, ims.ce, pr.ce) &&
    (!withValue || headWithin(t, 5, ims.v, pr.v))
  );
}

/** Every head to the paisa (the value only when the PR gives it). */
function docsEqual(ims: Doc, pr: Doc): boolean {
  return ims.t === pr.t && ims.ig === pr.ig && ims.cg === pr.cg && ims.sg === pr.sg && ims.ce === pr.ce && (!pr.hasValue || ims.v === pr.v);
}

function amountDistance(ims: readonly number[], pr: readonly number[], prHasValue: boolean): number {
  let d = 0;
  for (let h = 0; h < 5; h++) d += Math.abs((ims[h] as number) - (pr[h] as number));
  if (prHasValue) d += Math.abs((ims[5] as number) - (pr[5] as number));
  return d;
}

/** The date test of a rule; a PR document without a date passes a window only on a strong number. */
function datesAgree(rule: LinkRule, config: ReconcileConfig, ims: Doc, pr: Doc, level: number): boolean {
  if (ims.day === null || pr.day === null) return rule.date === "window" && level <= 2;
  const d = Math.abs(ims.day - pr.day);
  return rule.date === "same" ? d === 0 : d <= config.dateWindowDays;
}

/** 1 when the financial years (written in the number, else of the date) differ: a weaker pair. */
function fySoftPenalty(ims: Doc, pr: Doc): number {
  const imsFy = keysOf(ims).fy ?? ims.dateFy;
  const prFy = keysOf(pr).fy ?? pr.dateFy;
  return imsFy !== null && prFy !== null && imsFy !== prFy ? 1 : 0;
}

function comparePairs(s: State): (a: Pair, b: Pair) => number {
  return (a, b) =>
    a.level - b.level ||
    a.fyPenalty - b.fyPenalty ||
    a.amountDistance - b.amountDistance ||
    a.dayDistance - b.dayDistance ||
    a.clsPenalty - b.clsPenalty ||
    compareContent(s.pr[a.p] as Doc, s.pr[b.p] as Doc) ||
    compareContent(s.ims[a.i] as Doc, s.ims[b.i] as Doc) ||
    (s.pr[a.p] as Doc).firstRow - (s.pr[b.p] as Doc).firstRow ||
    a.i - b.i;
}

function byContent(docs: readonly Doc[]): (a: number, b: number) => number {
  return (a, b) => compareContent(docs[a] as Doc, docs[b] as Doc) || (docs[a] as Doc).firstRow - (docs[b] as Doc).firstRow || a - b;
}

// ---- one-to-one steps ------------------------------------------------------------------

/** The pair's number level when it passes the rule, else -1. */
function accept(s: State, rule: LinkRule, i: number, p: number): number {
  const ims = s.ims[i] as Doc;
  const pr = s.pr[p] as Doc;
  if (!compatible(ims.cls, pr.cls)) return -1;
  if (rule.level === "pan" && ims.gid === pr.gid) return -1;
  if (rule.number !== "identical" && fyConflict(keysOf(ims), keysOf(pr))) return -1;
  const level = numberLevel(ims, pr, s.config.exactIgnoresCase);
  if (!datesAgree(rule, s.config, ims, pr, level)) return -1;
  if (rule.amounts === "equal" && !docsEqual(ims, pr)) return -1;
  if (rule.amounts === "tolerance" && !docsAgree(s.tolerance, ims, pr)) return -1;
  return level;
}

function pairOf(s: State, i: number, p: number, level: number): Pair {
  const ims = s.ims[i] as Doc;
  const pr = s.pr[p] as Doc;
  return {
    i,
    p,
    level,
    fyPenalty: fySoftPenalty(ims, pr),
    amountDistance: amountDistance(amountsOf(ims), amountsOf(pr), pr.hasValue),
    dayDistance: ims.day === null || pr.day === null ? s.config.dateWindowDays + 1 : Math.abs(ims.day - pr.day),
    clsPenalty: pr.cls === null || pr.cls !== ims.cls ? 1 : 0,
  };
}

/** Candidate pairs found for one step, as parallel lists. */
class Candidates {
  readonly i: number[] = [];
  readonly p: number[] = [];
  readonly level: number[] = [];
  push(i: number, p: number, level: number): void {
    this.i.push(i);
    this.p.push(p);
    this.level.push(level);
  }
}

function runOneToOne(s: State, rule: LinkRule): void {
  const found = new Candidates();
  if (rule.number === "similar") {
    if (!s.config.similarity.enabled) return;
    collectSimilar(s, rule, found);
  } else if (rule.number === "identical") {
    const ic = s.config.exactIgnoresCase;
    for (let p = 0; p < s.pr.length; p++) {
      if (s.prLinked[p]) continue;
      const pr = s.pr[p] as Doc;
      const m = s.imsExact.group(pr.gid)?.[S_I];
      for (let e = s.imsExact.firstEntry(m, ic ? pr.raw.toUpperCase() : pr.raw); e >= 0; e = s.imsExact.prevEntry(e)) {
        const i = s.imsExact.docAt(e);
        if (s.imsLinked[i]) continue;
        const level = accept(s, rule, i, p);
        if (level >= 0) found.push(i, p, level);
      }
    }
  } else {
    const maxLevel = MAX_LEVEL[rule.number];
    for (let p = 0; p < s.pr.length; p++) {
      if (s.prLinked[p]) continue;
      const cands = s.candidatesOf(p, rule.level);
      for (let k = 0; k < cands.length; k++) {
        const i = cands[k] as number;
        if (s.imsLinked[i]) continue;
        const level = accept(s, rule, i, p);
        if (level >= 0 && level <= maxLevel) found.push(i, p, level);
      }
    }
  }
  linkGreedily(s, rule, found);
}

/** The loosest number level each test accepts (an amendment's original number adds 0.5). */
const MAX_LEVEL: Record<"normalised" | "serial", number> = { normalised: 2.5, serial: 3.5 };

/** Links each pair that is both sides' only candidate, then the contested ones best first. */
function linkGreedily(s: State, rule: LinkRule, found: Candidates): void {
  const { perIms, perPr } = s;
  const n = found.i.length;
  for (let k = 0; k < n; k++) {
    const i = found.i[k] as number;
    const p = found.p[k] as number;
    perIms[i] = (perIms[i] as number) + 1;
    perPr[p] = (perPr[p] as number) + 1;
  }
  const contested: Pair[] = [];
  for (let k = 0; k < n; k++) {
    const i = found.i[k] as number;
    const p = found.p[k] as number;
    if (perIms[i] === 1 && perPr[p] === 1) s.link([i], [p], rule);
    else if (!rule.onlyIfUnique) contested.push(pairOf(s, i, p, found.level[k] as number));
  }
  for (let k = 0; k < n; k++) {
    perIms[found.i[k] as number] = 0;
    perPr[found.p[k] as number] = 0;
  }
  contested.sort(comparePairs(s));
  for (const x of contested) {
    if (s.imsLinked[x.i] || s.prLinked[x.p]) continue;
    s.link([x.i], [x.p], rule);
  }
}

/** The indices whose flag is not set. */
function unlinked(linked: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < linked.length; i++) if (!linked[i]) out.push(i);
  return out;
}

/** Unlinked IMS documents per GSTIN, by date: the pool for similar numbers and clubbing. */
function byGstinAndDay(s: State): (number[] | undefined)[] {
  const out: (number[] | undefined)[] = [];
  for (let i = 0; i < s.ims.length; i++) {
    if (s.imsLinked[i]) continue;
    const g = (s.ims[i] as Doc).gid;
    const list = out[g];
    if (list) list.push(i);
    else out[g] = [i];
  }
  const order = byContent(s.ims);
  for (const list of out) if (list) list.sort((a, b) => ((s.ims[a] as Doc).day ?? 0) - ((s.ims[b] as Doc).day ?? 0) || order(a, b));
  return out;
}

/** The unlinked IMS documents of `list` dated within `days` of `day`. */
function inWindow(s: State, list: readonly number[], day: number, days: number): number[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (((s.ims[list[mid] as number] as Doc).day ?? 0) < day - days) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  for (let k = lo; k < list.length; k++) {
    const i = list[k] as number;
    if (((s.ims[i] as Doc).day ?? 0) > day + days) break;
    if (!s.imsLinked[i]) out.push(i);
  }
  return out;
}

/** Two strings the same but for two neighbouring characters swapped ("1270" for "1720"). */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let k = 0;
  while (k < a.length && a.charCodeAt(k) === b.charCodeAt(k)) k++;
  if (k >= a.length - 1) return false;
  if (a.charCodeAt(k) !== b.charCodeAt(k + 1) || a.charCodeAt(k + 1) !== b.charCodeAt(k)) return false;
  return a.slice(k + 2) === b.slice(k + 2);
}

function similarNumbers(s: State, a: string, b: string): boolean {
  const { maxEdits, minLength, transpositionsOnly } = s.config.similarity;
  if (a.length < minLength || b.length < minLength || a === b) return false;
  return transpositionsOnly ? isTransposition(a, b) : editDistance(a, b, maxEdits) <= maxEdits;
}

function collectSimilar(s: State, rule: LinkRule, found: Candidates): void {
  const pool = byGstinAndDay(s);
  for (let p = 0; p < s.pr.length; p++) {
    if (s.prLinked[p]) continue;
    const pr = s.pr[p] as Doc;
    const list = pool[pr.gid];
    if (!list || pr.day === null) continue;
    for (const i of inWindow(s, list, pr.day, s.config.dateWindowDays)) {
      const ims = s.ims[i] as Doc;
      if (!docsEqual(ims, pr)) continue;
      if (!similarNumbers(s, keysOf(ims).norm, keysOf(pr).norm)) continue;
      const level = accept(s, rule, i, p);
      if (level >= 0) found.push(i, p, level);
    }
  }
}

// ---- subsets: split and clubbed ----------------------------------------------------------

/**
 * The subset of `candidates` (from `minSize` to `maxSize` of them) whose sum, with `extra`
 * added, agrees best with `target` within tolerance (closest first, then fewest); null when none
 * does. The target is one document of side `targetSide`; the candidates are of the other side.
 */
function bestSubset(
  s: State,
  candidates: readonly number[],
  docs: readonly Doc[],
  target: Doc,
  targetSide: "ims" | "pr",
  minSize: number,
  maxSize: number,
  extra: readonly number[] | null,
): number[] | null {
  const search = new SubsetSearch(s, candidates, docs, target, targetSide, minSize, maxSize, extra);
  search.visit(0);
  return search.best;
}

class SubsetSearch {
  best: number[] | null = null;
  private bestDistance = Infinity;
  private readonly chosen: number[] = [];
  private readonly sum: number[];
  private readonly n: number;
  private readonly taxableCeiling: number;
  private readonly targetAmounts: number[];

  constructor(
    private readonly s: State,
    private readonly candidates: readonly number[],
    private readonly docs: readonly Doc[],
    private readonly target: Doc,
    private readonly targetSide: "ims" | "pr",
    private readonly minSize: number,
    private readonly maxSize: number,
    private readonly extra: readonly number[] | null,
  ) {
    this.sum = extra ? [...extra] : [0, 0, 0, 0, 0, 0];
    this.n = Math.min(candidates.length, 14);
    const tol = s.config.tolerances.taxableValue;
    this.taxableCeiling = target.t + tol.paise * (maxSize + 1) + Math.floor((tol.percent * target.t) / 100);
    this.targetAmounts = amountsOf(target);
  }

  visit(start: number): void {
    const { chosen, sum } = this;
    if (chosen.length >= this.minSize) this.consider();
    if (chosen.length >= this.maxSize) return;
    for (let k = start; k < this.n; k++) {
      const c = this.candidates[k] as number;
      const d = this.docs[c] as Doc;
      // Amounts only add up: a candidate past the target's taxable value cannot be part of it.
      if ((sum[0] as number) + d.t > this.taxableCeiling) continue;
      const amounts = amountsOf(d);
      chosen.push(c);
      for (let h = 0; h < 6; h++) sum[h] = (sum[h] as number) + (amounts[h] as number);
      this.visit(k + 1);
      for (let h = 0; h < 6; h++) sum[h] = (sum[h] as number) - (amounts[h] as number);
      chosen.pop();
    }
  }

  private consider(): void {
    const { chosen, sum, target } = this;
    const k = chosen.length + (this.extra ? 1 : 0);
    const prHasValue = this.targetSide === "pr" ? target.hasValue : chosen.every((c) => (this.docs[c] as Doc).hasValue);
    const imsSide = this.targetSide === "ims" ? this.targetAmounts : sum;
    const prSide = this.targetSide === "ims" ? sum : this.targetAmounts;
    if (!amountsAgree(this.s.config, imsSide, prSide, prHasValue, k)) return;
    const d = amountDistance(imsSide, prSide, prHasValue);
    if (this.best === null || d < this.bestDistance || (d === this.bestDistance && chosen.length < this.best.length)) {
      this.best = [...chosen];
      this.bestDistance = d;
    }
  }
}

/**
 * The unlinked IMS documents a PR line's number meets at GSTIN level: the cached candidates
 * (compact, normalised or serial), and for a line like "INV-123/2" those whose number is its stem.
 */
function numberMatesOf(s: State, p: number): readonly number[] {
  const cands = s.candidatesOf(p, "gstin");
  const stem = keysOf(s.pr[p] as Doc).stem;
  if (stem === null) return cands;
  const index = s.imsIndex();
  const m = index.group((s.pr[p] as Doc).gid)?.[S_N];
  const out = [...cands];
  for (let e = index.firstEntry(m, stem); e >= 0; e = index.prevEntry(e)) {
    const i = index.docAt(e);
    if (!out.includes(i)) out.push(i);
  }
  return out;
}

/** One IMS document booked over several PR lines that carry its number (or it and a suffix). */
function runSplit(s: State, rule: LinkRule): void {
  if (s.config.maxSplit < 2) return;
  // The PR lines each unlinked IMS document's number meets, from the lines' side.
  const linesOf = new Map<number, number[]>();
  for (let p = 0; p < s.pr.length; p++) {
    if (s.prLinked[p]) continue;
    const mates = numberMatesOf(s, p);
    for (let k = 0; k < mates.length; k++) {
      const i = mates[k] as number;
      if (s.imsLinked[i]) continue;
      const list = linesOf.get(i);
      if (list) list.push(p);
      else linesOf.set(i, [p]);
    }
  }
  const order = [...linesOf.keys()].filter((i) => (linesOf.get(i) as number[]).length >= 2).sort(byContent(s.ims));
  const prOrder = byContent(s.pr);
  for (const i of order) {
    const ims = s.ims[i] as Doc;
    const cands = (linesOf.get(i) as number[]).filter((p) => {
      if (s.prLinked[p]) return false;
      const pr = s.pr[p] as Doc;
      if (!compatible(ims.cls, pr.cls) || fyConflict(keysOf(ims), keysOf(pr))) return false;
      return datesAgree(rule, s.config, ims, pr, numberLevel(ims, pr, false));
    });
    if (cands.length < 2) continue;
    cands.sort(prOrder);
    const subset = bestSubset(s, cands, s.pr, ims, "ims", 2, s.config.maxSplit, null);
    if (subset) s.link([i], [...subset].sort((a, b) => (s.pr[a] as Doc).firstRow - (s.pr[b] as Doc).firstRow), rule);
  }
}

/** Documents clubbed in a line may be dated further apart than the window. */
const CLUB_POOL_DAYS = 31;
const CLUB_POOL_MAX = 14;

/** Several IMS documents of a supplier booked as one PR line carrying one (or each) of their numbers. */
function runClubbed(s: State, rule: LinkRule): void {
  if (s.config.maxClubbed < 2) return;
  const pool = byGstinAndDay(s);
  const imsIndex = s.imsIndex();
  const imsOrder = byContent(s.ims);
  const order = unlinked(s.prLinked).sort(byContent(s.pr));
  const stamp = new Int32Array(s.ims.length).fill(-1);
  for (const p of order) {
    const pr = s.pr[p] as Doc;
    const maps = imsIndex.group(pr.gid);
    if (!maps) continue;
    const parts = splitNumberList(pr.raw);
    const anchors: number[] = [];
    const fits = (keys: NumberKeys) => (i: number): boolean => {
      if (s.imsLinked[i]) return false;
      const ims = s.ims[i] as Doc;
      if (!compatible(ims.cls, pr.cls) || fyConflict(keysOf(ims), keys)) return false;
      return datesAgree(rule, s.config, ims, pr, numberLevel(ims, pr, false));
    };
    if (parts.length > 1) {
      for (const keys of parts.map((n) => numberKeys(n, pr.dateFy))) imsIndex.collect(maps, keys, FAMILIES_OF.serial, anchors, stamp, p, fits(keys));
    } else {
      const fitsLine = fits(keysOf(pr));
      for (const i of s.candidatesOf(p, "gstin")) if (fitsLine(i)) anchors.push(i);
    }
    if (anchors.length === 0) continue;
    anchors.sort(imsOrder);
    // A line naming several numbers: its documents add up to it.
    if (parts.length > 1 && anchors.length >= 2) {
      const subset = bestSubset(s, anchors, s.ims, pr, "pr", 2, s.config.maxClubbed, null);
      if (subset) {
        s.link([...subset].sort((a, b) => a - b), [p], rule);
        continue;
      }
    }
    // One number: that document, and others of the supplier dated near the line.
    const list = pool[pr.gid];
    if (!list) continue;
    for (const a of anchors) {
      const anchor = s.ims[a] as Doc;
      if (pr.t - anchor.t <= 0) continue;
      const centre = pr.day ?? anchor.day;
      if (centre === null) continue;
      const near = inWindow(s, list, centre, Math.max(s.config.dateWindowDays, CLUB_POOL_DAYS))
        .filter((i) => i !== a && compatible((s.ims[i] as Doc).cls, pr.cls) && !fyConflict(keysOf(s.ims[i] as Doc), keysOf(pr)))
        .sort((x, y) => Math.abs(((s.ims[x] as Doc).day ?? 0) - centre) - Math.abs(((s.ims[y] as Doc).day ?? 0) - centre) || imsOrder(x, y))
        .slice(0, CLUB_POOL_MAX);
      if (near.length === 0) continue;
      const subset = bestSubset(s, near, s.ims, pr, "pr", 1, s.config.maxClubbed - 1, amountsOf(anchor));
      if (subset) {
        s.link([a, ...subset].sort((x, y) => x - y), [p], rule);
        break;
      }
    }
  }
}

// ---- duplicates ------------------------------------------------------------------------

/** A PR line repeating a linked line, or an earlier unlinked one: flagged, never linked. */
function runDuplicates(s: State): void {
  const prNorms = s.prNormIndex();
  const order = unlinked(s.prLinked).sort((a, b) => (s.pr[a] as Doc).firstRow - (s.pr[b] as Doc).firstRow || a - b);
  for (const p of order) {
    const d = s.pr[p] as Doc;
    const maps = prNorms.group(d.gid) ?? [];
    let of = -1;
    const consider = (q: number): void => {
      if (of >= 0 || q === p) return;
      const other = s.pr[q] as Doc;
      const li = s.prLink[q] as number;
      if (li >= 0 && s.links[li]?.duplicateOf !== undefined) return;
      if (li < 0 && !(other.firstRow < d.firstRow)) return;
      if (other.cls !== d.cls || fyConflict(keysOf(other), keysOf(d))) return;
      if ((other.day === null) !== (d.day === null)) return;
      if (other.day !== null && d.day !== null && Math.abs(other.day - d.day) > s.config.dateWindowDays) return;
      if (!docsAgree(s.tolerance, other, d, d.hasValue && other.hasValue)) return;
      of = q;
    };
    prNorms.each(maps[S_N], keysOf(d).norm, consider);
    // The line it repeats may have been linked as written: find it through its IMS document.
    if (of < 0) {
      s.imsExact.each(s.imsExact.group(d.gid)?.[S_I], s.config.exactIgnoresCase ? d.raw.toUpperCase() : d.raw, (i) => {
        const li = s.imsLink[i] as number;
        const link = li >= 0 ? s.links[li] : undefined;
        if (link?.rule?.number === "identical") for (const q of link.pr) consider(q);
      });
    }
    if (of >= 0) s.flagDuplicate(p, of);
  }
}

const CATEGORY_NUMBER: Readonly<Record<Category, number>> = { exact: 0, suggested: 1, mismatch: 2, missing_in_pr: 3, missing_in_ims: 4, duplicate: 5 };
const NONE: readonly never[] = Object.freeze([]);
const EXACT: Assessment = Object.freeze({ category: "exact" as Category, reasons: NONE, differences: NONE });

// ---- the whole ---------------------------------------------------------------------------

/**
 * Reconciles IMS records with purchase-register lines. Lines that are not `usable` (a fatal
 * problem) come back as "missing_in_ims" entries with an "unreadable" reason naming the field.
 */
export function reconcile(ims: readonly ImsRecord[], pr: readonly PrLine[], configInput: ReconcileConfigInput | ReconcileConfig = {}): Reconciliation {
  const config = resolveConfig(configInput);
  const imsDocs = ims.map(imsDoc);
  const usable: number[] = [];
  const unreadable: number[] = [];
  pr.forEach((l, i) => (l.usable ? usable : unreadable).push(i));
  const docs = prDocs(pr, usable, config);
  internSuppliers(imsDocs, docs);
  const s = new State(imsDocs, docs, config);

  for (const step of RULES) {
    if (step.kind === "duplicates") runDuplicates(s);
    else if (step.shape === "one-to-one") runOneToOne(s, step);
    else if (step.shape === "split") runSplit(s, step);
    else runClubbed(s, step);
  }

  const links: ReconLink[] = [];
  const rowsOf = (docIdx: readonly number[]): number[] => {
    if (docIdx.length === 1) return (docs[docIdx[0] as number] as Doc).members;
    return docIdx.flatMap((p) => (docs[p] as Doc).members).sort((a, b) => (pr[a] as PrLine).dataRow - (pr[b] as PrLine).dataRow);
  };
  // Suggestions depend on the category and the record's flags (and a mismatch's reasons): share them.
  const memo = new Map<number, SuggestedAction | null>();
  const suggestion = (category: Category, record: ImsRecord, reasons: readonly Reason[]): SuggestedAction | null => {
    if (category === "mismatch") return suggestFor(category, record, reasons, config);
    const key = CATEGORY_NUMBER[category] * 8 + (record.supplierFiled ? 4 : 0) + (record.pendingBlocked ? 2 : 0) + (record.remarksBlocked ? 1 : 0);
    let out = memo.get(key);
    if (out === undefined) {
      out = suggestFor(category, record, reasons, config);
      if (out) Object.freeze(out);
      memo.set(key, out);
    }
    return out;
  };
  const singles = new Map<SuggestedAction | null, readonly (SuggestedAction | null)[]>();
  const single = (category: Category, record: ImsRecord, reasons: readonly Reason[]): readonly (SuggestedAction | null)[] => {
    const one = suggestion(category, record, reasons);
    if (category === "mismatch") return [one];
    let list = singles.get(one);
    if (!list) {
      list = Object.freeze([one]);
      singles.set(one, list);
    }
    return list;
  };
  for (let li = 0; li < s.links.length; li++) {
    const l = s.links[li] as RawLink;
    if (l.duplicateOf !== undefined) {
      const of = docs[l.duplicateOf] as Doc;
      const ofRow = (pr[of.members[0] as number] as PrLine).dataRow;
      links.push({ category: "duplicate", ims: NONE, pr: rowsOf(l.pr), rule: "duplicates", reasons: [{ code: "duplicate", text: `duplicate of PR row ${ofRow}`, ofRow }], differences: NONE, suggestions: NONE });
      continue;
    }
    const rule = l.rule as LinkRule;
    // The exact rule's own conditions leave nothing to report.
    const { category, reasons, differences } =
      rule.id === "exact" && l.ims.length === 1 && l.pr.length === 1 ? EXACT : assess(config, l.ims.map((i) => imsDocs[i] as Doc), l.pr.map((p) => docs[p] as Doc), rule.shape);
    const imsIdx = l.ims.length === 1 ? l.ims : [...l.ims].sort((a, b) => a - b);
    const suggestions = imsIdx.length === 1 ? single(category, ims[imsIdx[0] as number] as ImsRecord, reasons) : imsIdx.map((i) => suggestion(category, ims[i] as ImsRecord, reasons));
    links.push({ category, ims: imsIdx, pr: rowsOf(l.pr), rule: rule.id, reasons: reasons.length === 0 ? NONE : reasons, differences: differences.length === 0 ? NONE : differences, suggestions });
  }
  for (let i = 0; i < imsDocs.length; i++) {
    if (s.imsLinked[i]) continue;
    links.push({ category: "missing_in_pr", ims: [i], pr: NONE, rule: null, reasons: NONE, differences: NONE, suggestions: single("missing_in_pr", ims[i] as ImsRecord, NONE) });
  }
  for (let p = 0; p < docs.length; p++) {
    if (s.prLinked[p]) continue;
    links.push({ category: "missing_in_ims", ims: NONE, pr: rowsOf([p]), rule: null, reasons: NONE, differences: NONE, suggestions: NONE });
  }
  for (const u of unreadable) {
    const line = pr[u] as PrLine;
    links.push({
      category: "missing_in_ims",
      ims: NONE,
      pr: [u],
      rule: null,
      reasons: line.problems.filter((x) => x.fatal).map((x) => ({ code: "unreadable" as const, text: `unreadable: ${x.message}` })),
      differences: NONE,
      suggestions: NONE,
    });
  }
  const counts: Record<Category, number> = { exact: 0, suggested: 0, mismatch: 0, missing_in_pr: 0, missing_in_ims: 0, duplicate: 0 };
  for (let k = 0; k < links.length; k++) counts[(links[k] as ReconLink).category]++;
  return { links, counts, config };
}
