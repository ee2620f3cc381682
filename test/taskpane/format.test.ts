import { clockTime, durationText, periodLabel, rupees, sessionExpiryText } from "../../src/taskpane/format";

describe("format", () => {
  test("rupees in Indian grouping", () => {
    expect(rupees(1_234_567_890)).toBe("₹1,23,45,678.90");
    expect(rupees(0)).toBe("₹0.00");
    expect(rupees(5)).toBe("₹0.05");
    expect(rupees(100_000_00)).toBe("₹1,00,000.00");
    expect(rupees(-1200)).toBe("−₹12.00");
  });

  test("durations and the session line", () => {
    expect(durationText(30_000)).toBe("less than a minute");
    expect(durationText(12 * 60_000 + 59_000)).toBe("12 min");
    expect(durationText(2 * 3_600_000)).toBe("2 h");
    expect(durationText((5 * 60 + 12) * 60_000)).toBe("5 h 12 min");
    const at = new Date(2025, 10, 21, 16, 42).getTime();
    expect(clockTime(at)).toBe("16:42");
    expect(sessionExpiryText(at, at - (5 * 60 + 12) * 60_000)).toBe("Session valid until 16:42 (in 5 h 12 min)");
    expect(sessionExpiryText(at, at + 1)).toBe("Session expired at 16:42");
  });

  test("periods by name", () => {
    expect(periodLabel("2025-11")).toBe("November 2025");
    expect(periodLabel("2026-01")).toBe("January 2026");
    expect(periodLabel("nonsense")).toBe("nonsense");
  });
});
