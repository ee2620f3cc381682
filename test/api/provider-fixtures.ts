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

// ---- a crafted provider ----

import type { ServerResponse } from "node:http";
import { MemorySessionStore } from "../../src/api";

export { craftedServer as craftedProvider, type Crafted as CraftedProvider, type Handler as ProviderHandler } from "./helpers";

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
