import { instantToSerialIst, isoDateToSerial, serialIstToInstant, serialToIsoDate } from "../../src/workbook/date-serial";
import { dateToSerial } from "../excel-fake/dates";

describe("date serials (1900 system)", () => {
  test.each([
    ["1900-03-01", 61],
    ["1999-12-31", 36525],
    ["2023-03-15", 45000],
    ["2025-11-05", 45966],
    ["2024-02-29", 45351],
  ])("%s ↔ %d", (iso, serial) => {
    expect(isoDateToSerial(iso)).toBe(serial);
    expect(serialToIsoDate(serial)).toBe(iso);
  });

  test("agrees with the Excel fake's own converter over 2017-2030", () => {
    for (let ms = Date.UTC(2017, 0, 1); ms < Date.UTC(2030, 0, 1); ms += 86_400_000 * 13) {
      const iso = new Date(ms).toISOString().slice(0, 10);
      expect(isoDateToSerial(iso)).toBe(dateToSerial(iso));
    }
  });

  test("refuses what is not a date", () => {
    expect(() => isoDateToSerial("2025-02-30")).toThrow();
    expect(() => isoDateToSerial("1900-02-28")).toThrow();
    expect(serialToIsoDate(45000.5)).toBeNull();
    expect(serialToIsoDate(-1)).toBeNull();
    expect(serialToIsoDate(Number.NaN)).toBeNull();
  });

  test("instants show in Indian time and come back to the second", () => {
    const s = instantToSerialIst("2025-11-21T05:00:00.000Z");
    expect(serialToIsoDate(Math.floor(s))).toBe("2025-11-21");
    expect(s - Math.floor(s)).toBeCloseTo(10.5 / 24, 9);
    expect(serialIstToInstant(s)).toBe("2025-11-21T05:00:00.000Z");
    expect(serialIstToInstant(instantToSerialIst("2025-11-21T18:45:07Z"))).toBe("2025-11-21T18:45:07.000Z");
  });
});
