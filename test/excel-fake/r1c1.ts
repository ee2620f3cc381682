/**
 * Converting cell references in formulas between A1 ("=A2&$B$2") and R1C1 ("=RC[-10]&R2C2")
 * notation, relative to the cell holding the formula. Covers single-cell references, alone or
 * in ranges ("A2:B3"), optionally after a sheet name. Whole-row and whole-column references
 * ("A:A", "R1", "C[2]") and names are left as they are. Text in double quotes and quoted sheet
 * names are never touched. A reference that would fall off the sheet becomes "#REF!", as in Excel.
 */
import { columnIndex, columnLetters, MAX_COLS, MAX_ROWS } from "./addresses";

/** Applies `convert` to the parts of a formula outside "string literals" and 'quoted sheet names'. */
function outsideQuotes(formula: string, convert: (part: string) => string): string {
  let out = "";
  let start = 0;
  let i = 0;
  while (i < formula.length) {
    const q = formula[i];
    if (q !== '"' && q !== "'") {
      i++;
      continue;
    }
    out += convert(formula.slice(start, i));
    let j = i + 1;
    while (j < formula.length) {
      if (formula[j] === q) {
        if (formula[j + 1] === q) j += 2;
        else break;
      } else j++;
    }
    out += formula.slice(i, j + 1);
    i = j + 1;
    start = i;
  }
  return out + convert(formula.slice(start));
}

// Not part of a longer name before, and not a function name or a sheet name after.
const A1_REF = /(?<![A-Za-z0-9_.\\])(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})(?![A-Za-z0-9_.(!\\[])/g;
const R1C1_REF = /(?<![A-Za-z0-9_.\\])[Rr](\[-?\d+\]|\d+)?[Cc](\[-?\d+\]|\d+)?(?![A-Za-z0-9_.(!\\[])/g;

function part(letter: string, absolute: boolean, target: number, here: number): string {
  if (absolute) return `${letter}${target + 1}`;
  return target === here ? letter : `${letter}[${target - here}]`;
}

/** `formula` as Excel's `formulasR1C1` shows it for the cell at (row, col), 0-based. */
export function a1ToR1C1(formula: string, row: number, col: number): string {
  return outsideQuotes(formula, (text) =>
    text.replace(A1_REF, (whole: string, colAbs: string, letters: string, rowAbs: string, digits: string) => {
      const c = columnIndex(letters);
      const r = Number(digits) - 1;
      if (c < 0 || r < 0 || r >= MAX_ROWS) return whole;
      return part("R", rowAbs === "$", r, row) + part("C", colAbs === "$", c, col);
    }),
  );
}

function target(spec: string | undefined, here: number): number {
  if (spec === undefined) return here;
  return spec.startsWith("[") ? here + Number(spec.slice(1, -1)) : Number(spec) - 1;
}

/** An R1C1 formula written to the cell at (row, col), 0-based, in A1 notation. */
export function r1c1ToA1(formula: string, row: number, col: number): string {
  return outsideQuotes(formula, (text) =>
    text.replace(R1C1_REF, (_whole: string, rowSpec: string | undefined, colSpec: string | undefined) => {
      const r = target(rowSpec, row);
      const c = target(colSpec, col);
      if (r < 0 || r >= MAX_ROWS || c < 0 || c >= MAX_COLS) return "#REF!";
      const rowAbs = rowSpec !== undefined && !rowSpec.startsWith("[");
      const colAbs = colSpec !== undefined && !colSpec.startsWith("[");
      return `${colAbs ? "$" : ""}${columnLetters(c)}${rowAbs ? "$" : ""}${r + 1}`;
    }),
  );
}

/** A formula copied or moved from one cell to another: relative references follow, absolute ones stay. */
export function moveFormula(formula: string, fromRow: number, fromCol: number, toRow: number, toCol: number): string {
  if (fromRow === toRow && fromCol === toCol) return formula;
  return r1c1ToA1(a1ToR1C1(formula, fromRow, fromCol), toRow, toCol);
}
