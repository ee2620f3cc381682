/**
 * Proxies, the request queue and `context.sync()`, with Office.js's semantics:
 *
 * - Every API call on a proxy only queues work (or creates another proxy); the model changes only
 *   inside `sync()`, in queue order.
 * - Reading a scalar that was neither loaded by a completed sync nor set on this proxy throws
 *   PropertyNotLoaded (a setter stores the value locally, as Office.js does).
 * - `*OrNullObject` proxies learn `isNullObject` at the next sync.
 * - Each sync is one round trip. The request (actions + object paths) and the response (loaded
 *   values) are measured in UTF-8 JSON bytes; over the limit the sync rejects with
 *   RequestPayloadSizeLimitExceeded (nothing applied) or ResponsePayloadSizeLimitExceeded (the
 *   writes of the batch were applied, the loads are not delivered).
 * - An action failing at run time rejects the sync with its error: the actions before it stay
 *   applied and their loads are delivered; the actions after it are dropped.
 * - With `strictSubset`, touching a member that docs/excel-api-subset.md doesn't list throws.
 */
import { CellEditMode } from "./cell-edit";
import { Codes, FakeOfficeError, NotInSubsetError, officeError, propertyNotLoaded } from "./errors";
import { SyncFaultRegistry, type Interception, type SyncInfo } from "./faults";
import type { WorkbookModel } from "./model";
import { ActionType, PathType, requestBytes, responseBytes, type WireAction, type WirePath } from "./payload";

export const NULL_TARGET: unique symbol = Symbol("NullObject");
export type NullTarget = typeof NULL_TARGET;

export interface SyncStats {
  /** Round trips: syncs that sent a request, failed ones included (faults, cell-edit mode, payload size). */
  syncs: number;
  maxRequestBytes: number;
  maxResponseBytes: number;
  totalRequestBytes: number;
  totalResponseBytes: number;
  /** Syncs rejected for payload size (counted in `syncs`, not in the byte figures). */
  rejectedForSize: number;
}

export function emptyStats(): SyncStats {
  return { syncs: 0, maxRequestBytes: 0, maxResponseBytes: 0, totalRequestBytes: 0, totalResponseBytes: 0, rejectedForSize: 0 };
}

/** State shared by every RequestContext of one installed fake. */
export class Session {
  stats: SyncStats = emptyStats();
  /** Round trips since install (not reset with the stats): the next sync's `SyncInfo.index` is this + 1. */
  syncCount = 0;
  runCount = 0;
  readonly faults = new SyncFaultRegistry();
  readonly cellEdit = new CellEditMode();
  beforeSyncHooks: ((info: SyncInfo) => void)[] = [];
  constructor(readonly wb: WorkbookModel) {}
}

/** Resolves proxies to model objects during one sync; each proxy is resolved once per sync. */
export class Executor {
  private readonly cache = new Map<FakeClientObject, unknown>();
  constructor(readonly wb: WorkbookModel) {}

  resolve(obj: FakeClientObject): unknown {
    if (this.cache.has(obj)) return this.cache.get(obj);
    if (obj._invalid) throw officeError(Codes.invalidObjectPath, `${obj._entity} was created in an Excel.run that has ended`);
    let t = obj._stableTarget(this);
    if (t === undefined) {
      const parent = obj._parent ? this.resolve(obj._parent) : this.wb;
      t = parent === NULL_TARGET ? NULL_TARGET : obj._adopt(obj._resolver(parent, this), this);
    }
    this.cache.set(obj, t);
    return t;
  }

  /** For proxies created by an action (worksheets.add): the action supplies the target. */
  bind(obj: FakeClientObject, target: unknown): void {
    this.cache.set(obj, obj._adopt(target, this));
  }

  /** Resolves and throws if the object turned out to be a null object. */
  require<T>(obj: FakeClientObject): T {
    const t = this.resolve(obj);
    if (t === NULL_TARGET) throw officeError(Codes.itemNotFound, `${obj._entity} is a null object (check isNullObject first)`);
    return t as T;
  }
}

export interface PropSpec {
  get?: (target: never, exec: Executor) => unknown;
  set?: (target: never, value: unknown, exec: Executor) => void;
  /** Left out of a parameterless load(). */
  explicitOnly?: boolean;
}
export type PropTable = Readonly<Record<string, PropSpec>>;

