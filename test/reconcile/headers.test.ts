/**
 * Column mapping on the real export headers listed in offline-and-register-formats.md: the
 * Matching Offline Tool's purchase template, GSTR-2 (b2b, cdnr), GSTR-2B (B2B, B2B-CDNR, two-row
 * headers), Tally, Zoho Books, Busy and the add-in's own template.
 */
import { ADDIN_TEMPLATE_HEADERS, applyOverride, classifyHeader, normaliseHeader, proposeMapping, readRegister, type Cell, type MappingProposal, type RegisterField } from "../../src/ims/register";

function columnsOf(p: MappingProposal): Partial<Record<RegisterField, number[]>> {
  return p.mapping.columns;
}

const GSTIN = "29AABCB5678K1Z5";

describe("header labels", () => {
  test("normalisation: case, spaces, ₹ and Rs, 'Tax Paid' / 'Tax Amount' / 'Tax (₹)' read the same", () => {
    expect(normaliseHeader("Integrated Tax Paid")).toBe("integrated tax");
    expect(normaliseHeader("Integrated Tax(₹)")).toBe("integrated tax");
    expect(normaliseHeader("  INTEGRATED   TAX   AMOUNT ")).toBe("integrated tax");
    expect(normaliseHeader("IGST Amt (Rs.)")).toBe("igst");
    expect(normaliseHeader("Invoice Value(₹)")).toBe("invoice value");
    expect(normaliseHeader("Supplier Invoice No.")).toBe("supplier invoice no");
    expect(normaliseHeader("Bill #")).toBe("bill no");
  });

  test("the supplier's document, not the buyer's voucher", () => {
    expect(classifyHeader("Voucher No.")?.field).toBe("voucherNumber");
    expect(classifyHeader("Voucher Date")?.field).toBe("voucherDate");
    expect(classifyHeader("Supplier Invoice No.")?.field).toBe("docNumber");
    expect(classifyHeader("Note/Refund Voucher Number")?.field).toBe("docNumber");
    expect(classifyHeader("Invoice/Advance Payment Voucher Number")?.field).toBe("originalDocNumber");
  });

  test("ITC availed, rates and filing dates are not amounts or document dates", () => {
    expect(classifyHeader("Availed ITC Integrated Tax")).toBeNull();
    expect(classifyHeader("CGST Rate %")?.field).not.toBe("cgst");
    expect(classifyHeader("GSTR-1/IFF/GSTR-5 Filing Date")).toBeNull();
    expect(classifyHeader("Applicable % of Tax Rate")).toBeNull();
  });
});

