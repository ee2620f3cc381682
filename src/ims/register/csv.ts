/**
 * CSV text to rows of cells (RFC 4180 and what spreadsheets write): fields in double quotes may
 * hold commas, line breaks and "" for a quote; CRLF, LF or CR end a record; a leading byte-order
 * mark is dropped; the newline after the last record adds no empty record. Cells stay text (the
 * register reader parses amounts and dates), so "00123" keeps its zeros. Fields are cut out of
 * the text in one piece (flat strings, quick to compare and hash).
 */
export function parseCsv(text: string, delimiter = ","): string[][] {
  const rows: string[][] = [];
  const n = text.length;
  const d = delimiter.charCodeAt(0);
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let row: string[] = [];
  while (i < n) {
    let field: string;
    if (text.charCodeAt(i) === 34) {
      // Quoted: up to the closing quote, "" standing for one quote.
      let start = i + 1;
      let j = start;
      let pieces: string[] | null = null;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          j = n;
          break;
        }
        if (text.charCodeAt(q + 1) === 34) {
          (pieces ??= []).push(text.slice(start, q + 1));
          start = j = q + 2;
          continue;
        }
        j = q;
        break;
      }
      field = pieces ? pieces.join("") + text.slice(start, j) : text.slice(start, j);
      i = j + 1;
      // Anything between the closing quote and the delimiter is kept, as spreadsheets do.
      const rest = i;
      while (i < n && text.charCodeAt(i) !== d && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      if (i > rest) field += text.slice(rest, i);
    } else {
      const start = i;
      while (i < n && text.charCodeAt(i) !== d && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      field = text.slice(start, i);
    }
    row.push(field);
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === d) {
      i++;
      if (i >= n) row.push("");
      continue;
    }
    // End of record.
    rows.push(row);
    row = [];
    i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** Guesses the delimiter from the first line: comma, semicolon or tab, whichever occurs most outside quotes. */
export function sniffDelimiter(text: string): string {
  const firstLine: string[] = [];
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === "\n" || ch === "\r")) break;
    if (!quoted) firstLine.push(ch);
  }
  const count = (d: string) => firstLine.filter((c) => c === d).length;
  const candidates = [",", ";", "\t"];
  return candidates.reduce((best, d) => (count(d) > count(best) ? d : best), ",");
}
