import * as fs from "node:fs";
import * as path from "node:path";
import { crc32 } from "../../../src/sandbox/persistence/crc32";
import { writeStringChunked } from "../../../src/sandbox/persistence/fsUtil";
import { encodeJournalLine, scanJournal } from "../../../src/sandbox/persistence/journal";
import { useTempDirs } from "./tempDirs";

const tempDir = useTempDirs();

describe("crc32", () => {
  it("matches the standard check value and chains", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
    expect(crc32(Buffer.from("6789"), crc32(Buffer.from("12345")))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });
});

describe("journal lines", () => {
  it("encode as '<seq> <crc> <json>\\n' and scan back", () => {
    const a = encodeJournalLine(7, [{ id: 1, text: "multi\nline ✓ 😀" }]);
    const b = encodeJournalLine(8, [1, 2, 3]);
    expect(a.toString("utf8")).toMatch(/^7 [0-9a-f]{8} \[\{.*\}\]\n$/);
    expect(a.subarray(0, -1).includes(0x0a)).toBe(false);

    const scan = scanJournal(Buffer.concat([a, b]));
    expect(scan).toEqual({
      batches: [
        { seq: 7, entries: [{ id: 1, text: "multi\nline ✓ 😀" }] },
        { seq: 8, entries: [1, 2, 3] },
      ],
      validBytes: a.length + b.length,
    });
  });

  it("stops at a line that does not continue the sequence", () => {
    const a = encodeJournalLine(1, ["a"]);
    const c = encodeJournalLine(3, ["c"]);
    const scan = scanJournal(Buffer.concat([a, c]));
    expect(scan.batches.map((batch) => batch.seq)).toEqual([1]);
    expect(scan.validBytes).toBe(a.length);
    expect(scan.problem).toMatch(/sequence break.*expected seq 2, found 3/);
  });

  it.each([
    ["an empty line", "\n"],
    ["a zero-filled tail", "\0\0\0\0\n"],
    ["a bad crc field", "2 zzzzzzzz [1]\n"],
    ["a non-numeric seq", "x2 00000000 [1]\n"],
  ])("stops at %s", (_name, garbage) => {
    const a = encodeJournalLine(1, ["a"]);
    const scan = scanJournal(Buffer.concat([a, Buffer.from(garbage, "latin1"), encodeJournalLine(2, ["b"])]));
    expect(scan.batches.map((batch) => batch.seq)).toEqual([1]);
    expect(scan.validBytes).toBe(a.length);
    expect(scan.problem).toMatch(/malformed header/);
  });

  it("rejects a line whose checksum is right but whose payload is not an array", () => {
    const seqPrefix = Buffer.from("1 ");
    const json = Buffer.from('{"a":1}');
    const crc = crc32(json, crc32(seqPrefix)).toString(16).padStart(8, "0");
    const scan = scanJournal(Buffer.from(`1 ${crc} {"a":1}\n`));
    expect(scan.batches).toEqual([]);
    expect(scan.problem).toMatch(/not an array/);
  });
});

describe("writeStringChunked", () => {
  it("never splits a surrogate pair across chunks", () => {
    const file = path.join(tempDir(), "out.txt");
    const text = "a😀b😀😀c" + "é".repeat(5) + "😀";
    for (const chunkChars of [1, 2, 3, 4, 7, 1000]) {
      const fd = fs.openSync(file, "w");
      writeStringChunked(fd, text, chunkChars);
      fs.closeSync(fd);
      expect(fs.readFileSync(file, "utf8")).toBe(text);
    }
  });
});
