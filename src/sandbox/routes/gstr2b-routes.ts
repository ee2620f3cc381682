/** Regenerate (recompute) GSTR-2B after IMS actions, and follow the request. */
import { returnPeriodToTaxPeriod } from "../../ims/periods";
import { gstnError, gstnSuccess, PlatformError } from "../http/envelope";
import type { Router } from "../http/router";
import type { Portal } from "../portal";
import { bodyObject, pathPeriod, requiredQuery, type Handler } from "./context";
import { BASE } from "./invoice-routes";

export function addGstr2bRoutes(router: Router<Handler>, portal: Portal): void {
  router.add("POST", `${BASE}/gstrs/gstr-2b/:year/:month/regenerate`, (ctx) => {
    const gstin = ctx.taxpayer().sub;
    const period = pathPeriod(ctx);
    const body = bodyObject(ctx);
    if (body.rtin !== undefined && body.rtin !== gstin) throw new PlatformError(403, "rtin does not match the GSTIN of the session");
    if (body.itcprd !== undefined && (typeof body.itcprd !== "string" || returnPeriodToTaxPeriod(body.itcprd) !== period)) {
      throw new PlatformError(422, "itcprd must be the MMYYYY of the period in the path");
    }
    const job = portal.requestRegenerate(gstin, period);
    return gstnSuccess({ reference_id: job.referenceId }, ctx.now);
  });

  // The provider's page gstr_2b_regeneration_status: GET …/gstrs/gstr-2b/regenerate?reference_id=…
  // (no period in the path; the reference ID names the request).
  router.add("GET", `${BASE}/gstrs/gstr-2b/regenerate`, (ctx) => {
    const gstin = ctx.taxpayer().sub;
    const referenceId = requiredQuery(ctx, "reference_id");
    const job = portal.state.regenerateJobs.get(referenceId);
    if (!job || job.gstin !== gstin) return gstnError("SIM404", `No GSTR-2B request with reference ID ${referenceId}`, ctx.now);
    return gstnSuccess({ status_cd: job.status, err_cd: job.errCd, err_msg: job.errMsg }, ctx.now);
  });
}
