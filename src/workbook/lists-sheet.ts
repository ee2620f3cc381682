/**
 * The hidden "IMS lists" sheet the Action drop-down takes its items from. Excel matches a list
 * whose source is a range ignoring case, so a typed "a" passes; a list whose source is a string
 * ("A,R,P,N") is case-sensitive and refuses it (office-js#972). The sheet is Hidden, not
 * VeryHidden, so that a user can still unhide or delete it.
 */
import { ACTIONS } from "../ims/sections";
import { sheetNamed } from "./table-sheet";

export const LISTS_SHEET = "IMS lists";
/** The Action items, one per row of column A. */
const ACTION_ITEMS_ADDRESS = `A1:A${ACTIONS.length}`;
export const ACTION_LIST_REFERENCE = `='${LISTS_SHEET}'!$A$1:$A$${ACTIONS.length}`;

/** Contexts in which the lists sheet has been queued (created or refilled) already. */
const queuedIn = new WeakMap<Excel.RequestContext, true>();

/**
 * The sheet names the context last loaded, or null when none were. Every caller that sets the
 * drop-down has loaded them first (probeWorkbook, finishInterruptedPull), so deciding whether
 * to add the sheet costs no sync of its own.
 */
function loadedSheetNames(context: Excel.RequestContext): string[] | null {
  try {
    return context.workbook.worksheets.items.map((w) => w.name);
  } catch {
    return null;
  }
}

/**
 * Queues the lists sheet with its items: added (hidden) when the workbook lacks it, refilled
 * when it has it, once per Excel.run. Returns false, queueing nothing, when the sheet names were
 * not loaded in this context, since adding a sheet that exists would fail the whole batch.
 *
 * A batch that Excel refuses and the caller re-queues does not add the sheet again; should that
 * batch have been the one adding it, the next pull, or the recovery after a failed one, adds it.
 */
export function queueListsSheet(context: Excel.RequestContext): boolean {
  if (queuedIn.has(context)) return true;
  const names = loadedSheetNames(context);
  if (names === null) return false;
  const exists = sheetNamed(names, LISTS_SHEET) !== null;
  const worksheets = context.workbook.worksheets;
  const ws = exists ? worksheets.getItem(LISTS_SHEET) : worksheets.add(LISTS_SHEET);
  const items = ws.getRange(ACTION_ITEMS_ADDRESS);
  items.numberFormat = ACTIONS.map(() => ["@"]);
  items.values = ACTIONS.map((a) => [a]);
  if (!exists) ws.visibility = "Hidden";
  queuedIn.set(context, true);
  return true;
}

/** Whether a list source refers to the lists sheet's Action items, however Excel spells it back. */
export function isActionListReference(source: string): boolean {
  const canonical = (s: string) => s.trim().replace(/^=/, "").replace(/[$']/g, "").toUpperCase();
  return canonical(source) === canonical(ACTION_LIST_REFERENCE);
}
