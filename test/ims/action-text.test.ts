import { actionWord, parseActionText } from "../../src/ims/action-text";

describe("parseActionText", () => {
  test.each([
    ["A", "A"], ["a", "A"], ["accept", "A"], ["Accepted", "A"], ["acc", "A"], ["  ACCEPT  ", "A"], ["accepted.", "A"],
    ["R", "R"], ["reject", "R"], ["Rejected", "R"], ["rej", "R"],
    ["P", "P"], [" p ", "P"], ["pending", "P"], ["Keep pending", "P"], ["keep  pending", "P"], ["keep-pending", "P"],
    ["N", "N"], ["", "N"], ["   ", "N"], ["no action", "N"], ["No Action", "N"], ["no_action_taken", "N"], ["reset", "N"], ["None", "N"],
  ])("%j → %s", (text, action) => {
    expect(parseActionText(text)).toEqual({ ok: true, action });
  });

  test("the words the sheet shows for the portal's action read back as that action", () => {
    for (const a of ["A", "R", "P", "N"] as const) expect(parseActionText(actionWord(a))).toEqual({ ok: true, action: a });
  });

  test("an empty cell (null/undefined) is no action", () => {
    expect(parseActionText(undefined)).toEqual({ ok: true, action: "N" });
    expect(parseActionText(null)).toEqual({ ok: true, action: "N" });
  });

  test.each(["maybe", "X", "accpet", "AR", "yes", "1", "=A"])("%j is refused with a reason", (text) => {
    const r = parseActionText(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toContain(text);
      expect(r.reason).toMatch(/A \(accept\), R \(reject\), P \(keep pending\) or N \(no action\)/);
    }
  });

  test("numbers and booleans are not actions", () => {
    expect(parseActionText(1).ok).toBe(false);
    expect(parseActionText(true).ok).toBe(false);
  });

  test("long text is shortened in the reason", () => {
    const r = parseActionText("x".repeat(300));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.length).toBeLessThan(150);
  });
});
