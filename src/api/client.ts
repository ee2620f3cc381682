/**
 * The add-in's only door to the IMS API, through the add-in server's /api (src/server), which
 * holds the platform API key, secret and token and adds them. The pane keeps only the taxpayer
 * session, in memory; the same client works whether the server forwards to the local sandbox or
 * to the provider.
 *
 * Every call goes: session check (refresh shortly before expiry) → client-side limiter →
 * one HTTP exchange → interpretation (status, envelope, schema) → maybe a retry:
 * - reads are retried with jittered backoff after network errors, timeouts and 5xx;
 * - every request is retried after a 429, once the provider's wait has passed;
 * - a 403 for an expired or revoked token renews the session once and repeats the request;
 * - saves, resets and GSTR-2B regenerations are never repeated once they may have been
 *   processed: OutcomeUnknownError.
 */
import type { z } from "zod";
import type { ImsRecord, SaveIntent } from "../ims/records";
import { splitPeriod, taxPeriodToReturnPeriod, isTaxPeriod, type TaxPeriod } from "../ims/periods";
import { GOODS_TYPES, SECTION_CODES, STATUS_FILTERS, type GoodsType, type SectionCode, type StatusFilter } from "../ims/sections";
import { toAddedBackLiability, toImsRecord, toInvoiceCounts, toRejectedRecord, toRequestStatus, toSalesView, toSubmitBody } from "./convert";
import { DEFAULT_API_VERSION, ENDPOINTS, PATHS, SESSION_ENDED_CODES, type EndpointName, type EndpointSpec } from "./endpoints";
import {
  GstnError,
  ImsApiError,
  InvalidRequestError,
  LargeSectionError,
  NetworkError,
  OutcomeUnknownError,
  PlatformHttpError,
  PollDeadlineError,
  RateLimitedError,
  RequestAbortedError,
  ResponseValidationError,
  SessionExpiredError,
  type ApiErrorKind,
} from "./errors";
import { DEFAULT_LIMIT, SlidingWindowLimiter, type LimiterOptions } from "./limiter";
import { poll, type PollOptions } from "./poll";
import { scrub } from "./redact";
import { backoffDelay, DEFAULT_RETRY, requestedWaitMs, sleep, type RetryOptions } from "./retry";
import {
  addedBackSchema,
  checkedInvoicesSchema,
  countsSchema,
  envelopeSchema,
  gstnErrorSchema,
  gstr2bStatusSchema,
  invoicesSchema,
  sectionAnswerSchema,
  otpSchema,
  platformErrorBodySchema,
  referenceSchema,
  requestStatusSchema,
  salesSchema,
  sessionSchema,
  type SectionAnswer,
  statusFlagSchema,
} from "./schemas";
import { MemorySessionStore, SessionKeeper } from "./session";
import { Transport, type RawResponse } from "./transport";
import { ACCESS_KEY_HEADER } from "./upstream";
import {
  ADDED_BACK_SECTIONS,
  SALES_SECTIONS,
  type AddedBackLiability,
  type AddedBackSection,
  type CheckedInvoices,
  type Gstr2bStatus,
  type InvoiceCounts,
  type RequestStatus,
  type SalesSection,
  type SalesView,
  type SessionInfo,
  type SubmitItem,
  type SubmitOperation,
  type SubmitReceipt,
  type SupplierReturnType,
  type TaxpayerIdentity,
} from "./types";

export interface ImsClientOptions {
  /**
   * The add-in server's /api, e.g. https://localhost:3000/api (src/server). The server holds the
   * platform API key, secret and token and adds them; the client never sends or keeps them.
   */
  baseUrl: string;
  /** Presented to an add-in server that has an access key (a shared host), as x-ims-access-key. */
  accessKey?: string;
  /** Where the taxpayer session is held: memory only. Clients sharing one share its refreshes. */
  store?: MemorySessionStore;
  /** Per attempt, headers and body included. Default 30 s. */
  timeoutMs?: number;
  /** Per attempt for save, reset and regenerate. Default 60 s. */
  submitTimeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** Client-side limit; default 110 requests per 60 s. Ignored when `limiter` is given. */
  rateLimit?: Partial<LimiterOptions>;
  /** Share one limiter between clients using the same API key. */
  limiter?: SlidingWindowLimiter;
  /** Refresh the taxpayer token this long before it expires. Default 5 minutes. */
  refreshMarginMs?: number;
  /** Larger responses are refused (ResponseValidationError "too-large"). Default 64 MiB. */
  maxResponseBytes?: number;
  /** Sent as x-api-version on every call. Default DEFAULT_API_VERSION ("1.0.0", the provider's documented default). */
  apiVersion?: string;
  /** The clock used for token expiry (tests move it). */
  now?: () => number;
  random?: () => number;
  /** Diagnostics. Events carry no credentials. */
  onEvent?: (event: ApiEvent) => void;
  fetch?: typeof fetch;
}

