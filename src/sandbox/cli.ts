/**
 * npm run sandbox -- [--port N] [--data DIR] [--seed S] [--records N] [--scenarios]
 *                    [--as-of YYYY-MM-DD] [--job-delay MS] [--rate-limit N] [--remarks-max N] [--memory]
 *                    [--large-section N] [--error-reports-without-inv]
 */
import { resolve } from "node:path";
import { DEMO_CREDENTIAL, DEMO_OTP, type SandboxConfig } from "./config";
import { startSandbox } from "./server";

const USAGE = `Usage: npm run sandbox -- [options]
  --port N            port on 127.0.0.1 (default 4010; 0 picks a free one)
  --data DIR          data directory (default .sandbox-data); state survives restarts
  --memory            keep state in memory only
  --seed S            seed of the demo data of a new data directory (default 20261121)
  --records N         records per GSTIN in a new data directory, 1..200000 (default 2500)
  --as-of YYYY-MM-DD  the portal's "today" for a new data directory (default: today)
  --scenarios         enable the /_sim/ scenario hooks (supplier edits, clock, faults ...)
  --job-delay MS      how long save/reset requests stay "IP" (default 1500)
  --rate-limit N      requests allowed per API key per 60 s (default 120)
  --remarks-max N     longest remarks the portal accepts (default 250)
  --large-section N   answer GET invoices with GSTN's {token, est} form when it would carry
                      more than N records (default: never)
  --error-reports-without-inv
                      error-report entries name the supplier only, without inv (the provider's
                      schema makes inv optional)
  --help`;

interface CliOptions {
  port: number;
  config: Partial<SandboxConfig>;
}

export function parseArgs(argv: string[]): CliOptions {
  const config: Partial<SandboxConfig> = { dataDir: resolve(".sandbox-data") };
  let port = 4010;
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new Error(`${flag} needs a value`);
    return v;
  };
  const integer = (text: string, flag: string, min: number, max: number): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} must be a whole number from ${min} to ${max}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    switch (flag) {
      case "--port":
        port = integer(value(i++, flag), flag, 0, 65535);
        break;
      case "--data":
        config.dataDir = resolve(value(i++, flag));
        break;
      case "--memory":
        config.dataDir = null;
        break;
      case "--seed":
        config.seed = integer(value(i++, flag), flag, 0, 2 ** 31 - 1);
        break;
      case "--records":
        config.recordsPerGstin = integer(value(i++, flag), flag, 1, 200_000);
        break;
      case "--as-of": {
        const v = value(i++, flag);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new Error("--as-of must be YYYY-MM-DD");
        config.asOf = v;
        break;
      }
      case "--scenarios":
        config.scenarios = true;
        break;
      case "--job-delay":
        config.jobDelayMs = integer(value(i++, flag), flag, 0, 600_000);
        break;
      case "--rate-limit":
        config.rateLimit = { requests: integer(value(i++, flag), flag, 1, 1_000_000), windowMs: 60_000 };
        break;
      case "--remarks-max":
        config.remarksMaxLength = integer(value(i++, flag), flag, 1, 10_000);
        break;
      case "--large-section":
        config.largeSectionThreshold = integer(value(i++, flag), flag, 0, 10_000_000);
        break;
      case "--error-reports-without-inv":
        config.errorReportDocuments = "omitted";
        break;
      case "--help":
        throw new Error(USAGE);
      default:
        throw new Error(`Unknown option ${flag}\n${USAGE}`);
    }
  }
  return { port, config };
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  const sandbox = await startSandbox(options.config, options.port);
  const counts = [...sandbox.state.records].map(([g, m]) => `${g}: ${m.size}`).join(", ");
  console.log(`IMS sandbox data: ${sandbox.config.dataDir ?? "in memory"} (seed ${sandbox.state.seed}, as of ${sandbox.state.asOf}; ${counts})`);
  console.log(`Demo API key ${DEMO_CREDENTIAL.apiKey}, secret ${DEMO_CREDENTIAL.apiSecret}, OTP ${DEMO_OTP}${sandbox.config.scenarios ? "; scenario hooks on /_sim/" : ""}`);
  console.log(`IMS sandbox listening on ${sandbox.url}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    sandbox.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (require.main === module) {
  void main();
}
