/** Supplier-wise review (inward) and "Action for all", in pure TypeScript. */
export * from "./summary";
export * from "./bulk";
