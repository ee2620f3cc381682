/**
 * Keeping each sync under Excel's 5 MB request and response limits, in as few syncs as the
 * limit allows. Payloads are measured on the JSON actually sent (UTF-8 bytes), plus a small
 * allowance per call; a sync the host still refuses (RequestPayloadSizeLimitExceeded) applies
 * nothing, so its calls are sent again in smaller pieces.
 */

/** Excel on the web refuses requests and responses above this. */
export const PAYLOAD_LIMIT_BYTES = 5_000_000;
/**
 * What the engine aims for per sync: 76% of the limit. Excel on the web has failed large
 * requests with a generic error below the documented limit (OfficeDev/office-js-docs-reference#354,
 * office-js#1012), so the budget keeps well clear of it; a refused sync is re-sent smaller.
 */
export const DEFAULT_BUDGET_BYTES = 3_800_000;
/** Allowance for one queued call's own JSON (method, object path, property name). */
export const CALL_OVERHEAD_BYTES = 200;

const NON_ASCII = /[^\x00-\x7f]/;

/** UTF-8 length of a string without encoding it. */
export function utf8Length(s: string): number {
  if (!NON_ASCII.test(s)) return s.length;
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 2; // a surrogate pair: 2 UTF-16 units, 4 UTF-8 bytes
      i++;
    } else n += 2;
  }
  return n;
}

export function jsonBytes(value: unknown): number {
  return utf8Length(JSON.stringify(value));
}

const NEEDS_ESCAPE = /["\\\x00-\x1f\u2028\u2029]/;

/** JSON bytes of one cell value, without building the row's JSON. */
export function cellJsonBytes(v: unknown): number {
  if (typeof v === "string") {
    if (!NEEDS_ESCAPE.test(v)) return utf8Length(v) + 2;
    return utf8Length(JSON.stringify(v));
  }
  if (typeof v === "number") return Number.isFinite(v) ? String(v).length : 4;
  if (typeof v === "boolean") return v ? 4 : 5;
  return jsonBytes(v ?? null);
}

/** JSON bytes of a row of cells: `[a,b,c]`. */
export function rowJsonBytes(row: readonly unknown[]): number {
  let n = 1 + row.length; // brackets and commas
  for (let i = 0; i < row.length; i++) n += cellJsonBytes(row[i]);
  return row.length ? n : 2;
}

/** The host refused a sync for its request or response size (nothing of it was applied). */
export function isPayloadLimitError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "RequestPayloadSizeLimitExceeded" || code === "ResponsePayloadSizeLimitExceeded";
}

/**
 * A read in batches of loads: `queue` queues the next batch's loads (null once everything is
 * read), `take` uses them once the batch has synced, and `shrink` makes the next batches
 * smaller after the host refused one for its size, returning false when it cannot.
 */
export interface ChunkedRead<B> {
  queue(): B | null;
  take(batch: B): void;
  shrink(refused: B): boolean;
}

/**
 * Runs a chunked read to the end, one sync per batch. A batch the host refuses for its size
 * applied nothing, so after `shrink` the next `queue` sends its loads again, smaller.
 */
export async function readInChunks<B>(context: Excel.RequestContext, counter: SyncCounter, read: ChunkedRead<B>): Promise<void> {
  for (let batch = read.queue(); batch !== null; batch = read.queue()) {
    try {
      counter.syncs++;
      await context.sync();
    } catch (e) {
      if (!isPayloadLimitError(e) || !read.shrink(batch)) throw e;
      counter.retries++;
      continue;
    }
    read.take(batch);
  }
}

/**
 * A write batch worth re-sending in halves: refused for its size, or failed with Excel on the
 * web's generic error, which large requests have met (office-js#1012, #1314).
 */
export function isRetryableWriteError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  // Not ResponsePayloadSizeLimitExceeded: that batch's writes were applied, only its loads were lost.
  return code === "RequestPayloadSizeLimitExceeded" || code === "GeneralException";
}

/** A unit of writing: its estimated request bytes, how to queue it, and how to halve it for a retry. */
export interface WriteOp {
  bytes: number;
  /** Response bytes of its loads, when it has any (kept under the budget as the request is). */
  responseBytes?: number;
  queue(context: Excel.RequestContext): void;
  /** Two ops that together do the same, for a retry; null when it cannot be split. */
  split?(): [WriteOp, WriteOp] | null;
  /** Called once the batch holding this op has synced (its loads are then readable). */
  afterSync?(): void;
}

