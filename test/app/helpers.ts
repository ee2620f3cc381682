/**
 * End-to-end helpers: the real application (createImsApp) against an in-process sandbox over
 * HTTP, through the add-in server (src/server) as the pane does, and the Excel fake. Cells are found the way a person finds them: columns by their header
 * text, rows by the record key (hidden column) or document number.
 */
import { createImsApp, type CreateAppOptions } from "../../src/app";
import type { ImsApp } from "../../src/app/types";
import type { BatchLimits } from "../../src/app/batches";
import { imsRecordKey } from "../../src/ims/records";
import type { Action, SectionCode } from "../../src/ims/sections";
import type { SandboxConfig } from "../../src/sandbox/config";
import type { SandboxRecord } from "../../src/sandbox/model";
import type { RunningSandbox } from "../../src/sandbox/server";
import type { AuditEntry } from "../../src/sandbox/state";
import { columnLetter, sectionLayout, type ColumnId } from "../../src/workbook/layout";
import { LOG_HEADERS, LOG_SHEET } from "../../src/workbook/log-sheet";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { MH, sim, testSandbox } from "../sandbox/helpers";
import { apiOf, withServer } from "../server/harness";

export { MH, sim };
export const OTP = "575757";

export interface World {
  sb: RunningSandbox;
  fake: FakeExcelHandle;
  app: ImsApp;
  gstin: string;
  /** A second pane on the same workbook and sandbox (the first one "closed"). */
  reopen(options?: Partial<CreateAppOptions>): Promise<ImsApp>;
  close(): Promise<void>;
}

export interface WorldOptions {
  sandbox?: Partial<SandboxConfig>;
  batchLimits?: BatchLimits;
  pollDeadlineMs?: number;
  fetch?: typeof fetch;
  /** An existing sandbox to use (not closed by close()). */
  reuse?: RunningSandbox;
}

/** The portal's "now" as the app's clock, so the client's rules use the portal's calendar. */
export function portalNow(sb: RunningSandbox): () => Date {
  return () => new Date(sb.portal.clock.now());
}

/** The add-in server's /api in front of this sandbox (started on first use; closed with the sandbox). */
export async function apiFor(sb: RunningSandbox): Promise<string> {
  const known = apiOf(sb.url);
  return known !== sb.url ? known : (await withServer(sb)).api;
}

