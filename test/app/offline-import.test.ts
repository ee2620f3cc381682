/**
 * "Open a portal IMS file" (issue 13), end to end through the application on the Excel fake,
 * with no API account and no sign-in: the records go into the same section sheets a pull writes,
 * by the same refresh rules; the workbook records the file and the GSTIN; another GSTIN's file
 * and malformed files are refused with a plain sentence and change nothing.
 */
import { SETTINGS_KEY } from "../../src/workbook";
import { BLOB_HEADERS } from "../../src/workbook/blob-sheet";
import { OFFLINE_RECORDS_SHEET } from "../../src/workbook/offline-store";
import { downloadText, OTHER_RECIPIENT, RECIPIENT, sampleSpecs, spec, type WireSpec } from "../offline/fixtures/builders";
import { MH, startWorld } from "./helpers";
import { keyOf, NOW, offlineWorld, picked, rowOf, rowsOf, snapshot, typeFor, type OfflineWorld } from "./offline-helpers";

let w: OfflineWorld;
function useOfflineWorld(): void {
  beforeEach(() => {
    w = offlineWorld();
  });
  afterEach(() => w.close());
}

describe("opening the portal's IMS file", () => {
  useOfflineWorld();
  test("into a new workbook without a sign-in: the section sheets, the file and its GSTIN in the metadata, the records' texts kept in a hidden sheet", async () => {
    const specs = sampleSpecs();
    const report = await w.app.offline.openImsFile(picked(downloadText(specs, { layout: "pretty" })));

    expect(w.app.sessionState().status).toBe("signed-out");
    expect(report.file).toMatchObject({ fileName: "IMS_27AAACI1234F1Z2_102026.json", fileDate: "2026-10-09T12:00:00.000Z", gstin: RECIPIENT, records: specs.length, frequency: "monthly" });
    expect(report.gstinConfirmed).toBe(true);
    expect(report.sections.map((s) => `${s.section} ${s.records} ${s.added}`).sort()).toEqual(["B2B 4 4", "B2BA 1 1", "CN 3 3", "CNA 1 1", "DN 1 1", "DNA 1 1", "ECOM 1 1", "ECOMA 1 1"]);

    // The rows are those of a pull: portal columns, the action on the portal, the key.
    const accepted = rowOf(w.fake, specs[1] as WireSpec);
    expect(accepted).toMatchObject({ key: keyOf(specs[1] as WireSpec), portalAction: "Accepted", action: "A", supplierGstin: (specs[1] as WireSpec).stin });
    const rejected = rowOf(w.fake, specs[2] as WireSpec);
    expect(rejected).toMatchObject({ action: "R", remarks: "Rate differs from PO" });

    // The metadata: the GSTIN, and the file it came from.
    const meta = w.fake.inspect.settings()[SETTINGS_KEY] as Record<string, unknown>;
    expect(meta.gstin).toBe(RECIPIENT);
    expect(meta.offline).toEqual({ fileName: "IMS_27AAACI1234F1Z2_102026.json", fileDate: "2026-10-09T12:00:00.000Z", importedAt: NOW.toISOString(), frequency: "monthly", records: specs.length });

    // The records' texts: a hidden sheet, every part a tagged text within a cell's limit.
    expect(w.fake.inspect.sheetNames()).toContain(OFFLINE_RECORDS_SHEET);
    const used = w.fake.inspect.usedRange(OFFLINE_RECORDS_SHEET) as string;
    const grid = w.fake.inspect.values(OFFLINE_RECORDS_SHEET, used);
    expect(grid[0]).toEqual([...BLOB_HEADERS]);
    for (const row of grid.slice(1)) {
      expect(typeof row[3]).toBe("string");
      expect((row[3] as string).length).toBeLessThanOrEqual(32_767);
      expect(row[3] as string).toMatch(/^(z1|t1):/);
    }
    expect(w.fake.inspect.cell(OFFLINE_RECORDS_SHEET, "D2").numberFormat).toBe("@");

    // Status says the same after a reopen.
    const status = await w.reopen().offline.status();
    expect(status).toEqual({ gstin: RECIPIENT, file: report.file, upload: null });
  });

  test("opened again over an edited sheet: edits kept, a document the supplier changed under an entry flagged, a record gone marked, a new one added", async () => {
    const a = spec("B2B", 21);
    const b = spec("B2B", 22);
    const c = spec("B2B", 23);
    await w.app.offline.openImsFile(picked(downloadText([a, b, c])));
    typeFor(w.fake, a, "action", "A");
    typeFor(w.fake, b, "action", "R");
    typeFor(w.fake, b, "remarks", "Not ordered");

    const changed: WireSpec = { ...a, taxable: a.taxable + 50_000, value: a.value + 50_000, hash: "changed-by-supplier" };
    const d = spec("B2B", 24);
    const report = await w.reopen().offline.openImsFile(picked(downloadText([changed, b, d]), "IMS_27AAACI1234F1Z2_112026.json"));

    expect(report.sections).toEqual([expect.objectContaining({ section: "B2B", records: 3, added: 1, keptEdits: 2, leftPortal: 1, awaitingConfirmation: 1 })]);
    const rowA = rowOf(w.fake, a);
    expect(rowA).toMatchObject({ action: "A", taxableValue: changed.taxable / 100, result: "Conflict", state: "supplier-changed" });
    expect(String(rowA.message)).toMatch(/The supplier changed this document after you entered your action: .*taxable value ₹3,592.45 → ₹4,092.45/);
    expect(rowOf(w.fake, b)).toMatchObject({ action: "R", remarks: "Not ordered", result: "" });
    expect(rowOf(w.fake, c)).toMatchObject({ result: "Not on portal", state: "not-on-portal" });
    expect(rowOf(w.fake, d)).toMatchObject({ action: "N", portalAction: "No action" });
    expect(rowsOf(w.fake, "B2B")).toHaveLength(4);
    const meta = w.fake.inspect.settings()[SETTINGS_KEY] as { offline: { fileName: string } };
    expect(meta.offline.fileName).toBe("IMS_27AAACI1234F1Z2_112026.json");
  });

  test("a file that does not name its GSTIN: the one typed is used, and the pane is told it could not be checked", async () => {
    const text = downloadText([spec("B2B", 1)]);
    await expect(w.app.offline.openImsFile(picked(text, "ims.json"))).rejects.toThrow("Which GSTIN is this file for?");
    expect(w.fake.inspect.settings()).toEqual({});
    const report = await w.app.offline.openImsFile(picked(text, "ims.json"), { gstin: RECIPIENT, frequency: "quarterly" });
    expect(report.gstinConfirmed).toBe(false);
    expect(report.notices[0]).toMatch(/does not name its GSTIN/);
    expect(report.file).toMatchObject({ gstin: RECIPIENT, frequency: "quarterly" });
  });
});

