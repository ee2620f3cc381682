/** The submit step's view of the workbook, backed by src/workbook. */
import { appendLogLines, listSectionSheets, readSectionSheet, writeReviewRows, writeRowStatuses, writeRowStatusesAt } from "../workbook";
import type { SheetsPort } from "./submit";

export function workbookSheets(): SheetsPort {
  return {
    sections: () => listSectionSheets(),
    read: async (section) => {
      const read = await readSectionSheet(section, { repairValidation: true });
      return { rows: read.rows, problems: read.problems };
    },
    writeStatuses: async (section, updates) => {
      await writeRowStatuses(section, updates);
    },
    writeStatusesAt: async (section, updates) => {
      await writeRowStatusesAt(section, updates);
    },
    writeRows: async (section, rows) => {
      await writeReviewRows(section, rows);
    },
    appendLog: async (lines) => {
      await appendLogLines(lines);
    },
  };
}
