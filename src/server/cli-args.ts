/** The few settings the command line may override (the rest: environment and configuration file). */
import { ConfigError, type LoadOptions } from "./config";

export const USAGE = `Options: [--host H] [--port N] [--upstream sandbox|provider|provider-test|URL] [--config FILE]
Everything else comes from the environment (IMS_*) and a configuration file: README.md, "The server".`;

export function parseCliArgs(argv: readonly string[]): NonNullable<LoadOptions["overrides"]> {
  const out: NonNullable<LoadOptions["overrides"]> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new ConfigError(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case "--host":
        out.host = value();
        break;
      case "--port": {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError("--port must be 0 to 65535");
        out.port = n;
        break;
      }
      case "--upstream":
        out.upstream = value();
        break;
      case "--config":
        out.config = value();
        break;
      case "-h":
      case "--help":
        throw new ConfigError(USAGE);
      default:
        throw new ConfigError(`Unknown option ${flag}\n${USAGE}`);
    }
  }
  return out;
}
