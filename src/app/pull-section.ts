/**
 * Fetching one section for a pull, when GSTN may answer a large section with its
 * `{token, est}` form (LargeSectionError) instead of records. The provider documents no way
 * to download GSTN's file, so the add-in asks again by status filter, the only way the API
 * has to ask for less (no action, accepted, rejected, pending: together the whole section),
 * and says in plain words what it did, or why (part of) a section could not come down.
 */
import { LargeSectionError, type ImsClient, type RejectedRecord } from "../api";
import type { ImsRecord } from "../ims/records";
import type { SectionCode, StatusFilter } from "../ims/sections";

/** The parts a too-large section is asked for, in this order. */
export const SPLIT_ORDER: readonly StatusFilter[] = ["no_action_taken", "accepted", "rejected", "pending"];

const PART_WORDS: Record<StatusFilter, string> = { no_action_taken: "no action", accepted: "accepted", rejected: "rejected", pending: "pending" };

const FILE_ONLY = "GSTN offers that much only as a file download, which the IMS API does not provide";

export interface SectionFetch {
  /** Nothing came down: the sheet must not be touched; `warning` says why. */
  nothing: boolean;
  records: ImsRecord[];
  rejected: RejectedRecord[];
  /** The records are all of what was asked for (no part was too large). */
  whole: boolean;
  /** What the add-in did beyond one request (split the section), in a sentence. */
  notice: string | null;
  /** What could not come down, and what that means for the sheet, in sentences. */
  warning: string | null;
}

export interface FetchSectionOptions {
  signal?: AbortSignal;
  /** Called before each part of a split: "accepted", 2 of 4. */
  onPart?: (words: string, n: number, of: number) => void;
}

export async function fetchSection(client: ImsClient, section: SectionCode, status: StatusFilter | null, options: FetchSectionOptions = {}): Promise<SectionFetch> {
  const signal = options.signal ? { signal: options.signal } : {};
  try {
    const { records, rejected } = await client.getInvoicesChecked(section, { ...signal, ...(status ? { status } : {}) });
    return { nothing: false, records, rejected, whole: true, notice: null, warning: null };
  } catch (e) {
    if (!(e instanceof LargeSectionError)) throw e;
  }
  if (status !== null) {
    return nothingCame(
      `${section} (${PART_WORDS[status]} only) could not be pulled: it is too large for the portal to send in one answer. ${FILE_ONLY}, and the records of one status cannot be asked for in smaller parts. Nothing on the ${section} sheet was changed; use the GST portal for these records.`,
    );
  }

  const records: ImsRecord[] = [];
  const rejected: RejectedRecord[] = [];
  const came: StatusFilter[] = [];
  const tooLarge: StatusFilter[] = [];
  for (const [i, part] of SPLIT_ORDER.entries()) {
    options.onPart?.(PART_WORDS[part], i + 1, SPLIT_ORDER.length);
    try {
      const got = await client.getInvoicesChecked(section, { ...signal, status: part });
      records.push(...got.records);
      rejected.push(...got.rejected);
      came.push(part);
    } catch (e) {
      if (!(e instanceof LargeSectionError)) throw e;
      tooLarge.push(part);
    }
  }

  const count = `${records.length} ${records.length === 1 ? "record" : "records"}`;
  if (came.length === 0) {
    return nothingCame(
      `${section} could not be pulled: it is too large for the portal to send in one answer, and so is each of its parts by status (${words(SPLIT_ORDER)}). ${FILE_ONLY}. Nothing on the ${section} sheet was changed; use the GST portal for this section.`,
    );
  }
  if (tooLarge.length === 0) {
    return {
      nothing: false,
      records,
      rejected,
      whole: true,
      notice: `${section} was too large for the portal to send in one answer, so the add-in pulled it in ${SPLIT_ORDER.length} parts by status (${words(SPLIT_ORDER)}) and put them together: the sheet has all of ${section} (${count}).`,
      warning: null,
    };
  }
  const missing = words(tooLarge);
  const plural = tooLarge.length > 1;
  return {
    nothing: false,
    records,
    rejected,
    whole: false,
    notice: null,
    warning:
      `${section} was too large for the portal to send in one answer, so the add-in pulled it in parts by status. ` +
      `The ${missing} ${plural ? "parts are" : "part is"} still too large and did not come down (${FILE_ONLY}); ` +
      `the ${words(came)} ${came.length > 1 ? "parts" : "part"} did (${count}) and ${came.length > 1 ? "are" : "is"} on the sheet. ` +
      `Rows of ${section} already on the sheet that were not in ${came.length > 1 ? "those parts" : "that part"} were kept as they were, not marked as gone from the portal; use the GST portal for the ${missing} records.`,
  };
}

function nothingCame(warning: string): SectionFetch {
  return { nothing: true, records: [], rejected: [], whole: false, notice: null, warning };
}

/** "no action, accepted and pending". */
function words(parts: readonly StatusFilter[]): string {
  const w = parts.map((p) => PART_WORDS[p]);
  return w.length <= 1 ? (w[0] ?? "") : `${w.slice(0, -1).join(", ")} and ${w[w.length - 1]}`;
}
