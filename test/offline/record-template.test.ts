/**
 * Keeping a file's record texts as skeletons (record-template.ts): every record of a download,
 * in every documented variant, comes back byte for byte from what a row holds; a record that
 * changed since, or was never in the file, never does.
 */
import fc from "fast-check";
import { buildUploadFile, parseImsDownload, type DownloadedRecord, type ImsDownload, type UploadIntent } from "../../src/ims/offline";
import type { RuleContext } from "../../src/ims/portal-rules";
import { imsRecordKey, type ImsRecord } from "../../src/ims/records";
import { decodeDigests, encodeDigests, keepFileTexts, KeptTexts, type FileRecord } from "../../src/ims/offline/record-template";
import type { SectionCode } from "../../src/ims/sections";
import { specArb, variantArb } from "./fixtures/arbitraries";
import { asRendered } from "./fixtures/rendered";
import { downloadText, RECIPIENT, sampleSpecs, spec, SUPPLIERS, type Variant, type WireSpec } from "./fixtures/builders";

function parsed(text: string): ImsDownload {
  const r = parseImsDownload(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function fileRecords(download: ImsDownload): FileRecord[] {
  return download.records.map((d: DownloadedRecord) => ({ key: d.key, sectionKey: d.sectionKey, record: d.record, raw: d.raw, ...(d.tradeName !== undefined ? { tradeName: d.tradeName } : {}) }));
}

interface Kept {
  kept: KeptTexts;
  /** The records kept verbatim, by key. */
  verbatimTexts: Map<string, string>;
  verbatim: number;
  skeletons: number;
  json: string;
}

/** Kept, stored as the workbook stores it (JSON), and read back. */
function keptOf(download: ImsDownload): Kept {
  const data = keepFileTexts(fileRecords(download));
  const json = JSON.stringify(data);
  const verbatimTexts = new Map(data.verbatim.map(([key, , raw]) => [key, raw]));
  return { kept: new KeptTexts(JSON.parse(json)), verbatimTexts, verbatim: data.verbatim.length, skeletons: data.skeletons.length, json };
}

/** The record's text as kept: verbatim, or rendered (given as the file's text when it is that text as a rendering shows it). */
function textBack({ kept, verbatimTexts }: Kept, d: DownloadedRecord): string | null {
  const verbatim = verbatimTexts.get(d.key);
  if (verbatim !== undefined) return verbatim;
  const t = kept.textOf(d.record);
  if (!t.ok) return null;
  return t.raw === asRendered(d.raw) ? d.raw : t.raw;
}

const VARIANTS: [string, Variant][] = [
  ["compact, as the portal writes it", {}],
  ["pretty", { layout: "pretty" }],
  ["CRLF, BOM, MM periods, fixed amounts, boolean flags, upper-case filing, eco keys", { layout: "crlf", bom: true, rtnprd: "MM", amounts: "fixed2", flags: "boolean", filing: "upper", sectionKeys: "eco" }],
  ["tabs, numeric periods, amounts as text, lower-case flags, letter filing", { layout: "tabs", rtnprd: "number", amounts: "string", flags: "lower", filing: "letter" }],
  ["spaced, data envelope, upper-case section keys", { layout: "spaced", envelope: "data", sectionKeys: "upper" }],
];

describe("every record comes back exactly", () => {
  test.each(VARIANTS)("%s", (_name, variant) => {
    const download = parsed(downloadText(sampleSpecs(), variant));
    const held = keptOf(download);
    const { kept, verbatim } = held;
    expect(download.records.length).toBeGreaterThan(10);
    for (const d of download.records) {
      expect(textBack(held, d)).toBe(d.raw);
      if (!held.verbatimTexts.has(d.key)) expect(kept.textOf(d.record)).toEqual({ ok: true, raw: asRendered(d.raw), sectionKey: d.sectionKey });
    }
    expect(verbatim).toBe(0);
  });

  test("a large regular file keeps a few skeletons and under 10 bytes a record", () => {
    const specs: WireSpec[] = [];
    const sections: SectionCode[] = ["B2B", "B2BA", "CN", "CNA", "DN", "DNA", "ECOM", "ECOMA"];
    for (let i = 0; i < 4000; i++) specs.push(spec(sections[i % sections.length] as SectionCode, i, { hash: (i * 2654435761).toString(16).padStart(64, "0") }));
    const download = parsed(downloadText(specs));
    const held = keptOf(download);
    const { verbatim, skeletons, json } = held;
    expect(verbatim).toBe(0);
    expect(skeletons).toBeLessThan(40);
    expect(json.length / specs.length).toBeLessThan(10);
    for (const d of download.records) expect(textBack(held, d)).toBe(d.raw);
  });

  test("a record spelled unlike the others of its kind gets a skeleton of its own; past 16 kinds, records are kept verbatim", () => {
    // Same section, flags and source form: one selector. Each record spaced its own way after "pos".
    const specs = Array.from({ length: 20 }, (_, i) => spec("B2B", 1 + 4 * i));
    let text = downloadText(specs);
    specs.forEach((s, i) => {
      const at = text.indexOf('"pos":"27"', text.indexOf(`"${s.docNumber}"`));
      text = `${text.slice(0, at)}"pos":${" ".repeat(i)}"27"${text.slice(at + '"pos":"27"'.length)}`;
    });
    const download = parsed(text);
    const held = keptOf(download);
    const { verbatim, skeletons } = held;
    expect(skeletons).toBe(16);
    expect(verbatim).toBe(4);
    expect(held.verbatimTexts.get((download.records[19] as DownloadedRecord).key)).toContain(`"pos":${" ".repeat(19)}"27"`);
    for (const d of download.records) expect(textBack(held, d)).toBe(d.raw);
  });

  test("unknown members and a trade name with quotes are echoed", () => {
    const specs = [spec("B2B", 1, { extra: [["zExtra", '{"a":[1,2.50,"x"]}']] }), spec("B2B", 4, { tradenm: 'Rupa "Star" Agencies' }), spec("B2B", 10)];
    const download = parsed(downloadText(specs));
    const held = keptOf(download);
    for (const d of download.records) expect(textBack(held, d)).toBe(d.raw);
  });
});

describe("a record that is not as the file had it is refused", () => {
  const download = parsed(downloadText(sampleSpecs()));
  const { kept } = keptOf(download);
  const b2b = download.records.find((d) => d.record.section === "B2B" && d.record.action === "N") as DownloadedRecord;

  test.each([
    ["other figures (a later pull)", { taxableValue: b2b.record.taxableValue + 100 }],
    ["another version on the portal", { hash: "0f".repeat(32) }],
    ["another document number (never in the file)", { docNumber: "INV/NEW/1" }],
    ["another supplier", { supplierGstin: SUPPLIERS[5] }],
  ])("%s", (_name, change) => {
    expect(kept.textOf({ ...b2b.record, ...change })).toEqual({ ok: false, reason: "changed" });
  });

  test("a record of a kind the file did not have", () => {
    expect(kept.textOf({ ...b2b.record, sourceForm: "R5" })).toEqual({ ok: false, reason: "not-kept" });
    const noEcomaKept = keptOf(parsed(downloadText([spec("B2B", 1)]))).kept;
    const ecoma = download.records.find((d) => d.record.section === "ECOMA") as DownloadedRecord;
    expect(noEcomaKept.textOf(ecoma.record)).toEqual({ ok: false, reason: "not-kept" });
  });
});

test("digests survive their encoding, duplicates and extremes included", () => {
  fc.assert(
    fc.property(fc.array(fc.maxSafeNat().map((n) => n % 2 ** 48), { maxLength: 300 }), (values) => {
      const top = 2 ** 48 - 1;
      const expected = [...new Set([...values, 0, top])].sort((a, b) => a - b);
      expect(decodeDigests(encodeDigests([...values, 0, top, ...values]))).toEqual(expected);
    }),
  );
  expect(decodeDigests(encodeDigests([]))).toEqual([]);
});

test("property: any download in any variant, every record comes back exactly from its record", () => {
  fc.assert(
    fc.property(fc.uniqueArray(specArb, { minLength: 1, maxLength: 12, selector: (s) => `${s.section}|${s.stin}|${s.docNumber.toUpperCase()}|${s.period}` }), variantArb, (specs, variant) => {
      const download = parsed(downloadText(specs, variant));
      const held = keptOf(download);
      for (const d of download.records) expect(textBack(held, d)).toBe(d.raw);
    }),
    { numRuns: 200 },
  );
});

describe("the members the upload rewrites", () => {
  const RULES: RuleContext = { today: "2026-06-10", frequency: "monthly", stateCode: "27", remarksMaxLength: 250 };
  const specs = [spec("B2B", 2, { action: "A" }), spec("B2B", 3, { action: "R", remarks: "Rate differs from PO" }), spec("CN", 9, { action: "A", itc: { required: "Y", igst: 1000 } }), spec("CN", 8)];

  test.each([
    ["compact", {}],
    ["pretty, snake_case ITC names", { layout: "pretty", itcNames: "snake" }],
  ] as [string, Variant][])("%s: a row whose action the portal took since renders the file's record, and uploads as the file's text would", (_name, variant) => {
    const download = parsed(downloadText(specs, variant));
    const { kept, verbatim } = keptOf(download);
    expect(verbatim).toBe(0);
    // As after an upload the portal processed: other actions, remarks and declarations on the rows.
    const later: [ImsRecord, UploadIntent][] = [
      [{ ...(download.records[0] as DownloadedRecord).record, action: "R", remarks: "Short supply" }, { action: "P", remarks: "Awaiting debit note" }],
      [{ ...(download.records[1] as DownloadedRecord).record, action: "A", remarks: undefined }, { action: "R", remarks: "Rate still differs" }],
      [{ ...(download.records[2] as DownloadedRecord).record, action: "R", itcReduction: undefined }, { action: "A", itcReduction: { required: "N" } }],
      [{ ...(download.records[3] as DownloadedRecord).record, action: "A", itcReduction: { required: "Y", cgst: 500 } }, { action: "R", remarks: "Not ours" }],
    ];
    const fromRows = later.map(([record]) => {
      const t = kept.textOf(record);
      if (!t.ok) throw new Error(`${record.docNumber}: ${t.reason}`);
      return { record, raw: t.raw, sectionKey: t.sectionKey };
    });
    const fromFile = download.records.map((d, i) => ({ record: (later[i] as [ImsRecord, UploadIntent])[0], raw: d.raw, sectionKey: d.sectionKey }));
    const intents = new Map(later.map(([record, intent]) => [imsRecordKey(record), intent]));
    const a = buildUploadFile({ gstin: RECIPIENT, records: fromRows, intents, rules: RULES });
    const b = buildUploadFile({ gstin: RECIPIENT, records: fromFile, intents, rules: RULES });
    expect(a.outcomes.map((o) => o.kind)).toEqual(["included", "included", "included", "included"]);
    expect(a.text).toBe(b.text);
  });
});
