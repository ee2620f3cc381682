/** The IMS API client: everything the rest of the add-in may import from src/api. */
export { ImsClient, type ImsClientOptions, type ApiEvent, type CallOptions, type InvoicesOptions, type SaveItem } from "./client";
export {
  BrowserCredentialStore,
  MemoryCredentialStore,
  DEFAULT_STORAGE_KEY,
  type CredentialStore,
  type StorageLike,
  type StoredCredentials,
  type StoredTaxpayerSession,
} from "./credentials-store";
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
  isImsApiError,
  httpCategory,
  type ApiErrorKind,
  type HttpErrorCategory,
  type ResponseProblem,
  type SessionExpiredReason,
} from "./errors";
export { type EndpointName } from "./endpoints";
export { SlidingWindowLimiter, DEFAULT_LIMIT, type LimiterOptions } from "./limiter";
export { DEFAULT_RETRY, type RetryOptions } from "./retry";
export { poll, DEFAULT_POLL, type PollOptions } from "./poll";
export { rupeesToPaise, paiseToRupees } from "./money";
export { toSaveEntry, toResetEntry, toSubmitBody, type WireEntry, type SubmitBody } from "./convert";
export * from "./types";