describe("refused files change nothing", () => {
  useOfflineWorld();
  async function expectRefused(text: string, name: string, title: RegExp | string, detail: RegExp, options = {}): Promise<void> {
    const before = snapshot(w.fake);
    const syncsBefore = w.fake.stats().syncs;
    const error = await w.app.offline.openImsFile(picked(text, name), options).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    const explained = w.app.explain(error);
    expect(explained.title).toMatch(title);
    expect(explained.detail).toMatch(detail);
    expect(explained.detail).toMatch(/Nothing in the workbook was changed\./);
    expect(snapshot(w.fake)).toBe(before);
    // Read at most (the metadata), never written.
    expect(w.fake.stats().syncs - syncsBefore).toBeLessThanOrEqual(2);
  }

  test("another GSTIN's file, by its JSON or its name, in a new workbook (GSTIN typed) or one of the workbook's GSTIN", async () => {
    const other = downloadText([spec("B2B", 1)], { gstin: OTHER_RECIPIENT });
    await expectRefused(other, "ims.json", "This file is for another GSTIN", new RegExp(`This file is for GSTIN ${OTHER_RECIPIENT}, but this workbook is for ${RECIPIENT}`), { gstin: RECIPIENT });

    await w.app.offline.openImsFile(picked(downloadText(sampleSpecs())));
    typeFor(w.fake, sampleSpecs()[0] as WireSpec, "action", "A");
    await expectRefused(other, "ims.json", "This file is for another GSTIN", new RegExp(`GSTIN ${OTHER_RECIPIENT}.*${RECIPIENT}`));
    await expectRefused(downloadText([spec("B2B", 1)]), `IMS_${OTHER_RECIPIENT}_102026.json`, "This file is for another GSTIN", /going by its name/);
  });

  test("malformed files: cut off, not JSON, a web page, an unknown section, an upload or error file, empty; over a filled workbook", async () => {
    await w.app.offline.openImsFile(picked(downloadText(sampleSpecs())));
    typeFor(w.fake, sampleSpecs()[0] as WireSpec, "action", "A");
    const good = downloadText(sampleSpecs(), { layout: "pretty" });
    await expectRefused(good.slice(0, Math.floor(good.length / 2)), "ims.json", "This file cannot be opened", /ends before its JSON does \(line \d+, column \d+.*cut off/);
    await expectRefused("stin,inum\n29AABCB5678K1Z5,INV1", "ims.csv", "This file cannot be opened", /not valid JSON at line 1, column 1/);
    await expectRefused("<!doctype html><title>Session expired</title>", "ims.json", "This file cannot be opened", /web page \(HTML\)/);
    await expectRefused('{"imsDetails":{"b2b":[],"impg":[{"boe":"1"}]}}', "ims.json", "This file cannot be opened", /section "impg" that the add-in does not know/);
    await expectRefused(`{"rtin":"${RECIPIENT}","reqtyp":"SAVE","invdata":{"b2b":[]}}`, "ims.json", "This file cannot be opened", /upload file/);
    await expectRefused('{"imsDetailsErr":{"b2b":[]}}', "ims.json", "This file cannot be opened", /error file/);
    await expectRefused("   ", "ims.json", "This file cannot be opened", /is empty/);
  });
});

describe("refused files change nothing, signed in", () => {
  test("a file of another GSTIN than the one signed in, in a new workbook", async () => {
    const world = await startWorld({ sandbox: { recordsPerGstin: 5 } });
    try {
      const before = snapshot(world.fake);
      const text = downloadText([spec("B2B", 1)], { gstin: OTHER_RECIPIENT });
      const error = await world.app.offline.openImsFile(picked(text, "ims.json")).catch((e: unknown) => e);
      expect(world.app.explain(error).detail).toContain(`This file is for GSTIN ${OTHER_RECIPIENT}, but this workbook is for ${MH}`);
      expect(snapshot(world.fake)).toBe(before);
    } finally {
      await world.close();
    }
  });
});

