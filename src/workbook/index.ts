/**
 * The workbook engine: the only code in the add-in that calls Excel.run.
 * Section sheets (pull, merge, read-back), the Summary sheet and workbook metadata.
 * The row model it reads and writes is in src/ims/review-rows.ts.
 */
export { finishInterruptedPull, pullIntoWorkbook, pullSectionIntoSheet, TypedEntriesPendingError, type PullInput, type PullOptions, type PullResult, type SectionPullSummary } from "./pull";
export { readSectionSheet, readSectionSheets, readSectionsInContext, type ReadOptions } from "./read-back";
export type { SectionSheetRead, UnrecognisedRow, UserColumns } from "./parse-sheet";
export { writeSummarySheet, summaryRows, SUMMARY_HEADERS, SUMMARY_TABLE, type SummaryRow } from "./summary-sheet";
export { readWorkbookMetadata, recordGstr2bActivity, recordLayoutVersion, SETTINGS_KEY, WorkbookGstinMismatchError, type WorkbookMetadata } from "./metadata";
export { sectionLayout, LAYOUT_VERSION, SUMMARY_SHEET, INDIAN_AMOUNT_FORMAT, type SectionLayout, type ColumnDef, type ColumnId } from "./layout";
export { PAYLOAD_LIMIT_BYTES, DEFAULT_BUDGET_BYTES, jsonBytes } from "./chunking";
export type { CellValue } from "./cells";
export { listSectionSheets, writeRowStatuses, writeRowStatusesAt, writeReviewRows, type RowWriteOptions, type RowWriteResult } from "./row-writes";
export { appendLogLines, LOG_SHEET, LOG_TABLE, LOG_HEADERS, type LogEntry } from "./log-sheet";
export { selectSheetRow, SheetMissingError } from "./selection";
export { PullInterruptedError, type RecoveryResult } from "./recovery";
export { writeOutwardSheets, salesSheetName, salesTableName, FOLLOW_UP_SHEET, FOLLOW_UP_TABLE, FOLLOW_UP_NOTE_HEADER, CUSTOMERS_SHEET, CUSTOMERS_TABLE, periodWords, type OutwardWrite, type OutwardWriteResult } from "./outward-sheets";
export { writeAddedBackSheet, ADDED_BACK_SHEET, ADDED_BACK_TABLE, ADDED_BACK_TOTALS_TABLE, type AddedBackWrite } from "./added-back-sheet";
export { writeSuppliersSheet, supplierChoicesOf, SUPPLIERS_SHEET, SUPPLIERS_TABLE, ACTION_FOR_ALL_HEADER, NAME_HEADER, MATCH_HEADERS, type SupplierChoices } from "./suppliers-sheet";
export { applyBulkActions, undoLatestBulkApply, latestBulkApply, UNDO_SHEET, UNDO_HEADERS, type BulkApplyResult, type BulkUndoResult } from "./bulk-actions";
export { writeActionFigures, DOCS_TABLE, TAX_TABLE, DOCS_CHART, TAX_CHART, type SideFigures } from "./summary-charts";
export { readReportTable, type TableContent } from "./report-sheet";
export { openRegisterSheet, readRegisterCells, flagRegisterRows, REGISTER_SHEET, PROBLEM_HEADER, type RegisterCells } from "./register-sheet";
export { readReconcileSettings, saveRegisterMapping, saveReconcileConfig, cleanReconcileSettings, RECONCILE_SETTINGS_KEY, DEFAULT_RECONCILE_SETTINGS, type StoredReconcileSettings, type StoredRegisterMapping } from "./reconcile-settings";
export { writeItcPreview, itcPreviewBody, ITC_PREVIEW_TABLE, ITC_PREVIEW_CHART, ITC_PREVIEW_HEADERS, ITC_PREVIEW_ROWS } from "./itc-preview-sheet";
export { writeReconciliationSheets, RECONCILIATION_SHEET, RECONCILIATION_TABLE, RECON_SUPPLIERS_SHEET, RECON_SUPPLIERS_TABLE, RECONCILIATION_COLUMNS, RECON_SUPPLIER_COLUMNS, type ReconciliationWrite, type ReconciliationWriteResult } from "./reconciliation-sheets";
export { writeMatchColumns, MATCH_COLUMN_HEADERS, type MatchCells, type MatchWriteResult } from "./match-columns";
export { readReconcileStamp, writeReconcileStamp, RECONCILE_STAMP_KEY, type ReconcileStamp } from "./reconcile-stamp";
