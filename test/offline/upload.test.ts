import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildUploadFile, parseImsDownload, uploadFileName, uploadIntentOf, type BuildUploadInput, type DownloadedRecord, type ImsDownload, type UploadIntent } from "../../src/ims/offline";
import { readJson, isObject, isArray } from "../../src/ims/offline/json-source";
import type { RuleContext } from "../../src/ims/portal-rules";
import { downloadText, RECIPIENT, spec } from "./fixtures/builders";

const RULES: RuleContext = { today: "2025-12-10", frequency: "monthly", stateCode: "27", remarksMaxLength: 250 };
const FIXTURE = readFileSync(join(__dirname, "fixtures", "ims-download-27AAACI1234F1Z2.json"), "utf8");

function download(text = FIXTURE): ImsDownload {
  const r = parseImsDownload(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const file = download();
const byDoc = (doc: string): DownloadedRecord => {
  const r = file.records.find((x) => x.record.docNumber === doc);
  if (!r) throw new Error(doc);
  return r;
};

function build(intents: [DownloadedRecord, UploadIntent][], extra: Partial<BuildUploadInput> = {}, records: readonly DownloadedRecord[] = file.records) {
  return buildUploadFile({ gstin: RECIPIENT, records, intents: new Map(intents.map(([r, i]) => [r.key, i])), rules: RULES, ...extra });
}

const HEAD = `{"rtin":"${RECIPIENT}","reqtyp":"SAVE","invdata":{`;

describe("the upload file", () => {
  test("echoes the downloaded record's text with only the action changed", () => {
    const r = byDoc("AO2SA2425002517");
    const out = build([[r, { action: "A" }]]);
    expect(r.raw).toContain('"action": "N",');
    expect(out.text).toBe(`${HEAD}"b2b":[${r.raw.replace('"action": "N"', '"action": "A"')}]}}`);
    expect(out.outcomes).toEqual([{ kind: "included", key: r.key, section: "B2B", action: "A", itcRedReqDefaulted: false }]);
    expect(out.empty).toBe(false);
    expect(out.bySection).toEqual({ B2B: 1 });
    expect(out.bytes).toBe(Buffer.byteLength(out.text, "utf8"));
  });

  test("only changed records go in; unchanged intents say so; unknown keys are listed", () => {
    const accepted = byDoc("DF/1123");
    const rejected = byDoc("SLT-2025-0042");
    const fresh = byDoc("QE-88812");
    const out = buildUploadFile({
      gstin: RECIPIENT,
      records: file.records,
      intents: new Map<string, UploadIntent>([
        [accepted.key, { action: "A" }],
        [rejected.key, { action: "R", remarks: "Goods not received" }],
        [fresh.key, { action: "R", remarks: "Not ordered" }],
        ["B2B|29AABCB5678K1Z5|NOPE|2025-11", { action: "A" }],
      ]),
      rules: RULES,
    });
    expect(out.outcomes.map((o) => [o.kind, o.key])).toEqual([
      ["unchanged", accepted.key],
      ["unchanged", rejected.key],
      ["included", fresh.key],
    ]);
    expect(out.unknownKeys).toEqual(["B2B|29AABCB5678K1Z5|NOPE|2025-11"]);
    const parsed = JSON.parse(out.text) as { rtin: string; reqtyp: string; invdata: Record<string, { inum: string; action: string; remarks?: string }[]> };
    expect(parsed.rtin).toBe(RECIPIENT);
    expect(parsed.reqtyp).toBe("SAVE");
    expect(Object.keys(parsed.invdata)).toEqual(["ecom"]);
    expect(parsed.invdata.ecom?.[0]).toMatchObject({ inum: "QE-88812", action: "R", remarks: "Not ordered" });
  });

  test("nothing changed: an empty file, as GSTN's tool makes", () => {
    const out = build([[byDoc("DF/1123"), { action: "A" }]]);
    expect(out.empty).toBe(true);
    expect(out.text).toBe(`${HEAD}}}`);
  });

  test("remarks: set on Reject and Pending in place, removed when cleared or accepting", () => {
    const r = byDoc("SLT-2025-0042");
    const pending = build([[r, { action: "P", remarks: "Awaiting \"GRN\"" }]]);
    expect(pending.text).toBe(`${HEAD}"b2b":[${r.raw.replace('"action": "R"', '"action": "P"').replace('"remarks": "Goods not received"', '"remarks": "Awaiting \\"GRN\\""')}]}}`);
    const cleared = build([[r, { action: "R" }]]);
    expect(cleared.text).toBe(`${HEAD}"b2b":[${r.raw.replace(',\n        "remarks": "Goods not received"', "")}]}}`);
    const accept = build([[r, { action: "A" }]]);
    expect(accept.text).not.toContain("remarks");
    const added = build([[byDoc("AO2SA2425002517"), { action: "R", remarks: "Wrong rate" }]]);
    const raw = byDoc("AO2SA2425002517").raw;
    expect(added.text).toContain(raw.replace('"action": "N"', '"action": "R"').replace(/\n {6}}$/, ',\n        "remarks": "Wrong rate"\n      }'));
  });

  test("an accepted credit note always carries itcRedReq: Y by default, or the declaration made", () => {
    const cn = byDoc("CN/25-26/014");
    const byDefault = build([[cn, { action: "A" }]]);
    expect(byDefault.text).toBe(`${HEAD}"b2bcn":[${cn.raw.replace('"action": "N"', '"action": "A"').replace(/\n {6}}$/, ',\n        "itcRedReq": "Y"\n      }')}]}}`);
    expect(byDefault.outcomes[0]).toMatchObject({ kind: "included", itcRedReq: "Y", itcRedReqDefaulted: true });

    const partial = build([[cn, { action: "A", itcReduction: { required: "Y", igst: 45004 } }]]);
    expect(partial.text).toContain('"action": "A"');
    expect(partial.text).toContain(',\n        "itcRedReq": "Y",\n        "declIgst": 450.04\n      }');
    expect(partial.outcomes[0]).toMatchObject({ itcRedReq: "Y", itcRedReqDefaulted: false });

    const never = build([[cn, { action: "A", itcReduction: { required: "N", igst: 0, cgst: 0, sgst: 0, cess: 0 } }]]);
    expect(never.text).toContain('"itcRedReq": "N"\n      }');
    expect(never.text).not.toContain("decl");

    const other = build([[cn, { action: "A" }]], { options: { creditNoteItcDefault: "N" } });
    expect(other.text).toContain('"itcRedReq": "N"');
  });

  test("a credit note whose ITC declaration is blocked gets no itcRedReq; rejecting one drops an earlier declaration", () => {
    const text = downloadText([spec("CN", 1, { itcBlocked: true }), spec("CN", 2, { action: "A", itc: { required: "Y", igst: 100 } })], { layout: "pretty" });
    const d = download(text);
    const [blocked, declared] = d.records as [DownloadedRecord, DownloadedRecord];
    const out = build([[blocked, { action: "A" }]], {}, d.records);
    expect(out.text).not.toContain('"itcRedReq"');
    expect(out.outcomes[0]).toMatchObject({ kind: "included", itcRedReqDefaulted: false });
    const rejected = build([[declared, { action: "R" }]], {}, d.records);
    expect(rejected.text).not.toMatch(/"itcRedReq"|"declIgst"/);
    expect(rejected.text).toContain('"action": "R"');
  });

  test("an accepted amendment carries a declaration only when one is made", () => {
    const a = byDoc("BT/2025/777A");
    expect(build([[a, { action: "A" }]]).text).not.toContain('"itcRedReq"');
    const declared = build([[a, { action: "A", itcReduction: { required: "Y", igst: 90000 } }]]);
    expect(declared.text).toContain('"itcRedReq": "Y",\n        "declIgst": 900\n      }');
  });

  test("rows breaking a portal rule are refused with the API path's code, column and message", () => {
    const out = build([
      [byDoc("MS-CN-9"), { action: "P" }],
      [byDoc("AO2SA2425002517"), { action: "R", remarks: "x".repeat(251) }],
      [byDoc("DF/1123"), { action: "A", remarks: "ok" }],
      [byDoc("QE-88812"), { action: "A", itcReduction: { required: "Y", igst: 100 } }],
      [byDoc("CN/25-26/014"), { action: "A", itcReduction: { required: "Y", igst: 999999999 } }],
    ]);
    expect(out.empty).toBe(true);
    // Outcomes come in the download's order.
    expect(out.outcomes.map((o) => (o.kind === "refused" ? o.reasons.map((r) => [r.code, r.field]) : o.kind))).toEqual([
      [["remarks-too-long", "remarks"]],
      [["remarks-need-reject-or-pending", "remarks"]],
      [["itc-declaration-exceeds-tax", "itcIgst"]],
      [["pending-blocked", "pendingAllowed"]],
      [["itc-declaration-not-allowed", "itcRequired"]],
    ]);
    const first = out.outcomes[3];
    expect(first?.kind === "refused" && first.reasons[0]?.message).toBe("The portal does not allow Pending on credit note MS-CN-9 of 06AAKCM9034H1ZA. Accept or Reject it.");
  });

  test("back to No action cannot go through the offline upload: refused on the row", () => {
    const out = build([[byDoc("DF/1123"), { action: "N" }]]);
    expect(out.empty).toBe(true);
    expect(out.outcomes).toEqual([
      {
        kind: "refused",
        key: byDoc("DF/1123").key,
        section: "B2B",
        reasons: [
          {
            code: "offline-cannot-reset",
            field: "action",
            message: "The portal's offline upload cannot set a record back to No action: its upload file saves only Accept, Reject or Pending. This record stays Accepted on the portal. To undo that, reset it on the GST portal's IMS dashboard, or choose A, R or P here.",
          },
        ],
      },
    ]);
    const needs = build([[byDoc("AO2SA2425002517"), { action: "N", remarks: "checking" }]]);
    expect(needs.outcomes[0]).toMatchObject({ kind: "refused", reasons: [{ code: "needs-action", field: "action" }] });
  });

  test("a record held twice in the download, or kept with another record's text, is refused", () => {
    const a = spec("B2B", 1);
    const d = download(downloadText([a, { ...a, docNumber: a.docNumber.toLowerCase(), hash: "x" }]));
    const dup = build([[d.records[0]!, { action: "A" }]], {}, d.records);
    expect(dup.outcomes[0]).toMatchObject({ kind: "refused", reasons: [{ code: "duplicate-record", field: "docNumber" }] });

    const r = byDoc("AO2SA2425002517");
    const swapped = { ...r, raw: byDoc("DF/1123").raw };
    const mixed = build([[swapped, { action: "A" }]], {}, [swapped]);
    expect(mixed.outcomes[0]).toMatchObject({ kind: "refused", reasons: [{ code: "record-text-mismatch", message: expect.stringContaining("is of another record (DF/1123 of 07AAFCD4321M1ZN)") }] });
    const damaged = { ...r, raw: r.raw.slice(0, 40) };
    expect(build([[damaged, { action: "A" }]], {}, [damaged]).outcomes[0]).toMatchObject({ kind: "refused", reasons: [{ code: "record-text-mismatch", message: expect.stringContaining("is damaged") }] });
  });

  test("options: prev_status, fields left out, the section keys the download used", () => {
    const r = byDoc("AO2SA2425002517");
    const out = build([[r, { action: "P" }]], { options: { includePrevStatus: true, omitFields: ["tradenm", "hash"] } });
    const expected = r.raw
      .replace('"action": "N"', '"action": "P"')
      .replace('\n        "tradenm": "Umiya Packaging \\u0026 Co.",', "")
      .replace(/,\n {8}"hash": "[0-9a-f]+"\n {6}}$/, ',\n        "prev_status": "N"\n      }');
    expect(out.text).toBe(`${HEAD}"b2b":[${expected}]}}`);

    const eco = download(downloadText([spec("ECOM", 1)], { sectionKeys: "eco" }));
    const e = build([[eco.records[0]!, { action: "A" }]], {}, eco.records);
    expect(Object.keys((JSON.parse(e.text) as { invdata: object }).invdata)).toEqual(["eco"]);
    const upper = download(downloadText([spec("CN", 1)], { sectionKeys: "upper" }));
    expect(upper.records[0]!.sectionKey).toBe("B2BCN");
    const u = build([[upper.records[0]!, { action: "R" }]], {}, upper.records);
    expect(Object.keys((JSON.parse(u.text) as { invdata: object }).invdata)).toEqual(["b2bcn"]);
  });

  test("sections and records keep the download's order", () => {
    const picks = ["QE-88812", "CN/25-26/014", "AO2SA2425002517", "BT/2025/777A", "MS-CN-9"].map(byDoc);
    const out = build(picks.map((r) => [r, { action: "A" }]));
    const root = readJson(out.text);
    if (!root.ok || !isObject(root.value)) throw new Error("upload not JSON");
    const invdata = root.value.members.get("invdata");
    if (!isObject(invdata)) throw new Error("no invdata");
    expect([...invdata.members.keys()]).toEqual(["b2b", "b2ba", "b2bcn", "ecom"]);
    const cn = invdata.members.get("b2bcn");
    expect(isArray(cn) && cn.items.length).toBe(2);
  });

  test("a GSTIN that is not one is a programming error", () => {
    expect(() => build([], { gstin: "27AAACI1234" })).toThrow(/is not one/);
  });
});

describe("helpers for the app", () => {
  test("uploadIntentOf reads a row's editable columns", () => {
    expect(uploadIntentOf({ action: "R", remarks: "x" })).toEqual({ action: "R", remarks: "x" });
    expect(uploadIntentOf({ action: "A", remarks: "", itcReduction: { required: "N" } })).toEqual({ action: "A", itcReduction: { required: "N" } });
    expect(uploadIntentOf({ action: null, remarks: "", unparsed: { action: "maybe" } })).toBeNull();
  });

  test("uploadFileName names the GSTIN and the time in India", () => {
    expect(uploadFileName(RECIPIENT.toLowerCase(), Date.UTC(2026, 4, 21, 9, 0))).toBe(`IMS_upload_${RECIPIENT}_20260521_1430.json`);
  });
});
