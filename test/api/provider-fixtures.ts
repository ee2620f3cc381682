/** The provider's documented exchanges (test/api/fixtures/provider/), typed for the tests. */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface FixtureSource {
  repository: string;
  file: string;
  at: string;
  commit?: string;
  note?: string;
}

export interface FixtureRequest {
  method: "GET" | "POST";
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  requiredHeaders?: string[];
}

export interface FixtureResponse {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface ProviderFixture {
  source: FixtureSource;
  request: FixtureRequest;
  response?: FixtureResponse;
  responses?: Record<string, FixtureResponse>;
}

const DIR = join(__dirname, "fixtures", "provider");

export function fixture(name: string): ProviderFixture {
  const f = JSON.parse(readFileSync(join(DIR, `${name}.json`), "utf8")) as ProviderFixture;
  if (!f.source?.repository || !f.source.file || !f.source.at) throw new Error(`${name}: every fixture names its source`);
  return f;
}

/** The single documented answer, or the one named. */
export function answer(f: ProviderFixture, name?: string): FixtureResponse {
  const r = name === undefined ? f.response : f.responses?.[name];
  if (!r) throw new Error(`fixture has no answer ${name ?? "(single)"}`);
  return r;
}

/** The payload inside the GSTN success envelope (data.data). */
export function payloadOf(r: FixtureResponse): Record<string, unknown> {
  return (r.body as { data: { data: Record<string, unknown> } }).data.data;
}

// ---- a crafted provider (self-contained, so these tests do not depend on the other helpers) ----

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MemorySessionStore } from "../../src/api";

export type ProviderHandler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

export interface CraftedProvider {
  url: string;
  seen: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[];
  handle(h: ProviderHandler): void;
  close(): Promise<void>;
}

export async function craftedProvider(): Promise<CraftedProvider> {
  let handler: ProviderHandler = (_req, _body, res) => {
    res.writeHead(500);
    res.end();
  };
  const seen: CraftedProvider["seen"] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      seen.push({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body });
      try {
        handler(req, body, res);
      } catch {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    handle: (h) => {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export const TEST_TAXPAYER_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0YXhwYXllciJ9.c2lnbmF0dXJlLXRheHBheWVy";

/** A session store as if the taxpayer had signed in an hour ago. */
export function signedInSession(gstin: string): MemorySessionStore {
  const store = new MemorySessionStore();
  store.save({ gstin, username: "doc.user", token: TEST_TAXPAYER_TOKEN, tokenExpiry: Date.now() + 3_600_000, sessionExpiry: Date.now() + 3_600_000 });
  return store;
}
