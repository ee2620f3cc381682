import * as fs from "node:fs";
import * as path from "node:path";
import { DurableStore, type DurableStoreOptions } from "../../../src/sandbox/persistence";
import { useTempDirs } from "./tempDirs";

interface State {
  items: string[];
}
interface Entry {
  add: string;
}

const tempDir = useTempDirs();
const JOURNAL = "journal.log";
const SNAPSHOT = "snapshot.json";
const TEMP = "snapshot.json.tmp";

function open(options: DurableStoreOptions) {
  return DurableStore.open<State, Entry>(options);
}

/** Reopens the store, hands back what it loaded, and closes it again. */
function reload(dir: string) {
  const { store, loaded } = open({ dir });
  store.close();
  return loaded;
}

const add = (...names: string[]): Entry[] => names.map((name) => ({ add: name }));

function journalSeqs(dir: string): number[] {
  const text = fs.readFileSync(path.join(dir, JOURNAL), "utf8");
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => Number(line.split(" ")[0]));
}

function journalLines(dir: string): Buffer[] {
  const bytes = fs.readFileSync(path.join(dir, JOURNAL));
  const lines: Buffer[] = [];
  for (let start = 0; start < bytes.length; ) {
    const end = bytes.indexOf(0x0a, start) + 1;
    lines.push(bytes.subarray(start, end));
    start = end;
  }
  return lines;
}

