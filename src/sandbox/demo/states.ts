/** GST state codes with the abbreviations suppliers print on invoices and a weight for how much B2B trade each state originates. */
import { Weighted, type Rng } from "./prng";

export interface StateInfo {
  code: string;
  name: string;
  abbr: string;
  weight: number;
  region: Region;
}

export type Region = "west" | "gujarat" | "karnataka" | "tamil" | "telugu" | "kerala" | "north" | "rajasthan" | "east" | "central";

export const STATES: readonly StateInfo[] = [
  { code: "01", name: "Jammu and Kashmir", abbr: "JK", weight: 0.5, region: "north" },
  { code: "02", name: "Himachal Pradesh", abbr: "HP", weight: 1.2, region: "north" },
  { code: "03", name: "Punjab", abbr: "PB", weight: 3, region: "north" },
  { code: "04", name: "Chandigarh", abbr: "CH", weight: 0.6, region: "north" },
  { code: "05", name: "Uttarakhand", abbr: "UK", weight: 1.5, region: "north" },
  { code: "06", name: "Haryana", abbr: "HR", weight: 6, region: "north" },
  { code: "07", name: "Delhi", abbr: "DL", weight: 7, region: "north" },
  { code: "08", name: "Rajasthan", abbr: "RJ", weight: 4, region: "rajasthan" },
  { code: "09", name: "Uttar Pradesh", abbr: "UP", weight: 7, region: "north" },
  { code: "10", name: "Bihar", abbr: "BR", weight: 1, region: "east" },
  { code: "11", name: "Sikkim", abbr: "SK", weight: 0.05, region: "east" },
  { code: "12", name: "Arunachal Pradesh", abbr: "AR", weight: 0.05, region: "east" },
  { code: "13", name: "Nagaland", abbr: "NL", weight: 0.05, region: "east" },
  { code: "14", name: "Manipur", abbr: "MN", weight: 0.05, region: "east" },
  { code: "15", name: "Mizoram", abbr: "MZ", weight: 0.05, region: "east" },
  { code: "16", name: "Tripura", abbr: "TR", weight: 0.1, region: "east" },
  { code: "17", name: "Meghalaya", abbr: "ML", weight: 0.1, region: "east" },
  { code: "18", name: "Assam", abbr: "AS", weight: 0.8, region: "east" },
  { code: "19", name: "West Bengal", abbr: "WB", weight: 5, region: "east" },
  { code: "20", name: "Jharkhand", abbr: "JH", weight: 1.2, region: "east" },
  { code: "21", name: "Odisha", abbr: "OD", weight: 2, region: "east" },
  { code: "22", name: "Chhattisgarh", abbr: "CG", weight: 1.5, region: "central" },
  { code: "23", name: "Madhya Pradesh", abbr: "MP", weight: 3, region: "central" },
  { code: "24", name: "Gujarat", abbr: "GJ", weight: 10, region: "gujarat" },
  { code: "26", name: "Dadra and Nagar Haveli and Daman and Diu", abbr: "DD", weight: 0.8, region: "gujarat" },
  { code: "27", name: "Maharashtra", abbr: "MH", weight: 16, region: "west" },
  { code: "29", name: "Karnataka", abbr: "KA", weight: 8, region: "karnataka" },
  { code: "30", name: "Goa", abbr: "GA", weight: 0.8, region: "west" },
  { code: "32", name: "Kerala", abbr: "KL", weight: 2, region: "kerala" },
  { code: "33", name: "Tamil Nadu", abbr: "TN", weight: 9, region: "tamil" },
  { code: "34", name: "Puducherry", abbr: "PY", weight: 0.3, region: "tamil" },
  { code: "35", name: "Andaman and Nicobar Islands", abbr: "AN", weight: 0.03, region: "east" },
  { code: "36", name: "Telangana", abbr: "TS", weight: 5, region: "telugu" },
  { code: "37", name: "Andhra Pradesh", abbr: "AP", weight: 3, region: "telugu" },
  { code: "38", name: "Ladakh", abbr: "LA", weight: 0.03, region: "north" },
];

const BY_CODE = new Map(STATES.map((s) => [s.code, s]));

/** Neighbouring trade partners get extra weight for a recipient in the key state. */
const NEIGHBOURS: Readonly<Record<string, readonly string[]>> = {
  "27": ["24", "29", "23", "30", "36", "26"],
  "29": ["33", "27", "36", "37", "32", "30"],
  "07": ["06", "09", "08", "03", "05", "04"],
  "24": ["27", "08", "23", "26"],
  "33": ["29", "32", "37", "34"],
};

export function stateInfo(code: string): StateInfo {
  const s = BY_CODE.get(code);
  if (!s) throw new Error(`Unknown state code ${code}`);
  return s;
}

/** Supplier states for a recipient: its own state heavily, its neighbours, then industrial India. */
export class StateSampler {
  private readonly table: Weighted<string>;

  constructor(homeState: string, homeShare = 0.45) {
    const neighbours = NEIGHBOURS[homeState] ?? [];
    const base = STATES.map((s) => (s.code === homeState ? 0 : s.weight * (neighbours.includes(s.code) ? 2.2 : 1)));
    const rest = base.reduce((a, b) => a + b, 0);
    const weights = STATES.map((s, i) => (s.code === homeState ? (rest * homeShare) / (1 - homeShare) : (base[i] as number)));
    this.table = new Weighted(STATES.map((s) => s.code), weights);
  }

  sample(rng: Rng): string {
    return this.table.sample(rng);
  }
}
