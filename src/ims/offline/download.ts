/**
 * The portal's offline IMS download (IMS → Offline → Download JSON), read into records.
 *
 * Shape (offline-and-register-formats.md §1, [M/L]): `{"imsDetails": {"b2b": [...], "b2ba": [...],
 * "b2bdn", "b2bdna", "b2bcn", "b2bcna", "ecom", "ecoma"}}`, each record in the API's field names.
 * Also read: the envelope under `data`, or missing altogether; `eco`/`ecoa` and other spellings
 * of the section keys; every documented spelling of the fields (see record-reader.ts).
 *
 * Each record keeps `raw`, the exact text it had in the file, so the upload file can echo it byte
 * for byte and change only the action fields (upload.ts).
 */
import { hasGstinShape, isValidGstin } from "../gstin";
import { imsRecordKey, type ImsRecord } from "../records";
import { returnPeriodToTaxPeriod, type TaxPeriod } from "../periods";
import { SECTION_CODES, type SectionCode } from "../sections";
import { isArray, isObject, valueText, type JsonObject, type JsonValue } from "./json-source";
import { childPath, DEFAULT_MAX_CHARS, readFileJson, sectionOfKey, WarningList, type OfflineResult, type ParseWarning } from "./file-errors";
import { readRecord, textOf, type ReadNote } from "./record-reader";

export interface DownloadedRecord {
  /** `imsRecordKey(record)`: the key the sheets and the upload use. */
  key: string;
  record: ImsRecord;
  /**
   * The record's exact text in the file, from its "{" to its "}" (a slice of the file's text):
   * what the upload echoes. Keep it with the row (for example in a hidden column) to build the
   * upload file later.
   */
  raw: string;
  /** The section's key as the file spells it ("b2bcn", "ecom"), echoed in the upload. */
  sectionKey: string;
  /** Position in its section's list. */
  index: number;
  /** The supplier's trade or legal name (`tradenm`), when the file gives one. */
  tradeName?: string;
  /** True when `rtnprd` held only the month and the year was inferred from the document date. */
  periodInferred: boolean;
}

/** A record set aside: the file holds it, but it cannot be read. The others are kept. */
export interface RejectedRecord {
  section: SectionCode;
  sectionKey: string;
  index: number;
  /** JSON path of the record ("imsDetails.b2bcn[4]"). */
  path: string;
  /** The wire field at fault ("nt_dt"), or "(record)". */
  field: string;
  supplierGstin: string;
  docNumber: string;
  /** A sentence naming the record, the field and the problem. */
  message: string;
  raw: string;
}

export interface ImsDownload {
  /** Where the sections were found: under `imsDetails`, under `data.imsDetails`, or at the top. */
  envelope: "imsDetails" | "data.imsDetails" | "none";
  hadByteOrderMark: boolean;
  /**
   * The recipient GSTIN the file names (`gstin` or `rtin` at its top, under `data` or under
   * `imsDetails`), or null: the documented download does not name it. See `checkFileGstin`.
   */
  gstin: string | null;
  /** A return period the file names at its top (`rtnprd`, `fp`, `ret_period`), if any. */
  filePeriod: TaxPeriod | null;
  /** The records' return periods, distinct, ascending. */
  periods: TaxPeriod[];
  /** Every record read, in file order (section by section, as the file lists them). */
  records: DownloadedRecord[];
  /** The same records by section; every section present, possibly empty. */
  bySection: Record<SectionCode, DownloadedRecord[]>;
  rejected: RejectedRecord[];
  /** Keys held by more than one record of the file (the upload refuses actions on them). */
  duplicateKeys: string[];
  warnings: ParseWarning[];
}

export interface DownloadOptions {
  /** Longest text accepted, in characters (default 100 MB). */
  maxChars?: number;
}

const GSTIN_FIELDS = ["gstin", "rtin"] as const;
const PERIOD_FIELDS = ["rtnprd", "fp", "ret_period", "retPeriod"] as const;
const WHAT = "The IMS file";

