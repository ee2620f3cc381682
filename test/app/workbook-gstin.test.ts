/** Issue #9, bug 3: a workbook of one GSTIN is not reviewed or submitted under another's session. */
import { createImsApp } from "../../src/app";
import { keyOf, OTP, pick, portalNow, rowByKey, startWorld, typeCell, type World } from "./helpers";

let w: World | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

test("review and submit stop with a plain sentence, and nothing is written or sent", async () => {
  w = await startWorld();
  const { sb, fake, app } = w;
  await app.pull(["B2B"], null);
  const [r] = pick(sb, "B2B", 1, (x) => x.action === "N");
  typeCell(fake, "B2B", keyOf(r!), "action", "A");
  const before = fake.inspect.values("B2B", fake.inspect.usedRange("B2B") as string);

  const other = createImsApp({ sandboxUrl: sb.url, storage: null, now: portalNow(sb) });
  await other.connect({ ...other.defaultSettings("sandbox"), baseUrl: sb.url, gstin: "29AABCB5678K1Z5", username: "demo.ka" });
  await other.verifyOtp(OTP);
  const jobs = sb.state.jobs.size;
  for (const attempt of [() => other.review(), () => other.submit()]) {
    const explained = await attempt().then(
      () => null,
      (e: unknown) => other.explain(e),
    );
    expect(explained?.title).toBe("This workbook belongs to GSTIN 27AAACI1234F1Z2");
    expect(explained?.detail).toMatch(/^You are signed in as 29AABCB5678K1Z5\. Nothing was read, sent or written\./);
  }
  expect(sb.state.jobs.size).toBe(jobs);
  expect(fake.inspect.values("B2B", fake.inspect.usedRange("B2B") as string)).toEqual(before);
  expect(rowByKey(fake, "B2B", keyOf(r!)).action).toBe("A");
});
