/**
 * Rupees exist only on the wire, as JSON numbers with at most two decimals (10883.91).
 * The product counts integer paise.
 */

/**
 * Paise for a wire amount, or null when it is not a finite amount with at most two decimals.
 * For such an amount, Math.round(x * 100) / 100 gives back exactly the double the portal
 * printed, which is the check.
 */
export function rupeesToPaise(rupees: number): number | null {
  if (!Number.isFinite(rupees)) return null;
  const paise = Math.round(rupees * 100);
  if (!Number.isSafeInteger(paise) || paise / 100 !== rupees) return null;
  return paise === 0 ? 0 : paise;
}

/**
 * The wire amount for paise. p / 100 is the double nearest the decimal "p/100 rupees",
 * which is exactly what parsing the portal's "10883.91" produced, so an echoed record
 * matches the portal's to the last bit (no 0.1 + 0.2 drift).
 */
export function paiseToRupees(paise: number): number {
  return paise / 100;
}

export function isWholePaise(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value);
}

/**
 * Paise for an amount of a supplier view (sales), where the provider's schema allows 3
 * decimals (`val` is `multipleOf 0.001`); null when it is not a finite amount with at most
 * 3 decimals.
 *
 * Rounding, decided here once: to the nearest paisa, a half paisa away from zero
 * (1180.125 → 118013, -0.005 → -1), computed on the exact milli-rupee integer, so no binary
 * float error can tip it. Money stays integer paise inside the product. This is safe because
 * supplier views are read-only: their amounts are shown, never echoed back to the portal (IMS
 * records, which are echoed on save, still must carry at most 2 decimals, checked exactly).
 */
export function rupeesToPaiseRounded(rupees: number): number | null {
  if (!Number.isFinite(rupees)) return null;
  const milli = Math.round(rupees * 1000);
  if (!Number.isSafeInteger(milli) || milli / 1000 !== rupees) return null;
  const abs = Math.floor((Math.abs(milli) + 5) / 10);
  return abs === 0 ? 0 : milli < 0 ? -abs : abs;
}
