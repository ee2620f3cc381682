import { createHash } from "node:crypto";
import type { SandboxRecord } from "./model";

/** The portal's checksum of a record version: changes whenever the supplier edits the record. */
export function computeRecordHash(r: Omit<SandboxRecord, "hash" | "action" | "remarks" | "itcRedReq" | "declIgst" | "declCgst" | "declSgst" | "declCess">): string {
  const supplierSide = [
    r.section, r.stin, r.docNum, r.docDate, r.origDocNum ?? "", r.origDocDate ?? "", r.invType ?? "",
    r.srcForm, r.returnPeriod, r.pos, r.val, r.txval, r.iamt, r.camt, r.samt, r.cess, r.version,
  ].join("|");
  return createHash("sha256").update(supplierSide).digest("hex");
}
