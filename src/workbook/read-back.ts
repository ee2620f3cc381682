/**
 * Reading section sheets back, the engine's entry points: find each section's sheet
 * (sheet-probe.ts), read its rows in chunks (body-read.ts), put back the Action drop-down where
 * it was lost (validation-scan.ts), and type the rows with their problems (parse-sheet.ts).
 */
import { allSections, type SectionCode } from "../ims/sections";
import type { SyncCounter } from "./chunking";
import { readBodies, type SheetCells } from "./body-read";
import { parseSheet, type SectionSheetRead } from "./parse-sheet";
import { probeWorkbook, type WorkbookState } from "./sheet-probe";
import { repairValidation } from "./validation-scan";
import { yieldToHost } from "./yield";

export interface ReadOptions {
  /** Put the Action drop-down back where it was lost (default true). */
  repairValidation?: boolean;
  /** Bytes aimed for per response (default DEFAULT_BUDGET_BYTES). */
  budgetBytes?: number;
}

/** Reads section sheets inside an Excel.run the caller owns. */
export async function readSectionsInContext(
  context: Excel.RequestContext,
  sections: readonly SectionCode[],
  options: ReadOptions = {},
  counter: SyncCounter = { syncs: 0, retries: 0 },
): Promise<{ reads: SectionSheetRead[]; state: WorkbookState }> {
  const state = await probeWorkbook(context, sections, counter);
  const cells = await readBodies(context, state.probes, counter, options.budgetBytes);
  const repair = options.repairValidation ?? true;
  const lostIn = state.probes.filter((p) => (cells.get(p)?.lost.size ?? 0) > 0);
  if (repair && lostIn.length) await repairValidation(context, lostIn, counter);
  const reads: SectionSheetRead[] = [];
  for (const p of state.probes) {
    reads.push(parseSheet(p, cells.get(p) as SheetCells, repair && lostIn.includes(p)));
    await yieldToHost();
  }
  return { reads, state };
}

/** Reads the sheets of the given sections (default: all eight) back as typed rows and problems. */
export async function readSectionSheets(sections: readonly SectionCode[] = allSections().map((s) => s.code), options: ReadOptions = {}): Promise<SectionSheetRead[]> {
  return Excel.run({ delayForCellEdit: true }, async (context) => (await readSectionsInContext(context, sections, options)).reads);
}

/** Reads one section's sheet back (an empty read when the workbook has no such sheet). */
export async function readSectionSheet(section: SectionCode, options: ReadOptions = {}): Promise<SectionSheetRead> {
  return (await readSectionSheets([section], options))[0] as SectionSheetRead;
}
