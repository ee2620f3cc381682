/**
 * What the latest reconciliation wrote into the workbook: when, and a digest of its links. "Apply
 * suggestions" matches again and compares digests, so it never applies a result other than the
 * one the Reconciliation sheet shows.
 */
export const RECONCILE_STAMP_KEY = "ims-for-excel-reconciled";

export interface ReconcileStamp {
  reconciledAt: string;
  /** The links' digest (see src/ims/reconcile linksDigest). */
  digest: string;
}

function stampOf(value: unknown): ReconcileStamp | null {
  if (value === null || typeof value !== "object") return null;
  const o = value as Record<string, unknown>;
  return typeof o.reconciledAt === "string" && typeof o.digest === "string" ? { reconciledAt: o.reconciledAt, digest: o.digest } : null;
}

export async function readReconcileStamp(): Promise<ReconcileStamp | null> {
  return Excel.run({ delayForCellEdit: true }, async (context) => {
    const setting = context.workbook.settings.getItemOrNullObject(RECONCILE_STAMP_KEY);
    setting.load("value");
    await context.sync();
    return setting.isNullObject ? null : stampOf(setting.value);
  });
}

export async function writeReconcileStamp(stamp: ReconcileStamp): Promise<void> {
  await Excel.run({ delayForCellEdit: true }, async (context) => {
    context.workbook.settings.add(RECONCILE_STAMP_KEY, { reconciledAt: stamp.reconciledAt, digest: stamp.digest });
    await context.sync();
  });
}
