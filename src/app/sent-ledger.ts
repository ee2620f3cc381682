/**
 * Every request the portal accepted, kept outside the JavaScript heap from the moment its
 * reference ID arrives until its outcome is written on its rows. If Excel fails to write
 * "Submitted" or the outcome, or the pane is closed, the next submit or the pane's next start
 * follows the request from here. Holds record keys and reference IDs only: no token, key or OTP.
 */
import type { StorageLike } from "../api";
import { parseSectionCode, type SectionCode } from "../ims/sections";

export interface SentRequest {
  gstin: string;
  section: SectionCode;
  kind: "save" | "reset";
  referenceId: string;
  /** Record keys the request carried. */
  keys: string[];
  /** ISO instant the portal answered with the reference. */
  sentAt: string;
}

export interface SentLedger {
  record(request: SentRequest): void;
  /** The requests whose outcome is on their rows now. */
  settle(referenceIds: readonly string[]): void;
  pending(gstin: string): SentRequest[];
}

export const SENT_LEDGER_KEY = "ims-for-excel.sent-requests";

function clean(value: unknown): SentRequest | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  const section = typeof v.section === "string" ? parseSectionCode(v.section) : null;
  if (!section || typeof v.gstin !== "string" || typeof v.referenceId !== "string" || v.referenceId === "" || typeof v.sentAt !== "string") return null;
  if ((v.kind !== "save" && v.kind !== "reset") || !Array.isArray(v.keys) || !v.keys.every((k) => typeof k === "string")) return null;
  return { gstin: v.gstin, section, kind: v.kind, referenceId: v.referenceId, keys: v.keys as string[], sentAt: v.sentAt };
}

/**
 * A ledger in the add-in's storage (localStorage of the pane). Without storage (blocked by the
 * browser) it lives in memory: it then covers failed writes, not a closed pane.
 */
export function storageLedger(storage: StorageLike | null): SentLedger {
  let memory: SentRequest[] = [];
  const load = (): SentRequest[] => {
    if (!storage) return memory;
    try {
      const parsed: unknown = JSON.parse(storage.getItem(SENT_LEDGER_KEY) ?? "[]");
      return Array.isArray(parsed) ? parsed.map(clean).filter((r): r is SentRequest => r !== null) : [];
    } catch {
      return [];
    }
  };
  const save = (all: SentRequest[]): void => {
    memory = all;
    if (!storage) return;
    if (all.length) storage.setItem(SENT_LEDGER_KEY, JSON.stringify(all));
    else storage.removeItem(SENT_LEDGER_KEY);
  };
  return {
    record: (request) => save([...load().filter((r) => r.referenceId !== request.referenceId), request]),
    settle: (referenceIds) => {
      const done = new Set(referenceIds);
      const all = load();
      if (all.some((r) => done.has(r.referenceId))) save(all.filter((r) => !done.has(r.referenceId)));
    },
    pending: (gstin) => load().filter((r) => r.gstin === gstin),
  };
}
