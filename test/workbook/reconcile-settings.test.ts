/**
 * Reconciliation's settings in the workbook (issue 11): the register's confirmed mapping and the
 * matching config, each saved without touching the other, read back tolerantly (a value that is
 * not ours reads as the defaults, never an error); and the pane's view of the config (rupees)
 * converted to and from the matcher's (paise), with errors naming the setting.
 */
import { proposeMapping } from "../../src/ims/register";
import { DEFAULT_CONFIG, resolveConfig, type ReconcileConfigInput } from "../../src/ims/reconcile";
import { configFromSettings, settingsFromConfig, type ReconcileSettingsView } from "../../src/ims/reconcile/settings-view";
import {
  DEFAULT_RECONCILE_SETTINGS,
  RECONCILE_SETTINGS_KEY,
  readReconcileSettings,
  saveReconcileConfig,
  saveRegisterMapping,
  type StoredRegisterMapping,
} from "../../src/workbook";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";

let fake: FakeExcelHandle;
beforeEach(() => {
  fake = installExcelFake({ today: "2025-11-21" });
});
afterEach(() => fake.uninstall());

const HEADER = ["Date", "Particulars", "Voucher No.", "Supplier Invoice No.", "Supplier Invoice Date", "GSTIN/UIN", "Taxable Value", "Input IGST @18%", "Input IGST @12%", "Invoice Value"];

function mapping(confirmed = true): StoredRegisterMapping {
  const proposal = proposeMapping([["Purchase register"], [], HEADER, [45962, "Bharat Traders", "PV-1", "INV-1", 45962, "29AABCB5678K1Z5", 1000, 180, 0, 1180]]);
  return { proposal, confirmed, sheetName: "Purchase register" };
}

const CONFIG: ReconcileConfigInput = {
  dateWindowDays: 5,
  tolerances: { igst: { paise: 250, percent: 0.5 } },
  actions: { mismatch: { action: "R", remarks: "Amounts differ" }, duplicate: null },
};

async function writeRaw(value: unknown): Promise<void> {
  await Excel.run(async (context) => {
    context.workbook.settings.add(RECONCILE_SETTINGS_KEY, value);
    await context.sync();
  });
}