export type ApiEvent =
  | { type: "request"; endpoint: EndpointName; attempt: number }
  | { type: "response"; endpoint: EndpointName; attempt: number; status: number; durationMs: number }
  | { type: "failure"; endpoint: EndpointName; attempt: number; errorKind: ApiErrorKind }
  | { type: "retry"; endpoint: EndpointName; reason: "network" | "timeout" | "server" | "rate-limited" | "session-renewed" | "platform-renewed"; delayMs: number }
  | { type: "throttled"; endpoint: EndpointName; waitedMs: number }
  | { type: "session-refreshed"; trigger: "expiry" | "403" | "caller" };

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface InvoicesOptions extends CallOptions {
  status?: StatusFilter;
}

export interface SaveItem {
  record: ImsRecord;
  intent: SaveIntent;
}

interface Exchange {
  path: string;
  searchParams?: Record<string, string>;
  json?: unknown;
  /** The save/reset records, for OutcomeUnknownError. */
  items?: readonly SubmitItem[];
  operation?: SubmitOperation | "regenerate";
}

type Outcome<T> = { kind: "ok"; value: T } | { kind: "empty"; code: string };

/** 403 messages that mean the token is spent, not that the request is forbidden. */
const TOKEN_SPENT = /expired|revoked|invalid access token|invalid session|lapsed/i;

export class ImsClient {
  private readonly transport: Transport;
  private readonly keeper: SessionKeeper;
  private readonly limiter: SlidingWindowLimiter;
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;
  private readonly submitTimeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private refreshing: Promise<void> | null = null;
  /**
   * The records of the saves and resets this client sent, by reference ID (the latest few
   * hundred): an error report entry that names only a supplier is matched against them.
   */
  private readonly sent = new Map<string, readonly SubmitItem[]>();
  /** A token whose refresh did not extend it (the portal's API-access period ends then): not refreshed again. */
  private unextendable: string | null = null;

  constructor(private readonly options: ImsClientOptions) {
    this.transport = new Transport(options.baseUrl, options.fetch);
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.keeper = new SessionKeeper(options.store ?? new MemorySessionStore(), this.now, options.refreshMarginMs ?? 5 * 60 * 1000, options.accessKey ?? null);
    this.limiter = options.limiter ?? new SlidingWindowLimiter({ ...DEFAULT_LIMIT, ...options.rateLimit });
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.submitTimeoutMs = options.submitTimeoutMs ?? 60_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
  }

  // ---- sign-in ---------------------------------------------------------------------------

  /** The signed-in taxpayer, without the token; null when there is none. */
  get session(): SessionInfo | null {
    return this.keeper.info();
  }

  /** Asks the portal to send the taxpayer an OTP. */
  async generateOtp(who: TaxpayerIdentity, opts: CallOptions = {}): Promise<void> {
    const out = await this.call(ENDPOINTS["otp.generate"], { path: PATHS.otpGenerate, json: { username: who.username, gstin: who.gstin } }, otpSchema, opts);
    this.value(out, "otp.generate");
  }

  /** Exchanges the OTP for a taxpayer session. */
  async verifyOtp(who: TaxpayerIdentity, otp: string, opts: CallOptions = {}): Promise<SessionInfo> {
    if (!/^\d{4,8}$/.test(otp.trim())) throw new InvalidRequestError("otp.verify", "otp", "an OTP is 4 to 8 digits");
    const out = await this.call(
      ENDPOINTS["otp.verify"],
      { path: PATHS.otpVerify, searchParams: { otp: otp.trim() }, json: { username: who.username, gstin: who.gstin } },
      sessionSchema,
      opts,
    );
    const data = this.value(out, "otp.verify");
    this.keeper.setTaxpayer({
      gstin: who.gstin,
      username: who.username,
      token: data.access_token,
      tokenExpiry: data.token_expiry,
      sessionExpiry: data.session_expiry ?? data.token_expiry,
    });
    return this.keeper.info() as SessionInfo;
  }

