/**
 * Seeded demo data for the IMS sandbox: three demo recipients with realistic IMS records
 * (hundreds of suppliers with valid GSTINs, real-looking document series, GST amounts in
 * paise, actions already taken), count-only ISD/import groups and historic added-back
 * liabilities. Deterministic: the same options always give the same data.
 */
export { generateDemoData, MAX_RECORDS_PER_GSTIN, type DemoData, type DemoOptions } from "./generate";
export { DEMO_TAXPAYERS, type DemoTaxpayer } from "./taxpayers";
