/** Counts by section and status, for all three groups of the IMS dashboard. */
import type { ImsClient, InvoiceCounts } from "../api";
import { countSectionTitle } from "../ims/count-groups";
import { GOODS_TYPES, parseSectionCode } from "../ims/sections";
import type { CountRow, ProgressOptions } from "./types";


export async function fetchCounts(client: ImsClient, options: ProgressOptions = {}): Promise<InvoiceCounts[]> {
  const all: InvoiceCounts[] = [];
  for (const [done, group] of GOODS_TYPES.entries()) {
    options.onProgress?.({ message: "Reading counts from the IMS dashboard", done, total: GOODS_TYPES.length });
    all.push(await client.getCounts(group, { ...(options.signal ? { signal: options.signal } : {}) }));
  }
  return all;
}

/** Count rows for the pane, from the three groups' counts. */
export function countRows(all: readonly InvoiceCounts[]): CountRow[] {
  const rows: CountRow[] = [];
  for (const counts of all) {
    const group = counts.goodsType;
    for (const [key, c] of Object.entries(counts.sections)) {
      const pullable = group === "others" ? parseSectionCode(key) : null;
      rows.push({
        group,
        section: key.toLowerCase(),
        title: countSectionTitle(group, key),
        pullable,
        noAction: c.noAction,
        accepted: c.accepted,
        rejected: c.rejected,
        pending: c.pending,
      });
    }
  }
  return rows;
}
