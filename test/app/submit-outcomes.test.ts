/** Which rows a request's status fails (src/app/submit/outcomes.ts). */
import type { RequestStatus } from "../../src/api";
import { failuresOf } from "../../src/app/submit/outcomes";

const A = "27AAACA1234A1Z5";
const B = "29AAACB1234B1Z3";
const rows = [
  { key: "B2B|A|1", record: { section: "B2B" as const, supplierGstin: A } },
  { key: "B2B|A|2", record: { section: "B2B" as const, supplierGstin: A } },
  { key: "B2B|B|3", record: { section: "B2B" as const, supplierGstin: B } },
  { key: "CN|A|4", record: { section: "CN" as const, supplierGstin: A } },
];

function status(over: Partial<RequestStatus>): RequestStatus {
  return { referenceId: "REF", state: "PE", operation: "save", processed: 4, errorCode: null, errorMessage: null, recordErrors: [], supplierErrors: [], ...over } as RequestStatus;
}

test("an error entry naming only a supplier fails every record of that supplier and section in the request, none other", () => {
  const failed = failuresOf(rows, status({ supplierErrors: [{ section: "B2B", supplierGstin: A, errorCode: "IMSSAV0031", message: "Supplier has filed GSTR-3B" }] }));
  expect([...failed.keys()].sort()).toEqual(["B2B|A|1", "B2B|A|2"]);
  expect(failed.get("B2B|A|1")).toMatchObject({ code: "IMSSAV0031", message: expect.stringContaining("every document of 27AAACA1234A1Z5") });
});

test("ER fails every row; P fails none", () => {
  expect(failuresOf(rows, status({ state: "ER", errorCode: "RET11416", errorMessage: "Invalid request" })).size).toBe(4);
  expect(failuresOf(rows, status({ state: "P" })).size).toBe(0);
});