  /** Renews the taxpayer token now (the client also does this by itself). */
  async refreshSession(opts: CallOptions = {}): Promise<SessionInfo> {
    await this.renew("caller", null, opts.signal);
    return this.keeper.info() as SessionInfo;
  }

  /** Forgets the taxpayer session (it lived in memory only). */
  signOut(): void {
    this.keeper.clearTaxpayer();
  }

  // ---- reads -----------------------------------------------------------------------------

  async getCounts(goodsType: GoodsType = "others", opts: CallOptions = {}): Promise<InvoiceCounts> {
    if (!GOODS_TYPES.includes(goodsType)) throw new InvalidRequestError("invoices.count", "goodsType", `not one of ${GOODS_TYPES.join(", ")}`);
    const out = await this.call(ENDPOINTS["invoices.count"], { path: PATHS.counts, searchParams: { type_of_goods: goodsType } }, countsSchema(goodsType), opts);
    return out.kind === "empty" ? { goodsType, total: 0, sections: {} } : toInvoiceCounts(goodsType, out.value);
  }

  /**
   * The section's records; "no records" (RET11416) is an empty list. One record that does not
   * meet the contract fails the whole answer (ResponseValidationError): use getInvoicesChecked
   * to read the rest of the section. GSTN's large-section answer `{token, est}` is
   * LargeSectionError: ask again with a status filter (src/app/pull-section.ts).
   */
  async getInvoices(section: SectionCode, opts: InvoicesOptions = {}): Promise<ImsRecord[]> {
    const out = await this.call(ENDPOINTS["invoices.list"], invoicesExchange(section, opts), sectionAnswerSchema(section, invoicesSchema(section)), opts);
    return out.kind === "empty" ? [] : recordsOf(section, opts, out.value).map((w) => toImsRecord(section, w));
  }

  /**
   * The section's records, checked one by one: records that do not meet the contract are set
   * aside in `rejected` and the others are returned. A malformed envelope is still a
   * ResponseValidationError.
   */
  async getInvoicesChecked(section: SectionCode, opts: InvoicesOptions = {}): Promise<CheckedInvoices> {
    const out = await this.call(ENDPOINTS["invoices.list"], invoicesExchange(section, opts), sectionAnswerSchema(section, checkedInvoicesSchema(section)), opts);
    if (out.kind === "empty") return { records: [], rejected: [] };
    const checked = recordsOf(section, opts, out.value);
    return {
      records: checked.records.map((w) => toImsRecord(section, w)),
      rejected: checked.rejected.map((r) => {
        const rejected = toRejectedRecord(section, r);
        return { ...rejected, detail: this.scrub(rejected.detail) };
      }),
    };
  }

  async getRequestStatus(referenceId: string, opts: CallOptions = {}): Promise<RequestStatus> {
    const id = checkReference("invoices.status", referenceId);
    const out = await this.call(ENDPOINTS["invoices.status"], { path: PATHS.status, searchParams: { reference_id: id } }, requestStatusSchema, opts);
    return toRequestStatus(id, this.value(out, "invoices.status"), this.sent.get(id));
  }

  /** Polls a save/reset until it is P, PE or ER. */
  async waitForRequest(referenceId: string, opts: PollOptions = {}): Promise<RequestStatus> {
    return poll(
      (signal) => this.getRequestStatus(referenceId, { signal }),
      (s) => s.state !== "IP",
      opts,
      (last, ms) => new PollDeadlineError("invoices.status", referenceId, ms, last?.state ?? null),
      this.random,
    );
  }

  /** The supplier view of what the signed-in taxpayer supplied, with recipients' actions. */
  async getSales(period: TaxPeriod, section: SalesSection, returnType: SupplierReturnType = "gstr-1", opts: CallOptions = {}): Promise<SalesView> {
    if (!SALES_SECTIONS.includes(section)) throw new InvalidRequestError("supplier.sales", "section", `not one of ${SALES_SECTIONS.join(", ")}`);
    if (returnType !== "gstr-1" && returnType !== "gstr-1a") throw new InvalidRequestError("supplier.sales", "returnType", "not gstr-1 or gstr-1a");
    const { year, month } = pathPeriod("supplier.sales", period);
    const out = await this.call(ENDPOINTS["supplier.sales"], { path: PATHS.sales(year, month), searchParams: { section, return_type: returnType } }, salesSchema(section, returnType), opts);
    if (out.kind === "empty") return { supplierGstin: this.keeper.taxpayer()?.gstin ?? "", period, returnType, section, documents: [] };
    return toSalesView(section, returnType, out.value);
  }

