/**
 * Purchase-register reading (pure: no Office, no HTTP, no Node).
 *
 *   const proposal = proposeMapping(cells);            // cells: Cell[][] as Range.values gives them
 *   // show proposal.fields (field → columns, confidence, note, alternatives), .missing, .ambiguous,
 *   // .unmapped and .layout; let the user correct it, then:
 *   const read = readRegister(cells, { proposal, override: { columns: { docNumber: "Bill No." } } });
 *   read.lines     // PrLine[]: one per row with content, paise and ISO dates, `usable` + `problems`
 *   read.problems  // every RowProblem (data row, sheet row index, field, column, message, fatal)
 *   read.skipped   // rows left out on purpose (totals, repeated headers), with the reason
 *
 * Keep `read.proposal` (it is plain JSON) in the workbook to read the same register the same way
 * next time: `readRegister(cells, { proposal: saved })`.
 * `parseCsv(text)` turns a CSV file into the same kind of 2-D array.
 *
 * Lines stay one per row: a register with one row per rate (or per item) is summed per document
 * by the matcher (src/ims/reconcile documents.ts), which also tells those rows from a document
 * split across lines and from duplicate entries. Signs are kept as booked (a credit note may be
 * negative). Not read: "Cr"/"Dr" suffixes (the reference does not mention them; such a cell is
 * reported as not an amount).
 */
export { parseCsv, sniffDelimiter } from "./csv";
export {
  cellText,
  excelSerialToIso,
  isCellError,
  parseAmount,
  parseDate,
  parseDocType,
  parseGstin,
  parsePlaceOfSupply,
  parseRate,
  STATE_CODES,
  type Cell,
  type CellError,
  type PrDocType,
} from "./cells";
export {
  ADDIN_TEMPLATE_HEADERS,
  applyOverride,
  classifyHeader,
  FIELD_LABELS,
  findHeader,
  normaliseHeader,
  proposeMapping,
  READ_FIELDS,
  REQUIRED_FIELDS,
  type ColumnMatch,
  type ColumnRef,
  type Confidence,
  type FieldMatch,
  type HeaderClass,
  type MappingOverride,
  type MappingProposal,
  type ReadField,
  type RegisterField,
  type RegisterLayout,
  type RegisterMapping,
} from "./headers";
export { readRegister, type PrLine, type ReadOptions, type RegisterRead, type RowProblem } from "./read";
