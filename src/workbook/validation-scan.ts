/**
 * The Action column's A/R/P/N drop-down: setting it, finding the cells that lost it (a plain
 * paste removes it), and putting it back.
 *
 * The search: a span of cells whose validation reads "Inconsistent" or "MixedCriteria" is split
 * into FANOUT parts, each part's validation is loaded, and the parts that are still mixed are
 * split again. The loads of one sync are capped by their estimated bytes, so thousands of
 * scattered pasted cells take a few more syncs instead of one request over Excel's payload limit.
 */
import { ACTIONS } from "../ims/sections";
import { readInChunks, type SyncCounter } from "./chunking";
import { ACTION_LIST_REFERENCE, isActionListReference, queueListsSheet } from "./lists-sheet";
import type { SheetProbe } from "./sheet-probe";

/** The A/R/P/N list as a string source: what workbooks pulled before the lists sheet carry (case-sensitive in Excel). */
export const ACTION_LIST_SOURCE = ACTIONS.join(",");
const ACTION_PROMPT = {
  showPrompt: true,
  title: "Action",
  message: "A = accept, R = reject, P = keep pending, N = no action (reset). Pick from the list; the add-in sends it when you submit.",
};
const ACTION_ERROR_ALERT = {
  showAlert: true,
  style: "Stop" as const,
  title: "Not an IMS action",
  message: "Enter A (accept), R (reject), P (keep pending) or N (no action).",
};

/**
 * Puts the A/R/P/N drop-down (Stop alert, input message) on a range of Action cells, its items
 * taken from the lists sheet (queued first, in the same batch) so that lower case passes. Only
 * when the context never loaded the sheet names does it fall back to the string source.
 */
export function queueActionValidation(range: Excel.Range): void {
  const source = queueListsSheet(range.context) ? ACTION_LIST_REFERENCE : ACTION_LIST_SOURCE;
  range.dataValidation.clear();
  range.dataValidation.rule = { list: { inCellDropDown: true, source } };
  range.dataValidation.prompt = ACTION_PROMPT;
  range.dataValidation.errorAlert = ACTION_ERROR_ALERT;
  range.dataValidation.ignoreBlanks = true;
}

/**
 * Parts a mixed span is split into. Four parts cost about as many loads in all as halving (four
 * per level over half as many levels), so the search takes fewer syncs.
 */
const FANOUT = 4;
/**
 * Request bytes of one part's load: its range and data-validation object paths, their
 * instantiations and the query. About 440 bytes on the fake's model of the wire format; the
 * rest is margin.
 */
const LOAD_REQUEST_BYTES = 700;
/** Response bytes of one part's load: type and rule (the rule's null criteria included). */
const LOAD_RESPONSE_BYTES = 400;
/** The request's envelope and each sheet's object path. */
const SYNC_OVERHEAD_BYTES = 2_000;

/** Body rows `start` to `start + count - 1` of the Action column of one sheet, found by `key`. */
export interface ActionSpan<K> {
  key: K;
  start: number;
  count: number;
}

/** Where a key's Action cells are: the sheet, the 0-based sheet row of body row 0, the 0-based column. */
export interface ActionColumn {
  sheetName: string;
  firstRow: number;
  column: number;
}

/** Whether a rule is the A/R/P/N list: from the lists sheet, or the string source older pulls set (items in any order and case). */
export function isActionRule(rule: Excel.DataValidationRule | null | undefined): boolean {
  const source = rule?.list?.source;
  if (typeof source !== "string") return false;
  if (source.trim().startsWith("=")) return isActionListReference(source);
  const items = source.split(",").map((s) => s.trim().toUpperCase()).sort();
  return items.join(",") === ACTION_LIST_SOURCE.split(",").sort().join(",");
}

/**
 * What a span's loaded validation says: "kept" when every cell carries the A/R/P/N list,
 * "search" when the cells differ (and there is more than one), "lost" otherwise (no rule, or
 * another list).
 */
export function validationVerdict(dv: Excel.DataValidation, count: number): "kept" | "lost" | "search" {
  const type = dv.type as string;
  if (type === "List" && isActionRule(dv.rule)) return "kept";
  if ((type === "Inconsistent" || type === "MixedCriteria") && count > 1) return "search";
  return "lost";
}

