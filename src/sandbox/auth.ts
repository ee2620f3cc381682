/**
 * Two-level auth as the provider does it: an API key + secret buy a 24 h platform token;
 * the platform token plus an OTP buy a 6 h taxpayer token bound to one GSTIN. Tokens are
 * HMAC-signed JWTs, so they survive a restart; refreshed-away tokens are revoked by id.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { ApiCredential } from "./config";
import { PlatformError } from "./http/envelope";

export interface PlatformClaims {
  intent: "PLATFORM";
  api_key: string;
  iat: number;
  exp: number;
  jti: string;
}

export interface TaxpayerClaims {
  intent: "ACCESS_TOKEN";
  sub: string;
  aud: "API";
  iss: "gst.gov.in";
  source: string;
  api_key: string;
  username: string;
  iat: number;
  exp: number;
  jti: string;
  /** When the API-access duration granted on the portal runs out; refreshes stop there. */
  session_limit: number;
}

type Claims = PlatformClaims | TaxpayerClaims;

export function newTokenSecret(): string {
  return randomBytes(32).toString("hex");
}

export class TokenSigner {
  constructor(private readonly secret: string) {}

  sign(claims: Claims): string {
    const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
    const payload = base64url(JSON.stringify(claims));
    return `${header}.${payload}.${this.mac(`${header}.${payload}`)}`;
  }

  /** The claims of a well-formed token signed by us, or null. Expiry is the caller's business. */
  verify(token: string): Claims | null {
    const parts = token.split(".");
    if (parts.length !== 3) return null;
    const [header, payload, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.mac(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Claims;
      return typeof claims === "object" && claims !== null && typeof claims.exp === "number" ? claims : null;
    } catch {
      return null;
    }
  }

  private mac(data: string): string {
    return createHmac("sha256", this.secret).update(data).digest("base64url");
  }
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

export function newTokenId(): string {
  return randomUUID();
}

export function checkApiKey(credentials: readonly ApiCredential[], apiKey: string | undefined): void {
  if (!apiKey) throw new PlatformError(401, "Missing x-api-key header");
  if (!credentials.some((c) => c.apiKey === apiKey)) throw new PlatformError(401, "Invalid API key");
}

export function checkApiSecret(credentials: readonly ApiCredential[], apiKey: string | undefined, apiSecret: string | undefined): void {
  checkApiKey(credentials, apiKey);
  const credential = credentials.find((c) => c.apiKey === apiKey);
  if (!apiSecret || !credential || credential.apiSecret !== apiSecret) throw new PlatformError(401, "Invalid API key or secret");
}

export interface TokenCheck {
  signer: TokenSigner;
  now: number;
  apiKey: string;
  isRevoked: (jti: string) => boolean;
}

function readClaims(token: string | undefined, check: TokenCheck): Claims {
  if (!token) throw new PlatformError(403, "Missing authorization token");
  const bare = token.startsWith("Bearer ") ? token.slice(7) : token;
  const claims = check.signer.verify(bare);
  if (!claims) throw new PlatformError(403, "Invalid access token");
  if (check.isRevoked(claims.jti)) throw new PlatformError(403, "Access revoked");
  if (claims.exp <= check.now) throw new PlatformError(403, "Access token expired");
  if (claims.api_key !== check.apiKey) throw new PlatformError(403, "Access token was not issued to this API key");
  return claims;
}

export function requirePlatformToken(token: string | undefined, check: TokenCheck): PlatformClaims {
  const claims = readClaims(token, check);
  if (claims.intent !== "PLATFORM") throw new PlatformError(403, "A platform access token is required");
  return claims;
}

export function requireTaxpayerToken(token: string | undefined, check: TokenCheck): TaxpayerClaims {
  const claims = readClaims(token, check);
  if (claims.intent !== "ACCESS_TOKEN") throw new PlatformError(403, "A taxpayer session token is required");
  return claims;
}
