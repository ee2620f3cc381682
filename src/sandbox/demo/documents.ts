/**
 * Document numbers as suppliers really print them, and their numbering: every supplier has
 * its own invoice, credit-note and debit-note series, numbered in date order with the gaps
 * that its other customers' documents leave. A series whose format carries the financial
 * year restarts at 1 each April; the others run on from the day GST began.
 *
 * Every number fits GSTN's pattern ^(?=.{1,16}$)([/\-0]*[a-zA-Z0-9/\-]*[a-zA-Z1-9]+[a-zA-Z0-9/\-]*)$:
 * only letters, digits, '/' and '-', at most 16 characters, and a number of at least 1.
 */
import { GST_EPOCH_DAY, type MonthInfo } from "./calendar";
import type { Rng } from "./prng";

export const MAX_DOC_NUMBER_LENGTH = 16;

const LITERAL = 0;
const NUMBER = 1;
const FY4 = 2; // 2526
const FY2D = 3; // 25-26
const YY = 4; // 25

interface Token {
  kind: number;
  text: string;
  pad: number;
}

export interface DocFormat {
  template: string;
  tokens: readonly Token[];
  /** No financial-year token: numbering never restarts. */
  continuous: boolean;
  /** Characters besides the number. */
  fixedLength: number;
  pad: number;
}

/** Invoice series formats (weights: how common they are). */
export const INVOICE_TEMPLATES: readonly (readonly [string, number])[] = [
  ["INV/{FY4}/{N5}", 8],
  ["INV-{N}", 5],
  ["SI-{N5}", 4],
  ["SI/{FY2D}/{N4}", 5],
  ["TI/{N4}/{FY2D}", 4],
  ["{N5}", 5],
  ["{N}/{FY2D}", 7],
  ["{N}", 8],
  ["{ABBR}/{FY4}/{N4}", 6],
  ["{ABBR}{FY4}{N5}", 4],
  ["{ABBR}/{N}/{FY2D}", 6],
  ["{ABBR}-{N5}", 4],
  ["GST/{FY2D}/{N4}", 4],
  ["{ST}/{FY4}/{N5}", 3],
  ["INV{FY4}{N5}", 4],
  ["TAX/{N}/{FY2D}", 2],
  ["{FY4}/{N5}", 3],
  ["B/{N}/{FY2D}", 2],
  ["{N4}/{FY2D}", 4],
  ["{ABBR}/{N4}", 3],
];

/** Credit-note and debit-note formats, pairwise alike (a supplier uses the same style for both). */
export const NOTE_TEMPLATES: readonly (readonly [string, string, number])[] = [
  ["CN/{FY2D}/{N3}", "DN/{FY2D}/{N3}", 8],
  ["CN-{N4}", "DN-{N4}", 8],
  ["CRN/{FY4}/{N4}", "DBN/{FY4}/{N4}", 4],
  ["{ABBR}/CN/{N4}", "{ABBR}/DN/{N4}", 4],
  ["CN{FY4}{N4}", "DN{FY4}{N4}", 3],
  ["C/{N}/{FY2D}", "D/{N}/{FY2D}", 3],
  ["SR/{FY2D}/{N3}", "DR/{FY2D}/{N3}", 2],
  ["CN/{N}", "DN/{N}", 4],
  ["CN/{N4}/{FY2D}", "DN/{N4}/{FY2D}", 4],
];

const TOKEN_SHAPE = /\{([A-Z][A-Z0-9]*)\}/g;

/** Parses a template once per series; {ABBR} and {ST} become literals. */
export function parseFormat(template: string, abbr: string, stateAbbr: string): DocFormat {
  const tokens: Token[] = [];
  let last = 0;
  let pad = 0;
  const literal = (text: string): void => {
    if (text.length === 0) return;
    const prev = tokens[tokens.length - 1];
    if (prev && prev.kind === LITERAL) prev.text += text;
    else tokens.push({ kind: LITERAL, text, pad: 0 });
  };
  for (const m of template.matchAll(TOKEN_SHAPE)) {
    literal(template.slice(last, m.index));
    last = m.index + m[0].length;
    const name = m[1] ?? "";
    if (name.startsWith("N") && /^N\d*$/.test(name)) {
      pad = name.length > 1 ? Number(name.slice(1)) : 0;
      tokens.push({ kind: NUMBER, text: "", pad });
    } else if (name === "FY4") tokens.push({ kind: FY4, text: "", pad: 0 });
    else if (name === "FY2D") tokens.push({ kind: FY2D, text: "", pad: 0 });
    else if (name === "YY") tokens.push({ kind: YY, text: "", pad: 0 });
    else if (name === "ABBR") literal(abbr);
    else if (name === "ST") literal(stateAbbr);
    else throw new Error(`Unknown document-number token ${m[0]} in ${template}`);
  }
  literal(template.slice(last));
  if (!tokens.some((t) => t.kind === NUMBER)) throw new Error(`Template without a number: ${template}`);
  let fixedLength = 0;
  let continuous = true;
  for (const t of tokens) {
    if (t.kind === LITERAL) fixedLength += t.text.length;
    else if (t.kind === FY4) fixedLength += 4;
    else if (t.kind === FY2D) fixedLength += 5;
    else if (t.kind === YY) fixedLength += 2;
    if (t.kind === FY4 || t.kind === FY2D || t.kind === YY) continuous = false;
  }
  return { template, tokens, continuous, fixedLength, pad };
}

