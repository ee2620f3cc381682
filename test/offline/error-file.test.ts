import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildUploadFile, checkFileGstin, parseErrorFile, parseImsDownload, settleUpload, type ErrorFile, type ErrorFileOptions, type ImsDownload, type UploadIntent } from "../../src/ims/offline";
import type { RuleContext } from "../../src/ims/portal-rules";
import { imsRecordKey } from "../../src/ims/records";
import { downloadText, errorListText, errorReportText, expectedRecord, RECIPIENT, spec } from "./fixtures/builders";

const FIXTURES = join(__dirname, "fixtures");
const RULES: RuleContext = { today: "2025-12-10", frequency: "monthly", stateCode: "27", remarksMaxLength: 250 };

function download(text: string): ImsDownload {
  const r = parseImsDownload(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function errorFile(text: string, options?: ErrorFileOptions): ErrorFile {
  const r = parseErrorFile(text, options);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

const sample = download(readFileSync(join(FIXTURES, "ims-download-27AAACI1234F1Z2.json"), "utf8"));
const keyOf = (doc: string) => {
  const r = sample.records.find((x) => x.record.docNumber === doc);
  if (!r) throw new Error(doc);
  return r.key;
};

describe("the record-list error file (imsDetailsErr, records with error_msg)", () => {
  test("each error maps to its record's key, with the portal's code and message", () => {
    const f = errorFile(readFileSync(join(FIXTURES, "ims-error-list.json"), "utf8"));
    expect(f.shape).toBe("record-list");
    expect(f.unmapped).toEqual([]);
    expect(f.errors).toEqual([
      {
        key: keyOf("AO2SA2425002517"),
        section: "B2B",
        supplierGstin: "24ABCCU0123M1ZJ",
        docNumber: "AO2SA2425002517",
        returnPeriod: "2025-11",
        code: null,
        message: "Either previous action is incorrect/ invoice might have edited by supplier",
        path: "imsDetailsErr.b2b[0]",
      },
      {
        key: keyOf("CN/25-26/014"),
        section: "CN",
        supplierGstin: "19AADFR2211Q1ZZ",
        docNumber: "CN/25-26/014",
        returnPeriod: "2025-11",
        code: "IMSSAV0054",
        message: "Please enter value for the column itcRedReq",
        path: "imsDetailsErr.b2bcn[0]",
      },
    ]);
    // The second record lacks fields a download has (flags, hash); it is still read and matched.
    expect(f.warnings).toEqual([]);
  });

  test("built in other variants: BOM, pretty, MM periods resolved against the upload's records", () => {
    const specs = [spec("B2B", 1, { docDate: "2026-05-03", period: "2026-05" }), spec("CNA", 2), spec("ECOMA", 3)];
    const known = specs.map(expectedRecord);
    const text = errorListText(
      specs.map((s, i) => ({ spec: s, message: `problem ${i}`, code: i === 1 ? "IMSSAV0010" : undefined })),
      { bom: true, layout: "pretty", rtnprd: "MM", sectionKeys: "eco" },
    );
    const f = errorFile(text, { known });
    expect(f.errors.map((e) => [e.key, e.code, e.message])).toEqual([
      [imsRecordKey(known[0]!), null, "problem 0"],
      [imsRecordKey(known[1]!), "IMSSAV0010", "problem 1"],
      [imsRecordKey(known[2]!), null, "problem 2"],
    ]);
  });

  test("records of the list without a message are not errors; entries that cannot be tied to a record are kept apart", () => {
    const ok = spec("B2B", 1);
    const unknownSection = `{"imsDetailsErr":{"b2b":[${JSON.stringify({ stin: ok.stin, inum: ok.docNumber, idt: "01-04-2026", rtnprd: "042026" })},{"stin":"${ok.stin}","inum":"X-1","idt":"01-04-2026","rtnprd":"042026","error_msg":"Invalid"},{"stin":"${ok.stin}","error_msg":"No number"}],"impg":[{"boenum":"77","error_msg":"Imports are not allowed"}]}}`;
    const f = errorFile(unknownSection);
    expect(f.errors.map((e) => e.docNumber)).toEqual(["X-1"]);
    expect(f.unmapped.map((u) => [u.path, u.reason])).toEqual([
      ["imsDetailsErr.b2b[2]", "The entry does not name both the supplier's GSTIN and the document number."],
      ["imsDetailsErr.impg[0]", '"impg" is not an IMS section the add-in knows.'],
    ]);
    expect(f.unmapped[1]!.message).toBe("Imports are not allowed");
    // X-1 lacks its amounts: read by its identity alone, and said so.
    expect(f.warnings.map((w) => [w.code, w.examples])).toEqual([["error-record-unreadable", ["imsDetailsErr.b2b[1]"]]]);
  });

  test("an upload-shaped file with error_msg is read too; a download opened by mistake is named", () => {
    const s = spec("DN", 4);
    const asUpload = `{"rtin":"${RECIPIENT}","reqtyp":"SAVE","invdata":{"b2bdn":[${JSON.stringify({ stin: s.stin, nt_num: s.docNumber, nt_dt: "04-08-2026", rtnprd: "082026", action: "A", error_msg: "Bad" })}]}}`;
    const f = errorFile(asUpload);
    expect(f.errors.map((e) => [e.section, e.docNumber, e.returnPeriod])).toEqual([["DN", s.docNumber, "2026-08"]]);
    expect(f.gstin).toBe(RECIPIENT);
    const r = parseErrorFile(downloadText([spec("B2B", 1)]));
    expect(r.ok === false && r.error).toMatchObject({ code: "other-file-kind", message: expect.stringContaining("looks like the IMS download") });
  });
});

describe("the error-report error file (the API's request status)", () => {
  test("the portal's sample: short section keys, MMYYYY periods", () => {
    const f = errorFile(readFileSync(join(FIXTURES, "ims-error-report.json"), "utf8"));
    expect(f).toMatchObject({ shape: "error-report", status: "PE", fileError: null, processed: 6, errored: 2, unmapped: [] });
    expect(f.errors.map((e) => [e.key, e.code])).toEqual([
      [keyOf("AO2SA2425002517"), "IMSSAV0010"],
      [keyOf("CN/25-26/014"), "IMSSAV0054"],
    ]);
    expect(f.errors[1]!.path).toBe("error_report.cn[0].inv[0]");
  });

  test("long keys, under data, several documents per entry", () => {
    const text = errorReportText(
      {
        b2bdn: [{ stin: "07AAFCD4321M1ZN", error_cd: "SIM001", error_msg: "Pending is not allowed", inv: [{ nt_num: "DN-1", rtnprd: "052026" }, { nt_num: "dn-2", rtnprd: "062026" }] }],
        ecoma: [{ stin: "24ABCCU0123M1ZJ", error_cd: "SIM002", error_msg: "Remarks are not allowed", inv: [{ inum: "E/9", rtnprd: "052026" }] }],
      },
      { wrap: "data" },
    );
    const f = errorFile(text);
    expect(f.errors.map((e) => e.key)).toEqual(["DN|07AAFCD4321M1ZN|DN-1|2026-05", "DN|07AAFCD4321M1ZN|DN-2|2026-06", "ECOMA|24ABCCU0123M1ZJ|E/9|2026-05"]);
  });

  test("a month-only period, or only a supplier: mapped against the upload's records, else kept apart with the reason", () => {
    const a = expectedRecord(spec("CN", 1, { docNumber: "CN-1", period: "2026-05" }));
    const b = expectedRecord(spec("CN", 2, { docNumber: "CN-2", stin: a.supplierGstin, period: "2026-05" }));
    const c = expectedRecord(spec("CN", 3, { docNumber: "CN-3", stin: a.supplierGstin, period: "2026-06" }));
    const text = errorReportText({
      cn: [
        { stin: a.supplierGstin, error_cd: "IMSSAV0010", error_msg: "Edited by supplier", inv: [{ nt_num: "cn-1", rtnprd: "05" }] },
        { stin: a.supplierGstin, error_cd: "SIM006", error_msg: "Pending window passed" },
        { stin: a.supplierGstin, error_cd: "X", error_msg: "Unknown doc", inv: [{ nt_num: "CN-404", rtnprd: "052026" }] },
      ],
      impg: [{ stin: a.supplierGstin, error_cd: "X", error_msg: "?", inv: [{ inum: "B-1", rtnprd: "052026" }] }],
    });
    const withKnown = errorFile(text, { known: [a, b, c] });
    expect(withKnown.errors.map((e) => [e.key, e.code, e.supplierOnly ?? false])).toEqual([
      [imsRecordKey(a), "IMSSAV0010", false],
      [imsRecordKey(a), "SIM006", true],
      [imsRecordKey(b), "SIM006", true],
      [imsRecordKey(c), "SIM006", true],
    ]);
    expect(withKnown.errors[1]!.message).toBe(`Pending window passed. The portal named the supplier ${a.supplierGstin} but not which of its documents, so each of them in the upload is reported failed.`);
    expect(withKnown.unmapped.map((u) => [u.path, u.reason])).toEqual([
      ["error_report.cn[2].inv[0]", "No record of the upload has this section, supplier, document number and period."],
      ["error_report.impg[0].inv[0]", '"impg" is not an IMS section the add-in knows.'],
    ]);

    const alone = errorFile(text);
    expect(alone.errors.map((e) => e.docNumber)).toEqual(["CN-404"]);
    expect(alone.unmapped.map((u) => u.reason)).toEqual([
      "Its return period gives only the month; open the error file together with the upload's records to tell the year.",
      `The portal named the supplier ${a.supplierGstin} but none of its documents; open the error file together with the upload's records to mark them.`,
      '"impg" is not an IMS section the add-in knows.',
    ]);
    // Never dropped: every entry is an error or an unmapped entry.
    expect(alone.errors.length + alone.unmapped.length).toBe(4);
  });

  test("status ER: the whole upload was refused", () => {
    const f = errorFile(JSON.stringify({ data: { err_cd: "IMSSAV005", err_cnt: "0", err_msg: "Schema validation failure", proc_cnt: "0", status_cd: "ER", transTypCd: "SAV" } }));
    expect(f).toMatchObject({ shape: "error-report", status: "ER", fileError: { code: "IMSSAV005", message: "Schema validation failure" }, errors: [], unmapped: [] });
  });

  test("malformed error files get a clear error", () => {
    const cases: [string, string][] = [
      ['{"error_report": {"b2b": [', "truncated"],
      ["[]", "wrong-shape"],
      ['{"something":1}', "wrong-shape"],
      ['{"status_cd":"PE","error_report":[1]}', "wrong-shape"],
      ['{"imsDetailsErr":{"b2b":{}}}', "wrong-shape"],
    ];
    for (const [text, code] of cases) {
      const r = parseErrorFile(text);
      expect(r.ok === false && r.error.code).toBe(code);
    }
  });
});

describe("settling an upload with its error file", () => {
  test("errors go to their rows; the upload's other records went through; a whole-file failure fails all", () => {
    const intents = new Map<string, UploadIntent>([
      [keyOf("AO2SA2425002517"), { action: "P" }],
      [keyOf("CN/25-26/014"), { action: "A" }],
      [keyOf("QE-88812"), { action: "R", remarks: "Not ordered" }],
    ]);
    const upload = buildUploadFile({ gstin: RECIPIENT, records: sample.records, intents, rules: RULES });
    const uploadedKeys = upload.outcomes.filter((o) => o.kind === "included").map((o) => o.key);
    expect(uploadedKeys).toHaveLength(3);
    const known = sample.records.filter((r) => uploadedKeys.includes(r.key)).map((r) => r.record);
    const f = errorFile(readFileSync(join(FIXTURES, "ims-error-report.json"), "utf8"), { known });
    const settled = settleUpload(uploadedKeys, f);
    expect([...settled.failed.keys()]).toEqual([keyOf("AO2SA2425002517"), keyOf("CN/25-26/014")]);
    expect(settled.uploaded).toEqual([keyOf("QE-88812")]);
    expect(settled.outside).toEqual([]);
    expect(settled.wholeFile).toBeNull();

    const er = settleUpload(uploadedKeys, { errors: [], fileError: { code: "IMSSAV005", message: "Schema validation failure" } });
    expect(er).toMatchObject({ wholeFile: { code: "IMSSAV005" }, uploaded: [] });
  });

  test("an error file naming another GSTIN can be refused with the same check", () => {
    const f = errorFile(`{"rtin":"29AABCB5678K1Z5","status_cd":"P","error_report":{}}`);
    expect(checkFileGstin(f, RECIPIENT)).toMatchObject({ ok: false, gstin: "29AABCB5678K1Z5" });
  });
});
