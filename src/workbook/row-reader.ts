/**
 * Reading one sheet row back into a ReviewRow, with a problem for every cell that is not what
 * the engine wrote or the user may write. One reader serves all rows of a sheet (no per-row
 * closures: sheets hold 100k rows).
 */
import { parseActionText } from "../ims/action-text";
import { compareFingerprint, isFingerprint } from "../ims/fingerprint";
import { isTaxPeriod } from "../ims/periods";
import { imsRecordKey, type ImsRecord, type ItcReduction } from "../ims/records";
import { isRowState, RESULTS, rowState, type EditField, type ReviewRow, type RowEdit, type RowProblem, type RowProblemCode, type RowStatus } from "../ims/review-rows";
import type { Action } from "../ims/sections";
import { FILED, isBlank, isRecordKeyOf, NO, NOT_FILED, parsePaise, text, YES, type CellValue, type ColumnMap, type PulledExtras } from "./cells";
import { serialIstToInstant, serialToIsoDate } from "./date-serial";
import type { ColumnId, SectionLayout } from "./layout";
import { hashOfVersionCell } from "./version-cell";

export interface ParsedRow {
  /** Null when the row cannot be tied to a record (no key, and no GSTIN/number/period to make one). */
  row: ReviewRow | null;
  problems: RowProblem[];
}

const ITC_HEADS = [
  ["itcIgst", "igst"],
  ["itcCgst", "cgst"],
  ["itcSgst", "sgst"],
  ["itcCess", "cess"],
] as const;

const HIDDEN_IDS = ["key", "version", "fingerprint"] as const;

function shorten(s: string, n = 60): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

export class RowReader {
  private readonly headers: Partial<Record<ColumnId, string>> = {};
  // The row being read.
  private cells: readonly CellValue[] = [];
  private sheetRow = 0;
  private problems: RowProblem[] = [];
  private badPortal: ColumnId[] = [];

  constructor(
    private readonly layout: SectionLayout,
    private readonly map: ColumnMap,
  ) {
    for (const c of layout.columns) this.headers[c.id] = c.header;
  }

  read(cells: readonly CellValue[], sheetRow: number): ParsedRow {
    this.cells = cells;
    this.sheetRow = sheetRow;
    this.problems = [];
    this.badPortal = [];

    const { record, extrasBroken } = this.readRecord();
    const edit = this.readEdit();
    const status = this.readStatus();
    const keyCell = this.str("key");
    const versionCell = hashOfVersionCell(this.str("version"));
    const fingerprintCell = this.str("fingerprint");

    this.checkHiddenPresent();
    const recordOk = this.checkFingerprint(fingerprintCell, versionCell, record, extrasBroken);
    const key = this.identify(keyCell, record, recordOk);
    if (recordOk === false) this.reportRecordEdited(keyCell, record);

    if (key === null) {
      const problems: RowProblem[] = [];
      problems.push(
        this.problem(
          "unrecognised-row",
          "row",
          `this row has no record key and no supplier GSTIN, document number and return period to identify it; it is kept as it is, but cannot be submitted.`,
        ),
      );
      return { row: null, problems };
    }
    for (const p of this.problems) p.key = key;
    const row: ReviewRow = {
      sheetRow,
      key,
      record,
      pulledAction: record.action,
      version: versionCell,
      fingerprint: fingerprintCell,
      edit,
      status,
      inPortal: rowState(status) !== "not-on-portal",
      ...(keyCell === "" ? { keyless: true as const } : {}),
    };
    return { row, problems: this.problems };
  }

  // ----- cells --------------------------------------------------------------------------------

  private header(id: ColumnId): string {
    return this.headers[id] ?? id;
  }

  private get(id: ColumnId): CellValue | undefined {
    const i = this.map[id];
    return i === undefined || i < 0 ? undefined : this.cells[i];
  }

  private str(id: ColumnId): string {
    return text(this.get(id));
  }

  private present(id: ColumnId): boolean {
    return this.layout.index[id] !== undefined && (this.map[id] ?? -1) >= 0;
  }

