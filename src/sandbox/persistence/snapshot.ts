/**
 * The snapshot file: a single JSON document
 *
 *   {"format":"ims-sandbox-durable-snapshot","version":1,"seq":<n>,"state":<state>}
 *
 * where <n> is the sequence number of the last journal batch the state includes (0 if
 * none). It is only ever replaced whole: written to SNAPSHOT_TEMP_FILE, fsynced, renamed
 * over SNAPSHOT_FILE, then the directory is fsynced.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fsyncDirectory, readFileIfExists, unlinkIfExists, writeAll, writeStringChunked } from "./fsUtil";

export const SNAPSHOT_FILE = "snapshot.json";
export const SNAPSHOT_TEMP_FILE = "snapshot.json.tmp";

const FORMAT = "ims-sandbox-durable-snapshot";
const VERSION = 1;

export interface SnapshotContents {
  seq: number;
  state: unknown;
}

export function writeSnapshotFile(dir: string, seq: number, state: unknown, fsync: boolean): void {
  // Serialise first: a state that cannot be serialised must fail before any file is touched.
  const stateJson: string | undefined = JSON.stringify(state);
  if (stateJson === undefined) throw new TypeError("Snapshot state is not JSON-serialisable");

  const tempFile = path.join(dir, SNAPSHOT_TEMP_FILE);
  try {
    const fd = fs.openSync(tempFile, "w");
    try {
      writeAll(fd, Buffer.from(`{"format":"${FORMAT}","version":${VERSION},"seq":${seq},"state":`, "utf8"));
      writeStringChunked(fd, stateJson);
      writeAll(fd, Buffer.from("}\n", "utf8"));
      if (fsync) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tempFile, path.join(dir, SNAPSHOT_FILE));
  } catch (error) {
    try {
      unlinkIfExists(tempFile);
    } catch {
      // The write error is the one worth reporting; a leftover temp file is removed on open.
    }
    throw error;
  }
  if (fsync) fsyncDirectory(dir);
}

/** Returns null if there is no snapshot; throws if there is one that cannot be read. */
export function readSnapshotFile(dir: string): SnapshotContents | null {
  const file = path.join(dir, SNAPSHOT_FILE);
  const bytes = readFileIfExists(file);
  if (bytes === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw unreadable(file, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`, error);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw unreadable(file, "not a JSON object");
  const doc = parsed as Record<string, unknown>;
  if (doc["format"] !== FORMAT) throw unreadable(file, `format is ${JSON.stringify(doc["format"])}, expected "${FORMAT}"`);
  if (doc["version"] !== VERSION) throw unreadable(file, `unsupported version ${JSON.stringify(doc["version"])}`);
  const seq = doc["seq"];
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 0) throw unreadable(file, `invalid seq ${JSON.stringify(seq)}`);
  if (!("state" in doc)) throw unreadable(file, "no state");
  return { seq, state: doc["state"] };
}

/** A temp file is only ever a snapshot that was not renamed into place, so it is never needed. */
export function removeLeftoverTemp(dir: string): void {
  unlinkIfExists(path.join(dir, SNAPSHOT_TEMP_FILE));
}

function unreadable(file: string, detail: string, cause?: unknown): Error {
  return new Error(
    `Snapshot file ${file} is unreadable (${detail}). Refusing to start over existing data; ` +
      `restore the file or move the directory aside.`,
    cause === undefined ? undefined : { cause },
  );
}
