/** The supplier view (outward) and added-back liabilities, in pure TypeScript. */
export * from "./documents";
export * from "./filing";
export * from "./follow-up";
export * from "./totals";