  /** "No records" (IMS0027) is an empty list. */
  async getAddedBackLiabilities(period: TaxPeriod, section: AddedBackSection, opts: CallOptions = {}): Promise<AddedBackLiability[]> {
    if (!ADDED_BACK_SECTIONS.includes(section)) throw new InvalidRequestError("supplier.addedBack", "section", `not one of ${ADDED_BACK_SECTIONS.join(", ")}`);
    const { year, month } = pathPeriod("supplier.addedBack", period);
    const out = await this.call(ENDPOINTS["supplier.addedBack"], { path: PATHS.addedBack(year, month), searchParams: { section } }, addedBackSchema(section), opts);
    return out.kind === "empty" ? [] : out.value.items.map((e) => toAddedBackLiability(section, e));
  }

  /** GET …/gstrs/gstr-2b/regenerate?reference_id=…: the reference ID alone names the request; `period` is only echoed in the result. */
  async getGstr2bStatus(period: TaxPeriod, referenceId: string, opts: CallOptions = {}): Promise<Gstr2bStatus> {
    const id = checkReference("gstr2b.status", referenceId);
    pathPeriod("gstr2b.status", period);
    const out = await this.call(ENDPOINTS["gstr2b.status"], { path: PATHS.regenerateStatus, searchParams: { reference_id: id } }, gstr2bStatusSchema, opts);
    const w = this.value(out, "gstr2b.status");
    return { referenceId: id, period, state: w.status_cd, errorCode: w.err_cd || null, errorMessage: w.err_msg || null };
  }

  async waitForGstr2b(period: TaxPeriod, referenceId: string, opts: PollOptions = {}): Promise<Gstr2bStatus> {
    return poll(
      (signal) => this.getGstr2bStatus(period, referenceId, { signal }),
      (s) => s.state !== "IP",
      opts,
      (last, ms) => new PollDeadlineError("gstr2b.status", referenceId, ms, last?.state ?? null),
      this.random,
    );
  }

  // ---- changes ---------------------------------------------------------------------------

  /**
   * Asks the portal to record actions. Returns once the portal has accepted the request;
   * follow it with waitForRequest. Throws OutcomeUnknownError when it may or may not have
   * been applied.
   */
  async save(items: readonly SaveItem[], opts: CallOptions = {}): Promise<SubmitReceipt> {
    return this.submit("save", items.map((i) => ({ record: i.record, intent: i.intent })), opts);
  }

  /** Puts records back to "no action". Same contract as save. */
  async reset(records: readonly ImsRecord[], opts: CallOptions = {}): Promise<SubmitReceipt> {
    return this.submit("reset", records.map((record) => ({ record, intent: null })), opts);
  }

  /** Asks for GSTR-2B of a period to be recomputed after IMS actions; returns the reference ID. */
  async regenerateGstr2b(period: TaxPeriod, opts: CallOptions = {}): Promise<string> {
    const { year, month } = pathPeriod("gstr2b.regenerate", period);
    const rtin = this.requireTaxpayer("gstr2b.regenerate").gstin;
    const out = await this.call(
      ENDPOINTS["gstr2b.regenerate"],
      { path: PATHS.regenerate(year, month), json: { rtin, itcprd: taxPeriodToReturnPeriod(period) }, items: [], operation: "regenerate" },
      referenceSchema,
      opts,
    );
    return this.value(out, "gstr2b.regenerate").reference_id;
  }

  private async submit(operation: SubmitOperation, items: SubmitItem[], opts: CallOptions): Promise<SubmitReceipt> {
    const spec = operation === "save" ? ENDPOINTS["invoices.save"] : ENDPOINTS["invoices.reset"];
    const rtin = this.requireTaxpayer(spec.name).gstin;
    const body = toSubmitBody(operation, rtin, items);
    const out = await this.call(spec, { path: operation === "save" ? PATHS.save : PATHS.reset, json: body, items, operation }, referenceSchema, opts);
    const referenceId = this.value(out, spec.name).reference_id;
    this.sent.set(referenceId, items);
    if (this.sent.size > 500) this.sent.delete(this.sent.keys().next().value as string);
    return { operation, referenceId, items };
  }

