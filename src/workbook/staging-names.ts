/** Names of the hidden sheets a pull works in. Every one starts with the staging prefix, so any left behind is found. */
import { parseSectionCode, type SectionCode } from "../ims/sections";

export const STAGING_PREFIX = "IMS staging ";
const SNAPSHOT_SUFFIX = " typed";

/** The section's new content, written before it is copied over the section sheet. */
export function stagingSheetName(section: SectionCode): string {
  return `${STAGING_PREFIX}${section}`;
}

/** The section sheet's editable cells as they were when the copy ran over them. */
export function snapshotSheetName(section: SectionCode): string {
  return `${stagingSheetName(section)}${SNAPSHOT_SUFFIX}`;
}

export function isStagingSheet(name: string): boolean {
  return name.startsWith(STAGING_PREFIX);
}

export function isSnapshotSheet(name: string): boolean {
  return isStagingSheet(name) && name.endsWith(SNAPSHOT_SUFFIX);
}

/** The section a snapshot sheet belongs to; null for any other name. */
export function snapshotSection(name: string): SectionCode | null {
  return isSnapshotSheet(name) ? parseSectionCode(name.slice(STAGING_PREFIX.length, -SNAPSHOT_SUFFIX.length)) : null;
}