describe("layouts", () => {
  test("Matching Offline Tool purchase template: header block, then the table", () => {
    const cells: Cell[][] = [
      ["GSTIN of recipient", "27AAACI1234F1Z2"],
      ["Trade/Legal name", "Demo Industries"],
      ["Financial year", "2025-26"],
      ["Tax period", "March"],
      ["GSTIN of Supplier/ECO", "Trade/Legal name", "Type of inward supplies", "Document type", "Document number", "Document date", "Taxable value (₹)", "Integrated tax (₹)", "Central tax (₹)", "State/UT tax (₹)", "Cess (₹)"],
      [GSTIN, "B Ltd", "B2B", "Invoice", "INV/1", "01-04-2025", 1000, 180, 0, 0, 0],
    ];
    const p = proposeMapping(cells);
    expect(p.mapping.headerRow).toBe(4);
    expect(p.layout).toBe("matching-offline-tool");
    expect(columnsOf(p)).toMatchObject({ supplierGstin: [0], supplierName: [1], supplyType: [2], docType: [3], docNumber: [4], docDate: [5], taxableValue: [6], igst: [7], cgst: [8], sgst: [9], cess: [10] });
    expect(p.missing).toEqual([]);
    expect(p.ambiguous).toEqual([]);
  });

  test("GSTR-2 b2b (Tally still exports it): one row per rate, ITC availed columns ignored", () => {
    const header = ["GSTIN of Supplier", "Invoice Number", "Invoice date", "Invoice Value", "Place Of Supply", "Reverse Charge", "Invoice Type", "Rate", "Taxable Value", "Integrated Tax Paid", "Central Tax Paid", "State/UT Tax Paid", "Cess Paid", "Eligibility For ITC", "Availed ITC Integrated Tax", "Availed ITC Central Tax", "Availed ITC State/UT Tax", "Availed ITC Cess"];
    const cells: Cell[][] = [["Summary For B2B(3)"], ["No. of Suppliers", "", "No. of Invoices"], [1, "", 1], header];
    const p = proposeMapping(cells);
    expect(p.mapping.headerRow).toBe(3);
    expect(p.layout).toBe("gstr2-b2b");
    expect(columnsOf(p)).toMatchObject({ supplierGstin: [0], docNumber: [1], docDate: [2], value: [3], placeOfSupply: [4], rate: [7], taxableValue: [8], igst: [9], cgst: [10], sgst: [11], cess: [12] });
  });

  test("GSTR-2 cdnr: the note's number and date, not the linked invoice's", () => {
    const header = ["GSTIN of Supplier", "Note/Refund Voucher Number", "Note/Refund Voucher date", "Invoice/Advance Payment Voucher Number", "Invoice/Advance Payment Voucher date", "Pre GST", "Document Type", "Reason For Issuing document", "Supply Type", "Note/Refund Voucher Value", "Rate", "Taxable Value", "Integrated Tax Paid", "Central Tax Paid", "State/UT Tax Paid", "Cess Paid", "Eligibility For ITC", "Availed ITC Integrated Tax"];
    const p = proposeMapping([header]);
    expect(p.layout).toBe("gstr2-cdnr");
    expect(columnsOf(p)).toMatchObject({ supplierGstin: [0], docNumber: [1], docDate: [2], originalDocNumber: [3], docType: [6], value: [9], rate: [10], taxableValue: [11], igst: [12] });
  });

  test("GSTR-2B B2B: title rows, a two-row header, data from row 7", () => {
    const cells: Cell[][] = [
      ["Goods and Services Tax - GSTR 2B"],
      [],
      ["Taxable inward supplies received from registered persons"],
      [],
      ["GSTIN of supplier", "Trade/Legal name", "Invoice details", "", "", "", "Place of supply", "Supply Attract Reverse Charge", "Taxable Value (₹)", "Tax Amount", "", "", "", "GSTR-1/1A/IFF/GSTR-5 Period", "GSTR-1/1A/IFF/GSTR-5 Filing Date", "ITC Availability", "Reason", "Applicable % of Tax Rate", "Source", "IRN", "IRN Date"],
      ["", "", "Invoice number", "Invoice type", "Invoice Date", "Invoice Value(₹)", "", "", "", "Integrated Tax(₹)", "Central Tax(₹)", "State/UT Tax(₹)", "Cess(₹)"],
      [GSTIN, "B Ltd", "INV/1", "Regular", "01/04/2025", "1,180.00", "Maharashtra", "No", "1,000.00", "180.00", "0.00", "0.00", "0.00", "Apr'25", "11/05/2025", "Yes", "", "", "e-Invoice", "abc", "01/04/2025"],
    ];
    const p = proposeMapping(cells);
    expect(p.mapping).toMatchObject({ headerRow: 4, headerRows: 2 });
    expect(p.layout).toBe("gstr2b-b2b");
    expect(columnsOf(p)).toMatchObject({ supplierGstin: [0], supplierName: [1], docNumber: [2], supplyType: [3], docDate: [4], value: [5], placeOfSupply: [6], taxableValue: [8], igst: [9], cgst: [10], sgst: [11], cess: [12] });
    const read = readRegister(cells);
    expect(read.lines).toHaveLength(1);
    expect(read.lines[0]).toMatchObject({ dataRow: 1, cellRow: 6, docNumber: "INV/1", docDate: "2025-04-01", placeOfSupply: "27", value: 118000, taxableValue: 100000, igst: 18000 });
  });

  test("GSTR-2B B2B-CDNR: note number, type and date", () => {
    const cells: Cell[][] = [
      ["GSTIN of supplier", "Trade/Legal name", "Credit note/Debit note details", "", "", "", "", "Place of supply", "Supply Attract Reverse Charge", "Taxable Value (₹)", "Tax Amount", "", "", "", "Whether ITC to be reduced (taxpayer's input)"],
      ["", "", "Note number", "Note type", "Note Supply type", "Note date", "Note Value (₹)", "", "", "", "Integrated Tax(₹)", "Central Tax(₹)", "State/UT Tax(₹)", "Cess(₹)", ""],
    ];
    const p = proposeMapping(cells);
    expect(p.mapping.headerRows).toBe(2);
    expect(p.layout).toBe("gstr2b-cdnr");
    expect(columnsOf(p)).toMatchObject({ docNumber: [2], docType: [3], supplyType: [4], docDate: [5], value: [6], taxableValue: [9], igst: [10] });
  });

  test("Tally purchase register: the supplier's invoice number and date, not the voucher's; ledger columns added up", () => {
    const cells: Cell[][] = [
      ["Demo Industries"],
      ["Purchase Register"],
      ["1-Apr-25 to 31-Mar-26"],
      ["Date", "Particulars", "Voucher Type", "Voucher No.", "Supplier Invoice No.", "Supplier Invoice Date", "GSTIN/UIN", "Gross Total", "Purchase @5%", "Purchase @18%", "Input CGST @2.5%", "Input CGST @9%", "Input SGST @2.5%", "Input SGST @9%", "Input IGST @18%"],
      ["3-Apr-25", "B Ltd", "Purchase", "PV/1", "B/778", "1-Apr-25", GSTIN, "1,23,000.00", "", "1,00,000.00", "", "9,000.00", "", "9,000.00", ""],
    ];
    const p = proposeMapping(cells);
    expect(p.layout).toBe("tally");
    expect(columnsOf(p)).toMatchObject({ docNumber: [4], docDate: [5], supplierGstin: [6], voucherNumber: [3], value: [7], taxableValue: [8, 9], cgst: [10, 11], sgst: [12, 13], igst: [14] });
    expect(p.fields.find((f) => f.field === "docDate")?.alternatives.map((a) => a.header)).toEqual(["Date"]);
    const line = readRegister(cells).lines[0];
    expect(line).toMatchObject({ docNumber: "B/778", docDate: "2025-04-01", taxableValue: 10000000, cgst: 900000, sgst: 900000, igst: 0, value: 12300000, docType: "invoice" });
  });

  test("Zoho Books: bill number and date, GSTIN under its long name, line items", () => {
    const header = ["Bill Date", "Bill Number", "Vendor Name", "GST Treatment", "GST Identification Number (GSTIN)", "Place of Supply", "Source of Supply", "Item Name", "Quantity", "Item Total", "CGST Rate %", "CGST", "SGST Rate %", "SGST", "IGST Rate %", "IGST", "Total"];
    const p = proposeMapping([header]);
    expect(p.layout).toBe("zoho");
    expect(columnsOf(p)).toMatchObject({ docDate: [0], docNumber: [1], supplierName: [2], supplierGstin: [4], placeOfSupply: [5], taxableValue: [9], cgst: [11], sgst: [13], igst: [15], value: [16] });
  });

  test("Busy (no public reference): a voucher/bill number column is offered with a warning", () => {
    const header = ["Date", "Vch/Bill No", "Party Name", "GSTIN No.", "Taxable Amt", "IGST Amt", "CGST Amt", "SGST Amt", "Total Amt"];
    const p = proposeMapping([header]);
    expect(p.layout).toBe("busy");
    expect(columnsOf(p)).toMatchObject({ docDate: [0], docNumber: [1], supplierName: [2], supplierGstin: [3], taxableValue: [4], igst: [5], cgst: [6], sgst: [7], value: [8] });
    const doc = p.fields.find((f) => f.field === "docNumber");
    expect(doc?.confidence).toBe("low");
    expect(doc?.note).toMatch(/voucher/);
  });

  test("the add-in's own template", () => {
    const p = proposeMapping([[...ADDIN_TEMPLATE_HEADERS]]);
    expect(p.layout).toBe("add-in-template");
    expect(p.missing).toEqual([]);
    expect(Object.keys(columnsOf(p)).sort()).toEqual(["cess", "cgst", "docDate", "docNumber", "docType", "igst", "placeOfSupply", "rate", "sgst", "supplierGstin", "supplierName", "taxableValue", "value"]);
  });
});

