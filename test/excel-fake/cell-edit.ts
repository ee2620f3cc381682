/**
 * Cell-edit mode: while the user is typing in a cell, Excel doesn't run add-in batches. A batch of
 * an Excel.run started with `{ delayForCellEdit: true }` waits until the edit ends; any other
 * batch fails with InvalidOperationInCellEditMode.
 */
export interface EditedCell {
  sheet: string;
  address: string;
}

export class CellEditMode {
  private cell: EditedCell | null = null;
  private waiting: (() => void)[] = [];

  get editing(): EditedCell | null {
    return this.cell;
  }

  start(cell: EditedCell): void {
    if (this.cell) throw new Error(`Excel fake: already editing ${this.cell.sheet}!${this.cell.address}; end that edit first`);
    this.cell = { ...cell };
  }

  /** Leaves edit mode and runs the batches that were waiting, in the order they arrived. */
  end(): void {
    this.cell = null;
    while (!this.cell && this.waiting.length > 0) this.waiting.shift()?.();
  }

  /** Runs `fn` once no cell is being edited (at once when none is). */
  whenNotEditing(fn: () => void): void {
    if (this.cell) this.waiting.push(fn);
    else fn();
  }
}
