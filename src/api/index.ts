/** The IMS API client: everything the rest of the add-in may import from src/api. */
export { ImsClient, type ImsClientOptions, type ApiEvent, type CallOptions, type InvoicesOptions, type SaveItem } from "./client";
export { MemorySessionStore, type StoredTaxpayerSession, type StorageLike } from "./session";
export { readUpstream, ACCESS_KEY_HEADER, type UpstreamInfo, type UpstreamAnswer } from "./upstream";
export {
  ImsApiError,
  NetworkError,
  RequestTimeoutError,
  RequestAbortedError,
  PlatformHttpError,
  RateLimitedError,
  GstnError,
  SessionExpiredError,
  ResponseValidationError,
  InvalidRequestError,
  OutcomeUnknownError,
  PollDeadlineError,
  LargeSectionError,
  isImsApiError,
  httpCategory,
  type ApiErrorKind,
  type HttpErrorCategory,
  type ResponseProblem,
  type SessionExpiredReason,
} from "./errors";
export { type EndpointName, DEFAULT_API_VERSION, SESSION_ENDED_CODES } from "./endpoints";
export { SlidingWindowLimiter, DEFAULT_LIMIT, type LimiterOptions } from "./limiter";
export { DEFAULT_RETRY, type RetryOptions } from "./retry";
export { poll, DEFAULT_POLL, type PollOptions } from "./poll";
export { rupeesToPaise, rupeesToPaiseRounded, paiseToRupees } from "./money";
export { toSaveEntry, toResetEntry, toSubmitBody, type WireEntry, type SubmitBody } from "./convert";
export * from "./types";