const NOTE_TEXT: Record<ReadNote, string> = {
  "month-only-period": "The return period (rtnprd) gives only the month; its year was taken as the first one on or after the document's date.",
  "action-missing": "The record has no action field; it was read as No action (N).",
  "pending-flag-missing": "The record does not say whether Pending is allowed (ispendactblocked); it was read as allowed.",
  "filing-status-missing": "The record has no filing status (srcfilstatus); it was read as not filed.",
  "filing-status-unknown": "The filing status (srcfilstatus) is not a known spelling; it was read as not filed.",
  "tax-head-missing": "A tax amount (iamt, camt, samt or cess) is missing; it was read as 0.",
  "source-form-missing": "The record has no source form (srcform).",
  "invoice-type-missing": "The record has no invoice type (inv_typ).",
  "doc-number-as-number": "The document number is written as a JSON number; it was read as the text of that number.",
  "note-number-as-inum": "A note carries its number as inum rather than nt_num; inum was read.",
};

/**
 * Reads the portal's offline IMS download. `text` is the file's text (decode the bytes as
 * UTF-8; a byte-order mark is stripped here). A file that cannot be read as a whole gives an
 * `OfflineFileError` naming what and where; a record that cannot be read is set aside in
 * `rejected` and the others are kept. Extra fields are tolerated (named in `warnings`).
 */
