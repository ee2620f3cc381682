/**
 * One exchange with the upstream IMS API (the sandbox or the provider) over node:http(s), with
 * a deadline for the answer. The outcome says how it failed, because that decides what the pane
 * is told: never connected ("down": nothing was sent), connected and then closed without an
 * answer ("dropped": the request may have been processed), or no answer in time ("timeout").
 */
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { Socket } from "node:net";

export type UpstreamOutcome =
  | { kind: "response"; response: IncomingMessage }
  | { kind: "down"; code: string }
  | { kind: "dropped"; code: string }
  | { kind: "timeout" }
  | { kind: "cancelled" };

export interface UpstreamCall {
  method: string;
  /** Relative to the upstream's base URL, no leading slash; may carry a query. */
  path: string;
  headers: Record<string, string>;
  body: Buffer | null;
  /** Until the response headers arrive. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export class Upstream {
  readonly base: URL;
  private readonly agent: http.Agent;

  constructor(baseUrl: string) {
    this.base = new URL(baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
    const options = { keepAlive: true, maxSockets: 32, keepAliveMsecs: 1_000 };
    this.agent = this.base.protocol === "https:" ? new https.Agent(options) : new http.Agent(options);
  }

  /** The upstream URL for a relative path (never outside the base path). */
  target(path: string): URL {
    return new URL(path.replace(/^\/+/, ""), this.base);
  }

  send(call: UpstreamCall): Promise<UpstreamOutcome> {
    return new Promise<UpstreamOutcome>((resolve) => {
      if (call.signal?.aborted) return resolve({ kind: "cancelled" });
      const url = this.target(call.path);
      const lib = url.protocol === "https:" ? https : http;
      const headers: Record<string, string> = { ...call.headers };
      if (call.body) headers["content-length"] = String(call.body.length);
      let settled = false;
      let connected = false;
      const finish = (outcome: UpstreamOutcome) => {
        if (settled) {
          if (outcome.kind === "response") outcome.response.destroy();
          return;
        }
        settled = true;
        clearTimeout(timer);
        call.signal?.removeEventListener("abort", onAbort);
        resolve(outcome);
      };
      const req = lib.request(url, { method: call.method, headers, agent: this.agent });
      const timer = setTimeout(() => {
        finish({ kind: "timeout" });
        req.destroy();
      }, call.timeoutMs);
      const onAbort = () => {
        finish({ kind: "cancelled" });
        req.destroy();
      };
      call.signal?.addEventListener("abort", onAbort, { once: true });
      req.on("socket", (socket: Socket) => {
        if (!socket.connecting) connected = true;
        else socket.once(url.protocol === "https:" ? "secureConnect" : "connect", () => (connected = true));
      });
      req.on("response", (response) => finish({ kind: "response", response }));
      req.on("error", (e: NodeJS.ErrnoException) => {
        const code = typeof e.code === "string" ? e.code : "ERROR";
        finish(connected ? { kind: "dropped", code } : { kind: "down", code });
      });
      req.end(call.body ?? undefined);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Reads a whole (small) body, or null when it is larger than `max` or breaks off. */
export function readAll(stream: IncomingMessage, max: number, idleMs: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const end = (value: Buffer | null) => {
      if (done) return;
      done = true;
      clearTimeout(idle);
      resolve(value);
    };
    const idle = setTimeout(() => {
      end(null);
      stream.destroy();
    }, idleMs);
    stream.on("data", (chunk: Buffer) => {
      idle.refresh();
      size += chunk.length;
      if (size > max) {
        end(null);
        stream.destroy();
        return;
      }
      chunks.push(chunk);
    });
    stream.on("end", () => end(Buffer.concat(chunks)));
    stream.on("error", () => end(null));
    stream.on("close", () => end(done ? null : stream.readableEnded ? Buffer.concat(chunks) : null));
  });
}
