/**
 * Without an API account (issue 13), what must outlive the pane: what gives back the exact text
 * of every record of the portal's IMS file last opened (record-template.ts: the upload file
 * echoes each record byte for byte), and what the last upload file held (to settle it once the
 * portal processed it). Both live in hidden sheets of the workbook (blob-sheet.ts), so a workbook
 * reopened, or mailed to a colleague, can still make and settle an upload file. The file's name
 * and date are in the workbook's metadata.
 */
import { KeptTexts, type KeptTextsData, type Skeleton } from "../ims/offline";
import { decodeDigests } from "../ims/offline/record-template";
import type { ItcReduction } from "../ims/records";
import { SECTION_CODES, type SaveAction, type SectionCode } from "../ims/sections";
import { readBlobSheet, writeBlobSheet, type BlobSheetOptions, type BlobWriteResult } from "./blob-sheet";
import { loadMetadata, metadataOf, nextMetadata, queueMetadata } from "./metadata";
import type { OfflineUpload } from "./offline-source";

export const OFFLINE_RECORDS_SHEET = "IMS offline records";
export const OFFLINE_UPLOAD_SHEET = "IMS offline upload";

/** Characters of record text per block: a damaged block loses at most this much. */
const BLOCK_CHARS = 2_000_000;

/** One record of the portal's IMS file kept as its text (a workbook of an earlier version keeps every record so). */
export interface KeptRecord {
  /** `imsRecordKey` of the record (the sheet row's key). */
  key: string;
  /** The section key as the file spells it ("b2bcn", "eco"). */
  sectionKey: string;
  /** The record's exact text in the file. */
  raw: string;
}

export interface KeptRecords {
  /** False when the workbook never kept any (its sheets were not read from a portal file). */
  exists: boolean;
  /** The file's records as skeletons (record-template.ts); null in a workbook of an earlier version. */
  texts: KeptTexts | null;
  /** Records kept as their text, by key, with each one's position among them. */
  byKey: Map<string, KeptRecord & { order: number }>;
  /** Blocks that could not be read (a part edited or deleted): their records are missing. */
  damagedBlocks: number;
  syncs: number;
}

/**
 * The blocks that keep a file's records: the skeletons, names and digests first (a small block),
 * then the records kept verbatim, as an earlier version kept every record.
 */
export function keptRecordBlocks(data: KeptTextsData): string[] {
  const { verbatim, ...rendered } = data;
  const blocks = [JSON.stringify({ v: 2, ...rendered })];
  let current: [string, string, string][] = [];
  let chars = 0;
  const close = () => {
    if (current.length) blocks.push(JSON.stringify({ v: 1, records: current }));
    current = [];
    chars = 0;
  };
  for (const [key, sectionKey, raw] of verbatim) {
    if (chars > 0 && chars + raw.length > BLOCK_CHARS) close();
    current.push([key, sectionKey, raw]);
    chars += raw.length + key.length + 16;
  }
  close();
  return blocks;
}

/** Keeps the records of a portal IMS file, replacing those of the file opened before. */
export async function keepDownloadedRecords(data: KeptTextsData, options: BlobSheetOptions = {}): Promise<BlobWriteResult> {
  return writeBlobSheet(OFFLINE_RECORDS_SHEET, keptRecordBlocks(data), options);
}

/** The records kept from the portal IMS file last opened. */
export async function readDownloadedRecords(options: BlobSheetOptions = {}): Promise<KeptRecords> {
  const read = await readBlobSheet(OFFLINE_RECORDS_SHEET, options);
  const byKey = new Map<string, KeptRecord & { order: number }>();
  let texts: KeptTexts | null = null;
  let damagedBlocks = 0;
  let order = 0;
  for (const text of read.blocks) {
    const block = text === null ? null : blockOf(text);
    if (block === null) {
      damagedBlocks++;
      continue;
    }
    if (block.kind === "texts") {
      texts = block.texts;
      continue;
    }
    for (const [key, sectionKey, raw] of block.records) {
      if (!byKey.has(key)) byKey.set(key, { key, sectionKey, raw, order });
      order++;
    }
  }
  return { exists: read.exists, texts, byKey, damagedBlocks, syncs: read.syncs };
}

type Block = { kind: "records"; records: [string, string, string][] } | { kind: "texts"; texts: KeptTexts };

function blockOf(text: string): Block | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== "object") return null;
  const v = value as { v?: unknown; records?: unknown };
  if (v.v === 2) {
    const data = keptTextsData(value);
    return data ? { kind: "texts", texts: new KeptTexts(data) } : null;
  }
  if (v.v !== 1 || !Array.isArray(v.records)) return null;
  const out: [string, string, string][] = [];
  for (const item of v.records as unknown[]) {
    if (!isTextTriple(item)) return null;
    out.push(item);
  }
  return { kind: "records", records: out };
}

