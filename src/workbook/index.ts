/**
 * The workbook engine: the only code in the add-in that calls Excel.run.
 * Section sheets (pull, merge, read-back), the Summary sheet and workbook metadata.
 * The row model it reads and writes is in src/ims/review-rows.ts.
 */
export { finishInterruptedPull, pullIntoWorkbook, pullSectionIntoSheet, TypedEntriesPendingError, type PullInput, type PullOptions, type PullResult, type SectionPullSummary } from "./pull";
export { readSectionSheet, readSectionSheets, readSectionsInContext, type ReadOptions } from "./read-back";
export type { SectionSheetRead, UnrecognisedRow, UserColumns } from "./parse-sheet";
export { writeSummarySheet, summaryRows, SUMMARY_HEADERS, SUMMARY_TABLE, type SummaryRow } from "./summary-sheet";
export { readWorkbookMetadata, recordGstr2bActivity, SETTINGS_KEY, WorkbookGstinMismatchError, type WorkbookMetadata } from "./metadata";
export { sectionLayout, LAYOUT_VERSION, SUMMARY_SHEET, INDIAN_AMOUNT_FORMAT, type SectionLayout, type ColumnDef, type ColumnId } from "./layout";
export { PAYLOAD_LIMIT_BYTES, DEFAULT_BUDGET_BYTES, jsonBytes } from "./chunking";
export type { CellValue } from "./cells";
export { listSectionSheets, writeRowStatuses, writeRowStatusesAt, writeReviewRows, type RowWriteOptions, type RowWriteResult } from "./row-writes";
export { appendLogLines, LOG_SHEET, LOG_TABLE, LOG_HEADERS, type LogEntry } from "./log-sheet";
export { selectSheetRow, SheetMissingError } from "./selection";
export { PullInterruptedError, type RecoveryResult } from "./recovery";
