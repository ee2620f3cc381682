/**
 * One HTTP exchange through ky: headers, JSON body, a timeout that covers the whole
 * exchange (headers and body), cancellation, and a cap on the response size. No retries,
 * no interpretation: the client decides what a status means.
 */
import ky, { type KyInstance } from "ky";
import type { EndpointName } from "./endpoints";
import { NetworkError, RequestAbortedError, RequestTimeoutError, ResponseValidationError } from "./errors";
import { scrubTokens } from "./redact";

export interface Exchange {
  endpoint: EndpointName;
  method: "GET" | "POST";
  /** Relative to the base URL, no leading slash. */
  path: string;
  headers: Record<string, string>;
  searchParams?: Record<string, string>;
  json?: unknown;
  timeoutMs: number;
  maxResponseBytes: number;
  signal?: AbortSignal;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

export class Transport {
  private readonly ky: KyInstance;

  constructor(baseUrl: string, fetchImpl?: typeof fetch) {
    this.ky = ky.create({
      prefixUrl: baseUrl.replace(/\/+$/, ""),
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
  }

  async send(x: Exchange): Promise<RawResponse> {
    if (x.signal?.aborted) throw new RequestAbortedError(x.endpoint);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, x.timeoutMs);
    const onCallerAbort = () => controller.abort();
    x.signal?.addEventListener("abort", onCallerAbort, { once: true });
    const failure = (e: unknown) => {
      if (timedOut) return new RequestTimeoutError(x.endpoint, x.timeoutMs);
      if (x.signal?.aborted) return new RequestAbortedError(x.endpoint);
      if (e instanceof ResponseValidationError) return e;
      return new NetworkError(x.endpoint, describe(e));
    };
    try {
      const response = await this.ky(x.path, {
        method: x.method,
        headers: x.headers,
        ...(x.searchParams ? { searchParams: x.searchParams } : {}),
        ...(x.json !== undefined ? { json: x.json } : {}),
        signal: controller.signal,
      });
      const text = await readCapped(response, x.maxResponseBytes, x.endpoint);
      return { status: response.status, headers: response.headers, text };
    } catch (e) {
      throw failure(e);
    } finally {
      clearTimeout(timer);
      x.signal?.removeEventListener("abort", onCallerAbort);
    }
  }
}

async function readCapped(response: Response, maxBytes: number, endpoint: EndpointName): Promise<string> {
  const tooLarge = () => new ResponseValidationError(endpoint, "too-large", "(body)", `the response is larger than ${maxBytes} bytes`, response.status);
  const declared = Number(response.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder("utf-8").decode(all);
}

/** A short, credential-free reason for a failed fetch ("ECONNREFUSED", "other side closed"). */
function describe(e: unknown): string {
  const cause = (e as { cause?: unknown } | null)?.cause;
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === "string") return code;
  const causeMessage = (cause as { message?: unknown } | null)?.message;
  if (typeof causeMessage === "string" && causeMessage) return scrubTokens(causeMessage).slice(0, 120);
  const message = (e as { message?: unknown } | null)?.message;
  return typeof message === "string" && message ? scrubTokens(message).slice(0, 120) : "connection failed";
}
