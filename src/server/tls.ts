/** The server's TLS material: given files, or office-addin-dev-certs' development certificates when present. */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { ConfigError, type TlsSetting } from "./config";

export interface TlsMaterial {
  key: Buffer;
  cert: Buffer;
  ca?: Buffer;
  /** Where it came from, for the banner. */
  source: string;
}

export function devCertsDir(env: NodeJS.ProcessEnv): string {
  return env.OFFICE_ADDIN_DEV_CERTS_DIR || join(homedir(), ".office-addin-dev-certs");
}

/** Null means plain http (no certificates, or TLS switched off). */
export function loadTls(setting: TlsSetting, env: NodeJS.ProcessEnv): TlsMaterial | null {
  if (setting.mode === "off") return null;
  if (setting.mode === "files") {
    const read = (file: string, what: string) => {
      try {
        return readFileSync(file);
      } catch {
        throw new ConfigError(`Cannot read the TLS ${what} ${file}`);
      }
    };
    return { key: read(setting.keyFile, "key"), cert: read(setting.certFile, "certificate"), ...(setting.caFile ? { ca: read(setting.caFile, "CA") } : {}), source: setting.certFile };
  }
  const dir = devCertsDir(env);
  const files = { key: join(dir, "localhost.key"), cert: join(dir, "localhost.crt"), ca: join(dir, "ca.crt") };
  if (!Object.values(files).every((f) => existsSync(f))) return null;
  return { key: readFileSync(files.key), cert: readFileSync(files.cert), ca: readFileSync(files.ca), source: `development certificates in ${dir}` };
}