export async function signIn(sb: RunningSandbox, options: Partial<CreateAppOptions> = {}): Promise<ImsApp> {
  const app = createImsApp({ apiUrl: await apiFor(sb), storage: null, now: portalNow(sb), ...options });
  await app.connect({ gstin: MH, username: "demo.mh", frequency: "monthly" });
  const state = await app.verifyOtp(OTP);
  if (state.status !== "signed-in") throw new Error(`not signed in: ${state.status}`);
  return app;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const sb = options.reuse ?? (await testSandbox({ recordsPerGstin: 400, jobDelayMs: 30, regenerateDelayMs: 30, ...options.sandbox }));
  const fake = installExcelFake({ today: sb.portal.clock.today() });
  const appOptions: Partial<CreateAppOptions> = {
    ...(options.batchLimits ? { batchLimits: options.batchLimits } : {}),
    ...(options.pollDeadlineMs ? { pollDeadlineMs: options.pollDeadlineMs } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const app = await signIn(sb, appOptions);
  return {
    sb,
    fake,
    app,
    gstin: MH,
    reopen: (more = {}) => signIn(sb, { ...appOptions, ...more }),
    close: async () => {
      fake.uninstall();
      if (!options.reuse) await sb.close();
    },
  };
}

// ---- the sheets, as a person sees them ----------------------------------------------------

/** A section sheet's row, by column id (values as the cells hold them). */
export type SheetRow = { sheetRow: number } & Partial<Record<ColumnId, unknown>>;

/** Column index (0-based) of a header text on the sheet's header row. */
export function columnByHeader(fake: FakeExcelHandle, sheet: string, header: string): number {
  const width = sectionLayout("CNA").columns.length + 8;
  const headers = fake.inspect.values(sheet, `A1:${columnLetter(width)}1`)[0] as unknown[];
  const i = headers.indexOf(header);
  if (i < 0) throw new Error(`no column "${header}" on ${sheet}`);
  return i;
}

function headerOf(section: SectionCode, id: ColumnId): string {
  const layout = sectionLayout(section);
  const c = layout.columns[layout.index[id] as number];
  if (!c) throw new Error(`${section} has no column ${id}`);
  return c.header;
}

function lastRow(fake: FakeExcelHandle, sheet: string): number {
  const used = fake.inspect.usedRange(sheet);
  return Number(/(\d+)$/.exec(used ?? "A1")?.[1] ?? 1);
}

/** Every body row of a section sheet, its cells keyed by column id (found by header text). */
export function sheetRows(fake: FakeExcelHandle, section: SectionCode, sheet: string = section): SheetRow[] {
  const layout = sectionLayout(section);
  const width = layout.columns.length + 8;
  const last = lastRow(fake, sheet);
  const all = fake.inspect.values(sheet, `A1:${columnLetter(width)}${Math.max(1, last)}`);
  const headers = (all[0] ?? []) as unknown[];
  const at = new Map<ColumnId, number>();
  for (const c of layout.columns) {
    const i = headers.indexOf(c.header);
    if (i >= 0) at.set(c.id, i);
  }
  const out: SheetRow[] = [];
  all.slice(1).forEach((cells, i) => {
    if (cells.every((v) => v === "" || v === null)) return;
    const row: SheetRow = { sheetRow: i + 2 };
    for (const [id, col] of at) row[id] = cells[col];
    out.push(row);
  });
  return out;
}

export function rowByKey(fake: FakeExcelHandle, section: SectionCode, key: string): SheetRow {
  const rows = sheetRows(fake, section).filter((r) => r.key === key);
  if (rows.length !== 1) throw new Error(`expected one ${section} row for ${key}, found ${rows.length}`);
  return rows[0] as SheetRow;
}

/** A1 address of a cell: the column found by its header text, the row by the record key. */
export function cellOf(fake: FakeExcelHandle, section: SectionCode, key: string, id: ColumnId): string {
  const col = columnByHeader(fake, section, headerOf(section, id));
  return `${columnLetter(col)}${rowByKey(fake, section, key).sheetRow}`;
}

/** Types into a record's cell, as a person would (the drop-down refuses what is not in its list). */
export function typeCell(fake: FakeExcelHandle, section: SectionCode, key: string, id: ColumnId, text: string): void {
  fake.user.typeInto(section, cellOf(fake, section, key, id), text);
}

// ---- the portal ----------------------------------------------------------------------------

export function keyOf(s: Pick<SandboxRecord, "section" | "stin" | "docNum" | "returnPeriod">): string {
  return imsRecordKey({ section: s.section, supplierGstin: s.stin, docNumber: s.docNum, returnPeriod: s.returnPeriod });
}

/** The sandbox's stored records of a GSTIN, by record key. */
export function portal(sb: RunningSandbox, gstin = MH): Map<string, SandboxRecord> {
  return new Map([...sb.state.recordsOf(gstin).values()].map((r) => [keyOf(r), r]));
}

export function portalRecords(sb: RunningSandbox, section: SectionCode, gstin = MH): SandboxRecord[] {
  return [...sb.state.recordsOf(gstin).values()].filter((r) => r.section === section);
}

/** Records of a section matching a predicate, in a stable order. */
export function pick(sb: RunningSandbox, section: SectionCode, n: number, where: (r: SandboxRecord) => boolean, exclude: Set<string> = new Set()): SandboxRecord[] {
  const out = portalRecords(sb, section)
    .filter((r) => where(r) && !exclude.has(keyOf(r)))
    .sort((a, b) => keyOf(a).localeCompare(keyOf(b)))
    .slice(0, n);
  if (out.length < n) throw new Error(`only ${out.length} ${section} records match; wanted ${n}`);
  for (const r of out) exclude.add(keyOf(r));
  return out;
}

export async function auditOf(sb: RunningSandbox, gstin = MH): Promise<AuditEntry[]> {
  const r = await sim<{ entries: AuditEntry[] }>(sb.url, "GET", `/audit?gstin=${gstin}`);
  return r.body.entries;
}

/** Action changes per record key in the audit (excluding supplier edits). */
export function changesByKey(entries: readonly AuditEntry[]): Map<string, AuditEntry[]> {
  const out = new Map<string, AuditEntry[]>();
  for (const e of entries) {
    if (e.by === "supplier-edit") continue;
    const list = out.get(e.key) ?? [];
    list.push(e);
    out.set(e.key, list);
  }
  return out;
}

/** Save and reset requests the sandbox has received for a GSTIN. */
export function jobCount(sb: RunningSandbox, gstin = MH): number {
  return [...sb.state.jobs.values()].filter((j) => j.gstin === gstin).length;
}

export function actionOf(sb: RunningSandbox, key: string, gstin = MH): Action | undefined {
  return portal(sb, gstin).get(key)?.action;
}

// ---- the log sheet ------------------------------------------------------------------------

export interface LogRow {
  at: unknown;
  gstin: string;
  section: string;
  kind: string;
  records: number;
  referenceId: string;
  outcome: string;
  processed: number;
  errors: number;
}

export function logRows(fake: FakeExcelHandle): LogRow[] {
  if (!fake.inspect.sheetNames().includes(LOG_SHEET)) return [];
  const last = lastRow(fake, LOG_SHEET);
  const values = fake.inspect.values(LOG_SHEET, `A1:${columnLetter(LOG_HEADERS.length - 1)}${last}`);
  expect(values[0]).toEqual([...LOG_HEADERS]);
  return values.slice(1).filter((r) => r.some((v) => v !== "")).map((r) => ({
    at: r[0],
    gstin: String(r[1]),
    section: String(r[2]),
    kind: String(r[3]),
    records: Number(r[4]),
    referenceId: String(r[5]),
    outcome: String(r[6]),
    processed: Number(r[7]),
    errors: Number(r[8]),
  }));
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// ---- the wire, seen from the add-in --------------------------------------------------------

export interface SeenRequest {
  at: number;
  /** HTTP status of the answer (0 until it comes, or when none came). */
  status: number;
  method: string;
  /** Path and query, e.g. /gst/compliance/tax-payer/invoices/status/save */
  path: string;
  body: string;
}

export interface WireTap {
  seen: SeenRequest[];
  fetch: typeof fetch;
  /** Saves and resets sent (whatever became of them). */
  submits(): SeenRequest[];
}

/**
 * A fetch for createImsApp that records every request and may rewrite a body or fail a request
 * before it leaves (`before` returns a new body, or throws to act as a network failure), or
 * replace the answer once the server has acted (`after`).
 */
export function wireTap(before?: (request: SeenRequest) => string | void, after?: (request: SeenRequest, response: Response) => Response | void): WireTap {
  const seen: SeenRequest[] = [];
  const tapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const req = new Request(input, init);
    const body = req.method === "POST" ? await req.clone().text() : "";
    const url = new URL(req.url);
    const entry: SeenRequest = { at: Date.now(), status: 0, method: req.method, path: url.pathname + url.search, body };
    seen.push(entry);
    const rewritten = before?.(entry);
    let response: Response;
    if (typeof rewritten === "string") {
      entry.body = rewritten;
      response = await fetch(req.url, { method: req.method, headers: req.headers, body: rewritten, signal: req.signal });
    } else response = await fetch(req);
    entry.status = response.status;
    return after?.(entry, response) ?? response;
  };
  return {
    seen,
    fetch: tapped as typeof fetch,
    submits: () => seen.filter((s) => s.method === "POST" && /\/invoices\/status\/(save|reset)$/.test(s.path)),
  };
}
