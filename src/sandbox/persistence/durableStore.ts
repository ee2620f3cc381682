/**
 * A crash-safe store for state that lives in memory: a snapshot of the whole state plus an
 * append-only journal of the changes made since.
 *
 * Files in `dir`:
 *   snapshot.json      the last complete snapshot and the seq of the last batch it includes
 *   snapshot.json.tmp  a snapshot being written; removed on open
 *   journal.log        one checksummed line per batch (see journal.ts)
 *
 * Every batch gets the next sequence number. A snapshot records the seq it covers and, once
 * it is renamed into place, the journal is truncated. If the process dies between the two,
 * the journal still holds batches the snapshot already covers; they are recognised by
 * seq <= snapshot seq and skipped, so nothing is applied twice.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fsyncDirectory, readFileIfExists, writeAll } from "./fsUtil";
import { encodeJournalLine, JOURNAL_FILE, scanJournal, type JournalBatch } from "./journal";
import { readSnapshotFile, removeLeftoverTemp, SNAPSHOT_FILE, writeSnapshotFile } from "./snapshot";

export interface DurableStoreOptions {
  /** Created if missing. */
  dir: string;
  /** shouldCompact() turns true once the journal is larger than this; default 64 MiB. */
  compactAfterBytes?: number;
  /** Default true. Turning it off keeps crash (not power-loss) safety; for tests and benchmarks. */
  fsync?: boolean;
}

export interface LoadedState<S, E> {
  snapshot: S | null;
  /** Journal entries written after that snapshot, in order. */
  entries: E[];
  /** Damaged journal tail that was dropped (and truncated away) on open. */
  recovered: { droppedBytes: number; reason?: string };
}

const DEFAULT_COMPACT_AFTER_BYTES = 64 * 1024 * 1024;

export class DurableStore<S, E> {
  private fd: number | null;
  /** Set when a failed write left the journal in a state this instance cannot vouch for. */
  private failure: Error | null = null;

  private constructor(
    private readonly dir: string,
    private readonly journalPath: string,
    fd: number,
    private lastSeq: number,
    private journalBytes: number,
    private readonly compactAfterBytes: number,
    private readonly fsync: boolean,
  ) {
    this.fd = fd;
  }

  static open<S, E>(options: DurableStoreOptions): { store: DurableStore<S, E>; loaded: LoadedState<S, E> } {
    const dir = path.resolve(options.dir);
    const compactAfterBytes = options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES;
    if (!(compactAfterBytes > 0)) throw new RangeError(`compactAfterBytes must be positive, got ${compactAfterBytes}`);
    const fsync = options.fsync ?? true;

    fs.mkdirSync(dir, { recursive: true });
    removeLeftoverTemp(dir);
    const snapshot = readSnapshotFile(dir);
    const snapshotSeq = snapshot?.seq ?? 0;

    const journalPath = path.join(dir, JOURNAL_FILE);
    const journal = readFileIfExists(journalPath);
    const scan = scanJournal(journal ?? Buffer.alloc(0));
    checkNoGap(scan.batches, snapshot === null ? null : snapshotSeq, journalPath, path.join(dir, SNAPSHOT_FILE));
    const live = scan.batches.filter((batch) => batch.seq > snapshotSeq);
    const lastSeq = live[live.length - 1]?.seq ?? snapshotSeq;
    // With nothing live left, the journal is reset so that it starts again at snapshot seq + 1.
    const keepBytes = live.length === 0 ? 0 : scan.validBytes;

    // Not O_APPEND: on Windows an append-only handle cannot be truncated. Writes give explicit positions.
    const fd = fs.openSync(journalPath, fs.constants.O_RDWR | fs.constants.O_CREAT);
    try {
      if (keepBytes < (journal?.length ?? 0)) {
        fs.ftruncateSync(fd, keepBytes);
        if (fsync) fs.fsyncSync(fd);
      }
      if (journal === null && fsync) fsyncDirectory(dir);
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }

    const droppedBytes = (journal?.length ?? 0) - scan.validBytes;
    const store = new DurableStore<S, E>(dir, journalPath, fd, lastSeq, keepBytes, compactAfterBytes, fsync);
    const loaded: LoadedState<S, E> = {
      snapshot: snapshot === null ? null : (snapshot.state as S),
      entries: live.flatMap((batch) => batch.entries as E[]),
      recovered: scan.problem === undefined ? { droppedBytes } : { droppedBytes, reason: scan.problem },
    };
    return { store, loaded };
  }

  /** Durable (written and fsynced) when it returns. */
  append(entry: E): void {
    this.writeBatch([entry]);
  }

  /** One line, one write, one fsync: after a crash the batch is either all there or not at all. */
  appendMany(entries: E[]): void {
    if (entries.length > 0) this.writeBatch(entries);
  }

  /** Atomically replaces the snapshot with `state`, which must include every entry appended so far. */
  writeSnapshot(state: S): void {
    const fd = this.usableFd();
    // If this throws, the old snapshot and the full journal are still in place and consistent.
    writeSnapshotFile(this.dir, this.lastSeq, state, this.fsync);
    try {
      fs.ftruncateSync(fd, 0);
      if (this.fsync) fs.fsyncSync(fd);
    } catch (error) {
      throw this.fail(error);
    }
    this.journalBytes = 0;
  }

  shouldCompact(): boolean {
    return this.journalBytes > this.compactAfterBytes;
  }

  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    fs.closeSync(fd);
  }

  private writeBatch(entries: readonly E[]): void {
    const fd = this.usableFd();
    const seq = this.lastSeq + 1;
    const line = encodeJournalLine(seq, entries);
    try {
      writeAll(fd, line, this.journalBytes);
      if (this.fsync) fs.fdatasyncSync(fd);
    } catch (error) {
      // Cut off any partial line so it cannot hide later batches from recovery. After a failed
      // fsync the kernel's view of the file is unknowable, so the instance stops either way.
      try {
        fs.ftruncateSync(fd, this.journalBytes);
      } catch {
        // Recovery on the next open drops a torn tail anyway.
      }
      throw this.fail(error);
    }
    this.lastSeq = seq;
    this.journalBytes += line.length;
  }

  private usableFd(): number {
    if (this.failure !== null) {
      throw new Error(`DurableStore for ${this.dir} is unusable after an I/O failure; reopen it to recover`, {
        cause: this.failure,
      });
    }
    if (this.fd === null) throw new Error(`DurableStore for ${this.dir} is closed`);
    return this.fd;
  }

  private fail(error: unknown): unknown {
    this.failure = error instanceof Error ? error : new Error(`write to ${this.journalPath} failed: ${String(error)}`);
    return error;
  }
}

/**
 * The journal must continue where the snapshot ends. If it starts later, batches in between
 * are gone (e.g. the snapshot file was deleted or replaced by an older one): fail loudly
 * rather than load a state with a hole in it.
 */
function checkNoGap(
  batches: readonly JournalBatch[],
  snapshotSeq: number | null,
  journalPath: string,
  snapshotPath: string,
): void {
  const first = batches[0];
  const covered = snapshotSeq ?? 0;
  if (first === undefined || first.seq <= covered + 1) return;
  const what = snapshotSeq === null ? `there is no snapshot ${snapshotPath}` : `${snapshotPath} only covers up to seq ${snapshotSeq}`;
  throw new Error(
    `Journal ${journalPath} starts at seq ${first.seq} but ${what}: batches ${covered + 1}..${first.seq - 1} are missing. ` +
      `Refusing to load an incomplete state.`,
  );
}
