/**
 * The endpoint catalogue: how each call authenticates, which envelope it answers in, and
 * how it may be repeated. Paths are relative to the base URL (no leading slash, for ky).
 */
export type EndpointName =
  | "authenticate"
  | "otp.generate"
  | "otp.verify"
  | "session.refresh"
  | "invoices.count"
  | "invoices.list"
  | "invoices.save"
  | "invoices.reset"
  | "invoices.status"
  | "supplier.sales"
  | "supplier.addedBack"
  | "gstr2b.regenerate"
  | "gstr2b.status";

/**
 * - read: safe to repeat after any failure.
 * - submit: changes portal state; once it may have reached the portal it is never repeated
 *   (a lost response becomes OutcomeUnknownError).
 * - session: consumes an OTP or rotates a token; not repeated either, but a failure is just
 *   the error (the caller signs in again).
 */
export type RetryClass = "read" | "submit" | "session";

/**
 * - gstn: data.status_cd "1" with the payload in data.data, or "0" with data.error.
 * - platform-gstn: the OTP/session calls: data itself carries status_cd and the payload fields.
 * - platform: data is the payload (authenticate).
 */
export type EnvelopeKind = "gstn" | "platform-gstn" | "platform";

export interface EndpointSpec {
  name: EndpointName;
  method: "GET" | "POST";
  /** secret: x-api-key + x-api-secret; platform: the 24 h platform token; taxpayer: the OTP session token. */
  auth: "secret" | "platform" | "taxpayer";
  retry: RetryClass;
  envelope: EnvelopeKind;
  /** GSTN codes that mean "nothing found": an empty result, not a failure. */
  emptyCodes: readonly string[];
}

const TAXPAYER = "gst/compliance/tax-payer";

export const PATHS = {
  authenticate: "authenticate",
  otpGenerate: `${TAXPAYER}/otp`,
  otpVerify: `${TAXPAYER}/otp/verify`,
  sessionRefresh: `${TAXPAYER}/session/refresh`,
  counts: `${TAXPAYER}/invoices/count`,
  invoices: `${TAXPAYER}/invoices`,
  save: `${TAXPAYER}/invoices/status/save`,
  reset: `${TAXPAYER}/invoices/status/reset`,
  status: `${TAXPAYER}/invoices/status`,
  sales: (year: string, month: string) => `${TAXPAYER}/invoices/${year}/${month}/sales`,
  addedBack: (year: string, month: string) => `${TAXPAYER}/invoices/added-back-liabilities/${year}/${month}`,
  regenerate: (year: string, month: string) => `${TAXPAYER}/gstrs/gstr-2b/${year}/${month}/regenerate`,
  /**
   * GSTR-2B regeneration status: GET with ?reference_id=, no period in the path (the
   * provider's page `gstr_2b_regeneration_status`: `GET /gst/compliance/tax-payer/gstrs/gstr-2b/regenerate`).
   */
  regenerateStatus: `${TAXPAYER}/gstrs/gstr-2b/regenerate`,
} as const;

/**
 * Sent as x-api-version on every call. The provider's OpenAPI document gives "1.0.0" as the
 * default, and marks the header required on the supplier views (sales, added-back).
 */
export const DEFAULT_API_VERSION = "1.0.0";

/**
 * GSTN codes that, inside an HTTP 200 on a call made with the taxpayer's session, mean the
 * GST session itself has ended ("Invalid Session", "Session Expired"): sign in again with a
 * new OTP. On the OTP verify call, AUTH4033 means the OTP was not accepted instead.
 */
export const SESSION_ENDED_CODES: readonly string[] = ["AUTH4033", "AUTH4038"];

const NO_RECORDS = ["RET11416"] as const;

export const ENDPOINTS: Readonly<Record<EndpointName, EndpointSpec>> = {
  authenticate: { name: "authenticate", method: "POST", auth: "secret", retry: "read", envelope: "platform", emptyCodes: [] },
  "otp.generate": { name: "otp.generate", method: "POST", auth: "platform", retry: "session", envelope: "platform-gstn", emptyCodes: [] },
  "otp.verify": { name: "otp.verify", method: "POST", auth: "platform", retry: "session", envelope: "platform-gstn", emptyCodes: [] },
  "session.refresh": { name: "session.refresh", method: "POST", auth: "taxpayer", retry: "session", envelope: "platform-gstn", emptyCodes: [] },
  "invoices.count": { name: "invoices.count", method: "GET", auth: "taxpayer", retry: "read", envelope: "gstn", emptyCodes: NO_RECORDS },
  "invoices.list": { name: "invoices.list", method: "GET", auth: "taxpayer", retry: "read", envelope: "gstn", emptyCodes: NO_RECORDS },
  "invoices.save": { name: "invoices.save", method: "POST", auth: "taxpayer", retry: "submit", envelope: "gstn", emptyCodes: [] },
  "invoices.reset": { name: "invoices.reset", method: "POST", auth: "taxpayer", retry: "submit", envelope: "gstn", emptyCodes: [] },
  "invoices.status": { name: "invoices.status", method: "GET", auth: "taxpayer", retry: "read", envelope: "gstn", emptyCodes: [] },
  "supplier.sales": { name: "supplier.sales", method: "GET", auth: "taxpayer", retry: "read", envelope: "gstn", emptyCodes: NO_RECORDS },
  "supplier.addedBack": { name: "supplier.addedBack", method: "GET", auth: "taxpayer", retry: "read", envelope: "gstn", emptyCodes: ["IMS0027", "RET11416"] },
  "gstr2b.regenerate": { name: "gstr2b.regenerate", method: "POST", auth: "taxpayer", retry: "submit", envelope: "gstn", emptyCodes: [] },
  "gstr2b.status": { name: "gstr2b.status", method: "GET", auth: "taxpayer", retry: "read", envelope: "gstn", emptyCodes: [] },
};
