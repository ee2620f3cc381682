/** Turns any error the application meets into plain words and what to do next. */
import {
  GstnError,
  InvalidRequestError,
  isImsApiError,
  LargeSectionError,
  NetworkError,
  OutcomeUnknownError,
  PlatformHttpError,
  PollDeadlineError,
  RateLimitedError,
  RequestAbortedError,
  RequestTimeoutError,
  ResponseValidationError,
  SessionExpiredError,
} from "../api";
import type { ExplainedError } from "./types";
import { PullInterruptedError, TypedEntriesPendingError } from "../workbook";
import { OutcomesNotWrittenError } from "./submit";

/** Errors of the application layer itself, with a message already meant for people. */
export class AppError extends Error {
  constructor(
    message: string,
    readonly detail: string,
    readonly action: ExplainedError["action"] = "none",
  ) {
    super(message);
    this.name = "AppError";
  }
}

const GSTN_WORDS: Record<string, string> = {
  AUTH4033: "The OTP was not accepted. Check the code sent to the taxpayer's mobile and try again.",
  RETOTPREQUEST: "The OTP has expired or was not requested. Send a new OTP.",
  IMS2B007: "GSTR-2B of this period cannot be recomputed: the period is wrong or GSTR-3B is already filed.",
  IMS2B009: "The draft GSTR-2B of this period is not available yet (it is generated on the 14th of the next month).",
  IMS0004: "There are no records in this GSTR-2B period to recompute.",
  IMS0005: "Nothing changed since GSTR-2B was last generated, so the portal did not recompute it.",
  SIM009: "Too many records in one request. Lower the batch size in settings.",
  SIM013: "The username and GSTIN do not match a taxpayer with API access. Check both, and that API access is enabled on the GST portal.",
};

export function explainError(error: unknown): ExplainedError {
  if (error instanceof AppError) return { kind: "unexpected", title: error.message, detail: error.detail, action: error.action };
  if (error instanceof OutcomesNotWrittenError) {
    return { kind: "excel", title: "Sent, but the outcome is not on the rows yet", detail: error.message, action: "retry" };
  }
  if (error instanceof PullInterruptedError) {
    return { kind: "excel", title: "The pull did not finish", detail: error.message, action: "retry" };
  }
  if (error instanceof TypedEntriesPendingError) {
    return { kind: "excel", title: "Pulled; some entries typed during it are not back on their rows yet", detail: error.message, action: "retry" };
  }
  if (isExcelError(error)) {
    return { kind: "excel", title: "Excel could not complete the change", detail: `${error.message} Try again; if it repeats, save the workbook and reopen it.`, action: "retry" };
  }
  if (!isImsApiError(error)) {
    const text = error instanceof Error ? error.message : String(error);
    return { kind: "unexpected", title: "Something went wrong", detail: text, action: "retry" };
  }
  if (error instanceof SessionExpiredError) {
    return { kind: error.kind, title: "Your GST session has ended", detail: "Sign in again with a new OTP. Your sheets and unsent entries are kept.", action: "sign-in-again" };
  }
  if (error instanceof LargeSectionError) {
    const part = error.status ? ` (${error.status.replace(/_/g, " ")})` : "";
    return {
      kind: error.kind,
      title: `${error.section}${part} is too large for one answer from the portal`,
      detail: "GSTN offers that much only as a file download, which the IMS API does not provide. Nothing was written to the workbook. Pull the section by status, or use the GST portal for it.",
      action: "none",
    };
  }
  if (error instanceof RateLimitedError) {
    const wait = error.retryAfterMs ? ` It asked to wait ${Math.ceil(error.retryAfterMs / 1000)} s.` : "";
    return { kind: error.kind, title: "The IMS API is busy", detail: `Too many requests were made in the last minute; the add-in waits and retries by itself.${wait}`, action: "wait", retryAfterMs: error.retryAfterMs };
  }
  if (error instanceof PlatformHttpError) {
    const words: Record<string, string> = {
      unauthorized: "The IMS API refused the add-in server's API key or secret. Whoever runs the add-in server must check them.",
      forbidden: "The IMS API refused access. Sign in again; if it repeats, check that API access is enabled for this GSTIN.",
      "payload-too-large": "The request was too large for the IMS API. Lower the batch size and try again.",
      "rate-limited": "The IMS API is busy; the add-in waits and retries by itself.",
      server: "The IMS API or the GST system is having trouble. Try again in a few minutes.",
    };
    // 502 and 504 come from the add-in server when the IMS API is down or too slow: its message says which.
    const gateway = (error.status === 502 || error.status === 504) && error.serverMessage ? `${error.serverMessage}. Try again in a few minutes.` : null;
    const detail = gateway ?? words[error.category] ?? `The IMS API answered HTTP ${error.status}: ${error.serverMessage}`;
    const action = error.category === "unauthorized" ? "check-settings" : error.category === "forbidden" ? "sign-in-again" : "retry";
    return { kind: error.kind, title: `The IMS API refused the request (HTTP ${error.status})`, detail, action };
  }
  if (error instanceof GstnError) {
    return { kind: error.kind, title: `The GST portal said ${error.errorCode}`, detail: GSTN_WORDS[error.errorCode] ?? error.serverMessage, action: "none" };
  }
  if (error instanceof NetworkError) {
    return { kind: error.kind, title: "Cannot reach the IMS API", detail: "Check the network (and that the add-in server is running), then try again.", action: "retry" };
  }
  if (error instanceof RequestTimeoutError || error instanceof PollDeadlineError) {
    return { kind: error.kind, title: "The IMS API is taking too long", detail: "Nothing is lost: rows already sent keep their reference IDs and are followed up when you try again.", action: "retry" };
  }
  if (error instanceof RequestAbortedError) {
    return { kind: error.kind, title: "Cancelled", detail: "The work was stopped; the workbook is consistent.", action: "none" };
  }
  if (error instanceof OutcomeUnknownError) {
    return { kind: error.kind, title: "No answer to a submission", detail: "The add-in checks the portal to find out what was applied. Try again to settle it.", action: "retry" };
  }
  if (error instanceof ResponseValidationError) {
    return { kind: error.kind, title: "The IMS API sent an answer the add-in does not understand", detail: `Nothing was written to the workbook. (${error.message})`, action: "retry" };
  }
  if (error instanceof InvalidRequestError) {
    return { kind: error.kind, title: "A row could not be sent", detail: error.message, action: "none" };
  }
  return { kind: error.kind, title: "Something went wrong", detail: error.message, action: "retry" };
}

/** Office.js reports failures as OfficeExtension.Error ("RichApi.Error"). */
function isExcelError(error: unknown): error is Error {
  const officeError = (globalThis as { OfficeExtension?: { Error?: unknown } }).OfficeExtension?.Error;
  if (typeof officeError === "function" && error instanceof (officeError as new () => Error)) return true;
  return error instanceof Error && error.name === "RichApi.Error";
}
