/** Issue #9, bug 7: an edited amount is refused naming its column, "Taxable value (₹)". */
import { keyOf, pick, rowByKey, startWorld, typeCell, type World } from "./helpers";

let w: World | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

test("a taxable value typed over: the refusal names the column, on the row and in the report; nothing is sent", async () => {
  w = await startWorld();
  const { sb, fake, app } = w;
  await app.pull(["B2B"], null);
  const [r] = pick(sb, "B2B", 1, (x) => x.action === "N");
  typeCell(fake, "B2B", keyOf(r!), "action", "A");
  typeCell(fake, "B2B", keyOf(r!), "taxableValue", "1");
  const jobs = sb.state.jobs.size;
  const report = await app.submit();
  expect(report.saved).toBe(0);
  expect(report.refused).toEqual([expect.objectContaining({ code: "record-edited", field: "Taxable value (₹)" })]);
  expect(report.refused[0]!.message).toMatch(/column "Taxable value \(₹\)" was changed since the pull/);
  expect(rowByKey(fake, "B2B", keyOf(r!))).toMatchObject({ result: "Refused" });
  expect(sb.state.jobs.size).toBe(jobs);
});
