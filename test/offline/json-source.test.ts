import fc from "fast-check";
import { isArray, isNumber, isObject, objectMembers, readJson, type JsonValue } from "../../src/ims/offline/json-source";
import { ACTION_FIELDS, editObjectText, withoutActionFields } from "../../src/ims/offline/record-text";

/** The plain value of a read JSON value, to compare with JSON.parse. */
function plain(v: JsonValue): unknown {
  if (v === null || typeof v !== "object") return v;
  if (v.kind === "number") return Number(v.raw);
  if (v.kind === "array") return v.items.map(plain);
  return Object.fromEntries([...v.members].map(([k, x]) => [k, plain(x)]));
}

describe("the JSON reader", () => {
  test("reads what JSON.parse reads, with the same values", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, "\t"), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const r = readJson(text);
        expect(r.ok).toBe(true);
        if (r.ok) expect(plain(r.value)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  test("refuses what JSON.parse refuses", () => {
    for (const bad of ["{", "[1,]", '{"a":1,}', "01", "1.", "-", '"\\x"', '"\\u12"', "tru", "{'a':1}", '{"a" 1}', "[1 2]", "NaN", "1e", '"abc']) {
      expect(() => JSON.parse(bad)).toThrow();
      expect(readJson(bad).ok).toBe(false);
    }
  });

  test("keeps offsets of objects and arrays, and the literal of numbers", () => {
    const text = ' {"a": [1.50, {"b": 12345678901234567890}], "c": "x\\/y"} ';
    const r = readJson(text);
    if (!r.ok || !isObject(r.value)) throw new Error("not read");
    expect(text.slice(r.value.start, r.value.end)).toBe(text.trim());
    const a = r.value.members.get("a");
    if (!isArray(a)) throw new Error("no array");
    expect(text.slice(a.start, a.end)).toBe('[1.50, {"b": 12345678901234567890}]');
    expect(isNumber(a.items[0]) && a.items[0].raw).toBe("1.50");
    const inner = a.items[1];
    expect(isObject(inner) && isNumber(inner.members.get("b")) && (inner.members.get("b") as { raw: string }).raw).toBe("12345678901234567890");
    expect(r.value.members.get("c")).toBe("x/y");
  });

  test("says where a problem is: line, column, path, and whether the text ended early", () => {
    const r = readJson('{\n  "imsDetails": {\n    "b2b": [\n      {"val": 1},\n      {"val": }');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem).toMatchObject({ line: 5, column: 15, path: "imsDetails.b2b[1].val", atEnd: false, found: '"}"' });
    const cut = readJson('{"imsDetails": {"b2b": [{"val": 1');
    expect(!cut.ok && cut.problem).toMatchObject({ atEnd: true, path: "imsDetails.b2b[0].val", found: "the end of the file" });
  });

  test("repeated keys are kept as the last value and listed; control characters in text are counted; deep nesting is refused", () => {
    const r = readJson('{"a":1,"a":2,"t":"x\ty"}');
    if (!r.ok || !isObject(r.value)) throw new Error("not read");
    expect(plain(r.value)).toEqual({ a: 2, t: "x\ty" });
    expect(r.value.repeatedKeys).toEqual(["a"]);
    expect(r.controlCharacters).toBe(1);
    const deep = readJson("[".repeat(100) + "]".repeat(100));
    expect(!deep.ok && deep.problem.expected).toBe("at most 64 levels of nesting");
    expect(readJson("[".repeat(60) + "]".repeat(60)).ok).toBe(true);
  });

  test("objectMembers: spans of the top-level members of one object", () => {
    const text = '{ "a" : 1 , "b":{"c":2},"d":"e" }';
    const r = objectMembers(text);
    if (!r.ok) throw new Error("not read");
    expect(r.value.members.map((m) => [m.key, text.slice(m.keyStart, m.keyEnd), text.slice(m.valueStart, m.valueEnd)])).toEqual([
      ["a", '"a"', "1"],
      ["b", '"b"', '{"c":2}'],
      ["d", '"d"', '"e"'],
    ]);
    expect(objectMembers("[1]").ok).toBe(false);
  });
});

describe("editing a record's text in place", () => {
  const pretty = '{\n  "stin": "x",\n  "action": "N",\n  "remarks": "old",\n  "hash": "h"\n}';
  const compact = '{"stin":"x","action":"N","val":1.50}';
  const edit = (text: string, set: [string, string][], remove: string[] = []) => editObjectText(text, { set: new Map(set), remove: new Set(remove) });

  test("sets a value in place and leaves every other byte", () => {
    expect(edit(pretty, [["action", '"A"']])).toBe(pretty.replace('"N"', '"A"'));
    expect(edit(compact, [["action", '"R"']])).toBe('{"stin":"x","action":"R","val":1.50}');
  });

  test("removes a member with one separator: first, middle, last, all", () => {
    expect(edit(pretty, [], ["stin"])).toBe('{\n  "action": "N",\n  "remarks": "old",\n  "hash": "h"\n}');
    expect(edit(pretty, [], ["remarks"])).toBe('{\n  "stin": "x",\n  "action": "N",\n  "hash": "h"\n}');
    expect(edit(pretty, [], ["hash"])).toBe('{\n  "stin": "x",\n  "action": "N",\n  "remarks": "old"\n}');
    expect(edit(pretty, [], ["remarks", "hash"])).toBe('{\n  "stin": "x",\n  "action": "N"\n}');
    expect(edit(compact, [], ["stin", "action", "val"])).toBe("{}");
    expect(edit(compact, [], ["absent"])).toBe(compact);
  });

  test("adds members at the end in the object's own layout", () => {
    expect(edit(pretty, [["itcRedReq", '"Y"']])).toBe('{\n  "stin": "x",\n  "action": "N",\n  "remarks": "old",\n  "hash": "h",\n  "itcRedReq": "Y"\n}');
    expect(edit(compact, [["itcRedReq", '"Y"'], ["declIgst", "45.5"]], [])).toBe('{"stin":"x","action":"N","val":1.50,"itcRedReq":"Y","declIgst":45.5}');
    expect(edit('{\n    "only": 1\n}', [["b", "2"]])).toBe('{\n    "only": 1,\n    "b": 2\n}');
    expect(edit("{}", [["a", "1"]])).toBe('{"a":1}');
    expect(edit(pretty, [["remarks", '"new"']], ["hash"])).toBe('{\n  "stin": "x",\n  "action": "N",\n  "remarks": "new"\n}');
  });

  test("withoutActionFields drops exactly the action fields", () => {
    const record = '{"stin":"x","action":"A","remarks":"r","itcRedReq":"Y","declIgst":1,"decl_cess":0,"itc_red_req":"N","prev_status":"N","hash":"h"}';
    expect(withoutActionFields(record)).toBe('{"stin":"x","hash":"h"}');
    expect(ACTION_FIELDS).toContain("prev_status");
  });
});