describe("DurableStore", () => {
  it("opens an empty or missing dir as empty state, creating the dir", () => {
    const dir = path.join(tempDir(), "nested", "store");
    const { store, loaded } = open({ dir });
    store.close();
    expect(loaded).toEqual({ snapshot: null, entries: [], recovered: { droppedBytes: 0 } });
    expect(fs.statSync(dir).isDirectory()).toBe(true);
  });

  it("round-trips entries and snapshots across close/reopen", () => {
    const dir = tempDir();
    const first = open({ dir }).store;
    first.append({ add: "a" });
    first.appendMany(add("b", "c"));
    first.appendMany([]);
    first.close();
    expect(reload(dir)).toEqual({ snapshot: null, entries: add("a", "b", "c"), recovered: { droppedBytes: 0 } });
    expect(journalSeqs(dir)).toEqual([1, 2]);

    const second = open({ dir }).store;
    second.append({ add: "d" });
    second.writeSnapshot({ items: ["a", "b", "c", "d"] });
    second.append({ add: "e" });
    second.appendMany(add("f", "g"));
    second.close();

    const loaded = reload(dir);
    expect(loaded.snapshot).toEqual({ items: ["a", "b", "c", "d"] });
    expect(loaded.entries).toEqual(add("e", "f", "g"));
    // The snapshot covers seq 1..3; the fresh journal continues at 4.
    expect(journalSeqs(dir)).toEqual([4, 5]);

    const third = open({ dir }).store;
    third.append({ add: "h" });
    third.close();
    expect(journalSeqs(dir)).toEqual([4, 5, 6]);
    expect(reload(dir).entries).toEqual(add("e", "f", "g", "h"));
  });

  it("keeps sequence numbers going across a snapshot taken right after reopening", () => {
    const dir = tempDir();
    const first = open({ dir }).store;
    first.appendMany(add("a", "b"));
    first.close();
    const second = open({ dir }).store;
    second.writeSnapshot({ items: ["a", "b"] });
    second.close();
    const third = open({ dir }).store;
    third.append({ add: "c" });
    third.close();
    expect(journalSeqs(dir)).toEqual([2]);
    expect(reload(dir)).toMatchObject({ snapshot: { items: ["a", "b"] }, entries: add("c") });
  });

  it("drops a torn last line, truncates it away and appends cleanly after it", () => {
    const dir = tempDir();
    const store = open({ dir }).store;
    store.append({ add: "a" });
    store.append({ add: "b" });
    store.close();
    const journal = path.join(dir, JOURNAL);
    const intactSize = fs.statSync(journal).size;

    // A batch torn halfway through its write: none of it may come back.
    const batchLine = Buffer.from('3 0badc0de [{"add":"c"},{"add":"d"},{"add":"e"}]\n');
    const torn = batchLine.subarray(0, 20);
    fs.appendFileSync(journal, torn);

    const reopened = open({ dir });
    expect(reopened.loaded.entries).toEqual(add("a", "b"));
    expect(reopened.loaded.recovered.droppedBytes).toBe(torn.length);
    expect(reopened.loaded.recovered.reason).toMatch(/torn final line at byte \d+/);
    expect(fs.statSync(journal).size).toBe(intactSize);

    reopened.store.appendMany(add("c", "d"));
    reopened.store.close();
    expect(reload(dir)).toEqual({ snapshot: null, entries: add("a", "b", "c", "d"), recovered: { droppedBytes: 0 } });
    expect(journalSeqs(dir)).toEqual([1, 2, 3]);
  });

  it("drops a line with a bad checksum and everything after it", () => {
    const dir = tempDir();
    const store = open({ dir }).store;
    for (const name of ["a", "b", "c", "d", "e"]) store.append({ add: name });
    store.close();

    const lines = journalLines(dir);
    expect(lines).toHaveLength(5);
    const third = lines[2]!;
    // Flip one payload byte: "c" -> "x". Still valid JSON, so only the checksum can catch it.
    const damaged = Buffer.from(third.toString("utf8").replace('"c"', '"x"'));
    fs.writeFileSync(path.join(dir, JOURNAL), Buffer.concat([lines[0]!, lines[1]!, damaged, lines[3]!, lines[4]!]));

    const reopened = open({ dir });
    reopened.store.close();
    expect(reopened.loaded.entries).toEqual(add("a", "b"));
    expect(reopened.loaded.recovered.droppedBytes).toBe(damaged.length + lines[3]!.length + lines[4]!.length);
    expect(reopened.loaded.recovered.reason).toMatch(/checksum mismatch \(seq 3\)/);
    expect(fs.statSync(path.join(dir, JOURNAL)).size).toBe(lines[0]!.length + lines[1]!.length);
  });

  it("does not replay entries twice after a crash between snapshot rename and journal reset", () => {
    const dir = tempDir();
    const store = open({ dir }).store;
    store.appendMany(add("a", "b"));
    store.append({ add: "c" });
    const journalBeforeSnapshot = fs.readFileSync(path.join(dir, JOURNAL));
    store.writeSnapshot({ items: ["a", "b", "c"] });
    store.close();
    // As the files would be had the process died right after the rename.
    fs.writeFileSync(path.join(dir, JOURNAL), journalBeforeSnapshot);

    const reopened = open({ dir });
    expect(reopened.loaded).toEqual({ snapshot: { items: ["a", "b", "c"] }, entries: [], recovered: { droppedBytes: 0 } });
    // The stale journal is reset, and numbering continues after the snapshot.
    expect(fs.statSync(path.join(dir, JOURNAL)).size).toBe(0);
    reopened.store.append({ add: "d" });
    reopened.store.close();
    expect(journalSeqs(dir)).toEqual([3]);
    expect(reload(dir)).toMatchObject({ snapshot: { items: ["a", "b", "c"] }, entries: add("d") });
  });

  it("skips covered lines even when newer lines follow them", () => {
    const dir = tempDir();
    const store = open({ dir }).store;
    store.append({ add: "a" });
    store.append({ add: "b" });
    const journalAtSnapshot = fs.readFileSync(path.join(dir, JOURNAL));
    store.writeSnapshot({ items: ["a", "b"] });
    store.append({ add: "c" });
    store.close();
    // Journal holding 1, 2 (covered by the snapshot) then 3.
    const fresh = fs.readFileSync(path.join(dir, JOURNAL));
    fs.writeFileSync(path.join(dir, JOURNAL), Buffer.concat([journalAtSnapshot, fresh]));
    expect(journalSeqs(dir)).toEqual([1, 2, 3]);
    expect(reload(dir)).toMatchObject({ snapshot: { items: ["a", "b"] }, entries: add("c") });
  });

  it("ignores and removes a leftover temp snapshot", () => {
    const dir = tempDir();
    const store = open({ dir }).store;
    store.append({ add: "a" });
    store.writeSnapshot({ items: ["a"] });
    store.append({ add: "b" });
    store.close();
    fs.writeFileSync(path.join(dir, TEMP), '{"format":"ims-sandbox-durable-snapshot","version":1,"seq":9,"state":{"ite');

    expect(reload(dir)).toEqual({ snapshot: { items: ["a"] }, entries: add("b"), recovered: { droppedBytes: 0 } });
    expect(fs.existsSync(path.join(dir, TEMP))).toBe(false);
  });

  it("refuses to open over an unreadable snapshot, naming the file and touching nothing", () => {
    const dir = tempDir();
    const store = open({ dir }).store;
    store.append({ add: "a" });
    store.writeSnapshot({ items: ["a"] });
    store.append({ add: "b" });
    store.close();
    const snapshotFile = path.join(dir, SNAPSHOT);
    fs.writeFileSync(snapshotFile, fs.readFileSync(snapshotFile).subarray(0, 30));
    const journalBefore = fs.readFileSync(path.join(dir, JOURNAL));

    expect(() => open({ dir })).toThrow(snapshotFile);
    expect(() => open({ dir })).toThrow(/unreadable \(not valid JSON/);
    expect(fs.readFileSync(path.join(dir, JOURNAL))).toEqual(journalBefore);

    fs.writeFileSync(snapshotFile, '{"format":"something-else","seq":1,"state":{}}');
    expect(() => open({ dir })).toThrow(/unreadable \(format is "something-else"/);
  });

  it("refuses to load a journal that does not continue from the snapshot", () => {
    const dir = tempDir();
    const store = open({ dir }).store;
    store.appendMany(add("a", "b"));
    store.writeSnapshot({ items: ["a", "b"] });
    store.append({ add: "c" });
    store.close();
    fs.unlinkSync(path.join(dir, SNAPSHOT));
    expect(() => open({ dir })).toThrow(/starts at seq 2 but there is no snapshot .*batches 1\.\.1 are missing/);
    expect(journalSeqs(dir)).toEqual([2]);
  });

  it("reports when the journal has grown past compactAfterBytes, until the next snapshot", () => {
    const dir = tempDir();
    const store = open({ dir, compactAfterBytes: 200 }).store;
    expect(store.shouldCompact()).toBe(false);
    store.append({ add: "x".repeat(150) });
    expect(store.shouldCompact()).toBe(false);
    store.append({ add: "y".repeat(150) });
    expect(store.shouldCompact()).toBe(true);
    store.writeSnapshot({ items: ["x", "y"] });
    expect(store.shouldCompact()).toBe(false);
    store.close();

    const reopened = open({ dir, compactAfterBytes: 200 });
    expect(reopened.store.shouldCompact()).toBe(false);
    reopened.store.append({ add: "z".repeat(300) });
    expect(reopened.store.shouldCompact()).toBe(true);
    reopened.store.close();
    expect(() => open({ dir, compactAfterBytes: 0 })).toThrow(RangeError);
  });

  it("leaves the store usable when a snapshot or entry cannot be serialised", () => {
    const dir = tempDir();
    const store = open({ dir }).store;
    store.append({ add: "a" });
    store.writeSnapshot({ items: ["a"] });
    const circular: { items: string[]; self?: unknown } = { items: [] };
    circular.self = circular;
    expect(() => store.writeSnapshot(circular)).toThrow(TypeError);
    const bigint = { add: 1n } as unknown as Entry;
    expect(() => store.append(bigint)).toThrow(TypeError);
    store.append({ add: "b" });
    store.close();
    expect(fs.existsSync(path.join(dir, TEMP))).toBe(false);
    expect(reload(dir)).toMatchObject({ snapshot: { items: ["a"] }, entries: add("b") });
  });

  it("round-trips a large snapshot with non-ASCII text", () => {
    const dir = tempDir();
    const items = Array.from({ length: 200_000 }, (_, i) => `record-${i}-₹-😀`);
    const store = open({ dir }).store;
    store.writeSnapshot({ items });
    store.close();
    expect(reload(dir).snapshot).toEqual({ items });
  });

  it("works with fsync off", () => {
    const dir = tempDir();
    const store = open({ dir, fsync: false }).store;
    store.append({ add: "a" });
    store.writeSnapshot({ items: ["a"] });
    store.append({ add: "b" });
    store.close();
    expect(reload(dir)).toMatchObject({ snapshot: { items: ["a"] }, entries: add("b") });
  });

  it("rejects use after close; close is idempotent", () => {
    const dir = tempDir();
    const store = open({ dir }).store;
    store.close();
    store.close();
    expect(() => store.append({ add: "a" })).toThrow(/closed/);
    expect(() => store.writeSnapshot({ items: [] })).toThrow(/closed/);
  });
});
