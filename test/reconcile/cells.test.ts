/** Reading one register cell: amounts, dates, place of supply, document type, GSTIN; and CSV text. */
import { excelSerialToIso, isCellError, parseAmount, parseCsv, parseDate, parseDocType, parseGstin, parsePlaceOfSupply, sniffDelimiter } from "../../src/ims/register";

describe("amounts", () => {
  test.each([
    [1234.5, 123450],
    [0.1 + 0.2, 30],
    ["1,23,456.78", 12345678],
    ["123,456.78", 12345678],
    ["₹ 1,000", 100000],
    ["₹1,000.5", 100050],
    ["Rs. 250.00", 25000],
    ["INR 99.99", 9999],
    ["(1,500.00)", -150000],
    ["-1,500.00", -150000],
    ["1,500.00-", -150000],
    ["(₹ 10.50)", -1050],
    [" 42 ", 4200],
    ["12.345", 1235],
    [".5", 50],
    ["0", 0],
  ])("%p → %p paise", (cell, paise) => {
    expect(parseAmount(cell)).toBe(paise);
  });

  test("empty is null, not zero", () => {
    expect(parseAmount("")).toBeNull();
    expect(parseAmount(null)).toBeNull();
    expect(parseAmount("-")).toBeNull();
  });

  test("anything else is an error naming the text", () => {
    for (const bad of ["abc", "12a", "1.2.3", "--5", true]) {
      const r = parseAmount(bad);
      expect(isCellError(r)).toBe(true);
    }
    expect(parseAmount("abc")).toEqual({ error: '"abc" is not an amount' });
  });
});

describe("dates", () => {
  test.each([
    ["05-11-2025", "2025-11-05"],
    ["5/11/2025", "2025-11-05"],
    ["05.11.2025", "2025-11-05"],
    ["05-11-25", "2025-11-05"],
    ["12-Jul-17", "2017-07-12"],
    ["12-JUL-2017", "2017-07-12"],
    ["12 July 2017", "2017-07-12"],
    ["Jul 12, 2017", "2017-07-12"],
    ["2025-11-05", "2025-11-05"],
    ["2025-11-05T00:00:00Z", "2025-11-05"],
    ["2025/11/05", "2025-11-05"],
    ["45966", "2025-11-05"],
    [45966, "2025-11-05"],
    ["11/25/2025", "2025-11-25"], // month first only where day first is impossible
  ])("%p → %p", (cell, iso) => {
    expect(parseDate(cell)).toBe(iso);
  });

  test("Excel serials (1900 system)", () => {
    expect(excelSerialToIso(25569)).toBe("1970-01-01");
    expect(excelSerialToIso(45748)).toBe("2025-04-01");
    expect(excelSerialToIso(45748.75)).toBe("2025-04-01");
  });

  test("impossible dates and text are errors; empty is null", () => {
    for (const bad of ["31-02-2025", "2025-13-01", "yesterday", "32/01/2025", true]) expect(isCellError(parseDate(bad))).toBe(true);
    expect(parseDate("")).toBeNull();
  });
});

describe("place of supply, document type, GSTIN", () => {
  test.each([
    ["27", "27"],
    ["27-Maharashtra", "27"],
    ["27 - Maharashtra", "27"],
    ["Maharashtra", "27"],
    ["Karnataka", "29"],
    ["7", "07"],
    [7, "07"],
    ["Tamil Nadu", "33"],
    ["Dadra & Nagar Haveli and Daman & Diu", "26"],
  ])("place of supply %p → %p", (cell, code) => {
    expect(parsePlaceOfSupply(cell)).toBe(code);
  });

  test("unknown places are errors", () => {
    expect(isCellError(parsePlaceOfSupply("Atlantis"))).toBe(true);
    expect(isCellError(parsePlaceOfSupply("99"))).toBe(true);
  });

  test.each([
    ["Invoice", "invoice"],
    ["Tax Invoice", "invoice"],
    ["Regular", "invoice"],
    ["Purchase", "invoice"],
    ["Credit Note", "credit"],
    ["C", "credit"],
    ["CDN-C", "credit"],
    ["Purchase Return", "credit"],
    ["Debit Note", "debit"],
    ["D", "debit"],
  ])("document type %p → %p", (cell, type) => {
    expect(parseDocType(cell)).toBe(type);
  });

  test("GSTIN: upper-cased, spaces dropped, shape checked", () => {
    expect(parseGstin(" 27aaaci1234f1z2 ")).toBe("27AAACI1234F1Z2");
    expect(isCellError(parseGstin("27AAACI1234"))).toBe(true);
    expect(parseGstin("")).toBeNull();
  });
});

describe("CSV", () => {
  test("quotes, escaped quotes, commas and line breaks inside quotes, CRLF, BOM", () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""","line1\nline2"\r\n1,,3\r\n';
    expect(parseCsv(text)).toEqual([
      ["a", "b", "c"],
      ["x, y", 'say "hi"', "line1\nline2"],
      ["1", "", "3"],
    ]);
  });

  test("LF or CR line ends, no newline at the end, empty fields at the end", () => {
    expect(parseCsv("a,b\n1,2")).toEqual([["a", "b"], ["1", "2"]]);
    expect(parseCsv("a,b\r1,2\r")).toEqual([["a", "b"], ["1", "2"]]);
    expect(parseCsv("a,b,\n1,,")).toEqual([["a", "b", ""], ["1", "", ""]]);
    expect(parseCsv("")).toEqual([]);
  });

  test("a blank line is a row (it keeps the row numbers of what follows)", () => {
    expect(parseCsv("a\n\nb\n")).toEqual([["a"], [""], ["b"]]);
  });

  test("leading zeros stay (cells stay text)", () => {
    expect(parseCsv("00123,0042\n")).toEqual([["00123", "0042"]]);
  });

  test("delimiter sniffing: comma, semicolon or tab", () => {
    expect(sniffDelimiter("a;b;c\n1;2;3")).toBe(";");
    expect(sniffDelimiter("a\tb\n")).toBe("\t");
    expect(sniffDelimiter('"a;b",c\n')).toBe(",");
    expect(parseCsv("a;b\n1;2", ";")).toEqual([["a", "b"], ["1", "2"]]);
  });
});

describe("CSV edge cases", () => {
  test("an empty line inside, a delimiter at the very end, a quoted empty field, text after a closing quote", () => {
    expect(parseCsv("a,b,")).toEqual([["a", "b", ""]]);
    expect(parseCsv('"",x\n')).toEqual([["", "x"]]);
    expect(parseCsv('"ab"c,d')).toEqual([["abc", "d"]]);
    expect(parseCsv('"a\r\nb",c\r\n')).toEqual([["a\r\nb", "c"]]);
    expect(parseCsv('"unterminated,x')).toEqual([["unterminated,x"]]);
    expect(parseCsv("\r\n")).toEqual([[""]]);
  });
});
