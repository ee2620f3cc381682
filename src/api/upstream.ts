/**
 * The add-in server's own corner of /api: which IMS API it forwards to ("local sandbox, demo
 * data" or the provider), and the access key a shared server asks every pane for. Everything
 * else under /api is the provider's IMS API, forwarded by the server with its credentials.
 */
import ky from "ky";
import { z } from "zod";
import { scrubTokens } from "./redact";

/** The header a pane presents to a server that has an access key (a shared host). */
export const ACCESS_KEY_HEADER = "x-ims-access-key";
/** GET {api}/_upstream */
export const UPSTREAM_PATH = "_upstream";

const frequency = z.enum(["monthly", "quarterly"]);

export const upstreamInfoSchema = z.object({
  kind: z.enum(["sandbox", "provider"]),
  /** In words, for the pane: "local sandbox, demo data" or "IMS API provider (api.sandbox.co.in)". */
  label: z.string().min(1),
  /** The upstream's host (no credentials, no path). */
  host: z.string(),
  accessKeyRequired: z.boolean(),
  /** The sandbox's demo taxpayers and OTP (sandbox only). */
  demo: z
    .object({
      otp: z.string(),
      taxpayers: z.array(z.object({ gstin: z.string(), username: z.string(), frequency })),
    })
    .optional(),
});
export type UpstreamInfo = z.infer<typeof upstreamInfoSchema>;

/** The body of the server's own refusals (`error` says which). */
export const serverRefusalSchema = z.object({
  code: z.number(),
  message: z.string(),
  error: z.enum(["access-key-required", "access-key-refused", "not-allowed", "upstream-down", "upstream-timeout", "busy", "bad-request", "not-found"]),
});
export type ServerRefusal = z.infer<typeof serverRefusalSchema>;

export type UpstreamAnswer =
  | { status: "ready"; upstream: UpstreamInfo }
  /** `refused`: a key was presented and it was wrong. */
  | { status: "access-key-needed"; refused: boolean }
  | { status: "unreachable"; detail: string };

export interface ReadUpstreamOptions {
  accessKey?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Asks the add-in server which IMS API it works against. Never throws. */
export async function readUpstream(apiBaseUrl: string, options: ReadUpstreamOptions = {}): Promise<UpstreamAnswer> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.accessKey) headers[ACCESS_KEY_HEADER] = options.accessKey;
  try {
    const res = await ky.get(`${apiBaseUrl.replace(/\/+$/, "")}/${UPSTREAM_PATH}`, {
      headers,
      retry: 1,
      timeout: options.timeoutMs ?? 15_000,
      throwHttpErrors: false,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    const body: unknown = await res.json().catch(() => null);
    if (res.status === 200) {
      const info = upstreamInfoSchema.safeParse(body);
      return info.success ? { status: "ready", upstream: info.data } : { status: "unreachable", detail: "the add-in server's answer was not understood" };
    }
    const refusal = serverRefusalSchema.safeParse(body);
    if (res.status === 401 && refusal.success && refusal.data.error.startsWith("access-key")) {
      return { status: "access-key-needed", refused: refusal.data.error === "access-key-refused" };
    }
    return { status: "unreachable", detail: refusal.success ? scrubTokens(refusal.data.message) : `HTTP ${res.status}` };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { status: "unreachable", detail: scrubTokens(message).slice(0, 200) };
  }
}
