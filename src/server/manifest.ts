/**
 * manifest.xml for a host: every URL of the development manifest (https://localhost:3000) is
 * rewritten to the origin Excel will load the pane from.
 */
import { checkOrigin } from "./config";

export const DEV_ORIGIN = "https://localhost:3000";

/** The manifest with `origin` (https, no path) in place of the development origin. */
export function manifestFor(xml: string, origin: string): string {
  const checked = checkOrigin(origin, "The manifest's origin");
  if (!checked.startsWith("https://")) throw new Error("Excel loads add-ins over https only: the manifest's origin must start with https://");
  if (!xml.includes(DEV_ORIGIN)) throw new Error(`the manifest has no ${DEV_ORIGIN} URLs to rewrite`);
  return xml.split(DEV_ORIGIN).join(checked);
}
