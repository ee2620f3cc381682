/**
 * Workbook-level metadata, kept in workbook settings (stored inside the file and shared with
 * everyone who opens it): the GSTIN the sheets belong to, when each section was pulled, and
 * the layout version. Never a token, key or secret: only the fields below are ever written,
 * copied one by one, whatever object the caller holds.
 */
import { NO_GSTR2B_ACTIVITY, type Gstr2bActivity } from "../ims/gstr2b-calendar";
import { isTaxPeriod, type TaxPeriod } from "../ims/periods";
import { SECTION_CODES, type SectionCode } from "../ims/sections";
import { LAYOUT_VERSION } from "./layout";
import { cleanOfflineSource, type OfflineSource } from "./offline-source";

export const SETTINGS_KEY = "ims-for-excel";

export interface WorkbookMetadata {
  layoutVersion: number;
  gstin: string;
  /** ISO instant of the latest pull, per section. */
  pulledAt: Partial<Record<SectionCode, string>>;
  /** ISO instant of the counts on the Summary sheet. */
  countsAt?: string;
  /** What the add-in changed and recomputed, so the GSTR-2B panel offers only periods worth recomputing. */
  gstr2b: Gstr2bActivity;
  /** The supplier view on the sales sheets (layout 3): its period and return, and when it was pulled. */
  outward?: OutwardPull;
  /** The added-back liabilities on the Added back sheet (layout 3). */
  addedBack?: { period: TaxPeriod; pulledAt: string };
  /** ISO instant of the supplier-wise review on the Suppliers sheet (layout 3). */
  suppliersAt?: string;
  /** Without an API account: the portal's IMS file the sheets were last read from, and the upload file last saved (issue 13). */
  offline?: OfflineSource;
}

export interface OutwardPull {
  period: TaxPeriod;
  form: "GSTR-1" | "GSTR-1A";
  pulledAt: string;
}

function cleanOutward(value: unknown): OutwardPull | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  const pulledAt = instant(v.pulledAt);
  if (typeof v.period !== "string" || !isTaxPeriod(v.period) || (v.form !== "GSTR-1" && v.form !== "GSTR-1A") || !pulledAt) return undefined;
  return { period: v.period, form: v.form, pulledAt };
}

function cleanAddedBack(value: unknown): { period: TaxPeriod; pulledAt: string } | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  const pulledAt = instant(v.pulledAt);
  return typeof v.period === "string" && isTaxPeriod(v.period) && pulledAt ? { period: v.period, pulledAt } : undefined;
}

export class WorkbookGstinMismatchError extends Error {
  constructor(
    readonly workbookGstin: string,
    readonly requestedGstin: string,
  ) {
    super(`This workbook holds IMS data of GSTIN ${workbookGstin}; open a new workbook to work with ${requestedGstin}.`);
    this.name = "WorkbookGstinMismatchError";
  }
}

const GSTIN_SHAPE = /^[0-9A-Z]{15}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function instant(value: unknown): string | undefined {
  return typeof value === "string" && ISO_INSTANT.test(value) ? value : undefined;
}

function instantsByPeriod(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value || typeof value !== "object") return out;
  for (const [period, at] of Object.entries(value as Record<string, unknown>)) {
    const clean = instant(at);
    if (isTaxPeriod(period) && clean) out[period] = clean;
  }
  return out;
}

function cleanActivity(value: unknown): Gstr2bActivity {
  if (!value || typeof value !== "object") return NO_GSTR2B_ACTIVITY;
  const v = value as Record<string, unknown>;
  return { changedAt: instantsByPeriod(v.changedAt), recomputedAt: instantsByPeriod(v.recomputedAt) };
}

/** The later of two ISO instants per period. */
function latestByPeriod(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = { ...a };
  for (const [period, at] of Object.entries(b)) if (!out[period] || Date.parse(at) > Date.parse(out[period])) out[period] = at;
  return out;
}

