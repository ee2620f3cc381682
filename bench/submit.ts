/**
 * Submit benchmarks.
 * - diff-100k: the plan (planSection) over 100k review rows, about a tenth of them edited.
 * - submit-10k: the real application (createImsApp) through the add-in server (in this process,
 *   pacing as it does in production) to the sandbox CLI in its own process, and the in-memory
 *   Excel fake: pull every section (12,000 records), change 10,000 actions in
 *   the sheets as a person would (pasting over the Action column), then submit with the default
 *   batch limits. Requests counted on the wire, syncs from the fake.
 */
import { createImsApp } from "../src/app";
import { DEMO_CREDENTIAL } from "../src/sandbox/config";
import { PlatformCredentials } from "../src/server/config";
import { DEFAULT_PACE } from "../src/server/pacer";
import { startImsServer } from "../src/server/server";
import { planSection, type SectionPlan } from "../src/ims/plan";
import type { RuleContext } from "../src/ims/portal-rules";
import { rowFromRecord, type ReviewRow } from "../src/ims/review-rows";
import { SECTION_CODES, type Action, type SectionCode } from "../src/ims/sections";
import { columnLetter, sectionLayout, type ColumnId } from "../src/workbook/layout";
import { installExcelFake, type FakeExcelHandle } from "../test/excel-fake";
import { makeWorkload } from "../test/workbook/synthetic-records";
import { report, startSandboxProcess } from "./util";

const RULES: RuleContext = { today: "2026-11-21", frequency: "monthly", stateCode: "27", remarksMaxLength: 250 };

/** 100k rows across the eight sections, every tenth edited in one of several ways (some break a rule). */
export function diffRows(count = 100_000): Map<SectionCode, ReviewRow[]> {
  const workload = makeWorkload(count);
  const out = new Map<SectionCode, ReviewRow[]>();
  let n = 0;
  for (const section of SECTION_CODES) {
    const rows = workload[section].map((record, i) => {
      const row = rowFromRecord(record, i + 2);
      if (n++ % 10 === 0) {
        const kind = Math.floor(n / 10) % 6;
        const pulled = row.pulledAction;
        if (kind === 0) row.edit = { ...row.edit, action: pulled === "A" ? "R" : "A", remarks: "" };
        else if (kind === 1) row.edit = { ...row.edit, action: "R", remarks: "Goods not received" };
        else if (kind === 2) row.edit = { ...row.edit, action: "P" };
        else if (kind === 3) row.edit = { ...row.edit, action: pulled === "N" ? "A" : "N" };
        else if (kind === 4) row.edit = { ...row.edit, remarks: pulled === "R" || pulled === "P" ? "Checked again" : "Needs an action" };
        else row.edit = { ...row.edit, action: "A", remarks: "", ...(row.record.section === "CN" ? { itcReduction: { required: "Y" as const, igst: Math.floor(row.record.igst / 2) } } : {}) };
      }
      return row;
    });
    out.set(section, rows);
  }
  return out;
}

export async function benchDiff(count = 100_000): Promise<void> {
  const rows = diffRows(count);
  const planAll = (): SectionPlan[] => [...rows].map(([section, list]) => planSection(section, list, [], RULES));
  planAll(); // warm up
  const times: number[] = [];
  let plans: SectionPlan[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    plans = planAll();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const sum = (f: (p: SectionPlan) => number) => plans.reduce((n, p) => n + f(p), 0);
  report(`diff-${count / 1000}k`, {
    ms: times[Math.floor(times.length / 2)] as number,
    rows: [...rows.values()].reduce((n, r) => n + r.length, 0),
    saves: sum((p) => p.saves.length),
    resets: sum((p) => p.resets.length),
    refused: sum((p) => new Set(p.refused.map((r) => r.row.sheetRow)).size),
  });
}

function column(fake: FakeExcelHandle, section: SectionCode, id: ColumnId, rows: number): unknown[] {
  const letter = columnLetter(sectionLayout(section).index[id] as number);
  return fake.inspect.values(section, `${letter}2:${letter}${rows + 1}`).map((r) => r[0]);
}

/**
 * The new Action cell of each row: a change the portal accepts (N→A, A→R, R→A, P→A), or a reset
 * for rows carrying remarks or a declaration (which accepting would not allow); null: unchanged.
 */
function changeOf(action: Action, remarks: unknown, itcRequired: unknown): Action | null {
  if (remarks !== "" || (itcRequired !== "" && itcRequired !== undefined)) return action === "N" ? null : "N";
  return action === "A" ? "R" : "A";
}

export async function benchSubmit(changes = 10_000, records = 12_000): Promise<void> {
  const sb = await startSandboxProcess(["--records", String(records), "--job-delay", "0", "--rate-limit", "120", "--as-of", "2026-11-21"]);
  const fake = installExcelFake({ today: "2026-11-21" });
  let counting = false;
  let requests = 0;
  const counted: typeof fetch = (input, init) => {
    if (counting) requests++;
    return fetch(input, init);
  };
  const server = await startImsServer({
    host: "127.0.0.1",
    port: 0,
    accessKey: null,
    upstreamUrl: sb.url,
    info: { kind: "sandbox", label: "local sandbox, demo data" },
    credentials: new PlatformCredentials(DEMO_CREDENTIAL.apiKey, DEMO_CREDENTIAL.apiSecret),
    pace: DEFAULT_PACE,
    upstreamTimeoutMs: 25_000,
    tls: null,
    log: () => undefined,
  });
  try {
    const app = createImsApp({ apiUrl: server.apiUrl, storage: null, fetch: counted });
    await app.connect({ gstin: "27AAACI1234F1Z2", username: "demo.mh", frequency: "monthly" });
    await app.verifyOtp("575757");
    const pulled = await app.pull(SECTION_CODES, null);

    // Change `changes` actions, section by section, pasting over each Action column (values only, keeping the drop-down).
    let left = changes;
    for (const s of pulled.sections) {
      if (left === 0 || s.records === 0) continue;
      const actions = column(fake, s.section, "action", s.records) as Action[];
      const remarks = column(fake, s.section, "remarks", s.records);
      const itc = sectionLayout(s.section).hasItc ? column(fake, s.section, "itcRequired", s.records) : [];
      const next = actions.map((a, i) => {
        if (left === 0) return a;
        const c = changeOf(a, remarks[i], itc[i] ?? "");
        if (c === null) return a;
        left--;
        return c;
      });
      fake.user.paste(s.section, `${columnLetter(sectionLayout(s.section).index.action as number)}2`, next.map((a) => [a]), { values: true });
    }
    if (left > 0) throw new Error(`only ${changes - left} rows could be changed`);

    fake.resetStats();
    counting = true;
    const t = performance.now();
    const result = await app.submit();
    const wall = performance.now() - t;
    counting = false;
    if (result.failed.length || result.refused.length || result.conflicts.length || result.saved + result.reset !== changes) {
      throw new Error(`submit-10k: ${result.saved} saved, ${result.reset} reset, ${result.failed.length} failed, ${result.refused.length} refused, ${result.conflicts.length} conflicts`);
    }
    report(`submit-${changes / 1000}k`, {
      requests,
      wall_ms: wall,
      records: result.saved + result.reset,
      batches: result.batches.length,
      syncs: fake.stats().syncs,
    });
  } finally {
    fake.uninstall();
    await server.close();
    await sb.stop();
  }
}
