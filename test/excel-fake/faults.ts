/**
 * Sync faults a test arms on the handle (`handle.faults`): a chosen sync fails with
 * GeneralException or InvalidOperation, or hangs (its promise never settles until the test calls
 * `releaseHung()`). A faulted sync applies nothing (no writes, no loads) unless the fault says how
 * many of its actions Excel got through first (`applied`). See KNOWN-DIFFERENCES.md ("Injected
 * failures") for the Excel reports each kind stands for.
 */
import { Codes, FakeOfficeError, officeError } from "./errors";

/** What a test can see of a sync before it is applied (fault predicates, `beforeEachSync`). */
export interface SyncInfo {
  /** 1-based, since install. Only syncs that send a request count (an empty sync sends none), as in `stats().syncs`. */
  index: number;
  /** 1-based number of the Excel.run the sync belongs to, since install. */
  run: number;
  /** True for the sync Excel.run makes itself when the batch's promise resolves. */
  final: boolean;
  /** Queued actions (each load, property write, method call and proxy instantiation is one). */
  actionCount: number;
  /** Each action as `Entity.member` ("Range.copyFrom", "Table.name", "Range.load"), in queue order. */
  actions: string[];
  /** True when some action sets a property or calls a method that doesn't return a value. */
  writes: boolean;
  /** Current names of the worksheets the batch's objects were reached through, sorted. */
  sheets: string[];
  /** UTF-8 bytes of the request, as measured for the payload limit. */
  requestBytes: number;
}

export type SyncFaultKind = "GeneralException" | "InvalidOperation" | "hang";

export interface SyncFault {
  kind: SyncFaultKind;
  /** Hit the nth matching sync counted from now (1 = the next one). Default 1. */
  nth?: number;
  /** Hit the sync whose `SyncInfo.index` is this (counted from install) instead of counting from now. */
  index?: number;
  /** Only syncs for which this returns true match. Default: every sync. */
  when?: (info: SyncInfo) => boolean;
  /** Hit every matching sync (from the nth, or from `index`, on) instead of one. Default false. */
  every?: boolean;
  /** Replaces the stock message of the error. */
  message?: string;
  /**
   * For a failing kind: how many of the batch's actions were applied before it failed ("half":
   * the first half, rounded down; a function: chosen from the sync). Their writes stay; their
   * loads are not delivered. Default 0.
   */
  applied?: number | "half" | ((info: SyncInfo) => number);
}

/** What `_intercept` decided for a sync. */
export interface Interception {
  outcome: Promise<never>;
  /** How many leading actions to apply before the outcome. */
  applyFirst: number;
}

export interface SyncFaults {
  /** Arms a fault; returns a function that disarms it. When several faults pick one sync, the first armed wins. */
  add(fault: SyncFault): () => void;
  /** Disarms every fault (hung syncs stay hung). */
  clear(): void;
  /** How many syncs a fault has failed or hung so far. */
  injectedCount(): number;
  /** The syncs faults hit so far, in order. */
  injected(): { kind: SyncFaultKind; sync: SyncInfo }[];
  /** How many syncs are hanging now. */
  hungCount(): number;
  /**
   * Rejects every hanging sync (nothing of them is applied) with `error`, by default a
   * GeneralException; returns how many there were.
   */
  releaseHung(error?: unknown): number;
}

interface Armed {
  fault: SyncFault;
  seen: number;
}

function positiveInteger(n: unknown, what: string): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) throw new Error(`Excel fake: faults.add: ${what} must be an integer ≥ 1`);
  return n;
}

export class SyncFaultRegistry implements SyncFaults {
  private armed: Armed[] = [];
  private readonly hits: { kind: SyncFaultKind; sync: SyncInfo }[] = [];
  private hanging: ((e: unknown) => void)[] = [];

  add(fault: SyncFault): () => void {
    if (fault.kind !== "GeneralException" && fault.kind !== "InvalidOperation" && fault.kind !== "hang") {
      throw new Error(`Excel fake: faults.add: unknown kind ${String(fault.kind)}`);
    }
    if (fault.nth !== undefined && fault.index !== undefined) throw new Error("Excel fake: faults.add: give nth or index, not both");
    if (fault.nth !== undefined) positiveInteger(fault.nth, "nth");
    if (fault.index !== undefined) positiveInteger(fault.index, "index");
    if (fault.applied !== undefined) {
      if (fault.kind === "hang") throw new Error("Excel fake: faults.add: a hung sync applies nothing; `applied` is for failing kinds");
      const ok = fault.applied === "half" || typeof fault.applied === "function" || (Number.isInteger(fault.applied) && fault.applied >= 0);
      if (!ok) throw new Error("Excel fake: faults.add: applied must be \"half\" or an integer ≥ 0");
    }
    const entry: Armed = { fault: { ...fault }, seen: 0 };
    this.armed.push(entry);
    return () => {
      this.armed = this.armed.filter((a) => a !== entry);
    };
  }

  clear(): void {
    this.armed = [];
  }

  injectedCount(): number {
    return this.hits.length;
  }

  injected(): { kind: SyncFaultKind; sync: SyncInfo }[] {
    return this.hits.map((h) => ({ kind: h.kind, sync: { ...h.sync, sheets: h.sync.sheets.slice(), actions: h.sync.actions.slice() } }));
  }

  hungCount(): number {
    return this.hanging.length;
  }

  releaseHung(error?: unknown): number {
    const released = this.hanging;
    this.hanging = [];
    for (const reject of released) reject(error ?? officeError(Codes.generalException, "a hung sync was released by faults.releaseHung()"));
    return released.length;
  }

  /** @internal The outcome for this sync: undefined to go ahead, else a rejected or never-settling promise. */
  _intercept(info: SyncInfo): Interception | undefined {
    let chosen: Armed | undefined;
    for (const a of this.armed) {
      const f = a.fault;
      if (f.when && !f.when(info)) continue;
      let hit: boolean;
      if (f.index !== undefined) hit = f.every ? info.index >= f.index : info.index === f.index;
      else {
        a.seen++;
        const nth = f.nth ?? 1;
        hit = f.every ? a.seen >= nth : a.seen === nth;
      }
      if (hit && !chosen) chosen = a;
    }
    if (!chosen) return undefined;
    const { kind, message, every, applied } = chosen.fault;
    if (!every) this.armed = this.armed.filter((a) => a !== chosen);
    this.hits.push({ kind, sync: info });
    if (kind === "hang") return { outcome: new Promise<never>((_, reject) => this.hanging.push(reject)), applyFirst: 0 };
    const code = kind === "InvalidOperation" ? Codes.invalidOperation : Codes.generalException;
    const err = message !== undefined ? new FakeOfficeError(code, message) : officeError(code, `injected by handle.faults into sync #${info.index}`);
    const wanted = applied === "half" ? Math.floor(info.actionCount / 2) : typeof applied === "function" ? applied(info) : (applied ?? 0);
    const applyFirst = Math.max(0, Math.min(Math.floor(wanted), info.actionCount));
    return { outcome: Promise.reject(err), applyFirst };
  }
}