export function parseImsDownload(text: string, options: DownloadOptions = {}): OfflineResult<ImsDownload> {
  const read = readFileJson(text, WHAT, options.maxChars ?? DEFAULT_MAX_CHARS);
  if (!read.ok) return read;
  const { value: root, body, hadByteOrderMark, controlCharacters } = read.value;
  const warnings = new WarningList();
  if (controlCharacters > 0) {
    warnings.add("control-characters", `The file has ${controlCharacters} unescaped control character${controlCharacters > 1 ? "s" : ""} (such as tabs) inside text values; they were read as they are.`);
  }

  if (!isObject(root)) {
    return { ok: false, error: { code: "wrong-shape", message: `${WHAT} holds ${valueText(root)} at its top, not the portal's IMS download (an object with "imsDetails").`, path: "" } };
  }
  const other = otherFileKind(root);
  if (other) return { ok: false, error: { code: "other-file-kind", message: other, path: "" } };

  let envelope: ImsDownload["envelope"];
  let container: JsonObject;
  let containerPath: string;
  const data = root.members.get("data");
  if (root.members.has("imsDetails")) {
    const c = root.members.get("imsDetails");
    if (!isObject(c)) return { ok: false, error: { code: "wrong-shape", message: `"imsDetails" holds ${valueText(c)}, not the sections (an object with b2b, b2bcn, …).`, path: "imsDetails" } };
    envelope = "imsDetails";
    container = c;
    containerPath = "imsDetails";
  } else if (isObject(data) && data.members.has("imsDetails")) {
    const c = data.members.get("imsDetails");
    if (!isObject(c)) return { ok: false, error: { code: "wrong-shape", message: `"data.imsDetails" holds ${valueText(c)}, not the sections (an object with b2b, b2bcn, …).`, path: "data.imsDetails" } };
    envelope = "data.imsDetails";
    container = c;
    containerPath = "data.imsDetails";
  } else if ([...root.members.keys()].some((k) => sectionOfKey(k) !== null)) {
    envelope = "none";
    container = root;
    containerPath = "";
    warnings.add("no-envelope", 'The file has its sections at the top rather than under "imsDetails"; they were read as they are.');
  } else {
    const keys = [...root.members.keys()].slice(0, 6).map((k) => `"${k}"`).join(", ");
    return { ok: false, error: { code: "wrong-shape", message: `${WHAT} has no "imsDetails" and no IMS sections (b2b, b2bcn, …)${keys ? `; it holds ${keys}` : " (it is an empty object)"}. Check that this is the JSON downloaded from IMS → Offline.`, path: "" } };
  }

  const gstin = firstText([root, data, container], GSTIN_FIELDS);
  const periodText = firstText([root, data, container], PERIOD_FIELDS);
  const filePeriod = periodText === null ? null : returnPeriodToTaxPeriod(periodText.padStart(6, "0"));
  if (gstin !== null && !isValidGstin(gstin.trim().toUpperCase())) {
    warnings.add("gstin-invalid", `The file names the GSTIN "${gstin}", which is not a valid GSTIN.`);
  }

  const bySection = Object.fromEntries(SECTION_CODES.map((c) => [c, [] as DownloadedRecord[]])) as Record<SectionCode, DownloadedRecord[]>;
  const seenSection = new Map<SectionCode, string>();
  const sectionLists: { code: SectionCode; key: string; path: string; items: JsonValue[] }[] = [];
  const ignored: string[] = [];
  for (const [key, value] of container.members) {
    const path = childPath(containerPath, key);
    const info = sectionOfKey(key);
    if (info) {
      const before = seenSection.get(info.code);
      if (before !== undefined) {
        return { ok: false, error: { code: "wrong-shape", message: `${WHAT} lists ${info.title} twice, as "${before}" and as "${key}"; it is not clear which one the portal meant.`, path } };
      }
      seenSection.set(info.code, key);
      if (value === null) continue;
      if (!isArray(value)) return { ok: false, error: { code: "wrong-shape", message: `${path} holds ${valueText(value)}, not a list of records.`, path } };
      sectionLists.push({ code: info.code, key, path, items: value.items });
      continue;
    }
    if (isMetadataKey(key) || (containerPath === "" && key === "data")) continue;
    const holdsRecords = (isArray(value) && value.items.length > 0) || (isObject(value) && value.members.size > 0);
    if (holdsRecords) {
      return {
        ok: false,
        error: {
          code: "unknown-section",
          message: `${WHAT} has a section "${key}" that the add-in does not know (it reads b2b, b2ba, b2bdn, b2bdna, b2bcn, b2bcna, ecom and ecoma). Nothing was imported, so that nothing in it is lost silently; act on that section on the GST portal, or open a file without it.`,
          path,
        },
      };
    }
    ignored.push(key);
  }
  if (ignored.length) warnings.add("ignored-fields", `These fields were ignored (empty or not sections): ${ignored.map((k) => `"${k}"`).join(", ")}.`);

  const records: DownloadedRecord[] = [];
  const rejected: RejectedRecord[] = [];
  const unknownFields = new Set<string>();
  const keyCount = new Map<string, number>();
  const periods = new Set<TaxPeriod>();
  // Sections in the file's order: the records' order is the file's.
  for (const { code, key: sectionKey, path, items } of sectionLists) {
    items.forEach((item, index) => {
      const at = childPath(path, index);
      if (!isObject(item)) {
        rejected.push({ section: code, sectionKey, index, path: at, field: "(record)", supplierGstin: "", docNumber: "", message: `${at} is ${valueText(item)}, not a record.`, raw: "" });
        return;
      }
      const raw = body.slice(item.start, item.end);
      const r = readRecord(code, item);
      if (!r.ok) {
        const who = r.docNumber ? ` (${r.docNumber} of ${r.supplierGstin || "an unnamed supplier"})` : "";
        rejected.push({ section: code, sectionKey, index, path: at, field: r.field, supplierGstin: r.supplierGstin, docNumber: r.docNumber, message: `${at}${who}: ${r.message}.`, raw });
        return;
      }
      for (const note of r.notes) warnings.add(note, NOTE_TEXT[note], at);
      for (const f of r.unknownFields) unknownFields.add(f);
      const key = imsRecordKey(r.record);
      keyCount.set(key, (keyCount.get(key) ?? 0) + 1);
      periods.add(r.record.returnPeriod);
      const d: DownloadedRecord = { key, record: r.record, raw, sectionKey, index, periodInferred: r.periodInferred };
      if (r.tradeName !== undefined) d.tradeName = r.tradeName;
      records.push(d);
      bySection[code].push(d);
    });
  }
  if (unknownFields.size) {
    warnings.add("unknown-fields", `Records carry fields the add-in does not use; they are kept and echoed in the upload: ${[...unknownFields].sort().map((k) => `"${k}"`).join(", ")}.`);
  }
  const duplicateKeys = [...keyCount].filter(([, n]) => n > 1).map(([k]) => k);
  for (const k of duplicateKeys) {
    warnings.add("duplicate-record", "More than one record of the file has the same section, supplier, document number and period; actions on them are refused in the upload.", k);
  }
  return {
    ok: true,
    value: {
      envelope,
      hadByteOrderMark,
      gstin: gstin === null ? null : gstin.trim(),
      filePeriod,
      periods: [...periods].sort(),
      records,
      bySection,
      rejected,
      duplicateKeys,
      warnings: warnings.list(),
    },
  };
}

