/** Counts, invoices, save, reset and request status. */
import { randomUUID } from "node:crypto";
import { GOODS_TYPES, parseSectionCode, sectionInfo, STATUS_FILTERS, type GoodsType, type StatusFilter } from "../../ims/sections";
import { BusinessError, gstnError, gstnSuccess, PlatformError } from "../http/envelope";
import type { Router } from "../http/router";
import type { Portal } from "../portal";
import type { ActionCounts } from "../model";
import { toWireRecord } from "../wire";
import { bodyObject, requiredQuery, type Handler, type RequestContext } from "./context";

export const BASE = "/gst/compliance/tax-payer";

/** The save/reset handlers tell the server which job they queued, for the drop-response fault. */
export interface SubmitHooks {
  onSubmitted(referenceId: string): void;
}

export function addInvoiceRoutes(router: Router<Handler>, portal: Portal, hooks: SubmitHooks): void {
  const config = portal.config;

  router.add("GET", `${BASE}/invoices/count`, (ctx) => {
    const gstin = ctx.taxpayer().sub;
    const type = (ctx.query.get("type_of_goods") ?? "others") as GoodsType;
    if (!GOODS_TYPES.includes(type)) throw new PlatformError(422, `type_of_goods must be one of ${GOODS_TYPES.join(", ")}`);
    if (type === "others") {
      const sections = portal.counts(gstin);
      return gstnSuccess({ all_oth: { ttl_cnt: total(Object.values(sections)), ...sections } }, ctx.now);
    }
    const groups = portal.state.countOnly.get(gstin);
    if (!groups) throw new BusinessError("RET11416", "No document found for the selected criteria");
    const group: Record<string, ActionCounts> = type === "imports" ? groups.imports : groups.isd;
    const key = type === "imports" ? "imp_gds" : "inv_supp_isd";
    return gstnSuccess({ [key]: { ttl_cnt: total(Object.values(group)), ...group } }, ctx.now);
  });

  router.add("GET", `${BASE}/invoices`, (ctx) => {
    const gstin = ctx.taxpayer().sub;
    const section = parseSectionCode(ctx.query.get("section") ?? "b2b");
    if (!section) throw new PlatformError(422, "section must be one of B2B, B2BA, CN, CNA, DN, DNA, ECOM, ECOMA");
    const statusText = ctx.query.get("status");
    let action = null;
    if (statusText !== null && statusText !== "") {
      if (!(statusText in STATUS_FILTERS)) throw new PlatformError(422, "status must be one of accepted, rejected, pending, no_action_taken");
      action = STATUS_FILTERS[statusText as StatusFilter];
    }
    const profile = portal.profileOf(gstin);
    const records = portal.invoices(gstin, section, action);
    const today = portal.clock.now();
    if (records.length === 0) return gstnError("RET11416", "No document found for the selected criteria", ctx.now);
    const threshold = config.largeSectionThreshold;
    if (threshold !== null && records.length > threshold) {
      // GSTN's large-section form: a token for a file it prepares, and its estimate in minutes.
      const est = Math.max(1, Math.ceil(records.length / 10_000)) * 5;
      return gstnSuccess({ token: randomUUID().replace(/-/g, ""), est: String(est) }, ctx.now);
    }
    const wire = records.map((r) =>
      toWireRecord(r, { pendingBlocked: portal.pendingBlocked(r, profile, today), pendingFlagName: config.pendingFlagName }),
    );
    return gstnSuccess({ [sectionInfo(section).payloadKey]: wire }, ctx.now);
  });

  const submit = (kind: "SAVE" | "RESET") => (ctx: RequestContext) => {
    const gstin = ctx.taxpayer().sub;
    const body = bodyObject(ctx);
    if (typeof body.rtin === "string" && body.rtin !== gstin) throw new PlatformError(403, "rtin does not match the GSTIN of the session");
    const count = countRecords(body.invdata);
    if (count > config.maxRecordsPerRequest) {
      throw new BusinessError("SIM009", `A request may carry at most ${config.maxRecordsPerRequest} records; this one has ${count}`);
    }
    const job = portal.submit(gstin, kind, body);
    hooks.onSubmitted(job.referenceId);
    return gstnSuccess({ reference_id: job.referenceId }, ctx.now);
  };
  router.add("POST", `${BASE}/invoices/status/save`, submit("SAVE"));
  router.add("POST", `${BASE}/invoices/status/reset`, submit("RESET"));

  router.add("GET", `${BASE}/invoices/status`, (ctx) => {
    const gstin = ctx.taxpayer().sub;
    const referenceId = requiredQuery(ctx, "reference_id");
    const job = portal.state.jobs.get(referenceId);
    if (!job || job.gstin !== gstin) return gstnError("SIM404", `No request with reference ID ${referenceId}`, ctx.now);
    if (job.status === "IP") return gstnSuccess({ status_cd: "IP", transTypCd: job.kind, proc_cnt: "0", err_cnt: "0", err_cd: "", err_msg: "" }, ctx.now);
    return gstnSuccess({ status_cd: job.status, transTypCd: job.kind, ...job.result }, ctx.now);
  });
}

function total(counts: ActionCounts[]): number {
  return counts.reduce((sum, c) => sum + c.noaction + c.accept + c.reject + c.pending, 0);
}

function countRecords(invdata: unknown): number {
  if (typeof invdata !== "object" || invdata === null) return 0;
  return Object.values(invdata).reduce((n: number, list) => n + (Array.isArray(list) ? list.length : 0), 0);
}
