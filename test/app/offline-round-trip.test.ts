/**
 * The round trip of issue 13, through the whole product on the Excel fake: the portal's file →
 * the section sheets → edits typed into cells → a reopened workbook → the upload file. Every
 * record of the upload is the downloaded record's text byte for byte, except its action fields
 * (action, remarks, the ITC-reduction fields), whatever the file's layout and spellings.
 */
import { withoutActionFields } from "../../src/ims/offline";
import { readSectionSheets } from "../../src/workbook";
import { readDownloadedRecords } from "../../src/workbook/offline-store";
import { downloadText, RECIPIENT, sampleSpecs, spec, type Variant, type WireSpec } from "../offline/fixtures/builders";
import { asRendered } from "../offline/fixtures/rendered";
import { offlineWorld, picked, recordTexts, rowOf, typeFor, uploadTexts, type OfflineWorld } from "./offline-helpers";

let w: OfflineWorld;
beforeEach(() => {
  w = offlineWorld();
});
afterEach(() => w.close());

/** A change every record allows: Accept what has no action, Reject (with remarks) what was accepted, else Accept. */
function editFor(s: WireSpec): { action: "A" | "R" | "P"; remarks?: string } {
  if (s.action === "A") return s.remarksBlocked ? { action: "R" } : { action: "R", remarks: "Returned: short supply & wrong rate" };
  if (s.action === "R" && !s.pendingBlocked) return { action: "P", remarks: "Awaiting credit note" };
  return { action: "A" };
}

function messySpecs(): WireSpec[] {
  return [
    ...sampleSpecs(),
    spec("B2B", 40, { tradenm: 'Café "Étoile" / Traders\t(Pune) \u2014 ₹', extra: [["irn", '"a\\/b\\u00e9\\u0026"'], ["irngendate", "1.5e3"], ["itms", '[{"rt":18,"txval":100.10}]'], ["ordno", "12345678901234567890"]] }),
    spec("B2B", 41, { tradenm: '=HYPERLINK("http://x")', action: "R", remarks: "Old remark" }),
    spec("B2B", 42, { docNumber: "00123", remarksBlocked: true, action: "A" }),
    spec("CN", 43, { itcBlocked: true }),
    spec("CN", 44, { action: "A", itc: { required: "Y", igst: 1000, cgst: 0 } }),
    spec("DN", 45, { docNumber: "-12A", pendingBlocked: true, action: "R" }),
  ];
}

const VARIANTS: [string, Variant][] = [
  ["compact, the API's spellings", {}],
  ["pretty, CRLF, a byte-order mark, amounts with two decimals", { layout: "crlf", bom: true, amounts: "fixed2" }],
  ["tabs, periods as MM, boolean flags, FILED/SAVED, eco/ecoa, snake_case ITC names", { layout: "tabs", rtnprd: "MM", flags: "boolean", filing: "upper", sectionKeys: "eco", itcNames: "snake" }],
  ["spaced, under data, ispendactnallwd, isItcRedReqBlocked, amounts as strings, upper-case keys", { layout: "spaced", envelope: "data", pendingName: "ispendactnallwd", itcBlockedName: "isItcRedReqBlocked", amounts: "string", sectionKeys: "upper", gstin: RECIPIENT }],
];

test.each(VARIANTS)("%s: every record echoed byte for byte except the action fields", async (_name, variant) => {
  const specs = messySpecs();
  const file = downloadText(specs, variant);
  const report = await w.app.offline.openImsFile(picked(file), { gstin: RECIPIENT });
  expect(report.sections.reduce((n, s) => n + s.records, 0)).toBe(specs.length);

  for (const s of specs) {
    const e = editFor(s);
    typeFor(w.fake, s, "action", e.action);
    typeFor(w.fake, s, "remarks", e.remarks ?? "");
    // A declaration goes with Accept only: rejecting an accepted credit note clears it.
    if (s.itc && e.action !== "A") for (const id of ["itcRequired", "itcIgst", "itcCgst", "itcSgst", "itcCess"] as const) typeFor(w.fake, s, id, "");
  }

  const upload = await w.reopen().offline.saveUploadFile();
  expect(upload.refused).toEqual([]);
  expect(upload.conflicts).toEqual([]);
  expect(upload.records).toBe(specs.length);
  const sent = uploadTexts(upload.file?.text ?? "");
  const downloaded = recordTexts(file, specs);
  expect(sent.size).toBe(specs.length);
  for (const s of specs) {
    const up = sent.get(s.docNumber);
    const raw = downloaded.get(s.docNumber);
    if (!up || !raw) throw new Error(`missing ${s.docNumber}`);
    // Byte for byte, once the action fields are taken out of both.
    expect(withoutActionFields(up.text)).toBe(withoutActionFields(raw));
    const e = editFor(s);
    expect(up.members.get("action")).toBe(e.action);
    expect(up.members.get("remarks")).toBe(e.remarks);
    for (const snake of ["itc_red_req", "decl_igst", "decl_cgst", "decl_sgst", "decl_cess"]) expect(up.members.has(snake)).toBe(false);
    expect(rowOf(w.fake, s)).toMatchObject({ result: "In upload file", state: "in-upload" });
  }
});

test.each(VARIANTS)("%s: every row gives back its record's text from what the row holds, none kept verbatim", async (_name, variant) => {
  const specs = sampleSpecs();
  const file = downloadText(specs, variant);
  await w.app.offline.openImsFile(picked(file), { gstin: RECIPIENT });
  const kept = await readDownloadedRecords();
  expect(kept.byKey.size).toBe(0);
  const downloaded = recordTexts(file, specs);
  const rows = (await readSectionSheets()).flatMap((s) => s.rows);
  expect(rows).toHaveLength(specs.length);
  for (const row of rows) {
    const text = kept.texts?.textOf(row.record);
    expect(text).toEqual(expect.objectContaining({ ok: true, raw: asRendered(downloaded.get(row.record.docNumber) as string) }));
  }
});
