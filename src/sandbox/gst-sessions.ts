/**
 * GST sessions that GSTN has ended while the provider's token still looks valid. The provider
 * then passes GSTN's answer through inside an HTTP 200: `status_cd "0"` with AUTH4033
 * ("Invalid Session") or AUTH4038 ("Session Expired"), the codes GSTN's own API uses (the
 * provider's OTP-verify page shows AUTH4033 "Invalid Session"; resilient-tech/india-compliance
 * `taxpayer_base.py` maps both to an authorization failure). Ended with a scenario hook; kept
 * in memory only, like the faults.
 */
import type { TaxpayerClaims } from "./auth";
import { BusinessError } from "./http/envelope";

export type SessionEndCode = "AUTH4033" | "AUTH4038";

const MESSAGES: Record<SessionEndCode, string> = { AUTH4033: "Invalid Session", AUTH4038: "Session Expired" };

export class GstSessions {
  private readonly ended = new Map<string, { at: number; code: SessionEndCode }>();

  /** Every session of `gstin` opened before `at` ends; a new OTP opens a fresh one. */
  end(gstin: string, code: SessionEndCode, at: number): void {
    this.ended.set(gstin, { at, code });
  }

  clear(): void {
    this.ended.clear();
  }

  /** Throws the GSTN business error when the session of these claims has ended. */
  check(claims: TaxpayerClaims): void {
    const e = this.ended.get(claims.sub);
    if (e && claims.iat < e.at) throw new BusinessError(e.code, MESSAGES[e.code]);
  }
}
