import { hashOfVersionCell, versionCell } from "../../src/workbook/version-cell";

const HASH = "dbd0f1a3c4e5b6a7980112233445566778899aabbccddeeff00112233b676e29";

test("a 64-digit hash is kept in 44 characters and read back exactly", () => {
  expect(HASH).toHaveLength(64);
  const cell = versionCell(HASH);
  expect(cell).toHaveLength(44);
  expect(cell.startsWith("~")).toBe(true);
  expect(hashOfVersionCell(cell)).toBe(HASH);
});

test("upper-case hex comes back upper-case", () => {
  const upper = HASH.toUpperCase();
  const cell = versionCell(upper);
  expect(cell).toHaveLength(45);
  expect(hashOfVersionCell(cell)).toBe(upper);
});

test("every hex digit in every position survives", () => {
  for (let d = 0; d < 16; d++) {
    for (const at of [0, 1, 2, 31, 62, 63]) {
      const hash = "0".repeat(at) + d.toString(16) + "f".repeat(63 - at);
      expect(hashOfVersionCell(versionCell(hash))).toBe(hash);
    }
  }
});

test("other hashes, and cells written before, are kept as they are", () => {
  for (const h of ["", "abc123", "00123", "0a4f9c2e11d7b3cd", HASH.slice(0, 63), HASH + "0", "G".repeat(64), "aB".repeat(32)]) {
    expect(versionCell(h)).toBe(h);
    expect(hashOfVersionCell(h)).toBe(h);
  }
  expect(hashOfVersionCell(HASH)).toBe(HASH);
});

test("a packed cell that was damaged is read as the text it holds, so the fingerprint flags it", () => {
  const cell = versionCell(HASH);
  const damaged = cell.slice(0, -1) + (cell.endsWith("A") ? "B" : "A");
  expect(hashOfVersionCell(damaged)).not.toBe(HASH);
  expect(hashOfVersionCell(cell.slice(0, 40))).toBe(cell.slice(0, 40));
  expect(hashOfVersionCell("~" + "_".repeat(43))).toBe("~" + "_".repeat(43));
});
