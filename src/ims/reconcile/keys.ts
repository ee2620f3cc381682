/**
 * The matcher's index: documents by supplier (GSTIN or PAN), key slot and key. A document files
 * each key its number gives (numbers.ts) in the slot of that kind, its variant readings and an
 * amendment's original number included: identical, compact, normalised and serial. How closely
 * two numbers agree is worked out afterwards (match.ts numberLevel).
 */
import { altKeysOf, keysOf, type Doc } from "./documents";
import type { NumberKeys } from "./numbers";

export const S_I = 0;
export const S_C = 1;
export const S_N = 2;
export const S_S = 3;

/** Which slot of one side meets which slot of the other. */
export type Family = readonly [from: number, to: number];

export const F_C: Family = [S_C, S_C];
export const F_N: Family = [S_N, S_N];
export const F_S: Family = [S_S, S_S];

/** The families a rule's number test looks up (identical numbers have their own index). */
export const FAMILIES_OF: Record<"normalised" | "serial", readonly Family[]> = {
  normalised: [F_C, F_N],
  serial: [F_C, F_N, F_S],
};

/**
 * Documents by group, slot and key: a map per group and slot gives the last entry filed under a
 * key, and each entry points to the one filed before it, so memory grows with what is filed and
 * no list is allocated per key.
 */
export class KeyIndex {
  /** By group id (an interned GSTIN or PAN, documents.ts gid / pid). */
  private readonly groups: ((Map<string, number> | undefined)[] | undefined)[] = [];
  /** Per entry: its document, and the previous entry with the same group, slot and key (-1: none). */
  private readonly docOf: number[] = [];
  private readonly prev: number[] = [];

  add(group: number, slot: number, key: string | null, doc: number): void {
    if (key !== null) this.file(this.mapsOf(group), slot, key, doc);
  }

  /** Every key of a document's number (and of an amendment's original number). */
  addDoc(group: number, d: Doc, doc: number): void {
    const maps = this.mapsOf(group);
    this.addKeys(maps, keysOf(d), doc);
    const alt = altKeysOf(d);
    if (alt) this.addKeys(maps, alt, doc);
  }

  private mapsOf(group: number): (Map<string, number> | undefined)[] {
    let maps = this.groups[group];
    if (!maps) {
      maps = [];
      this.groups[group] = maps;
    }
    return maps;
  }

  private file(maps: (Map<string, number> | undefined)[], slot: number, key: string, doc: number): void {
    let m = maps[slot];
    if (!m) {
      m = new Map();
      maps[slot] = m;
    }
    const head = m.get(key);
    if (head !== undefined && this.docOf[head] === doc) return;
    m.set(key, this.docOf.length);
    this.docOf.push(doc);
    this.prev.push(head ?? -1);
  }

  private addKeys(maps: (Map<string, number> | undefined)[], k: NumberKeys, doc: number): void {
    this.file(maps, S_C, k.compact, doc);
    this.file(maps, S_N, k.norm, doc);
    if (k.serial !== null) this.file(maps, S_S, k.serial, doc);
    for (let i = 0; i < k.variants.length; i++) {
      const v = k.variants[i] as NumberKeys["variants"][number];
      this.file(maps, S_N, v.norm, doc);
      if (v.serial !== null) this.file(maps, S_S, v.serial, doc);
    }
  }

  group(group: number): (Map<string, number> | undefined)[] | undefined {
    return this.groups[group];
  }

  /** The last entry filed under `key` in map `m` (-1: none); walk on with `prevEntry`, read with `docAt`. */
  firstEntry(m: Map<string, number> | undefined, key: string): number {
    return m ? (m.get(key) ?? -1) : -1;
  }

  prevEntry(e: number): number {
    return this.prev[e] as number;
  }

  docAt(e: number): number {
    return this.docOf[e] as number;
  }

  /**
   * Pushes onto `out` each document the keys `k` meet through `families` that `accept` takes,
   * once: `mark[doc] === stamp` says it is already there.
   */
  collect(maps: (Map<string, number> | undefined)[], k: NumberKeys, families: readonly Family[], out: number[], mark: Int32Array, stamp: number, accept: (doc: number) => boolean): void {
    for (let f = 0; f < families.length; f++) {
      const [from, to] = families[f] as Family;
      const m = maps[to];
      if (!m) continue;
      const nKeys = from === S_C ? 1 : 1 + k.variants.length;
      for (let v = 0; v < nKeys; v++) {
        let key: string | null;
        if (from === S_C) key = k.compact;
        else if (from === S_N) key = v === 0 ? k.norm : (k.variants[v - 1] as NumberKeys["variants"][number]).norm;
        else key = v === 0 ? k.serial : (k.variants[v - 1] as NumberKeys["variants"][number]).serial;
        if (key === null) continue;
        for (let e = m.get(key) ?? -1; e >= 0; e = this.prev[e] as number) {
          const doc = this.docOf[e] as number;
          if (mark[doc] === stamp) continue;
          mark[doc] = stamp;
          if (accept(doc)) out.push(doc);
        }
      }
    }
  }

  /** Calls `visit` for each document filed under `key` in map `m` of this index. */
  each(m: Map<string, number> | undefined, key: string, visit: (doc: number) => void): void {
    if (!m) return;
    for (let e = m.get(key) ?? -1; e >= 0; e = this.prev[e] as number) visit(this.docOf[e] as number);
  }
}
