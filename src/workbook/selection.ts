/** Taking the user to a row: the task pane's "Go to row" on a refused, conflicting or failed row. */
import { sectionInfo, type SectionCode } from "../ims/sections";
import { probeWorkbook } from "./sheet-probe";

export class SheetMissingError extends Error {
  constructor(section: SectionCode) {
    super(`There is no ${section} sheet in this workbook any more; pull ${sectionInfo(section).title} again.`);
    this.name = "SheetMissingError";
  }
}

/** Activates the section's sheet and selects the whole table row at a 1-based sheet row. */
export async function selectSheetRow(section: SectionCode, sheetRow: number): Promise<void> {
  await Excel.run({ delayForCellEdit: true }, async (context) => {
    const state = await probeWorkbook(context, [section], { syncs: 0, retries: 0 });
    const probe = state.probes[0];
    if (!probe?.sheetName) throw new SheetMissingError(section);
    const ws = context.workbook.worksheets.getItem(probe.sheetName);
    ws.activate();
    const width = Math.max(1, probe.width);
    ws.getRangeByIndexes(Math.max(0, sheetRow - 1), probe.originCol, 1, width).select();
    await context.sync();
  });
}
