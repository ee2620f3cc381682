import { resolve } from "node:path";
import { parseArgs } from "../../src/sandbox/cli";

describe("sandbox command line", () => {
  test("defaults: port 4010, data in .sandbox-data", () => {
    expect(parseArgs([])).toEqual({ port: 4010, config: { dataDir: resolve(".sandbox-data") } });
  });

  test("every option", () => {
    const { port, config } = parseArgs(["--port", "0", "--data", "/tmp/x", "--seed", "9", "--records", "200000", "--scenarios", "--as-of", "2026-01-31", "--job-delay", "0", "--rate-limit", "5", "--remarks-max", "100"]);
    expect(port).toBe(0);
    expect(config).toEqual({ dataDir: "/tmp/x", seed: 9, recordsPerGstin: 200000, scenarios: true, asOf: "2026-01-31", jobDelayMs: 0, rateLimit: { requests: 5, windowMs: 60000 }, remarksMaxLength: 100 });
    expect(parseArgs(["--memory"]).config.dataDir).toBeNull();
  });

  test("the provider's documented forms behind flags: the large-section token answer, error-report entries without inv", () => {
    expect(parseArgs(["--large-section", "5000", "--error-reports-without-inv"]).config).toMatchObject({ largeSectionThreshold: 5000, errorReportDocuments: "omitted" });
    expect(parseArgs([]).config).not.toHaveProperty("largeSectionThreshold");
    expect(() => parseArgs(["--large-section", "-1"])).toThrow(/--large-section must be a whole number/);
  });

  test.each([
    [["--records", "200001"], /--records must be a whole number from 1 to 200000/],
    [["--records", "many"], /--records/],
    [["--port"], /--port needs a value/],
    [["--as-of", "21-11-2026"], /YYYY-MM-DD/],
    [["--colour"], /Unknown option --colour/],
  ])("refuses %j with a message naming the option", (args, message) => {
    expect(() => parseArgs(args)).toThrow(message);
  });
});
