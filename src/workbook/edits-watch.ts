/**
 * Entries typed into a section sheet after a pull read it: just before a staging sheet is copied
 * over the section sheet, the editable cells and keys of both are read in the same batch; a row
 * whose editable cells in the section sheet differ from the staging sheet's was typed in since,
 * and is written back after the copy (by key, wherever the row is then).
 */
import { parseActionText } from "../ims/action-text";
import type { CellValue } from "./cells";
import { sectionLayout, type ColumnId } from "./layout";
import type { SectionSwap } from "./recovery";

export interface TypedEntry {
  section: SwapSection;
  key: string;
  ids: ColumnId[];
  cells: CellValue[];
}

type SwapSection = SectionSwap["section"];

/** Response bytes one row of the comparison costs, at most (a key and the editable cells, on both sheets). */
const WATCH_BYTES_PER_ROW = 2 * 140;

/** Response bytes of the comparison for a section; 0 when it is not made (a new sheet, or one too large for the budget). */
export function editsWatchBytes(swap: SectionSwap, budgetBytes: number): number {
  const bodyRows = swap.clearRows - 1;
  const bytes = Math.max(bodyRows, swap.rows) * WATCH_BYTES_PER_ROW;
  return swap.create || bodyRows <= 0 || bytes > budgetBytes ? 0 : bytes;
}

/**
 * Queues the reads; returns what to call after the sync to get the typed entries. Null when the
 * sheet is new, or so large that the reads would not fit the response budget (then what is typed
 * during the copy's last sync of such a sheet is not protected). Nothing is returned either when
 * its columns are not where the layout puts them (moved by the user: comparing would pair the
 * wrong cells).
 */
export function queueEditsWatch(context: Excel.RequestContext, swap: SectionSwap, budgetBytes: number): (() => TypedEntry[]) | null {
  if (editsWatchBytes(swap, budgetBytes) === 0) return null;
  const bodyRows = swap.clearRows - 1;
  const layout = sectionLayout(swap.section);
  const ids = layout.columns.filter((c) => c.group === "edit").map((c) => c.id);
  const at = (sheet: string, id: ColumnId, rows: number) =>
    context.workbook.worksheets.getItem(sheet).getRangeByIndexes(swap.originRow, swap.originCol + (layout.index[id] as number), rows, 1).load("values");
  const section = { keys: at(swap.sheetName, "key", 1 + bodyRows), edits: ids.map((id) => at(swap.sheetName, id, 1 + bodyRows)) };
  const staging = { keys: at(swap.stagingName, "key", swap.rows), edits: ids.map((id) => at(swap.stagingName, id, swap.rows)) };
  return () => {
    const headers = [section.keys, ...section.edits].map((r) => String(r.values[0]?.[0] ?? ""));
    const expected = ["key", ...ids].map((id) => layout.columns[layout.index[id as ColumnId] as number]?.header ?? "");
    if (headers.some((h, i) => h !== expected[i])) return [];
    const staged = new Map<string, CellValue[]>();
    (staging.keys.values as CellValue[][]).forEach((k, i) => {
      if (i > 0 && typeof k[0] === "string" && k[0] !== "") staged.set(k[0], staging.edits.map((r) => (r.values[i]?.[0] ?? "") as CellValue));
    });
    const typed: TypedEntry[] = [];
    (section.keys.values as CellValue[][]).forEach((k, i) => {
      const key = k[0];
      if (i === 0 || typeof key !== "string" || key === "") return;
      const now = section.edits.map((r) => (r.values[i]?.[0] ?? "") as CellValue);
      const then = staged.get(key);
      if (then && now.some((v, j) => !sameEntry(ids[j] as ColumnId, v, then[j] ?? ""))) typed.push({ section: swap.section, key, ids, cells: now });
    });
    return typed;
  };
}

/**
 * Whether a cell still says what the staging sheet says: the pull writes entries tidied (an
 * "accept" typed earlier is staged as "A", amounts as numbers), so those count as the same.
 */
function sameEntry(id: ColumnId, now: CellValue, staged: CellValue): boolean {
  if (id === "action") {
    const a = parseActionText(now === "" ? null : now);
    const b = parseActionText(staged === "" ? null : staged);
    if (a.ok && b.ok) return a.action === b.action;
  }
  const text = (v: CellValue) => String(v ?? "").trim().replace(/,/g, "").toUpperCase();
  return text(now) === text(staged) || (Number.isFinite(Number(text(now))) && text(now) !== "" && Number(text(now)) === Number(text(staged)));
}
