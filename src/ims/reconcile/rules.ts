/**
 * The matching rules, in the order they apply. Each step links only documents no earlier step
 * used, so a pair is used once and a PR line is never linked twice.
 *
 * Always, whatever the step says:
 *  - a credit note links only with a credit note (a PR line with negative amounts, or typed
 *    "Credit Note", is one; its amounts are compared without the sign);
 *  - when both numbers carry a financial year ("2024-25" vs "2025-26"), the years must agree:
 *    last year's invoice sharing this year's serial is another document;
 *  - numbers must agree (identical, normalised, by serial or, last, by a swapped pair of
 *    characters): two documents are never linked because their amounts agree when their
 *    numbers do not.
 *
 * What the words mean (numbers.ts has the normalisation, config.ts the settings):
 *  number  identical   as written (trimmed; case counts unless exactIgnoresCase)
 *          normalised  the same once case, spaces, separators, leading zeros, financial-year
 *                      fragments (also glued to the serial) and prefixes (INV/, BILL-, "Inv ")
 *                      are set aside
 *          serial      the same serial (the last digit group), whatever surrounds it
 *          similar     normalised numbers with two neighbouring characters swapped (a typing
 *                      slip; config.similarity); a near-miss decoy is another document, so this
 *                      step also asks for equal amounts
 *  date    same        the same day
 *          window      within dateWindowDays either way, across month ends (a PR line
 *                      without a readable date passes only with an identical or normalised number)
 *  amounts equal       every head to the paisa (the document value only when the PR has it)
 *          tolerance   every head within its tolerance (rupees or percent)
 *          any         not compared: what differs is reported, and the link is a mismatch
 *  level   gstin       the same supplier GSTIN
 *          pan         the same PAN (GSTIN characters 3-12) under another GSTIN: a branch
 *  shape   one-to-one  one IMS document, one PR line
 *          split       one IMS document booked over several PR lines (each with its number,
 *                      or with it and a short suffix: "INV-7/1"), the lines adding up to it
 *          clubbed     several IMS documents of one supplier booked as one PR line, which
 *                      carries the number of at least one of them and adds up to all of them
 *
 * The category follows from what differs, not from the step: nothing → exact; only the number's
 * format, the date within the window, rounding within tolerance, a branch GSTIN, clubbing or
 * splitting → suggested, with those reasons; an amount beyond tolerance → mismatch.
 */

export type NumberTest = "identical" | "normalised" | "serial" | "similar";
export type DateTest = "same" | "window";
export type AmountTest = "equal" | "tolerance" | "any";
export type Level = "gstin" | "pan";
export type Shape = "one-to-one" | "split" | "clubbed";

export interface LinkRule {
  kind: "link";
  id: string;
  says: string;
  level: Level;
  shape: Shape;
  number: NumberTest;
  date: DateTest;
  amounts: AmountTest;
  /** Link only a pair that is each other's only candidate in this step. */
  onlyIfUnique?: boolean;
}

export interface DuplicateRule {
  kind: "duplicates";
  id: string;
  says: string;
}

export type Step = LinkRule | DuplicateRule;

export const RULES: readonly Step[] = [
  { kind: "link", id: "exact", says: "Same GSTIN, number as written, same date, same amounts.", level: "gstin", shape: "one-to-one", number: "identical", date: "same", amounts: "equal" },
  { kind: "link", id: "normalised", says: "Same GSTIN, number the same once normalised, date within the window, amounts within tolerance.", level: "gstin", shape: "one-to-one", number: "normalised", date: "window", amounts: "tolerance" },
  { kind: "link", id: "serial", says: "Same GSTIN, same serial, date within the window, amounts within tolerance.", level: "gstin", shape: "one-to-one", number: "serial", date: "window", amounts: "tolerance" },
  { kind: "link", id: "split", says: "Same GSTIN: PR lines with the document's number (or serial), dated within the window, adding up to it within tolerance.", level: "gstin", shape: "split", number: "serial", date: "window", amounts: "tolerance" },
  { kind: "link", id: "clubbed", says: "Same GSTIN: one PR line with the number of one of several documents dated near it, adding up to all of them within tolerance.", level: "gstin", shape: "clubbed", number: "serial", date: "window", amounts: "tolerance" },
  { kind: "link", id: "branch", says: "Same PAN under another GSTIN, number the same once normalised, date within the window, amounts within tolerance.", level: "pan", shape: "one-to-one", number: "normalised", date: "window", amounts: "tolerance" },
  { kind: "link", id: "branch-serial", says: "Same PAN under another GSTIN, same serial, date within the window, amounts within tolerance.", level: "pan", shape: "one-to-one", number: "serial", date: "window", amounts: "tolerance" },
  { kind: "duplicates", id: "duplicates", says: "A PR line repeating a linked line (or an earlier line): same GSTIN, same normalised number, date within the window, amounts within tolerance. Flagged, never linked." },
  { kind: "link", id: "similar", says: "Same GSTIN, normalised numbers with two neighbouring characters swapped (a typing slip), date within the window, every amount to the paisa.", level: "gstin", shape: "one-to-one", number: "similar", date: "window", amounts: "equal" },
  { kind: "link", id: "mismatch", says: "Same GSTIN, number the same once normalised, date within the window, amounts differ: a mismatch.", level: "gstin", shape: "one-to-one", number: "normalised", date: "window", amounts: "any" },
  { kind: "link", id: "branch-mismatch", says: "Same PAN under another GSTIN, number the same once normalised, date within the window, amounts differ: a mismatch.", level: "pan", shape: "one-to-one", number: "normalised", date: "window", amounts: "any" },
  { kind: "link", id: "serial-mismatch", says: "Same GSTIN, same serial, date within the window, amounts differ, and no other candidate on either side: a mismatch.", level: "gstin", shape: "one-to-one", number: "serial", date: "window", amounts: "any", onlyIfUnique: true },
  { kind: "link", id: "branch-serial-mismatch", says: "Same PAN under another GSTIN, same serial, date within the window, amounts differ, and no other candidate on either side: a mismatch.", level: "pan", shape: "one-to-one", number: "serial", date: "window", amounts: "any", onlyIfUnique: true },
  { kind: "duplicates", id: "duplicates-late", says: "Duplicates of lines linked by the steps above." },
];
