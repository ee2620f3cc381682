import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkFileGstin, gstinsInFileName, parseImsDownload, type ImsDownload } from "../../src/ims/offline";
import { imsRecordKey } from "../../src/ims/records";
import { downloadText, expectedRecord, objectText, OTHER_RECIPIENT, RECIPIENT, sampleSpecs, spec, wireFields, type Variant } from "./fixtures/builders";

const FIXTURES = join(__dirname, "fixtures");

function parsed(text: string): ImsDownload {
  const r = parseImsDownload(text);
  if (!r.ok) throw new Error(`expected a parse, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

function errorOf(text: string, options?: Parameters<typeof parseImsDownload>[1]) {
  const r = parseImsDownload(text, options);
  if (r.ok) throw new Error("expected an error");
  return r.error;
}

describe("the portal's IMS download, as GSTN's documentation shows it", () => {
  const text = readFileSync(join(FIXTURES, "ims-download-27AAACI1234F1Z2.json"), "utf8");
  const file = parsed(text);

  test("reads every section into ImsRecords in paise, ISO dates and YYYY-MM periods", () => {
    expect(file.envelope).toBe("imsDetails");
    expect(file.rejected).toEqual([]);
    expect(file.records.map((r) => `${r.record.section} ${r.record.docNumber}`)).toEqual([
      "B2B AO2SA2425002517",
      "B2B DF/1123",
      "B2B SLT-2025-0042",
      "B2BA BT/2025/777A",
      "CN CN/25-26/014",
      "CN MS-CN-9",
      "ECOM QE-88812",
    ]);
    expect(file.bySection.DN).toEqual([]);
    expect(file.periods).toEqual(["2025-10", "2025-11", "2025-12"]);
    const first = file.records[0]!;
    expect(first.record).toEqual({
      section: "B2B",
      supplierGstin: "24ABCCU0123M1ZJ",
      docNumber: "AO2SA2425002517",
      docDate: "2025-11-05",
      invoiceType: "R",
      sourceForm: "R1",
      returnPeriod: "2025-11",
      placeOfSupply: "27",
      value: 14270000,
      taxableValue: 12093218,
      igst: 0,
      cgst: 1088391,
      sgst: 1088391,
      cess: 0,
      action: "N",
      pendingBlocked: false,
      supplierFiled: false,
      hash: "dbd0f1c9a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293b676e2",
      remarksBlocked: false,
      itcReductionBlocked: null,
    });
    expect(first.key).toBe(imsRecordKey(first.record));
    expect(first.tradeName).toBe("Umiya Packaging & Co.");
    expect(file.records[2]!.record).toMatchObject({ action: "R", remarks: "Goods not received", invoiceType: "SEWP", supplierFiled: true });
    expect(file.records[3]!.record).toMatchObject({ originalDocNumber: "BT/2025/777", originalDocDate: "2025-10-01", itcReductionBlocked: false });
    expect(file.records[4]!.record).toMatchObject({ value: 590050, taxableValue: 500042, igst: 90008 });
    expect(file.records[5]!.record.pendingBlocked).toBe(true);
    expect(file.records[6]!.record.invoiceType).toBeUndefined();
  });

  test("keeps each record's exact text, escapes and number spellings included", () => {
    const second = file.records[1]!;
    expect(second.raw.startsWith('{\n        "stin": "07AAFCD4321M1ZN"')).toBe(true);
    expect(second.raw).toContain('"inum": "DF\\/1123"');
    expect(second.raw).toContain('"val": 59000.00');
    expect(second.raw.endsWith("}")).toBe(true);
    expect(text).toContain(second.raw);
    expect(second.record.docNumber).toBe("DF/1123");
    expect(file.records[0]!.raw).toContain('"tradenm": "Umiya Packaging \\u0026 Co."');
  });

  test("names fields it does not use, and keeps them", () => {
    expect(file.warnings.find((w) => w.code === "unknown-fields")?.message).toContain('"irn"');
    expect(file.records[1]!.raw).toContain('"irn": "a1b2c3"');
  });
});

describe("every documented variant reads to the same records", () => {
  const specs = sampleSpecs();
  const expected = specs.map(expectedRecord);
  const variants: [string, Variant][] = [
    ["compact, API spellings", {}],
    ["pretty-printed", { layout: "pretty" }],
    ["CRLF line ends with a byte-order mark", { layout: "crlf", bom: true }],
    ["tabs", { layout: "tabs" }],
    ["spaces around colons", { layout: "spaced" }],
    ["under data.imsDetails", { envelope: "data", layout: "pretty" }],
    ["without the imsDetails envelope", { envelope: "none" }],
    ["rtnprd as a number", { rtnprd: "number" }],
    ["filing status FILED/SAVED", { filing: "upper" }],
    ["filing status F/NF", { filing: "letter" }],
    ["boolean flags", { flags: "boolean" }],
    ["lower-case y/n flags", { flags: "lower" }],
    ["isItcRedReqBlocked", { itcBlockedName: "isItcRedReqBlocked" }],
    ["the older ispendactnallwd", { pendingName: "ispendactnallwd" }],
    ["amounts with two decimals", { amounts: "fixed2" }],
    ["amounts as text", { amounts: "string" }],
    ["snake_case ITC fields", { itcNames: "snake" }],
    ["eco/ecoa section keys", { sectionKeys: "eco" }],
    ["upper-case section keys", { sectionKeys: "upper" }],
    ["everything at once", { envelope: "data", layout: "crlf", bom: true, filing: "upper", flags: "boolean", itcBlockedName: "isItcRedReqBlocked", amounts: "fixed2", itcNames: "snake", sectionKeys: "eco", gstin: RECIPIENT }],
  ];

  test.each(variants)("%s", (_name, variant) => {
    const text = downloadText(specs, variant);
    const file = parsed(text);
    expect(file.rejected).toEqual([]);
    expect(file.records.map((r) => r.record)).toEqual(expected);
    expect(file.hadByteOrderMark).toBe(!!variant.bom);
    for (const r of file.records) {
      expect(text).toContain(r.raw);
      expect(r.raw.startsWith("{") && r.raw.endsWith("}")).toBe(true);
      expect(r.periodInferred).toBe(false);
    }
    if (variant.envelope === "none") expect(file.warnings.map((w) => w.code)).toContain("no-envelope");
    if (variant.gstin) expect(file.gstin).toBe(variant.gstin);
  });

  test("rtnprd as MM: the year is the first that puts the period on or after the document", () => {
    const list = [
      spec("B2B", 1, { docDate: "2026-05-14", period: "2026-05" }),
      spec("B2B", 2, { docDate: "2026-05-30", period: "2026-06" }),
      spec("CN", 3, { docDate: "2025-12-28", period: "2026-01" }),
      spec("B2BA", 4, { docDate: "2026-03-02", period: "2026-09" }),
    ];
    const file = parsed(downloadText(list, { rtnprd: "MM" }));
    // The builder writes sections in the catalogue order: B2B, B2BA, …, CN.
    expect(file.records.map((r) => r.record.returnPeriod)).toEqual(["2026-05", "2026-06", "2026-09", "2026-01"]);
    expect(file.records.every((r) => r.periodInferred)).toBe(true);
    const w = file.warnings.find((x) => x.code === "month-only-period");
    expect(w?.count).toBe(4);
    expect(w?.message).toContain("only the month");
  });

  test("a 19-digit numeric invoice number is read as its literal text", () => {
    const members = wireFields(spec("B2B", 1)).map(([k, t]): [string, string] => (k === "inum" ? [k, "1234567890123456789"] : [k, t]));
    const file = parsed(`{"imsDetails":{"b2b":[${objectText(members)}]}}`);
    expect(file.records[0]!.record.docNumber).toBe("1234567890123456789");
    expect(file.warnings.map((w) => w.code)).toContain("doc-number-as-number");
  });

  test("missing optional flags and tax heads are read with defaults, each reported", () => {
    const members = wireFields(spec("B2B", 1)).filter(([k]) => !["ispendactblocked", "srcfilstatus", "cess", "action"].includes(k));
    const file = parsed(`{"imsDetails":{"b2b":[${objectText(members)}]}}`);
    expect(file.records[0]!.record).toMatchObject({ pendingBlocked: false, supplierFiled: false, cess: 0, action: "N" });
    expect(file.warnings.map((w) => w.code).sort()).toEqual(["action-missing", "filing-status-missing", "pending-flag-missing", "tax-head-missing"]);
  });
});

describe("records that cannot be read are set aside with the reason; the others are kept", () => {
  test("a bad date, an amount with three decimals, a missing GSTIN, an unknown action, a repeated key", () => {
    const good = spec("B2B", 1);
    const bad = (k: string, t: string | null) => objectText(wireFields(spec("B2B", 2)).flatMap(([key, text]): [string, string][] => (key !== k ? [[key, text]] : t === null ? [] : [[key, t]])));
    const repeated = objectText([...wireFields(spec("B2B", 3)), ["action", '"A"']]);
    const text = `{"imsDetails":{"b2b":[${objectText(wireFields(good))},${bad("idt", '"31-02-2026"')},${bad("val", "100.005")},${bad("stin", null)},${bad("action", '"X"')},${repeated},"not a record"]}}`;
    const file = parsed(text);
    expect(file.records.map((r) => r.record.docNumber)).toEqual([good.docNumber]);
    expect(file.rejected.map((r) => [r.path, r.field])).toEqual([
      ["imsDetails.b2b[1]", "idt"],
      ["imsDetails.b2b[2]", "val"],
      ["imsDetails.b2b[3]", "stin"],
      ["imsDetails.b2b[4]", "action"],
      ["imsDetails.b2b[5]", "action"],
      ["imsDetails.b2b[6]", "(record)"],
    ]);
    expect(file.rejected[0]!.message).toBe(`imsDetails.b2b[1] (INV/26-27/0102 of 24ABCCU0123M1ZJ): idt is "31-02-2026", not a date (dd-mm-yyyy).`);
    expect(file.rejected[1]!.message).toContain("val is 100.005, not an amount in rupees with at most two decimals");
    expect(file.rejected[2]!.message).toContain("the supplier's GSTIN is required");
    expect(file.rejected[4]!.message).toContain("written more than once");
    expect(file.rejected[1]!.raw).toContain('"val":100.005');
  });

  test("two records with one key are both kept and named", () => {
    const a = spec("B2B", 1);
    const b = { ...a, docNumber: a.docNumber.toLowerCase(), hash: "other" };
    const file = parsed(downloadText([a, b]));
    expect(file.records).toHaveLength(2);
    expect(file.duplicateKeys).toEqual([imsRecordKey(expectedRecord(a))]);
    expect(file.warnings.map((w) => w.code)).toContain("duplicate-record");
  });
});

describe("malformed files get one clear error naming what and where", () => {
  const good = downloadText(sampleSpecs(), { layout: "pretty" });

  test("a truncated file", () => {
    const cut = good.slice(0, Math.floor(good.length * 0.6));
    const e = errorOf(cut);
    expect(e.code).toBe("truncated");
    expect(e.message).toMatch(/^The IMS file ends before its JSON does \(line \d+, column \d+, in imsDetails\.\w+\[\d+\]/);
    expect(e.message).toContain("Download it again from the portal.");
    expect(e.line).toBe(cut.split("\n").length);
  });

  test("a syntax error in the middle", () => {
    const broken = good.replace('"txval": ', '"txval" ');
    const e = errorOf(broken);
    expect(e.code).toBe("not-json");
    expect(e.path).toBe("imsDetails.b2b[0].txval");
    expect(e.message).toMatch(/^The IMS file is not valid JSON at line \d+, column \d+, in imsDetails\.b2b\[0\]\.txval: expected ":" after the member name "txval", found "\d+"\.$/);
  });

  test("trailing text after the JSON, a trailing comma", () => {
    expect(errorOf(`${good}\n{}`).message).toContain("expected the end of the file after the top-level value");
    expect(errorOf('{"imsDetails":{"b2b":[],}}').message).toContain('expected a member name in double quotes, found "}"');
  });

  test("wrong shapes", () => {
    expect(errorOf("[1,2]")).toMatchObject({ code: "wrong-shape", message: 'The IMS file holds a list at its top, not the portal\'s IMS download (an object with "imsDetails").' });
    expect(errorOf('{"imsDetails":[]}')).toMatchObject({ code: "wrong-shape", path: "imsDetails" });
    expect(errorOf('{"imsDetails":{"b2b":{"stin":"x"}}}')).toMatchObject({ code: "wrong-shape", path: "imsDetails.b2b", message: "imsDetails.b2b holds an object, not a list of records." });
    expect(errorOf('{"records":[]}').message).toBe('The IMS file has no "imsDetails" and no IMS sections (b2b, b2bcn, …); it holds "records". Check that this is the JSON downloaded from IMS → Offline.');
    expect(errorOf('{"imsDetails":{"ecom":[],"eco":[]}}').message).toContain('lists E-commerce operator supplies twice, as "ecom" and as "eco"');
  });

  test("an unknown section holding records is refused by name; an empty one is only noted", () => {
    const withImports = good.replace('"imsDetails": {', '"imsDetails": {\n    "impg": [{"boenum": "1234567"}],');
    const e = errorOf(withImports);
    expect(e).toMatchObject({ code: "unknown-section", path: "imsDetails.impg" });
    expect(e.message).toContain('a section "impg" that the add-in does not know');
    const empty = parsed(good.replace('"imsDetails": {', '"imsDetails": {\n    "impg": [],'));
    expect(empty.records).toHaveLength(sampleSpecs().length);
    expect(empty.warnings.find((w) => w.code === "ignored-fields")?.message).toContain('"impg"');
  });

  test("other portal files opened by mistake", () => {
    expect(errorOf('{"rtin":"27AAACI1234F1Z2","reqtyp":"SAVE","invdata":{"b2b":[]}}')).toMatchObject({ code: "other-file-kind" });
    expect(errorOf('{"rtin":"x","reqtyp":"SAVE","invdata":{}}').message).toContain("is an upload file");
    expect(errorOf('{"imsDetailsErr":{"b2b":[]}}').message).toContain("error file");
    expect(errorOf('{"data":{"status_cd":"PE","error_report":{}}}').message).toContain("error file");
    expect(errorOf('{"data":{"gstin":"x","docdata":{}}}').message).toContain("GSTR-2B");
  });

  test("empty, a byte-order mark alone, a ZIP, a web page", () => {
    expect(errorOf("")).toMatchObject({ code: "empty" });
    expect(errorOf("\uFEFF  \n")).toMatchObject({ code: "empty", message: "The IMS file is empty. Download it again from the portal." });
    expect(errorOf("PK\u0003\u0004\u0014\u0000").message).toContain("ZIP archive");
    expect(errorOf("\n<!DOCTYPE html><html>Session expired</html>").message).toContain("web page (HTML)");
    expect(errorOf("not json")).toMatchObject({ code: "not-json", line: 1, column: 1 });
    expect(errorOf('{\u0000"\u0000i\u0000').message).toContain("not UTF-8 text");
  });

  test("a file longer than the limit is refused before it is read", () => {
    const e = errorOf(good, { maxChars: 1000 });
    expect(e.code).toBe("too-large");
    expect(e.message).toMatch(/^The IMS file is 0\.0 MB; the add-in reads files up to 0\.0 MB/);
  });
});

describe("the GSTIN check", () => {
  test("a file naming the workbook's GSTIN is confirmed", () => {
    const file = parsed(downloadText([spec("B2B", 1)], { gstin: RECIPIENT }));
    expect(checkFileGstin(file, RECIPIENT.toLowerCase())).toEqual({ ok: true, confirmed: true, gstin: RECIPIENT, source: "file" });
  });

  test("another GSTIN's file is refused with a plain sentence", () => {
    const file = parsed(downloadText([spec("B2B", 1)], { gstin: OTHER_RECIPIENT }));
    expect(checkFileGstin(file, RECIPIENT)).toEqual({
      ok: false,
      gstin: OTHER_RECIPIENT,
      source: "file",
      message: `This file is for GSTIN ${OTHER_RECIPIENT}, but this workbook is for ${RECIPIENT}. Open the file downloaded for ${RECIPIENT}, or open this one in a workbook of ${OTHER_RECIPIENT}.`,
    });
  });

  test("without a GSTIN in the file, its name decides; without either, it is unconfirmed", () => {
    const file = parsed(downloadText([spec("B2B", 1)]));
    expect(file.gstin).toBeNull();
    expect(checkFileGstin(file, RECIPIENT, `IMS_${OTHER_RECIPIENT}_112025.json`)).toMatchObject({ ok: false, source: "file-name", message: expect.stringContaining("(going by its name)") });
    expect(checkFileGstin(file, RECIPIENT, `ims-${RECIPIENT.toLowerCase()}.json`)).toMatchObject({ ok: true, confirmed: true, source: "file-name" });
    expect(checkFileGstin(file, RECIPIENT, "download (3).json")).toEqual({
      ok: true,
      confirmed: false,
      message: `The file does not name its GSTIN, so the add-in cannot check it: make sure it was downloaded for ${RECIPIENT}.`,
    });
    expect(gstinsInFileName("27AAACI1234F1Z3_x.json")).toEqual([]);
    expect(checkFileGstin({ gstin: "N/A" }, RECIPIENT)).toMatchObject({ ok: true, confirmed: false });
  });
});
