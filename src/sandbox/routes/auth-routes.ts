/** POST /authenticate and the taxpayer OTP session endpoints. */
import { checkApiKey, checkApiSecret, newTokenId, requirePlatformToken, requireTaxpayerToken, type TaxpayerClaims, type TokenSigner } from "../auth";
import type { SandboxConfig } from "../config";
import type { GstSessions } from "../gst-sessions";
import { BusinessError, gstnError, PlatformError, platformSuccess } from "../http/envelope";
import type { Router } from "../http/router";
import type { SandboxState } from "../state";
import { bodyObject, header, type Handler, type RequestContext } from "./context";

export interface AuthDeps {
  config: SandboxConfig;
  state: SandboxState;
  signer: TokenSigner;
  /** OTPs requested and not yet used, by api key + GSTIN; expiry epoch ms. */
  otpRequests: Map<string, number>;
  /** A GST session GSTN ended cannot be refreshed either: a new OTP is needed. */
  gstSessions: GstSessions;
}

const OTP_VALIDITY_MS = 10 * 60 * 1000;

export function addAuthRoutes(router: Router<Handler>, deps: AuthDeps): void {
  const { config, state, signer } = deps;
  const tokenCheck = (ctx: RequestContext) => ({
    signer,
    now: ctx.now,
    apiKey: validApiKey(ctx),
    isRevoked: (jti: string) => state.revoked.has(jti),
  });

  function validApiKey(ctx: RequestContext): string {
    const key = header(ctx.headers, "x-api-key");
    checkApiKey(config.credentials, key);
    return key as string;
  }

  router.add("POST", "/authenticate", (ctx) => {
    checkApiSecret(config.credentials, header(ctx.headers, "x-api-key"), header(ctx.headers, "x-api-secret"));
    const apiKey = header(ctx.headers, "x-api-key") as string;
    const iat = ctx.now;
    const token = signer.sign({ intent: "PLATFORM", api_key: apiKey, iat, exp: iat + config.platformTokenTtlMs, jti: newTokenId() });
    return platformSuccess({ access_token: token, token_type: "Bearer", expires_in: Math.floor(config.platformTokenTtlMs / 1000) }, ctx.now);
  });

  const taxpayerOf = (ctx: RequestContext) => {
    const body = bodyObject(ctx);
    const gstin = typeof body.gstin === "string" ? body.gstin : "";
    const username = typeof body.username === "string" ? body.username : "";
    if (!gstin || !username) throw new PlatformError(400, "Body must carry username and gstin");
    const profile = state.profile(gstin);
    if (!profile || profile.username !== username) throw new BusinessError("SIM013", "Invalid username or GSTIN, or API access is not enabled for it on the GST portal");
    return profile;
  };

  router.add("POST", "/gst/compliance/tax-payer/otp", (ctx) => {
    const platform = requirePlatformToken(header(ctx.headers, "authorization"), tokenCheck(ctx));
    const profile = taxpayerOf(ctx);
    deps.otpRequests.set(`${platform.api_key}|${profile.gstin}`, ctx.now + OTP_VALIDITY_MS);
    return platformSuccess({ status_cd: "1", message: "OTP sent to the taxpayer's registered mobile number" }, ctx.now);
  });

  router.add("POST", "/gst/compliance/tax-payer/otp/verify", (ctx) => {
    const platform = requirePlatformToken(header(ctx.headers, "authorization"), tokenCheck(ctx));
    const profile = taxpayerOf(ctx);
    const requestKey = `${platform.api_key}|${profile.gstin}`;
    const requested = deps.otpRequests.get(requestKey);
    if (requested === undefined || requested < ctx.now) return gstnError("RETOTPREQUEST", "Request an OTP first", ctx.now);
    if (ctx.query.get("otp") !== config.otp) return gstnError("AUTH4033", "Invalid Session: the OTP is incorrect", ctx.now);
    deps.otpRequests.delete(requestKey);
    const source = header(ctx.headers, "x-source") ?? "primary";
    return platformSuccess(issueSession(ctx.now, { sub: profile.gstin, username: profile.username, api_key: platform.api_key, source, session_limit: ctx.now + config.apiAccessDurationMs }), ctx.now);
  });

  router.add("POST", "/gst/compliance/tax-payer/session/refresh", (ctx) => {
    const current = requireTaxpayerToken(header(ctx.headers, "authorization"), tokenCheck(ctx));
    deps.gstSessions.check(current);
    // Tokens never outlive session_limit (see issueSession), so an expired session cannot get here.
    state.commit([{ t: "revoke", jti: current.jti, exp: current.exp }]);
    return platformSuccess(issueSession(ctx.now, current), ctx.now);
  });

  function issueSession(now: number, who: Pick<TaxpayerClaims, "sub" | "username" | "api_key" | "source" | "session_limit">) {
    const exp = Math.min(now + config.taxpayerTokenTtlMs, who.session_limit);
    const claims: TaxpayerClaims = { intent: "ACCESS_TOKEN", aud: "API", iss: "gst.gov.in", ...pick(who), iat: now, exp, jti: newTokenId() };
    return { access_token: signer.sign(claims), token_expiry: exp, session_expiry: exp, status_cd: "1" };
  }
}

function pick(who: Pick<TaxpayerClaims, "sub" | "username" | "api_key" | "source" | "session_limit">) {
  return { sub: who.sub, username: who.username, api_key: who.api_key, source: who.source, session_limit: who.session_limit };
}