interface LoadTree {
  all: boolean;
  scalars: Set<string>;
  nav: Map<string, LoadTree>;
}

function newTree(): LoadTree {
  return { all: false, scalars: new Set(), nav: new Map() };
}

/** Turns the load() argument forms into paths: "a, b/c", ["a", "b/c"], {select, expand}, {a: true, b: {c: true}}. */
export function loadPaths(option: unknown): string[] {
  const split = (s: string): string[] => s.split(",").map((x) => x.trim()).filter((x) => x.length > 0);
  if (option === undefined || option === null) return ["*"];
  if (typeof option === "string") return split(option);
  if (Array.isArray(option)) return option.flatMap((x) => (typeof x === "string" ? split(x) : []));
  if (typeof option === "object") {
    const o = option as Record<string, unknown>;
    if ("select" in o || "expand" in o || "top" in o || "skip" in o) {
      if ("top" in o || "skip" in o) throw officeError(Codes.notImplemented, "the Excel fake doesn't implement load({top, skip})");
      const sel = o.select === undefined ? ["*"] : loadPaths(o.select);
      const exp = o.expand === undefined ? [] : loadPaths(o.expand);
      return [...sel, ...exp];
    }
    const out: string[] = [];
    const walk = (obj: Record<string, unknown>, prefix: string): void => {
      for (const [k, v] of Object.entries(obj)) {
        const p = prefix ? `${prefix}/${k === "$all" ? "*" : k}` : k === "$all" ? "*" : k;
        if (v === true) out.push(p);
        else if (typeof v === "object" && v !== null) walk(v as Record<string, unknown>, p);
      }
    };
    walk(o, "");
    return out;
  }
  throw officeError(Codes.invalidArgument, "load() takes a string, an array of strings or an object");
}

interface QueuedAction {
  id: number;
  type: number;
  obj: FakeClientObject;
  name: string;
  args: unknown[];
  query?: { select: string[]; expand: string[] };
  run: (exec: Executor) => unknown;
  /** Results go into the response and are delivered after the sync. */
  hasResult: boolean;
  deliver?: (result: unknown) => void;
}

const INTROSPECTION = new Set([
  "then", "toJSON", "constructor", "asymmetricMatch", "nodeType", "tagName", "inspect", "length", "toString",
  "valueOf", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "prototype",
]);

/** Wraps an API object so that members the contract doesn't list throw NotInSubsetError. */
function strictProxy<T extends object>(obj: T, entity: () => string): T {
  return new Proxy(obj, {
    get(target, prop, receiver) {
      if (typeof prop === "string" && !(prop in target) && /^[a-z][A-Za-z0-9]*$/.test(prop) && !INTROSPECTION.has(prop)) {
        throw new NotInSubsetError(entity(), prop);
      }
      return Reflect.get(target, prop, receiver);
    },
    set(target, prop, value, receiver) {
      if (typeof prop === "string" && !(prop in target) && /^[a-z][A-Za-z0-9]*$/.test(prop)) {
        throw new NotInSubsetError(entity(), prop);
      }
      return Reflect.set(target, prop, value, receiver);
    },
  });
}

export type Resolver = (parent: never, exec: Executor) => unknown;

/** Base of every proxy (OfficeExtension.ClientObject). */
export abstract class FakeClientObject {
  /** @internal */ readonly _ctx: FakeRequestContext;
  /** @internal */ readonly _parent: FakeClientObject | null;
  /** @internal */ readonly _resolver: (parent: unknown, exec: Executor) => unknown;
  /** @internal */ readonly _pathId: number;
  /** @internal */ readonly _wirePath: WirePath;
  /** @internal */ readonly _values = new Map<string, unknown>();
  /** @internal */ _isNull: boolean | undefined = undefined;
  /** @internal */ readonly _navCache = new Map<string, FakeClientObject>();
  /** @internal Set when the Excel.run that created this tracked object has ended (Office.js invalidates its path). */
  _invalid = false;

  constructor(ctx: FakeRequestContext, parent: FakeClientObject | null, pathName: string, pathArgs: unknown[], resolver: Resolver, pathType: number = PathType.method) {
    this._ctx = ctx;
    this._parent = parent;
    this._resolver = resolver as (parent: unknown, exec: Executor) => unknown;
    this._pathId = ctx._newId();
    this._wirePath = { Id: this._pathId, ObjectPathType: parent ? pathType : PathType.global, Name: pathName };
    if (parent) this._wirePath.ParentObjectPathId = parent._pathId;
    if (pathArgs.length > 0) this._wirePath.ArgumentInfo = { Arguments: pathArgs };
    // Construct through `FakeClientObject.make`, which wraps the object when strictness is on.
  }

