/**
 * Editing a record's JSON text in place: set some members' values, remove some members, add
 * new ones, and leave every other byte exactly as it was (key order, spacing, the spelling of
 * numbers and escapes). This is how the upload echoes a downloaded record "byte for byte except
 * the action fields".
 *
 * A removed member takes one separator with it (the one after it, or before it when it is the
 * last). An added member goes after the last one, with the object's own separator and
 * key-colon spacing, so a pretty-printed record stays pretty-printed.
 */
import { objectMembers, type JsonObject, type MemberSpan } from "./json-source";

/** What `objectMembers` read of an object text; pass it to skip reading the text again. */
export interface ObjectMembers {
  object: JsonObject;
  members: MemberSpan[];
}

/**
 * The members the upload may set, change or remove: the action, the remarks, the ITC-reduction
 * declaration (both spellings) and `prev_status`. Everything else is echoed as downloaded.
 */
export const ACTION_FIELDS: readonly string[] = [
  "action",
  "remarks",
  "itcRedReq",
  "declIgst",
  "declCgst",
  "declSgst",
  "declCess",
  "itc_red_req",
  "decl_igst",
  "decl_cgst",
  "decl_sgst",
  "decl_cess",
  "prev_status",
];

export interface ObjectEdit {
  /** Members to give a value, as JSON text (`"A"`, `45.5`); added at the end when absent. */
  set: ReadonlyMap<string, string>;
  /** Members to remove when present. */
  remove: ReadonlySet<string>;
}

/**
 * `objectText` with the edit applied. Throws when `objectText` is not one JSON object (callers
 * pass text this module's reader produced). `members`, when given, is `objectMembers(objectText)`.
 */
export function editObjectText(objectText: string, edit: ObjectEdit, members?: ObjectMembers): string {
  let read = members;
  if (!read) {
    const r = objectMembers(objectText);
    if (!r.ok) throw new Error(`Not a JSON object text (line ${r.problem.line}, column ${r.problem.column}): ${r.problem.expected} expected`);
    read = r.value;
  }
  const spans = read.members;
  const first = spans[0];
  const last = spans[spans.length - 1];
  const { object } = read;
  // The text before the first member ("{" and spacing) and after the last (spacing and "}").
  const closeAt = object.end - 1;
  const head = first ? objectText.slice(object.start, first.keyStart) : objectText.slice(object.start, closeAt);
  const tail = last ? objectText.slice(last.valueEnd, object.end) : objectText.slice(closeAt, object.end);
  const colon = first ? objectText.slice(first.keyEnd, first.valueStart) : ":";
  const separator = spans.length > 1 ? objectText.slice((spans[0] as MemberSpan).valueEnd, (spans[1] as MemberSpan).keyStart) : `,${head.slice(1)}`;

  interface Piece {
    text: string;
    /** The separator that followed this member in the source (none after the last). */
    after: string;
  }
  const pieces: Piece[] = [];
  const present = new Set<string>();
  spans.forEach((m, i) => {
    present.add(m.key);
    if (edit.remove.has(m.key)) return;
    const next = spans[i + 1];
    const after = next ? objectText.slice(m.valueEnd, next.keyStart) : "";
    const value = edit.set.get(m.key);
    const text = value === undefined ? objectText.slice(m.keyStart, m.valueEnd) : objectText.slice(m.keyStart, m.valueStart) + value;
    pieces.push({ text, after });
  });
  for (const [key, value] of edit.set) {
    if (present.has(key) || edit.remove.has(key)) continue;
    pieces.push({ text: `${JSON.stringify(key)}${colon}${value}`, after: "" });
  }
  let out = head;
  pieces.forEach((p, i) => {
    out += p.text;
    if (i < pieces.length - 1) out += p.after !== "" ? p.after : separator;
  });
  return out + tail;
}

/** The record's text without its action fields: what must be identical between a download and its upload. */
export function withoutActionFields(objectText: string): string {
  return editObjectText(objectText, { set: new Map(), remove: new Set(ACTION_FIELDS) });
}
