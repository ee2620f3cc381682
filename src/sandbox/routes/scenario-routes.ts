/**
 * Scenario hooks under /_sim/ (only with --scenarios): what suppliers, the calendar and the
 * recipient's own filings do to IMS, plus fault injection and read-outs for tests.
 */
import { parseSectionCode, type SectionCode } from "../../ims/sections";
import { isIsoDate, isTaxPeriod, returnPeriodToTaxPeriod, type TaxPeriod } from "../../ims/periods";
import { DAY_MS } from "../config";
import type { Faults, FaultSettings } from "../faults";
import type { GstSessions, SessionEndCode } from "../gst-sessions";
import { PlatformError, type HttpReply } from "../http/envelope";
import type { Router } from "../http/router";
import type { SandboxRecord } from "../model";
import type { Portal } from "../portal";
import { istStartOfDay } from "../clock";
import { bodyObject, requiredQuery, type Handler, type RequestContext } from "./context";

function ok(body: unknown): HttpReply {
  return { status: 200, body };
}

function text(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  if (typeof v !== "string" || v === "") throw new PlatformError(400, `${name} is required`);
  return v;
}

function period(body: Record<string, unknown>, name: string): TaxPeriod {
  const v = text(body, name);
  const p = isTaxPeriod(v) ? v : returnPeriodToTaxPeriod(v);
  if (!p) throw new PlatformError(400, `${name} must be YYYY-MM or MMYYYY`);
  return p;
}

function section(body: Record<string, unknown>): SectionCode {
  const s = parseSectionCode(text(body, "section"));
  if (!s) throw new PlatformError(400, "section must be one of B2B, B2BA, CN, CNA, DN, DNA, ECOM, ECOMA");
  return s;
}

const PATCHABLE = ["docDate", "pos", "val", "txval", "iamt", "camt", "samt", "cess"] as const;