  // ---- the call loop ---------------------------------------------------------------------

  private async call<T>(spec: EndpointSpec, x: Exchange, schema: z.ZodType<T>, opts: CallOptions): Promise<Outcome<T>> {
    let attempt = 0;
    let failures = 0;
    let rateLimited = 0;
    let renewed = false;
    const signal = opts.signal;
    for (;;) {
      const { headers, tokenUsed } = await this.authHeaders(spec, signal);
      const waited = await this.limiter.acquire(signal).catch(() => {
        throw new RequestAbortedError(spec.name);
      });
      if (waited > 0) this.emit({ type: "throttled", endpoint: spec.name, waitedMs: waited });
      // Checked here so that a cancelled save is "not sent", never "outcome unknown".
      if (signal?.aborted) throw new RequestAbortedError(spec.name);
      attempt++;
      this.emit({ type: "request", endpoint: spec.name, attempt });
      const started = Date.now();
      let raw: RawResponse;
      try {
        raw = await this.transport.send({
          endpoint: spec.name,
          method: spec.method,
          path: x.path,
          headers,
          ...(x.searchParams ? { searchParams: x.searchParams } : {}),
          ...(x.json !== undefined ? { json: x.json } : {}),
          timeoutMs: opts.timeoutMs ?? (spec.retry === "submit" ? this.submitTimeoutMs : this.timeoutMs),
          maxResponseBytes: this.maxResponseBytes,
          ...(signal ? { signal } : {}),
        });
      } catch (e) {
        const error = e instanceof ImsApiError ? e : new NetworkError(spec.name, "unexpected transport failure");
        this.emit({ type: "failure", endpoint: spec.name, attempt, errorKind: error.kind });
        if (spec.retry === "submit") throw this.unknownOutcome(spec, x, error);
        if (spec.retry === "read" && error.kind !== "aborted" && error.kind !== "invalid-response" && failures < this.retry.maxRetries) {
          const delay = backoffDelay(failures++, this.retry, this.random);
          this.emit({ type: "retry", endpoint: spec.name, reason: error.kind === "timeout" ? "timeout" : "network", delayMs: delay });
          await this.pause(delay, spec.name, signal);
          continue;
        }
        throw error;
      }
      this.emit({ type: "response", endpoint: spec.name, attempt, status: raw.status, durationMs: Date.now() - started });

      if (raw.status >= 200 && raw.status < 300) {
        try {
          return this.interpret(spec, raw, schema);
        } catch (e) {
          // A 200 means the portal took the request; unreadable, we cannot tell what it did.
          if (spec.retry === "submit" && e instanceof ResponseValidationError) throw this.unknownOutcome(spec, x, e);
          throw e;
        }
      }

      const message = this.serverMessage(raw);
      if (raw.status === 429) {
        // Safe for saves and resets too: the provider's limiter answers 429 before the request
        // reaches the IMS handler, so nothing was processed and repeating cannot double-apply.
        const asked = requestedWaitMs(raw.headers, Date.now());
        const wait = asked ?? backoffDelay(rateLimited, this.retry, this.random);
        if (rateLimited >= this.retry.maxRateLimitRetries || wait > this.retry.maxRateLimitWaitMs) throw new RateLimitedError(spec.name, message, asked);
        rateLimited++;
        this.limiter.pauseUntil(Date.now() + wait);
        const delay = wait + Math.round(this.random() * 250);
        this.emit({ type: "retry", endpoint: spec.name, reason: "rate-limited", delayMs: delay });
        await this.pause(delay, spec.name, signal);
        continue;
      }

      if (raw.status === 403 && TOKEN_SPENT.test(message)) {
        if (spec.name === "session.refresh") {
          this.keeper.clearTaxpayer();
          throw new SessionExpiredError(spec.name, "refresh-failed");
        }
        if (spec.auth === "taxpayer") {
          if (renewed) throw new SessionExpiredError(spec.name, "expired");
          renewed = true;
          await this.renew("403", tokenUsed, signal);
          this.emit({ type: "retry", endpoint: spec.name, reason: "session-renewed", delayMs: 0 });
          continue;
        }
      }

      const error = new PlatformHttpError(spec.name, raw.status, message);
      if (raw.status >= 500) {
        // A gateway error may come after the upstream applied the change.
        if (spec.retry === "submit") throw this.unknownOutcome(spec, x, error);
        if (spec.retry === "read" && failures < this.retry.maxRetries) {
          const asked = requestedWaitMs(raw.headers, Date.now());
          const delay = Math.min(this.retry.maxRateLimitWaitMs, Math.max(backoffDelay(failures++, this.retry, this.random), asked ?? 0));
          this.emit({ type: "retry", endpoint: spec.name, reason: "server", delayMs: delay });
          await this.pause(delay, spec.name, signal);
          continue;
        }
      }
      throw error;
    }
  }

