/**
 * Making a table cover rows written below it. Excel grows a table over values written on the
 * row right below it only when the user's AutoCorrect option "Include new rows and columns in
 * table" is on (office-js#6745 shows the option applies to API writes), so growth is checked
 * and, when missing, done here.
 */

export interface TableExtent {
  rowIndex: number;
  columnIndex: number;
  rowCount: number;
  columnCount: number;
}

/** Table.resize is ExcelApi 1.13; the add-in declares 1.9. Outside Office (tests) there is no Office global. */
function tableResizeSupported(): boolean {
  try {
    return typeof Office !== "undefined" && Office.context?.requirements?.isSetSupported("ExcelApi", "1.13") === true;
  } catch {
    return false;
  }
}

/**
 * Queues the growth of a table (header row included in `extent`) down to `endRow` (0-based,
 * exclusive): Table.resize where the host has it, otherwise the table is turned into a range
 * and added again over the larger range, with the same name and style (cells keep their values
 * and formats either way).
 */
export function queueTableGrowth(context: Excel.RequestContext, name: string, sheetName: string, extent: TableExtent, endRow: number, style: string): void {
  const ws = context.workbook.worksheets.getItem(sheetName);
  const target = ws.getRangeByIndexes(extent.rowIndex, extent.columnIndex, endRow - extent.rowIndex, extent.columnCount);
  const table = context.workbook.tables.getItem(name);
  if (tableResizeSupported()) {
    try {
      table.resize(target);
      return;
    } catch {
      // A host (or test double) without the method: fall through to re-creating the table.
    }
  }
  table.convertToRange();
  const grown = ws.tables.add(target, true);
  grown.name = name;
  grown.style = style;
}

/** Whether a table's range (rowIndex and rowCount loaded) reaches down to `endRow` (0-based, exclusive). */
export function reaches(range: { rowIndex: number; rowCount: number }, endRow: number): boolean {
  return range.rowIndex + range.rowCount >= endRow;
}