export function addScenarioRoutes(router: Router<Handler>, portal: Portal, faults: Faults, gstSessions: GstSessions): void {
  const state = portal.state;
  const target = (body: Record<string, unknown>) =>
    portal.findRecord(text(body, "gstin"), section(body), text(body, "stin"), text(body, "docNum"), period(body, "returnPeriod"));

  router.add("GET", "/_sim/state", () =>
    ok({
      now: portal.clock.now(),
      today: portal.clock.today(),
      clockOffsetMs: state.clockOffsetMs,
      seed: state.seed,
      asOf: state.asOf,
      profiles: [...state.profiles.values()],
      records: Object.fromEntries([...state.records].map(([g, m]) => [g, m.size])),
      faults: faults.settings,
    }),
  );

  router.add("GET", "/_sim/records", (ctx) => {
    const gstin = requiredQuery(ctx, "gstin");
    const s = ctx.query.get("section");
    const code = s ? parseSectionCode(s) : null;
    const list = [...state.recordsOf(gstin).values()].filter((r) => !code || r.section === code);
    return ok({ records: list });
  });

  router.add("GET", "/_sim/audit", (ctx) => {
    const gstin = ctx.query.get("gstin");
    return ok({ entries: state.audit.filter((e) => !gstin || e.gstin === gstin) });
  });

  router.add("POST", "/_sim/clock", (ctx) => {
    const body = bodyObject(ctx);
    let offset = state.clockOffsetMs;
    if (typeof body.advanceMs === "number") offset += body.advanceMs;
    if (typeof body.advanceDays === "number") offset += body.advanceDays * DAY_MS;
    if (typeof body.setDate === "string") {
      if (!isIsoDate(body.setDate)) throw new PlatformError(400, "setDate must be YYYY-MM-DD");
      offset = istStartOfDay(body.setDate) + 10 * 60 * 60 * 1000 - Date.now();
    }
    state.commit([{ t: "clock", offsetMs: offset }]);
    portal.clock.setOffset(offset);
    return ok({ now: portal.clock.now(), today: portal.clock.today(), clockOffsetMs: offset });
  });

  router.add("POST", "/_sim/supplier/edit", (ctx) => {
    const body = bodyObject(ctx);
    const record = target(body);
    const patchIn = (body.patch ?? {}) as Record<string, unknown>;
    const patch: Partial<SandboxRecord> = {};
    for (const k of PATCHABLE) {
      const v = patchIn[k];
      if (v === undefined) continue;
      if (k === "docDate" || k === "pos") {
        if (typeof v !== "string") throw new PlatformError(400, `patch.${k} must be text`);
        patch[k] = v;
      } else {
        if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new PlatformError(400, `patch.${k} must be whole paise`);
        patch[k] = v;
      }
    }
    return ok({ record: portal.supplierEdit(text(body, "gstin"), record, patch) });
  });

  router.add("POST", "/_sim/supplier/amend", (ctx) => {
    const body = bodyObject(ctx);
    const record = target(body);
    const factor = typeof body.factor === "number" && body.factor > 0 ? body.factor : undefined;
    const docNum = typeof body.newDocNum === "string" ? body.newDocNum : undefined;
    return ok({ record: portal.supplierAmend(text(body, "gstin"), record, { ...(factor ? { factor } : {}), ...(docNum ? { docNum } : {}) }) });
  });

  // A supplier reports a new document (for documents the demo data lacks: refund vouchers, an
  // operator's supplies by registered suppliers, GSTR-1A documents).
  router.add("POST", "/_sim/supplier/report", (ctx) => {
    const body = bodyObject(ctx);
    const amount = (name: string): number => {
      const v = body[name] ?? 0;
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new PlatformError(400, `${name} must be whole paise`);
      return v;
    };
    const docDate = text(body, "docDate");
    if (!isIsoDate(docDate)) throw new PlatformError(400, "docDate must be YYYY-MM-DD");
    const srcForm = body.srcForm ?? "R1";
    if (srcForm !== "R1" && srcForm !== "R1A" && srcForm !== "IFF") throw new PlatformError(400, "srcForm must be R1, R1A or IFF");
    const noteType = body.noteType;
    if (noteType !== undefined && noteType !== "C" && noteType !== "D" && noteType !== "R") throw new PlatformError(400, "noteType must be C, D or R");
    const optional = (name: string): string | undefined => (typeof body[name] === "string" && body[name] !== "" ? (body[name] as string) : undefined);
    const origDocNum = optional("origDocNum");
    const origDocDate = optional("origDocDate");
    const ecomSupplier = optional("ecomSupplier");
    const record = portal.supplierReport(text(body, "gstin"), {
      section: section(body),
      stin: text(body, "stin"),
      docNum: text(body, "docNum"),
      docDate,
      ...(origDocNum ? { origDocNum } : {}),
      ...(origDocDate ? { origDocDate } : {}),
      ...(noteType ? { noteType } : {}),
      ...(ecomSupplier ? { ecomSupplier } : {}),
      srcForm,
      returnPeriod: period(body, "returnPeriod"),
      pos: typeof body.pos === "string" ? body.pos : text(body, "gstin").slice(0, 2),
      txval: amount("txval"),
      iamt: amount("iamt"),
      camt: amount("camt"),
      samt: amount("samt"),
      cess: amount("cess"),
    });
    return ok({ record });
  });

  router.add("POST", "/_sim/supplier/file", (ctx) => {
    const body = bodyObject(ctx);
    return ok({ filed: portal.supplierFile(text(body, "stin"), period(body, "returnPeriod")) });
  });

  router.add("POST", "/_sim/recipient/file-gstr3b", (ctx) => {
    const body = bodyObject(ctx);
    return ok(portal.fileGstr3b(text(body, "gstin"), period(body, "period")));
  });

  // GSTN ends the taxpayer's GST session: calls with a token issued before now answer
  // HTTP 200 with AUTH4033 "Invalid Session" (or AUTH4038 "Session Expired"), refresh included.
  router.add("POST", "/_sim/gst-session/end", (ctx) => {
    const body = bodyObject(ctx);
    const gstin = text(body, "gstin");
    const code = (body.code ?? "AUTH4033") as SessionEndCode;
    if (code !== "AUTH4033" && code !== "AUTH4038") throw new PlatformError(400, "code must be AUTH4033 or AUTH4038");
    gstSessions.end(gstin, code, ctx.now);
    return ok({ gstin, code, endedAt: ctx.now });
  });
  router.add("DELETE", "/_sim/gst-session", () => {
    gstSessions.clear();
    return ok({});
  });

  router.add("GET", "/_sim/faults", () => ok(faults.settings));
  router.add("POST", "/_sim/faults", (ctx: RequestContext) => {
    try {
      return ok(faults.update(bodyObject(ctx) as Partial<FaultSettings>));
    } catch (e) {
      throw new PlatformError(400, (e as Error).message);
    }
  });
  router.add("DELETE", "/_sim/faults", () => {
    faults.clear();
    return ok(faults.settings);
  });
}
