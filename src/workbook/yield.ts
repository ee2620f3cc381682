/**
 * Lets the task pane's event loop breathe during long CPU work (building or parsing 100k rows),
 * so the pane repaints and a Cancel click is seen. Awaiting a timer inside Excel.run is safe.
 */
export const ROWS_PER_SLICE = 2000;

export function yieldToHost(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
