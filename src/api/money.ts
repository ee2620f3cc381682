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
