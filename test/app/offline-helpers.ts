/**
 * The offline path end to end, without a sandbox or a sign-in: the real application
 * (createImsApp, pointed at a server that is never called) on the Excel fake, with the portal's
 * files built by test/offline/fixtures/builders.ts. A "reopen" is a new application on the same
 * workbook: nothing of the first one's memory carries over.
 */
import { createImsApp } from "../../src/app";
import type { PickedFile } from "../../src/app/offline-types";
import type { ImsApp } from "../../src/app/types";
import { imsRecordKey } from "../../src/ims/records";
import type { SectionCode } from "../../src/ims/sections";
import { columnLetter, sectionLayout, type ColumnId } from "../../src/workbook/layout";
import { installExcelFake, type FakeExcelHandle } from "../excel-fake";
import { isArray, isObject, readJson } from "../../src/ims/offline/json-source";
import { expectedRecord, RECIPIENT, type WireSpec } from "../offline/fixtures/builders";
import { rowByKey, sheetRows, type SheetRow } from "./helpers";

/** The portal's clock and the pane's: after the specs' documents (Apr–Sep 2026). */
export const NOW = new Date("2026-10-10T05:30:00.000Z");
export const TODAY = "2026-10-10";
/** Where the app would find the add-in server: never reached on the offline path. */
export const NO_SERVER = "http://127.0.0.1:9/api";

export interface OfflineWorld {
  fake: FakeExcelHandle;
  app: ImsApp;
  /** A new application on the same workbook (the pane closed and opened again, or a colleague's pane). */
  reopen(): ImsApp;
  close(): void;
}

export function offlineWorld(now: () => Date = () => NOW): OfflineWorld {
  const fake = installExcelFake({ today: TODAY });
  const make = () => createImsApp({ apiUrl: NO_SERVER, storage: null, now, fetch: () => Promise.reject(new Error("the offline path made a request")) });
  return { fake, app: make(), reopen: make, close: () => fake.uninstall() };
}

export function picked(text: string, name = "IMS_27AAACI1234F1Z2_102026.json", lastModified = Date.parse("2026-10-09T12:00:00.000Z")): PickedFile {
  return { name, text, lastModified };
}

export function keyOf(s: WireSpec): string {
  return imsRecordKey(expectedRecord(s));
}

export function rowOf(fake: FakeExcelHandle, s: WireSpec): SheetRow {
  return rowByKey(fake, s.section, keyOf(s));
}

/** Types into a record's cell as a person would (columns by header text, the row by its key). */
export function typeFor(fake: FakeExcelHandle, s: WireSpec, id: ColumnId, text: string): void {
  const layout = sectionLayout(s.section);
  const header = layout.columns[layout.index[id] as number]?.header as string;
  const headers = fake.inspect.values(s.section, `A1:${columnLetter(layout.columns.length + 4)}1`)[0] as unknown[];
  const col = headers.indexOf(header);
  if (col < 0) throw new Error(`no column ${header} on ${s.section}`);
  fake.user.typeInto(s.section, `${columnLetter(col)}${rowOf(fake, s).sheetRow}`, text);
}

export function rowsOf(fake: FakeExcelHandle, section: SectionCode): SheetRow[] {
  return sheetRows(fake, section);
}

/** Everything a person or the add-in could see in the workbook: every sheet's values and formats, and the settings. */
export function snapshot(fake: FakeExcelHandle): string {
  const sheets = fake.inspect.sheetNames().map((name) => {
    const used = fake.inspect.usedRange(name);
    const values = used ? fake.inspect.values(name, used) : [];
    return { name, used, values };
  });
  return JSON.stringify({ sheets, settings: fake.inspect.settings() });
}

/** Every record's text in the file, by document number (each record is one object at its depth). */
export function recordTexts(file: string, specs: readonly WireSpec[]): Map<string, string> {
  const root = readJson(file.replace(/^\uFEFF/, ""));
  if (!root.ok) throw new Error("the download is not JSON");
  const body = file.replace(/^\uFEFF/, "");
  const out = new Map<string, string>();
  const visit = (v: unknown): void => {
    if (isArray(v as never)) for (const item of (v as { items: unknown[] }).items) visit(item);
    else if (isObject(v as never)) {
      const o = v as { members: Map<string, unknown>; start: number; end: number };
      const doc = o.members.get("inum") ?? o.members.get("nt_num");
      if (typeof doc === "string" && specs.some((s) => s.docNumber === doc)) out.set(doc, body.slice(o.start, o.end));
      else for (const m of o.members.values()) visit(m);
    }
  };
  visit(root.value);
  return out;
}

/** The upload file's records by document number, with their text as it stands in the file; checks the envelope. */
export function uploadTexts(text: string): Map<string, { text: string; members: Map<string, unknown> }> {
  const root = readJson(text);
  if (!root.ok || !isObject(root.value)) throw new Error("the upload is not a JSON object");
  expect([...root.value.members.keys()]).toEqual(["rtin", "reqtyp", "invdata"]);
  expect(root.value.members.get("rtin")).toBe(RECIPIENT);
  const invdata = root.value.members.get("invdata");
  if (!isObject(invdata)) throw new Error("no invdata");
  const out = new Map<string, { text: string; members: Map<string, unknown> }>();
  for (const list of invdata.members.values()) {
    if (!isArray(list)) throw new Error("a section is not a list");
    for (const item of list.items) {
      if (!isObject(item)) throw new Error("not a record");
      const doc = item.members.get("inum") ?? item.members.get("nt_num");
      out.set(String(doc), { text: text.slice(item.start, item.end), members: item.members });
    }
  }
  return out;
}