  /** @internal Entity name for messages: "Range", "Worksheet"… */
  abstract get _entity(): string;
  /** @internal Scalar properties: how to read them at load and write them at sync. */
  abstract get _props(): PropTable;
  /** @internal Navigation properties usable in load paths ("format" → RangeFormat). */
  _nav(_name: string): FakeClientObject | undefined {
    return undefined;
  }

  /** @internal A target that no longer depends on the path (tracked ranges); undefined to resolve the path. */
  _stableTarget(_exec: Executor): unknown {
    return undefined;
  }

  /** @internal Called with the freshly resolved target; may wrap it (ranges become tracked). */
  _adopt(target: unknown, _exec: Executor): unknown {
    return target;
  }

  /** @internal The current name of the worksheet this object was reached through, looked up without side effects. */
  _sheetName(wb: WorkbookModel): string | undefined {
    return this._parent?._sheetName(wb);
  }

  get context(): FakeRequestContext {
    return this._ctx;
  }

  get isNullObject(): boolean {
    if (this._isNull === undefined) throw propertyNotLoaded(this._entity, "isNullObject");
    return this._isNull;
  }

  load(option?: unknown): this {
    const tree = this._buildTree(loadPaths(option));
    const action = this._queue(ActionType.query, "", [], (exec) => this._readTree(tree, exec), true, (result) => this._deliver(result));
    action.query = { select: loadPaths(option), expand: [] };
    return this;
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this._values) {
      out[k] = Array.isArray(v) && v.every((x) => x instanceof FakeClientObject) ? v.map((x: FakeClientObject) => x.toJSON()) : v;
    }
    for (const [k, child] of this._navCache) {
      const j = child.toJSON();
      if (Object.keys(j).length > 0) out[k] = j;
    }
    return out;
  }

  // ----- helpers for subclasses -------------------------------------------------------------

  /**
   * @internal Finishes construction: wraps the object when strictness is on and, as Office.js
   * does for every new proxy, queues its instantiation, so it is resolved at this point of the
   * queue (an ItemNotFound surfaces even if the proxy is never used; `isNullObject` is known
   * after the sync). Proxies created by an action (worksheets.add) pass `instantiate = false`.
   */
  static make<T extends FakeClientObject>(obj: T, instantiate = true): T {
    const out = obj._ctx._session.wb.options.strictSubset ? strictProxy(obj, () => obj._entity) : obj;
    if (instantiate && obj._parent && !obj._ctx._delivering) {
      out._queue(ActionType.instantiate, "", [], (exec) => exec.resolve(out) === NULL_TARGET, true, (isNull) => {
        out._isNull = isNull as boolean;
      });
    }
    return out;
  }

  /** @internal Reads a loaded (or locally set) scalar. */
  _get(name: string): unknown {
    if (this._isNull === true) return undefined;
    if (!this._values.has(name)) throw propertyNotLoaded(this._entity, name);
    return this._values.get(name);
  }

  /** @internal Queues a property write; the value is also kept locally, as Office.js does. */
  _set(name: string, value: unknown): void {
    const spec = this._props[name];
    if (!spec?.set) throw officeError("CannotUpdateReadOnlyProperty", `${this._entity}.${name} is read-only`);
    this._values.set(name, value);
    this._queue(ActionType.setProperty, name, [value], (exec) => {
      const t = exec.require<never>(this);
      spec.set?.(t, value, exec);
      return undefined;
    });
  }

  /** @internal Queues a method call whose effect happens at sync. */
  _call(name: string, args: unknown[], run: (target: never, exec: Executor) => unknown): void {
    this._queue(ActionType.method, name, args, (exec) => run(exec.require<never>(this), exec));
  }

  /** @internal Queues a method call returning a value (ClientResult). */
  _callWithResult<T>(name: string, args: unknown[], run: (target: never, exec: Executor) => T): FakeClientResult<T> {
    const result = new FakeClientResult<T>();
    this._queue(ActionType.method, name, args, (exec) => run(exec.require<never>(this), exec), true, (v) => result._set(v as T));
    return result;
  }

  /** @internal A navigation child, created once per proxy. */
  _navChild<T extends FakeClientObject>(name: string, make: () => T): T {
    let c = this._navCache.get(name) as T | undefined;
    if (!c) {
      c = make();
      this._navCache.set(name, c);
    }
    return c;
  }

  /** @internal */
  _queue(type: number, name: string, args: unknown[], run: (exec: Executor) => unknown, hasResult = false, deliver?: (r: unknown) => void): QueuedAction {
    for (const o of [this, ...args]) {
      for (let p = o instanceof FakeClientObject ? o : null; p; p = p._parent) {
        if (p._invalid) {
          throw officeError(
            Codes.invalidObjectPath,
            `${p._entity} was created in an Excel.run that has ended; Office.js releases such objects (get a new one in this batch)`,
          );
        }
      }
    }
    const action: QueuedAction = { id: this._ctx._newId(), type, obj: this, name, args, run, hasResult };
    if (deliver) action.deliver = deliver;
    this._ctx._enqueue(action);
    return action;
  }

  private _buildTree(paths: string[]): LoadTree {
    const root = newTree();
    for (const p of paths) {
      let node = root;
      let owner: FakeClientObject = this;
      const parts = p.split("/").map((s) => s.trim()).filter((s) => s.length > 0);
      parts.forEach((part, i) => {
        const last = i === parts.length - 1;
        if (part === "*") {
          node.all = true;
          return;
        }
        const scalars = owner instanceof FakeCollection ? owner._itemProps : owner._props;
        if (scalars[part] && last) {
          node.scalars.add(part);
          return;
        }
        if (part === "items" && owner instanceof FakeCollection) {
          if (last) node.all = true;
          return;
        }
        const child = owner._nav(part);
        if (!child) throw new NotInSubsetError(owner._entity, part);
        let sub = node.nav.get(part);
        if (!sub) {
          sub = newTree();
          node.nav.set(part, sub);
        }
        if (last) sub.all = true;
        node = sub;
        owner = child;
      });
    }
    return root;
  }

  /** @internal Executes a load: reads the tree of properties into plain JSON. */
  _readTree(tree: LoadTree, exec: Executor): unknown {
    const t = exec.resolve(this);
    if (t === NULL_TARGET) return null;
    return this._readTarget(t, tree, exec);
  }

  /** @internal */
  _readTarget(t: unknown, tree: LoadTree, exec: Executor): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const props = this._props;
    const names = tree.all ? Object.keys(props).filter((n) => props[n]?.get && !props[n]?.explicitOnly) : [];
    for (const n of new Set([...names, ...tree.scalars])) {
      const get = props[n]?.get;
      if (!get) throw officeError(Codes.invalidArgument, `${this._entity}.${n} can't be loaded`);
      out[n] = get(t as never, exec);
    }
    for (const [n, sub] of tree.nav) {
      const child = this._nav(n);
      if (child) out[n] = child._readTree(sub, exec);
    }
    return out;
  }

  /** @internal Invalidates the object (end of its Excel.run). */
  _release(): void {
    this._invalid = true;
  }

  /** @internal Delivers a load result after a successful sync. */
  _deliver(result: unknown): void {
    if (result === null) {
      this._isNull = true;
      return;
    }
    this._isNull = false;
    for (const [k, v] of Object.entries(result as Record<string, unknown>)) {
      const child = this._props[k] ? undefined : this._nav(k);
      if (child) child._deliver(v);
      else this._values.set(k, v);
    }
  }
}