function isMetadataKey(key: string): boolean {
  return (GSTIN_FIELDS as readonly string[]).includes(key) || (PERIOD_FIELDS as readonly string[]).includes(key) || ["gendt", "version", "chksum", "checksum", "status_cd"].includes(key);
}

function firstText(objects: readonly (JsonValue | undefined)[], names: readonly string[]): string | null {
  for (const o of objects) {
    if (!isObject(o)) continue;
    for (const n of names) {
      const t = textOf(o.members.get(n));
      if (t !== null && t.trim() !== "") return t.trim();
    }
  }
  return null;
}

/** A sentence when the JSON is another kind of portal file than the IMS download. */
function otherFileKind(root: JsonObject): string | null {
  const data = root.members.get("data");
  const has = (k: string) => root.members.has(k) || (isObject(data) && data.members.has(k));
  if (has("imsDetailsErr") || has("error_report")) return `${WHAT} is the portal's error file for an upload, not the IMS download. Open it with "Open the portal's error file".`;
  if (has("invdata")) return `${WHAT} is an upload file (made to be uploaded to the portal), not the IMS download. Open the JSON downloaded from IMS → Offline.`;
  if (has("docdata") || has("itcsumm")) return `${WHAT} is a GSTR-2B file, not the IMS download. Open the JSON downloaded from IMS → Offline.`;
  return null;
}

export type GstinCheck =
  /** The file names the expected GSTIN (in its JSON or its file name). */
  | { ok: true; confirmed: true; gstin: string; source: "file" | "file-name" }
  /** The file does not say: the app may go on, and should say so. */
  | { ok: true; confirmed: false; message: string }
  /** Another GSTIN's file: refuse it with `message`. */
  | { ok: false; gstin: string; source: "file" | "file-name"; message: string };

const GSTIN_IN_TEXT = /(?:^|[^0-9A-Z])([0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z])(?![0-9A-Z])/g;

/** The valid GSTINs written in a file name ("IMS_27AAACI1234F1Z2_052026.json"), distinct. */
export function gstinsInFileName(fileName: string): string[] {
  const found = new Set<string>();
  for (const m of fileName.toUpperCase().matchAll(GSTIN_IN_TEXT)) {
    const g = m[1] as string;
    if (isValidGstin(g)) found.add(g);
  }
  return [...found];
}

/**
 * Whether an offline file belongs to `expected` (the workbook's or signed-in GSTIN). The file's
 * own GSTIN (`file.gstin`) decides when it names one; otherwise one valid GSTIN in the file name.
 * A file of another GSTIN gets a plain sentence to refuse it with.
 */
export function checkFileGstin(file: { gstin: string | null }, expected: string, fileName?: string): GstinCheck {
  const want = expected.trim().toUpperCase();
  // A value that is not shaped like a GSTIN ("N/A") says nothing about whose file it is.
  const given = file.gstin?.trim().toUpperCase() ?? "";
  const named = hasGstinShape(given) ? given : null;
  const refuse = (gstin: string, source: "file" | "file-name"): GstinCheck => ({
    ok: false,
    gstin,
    source,
    message: `This file is for GSTIN ${gstin}${source === "file-name" ? " (going by its name)" : ""}, but this workbook is for ${want}. Open the file downloaded for ${want}, or open this one in a workbook of ${gstin}.`,
  });
  if (named) return named === want ? { ok: true, confirmed: true, gstin: want, source: "file" } : refuse(named, "file");
  const inName = fileName ? gstinsInFileName(fileName) : [];
  if (inName.length === 1) {
    const g = inName[0] as string;
    return g === want ? { ok: true, confirmed: true, gstin: want, source: "file-name" } : refuse(g, "file-name");
  }
  return { ok: true, confirmed: false, message: `The file does not name its GSTIN, so the add-in cannot check it: make sure it was downloaded for ${want}.` };
}