describe("kept in the workbook", () => {
  test("nothing saved reads as the defaults", async () => {
    expect(await readReconcileSettings()).toEqual({ version: 1, mapping: null, config: null });
    expect(DEFAULT_RECONCILE_SETTINGS).toEqual({ version: 1, mapping: null, config: null });
  });

  test("the mapping and the config round-trip, each saved without touching the other", async () => {
    const m = mapping();
    expect(m.proposal.mapping.headerRow).toBe(2);
    await saveRegisterMapping(m);
    expect(await readReconcileSettings()).toEqual({ version: 1, mapping: m, config: null });

    await saveReconcileConfig(CONFIG);
    expect(await readReconcileSettings()).toEqual({ version: 1, mapping: m, config: CONFIG });

    const unconfirmed = mapping(false);
    await saveRegisterMapping(unconfirmed);
    expect(await readReconcileSettings()).toEqual({ version: 1, mapping: unconfirmed, config: CONFIG });

    await saveRegisterMapping(null);
    expect(await readReconcileSettings()).toEqual({ version: 1, mapping: null, config: CONFIG });

    // One key, plain JSON, in paise.
    const stored = fake.inspect.settings()[RECONCILE_SETTINGS_KEY] as Record<string, unknown>;
    expect(stored).toEqual({ version: 1, mapping: null, config: CONFIG });
  });

  test("the summed ledger columns of a mapping are kept as they were read", async () => {
    const m = mapping();
    expect(m.proposal.mapping.columns.igst).toEqual([7, 8]);
    await saveRegisterMapping(m);
    expect((await readReconcileSettings()).mapping?.proposal.mapping.columns.igst).toEqual([7, 8]);
  });

  test("only the known fields are written, whatever the caller's object holds", async () => {
    const m = mapping();
    const withExtras = { ...m, token: "secret-token", proposal: { ...m.proposal, apiKey: "k" } } as StoredRegisterMapping;
    await saveRegisterMapping(withExtras);
    await saveReconcileConfig({ ...CONFIG, password: "p" } as ReconcileConfigInput);
    const json = JSON.stringify(fake.inspect.settings());
    expect(json).not.toContain("secret-token");
    expect(json).not.toContain("apiKey");
    expect(json).not.toContain("password");
    expect(await readReconcileSettings()).toEqual({ version: 1, mapping: m, config: CONFIG });
  });

  test("a config that is not valid is refused, naming the setting, and nothing is written", async () => {
    await saveRegisterMapping(mapping());
    const before = fake.inspect.settings();
    await expect(saveReconcileConfig({ dateWindowDays: 400 })).rejects.toThrow(/dateWindowDays/);
    await expect(saveReconcileConfig({ tolerances: { cgst: { paise: -1 } } })).rejects.toThrow(/tolerances\.cgst/);
    await expect(saveRegisterMapping({ proposal: {}, confirmed: true, sheetName: "Purchase register" } as unknown as StoredRegisterMapping)).rejects.toThrow(/Not a register mapping/);
    expect(fake.inspect.settings()).toEqual(before);
  });

  test.each([
    ["JSON that does not parse", "{not json"],
    ["a JSON string of something else", JSON.stringify([1, 2, 3])],
    ["a number", 42],
    ["another version", { version: 2, mapping: null, config: { dateWindowDays: 3 } }],
    ["an object without a version", { mapping: null, config: { dateWindowDays: 3 } }],
  ])("%s reads as the defaults", async (_, value) => {
    await writeRaw(value);
    expect(await readReconcileSettings()).toEqual({ version: 1, mapping: null, config: null });
  });

  test("each part that cannot be read reads as its default; the other is kept", async () => {
    const m = mapping();
    await writeRaw({ version: 1, mapping: m, config: { dateWindowDays: "ten" } });
    expect(await readReconcileSettings()).toEqual({ version: 1, mapping: m, config: null });

    await writeRaw({ version: 1, mapping: { ...m, proposal: { ...m.proposal, mapping: { headerRow: -1, headerRows: 1, columns: {} } } }, config: CONFIG });
    expect(await readReconcileSettings()).toEqual({ version: 1, mapping: null, config: CONFIG });

    await writeRaw({ version: 1, mapping: { ...m, proposal: { ...m.proposal, mapping: { ...m.proposal.mapping, columns: { notAField: [1] } } } }, config: { actions: { exact: { action: "X" } } } });
    expect(await readReconcileSettings()).toEqual({ version: 1, mapping: null, config: null });

    // Stored as a JSON string (by an older or hand-made file) reads the same.
    await writeRaw(JSON.stringify({ version: 1, mapping: m, config: CONFIG }));
    expect(await readReconcileSettings()).toEqual({ version: 1, mapping: m, config: CONFIG });
  });

  test("saving over a value that is not ours replaces it", async () => {
    await writeRaw("{not json");
    await saveReconcileConfig(CONFIG);
    expect(fake.inspect.settings()[RECONCILE_SETTINGS_KEY]).toEqual({ version: 1, mapping: null, config: CONFIG });
  });
});