/** A collection proxy: `items` after load. Subclasses describe their items. */
export abstract class FakeCollection<TItem extends FakeClientObject, TTarget> extends FakeClientObject {
  /** @internal Model objects in the collection, at sync time. */
  abstract _itemTargets(target: never, exec: Executor): TTarget[];
  /** @internal A proxy for one item, addressed by a stable key (its id). */
  abstract _itemProxy(target: TTarget): TItem;
  /** @internal Prop table of the item type. */
  abstract get _itemProps(): PropTable;

  get items(): TItem[] {
    return this._get("items") as TItem[];
  }

  override _readTarget(t: unknown, tree: LoadTree, exec: Executor): Record<string, unknown> {
    const props = this._itemProps;
    const names = new Set(tree.all || tree.scalars.size === 0 ? Object.keys(props).filter((n) => props[n]?.get && !props[n]?.explicitOnly) : []);
    for (const n of tree.scalars) names.add(n);
    if (tree.nav.size > 0) throw officeError(Codes.notImplemented, "the Excel fake doesn't load navigation properties of collection items");
    const items = this._itemTargets(t as never, exec).map((it) => {
      const row: Record<string, unknown> = {};
      for (const n of names) {
        const get = props[n]?.get;
        if (!get) throw new NotInSubsetError(`${this._entity} item`, n);
        row[n] = get(it as never, exec);
      }
      return { target: it, row };
    });
    // The target objects are not JSON; keep them aside for delivery.
    const json = items.map((i) => i.row);
    Object.defineProperty(json, "_targets", { value: items.map((i) => i.target), enumerable: false });
    return { items: json };
  }

