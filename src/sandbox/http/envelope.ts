/** The provider's response envelopes (ims-api-contract.md §1.2). */
import { randomUUID } from "node:crypto";

export interface HttpReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** HTTP 200 with the GSTN payload wrapped twice: data.data, data.status_cd "1". */
export function gstnSuccess(payload: unknown, now: number): HttpReply {
  return { status: 200, body: { code: 200, data: { data: payload, status_cd: "1" }, timestamp: now, transaction_id: randomUUID() } };
}

/** A GSTN business error: still HTTP 200, data.status_cd "0". */
export function gstnError(errorCode: string, message: string, now: number): HttpReply {
  return {
    status: 200,
    body: { code: 200, data: { status_cd: "0", error: { error_cd: errorCode, message } }, timestamp: now, transaction_id: randomUUID() },
  };
}

/** A platform success whose data is not GSTN-wrapped (authenticate, OTP). */
export function platformSuccess(data: unknown, now: number): HttpReply {
  return { status: 200, body: { code: 200, data, timestamp: now, transaction_id: randomUUID() } };
}

export function platformError(status: number, message: string, now: number, headers?: Record<string, string>): HttpReply {
  return { status, body: { code: status, message, timestamp: now, transaction_id: randomUUID() }, ...(headers ? { headers } : {}) };
}

/** Thrown anywhere inside a handler to answer with a platform error. */
export class PlatformError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** Thrown anywhere inside a handler to answer with a GSTN business error. */
export class BusinessError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}