/** The letters of a format's prefix, the year (if the series has one) and the bare number: "SBST/{N}/{FY2D}" → "SBST{FY4}{N}". */
function compactFormat(f: DocFormat, digits: number): DocFormat {
  const first = f.tokens[0];
  const letters = first && first.kind === LITERAL ? first.text.replace(/[^A-Za-z]/g, "").slice(0, 4) : "";
  const year = f.continuous ? "" : "{FY4}";
  const withPrefix = `${letters}${year}{N}`;
  const fits = letters.length + (f.continuous ? 0 : 4) + digits <= MAX_DOC_NUMBER_LENGTH;
  return parseFormat(fits ? withPrefix : `${year}{N}`, "", "");
}

function yy(year: number): string {
  const v = year % 100;
  return v < 10 ? `0${v}` : String(v);
}

function render(format: DocFormat, n: number, fyStartYear: number): string {
  let out = "";
  const tokens = format.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    switch (t.kind) {
      case LITERAL:
        out += t.text;
        break;
      case NUMBER:
        out += t.pad > 0 ? String(n).padStart(t.pad, "0") : String(n);
        break;
      case FY4:
        out += yy(fyStartYear) + yy(fyStartYear + 1);
        break;
      case FY2D:
        out += `${yy(fyStartYear)}-${yy(fyStartYear + 1)}`;
        break;
      default:
        out += yy(fyStartYear);
    }
  }
  return out;
}

interface Series {
  format: DocFormat;
  /** Documents a day the supplier issues to all its customers. */
  baseRate: number;
  /** Offset of a continuous series (numbers issued before). */
  offset: number;
}

const DOC_ID_BITS = 2_097_152; // 2^21
const DAY_SPAN = 65_536;

/**
 * The documents of all demo suppliers. Documents are registered during planning (records,
 * amended originals that are no longer in IMS, added-back entries); `assign` then numbers
 * every series in date order.
 */
export class DocBook {
  private readonly series: Series[] = [];
  private readonly docSeries: number[] = [];
  private readonly docDay: number[] = [];
  private readonly docFyStartYear: number[] = [];
  private readonly docFyStartDay: number[] = [];
  private numbers: string[] = [];
  private assigned = false;

  addSeries(format: DocFormat, baseRate: number, offset: number): number {
    if (this.series.length >= DAY_SPAN) throw new Error("Too many document series");
    this.series.push({ format, baseRate, offset });
    return this.series.length - 1;
  }

  /** Registers a document of a series dated `day` of a month; returns its id. */
  add(seriesId: number, month: MonthInfo, day: number): number {
    if (this.assigned) throw new Error("Documents are already numbered");
    const id = this.docSeries.length;
    if (id >= DOC_ID_BITS) throw new Error("Too many documents");
    this.docSeries.push(seriesId);
    this.docDay.push(month.firstEpochDay + day - 1);
    this.docFyStartYear.push(month.fyStartYear);
    this.docFyStartDay.push(month.fyStartEpochDay);
    return id;
  }

  get size(): number {
    return this.docSeries.length;
  }

  /** Numbers every document: increasing with date within each series, gaps for other customers. */
  assign(rng: Rng): void {
    const count = this.docSeries.length;
    const perSeries = new Float64Array(this.series.length);
    let minDay = Infinity;
    for (let i = 0; i < count; i++) {
      const s = this.docSeries[i] as number;
      perSeries[s] = (perSeries[s] as number) + 1;
      minDay = Math.min(minDay, this.docDay[i] as number);
    }
    const rates = new Float64Array(this.series.length);
    for (let s = 0; s < this.series.length; s++) {
      const series = this.series[s] as Series;
      // Most of a series' documents to a recipient fall in one month: leave room for them.
      rates[s] = series.baseRate + ((perSeries[s] as number) * 1.15) / 28;
    }
    const keys = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const dayOffset = (this.docDay[i] as number) - minDay;
      if (dayOffset >= DAY_SPAN) throw new Error("Document dates span too long a time");
      keys[i] = ((this.docSeries[i] as number) * DAY_SPAN + dayOffset) * DOC_ID_BITS + i;
    }
    keys.sort();
    const values = new Float64Array(count);
    const maxValue = new Float64Array(this.series.length);
    let currentSeries = -1;
    let prev = 0;
    let prevFy = -1;
    for (let k = 0; k < count; k++) {
      const id = (keys[k] as number) % DOC_ID_BITS;
      const s = this.docSeries[id] as number;
      const series = this.series[s] as Series;
      const rate = rates[s] as number;
      const day = this.docDay[id] as number;
      if (s !== currentSeries) {
        currentSeries = s;
        prev = 0;
        prevFy = -1;
      }
      let target: number;
      if (series.format.continuous) {
        target = series.offset + 1 + Math.floor((day - GST_EPOCH_DAY + rng.next()) * rate);
      } else {
        const fy = this.docFyStartYear[id] as number;
        if (fy !== prevFy) {
          prevFy = fy;
          prev = 0;
        }
        target = 1 + Math.floor((day - (this.docFyStartDay[id] as number) + rng.next()) * rate);
      }
      const n = target > prev ? target : prev + 1;
      prev = n;
      values[id] = n;
      if (n > (maxValue[s] as number)) maxValue[s] = n;
    }
    // A series whose numbers outgrew its format switches to a compact one of the same kind.
    const formats: DocFormat[] = this.series.map((series, s) => {
      const f = series.format;
      const digits = String(maxValue[s] as number).length;
      if (f.fixedLength + Math.max(f.pad, digits) <= MAX_DOC_NUMBER_LENGTH) return f;
      return compactFormat(f, digits);
    });
    const numbers = new Array<string>(count);
    for (let i = 0; i < count; i++) {
      numbers[i] = render(formats[this.docSeries[i] as number] as DocFormat, values[i] as number, this.docFyStartYear[i] as number);
    }
    this.numbers = numbers;
    this.assigned = true;
  }

  docNum(id: number): string {
    const n = this.numbers[id];
    if (n === undefined) throw new Error(`Document ${id} has no number (assign first)`);
    return n;
  }
}