  override _deliver(result: unknown): void {
    if (result === null) {
      this._isNull = true;
      return;
    }
    this._isNull = false;
    const items = (result as { items: Record<string, unknown>[] & { _targets?: TTarget[] } }).items;
    const targets = items._targets ?? [];
    this._values.set(
      "items",
      items.map((row, i) => {
        const proxy = this._itemProxy(targets[i] as TTarget);
        proxy._isNull = false;
        for (const [k, v] of Object.entries(row)) proxy._values.set(k, v);
        return proxy;
      }),
    );
  }
}

/** OfficeExtension.ClientResult: `value` is readable after the sync that computed it. */
export class FakeClientResult<T> {
  private loaded = false;
  private v: T | undefined;

  get value(): T {
    if (!this.loaded) throw officeError(Codes.valueNotLoaded, undefined, "clientResult.value");
    return this.v as T;
  }

  /** @internal */
  _set(v: T): void {
    this.loaded = true;
    this.v = v;
  }

  toJSON(): { value: T | undefined } {
    return { value: this.v };
  }
}

export interface ContextHooks {
  createWorkbook(ctx: FakeRequestContext): FakeClientObject;
}

/** Excel.RequestContext. */
export class FakeRequestContext {
  /** @internal */ readonly _session: Session;
  /** @internal */ _pending: QueuedAction[] = [];
  /** @internal True while sync results are delivered (proxies made then are not instantiated). */
  _delivering = false;
  /** @internal Objects Office.js auto-tracks in this context (ranges), released when the run ends. */
  readonly _autoTracked: FakeClientObject[] = [];
  /** @internal Set by Excel.run from its RunOptions, for each run using this context. */
  _delayForCellEdit = false;
  /** @internal The Excel.run now using this context (SyncInfo.run). */
  _runIndex = 0;
  private _nextId = 1;
  private readonly root: FakeClientObject;

  constructor(session: Session, hooks: ContextHooks) {
    this._session = session;
    const self = session.wb.options.strictSubset ? strictProxy(this, () => "RequestContext") : this;
    this.root = hooks.createWorkbook(self);
    return self;
  }

  get workbook(): FakeClientObject {
    return this.root;
  }

  /** @internal */
  _newId(): number {
    return this._nextId++;
  }

  /** @internal */
  _enqueue(a: QueuedAction): void {
    this._pending.push(a);
  }

  /** @internal Excel.run has finished: auto-tracked objects become invalid. */
  _endRun(): void {
    for (const o of this._autoTracked.splice(0)) o._release();
  }

  sync<T>(passThroughValue?: T): Promise<T> {
    return this._sync(false).then(() => passThroughValue as T);
  }

  /** @internal `final`: the sync Excel.run makes when the batch's promise resolves. */
  _sync(final: boolean): Promise<void> {
    const actions = this._pending;
    this._pending = [];
    if (actions.length === 0) return Promise.resolve();
    const { stats, faults, cellEdit } = this._session;
    stats.syncs++;
    const reqBytes = wireRequestBytes(actions);
    const info = this.syncInfo(actions, reqBytes, final);
    let faulted: Interception | undefined;
    try {
      for (const hook of this._session.beforeSyncHooks.slice()) hook(info);
      faulted = faults._intercept(info);
    } catch (e) {
      return Promise.reject(e);
    }
    if (faulted) {
      if (faulted.applyFirst > 0) this.applyPrefix(actions.slice(0, faulted.applyFirst));
      return faulted.outcome;
    }
    if (cellEdit.editing && !this._delayForCellEdit) {
      const { sheet, address } = cellEdit.editing;
      return Promise.reject(officeError(Codes.invalidOperationInCellEditMode, `the user is editing ${sheet}!${address}; sync #${info.index} was not run`));
    }
    return new Promise<void>((resolve, reject) => {
      cellEdit.whenNotEditing(() => {
        try {
          this.execute(actions, reqBytes);
          resolve();
        } catch (e) {
          reject(e);
        }
      });
    });
  }

