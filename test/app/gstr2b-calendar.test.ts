/**
 * The GSTR-2B calendar as the app reads it agrees with the portal's, on any day: the sandbox's
 * clock is moved to days either side of the 14th and the app's clock follows it.
 */
import { istMidnight, recomputablePeriods } from "../../src/ims/gstr2b-calendar";
import { startWorld, type World } from "./helpers";

let w: World;
afterEach(async () => {
  await w?.close();
});

/** Moves the portal's clock (and with it the app's) to 10:00 IST on a day. */
function setPortalDay(world: World, day: string): void {
  world.sb.portal.clock.setOffset(istMidnight(day) + 10 * 3_600_000 - Date.now());
}

test("before the 14th the draft is announced, not offered, and the portal agrees it is not out; from the 14th it is open", async () => {
  w = await startWorld();
  setPortalDay(w, "2026-12-03");
  const early = await w.app.gstr2bCalendar();
  expect(early.upcoming).toEqual({ period: "2026-11", draftOn: "2026-12-14" });
  expect(early.open.map((p) => p.period)).toEqual(["2026-10", "2026-09"]);
  expect(recomputablePeriods(early)).toEqual([]);
  const refused = await w.app.regenerateGstr2b("2026-11").then(
    () => null,
    (e: unknown) => w.app.explain(e),
  );
  expect(refused?.detail).toMatch(/not available yet/);

  setPortalDay(w, "2026-12-14");
  const onTheDay = await w.app.gstr2bCalendar();
  expect(onTheDay.upcoming).toBeNull();
  expect(onTheDay.open.map((p) => p.period)).toEqual(["2026-11", "2026-10"]);
});
