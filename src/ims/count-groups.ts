/** Names people know for the IMS dashboard's three count groups and their count-only sections. */
import { parseSectionCode, sectionInfo, type GoodsType } from "./sections";

export const GROUP_TITLES: Record<GoodsType, string> = {
  others: "All other ITC (IMS sections)",
  inward_supplies: "Inward supplies from ISD",
  imports: "Import of goods",
};

const COUNT_ONLY_TITLES: Record<string, string> = {
  ISD: "ISD invoices",
  ISDA: "ISD invoices (amendments)",
  ISDCN: "ISD credit notes",
  ISDCNA: "ISD credit notes (amendments)",
  IMPG: "Import of goods",
  IMPGA: "Import of goods (amendments)",
  IMPGSEZ: "Import of goods from SEZ",
  IMPGSEZA: "Import of goods from SEZ (amendments)",
};

/** The title of a counted section: an IMS section's title, or a count-only section's name. */
export function countSectionTitle(group: GoodsType, key: string): string {
  const section = group === "others" ? parseSectionCode(key) : null;
  return section ? sectionInfo(section).title : (COUNT_ONLY_TITLES[key.toUpperCase()] ?? key);
}