  private syncInfo(actions: QueuedAction[], requestBytes: number, final: boolean): SyncInfo {
    const { wb } = this._session;
    const sheets = new Set<string>();
    const seen = new Set<FakeClientObject>();
    let writes = false;
    for (const a of actions) {
      if (a.type === ActionType.setProperty || (a.type === ActionType.method && !a.hasResult)) writes = true;
      if (seen.has(a.obj)) continue;
      seen.add(a.obj);
      const name = a.obj._sheetName(wb);
      if (name !== undefined) sheets.add(name);
    }
    return {
      index: ++this._session.syncCount,
      run: this._runIndex,
      final,
      actionCount: actions.length,
      actions: actions.map((a) => `${a.obj._entity}.${a.name || (a.type === ActionType.query ? "load" : "new")}`),
      writes,
      sheets: Array.from(sheets).sort(),
      requestBytes,
    };
  }

  /** A faulted sync that got partway: these actions' writes land, nothing is delivered. */
  private applyPrefix(actions: readonly QueuedAction[]): void {
    const exec = new Executor(this._session.wb);
    for (const a of actions) {
      try {
        a.run(exec);
      } catch {
        return;
      }
    }
  }

  private execute(actions: QueuedAction[], reqBytes: number): void {
    const { stats, wb } = this._session;
    const limit = wb.options.payloadLimitBytes;
    if (reqBytes > limit) {
      stats.rejectedForSize++;
      throw officeError(Codes.requestPayloadSizeLimitExceeded, `request of ${reqBytes} bytes, limit ${limit}`);
    }

    const exec = new Executor(wb);
    const results: { action: QueuedAction; value: unknown }[] = [];
    let failure: unknown = null;
    for (const a of actions) {
      try {
        const value = a.run(exec);
        if (a.hasResult) results.push({ action: a, value });
      } catch (e) {
        if (e instanceof FakeOfficeError) {
          const loc = `${a.obj._entity}${a.name ? "." + a.name : a.type === ActionType.query ? ".load" : ""}`;
          e.debugInfo.errorLocation ??= loc;
          e.debugInfo.statement ??= loc;
        }
        failure = e;
        break;
      }
    }

    const resBytes = responseBytes(results.map((r) => ({ actionId: r.action.id, value: r.value })));
    if (resBytes > limit) {
      stats.rejectedForSize++;
      throw officeError(Codes.responsePayloadSizeLimitExceeded, `response of ${resBytes} bytes, limit ${limit}`);
    }
    stats.maxRequestBytes = Math.max(stats.maxRequestBytes, reqBytes);
    stats.maxResponseBytes = Math.max(stats.maxResponseBytes, resBytes);
    stats.totalRequestBytes += reqBytes;
    stats.totalResponseBytes += resBytes;
    this._delivering = true;
    try {
      for (const r of results) r.action.deliver?.(r.value);
    } finally {
      this._delivering = false;
    }
    if (failure) throw failure;
  }
}

/** Bytes of the request message of these actions, as Office.js would send it. */
function wireRequestBytes(actions: readonly QueuedAction[]): number {
  const wireActions: WireAction[] = [];
  const paths = new Map<number, WirePath>();
  for (const a of actions) {
    const w: WireAction = { Id: a.id, ActionType: a.type, Name: a.name, ObjectPathId: a.obj._pathId };
    if (a.args.length > 0) w.ArgumentInfo = { Arguments: a.args };
    if (a.query) w.QueryInfo = { Select: a.query.select, Expand: a.query.expand };
    wireActions.push(w);
    for (let o: FakeClientObject | null = a.obj; o && !paths.has(o._pathId); o = o._parent) paths.set(o._pathId, o._wirePath);
  }
  return requestBytes(wireActions, Array.from(paths.values()));
}
