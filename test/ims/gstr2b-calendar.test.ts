import { gstr2bCalendar, istMidnight, recomputablePeriods, type Gstr2bActivity } from "../../src/ims/gstr2b-calendar";
import { checkSave } from "../../src/ims/portal-rules";
import { creditNote, RULES_CTX } from "./fixtures";

const NONE: Gstr2bActivity = { changedAt: {}, recomputedAt: {} };
/** An instant on a day, at an hour in India (11:00 by default). */
const savedOn = (day: string, hour = 11) => new Date(istMidnight(day) + hour * 3_600_000).toISOString();

describe("the GSTR-2B calendar and the pending window, day by day", () => {
  // One table for the days that have broken date logic before: the 1st, the 13th (the day before
  // the draft), the 14th (the draft's day), the 28th, and a quarter end.
  const days = [
    { today: "2026-12-01", upcoming: "2026-11", open: ["2026-10", "2026-09"], cnPendingAllowed: true },
    { today: "2026-12-13", upcoming: "2026-11", open: ["2026-10", "2026-09"], cnPendingAllowed: true },
    { today: "2026-12-14", upcoming: null, open: ["2026-11", "2026-10"], cnPendingAllowed: true },
    { today: "2026-12-28", upcoming: null, open: ["2026-11", "2026-10"], cnPendingAllowed: false },
    { today: "2027-03-31", upcoming: null, open: ["2027-02", "2027-01"], cnPendingAllowed: false },
  ];

  test.each(days)("monthly filer on $today", ({ today, upcoming, open, cnPendingAllowed }) => {
    const calendar = gstr2bCalendar(today, "monthly", NONE);
    expect(calendar.upcoming?.period ?? null).toBe(upcoming);
    if (upcoming) expect(calendar.upcoming?.draftOn).toBe(`${today.slice(0, 7)}-14`);
    expect(calendar.open.map((p) => p.period)).toEqual(open);
    // With nothing saved since, nothing is worth recomputing.
    expect(recomputablePeriods(calendar)).toEqual([]);
    // A credit note of October 2026 may stay pending until GSTR-3B of November is due (20 Dec).
    const pending = checkSave(creditNote(), { action: "P" }, { ...RULES_CTX, today });
    expect(pending.length === 0).toBe(cnPendingAllowed);
  });

  test.each([
    { today: "2026-12-01", upcoming: "2026-12", open: ["2026-09", "2026-06"] },
    { today: "2026-12-31", upcoming: "2026-12", open: ["2026-09", "2026-06"] },
    { today: "2027-01-13", upcoming: "2026-12", open: ["2026-09", "2026-06"] },
    { today: "2027-01-14", upcoming: null, open: ["2026-12", "2026-09"] },
    { today: "2027-03-31", upcoming: "2027-03", open: ["2026-12", "2026-09"] },
  ])("QRMP filer on $today: the quarter's draft comes on the 14th after the quarter", ({ today, upcoming, open }) => {
    const calendar = gstr2bCalendar(today, "quarterly", NONE);
    expect(calendar.upcoming?.period ?? null).toBe(upcoming);
    expect(calendar.open.map((p) => p.period)).toEqual(open);
  });

  test("a period is offered when an action was saved after its draft, and not after a recompute", () => {
    const today = "2026-11-21";
    const changed: Gstr2bActivity = { changedAt: { "2026-10": savedOn("2026-11-20") }, recomputedAt: {} };
    expect(recomputablePeriods(gstr2bCalendar(today, "monthly", changed))).toEqual(["2026-10"]);

    const recomputed: Gstr2bActivity = { ...changed, recomputedAt: { "2026-10": savedOn("2026-11-21") } };
    expect(recomputablePeriods(gstr2bCalendar(today, "monthly", recomputed))).toEqual([]);

    const savedAgain: Gstr2bActivity = { changedAt: { "2026-10": savedOn("2026-11-21", 13) }, recomputedAt: recomputed.recomputedAt };
    expect(recomputablePeriods(gstr2bCalendar(today, "monthly", savedAgain))).toEqual(["2026-10"]);
  });

  test("a save before the draft is already in it; a record of a later period does not move an earlier GSTR-2B", () => {
    const today = "2026-11-21";
    expect(recomputablePeriods(gstr2bCalendar(today, "monthly", { changedAt: { "2026-10": savedOn("2026-11-13") }, recomputedAt: {} }))).toEqual([]);
    expect(recomputablePeriods(gstr2bCalendar(today, "monthly", { changedAt: { "2026-11": savedOn("2026-11-20") }, recomputedAt: {} }))).toEqual([]);
    // A September record kept pending and accepted now can land in October's GSTR-2B.
    expect(recomputablePeriods(gstr2bCalendar(today, "monthly", { changedAt: { "2026-09": savedOn("2026-11-20") }, recomputedAt: {} }))).toEqual(["2026-10", "2026-09"]);
  });

  test("the draft's day starts at midnight in India", () => {
    expect(new Date(istMidnight("2026-12-14")).toISOString()).toBe("2026-12-13T18:30:00.000Z");
  });
});
