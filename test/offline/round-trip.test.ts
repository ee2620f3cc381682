/**
 * Downloaded file → records → rows → edits → upload file: every record in the upload is the
 * downloaded record's text byte for byte, except its action fields.
 */
import fc from "fast-check";
import { buildUploadFile, parseImsDownload, uploadIntentOf, withoutActionFields, type ImsDownload, type UploadIntent, type UploadOutcome } from "../../src/ims/offline";
import { isArray, isObject, readJson, type JsonObject } from "../../src/ims/offline/json-source";
import { readRecord } from "../../src/ims/offline/record-reader";
import type { RuleContext } from "../../src/ims/portal-rules";
import { imsRecordKey } from "../../src/ims/records";
import { isEdited, rowFromRecord, type ReviewRow } from "../../src/ims/review-rows";
import { sectionByPayloadKey } from "../../src/ims/sections";
import { paiseArb, specArb, variantArb } from "./fixtures/arbitraries";
import { downloadText, RECIPIENT, spec, type Variant, type WireSpec } from "./fixtures/builders";

const RULES: RuleContext = { today: "2026-06-10", frequency: "monthly", stateCode: "27", remarksMaxLength: 250 };

function parsed(text: string): ImsDownload {
  const r = parseImsDownload(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

interface UploadedRecord {
  key: string;
  text: string;
  object: JsonObject;
}

/** The upload's records, by key, each with its text as it stands in the upload file. */
function uploadedRecords(text: string): Map<string, UploadedRecord> {
  const root = readJson(text);
  if (!root.ok || !isObject(root.value)) throw new Error("the upload file is not a JSON object");
  expect([...root.value.members.keys()]).toEqual(["rtin", "reqtyp", "invdata"]);
  expect(root.value.members.get("reqtyp")).toBe("SAVE");
  const invdata = root.value.members.get("invdata");
  if (!isObject(invdata)) throw new Error("no invdata");
  const out = new Map<string, UploadedRecord>();
  for (const [key, list] of invdata.members) {
    const section = key === "eco" ? "ECOM" : key === "ecoa" ? "ECOMA" : sectionByPayloadKey(key)?.code;
    if (!section || !isArray(list)) throw new Error(`bad section ${key}`);
    for (const item of list.items) {
      if (!isObject(item)) throw new Error("not a record");
      const r = readRecord(section, item);
      if (!r.ok) throw new Error(r.message);
      out.set(imsRecordKey(r.record), { key: imsRecordKey(r.record), text: text.slice(item.start, item.end), object: item });
    }
  }
  return out;
}

/** Checks an upload against the download and the intents: the echo, and the action fields. */
function checkUpload(download: ImsDownload, intents: ReadonlyMap<string, UploadIntent>, outcomes: readonly UploadOutcome[], text: string): void {
  const uploaded = uploadedRecords(text);
  const included = outcomes.filter((o) => o.kind === "included");
  expect([...uploaded.keys()].sort()).toEqual(included.map((o) => o.key).sort());
  for (const o of included) {
    const source = download.records.find((r) => r.key === o.key);
    const up = uploaded.get(o.key);
    const intent = intents.get(o.key);
    if (!source || !up || !intent) throw new Error(`missing ${o.key}`);
    // Byte for byte, except the action fields.
    expect(withoutActionFields(up.text)).toBe(withoutActionFields(source.raw));
    const m = up.object.members;
    expect(m.get("action")).toBe(intent.action);
    const remarks = (intent.action === "R" || intent.action === "P") && intent.remarks ? intent.remarks : undefined;
    expect(m.get("remarks")).toBe(remarks);
    const creditNote = source.record.section === "CN" || source.record.section === "CNA";
    const itcExpected = intent.action === "A" && (intent.itcReduction !== undefined || (creditNote && source.record.itcReductionBlocked !== true));
    expect(m.has("itcRedReq")).toBe(itcExpected);
    if (intent.action === "A" && creditNote && source.record.itcReductionBlocked !== true) expect(["Y", "N"]).toContain(m.get("itcRedReq"));
    for (const snake of ["itc_red_req", "decl_igst", "decl_cgst", "decl_sgst", "decl_cess"]) expect(m.has(snake)).toBe(false);
  }
  for (const o of outcomes) if (intents.get(o.key)?.action === "N") expect(o.kind).not.toBe("included");
}

describe("round trip: download → sheet rows → edits → upload file", () => {
  test("a messy but valid download: every record echoed byte for byte except the action fields (asserted on the text)", () => {
    const specs: WireSpec[] = [
      spec("B2B", 1, { tradenm: "Café \"Étoile\" / Traders\t(Pune)", extra: [["irn", '"a\\/b\\u00e9"'], ["irngendate", "1.5e3"], ["itms", '[{"rt":18,"txval":100.10}]']] }),
      spec("B2B", 2, { action: "R", remarks: "Short supply" }),
      spec("B2BA", 3),
      spec("DN", 4),
      spec("DNA", 5),
      spec("CN", 6),
      spec("CN", 7, { action: "A", itc: { required: "Y", igst: 1500 } }),
      spec("CNA", 8),
      spec("ECOM", 9),
      spec("ECOMA", 10),
    ];
    const variant: Variant = { layout: "crlf", bom: true, rtnprd: "MM", amounts: "fixed2", flags: "boolean", filing: "upper", sectionKeys: "eco" };
    const text = downloadText(specs, variant);
    const download = parsed(text);
    expect(download.records).toHaveLength(specs.length);

    // The sheet: one row per record, then the user's edits.
    const rows: ReviewRow[] = download.records.map((r, i) => rowFromRecord(r.record, i + 2));
    const edit = (i: number, e: Partial<ReviewRow["edit"]>) => {
      const row = rows[i] as ReviewRow;
      row.edit = { ...row.edit, ...e };
    };
    edit(0, { action: "A" });
    edit(1, { action: "P", remarks: "Waiting for the credit note — ₹ 1,200" });
    edit(2, { action: "A", itcReduction: { required: "Y", igst: 100 } });
    edit(3, { action: "R" });
    edit(4, { action: "P" });
    edit(5, { action: "A" });
    edit(6, { action: "A", itcReduction: { required: "N" } });
    edit(7, { action: "R", remarks: "Not agreed" });
    edit(8, { action: "A" });
    // Row 10 (ECOMA) is left alone.
    const intents = new Map<string, UploadIntent>();
    for (const row of rows) {
      if (!isEdited(row)) continue;
      const intent = uploadIntentOf(row.edit);
      if (intent) intents.set(row.key, intent);
    }
    const out = buildUploadFile({ gstin: RECIPIENT, records: download.records, intents, rules: RULES });
    expect(out.outcomes.map((o) => o.kind)).toEqual(Array(9).fill("included"));
    checkUpload(download, intents, out.outcomes, out.text);

    // On the text itself: the first record's bytes are the download's with "action" changed, and
    // nothing else (its CRLF layout, its escapes, its "1.5e3" and "100.10" included).
    const first = download.records[0]!;
    expect(first.raw).toContain('"action": "N",\r\n');
    expect(first.raw).toContain('"irngendate": 1.5e3');
    expect(first.raw).toContain('"tradenm": "Café \\"Étoile\\" / Traders\\t(Pune)"');
    const upFirst = uploadedRecords(out.text).get(first.key)!.text;
    expect(upFirst).toBe(first.raw.replace('"action": "N"', '"action": "A"'));
    // A credit note accepted: the action in place, and the declaration at the end in the record's own layout.
    const cn = download.records[5]!;
    expect(uploadedRecords(out.text).get(cn.key)!.text).toBe(cn.raw.replace('"action": "N"', '"action": "A"').replace(/\r\n {12}}$/, ',\r\n                "itcRedReq": "Y"\r\n            }'));
    // A declaration replaced: Y with IGST 15.00 → N with no amounts, in place.
    const declared = download.records[6]!;
    expect(declared.raw).toContain('"itcRedReq": "Y",\r\n                "declIgst": 15.00');
    expect(uploadedRecords(out.text).get(declared.key)!.text).toBe(declared.raw.replace('"itcRedReq": "Y",\r\n                "declIgst": 15.00', '"itcRedReq": "N"'));
    expect(out.text.startsWith(`{"rtin":"${RECIPIENT}","reqtyp":"SAVE","invdata":{"b2b":[`)).toBe(true);
    expect(out.text).toContain('"eco":[');
  });

  const itcArb = fc.option(
    fc.record({ required: fc.constantFrom<"Y" | "N">("Y", "N"), igst: fc.option(paiseArb, { nil: undefined }) }).map((x) => (x.igst === undefined ? { required: x.required } : { required: x.required, igst: x.igst })),
    { nil: undefined },
  );
  const intentArb = fc.record({
    action: fc.constantFrom<"A" | "R" | "P" | "N">("A", "R", "P", "N"),
    remarks: fc.option(fc.string({ maxLength: 260 }), { nil: undefined }),
    itcReduction: itcArb,
  });
  test("property: any download in any variant, any intents — included records are echoed byte for byte but for the action fields; refused ones are left out", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(specArb, { minLength: 1, maxLength: 12, selector: (s) => `${s.section}|${s.stin}|${s.docNumber.toUpperCase()}|${s.period}` }),
        fc.array(fc.option(intentArb, { nil: undefined }), { minLength: 12, maxLength: 12 }),
        variantArb,
        (specs, intentList, variant) => {
          const download = parsed(downloadText(specs, variant));
          expect(download.rejected).toEqual([]);
          expect(download.records).toHaveLength(specs.length);
          const intents = new Map<string, UploadIntent>();
          download.records.forEach((r, i) => {
            const intent = intentList[i];
            if (!intent) return;
            const clean: UploadIntent = { action: intent.action };
            if (intent.remarks !== undefined) clean.remarks = intent.remarks;
            if (intent.itcReduction !== undefined) clean.itcReduction = intent.itcReduction;
            intents.set(r.key, clean);
          });
          const out = buildUploadFile({ gstin: RECIPIENT, records: download.records, intents, rules: RULES });
          expect(out.outcomes).toHaveLength(intents.size);
          checkUpload(download, intents, out.outcomes, out.text);
          expect(out.empty).toBe(!out.outcomes.some((o) => o.kind === "included"));
        },
      ),
      { numRuns: 150 },
    );
  });
});