  /** A problem on this row. The message follows "Row N" (or "Row N, column "X"" when `column` is set). */
  private problem(code: RowProblemCode, field: string, message: string, column?: ColumnId): RowProblem {
    const where = column ? `Row ${this.sheetRow}, column "${this.header(column)}"` : `Row ${this.sheetRow}`;
    return { sheetRow: this.sheetRow, field, code, message: `${where}: ${message}` };
  }

  private add(code: RowProblemCode, field: string, message: string, column?: ColumnId): void {
    this.problems.push(this.problem(code, field, message, column));
  }

  // ----- portal columns (typed; a cell not of its column's type is a changed record field) -----

  private amount(id: ColumnId): number {
    const v = this.get(id);
    const p = typeof v === "number" ? parsePaise(v) : null;
    if (p === null) {
      this.badPortal.push(id);
      return 0;
    }
    return p;
  }

  private date(id: ColumnId, optional: boolean): string | undefined {
    const v = this.get(id);
    if (optional && isBlank(v)) return undefined;
    const iso = typeof v === "number" ? serialToIsoDate(v) : null;
    if (iso === null) {
      this.badPortal.push(id);
      return typeof v === "string" ? v : "";
    }
    return iso;
  }

  /** True for `yes`, false for `no`; anything else is a changed field (read as false). */
  private flag(id: ColumnId, yes: string, no: string): boolean {
    const t = this.str(id);
    if (t === yes) return true;
    if (t !== no) this.badPortal.push(id);
    return false;
  }

  private readRecord(): { record: ImsRecord; extrasBroken: boolean } {
    const layout = this.layout;
    const portalActionText = this.str("portalAction");
    const portalAction = parseActionText(portalActionText);
    if (!portalAction.ok || portalActionText.trim() === "") this.badPortal.push("portalAction");
    const action: Action = portalAction.ok ? portalAction.action : "N";

    const supplierGstin = this.str("supplierGstin");
    const docNumber = this.str("docNumber");
    const returnPeriod = this.str("returnPeriod");
    if (typeof this.get("supplierGstin") !== "string") this.badPortal.push("supplierGstin");
    if (typeof this.get("docNumber") !== "string") this.badPortal.push("docNumber");
    if (!isTaxPeriod(returnPeriod)) this.badPortal.push("returnPeriod");

    let extras: PulledExtras = {};
    let extrasBroken = false;
    const pulled = this.str("pulled");
    if (pulled !== "") {
      try {
        const parsed: unknown = JSON.parse(pulled);
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
        extras = parsed as PulledExtras;
      } catch {
        extrasBroken = true;
      }
    }

    let itcReductionBlocked: boolean | null = null;
    if (layout.hasItc) {
      if (this.str("itcReductionAllowed") !== "") itcReductionBlocked = this.flag("itcReductionAllowed", NO, YES);
    } else if (typeof extras.b === "boolean") itcReductionBlocked = extras.b;

    const record: ImsRecord = {
      section: layout.section,
      supplierGstin,
      docNumber,
      docDate: this.date("docDate", false) ?? "",
      sourceForm: this.str("sourceForm"),
      returnPeriod,
      placeOfSupply: this.str("placeOfSupply"),
      value: this.amount("value"),
      taxableValue: this.amount("taxableValue"),
      igst: this.amount("igst"),
      cgst: this.amount("cgst"),
      sgst: this.amount("sgst"),
      cess: this.amount("cess"),
      action,
      pendingBlocked: this.flag("pendingAllowed", NO, YES),
      supplierFiled: this.flag("supplierFiled", FILED, NOT_FILED),
      hash: hashOfVersionCell(this.str("version")),
      remarksBlocked: this.flag("remarksAllowed", NO, YES),
      itcReductionBlocked,
    };
    if (layout.index.originalDocNumber !== undefined) {
      const o = this.str("originalDocNumber");
      if (o !== "") record.originalDocNumber = o;
      const od = this.date("originalDocDate", true);
      if (od !== undefined) record.originalDocDate = od;
    }
    if (layout.index.invoiceType !== undefined) {
      const t = this.str("invoiceType");
      if (t !== "") record.invoiceType = t;
    }
    if (typeof extras.r === "string" && extras.r !== "") record.remarks = extras.r;
    if (extras.i && typeof extras.i === "object" && (extras.i.required === "Y" || extras.i.required === "N")) record.itcReduction = extras.i;
    return { record, extrasBroken };
  }

