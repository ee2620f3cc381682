/**
 * The portal's version of a record (its `hash`) as kept in the hidden "Portal version" cell.
 * The portal's hashes are 64 hexadecimal digits; written as they are they are the widest cell of
 * a row, a fifth of what a pull sends. A 64-digit hash is kept instead as its 32 bytes in
 * base64url behind a "~" (44 characters); the portal's hashes are letters and digits only, so a
 * cell starting with "~" is always one of these. Anything else is kept as it is, and a cell
 * written before (the 64 digits themselves) still reads as its hash.
 */

const MARK = "~";
const LOWER_HEX_64 = /^[0-9a-f]{64}$/;
const UPPER_HEX_64 = /^[0-9A-F]{64}$/;
/** Lower-case hex is "~", upper-case "~^" (the portal's examples are lower-case). */
const UPPER_MARK = "~^";
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const PACKED = /^~\^?[A-Za-z0-9_-]{43}$/;

/** The cell's text for a record's hash. */
export function versionCell(hash: string): string {
  if (LOWER_HEX_64.test(hash)) return MARK + packHex(hash);
  if (UPPER_HEX_64.test(hash)) return UPPER_MARK + packHex(hash.toLowerCase());
  return hash;
}

/** The hash a cell holds: the inverse of `versionCell`, and any other text as it is. */
export function hashOfVersionCell(cell: string): string {
  if (!PACKED.test(cell)) return cell;
  const upper = cell.startsWith(UPPER_MARK);
  const hex = unpackHex(cell.slice(upper ? UPPER_MARK.length : MARK.length));
  if (hex === null) return cell;
  return upper ? hex.toUpperCase() : hex;
}

/** 64 hex digits (32 bytes) as 43 base64url characters, without padding. */
function packHex(hex: string): string {
  let out = "";
  let bits = 0;
  let acc = 0;
  for (let i = 0; i < hex.length; i++) {
    acc = (acc << 4) | parseInt(hex[i] as string, 16);
    bits += 4;
    if (bits >= 6) {
      bits -= 6;
      out += BASE64URL[(acc >> bits) & 63];
      acc &= (1 << bits) - 1;
    }
  }
  if (bits > 0) out += BASE64URL[(acc << (6 - bits)) & 63];
  return out;
}

/** The inverse of packHex; null when the text is not one of its outputs (stray bits set). */
function unpackHex(text: string): string | null {
  let out = "";
  let bits = 0;
  let acc = 0;
  for (const ch of text) {
    const v = BASE64URL.indexOf(ch);
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    while (bits >= 4 && out.length < 64) {
      bits -= 4;
      out += ((acc >> bits) & 15).toString(16);
      acc &= (1 << bits) - 1;
    }
  }
  return out.length === 64 && acc === 0 ? out : null;
}