function isTextTriple(item: unknown): item is [string, string, string] {
  return Array.isArray(item) && item.length === 3 && item.every((x) => typeof x === "string");
}

/** The kept texts' data when `value` has their shape; null when anything is off (a damaged block). */
function keptTextsData(value: object): Omit<KeptTextsData, "verbatim"> | null {
  const v = value as Record<string, unknown>;
  const pairs = (x: unknown, second: "string") =>
    Array.isArray(x) && x.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === "string" && typeof p[1] === second);
  const skeletonOk = (x: unknown) => Array.isArray(x) && x.every((p) => typeof p === "string" || (typeof p === "number" && Number.isInteger(p) && p >= 0));
  const indexes = (x: unknown) => Array.isArray(x) && x.every((i) => typeof i === "number" && Number.isInteger(i) && i >= 0);
  const selectorsOk = Array.isArray(v.selectors) && v.selectors.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === "string" && indexes(p[1]));
  if (!pairs(v.sections, "string") || !selectorsOk || !pairs(v.names, "string")) return null;
  if (!Array.isArray(v.skeletons) || !v.skeletons.every(skeletonOk) || typeof v.digests !== "string") return null;
  const skeletonCount = v.skeletons.length;
  if (!(v.selectors as [string, number[]][]).every(([, list]) => list.every((i) => i < skeletonCount))) return null;
  if (!(v.sections as [string, string][]).every(([code]) => (SECTION_CODES as readonly string[]).includes(code))) return null;
  try {
    decodeDigests(v.digests);
  } catch {
    return null;
  }
  return {
    sections: v.sections as [SectionCode, string][],
    skeletons: v.skeletons as Skeleton[],
    selectors: v.selectors as [string, number[]][],
    names: v.names as [string, string][],
    digests: v.digests,
  };
}

/** One record of an upload file: what it asked the portal to save. */
export interface UploadEntry {
  key: string;
  section: SectionCode;
  action: SaveAction;
  remarks?: string;
  itcReduction?: ItcReduction;
}

export interface UploadRecord {
  fileName: string;
  savedAt: string;
  entries: UploadEntry[];
}

/** Keeps what the upload file just saved holds, replacing the one before. */
export async function keepUploadRecord(upload: UploadRecord, options: BlobSheetOptions = {}): Promise<BlobWriteResult> {
  return writeBlobSheet(OFFLINE_UPLOAD_SHEET, [JSON.stringify({ v: 1, ...upload })], options);
}

/** The upload file last saved from this workbook, or null (none, or its record is damaged). */
export async function readUploadRecord(options: BlobSheetOptions = {}): Promise<UploadRecord | null> {
  const read = await readBlobSheet(OFFLINE_UPLOAD_SHEET, options);
  const text = read.blocks[0];
  if (read.blocks.length !== 1 || typeof text !== "string") return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  if (v.v !== 1 || typeof v.fileName !== "string" || typeof v.savedAt !== "string" || !Array.isArray(v.entries)) return null;
  const entries: UploadEntry[] = [];
  for (const e of v.entries as unknown[]) {
    const entry = cleanEntry(e);
    if (!entry) return null;
    entries.push(entry);
  }
  return { fileName: v.fileName, savedAt: v.savedAt, entries };
}

const HEADS = ["igst", "cgst", "sgst", "cess"] as const;

function cleanEntry(value: unknown): UploadEntry | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  if (typeof v.key !== "string" || !(SECTION_CODES as readonly unknown[]).includes(v.section)) return null;
  if (v.action !== "A" && v.action !== "R" && v.action !== "P") return null;
  const out: UploadEntry = { key: v.key, section: v.section as SectionCode, action: v.action };
  if (typeof v.remarks === "string") out.remarks = v.remarks;
  if (v.itcReduction && typeof v.itcReduction === "object") {
    const i = v.itcReduction as Record<string, unknown>;
    if (i.required !== "Y" && i.required !== "N") return null;
    const itc: ItcReduction = { required: i.required };
    for (const h of HEADS) {
      const paise = i[h];
      if (paise === undefined) continue;
      if (typeof paise !== "number" || !Number.isInteger(paise)) return null;
      itc[h] = paise;
    }
    out.itcReduction = itc;
  }
  return out;
}

/**
 * Notes the upload file in the workbook's metadata (beside the IMS file it was made from).
 * Nothing is written when the workbook has no metadata of `gstin`'s offline file.
 */
export async function recordOfflineUpload(gstin: string, update: (upload: OfflineUpload | undefined) => OfflineUpload): Promise<boolean> {
  return Excel.run({ delayForCellEdit: true }, async (context) => {
    const setting = loadMetadata(context);
    await context.sync();
    const current = metadataOf(setting);
    if (!current?.offline || current.gstin !== gstin) return false;
    queueMetadata(context, nextMetadata(current, { gstin, offline: { ...current.offline, upload: update(current.offline.upload) } }));
    await context.sync();
    return true;
  });
}
