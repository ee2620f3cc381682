/** Records for domain tests: an intra-state credit note of October 2026, open and unblocked. */
import type { RuleContext } from "../../src/ims/portal-rules";
import type { ImsRecord } from "../../src/ims/records";

export const RULES_CTX: RuleContext = { today: "2026-11-21", frequency: "monthly", stateCode: "27", remarksMaxLength: 250 };

export function creditNote(overrides: Partial<ImsRecord> = {}): ImsRecord {
  return {
    section: "CN",
    supplierGstin: "29AABCB5678K1Z5",
    docNumber: "CN/26-27/014",
    docDate: "2026-10-12",
    invoiceType: "R",
    sourceForm: "R1",
    returnPeriod: "2026-10",
    placeOfSupply: "27",
    value: 118000,
    taxableValue: 100000,
    igst: 0,
    cgst: 9000,
    sgst: 9000,
    cess: 0,
    action: "N",
    pendingBlocked: false,
    supplierFiled: true,
    hash: "abc",
    remarksBlocked: false,
    itcReductionBlocked: false,
    ...overrides,
  };
}
