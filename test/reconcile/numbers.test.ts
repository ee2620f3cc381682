/** Document-number normalisation: one test per kind of difference the reference lists. */
import { editDistance, fyOfDate, numberKeys, splitNumberList, type NumberKeys } from "../../src/ims/reconcile";

const FY = 2025; // documents dated in FY 2025-26

function keys(n: string, fy: number | null = FY): NumberKeys {
  return numberKeys(n, fy);
}

/** The strictest key two numbers share: "compact", "norm", "serial" or "none". */
function agreement(a: string, b: string, fyA: number | null = FY, fyB: number | null = FY): string {
  const x = keys(a, fyA);
  const y = keys(b, fyB);
  if (x.compact === y.compact) return "compact";
  const norms = (k: NumberKeys) => [k.norm, ...k.variants.map((v) => v.norm)];
  if (norms(x).some((n) => norms(y).includes(n))) return "norm";
  const serials = (k: NumberKeys) => [k.serial, ...k.variants.map((v) => v.serial)].filter((s) => s !== null);
  if (serials(x).some((s) => serials(y).includes(s))) return "serial";
  return "none";
}

describe("number keys", () => {
  test("compact: case, spaces and separators forgotten", () => {
    expect(keys("inv/2025-26/00123").compact).toBe("INV20252600123");
    expect(agreement("INV/2025-26/00123", "inv 2025 26 00123")).toBe("compact");
    expect(agreement("INV-123", "INV/123")).toBe("compact");
    expect(agreement("INV-123", "INV123")).toBe("compact");
    expect(agreement("Inv 123", "INV123")).toBe("compact");
  });

  test("leading zeros added or dropped", () => {
    expect(agreement("INV/00123", "INV/123")).toBe("norm");
    expect(agreement("000456", "456")).toBe("norm");
    expect(keys("000").norm).toBe("0");
  });

  test("financial-year fragments added, dropped or changed, in every spelling", () => {
    const base = "INV/2025-26/123";
    for (const other of ["INV/123", "INV/25-26/123", "INV/2526/123", "INV/202526/123", "INV/2025-2026/123", "INV/FY25-26/123", "INV/123/25-26", "25-26/INV/123", "INV/2025/26/123"]) {
      expect([other, ["compact", "norm"].includes(agreement(base, other))]).toEqual([other, true]);
    }
    expect(keys("INV/2025-26/123").fy).toBe(2025);
    expect(keys("INV/123").fy).toBeNull();
  });

  test("a fragment glued to the serial when separators were dropped is a variant reading", () => {
    expect(agreement("INV/25-26/0123", "INV25260123")).toBe("compact");
    expect(agreement("DL820/25-26", "DL08202526")).toBe("norm"); // zeros added and separators dropped
    expect(agreement("CRN-3", "CRN3202526")).toBe("norm");
    expect(keys("INV25260123").norm).toBe("25260123"); // the main reading keeps the digits
  });

  test("prefixes such as INV/, BILL-, Inv, No. added or dropped", () => {
    for (const other of ["INV/123", "BILL-123", "Inv 123", "Bill No 123", "TAX INVOICE 123", "Inv No. 123", "123"]) {
      expect([other, ["compact", "norm"].includes(agreement("123", other))]).toEqual([other, true]);
    }
    // A supplier's own letters are kept: MH123 and 123 share only the serial.
    expect(agreement("MH123/25-26", "123")).toBe("serial");
  });

  test("only the serial kept, or a decorated number booked", () => {
    expect(agreement("K/SAL/1644", "1644")).toBe("serial");
    expect(agreement("1644", "PUR/2025-26/1644")).toBe("serial");
    expect(keys("INV/2025-26/00123").serial).toBe("123");
    expect(keys("123A").serial).toBe("123A");
    expect(keys("INV-123/MH").serial).toBe("123");
  });

  test("a year pair that is part of the number is not taken for a financial year", () => {
    expect(keys("BILL-2627").norm).toBe("2627"); // the only digit group
    expect(keys("KAX2024/25-26").norm).toBe("KAX2024"); // 2024/25 is not the FY, 25-26 is
    expect(keys("GST/2024/2025-26").norm).toBe("2024");
    expect(keys("DN/25-26/27").norm).toBe("27");
    expect(keys("PUR/2025-26/27").serial).toBe("27");
    expect(keys("002425").norm).toBe("2425");
  });

  test("a calendar year of the document's FY at either end is set aside", () => {
    expect(agreement("INV/123/2025", "INV/123")).toBe("norm");
    expect(agreement("2026/0042", "42", 2025, 2025)).toBe("norm");
    expect(keys("GST/2024").norm).toBe("2024");
  });

  test("different serials do not agree at any level", () => {
    expect(agreement("INV/2025-26/123", "INV/2025-26/124")).toBe("none");
    expect(agreement("INV-123", "INV-1234")).toBe("none");
    expect(keys("INV-123").serial).not.toBe(keys("INV-123A").serial);
  });

  test("last year's document: the same serial under another FY fragment", () => {
    const thisYear = keys("INV/2025-26/001", 2025);
    const lastYear = keys("INV/2024-25/001", 2024);
    expect(thisYear.norm).toBe(lastYear.norm);
    expect(thisYear.fy).toBe(2025);
    expect(lastYear.fy).toBe(2024); // the matcher refuses a pair whose written years differ
  });

  test("a split line's stem", () => {
    expect(keys("INV-123/2").stem).toBe("123");
    expect(keys("INV-123-A").stem).toBe("123");
    expect(keys("INV-123").stem).toBeNull();
  });

  test("fyOfDate: April to March", () => {
    expect(fyOfDate("2025-04-01")).toBe(2025);
    expect(fyOfDate("2026-03-31")).toBe(2025);
    expect(fyOfDate("2025-03-31")).toBe(2024);
    expect(fyOfDate(null)).toBeNull();
  });

  test("several numbers in one cell", () => {
    expect(splitNumberList("INV-1, INV-2")).toEqual(["INV-1", "INV-2"]);
    expect(splitNumberList("12 & 13 and 14")).toEqual(["12", "13", "14"]);
    expect(splitNumberList("INV/2025-26/1")).toEqual(["INV/2025-26/1"]);
  });

  test("editDistance counts an adjacent swap as one edit and stops early", () => {
    expect(editDistance("1720", "1270", 2)).toBe(1);
    expect(editDistance("abc", "abd", 1)).toBe(1);
    expect(editDistance("abcdef", "uvwxyz", 1)).toBe(2);
  });
});

test("a split line's suffix after a calendar year", () => {
  expect(numberKeys("R-0045/2025-1", 2025)).toMatchObject({ norm: "R451", stem: "R45" });
  expect(numberKeys("R-0045/2025", 2025).norm).toBe("R45");
});
