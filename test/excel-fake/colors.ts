/** Colours as Excel reports them: "#RRGGBB", upper case. Accepts "#rgb", "#rrggbb" and common HTML names. */
import { Codes, officeError } from "./errors";

const NAMED: Readonly<Record<string, string>> = {
  black: "#000000", white: "#FFFFFF", red: "#FF0000", green: "#008000", blue: "#0000FF", yellow: "#FFFF00",
  orange: "#FFA500", purple: "#800080", gray: "#808080", grey: "#808080", lightgreen: "#90EE90",
  lightgray: "#D3D3D3", lightgrey: "#D3D3D3", lightyellow: "#FFFFE0", pink: "#FFC0CB", lime: "#00FF00",
  navy: "#000080", teal: "#008080", maroon: "#800000", olive: "#808000", silver: "#C0C0C0",
  darkgreen: "#006400", darkred: "#8B0000", lightblue: "#ADD8E6", cyan: "#00FFFF", magenta: "#FF00FF",
};

export function normaliseColor(raw: unknown): string {
  if (typeof raw !== "string") throw officeError(Codes.invalidArgument, `colour ${String(raw)}`);
  const s = raw.trim().toLowerCase();
  const named = NAMED[s];
  if (named) return named;
  const m = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/.exec(s);
  if (!m) throw officeError(Codes.invalidArgument, `colour ${JSON.stringify(raw)}`);
  const hex = m[1] ?? "";
  const full = hex.length === 3 ? hex.split("").map((ch) => ch + ch).join("") : hex;
  return `#${full.toUpperCase()}`;
}
