/**
 * Workbooks made by an earlier version of the add-in are brought up to date when the pane opens,
 * from the layout version kept in the workbook (src/workbook/layout.ts, LAYOUT_VERSION):
 * - 2 → 3: section sheets keep their columns; the Summary sheet gets its documents-and-tax by
 *   action tables and charts, the inward side figured from the section sheets. Sheets of the
 *   supplier view and Suppliers are made on first use, under names no sheet has (a user's own
 *   "Suppliers" or "Sales B2B" is left alone).
 * Running it twice changes nothing: a workbook at the current version is left as it is.
 */
import { formatIst } from "../ims/review-rows";
import { allSections } from "../ims/sections";
import { inwardByAction } from "../ims/suppliers";
import { LAYOUT_VERSION, readSectionSheets, readWorkbookMetadata, recordLayoutVersion, writeActionFigures } from "../workbook";

export async function migrateWorkbook(now: () => Date): Promise<string | null> {
  const metadata = await readWorkbookMetadata();
  if (!metadata || metadata.layoutVersion >= LAYOUT_VERSION) return null;
  const from = metadata.layoutVersion;
  const reads = await readSectionSheets(allSections().map((s) => s.code), { repairValidation: false });
  const rows = reads.flatMap((r) => r.rows);
  if (rows.length) {
    await writeActionFigures(metadata.gstin, { side: "inward", totals: inwardByAction(rows), asOf: `section sheets as of ${formatIst(now().toISOString())}` });
  } else {
    await recordLayoutVersion(metadata.gstin);
  }
  return (
    `This workbook was made by an earlier version of the add-in (layout ${from}); it now has layout ${LAYOUT_VERSION}. ` +
    (rows.length ? "The Summary sheet has charts of documents and tax by action. " : "") +
    "Your section sheets, entries and statuses are as they were."
  );
}
