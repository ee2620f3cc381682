/**
 * Finding the Action cells that lost their drop-down (a plain paste removes it). A span of cells
 * whose validation reads "Inconsistent" or "MixedCriteria" is split into FANOUT parts, each
 * part's validation is loaded, and the parts that are still mixed are split again. The loads of
 * one sync are capped by their estimated bytes, so thousands of scattered pasted cells take a
 * few more syncs instead of one request over Excel's payload limit.
 */
import { isPayloadLimitError, type SyncCounter } from "./chunking";
import { isActionListReference } from "./lists-sheet";
import { ACTION_LIST_SOURCE } from "./section-sheet";

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
    if (!loads.length) continue;
    try {
      counter.syncs++;
      await context.sync();
    } catch (e) {
      if (!isPayloadLimitError(e) || cap <= FANOUT) throw e;
      counter.retries++;
      cap = Math.max(FANOUT, Math.floor(cap / 2));
      head = from;
      continue;
    }
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
  }
}