  /** Status 2xx: the envelope, then the payload, each checked against its schema. */
  private interpret<T>(spec: EndpointSpec, raw: RawResponse, schema: z.ZodType<T>): Outcome<T> {
    let body: unknown;
    if (raw.text.trim() === "") throw new ResponseValidationError(spec.name, "not-json", "(body)", "empty body", raw.status);
    try {
      body = JSON.parse(raw.text);
    } catch {
      const type = raw.headers.get("content-type")?.split(";")[0]?.trim() || "no content type";
      throw new ResponseValidationError(spec.name, "not-json", "(body)", `not JSON (${type})`, raw.status);
    }
    const root = this.check(spec, raw, envelopeSchema, body, []);
    if (spec.envelope === "platform") return { kind: "ok", value: this.check(spec, raw, schema, root.data, ["data"]) };
    const flag = this.check(spec, raw, statusFlagSchema, root.data, ["data"]).status_cd;
    if (flag === "0") {
      const { error_cd, message } = this.check(spec, raw, gstnErrorSchema, root.data, ["data"]).error;
      if (spec.emptyCodes.includes(error_cd)) return { kind: "empty", code: error_cd };
      // On a call made with the taxpayer's session, these mean the GST session is over (not a
      // refused OTP, which only the OTP verify call, authenticated by the platform token, can mean).
      if (spec.auth === "taxpayer" && SESSION_ENDED_CODES.includes(error_cd)) {
        this.keeper.clearTaxpayer();
        throw new SessionExpiredError(spec.name, "ended", error_cd);
      }
      throw new GstnError(spec.name, this.scrub(error_cd), this.scrub(message));
    }
    if (spec.envelope === "platform-gstn") return { kind: "ok", value: this.check(spec, raw, schema, root.data, ["data"]) };
    const inner = (root.data as { data?: unknown }).data;
    return { kind: "ok", value: this.check(spec, raw, schema, inner, ["data", "data"]) };
  }

  private check<T>(spec: EndpointSpec, raw: RawResponse, schema: z.ZodType<T>, value: unknown, at: (string | number)[]): T {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const path = formatPath([...at, ...((issue?.path ?? []) as (string | number)[])]);
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : "";
    throw new ResponseValidationError(spec.name, "schema", path, `${this.scrub(issue?.message ?? "invalid")}${more}`, raw.status);
  }

  private value<T>(out: Outcome<T>, endpoint: EndpointName): T {
    // Only endpoints with emptyCodes can answer "empty", and those never reach here.
    if (out.kind === "empty") throw new GstnError(endpoint, out.code, "no records");
    return out.value;
  }

  private serverMessage(raw: RawResponse): string {
    try {
      const parsed = platformErrorBodySchema.safeParse(JSON.parse(raw.text));
      if (parsed.success && parsed.data.message) return this.scrub(parsed.data.message).slice(0, 500);
    } catch {
      // an HTML error page or nothing: the status says it all
    }
    return "";
  }

  private unknownOutcome(spec: EndpointSpec, x: Exchange, error: ImsApiError): OutcomeUnknownError {
    return new OutcomeUnknownError(spec.name, x.operation ?? (spec.name === "invoices.reset" ? "reset" : "save"), x.items ?? [], error);
  }

  private scrub(text: string): string {
    return scrub(text, this.keeper.secrets());
  }

  private async pause(ms: number, endpoint: EndpointName, signal?: AbortSignal): Promise<void> {
    await sleep(ms, signal).catch(() => {
      throw new RequestAbortedError(endpoint);
    });
  }

