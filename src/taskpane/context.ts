/** What every panel can reach: the application, the session, the pane's navigation and its one-at-a-time lock. */
import { createContext, useContext } from "react";
import type { ExplainedError, ImsApp, SessionState } from "../app/types";
import type { SectionCode } from "../ims/sections";

export const AppContext = createContext<ImsApp | null>(null);

export function useImsApp(): ImsApp {
  const app = useContext(AppContext);
  if (!app) throw new Error("IMS for Excel: no application (wrap the pane in <AppContext.Provider> or pass app to <App>)");
  return app;
}

export const SessionContext = createContext<SessionState>({ status: "signed-out" });

export function useSession(): SessionState {
  return useContext(SessionContext);
}

export type TabName = "connect" | "offline" | "inward" | "suppliers" | "reconcile" | "review" | "outward" | "gstr2b";

/** A pull someone asked for from elsewhere in the pane ("Refresh those rows"). */
export interface PullRequest {
  sections: readonly SectionCode[];
  id: number;
}

export interface PaneControls {
  /** Shows a tab and moves focus into it. */
  goTo(tab: TabName): void;
  /** Moves focus to a tab's heading without changing tabs (when that tab is the one shown). */
  focusHeading(tab: TabName): void;
  /** Opens Inward supplies and pulls these sections again (all statuses). */
  refreshSections(sections: readonly SectionCode[]): void;
  /** The latest refresh request, for the pull panel. */
  pullRequest: PullRequest | null;
  /** Bumped whenever a pull changed the sheets: an earlier review is then out of date. */
  sheetsVersion: number;
  notePulled(): void;
  /** The application told us of a new session state (connect / verify answers). */
  sessionChanged(state: SessionState): void;
}

export const PaneContext = createContext<PaneControls>({
  goTo: () => undefined,
  focusHeading: () => undefined,
  refreshSections: () => undefined,
  pullRequest: null,
  sheetsVersion: 0,
  notePulled: () => undefined,
  sessionChanged: () => undefined,
});

export function usePane(): PaneControls {
  return useContext(PaneContext);
}

/**
 * One long operation at a time (pull, submit, counts, review, recompute, resume): they all
 * touch the same sheets or session. `current` names what is running, for the buttons' hints.
 */
export interface Activity {
  current: string | null;
  /**
   * Counts the activities that ended. Work waiting for a free pane depends on it: a short
   * activity may start and end between two renders, leaving `current` seemingly unchanged.
   */
  ends: number;
  /** Starts an activity; null when another one is running. The result ends it. */
  begin(label: string): (() => void) | null;
}

export const ActivityContext = createContext<Activity>({ current: null, ends: 0, begin: () => () => undefined });

export function useActivity(): Activity {
  return useContext(ActivityContext);
}

/** The clock (tests pass a fixed one). */
export const NowContext = createContext<() => number>(() => Date.now());

/** ExplainedError now carries the refresh sections and the wait time itself. */
export type ExplainedErrorPlus = ExplainedError;
