/**
 * Opens the sandbox's state: from the data directory when there is one (snapshot plus
 * journal), seeding it deterministically from the seed when it is new; in memory otherwise.
 */
import { newTokenSecret } from "./auth";
import { istDateOf } from "../ims/periods";
import { istStartOfDay } from "./clock";
import type { SandboxConfig } from "./config";
import { generateDemoData } from "./demo";
import { DurableStore } from "./persistence";
import { SandboxState, type Change, type SandboxSnapshot } from "./state";

export function freshSnapshot(config: SandboxConfig): SandboxSnapshot {
  const asOf = config.asOf ?? istDateOf(Date.now());
  const demo = generateDemoData({ seed: config.seed, asOf, recordsPerGstin: config.recordsPerGstin });
  return {
    format: 1,
    seed: config.seed,
    asOf,
    recordsPerGstin: config.recordsPerGstin,
    // A data set seeded for another day starts the portal's calendar on that day (10:00 IST).
    clockOffsetMs: config.asOf ? istStartOfDay(config.asOf) + 10 * 60 * 60 * 1000 - Date.now() : 0,
    tokenSecret: newTokenSecret(),
    profiles: demo.profiles,
    records: demo.records,
    countOnly: demo.countOnly,
    addedBack: demo.addedBack,
    jobs: [],
    regenerateJobs: [],
    revoked: [],
    gstr2b: {},
    audit: [],
  };
}

export function openState(config: SandboxConfig): SandboxState {
  if (!config.dataDir) return new SandboxState(freshSnapshot(config), null);
  const { store, loaded } = DurableStore.open<SandboxSnapshot, Change[]>({ dir: config.dataDir });
  if (!config.quiet && loaded.recovered.droppedBytes > 0) {
    console.warn(`IMS sandbox: dropped ${loaded.recovered.droppedBytes} bytes of an unfinished write (${loaded.recovered.reason ?? "torn journal"})`);
  }
  if (!loaded.snapshot) {
    const snapshot = freshSnapshot(config);
    store.writeSnapshot(snapshot);
    return new SandboxState(snapshot, sink(store));
  }
  if (loaded.snapshot.format !== 1) throw new Error(`Unsupported sandbox data format ${String(loaded.snapshot.format)} in ${config.dataDir}`);
  const state = new SandboxState(loaded.snapshot, sink(store));
  for (const batch of loaded.entries) for (const change of batch) state.apply(change);
  return state;
}

function sink(store: DurableStore<SandboxSnapshot, Change[]>) {
  return {
    appendMany: (changes: Change[]) => store.append(changes),
    writeSnapshot: (snapshot: SandboxSnapshot) => store.writeSnapshot(snapshot),
    shouldCompact: () => store.shouldCompact(),
    close: () => store.close(),
  };
}
