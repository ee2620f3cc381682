/**
 * `Range.copyFrom(source, "All")` (ExcelApi 1.9): copies values, formulas (relative references
 * follow the copy, as a paste does), number formats, data validation and cell styles from the
 * source range to the destination, which takes the source's size from its top-left cell.
 * `"Values"` copies only the values (a formula cell's result), as Paste Values does; the
 * destination keeps its formats.
 * learn.microsoft.com/javascript/api/excel/excel.rangecopytype
 * Conditional formats are not copied (see KNOWN-DIFFERENCES.md).
 */
import type { Rect } from "./addresses";
import { Codes, officeError } from "./errors";
import type { SheetModel } from "./model";
import { afterWrite } from "./model-tables";
import { moveFormula } from "./r1c1";

export type CopyType = "All" | "Formats" | "Values" | "Formulas";

export function copyCells(src: SheetModel, from: Rect, dst: SheetModel, at: { r0: number; c0: number }, copyType: CopyType = "All"): Rect {
  if (copyType !== "All" && copyType !== "Values") throw officeError(Codes.invalidArgument, `copyFrom: only copyType "All" and "Values" are emulated, not ${copyType}`);
  const height = from.r1 - from.r0 + 1;
  const width = from.c1 - from.c0 + 1;
  if (copyType === "Values") {
    const values = Array.from({ length: height }, (_, i) => src.cells.readSlice(from.r0 + i, from.c0, from.c1).v);
    values.forEach((v, i) => {
      const kept = dst.cells.readSlice(at.r0 + i, at.c0, at.c0 + width - 1);
      dst.cells.writeSlice(at.r0 + i, at.c0, { ...kept, v, f: undefined }, width);
    });
    const rect = { r0: at.r0, c0: at.c0, r1: at.r0 + height - 1, c1: at.c0 + width - 1 };
    afterWrite(dst, rect);
    return rect;
  }
  // Read every source row first: source and destination may overlap.
  const slices = [];
  for (let i = 0; i < height; i++) {
    const r = from.r0 + i;
    const s = src.cells.readSlice(r, from.c0, from.c1);
    slices.push({
      ...s,
      nf: Array.from({ length: width }, (_, j) => src.cells.attr(r, from.c0 + j, "nf")),
      dv: Array.from({ length: width }, (_, j) => src.cells.attr(r, from.c0 + j, "dv")),
      st: Array.from({ length: width }, (_, j) => src.cells.attr(r, from.c0 + j, "st")),
    });
  }
  slices.forEach((s, i) => {
    const f = s.f?.map((x, j) => (x === undefined ? undefined : moveFormula(x, from.r0 + i, from.c0 + j, at.r0 + i, at.c0 + j)));
    dst.cells.writeSlice(at.r0 + i, at.c0, { ...s, f }, width);
  });
  const rect = { r0: at.r0, c0: at.c0, r1: at.r0 + height - 1, c1: at.c0 + width - 1 };
  afterWrite(dst, rect);
  return rect;
}
