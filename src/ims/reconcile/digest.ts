/**
 * A digest of a reconciliation's outcome: which IMS records (by record key) and which register
 * rows each link holds, its category and its suggestions. Two runs over the same sheets give the
 * same digest whatever the order of the rows.
 */
import { fnv1a32 } from "../fingerprint";
import { imsRecordKey, type ImsRecord } from "../records";
import type { PrLine } from "../register";
import type { Reconciliation } from "./match";

export function linksDigest(ims: readonly ImsRecord[], pr: readonly PrLine[], result: Reconciliation): string {
  const parts = result.links.map((link) => {
    const records = link.ims
      .map((i, j) => {
        const s = link.suggestions[j];
        return `${imsRecordKey(ims[i] as ImsRecord)}=${s ? `${s.action}:${s.remarks ?? ""}` : "-"}`;
      })
      .sort();
    const rows = link.pr.map((p) => (pr[p] as PrLine).dataRow).sort((a, b) => a - b);
    return `${link.category}|${records.join(",")}|${rows.join(",")}`;
  });
  parts.sort();
  const text = parts.join("\n");
  // Two different offsets: 64 bits, so that two different outcomes all but never share a digest.
  return `${fnv1a32(text).toString(16).padStart(8, "0")}${fnv1a32(text, 0x01000193).toString(16).padStart(8, "0")}-${parts.length}`;
}
