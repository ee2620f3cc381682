/**
 * Payload sizes, measured the way Excel on the web sees them: the UTF-8 length of the JSON
 * request message (actions plus the object paths they use) and of the JSON response (the loaded
 * values). The message shapes follow Office.js's RichApi wire format closely enough that the
 * per-call and per-proxy overhead is realistic, including Office.js's habit of splitting a big
 * 2-D write into 1,500-cell chunks, each with its own object paths.
 */

/** UTF-8 byte length of a string, without TextEncoder or Buffer. */
export function utf8Length(s: string): number {
  let n = 0;
  const len = s.length;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

export function jsonBytes(v: unknown): number {
  return utf8Length(JSON.stringify(v) ?? "null");
}

/** RichApi action types. */
export const ActionType = { instantiate: 1, query: 2, method: 3, setProperty: 4 } as const;
/** RichApi object path types. */
export const PathType = { global: 1, method: 3, property: 4 } as const;

export interface WirePath {
  Id: number;
  ObjectPathType: number;
  Name: string;
  ParentObjectPathId?: number;
  ArgumentInfo?: { Arguments: unknown[] };
}

export interface WireAction {
  Id: number;
  ActionType: number;
  Name: string;
  ObjectPathId: number;
  ArgumentInfo?: { Arguments: unknown[] };
  QueryInfo?: { Select: string[]; Expand: string[] };
}

/** Office.js splits 2-D property writes of more than this many cells into chunks. */
export const BULK_CHUNK_CELLS = 1500;

/**
 * Bytes of a request message with these actions and paths:
 * {"Actions":[…],"ObjectPaths":{"1":{…},…}}. Large 2-D writes are measured as the chunked
 * actions Office.js would send for them.
 */
export function requestBytes(actions: readonly WireAction[], paths: readonly WirePath[]): number {
  let n = utf8Length('{"Actions":[],"ObjectPaths":{}}');
  let first = true;
  let nextId = 1_000_000;
  const extraPaths: WirePath[] = [];
  for (const a of actions) {
    const chunks = a.ActionType === ActionType.setProperty ? bulkChunks(a) : null;
    if (chunks) {
      // _ValidateArraySize, then getRow(i).getBoundingRect(getRow(j)) + set per chunk.
      n += jsonBytes({ Id: a.Id, ActionType: ActionType.method, Name: "_ValidateArraySize", ObjectPathId: a.ObjectPathId, ArgumentInfo: { Arguments: [0, 0] } }) + 1;
      for (const chunk of chunks) {
        const rowA = { Id: nextId++, ObjectPathType: PathType.method, Name: "GetRow", ParentObjectPathId: a.ObjectPathId, ArgumentInfo: { Arguments: [chunk.start] } };
        const rowB = { Id: nextId++, ObjectPathType: PathType.method, Name: "GetRow", ParentObjectPathId: a.ObjectPathId, ArgumentInfo: { Arguments: [chunk.end] } };
        const rect = { Id: nextId++, ObjectPathType: PathType.method, Name: "GetBoundingRect", ParentObjectPathId: rowA.Id, ArgumentInfo: { Arguments: [rowB.Id] } };
        extraPaths.push(rowA, rowB, rect);
        n += jsonBytes({ Id: nextId++, ActionType: ActionType.instantiate, Name: "", ObjectPathId: rect.Id }) + 1;
        n += jsonBytes({ Id: nextId++, ActionType: ActionType.setProperty, Name: a.Name, ObjectPathId: rect.Id, ArgumentInfo: { Arguments: [chunk.rows] } }) + 1;
      }
      continue;
    }
    n += jsonBytes(a) + (first ? 0 : 1);
    first = false;
  }
  for (const p of [...paths, ...extraPaths]) n += utf8Length(`"${p.Id}":`) + jsonBytes(p) + 1;
  return n;
}

function bulkChunks(a: WireAction): { start: number; end: number; rows: unknown[] }[] | null {
  const v = a.ArgumentInfo?.Arguments[0];
  if (!Array.isArray(v) || v.length === 0 || !Array.isArray(v[0])) return null;
  const cols = (v[0] as unknown[]).length;
  if (v.length * cols <= BULK_CHUNK_CELLS) return null;
  const per = Math.max(1, Math.round(BULK_CHUNK_CELLS / Math.max(1, cols)));
  const out: { start: number; end: number; rows: unknown[] }[] = [];
  for (let s = 0; s < v.length; s += per) out.push({ start: s, end: Math.min(v.length, s + per) - 1, rows: v.slice(s, s + per) });
  return out;
}

/** Bytes of the response {"Results":[{"ActionId":n,"Value":…},…]}. */
export function responseBytes(results: readonly { actionId: number; value: unknown }[]): number {
  let n = utf8Length('{"Results":[]}');
  for (const r of results) n += utf8Length(`{"ActionId":${r.actionId},"Value":}`) + jsonBytes(r.value) + 1;
  return n;
}
