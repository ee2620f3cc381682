/**
 * The errors the client throws. Each names the endpoint and carries what the UI needs to
 * explain it; none carries a token, secret, API key, header or raw response body.
 * Switch on `kind` (or use instanceof).
 */
import type { EndpointName } from "./endpoints";
import { scrubTokens } from "./redact";
import type { SectionCode, StatusFilter } from "../ims/sections";
import type { RequestState, SubmitItem, SubmitOperation } from "./types";

export type ApiErrorKind =
  | "network"
  | "timeout"
  | "aborted"
  | "http"
  | "gstn"
  | "session-expired"
  | "invalid-response"
  | "invalid-request"
  | "outcome-unknown"
  | "deadline"
  | "large-section";

export abstract class ImsApiError extends Error {
  abstract readonly kind: ApiErrorKind;

  protected constructor(
    readonly endpoint: EndpointName | null,
    message: string,
  ) {
    super(scrubTokens(message));
  }

  /** A plain, credential-free description (what JSON.stringify and loggers see). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, kind: this.kind, endpoint: this.endpoint, message: this.message };
    for (const [k, v] of Object.entries(this)) if (!(k in out) && isPlain(v)) out[k] = v;
    return out;
  }
}

function isPlain(v: unknown): boolean {
  return v === null || ["string", "number", "boolean"].includes(typeof v);
}

/** The request never got an answer: DNS, refused or reset connection, socket closed mid-response. */
export class NetworkError extends ImsApiError {
  readonly kind = "network";
  override readonly name = "NetworkError";
  constructor(endpoint: EndpointName, detail: string) {
    super(endpoint, `${endpoint}: could not reach the IMS API (${detail})`);
  }
}

export class RequestTimeoutError extends ImsApiError {
  readonly kind = "timeout";
  override readonly name = "RequestTimeoutError";
  constructor(
    endpoint: EndpointName,
    readonly timeoutMs: number,
  ) {
    super(endpoint, `${endpoint}: no complete answer from the IMS API within ${timeoutMs} ms`);
  }
}

/** The caller's AbortSignal fired. */
export class RequestAbortedError extends ImsApiError {
  readonly kind = "aborted";
  override readonly name = "RequestAbortedError";
  constructor(endpoint: EndpointName | null) {
    super(endpoint, `${endpoint ?? "request"}: cancelled`);
  }
}

export type HttpErrorCategory =
  | "bad-request"
  | "unauthorized"
  | "forbidden"
  | "not-found"
  | "payload-too-large"
  | "unprocessable"
  | "rate-limited"
  | "server"
  | "other";

export function httpCategory(status: number): HttpErrorCategory {
  if (status === 400) return "bad-request";
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not-found";
  if (status === 413) return "payload-too-large";
  if (status === 422) return "unprocessable";
  if (status === 429) return "rate-limited";
  if (status >= 500 && status <= 599) return "server";
  return "other";
}

/** The provider's platform answered with an HTTP error status: `{code, message}`. */
export class PlatformHttpError extends ImsApiError {
  readonly kind = "http";
  override readonly name: string = "PlatformHttpError";
  readonly category: HttpErrorCategory;
  readonly serverMessage: string;
  constructor(
    endpoint: EndpointName,
    readonly status: number,
    serverMessage: string,
  ) {
    const text = scrubTokens(serverMessage);
    super(endpoint, `${endpoint}: HTTP ${status}${text ? ` — ${text}` : ""}`);
    this.category = httpCategory(status);
    this.serverMessage = text;
  }
}

/** 429 that could not be waited out (too many times, or asked to wait longer than allowed). */
export class RateLimitedError extends PlatformHttpError {
  override readonly name = "RateLimitedError";
  constructor(
    endpoint: EndpointName,
    serverMessage: string,
    /** How long the provider asked to wait, ms; null when it did not say. */
    readonly retryAfterMs: number | null,
  ) {
    super(endpoint, 429, serverMessage);
  }
}

/** A GSTN business error passed through by the provider: HTTP 200, data.status_cd "0". */
export class GstnError extends ImsApiError {
  readonly kind = "gstn";
  override readonly name = "GstnError";
  readonly serverMessage: string;
  constructor(
    endpoint: EndpointName,
    readonly errorCode: string,
    serverMessage: string,
  ) {
    const text = scrubTokens(serverMessage);
    super(endpoint, `${endpoint}: GSTN ${errorCode}${text ? ` — ${text}` : ""}`);
    this.serverMessage = text;
  }
}

/**
 * - not-signed-in: no session to use.
 * - expired: the provider refused the token (403) even after a refresh.
 * - refresh-failed: the session could not be renewed.
 * - ended: GSTN said, inside an HTTP 200, that the GST session is over (AUTH4033 "Invalid
 *   Session", AUTH4038 "Session Expired"); `gstnCode` says which.
 */
export type SessionExpiredReason = "not-signed-in" | "expired" | "refresh-failed" | "ended";

/** The taxpayer (or platform) session is gone: the user has to sign in again. */
export class SessionExpiredError extends ImsApiError {
  readonly kind = "session-expired";
  override readonly name = "SessionExpiredError";
  constructor(
    endpoint: EndpointName | null,
    readonly reason: SessionExpiredReason,
    /** The GSTN code that ended it (reason "ended"), else null. */
    readonly gstnCode: string | null = null,
  ) {
    const why =
      reason === "not-signed-in"
        ? "not signed in"
        : reason === "expired"
          ? "the session has expired"
          : reason === "ended"
            ? `the GST session has ended${gstnCode ? ` (${gstnCode})` : ""}`
            : "the session could not be renewed";
    super(endpoint, `${endpoint ?? "IMS API"}: ${why}; sign in again`);
  }
}

/**
 * GET invoices answered with GSTN's large-section form `{token, est}` instead of records: the
 * section (with this status filter) is too large for one answer, and GSTN would prepare it as
 * a file (in about `estimateMinutes`). The provider documents no way to download that file,
 * so nothing of the section came. Split the request (by status filter) or tell the user.
 * The token itself is not kept: nothing here can use it.
 */
export class LargeSectionError extends ImsApiError {
  readonly kind = "large-section";
  override readonly name = "LargeSectionError";
  constructor(
    endpoint: EndpointName,
    readonly section: SectionCode,
    /** The status filter of the request; null for the whole section. */
    readonly status: StatusFilter | null,
    /** GSTN's estimate of when its file would be ready, minutes; null when it gave none. */
    readonly estimateMinutes: number | null,
  ) {
    super(endpoint, `${endpoint}: ${section}${status ? ` (${status})` : ""} is too large for one answer; GSTN offered a file download instead${estimateMinutes !== null ? ` (ready in about ${estimateMinutes} min)` : ""}, which the IMS API does not provide`);
  }
}

export type ResponseProblem = "not-json" | "too-large" | "schema";

/** The response was not what the contract says; nothing of it reaches the caller. */
export class ResponseValidationError extends ImsApiError {
  readonly kind = "invalid-response";
  override readonly name = "ResponseValidationError";
  constructor(
    endpoint: EndpointName,
    readonly problem: ResponseProblem,
    /** Dotted path of the offending field ("data.data.b2b[3].txval"); "(body)" for the body as a whole. */
    readonly field: string,
    readonly detail: string,
    readonly httpStatus: number,
  ) {
    super(endpoint, `${endpoint}: unexpected response at ${field}: ${detail}`);
  }
}

/** What the caller asked to send cannot be put on the wire (e.g. paise that are not whole). */
export class InvalidRequestError extends ImsApiError {
  readonly kind = "invalid-request";
  override readonly name = "InvalidRequestError";
  constructor(
    endpoint: EndpointName | null,
    readonly field: string,
    readonly detail: string,
  ) {
    super(endpoint, `${endpoint ?? "request"}: cannot send ${field}: ${detail}`);
  }
}

/**
 * A save, reset or GSTR-2B regeneration may or may not have been applied: the request went
 * out and no usable answer came back (lost connection, timeout, 5xx, unreadable 200). It is
 * never retried automatically: re-reading the portal settles it.
 */
export class OutcomeUnknownError extends ImsApiError {
  readonly kind = "outcome-unknown";
  override readonly name = "OutcomeUnknownError";
  readonly causeKind: ApiErrorKind;
  readonly itemCount: number;
  constructor(
    endpoint: EndpointName,
    readonly operation: SubmitOperation | "regenerate",
    /** The records that were sent (empty for a regeneration). */
    readonly items: readonly SubmitItem[],
    readonly underlying: ImsApiError,
  ) {
    super(endpoint, `${endpoint}: the ${operation} request may or may not have been applied (${underlying.kind}); re-read the portal before trying again`);
    this.causeKind = underlying.kind;
    this.itemCount = items.length;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), underlying: this.underlying.toJSON() };
  }
}

/** Polling gave up: the deadline passed while the request still read in progress. */
export class PollDeadlineError extends ImsApiError {
  readonly kind = "deadline";
  override readonly name = "PollDeadlineError";
  constructor(
    endpoint: EndpointName,
    readonly referenceId: string,
    readonly deadlineMs: number,
    readonly lastState: RequestState | null,
  ) {
    super(endpoint, `${endpoint}: request ${referenceId} still ${lastState ?? "unanswered"} after ${deadlineMs} ms`);
  }
}

export function isImsApiError(e: unknown): e is ImsApiError {
  return e instanceof ImsApiError;
}