describe("the pane's view of the config", () => {
  function view(): ReconcileSettingsView {
    return settingsFromConfig(DEFAULT_CONFIG);
  }

  test("the defaults in rupees, and no action as null with empty remarks", () => {
    const v = view();
    expect(v.dateWindowDays).toBe(10);
    expect(v.tolerances.igst).toEqual({ rupees: 1, percent: 0 });
    expect(v.tolerances.value).toEqual({ rupees: 5, percent: 0 });
    expect(v.actions.exact).toEqual({ action: "A", remarks: "" });
    expect(v.actions.mismatch).toEqual({ action: "P", remarks: "difference" });
    expect(v.actions.duplicate).toEqual({ action: null, remarks: "" });
    expect(Object.keys(v.actions).sort()).toEqual(["duplicate", "exact", "mismatch", "missing_in_pr", "notFiled", "suggested"]);
  });

  test("round trip: view → config → view, and the config resolves to the same", () => {
    const v = view();
    v.dateWindowDays = 3;
    v.tolerances.cgst = { rupees: 2.5, percent: 1.5 };
    v.tolerances.taxableValue = { rupees: 0.1, percent: 0 };
    v.actions.duplicate = { action: "R", remarks: "Duplicate of another invoice" };
    v.actions.exact = { action: "A", remarks: "" };
    v.actions.notFiled = { action: null, remarks: "" };
    const input = configFromSettings(v);
    expect(input.tolerances?.cgst).toEqual({ paise: 250, percent: 1.5 });
    expect(input.tolerances?.taxableValue).toEqual({ paise: 10, percent: 0 });
    expect(input.actions?.exact).toEqual({ action: "A" });
    expect(input.actions?.exact && "remarks" in input.actions.exact).toBe(false);
    expect(input.actions?.notFiled).toBeNull();
    expect(settingsFromConfig(resolveConfig(input))).toEqual(v);
    expect(resolveConfig(configFromSettings(view()))).toEqual(DEFAULT_CONFIG);
  });

  test("remarks are trimmed; blank remarks are none", () => {
    const v = view();
    v.actions.mismatch = { action: "P", remarks: "  Check the rate  " };
    v.actions.missing_in_pr = { action: "P", remarks: "   " };
    const input = configFromSettings(v);
    expect(input.actions?.mismatch).toEqual({ action: "P", remarks: "Check the rate" });
    expect(input.actions?.missing_in_pr).toEqual({ action: "P" });
  });

  test.each<[string, (v: ReconcileSettingsView) => void, RegExp]>([
    ["a fractional date window", (v) => (v.dateWindowDays = 1.5), /^Date window: must be a whole number of days from 0 to 366$/],
    ["a date window over a year", (v) => (v.dateWindowDays = 367), /^Date window: /],
    ["a negative date window", (v) => (v.dateWindowDays = -1), /^Date window: /],
    ["a negative IGST tolerance", (v) => (v.tolerances.igst = { rupees: -1, percent: 0 }), /^Tolerance for IGST: the amount must be 0 or more rupees$/],
    ["a tolerance below a paisa", (v) => (v.tolerances.cgst = { rupees: 0.125, percent: 0 }), /^Tolerance for CGST: the amount can have at most two decimals/],
    ["a tolerance that is not a number", (v) => (v.tolerances.taxableValue = { rupees: Number.NaN, percent: 0 }), /^Tolerance for taxable value: /],
    ["a percent over 100", (v) => (v.tolerances.value = { rupees: 5, percent: 101 }), /^Tolerance for document value: the percent must be from 0 to 100$/],
    ["a missing head", (v) => delete (v.tolerances as Partial<ReconcileSettingsView["tolerances"]>).cess, /^Tolerance for cess: missing$/],
    ["an action that is not A, R or P", (v) => (v.actions.mismatch = { action: "N" as "A", remarks: "" }), /^Action for mismatches: must be A \(accept\), R \(reject\), P \(keep pending\) or none$/],
    ["remarks over the portal's limit", (v) => (v.actions.duplicate = { action: "R", remarks: "x".repeat(251) }), /^Remarks for duplicates: at most 250 characters$/],
  ])("%s is refused, naming the setting", (_, change, message) => {
    const v = view();
    change(v);
    expect(() => configFromSettings(v)).toThrow(message);
  });

  test("rounding of rupees to paise does not refuse two-decimal amounts", () => {
    const v = view();
    v.tolerances.sgst = { rupees: 0.29, percent: 0 };
    v.tolerances.igst = { rupees: 1234567.89, percent: 0 };
    const input = configFromSettings(v);
    expect(input.tolerances?.sgst?.paise).toBe(29);
    expect(input.tolerances?.igst?.paise).toBe(123456789);
  });
});