  // ----- editable columns ----------------------------------------------------------------------

  private readEdit(): RowEdit {
    const unparsed: Partial<Record<EditField, CellValue>> = {};
    const cell = this.get("action");
    const read = parseActionText(typeof cell === "string" || isBlank(cell) ? (cell ?? "") : cell);
    let action: Action | null = null;
    if (read.ok) action = read.action;
    else {
      unparsed.action = cell as CellValue;
      this.add("bad-action", this.header("action"), `${read.reason}.`, "action");
    }
    const edit: RowEdit = { action, remarks: this.str("remarks") };
    if (this.layout.hasItc) this.readItc(edit, unparsed);
    if (Object.keys(unparsed).length) edit.unparsed = unparsed as RowEdit["unparsed"];
    return edit;
  }

  private readItc(edit: RowEdit, unparsed: Partial<Record<EditField, CellValue>>): void {
    const reqCell = this.get("itcRequired");
    const reqText = text(reqCell).trim().toUpperCase();
    let required: "Y" | "N" | undefined;
    if (reqText === "Y" || reqText === "YES") required = "Y";
    else if (reqText === "N" || reqText === "NO") required = "N";
    else if (reqText !== "") {
      unparsed.itcRequired = reqCell as CellValue;
      this.add(
        "bad-itc",
        this.header("itcRequired"),
        `"${shorten(text(reqCell))}" is not Y or N; use Y when ITC must be reduced, N when it was never availed, or leave it blank.`,
        "itcRequired",
      );
    }
    const decl: ItcReduction = { required: required ?? "Y" };
    let anyAmount = false;
    for (const [field, head] of ITC_HEADS) {
      const v = this.get(field);
      if (isBlank(v)) continue;
      const p = parsePaise(v);
      if (p === null || p < 0) {
        unparsed[field] = v as CellValue;
        this.add("bad-amount", this.header(field), `"${shorten(text(v))}" is not an amount in rupees (a number, at most two decimals, not negative).`, field);
      } else {
        decl[head] = p;
        anyAmount = true;
      }
    }
    if (required) edit.itcReduction = decl;
    else if (anyAmount && reqText === "") {
      // Amounts without Y/N: kept verbatim so nothing typed is lost.
      for (const [field] of ITC_HEADS) if (!isBlank(this.get(field)) && unparsed[field] === undefined) unparsed[field] = this.get(field) as CellValue;
      this.add("bad-itc", this.header("itcRequired"), `ITC amounts are filled in but "${this.header("itcRequired")}" is blank; enter Y or N.`, "itcRequired");
    }
  }

  private readStatus(): RowStatus {
    const updated = this.get("updatedAt");
    const status: RowStatus = {
      result: this.str("result"),
      referenceId: this.str("referenceId"),
      message: this.str("message"),
      updatedAt: typeof updated === "number" ? (serialIstToInstant(updated) ?? String(updated)) : text(updated),
    };
    // A workbook pulled before the state column existed: the Result text stands for the state.
    const state = this.present("state") ? this.str("state") : "";
    if (this.present("state") && isRowState(state) && (state !== "" || status.result === "")) status.state = state;
    return status;
  }

  // ----- which record is this? -------------------------------------------------------------------