describe("confirming and correcting the mapping", () => {
  const cells: Cell[][] = [
    ["Party", "GSTIN", "Ref", "Dated", "Basic", "Tax 1", "Tax 2", "Invoice No", "Supplier Invoice No"],
    ["B Ltd", GSTIN, "X-1", "01-04-2025", "1000", "90", "90", "IN-7", "B/1"],
  ];

  test("required fields without a column are listed; equally good columns are flagged", () => {
    const p = proposeMapping(cells);
    expect(p.missing).toEqual(["taxableValue"]);
    expect(p.fields.find((f) => f.field === "docDate")).toMatchObject({ columns: [3], confidence: "low" });
    expect(columnsOf(p).docNumber).toEqual([8]); // "Supplier Invoice No" beats "Invoice No"
    expect(p.fields.find((f) => f.field === "docNumber")?.alternatives.map((a) => a.column)).toEqual([7]);
    const twice = proposeMapping([["GSTIN", "Invoice No", "Invoice Number", "Invoice Date", "Taxable Value"]]);
    expect(twice.ambiguous).toEqual(["docNumber"]);
  });

  test("the user names columns by header, letter or index; a column given to one field leaves the others", () => {
    const p = applyOverride(cells, proposeMapping(cells), { columns: { docDate: "Dated", taxableValue: "E", cgst: 5, sgst: "Tax 2", docNumber: "Ref" } });
    expect(columnsOf(p)).toMatchObject({ docDate: [3], taxableValue: [4], cgst: [5], sgst: [6], docNumber: [2] });
    expect(p.missing).toEqual([]);
    expect(p.fields.find((f) => f.field === "docNumber")?.note).toBe("set by you");
    const line = readRegister(cells, { proposal: p }).lines[0];
    expect(line).toMatchObject({ docNumber: "X-1", docDate: "2025-04-01", taxableValue: 100000, cgst: 9000, sgst: 9000, usable: true });
  });

  test("a column that does not exist is refused, naming the field", () => {
    expect(() => applyOverride(cells, proposeMapping(cells), { columns: { docDate: "Nope" } })).toThrow(/docDate/);
  });

  test("a proposal kept as JSON reads the register the same way", () => {
    const p = applyOverride(cells, proposeMapping(cells), { columns: { docDate: "Dated", taxableValue: "Basic" } });
    const saved = JSON.parse(JSON.stringify(p)) as MappingProposal;
    expect(readRegister(cells, { proposal: saved }).lines).toEqual(readRegister(cells, { proposal: p }).lines);
  });
});

describe("plain CSV headers", () => {
  test("snake_case names, and a type column told apart by its values", () => {
    const cells: Cell[][] = [
      ["supplier_gstin", "invoice_number", "invoice_date", "invoice_type", "taxable_value", "igst_amount", "cgst_amount", "sgst_amount", "cess_amount", "value"],
      [GSTIN, "INV-1", "2025-07-01", "Invoice", "1000", "180", "0", "0", "0", "1180"],
      [GSTIN, "CN-1", "2025-07-02", "Credit Note", "-100", "-18", "0", "0", "0", "-118"],
    ];
    const p = proposeMapping(cells);
    expect(columnsOf(p)).toMatchObject({ supplierGstin: [0], docNumber: [1], docDate: [2], docType: [3], taxableValue: [4], igst: [5], cgst: [6], sgst: [7], cess: [8], value: [9] });
    expect(readRegister(cells).lines.map((l) => l.docType)).toEqual(["invoice", "credit"]);
    // GSTR-2B's "Invoice type" (Regular, SEZ…) stays a supply type.
    expect(columnsOf(proposeMapping([cells[0]!, [GSTIN, "INV-1", "2025-07-01", "Regular", "1000", "180", "0", "0", "0", "1180"]])).docType).toBeUndefined();
  });
});
