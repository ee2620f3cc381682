/**
 * Keeps credentials out of error messages and log lines. Every text that may carry something
 * the server said passes through here before it is put in an error.
 */
const JWT_LIKE = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\b/g;
export const REDACTED = "[redacted]";

/** Removes anything shaped like a JWT (platform and taxpayer tokens are JWTs). */
export function scrubTokens(text: string): string {
  return text.replace(JWT_LIKE, REDACTED);
}

/** Removes the given secrets (API key, API secret, tokens) and anything JWT-like. */
export function scrub(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    // Very short strings would shred ordinary words; real keys and tokens are long.
    if (secret.length >= 6) out = out.split(secret).join(REDACTED);
  }
  return scrubTokens(out);
}