  private checkHiddenPresent(): void {
    const missing = HIDDEN_IDS.filter((id) => this.present(id) && this.str(id) === "");
    if (!missing.length) return;
    const many = missing.length > 1;
    const names = missing.map((id) => `"${this.header(id)}"`).join(", ");
    this.add(
      "hidden-column-missing",
      missing.map((id) => this.header(id)).join(", "),
      `the hidden ${many ? "columns" : "column"} ${names} ${many ? "are" : "is"} empty, so this row cannot be tied to what was pulled (was it pasted or typed in?). Pull again to restore it.`,
    );
  }

  /** Whether the portal columns still match the fingerprint: true, false, or null when it cannot tell. */
  private checkFingerprint(fingerprint: string, version: string, record: ImsRecord, extrasBroken: boolean): boolean | null {
    let recordOk: boolean | null = null;
    if (fingerprint !== "" && !isFingerprint(fingerprint)) {
      this.add("hidden-column-edited", this.header("fingerprint"), `it was changed and no longer checks the row. Pull again to restore it.`, "fingerprint");
    } else if (fingerprint !== "") {
      const cmp = compareFingerprint(fingerprint, record);
      recordOk = cmp.recordMatches;
      if (extrasBroken) {
        this.add("hidden-column-edited", this.header("pulled"), `it was changed and cannot be read. Pull again to restore it.`, "pulled");
      } else if (!cmp.stateMatches && version !== "") {
        this.add(
          "hidden-column-edited",
          `${this.header("version")}, ${this.header("pulled")}`,
          `the hidden column "${this.header("version")}" or "${this.header("pulled")}" was changed since the pull. Pull again to restore it.`,
        );
      }
    }
    return this.badPortal.length ? false : recordOk;
  }

  /** The row's record key: the hidden key, checked against the visible columns and the fingerprint. */
  private identify(keyCell: string, record: ImsRecord, recordOk: boolean | null): string | null {
    const derived = record.supplierGstin !== "" && record.docNumber !== "" && isTaxPeriod(record.returnPeriod) ? imsRecordKey(record) : null;
    if (keyCell === "") return derived;
    if (!isRecordKeyOf(this.layout.section, keyCell)) {
      this.add("hidden-column-edited", this.header("key"), `"${shorten(keyCell)}" is not a record key of this sheet; it was changed. Pull again to restore it.`, "key");
      return derived;
    }
    if (derived !== null && keyCell !== derived && recordOk !== false) {
      // The visible columns are intact (or cannot be checked): the hidden key is what changed.
      this.add(
        "hidden-column-edited",
        this.header("key"),
        `it does not match the row's supplier GSTIN, document number and return period. Pull again to restore it.`,
        "key",
      );
      if (recordOk === true) return derived;
    }
    return keyCell;
  }

  private reportRecordEdited(keyCell: string, record: ImsRecord): void {
    const named = new Set<ColumnId>(this.badPortal);
    if (keyCell !== "") {
      const [, gstin, num, period] = keyCell.split("|");
      if (gstin !== undefined && gstin !== record.supplierGstin) named.add("supplierGstin");
      if (num !== undefined && num !== record.docNumber.toUpperCase()) named.add("docNumber");
      if (period !== undefined && period !== record.returnPeriod) named.add("returnPeriod");
    }
    const cols = [...named].map((id) => `"${this.header(id)}"`);
    const what =
      cols.length === 0
        ? `one or more of the portal's columns (from "${this.header("supplierGstin")}" to "${this.header("portalAction")}") were changed`
        : `${cols.length > 1 ? "columns" : "column"} ${cols.join(", ")} ${cols.length > 1 ? "were" : "was"} changed`;
    this.add(
      "record-edited",
      named.size ? [...named].map((id) => this.header(id)).join(", ") : "portal columns",
      `${what} since the pull; the portal's values come back on the next pull, and this row cannot be submitted until then.`,
    );
  }
}

/** Reads one sheet row. `cells` is the row as read; `map` says where each layout column is. */
export function cellsToRow(layout: SectionLayout, cells: readonly CellValue[], map: ColumnMap, sheetRow: number): ParsedRow {
  return new RowReader(layout, map).read(cells, sheetRow);
}
