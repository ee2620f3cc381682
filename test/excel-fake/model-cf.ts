/**
 * Conditional formats on a sheet: each rule applies to one or more rectangles (its "Applies to").
 * Clearing or pasting over part of a rule's area cuts those cells out of it, as in Excel; row
 * inserts and deletes move and stretch the areas.
 */
import { intersect, shiftRectCols, shiftRectRows, subtract, type Rect } from "./addresses";
import type { CfModel, SheetModel, WorkbookModel } from "./model";

export function addCf(wb: WorkbookModel, sheet: SheetModel, rect: Rect): CfModel {
  const cf: CfModel = { id: wb.newCfId(), type: "Custom", rects: [{ ...rect }], formula: "", fill: null, fontColor: null };
  sheet.cfs.unshift(cf);
  return cf;
}

export function cfsIntersecting(sheet: SheetModel, rect: Rect): CfModel[] {
  return sheet.cfs.filter((cf) => cf.rects.some((r) => intersect(r, rect)));
}

/** Removes `rect` from every rule's area; rules left with no cells disappear. */
export function clearCfs(sheet: SheetModel, rect: Rect): void {
  for (const cf of sheet.cfs) cf.rects = cf.rects.flatMap((r) => subtract(r, rect));
  sheet.cfs = sheet.cfs.filter((cf) => cf.rects.length > 0);
}

/** Rows `at`… shift by `delta` within columns c0..c1: areas move, stretch or lose deleted rows. */
export function shiftCfRows(sheet: SheetModel, at: number, delta: number, c0: number, c1: number): void {
  for (const cf of sheet.cfs) cf.rects = cf.rects.flatMap((r) => shiftRectRows(r, at, delta, c0, c1) ?? []);
  sheet.cfs = sheet.cfs.filter((cf) => cf.rects.length > 0);
}

/** The same for columns, within rows r0..r1. */
export function shiftCfCols(sheet: SheetModel, at: number, delta: number, r0: number, r1: number): void {
  for (const cf of sheet.cfs) cf.rects = cf.rects.flatMap((r) => shiftRectCols(r, at, delta, r0, r1) ?? []);
  sheet.cfs = sheet.cfs.filter((cf) => cf.rects.length > 0);
}
