import type { IncomingHttpHeaders } from "node:http";
import type { Params } from "../http/router";
import type { HttpReply } from "../http/envelope";
import { PlatformError } from "../http/envelope";
import type { TaxpayerClaims } from "../auth";
import { makePeriod, type TaxPeriod } from "../../ims/periods";

export interface RequestContext {
  params: Params;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** Real time (tokens, envelopes); the portal calendar is the Portal clock. */
  now: number;
  /** The taxpayer session of this request (403 when there is none). */
  taxpayer(): TaxpayerClaims;
}

export type Handler = (ctx: RequestContext) => HttpReply;

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function requiredQuery(ctx: RequestContext, name: string): string {
  const v = ctx.query.get(name);
  if (v === null || v === "") throw new PlatformError(400, `Missing query parameter ${name}`);
  return v;
}

/** The {year}/{month} path parameters as a tax period. */
export function pathPeriod(ctx: RequestContext): TaxPeriod {
  const year = ctx.params.year ?? "";
  const month = ctx.params.month ?? "";
  if (!/^\d{4}$/.test(year) || !/^(0?[1-9]|1[0-2])$/.test(month)) throw new PlatformError(400, `Invalid period ${year}/${month}: expected YYYY/MM`);
  return makePeriod(Number(year), Number(month));
}

export function bodyObject(ctx: RequestContext): Record<string, unknown> {
  if (typeof ctx.body !== "object" || ctx.body === null || Array.isArray(ctx.body)) throw new PlatformError(422, "Request body must be a JSON object");
  return ctx.body as Record<string, unknown>;
}