function split<K>(span: ActionSpan<K>): ActionSpan<K>[] {
  const parts: ActionSpan<K>[] = [];
  const size = Math.ceil(span.count / FANOUT);
  for (let at = 0; at < span.count; at += size) parts.push({ key: span.key, start: span.start + at, count: Math.min(size, span.count - at) });
  return parts;
}

/** Loads per sync that the budget allows, in both directions. */
function loadsPerSync(budget: number): number {
  return Math.max(FANOUT, Math.floor((budget - SYNC_OVERHEAD_BYTES) / Math.max(LOAD_REQUEST_BYTES, LOAD_RESPONSE_BYTES)));
}

/**
 * Searches the mixed spans, level by level, for the cells without the drop-down and reports
 * each run of them through `onLost`. A sync the host refuses for its size is sent again with
 * half as many loads.
 */
export async function findLostDropDowns<K>(
  context: Excel.RequestContext,
  mixed: readonly ActionSpan<K>[],
  locate: (key: K) => ActionColumn | null,
  onLost: (span: ActionSpan<K>) => void,
  counter: SyncCounter,
  budget: number,
): Promise<void> {
  let cap = loadsPerSync(budget);
  const queue = mixed.slice();
  let head = 0;
  await readInChunks(context, counter, {
    queue() {
      while (head < queue.length) {
        const from = head;
        const sheets = new Map<string, Excel.Worksheet>();
        const loads: { span: ActionSpan<K>; dv: Excel.DataValidation }[] = [];
        while (head < queue.length && (loads.length === 0 || loads.length + FANOUT <= cap)) {
          const span = queue[head++] as ActionSpan<K>;
          const at = locate(span.key);
          if (!at) continue;
          let ws = sheets.get(at.sheetName);
          if (!ws) {
            ws = context.workbook.worksheets.getItem(at.sheetName);
            sheets.set(at.sheetName, ws);
          }
          for (const part of split(span)) {
            const dv = ws.getRangeByIndexes(at.firstRow + part.start, at.column, part.count, 1).dataValidation;
            dv.load("type,rule");
            loads.push({ span: part, dv });
          }
        }
        if (loads.length) return { from, loads };
      }
      return null;
    },
    shrink(refused) {
      if (cap <= FANOUT) return false;
      cap = Math.max(FANOUT, Math.floor(cap / 2));
      head = refused.from;
      return true;
    },
    take({ loads }) {
      for (const { span, dv } of loads) {
        const verdict = validationVerdict(dv, span.count);
        if (verdict === "lost") onLost(span);
        else if (verdict === "search") queue.push(span);
      }
      // Let the searched spans go: the queue can hold tens of thousands.
      if (head > 50_000) {
        queue.splice(0, head);
        head = 0;
      }
    },
  });
}

/** Where a probed sheet's Action cells are, or null when it has none. */
export function actionColumn(probe: SheetProbe): ActionColumn | null {
  const col = probe.map.action;
  if (col === undefined || col < 0 || !probe.sheetName) return null;
  return { sheetName: probe.sheetName, firstRow: probe.originRow + 1, column: probe.originCol + col };
}

/** Body rows `start` to `start + count - 1` of a probed sheet's Action column, or null when it has none. */
export function actionRange(context: Excel.RequestContext, probe: SheetProbe, start: number, count: number): Excel.Range | null {
  const at = actionColumn(probe);
  return at ? context.workbook.worksheets.getItem(at.sheetName).getRangeByIndexes(at.firstRow + start, at.column, count, 1) : null;
}

/** Puts the drop-down back on the whole Action column of the sheets that lost some. One sync. */
export async function repairValidation(context: Excel.RequestContext, probes: readonly SheetProbe[], counter: SyncCounter): Promise<void> {
  let queued = false;
  for (const p of probes) {
    const range = actionRange(context, p, 0, p.bodyRows);
    if (!range || p.bodyRows === 0) continue;
    queueActionValidation(range);
    queued = true;
  }
  if (queued) {
    counter.syncs++;
    await context.sync();
  }
}
