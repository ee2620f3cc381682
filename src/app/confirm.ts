/**
 * The user's confirmation of entries whose document the supplier changed after they were made
 * (a pull marks them "supplier-changed" and Submit holds them back): they are sent as entered
 * on the next submit.
 */
import { rowState } from "../ims/review-rows";
import type { SheetsPort } from "./submit";

export async function confirmSupplierChanges(deps: { sheets: SheetsPort; now: () => Date }): Promise<number> {
  const stamp = deps.now().toISOString();
  let confirmed = 0;
  for (const section of await deps.sheets.sections()) {
    const { rows } = await deps.sheets.read(section);
    const waiting = rows.filter((r) => rowState(r.status) === "supplier-changed");
    if (!waiting.length) continue;
    await deps.sheets.writeStatuses(
      section,
      waiting.map((r) => ({
        key: r.key,
        status: { result: "", referenceId: "", state: "", updatedAt: stamp, message: "You confirmed this entry for the supplier's changed document: it is sent on the next submit." },
      })),
    );
    confirmed += waiting.length;
  }
  return confirmed;
}