export interface SyncCounter {
  syncs: number;
  retries: number;
}

/**
 * Queues write ops and syncs only when the next op would not fit in the budget.
 * Ops are applied in the order added; a refused sync is re-sent as two halves.
 */
export class WriteBatcher {
  private pending: WriteOp[] = [];
  private bytes = 0;
  private responseBytes = 0;
  private budget: number;
  private started = false;
  readonly counter: SyncCounter;

  constructor(
    private readonly context: Excel.RequestContext,
    budget = DEFAULT_BUDGET_BYTES,
    counter: SyncCounter = { syncs: 0, retries: 0 },
    /** Called once, before the first op is queued (e.g. to suspend screen updating). */
    private readonly onFirstQueue?: (context: Excel.RequestContext) => void,
  ) {
    this.budget = budget;
    this.counter = counter;
  }

  /** Bytes still free in the batch being built. */
  remaining(): number {
    return this.budget - this.bytes;
  }

  capacity(): number {
    return this.budget;
  }

  isEmpty(): boolean {
    return this.pending.length === 0;
  }

  /**
   * How many rows from `from` the next block takes: as many as fit the batch being built. When
   * none fit, that batch is sent first; a row too large even for an empty batch goes alone.
   */
  async nextBlockRows(rowBytes: readonly number[], from: number, fixed: number): Promise<number> {
    for (;;) {
      const n = rowsThatFit(rowBytes, from, this.remaining(), fixed, false);
      if (n > 0) return n;
      if (this.isEmpty()) return 1;
      await this.flush();
    }
  }

  async add(op: WriteOp): Promise<void> {
    if (this.pending.length && (this.bytes + op.bytes > this.budget || this.responseBytes + (op.responseBytes ?? 0) > this.budget)) await this.flush();
    if (!this.started) {
      this.started = true;
      this.onFirstQueue?.(this.context);
    }
    op.queue(this.context);
    this.pending.push(op);
    this.bytes += op.bytes;
    this.responseBytes += op.responseBytes ?? 0;
  }

  async flush(): Promise<void> {
    if (!this.pending.length) return;
    const ops = this.pending;
    this.pending = [];
    this.bytes = 0;
    this.responseBytes = 0;
    await this.send(ops, false);
  }

  private async send(ops: WriteOp[], queue: boolean): Promise<void> {
    if (queue) {
      for (const op of ops) op.queue(this.context);
    }
    try {
      this.counter.syncs++;
      await this.context.sync();
      for (const op of ops) op.afterSync?.();
    } catch (e) {
      if (!isRetryableWriteError(e)) throw e;
      // Nothing of the batch was applied. Aim lower from now on, and resend in halves.
      this.counter.retries++;
      this.budget = Math.max(1, Math.floor(this.budget * 0.8));
      const halves = halve(ops);
      if (!halves) throw e;
      await this.send(halves[0], true);
      await this.send(halves[1], true);
    }
  }
}

function halve(ops: WriteOp[]): [WriteOp[], WriteOp[]] | null {
  if (ops.length > 1) {
    // Split by bytes so that both halves shrink.
    const total = ops.reduce((s, o) => s + o.bytes, 0);
    let acc = 0;
    let cut = 1;
    for (let i = 0; i < ops.length - 1; i++) {
      acc += (ops[i] as WriteOp).bytes;
      cut = i + 1;
      if (acc >= total / 2) break;
    }
    return [ops.slice(0, cut), ops.slice(cut)];
  }
  const only = ops[0];
  const parts = only?.split?.();
  return parts ? [[parts[0]], [parts[1]]] : null;
}

/**
 * How many of the next rows fit in `room` bytes, given each row's bytes and a fixed cost for
 * the block. At least one row is taken when the block is alone in its batch (`mustTake`).
 */
export function rowsThatFit(rowBytes: readonly number[], from: number, room: number, fixed: number, mustTake: boolean): number {
  let used = fixed;
  let n = 0;
  for (let i = from; i < rowBytes.length; i++) {
    const b = (rowBytes[i] as number) + 1; // the comma between rows
    if (used + b > room) break;
    used += b;
    n++;
  }
  return n === 0 && mustTake && from < rowBytes.length ? 1 : n;
}
