/** `npm run manifest -- https://host [--out FILE]`: writes manifest.xml for that host. */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { manifestFor } from "./manifest";

function main(): void {
  const args = process.argv.slice(2);
  let out = "dist/manifest.xml";
  let origin = process.env.IMS_PUBLIC_URL ?? "";
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "--out") out = args[++i] ?? out;
    else if (a === "-h" || a === "--help") {
      console.log("Usage: npm run manifest -- https://ims.example.com [--out dist/manifest.xml]   (or set IMS_PUBLIC_URL)");
      return;
    } else origin = a;
  }
  if (!origin) throw new Error("Give the https origin Excel will load the pane from (or set IMS_PUBLIC_URL)");
  const xml = manifestFor(readFileSync(resolve("manifest.xml"), "utf8"), origin);
  mkdirSync(dirname(resolve(out)), { recursive: true });
  writeFileSync(resolve(out), xml);
  console.log(`${out}: manifest.xml for ${new URL(origin).origin}`);
}

try {
  main();
} catch (e) {
  console.error(`manifest: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}
