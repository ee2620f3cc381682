/**
 * GSTIN structure: 2-digit state code, 10-character PAN, entity number, 'Z' (default),
 * and a mod-36 check character.
 */
const CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const GSTIN_SHAPE = /^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/;

export function gstinCheckChar(first14: string): string {
  if (first14.length !== 14) throw new Error("A GSTIN check character needs the first 14 characters");
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const value = CHARSET.indexOf(first14.charAt(i));
    if (value < 0) throw new Error(`Invalid GSTIN character '${first14.charAt(i)}'`);
    const product = value * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return CHARSET.charAt((36 - (sum % 36)) % 36);
}

/** State code, PAN, entity number, 'Z' and a check character, in GSTIN's form (the check not verified). */
export function hasGstinShape(text: string): boolean {
  return GSTIN_SHAPE.test(text);
}

export function isValidGstin(text: string): boolean {
  if (!hasGstinShape(text)) return false;
  return gstinCheckChar(text.slice(0, 14)) === text.charAt(14);
}

export function gstinStateCode(gstin: string): string {
  return gstin.slice(0, 2);
}

