/**
 * One JSON line per request: time, GSTIN, method, endpoint (the path without its query, so no
 * OTP or reference ID), status, duration and time spent waiting for the pacer. Never a header, a
 * body, a key or a token; and every line is scrubbed of the known secrets besides.
 */
import { scrub } from "../api/redact";

export interface RequestLogEntry {
  gstin: string | null;
  method: string;
  endpoint: string;
  status: number;
  durationMs: number;
  queuedMs?: number;
  /** What happened when it was not a plain answer: "upstream-timeout", "upstream-down", "client-closed", … */
  outcome?: string;
}

export type LogSink = (line: string) => void;

export class RequestLog {
  constructor(
    private readonly sink: LogSink,
    private readonly secrets: () => string[],
  ) {}

  write(entry: RequestLogEntry): void {
    const line = JSON.stringify({ time: new Date().toISOString(), ...entry });
    try {
      this.sink(scrub(line, this.secrets()));
    } catch {
      // logging must never break a request
    }
  }
}

export const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};