/** Only the known fields, each checked; anything else in `value` is dropped. */
export function cleanMetadata(value: unknown): WorkbookMetadata | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  if (typeof v.gstin !== "string" || !GSTIN_SHAPE.test(v.gstin)) return null;
  const pulledAt: Partial<Record<SectionCode, string>> = {};
  const rawPulled = v.pulledAt && typeof v.pulledAt === "object" ? (v.pulledAt as Record<string, unknown>) : {};
  for (const code of SECTION_CODES) {
    const at = instant(rawPulled[code]);
    if (at) pulledAt[code] = at;
  }
  const out: WorkbookMetadata = {
    layoutVersion: typeof v.layoutVersion === "number" && Number.isInteger(v.layoutVersion) ? v.layoutVersion : LAYOUT_VERSION,
    gstin: v.gstin,
    pulledAt,
    gstr2b: cleanActivity(v.gstr2b),
  };
  const countsAt = instant(v.countsAt);
  if (countsAt) out.countsAt = countsAt;
  const outward = cleanOutward(v.outward);
  if (outward) out.outward = outward;
  const addedBack = cleanAddedBack(v.addedBack);
  if (addedBack) out.addedBack = addedBack;
  const suppliersAt = instant(v.suppliersAt);
  if (suppliersAt) out.suppliersAt = suppliersAt;
  const offline = cleanOfflineSource(v.offline);
  if (offline) out.offline = offline;
  return out;
}

/** Metadata after a pull or a count refresh. Throws when the workbook belongs to another GSTIN. */
export function nextMetadata(
  current: WorkbookMetadata | null,
  update: {
    gstin: string;
    pulledAt?: Partial<Record<SectionCode, string>>;
    countsAt?: string;
    gstr2b?: Partial<Gstr2bActivity>;
    outward?: OutwardPull;
    addedBack?: { period: TaxPeriod; pulledAt: string };
    suppliersAt?: string;
    offline?: OfflineSource;
  },
): WorkbookMetadata {
  if (!GSTIN_SHAPE.test(update.gstin)) throw new Error(`Not a GSTIN: ${update.gstin}`);
  if (current && current.gstin !== update.gstin) throw new WorkbookGstinMismatchError(current.gstin, update.gstin);
  const merged = {
    layoutVersion: LAYOUT_VERSION,
    gstin: update.gstin,
    pulledAt: { ...(current?.pulledAt ?? {}), ...(update.pulledAt ?? {}) },
    countsAt: update.countsAt ?? current?.countsAt,
    outward: update.outward ?? current?.outward,
    addedBack: update.addedBack ?? current?.addedBack,
    suppliersAt: update.suppliersAt ?? current?.suppliersAt,
    offline: update.offline ?? current?.offline,
    gstr2b: {
      changedAt: latestByPeriod(current?.gstr2b.changedAt ?? {}, update.gstr2b?.changedAt ?? {}),
      recomputedAt: latestByPeriod(current?.gstr2b.recomputedAt ?? {}, update.gstr2b?.recomputedAt ?? {}),
    },
  };
  const clean = cleanMetadata(merged);
  if (!clean) throw new Error("Workbook metadata would not be valid");
  return clean;
}

/** Queues a read of the metadata; call `.value` after the next sync. */
export function loadMetadata(context: Excel.RequestContext): Excel.Setting {
  const setting = context.workbook.settings.getItemOrNullObject(SETTINGS_KEY);
  setting.load("value");
  return setting;
}

export function metadataOf(setting: Excel.Setting): WorkbookMetadata | null {
  return setting.isNullObject ? null : cleanMetadata(setting.value);
}

/** Queues writing the metadata (a plain copy of the known fields only). */
export function queueMetadata(context: Excel.RequestContext, metadata: WorkbookMetadata): void {
  const clean = cleanMetadata(metadata);
  if (!clean) throw new Error("Refusing to write invalid workbook metadata");
  context.workbook.settings.add(SETTINGS_KEY, clean);
}

/** Reads the workbook's metadata (null when there is none). */
export async function readWorkbookMetadata(): Promise<WorkbookMetadata | null> {
  return Excel.run({ delayForCellEdit: true }, async (context) => {
    const setting = loadMetadata(context);
    await context.sync();
    return metadataOf(setting);
  });
}

/** Adds what the add-in changed or recomputed (later instants win) to the workbook's metadata. */
export async function recordGstr2bActivity(gstin: string, activity: Partial<Gstr2bActivity>): Promise<void> {
  await Excel.run({ delayForCellEdit: true }, async (context) => {
    const setting = loadMetadata(context);
    await context.sync();
    queueMetadata(context, nextMetadata(metadataOf(setting), { gstin, gstr2b: activity }));
    await context.sync();
  });
}

/** Writes the metadata as it is (only the layout version moves on): a workbook made before is brought up to date. */
export async function recordLayoutVersion(gstin: string): Promise<void> {
  await Excel.run({ delayForCellEdit: true }, async (context) => {
    const setting = loadMetadata(context);
    await context.sync();
    queueMetadata(context, nextMetadata(metadataOf(setting), { gstin }));
    await context.sync();
  });
}
