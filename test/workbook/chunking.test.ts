import { isPayloadLimitError, jsonBytes, rowJsonBytes, rowsThatFit, utf8Length, WriteBatcher, type WriteOp } from "../../src/workbook/chunking";

test("utf8Length counts UTF-8 bytes", () => {
  for (const s of ["", "abc", "₹", "é", "😀", "नमस्ते", "a😀b₹"]) expect(utf8Length(s)).toBe(Buffer.byteLength(s));
  expect(jsonBytes(["₹", 1])).toBe(Buffer.byteLength(JSON.stringify(["₹", 1])));
});

test("rowsThatFit fills the room and takes one row when it must", () => {
  const rows = [10, 10, 10, 10];
  expect(rowsThatFit(rows, 0, 35, 0, false)).toBe(3);
  expect(rowsThatFit(rows, 2, 1000, 0, false)).toBe(2);
  expect(rowsThatFit([500], 0, 100, 0, false)).toBe(0);
  expect(rowsThatFit([500], 0, 100, 0, true)).toBe(1);
});

test("isPayloadLimitError knows both directions", () => {
  expect(isPayloadLimitError({ code: "RequestPayloadSizeLimitExceeded" })).toBe(true);
  expect(isPayloadLimitError({ code: "ResponsePayloadSizeLimitExceeded" })).toBe(true);
  expect(isPayloadLimitError({ code: "ItemNotFound" })).toBe(false);
  expect(isPayloadLimitError(null)).toBe(false);
});

/** A context whose sync refuses batches above `limit` queued bytes, applying nothing. */
function stubContext(limit: number) {
  let queued: number[] = [];
  const applied: number[] = [];
  const context = {
    sync: async () => {
      const bytes = queued.reduce((a, b) => a + b, 0);
      const batch = queued;
      queued = [];
      if (bytes > limit) throw Object.assign(new Error("too big"), { code: "RequestPayloadSizeLimitExceeded" });
      applied.push(...batch);
    },
  };
  const op = (id: number, bytes: number, realBytes = bytes): WriteOp => ({
    bytes,
    queue: () => queued.push(realBytes),
    split: () => (realBytes > 1 ? [op(id, bytes / 2, realBytes / 2), op(id, bytes / 2, realBytes / 2)] : null),
  });
  return { context: context as unknown as Excel.RequestContext, applied, op };
}

test("the batcher syncs only when the next op would not fit", async () => {
  const { context, applied, op } = stubContext(1000);
  const b = new WriteBatcher(context, 1000);
  for (let i = 0; i < 10; i++) await b.add(op(i, 300));
  await b.flush();
  expect(b.counter.syncs).toBe(4); // 3+3+3+1
  expect(applied.reduce((a, x) => a + x, 0)).toBe(3000);
});

test("a refused batch is sent again in halves, and the budget drops", async () => {
  const { context, applied, op } = stubContext(1000);
  const b = new WriteBatcher(context, 1000);
  // Estimates say 300, the host sees 450: three of them do not fit.
  for (let i = 0; i < 3; i++) await b.add(op(i, 300, 450));
  await b.flush();
  expect(b.counter.retries).toBe(1);
  expect(applied.reduce((a, x) => a + x, 0)).toBe(1350);
  expect(b.capacity()).toBeLessThan(1000);
});

test("a single op too big for the host is split", async () => {
  const { context, applied, op } = stubContext(1000);
  const b = new WriteBatcher(context, 5000);
  await b.add(op(0, 3000));
  await b.flush();
  expect(applied.reduce((a, x) => a + x, 0)).toBe(3000);
  expect(applied.every((x) => x <= 1000)).toBe(true);
});

test("other errors are not retried", async () => {
  const context = { sync: async () => Promise.reject(Object.assign(new Error("x"), { code: "ItemNotFound" })) } as unknown as Excel.RequestContext;
  const b = new WriteBatcher(context, 1000);
  await b.add({ bytes: 10, queue: () => undefined });
  await expect(b.flush()).rejects.toMatchObject({ code: "ItemNotFound" });
});

test("rowJsonBytes equals the UTF-8 length of the row's JSON", () => {
  const rows: unknown[][] = [
    [],
    ["a", 1, 2.5, true, false, ""],
    ['quote " and \\ backslash', "tab\there", "line\nbreak", "\u2028", "₹ नमस्ते 😀", -0.0001, 1e21, 123456789.12],
  ];
  for (const r of rows) expect(rowJsonBytes(r)).toBe(Buffer.byteLength(JSON.stringify(r)));
});
