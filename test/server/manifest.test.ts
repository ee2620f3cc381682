/**
 * manifest.xml for a host: every development URL rewritten to that origin, and the result still
 * valid against the Office manifest schemas (xmllint-wasm, as test/shell/manifest.test.ts does).
 */
import fs from "node:fs";
import path from "node:path";
import { validateXML } from "xmllint-wasm";
import { DEV_ORIGIN, manifestFor } from "../../src/server/manifest";

const ROOT = path.resolve(__dirname, "../..");
const SCHEMA_DIR = path.resolve(ROOT, "../shared/office-manifest-schemas");
const MAIN_SCHEMA = "OfficeAppManifestV1_1.xsd";
const haveSchemas = fs.existsSync(path.join(SCHEMA_DIR, MAIN_SCHEMA));
const manifest = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");

describe("manifest for a host", () => {
  test("every URL points at the host; nothing at localhost is left", () => {
    const xml = manifestFor(manifest, "https://ims.firm.example:8443/");
    expect(xml).not.toContain("localhost");
    expect(xml).toContain('<SourceLocation DefaultValue="https://ims.firm.example:8443/taskpane.html"/>');
    expect(xml).toContain("<AppDomain>https://ims.firm.example:8443</AppDomain>");
    expect(xml.split("https://ims.firm.example:8443").length).toBe(manifest.split(DEV_ORIGIN).length);
  });

  test("refuses what Excel would not load or what would break the XML", () => {
    expect(() => manifestFor(manifest, "http://ims.firm.example")).toThrow(/https/);
    expect(() => manifestFor(manifest, "not a url")).toThrow(/not a web address/);
    expect(() => manifestFor(manifest, "https://user:pw@ims.firm.example")).toThrow(/user name or password/);
    // Whatever follows the origin is dropped, so no quote or angle bracket reaches the XML.
    expect(manifestFor(manifest, 'https://ims.firm.example/"><x a="')).not.toMatch(/<x a=/);
  });

  (haveSchemas ? test : test.skip)("the rewritten manifest validates against OfficeAppManifestV1_1.xsd", async () => {
    const xsds = fs.readdirSync(SCHEMA_DIR).filter((f) => f.endsWith(".xsd"));
    const read = (fileName: string) => ({ fileName, contents: fs.readFileSync(path.join(SCHEMA_DIR, fileName), "utf8") });
    const result = await validateXML({
      xml: [{ fileName: "manifest.xml", contents: manifestFor(manifest, "https://ims.firm.example") }],
      schema: [read(MAIN_SCHEMA)],
      preload: xsds.filter((f) => f !== MAIN_SCHEMA).map(read),
    });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