  private emit(event: ApiEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // diagnostics must not break calls
    }
  }

  // ---- credentials -----------------------------------------------------------------------

  private requireTaxpayer(endpoint: EndpointName) {
    const t = this.keeper.taxpayer();
    if (!t) throw new SessionExpiredError(endpoint, "not-signed-in");
    return t;
  }

  private async authHeaders(spec: EndpointSpec, signal?: AbortSignal): Promise<{ headers: Record<string, string>; tokenUsed: string | null }> {
    const headers: Record<string, string> = {};
    headers["x-api-version"] = this.options.apiVersion ?? DEFAULT_API_VERSION;
    if (this.options.accessKey) headers[ACCESS_KEY_HEADER] = this.options.accessKey;
    // The add-in server adds the API key, and the platform token on the OTP calls (src/server).
    if (spec.auth === "secret") throw new InvalidRequestError(spec.name, "endpoint", "the add-in server signs in to the IMS API itself; a pane never does");
    if (spec.auth === "platform") return { headers, tokenUsed: null };
    let t = this.requireTaxpayer(spec.name);
    if (spec.name !== "session.refresh" && this.keeper.needsRefresh(t) && !(t.token === this.unextendable && !this.keeper.isExpired(t))) {
      try {
        await this.renew("expiry", t.token, signal);
      } catch (e) {
        // A refresh that failed for a passing reason leaves a still-valid token usable.
        if (e instanceof SessionExpiredError || this.keeper.isExpired(t)) throw e;
      }
      t = this.requireTaxpayer(spec.name);
    }
    headers.authorization = t.token;
    return { headers, tokenUsed: t.token };
  }

  /**
   * Refreshes the taxpayer token, once for all concurrent callers. When `staleToken` is
   * given and the store already holds another token (another call or tab refreshed), that
   * one is used instead.
   */
  private async renew(trigger: "expiry" | "403" | "caller", staleToken: string | null, signal?: AbortSignal): Promise<void> {
    if (this.refreshing) return this.refreshing;
    const current = this.requireTaxpayer("session.refresh");
    if (staleToken !== null && current.token !== staleToken) return;
    this.refreshing = (async () => {
      try {
        const out = await this.call(ENDPOINTS["session.refresh"], { path: PATHS.sessionRefresh }, sessionSchema, signal ? { signal } : {});
        const data = this.value(out, "session.refresh");
        this.keeper.setTaxpayer({
          ...current,
          token: data.access_token,
          tokenExpiry: data.token_expiry,
          sessionExpiry: data.session_expiry ?? data.token_expiry,
        });
        if (data.token_expiry <= current.tokenExpiry) this.unextendable = data.access_token;
        this.emit({ type: "session-refreshed", trigger });
      } catch (e) {
        if (e instanceof GstnError || (e instanceof PlatformHttpError && (e.status === 401 || e.status === 403))) {
          this.keeper.clearTaxpayer();
          throw new SessionExpiredError("session.refresh", "refresh-failed");
        }
        throw e;
      }
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }
}

function invoicesExchange(section: SectionCode, opts: InvoicesOptions): Exchange {
  if (!SECTION_CODES.includes(section)) throw new InvalidRequestError("invoices.list", "section", "not an IMS section");
  if (opts.status !== undefined && !Object.hasOwn(STATUS_FILTERS, opts.status)) throw new InvalidRequestError("invoices.list", "status", "not a status filter");
  const searchParams: Record<string, string> = { section };
  if (opts.status) searchParams.status = opts.status;
  return { path: PATHS.invoices, searchParams };
}

/** The records of a GET invoices answer; the large-section form becomes LargeSectionError. */
function recordsOf<T>(section: SectionCode, opts: InvoicesOptions, answer: SectionAnswer<T>): T {
  if (answer.kind === "large") throw new LargeSectionError("invoices.list", section, opts.status ?? null, answer.estimateMinutes);
  return answer.value;
}

function formatPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`;
  return out === "" ? "(body)" : out;
}

function pathPeriod(endpoint: EndpointName, period: TaxPeriod): { year: string; month: string } {
  if (!isTaxPeriod(period)) throw new InvalidRequestError(endpoint, "period", "not a YYYY-MM period");
  const { year, month } = splitPeriod(period);
  return { year: String(year), month: String(month).padStart(2, "0") };
}

function checkReference(endpoint: EndpointName, referenceId: string): string {
  const id = referenceId.trim();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new InvalidRequestError(endpoint, "referenceId", "not a reference ID");
  return id;
}


