/**
 * The fake's formula "engine": constant arithmetic only (`=+91`, `=-12`, `=1+2*3`, `=(1+2)/4`,
 * `=2^10`, `=TRUE`). Any name, reference or function call gives "#NAME?", which is what Excel
 * shows for `-12A` (written as the formula `=-12A`). Dividing by zero gives "#DIV/0!".
 */
import type { Scalar } from "./cells";

export const NAME_ERROR = "#NAME?";
export const DIV0_ERROR = "#DIV/0!";
const ERROR_VALUES = new Set(["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"]);

export function isErrorValue(v: unknown): v is string {
  return typeof v === "string" && ERROR_VALUES.has(v);
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): number | boolean {
    const v = this.expr();
    this.ws();
    if (this.i !== this.s.length) throw new Error("trailing");
    return v;
  }

  private ws(): void {
    while (this.s[this.i] === " ") this.i++;
  }

  private expr(): number {
    let v = this.term();
    for (;;) {
      this.ws();
      const op = this.s[this.i];
      if (op !== "+" && op !== "-") return v;
      this.i++;
      const r = this.term();
      v = op === "+" ? v + r : v - r;
    }
  }

  private term(): number {
    let v = this.power();
    for (;;) {
      this.ws();
      const op = this.s[this.i];
      if (op !== "*" && op !== "/") return v;
      this.i++;
      const r = this.power();
      if (op === "/" && r === 0) throw new DivZero();
      v = op === "*" ? v * r : v / r;
    }
  }

  private power(): number {
    const base = this.unary();
    this.ws();
    if (this.s[this.i] === "^") {
      this.i++;
      return Math.pow(base, this.power());
    }
    return base;
  }

  private unary(): number {
    this.ws();
    const c = this.s[this.i];
    if (c === "+") {
      this.i++;
      return this.unary();
    }
    if (c === "-") {
      this.i++;
      return -this.unary();
    }
    return this.primary();
  }

  private primary(): number {
    this.ws();
    if (this.s[this.i] === "(") {
      this.i++;
      const v = this.expr();
      this.ws();
      if (this.s[this.i] !== ")") throw new Error("paren");
      this.i++;
      return v;
    }
    const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?(%)?/.exec(this.s.slice(this.i));
    if (!m) throw new Error("name");
    this.i += m[0].length;
    const n = Number(m[1] + (m[2] ?? ""));
    return m[3] ? n / 100 : n;
  }
}

class DivZero extends Error {}

/** Evaluates `formula` (with its leading "="); returns a number, a boolean or an error string. */
export function evaluateFormula(formula: string): Scalar {
  const body = formula.slice(1).trim();
  const upper = body.toUpperCase();
  if (upper === "TRUE" || upper === "FALSE") return upper === "TRUE";
  try {
    const v = new Parser(body).parse();
    if (typeof v === "number" && !Number.isFinite(v)) return "#NUM!";
    return v;
  } catch (e) {
    return e instanceof DivZero ? DIV0_ERROR : NAME_ERROR;
  }
}
