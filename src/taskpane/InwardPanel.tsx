/** Inward supplies: the portal's counts, and pulling sections into sheets. */
import { useCallback, useEffect, useRef, useState } from "react";
import type { CountRow } from "../app/types";
import { useActivity, useImsApp, useSession } from "./context";
import { CountsPanel } from "./CountsPanel";
import { PullPanel } from "./PullPanel";
import { usePanelStyles } from "./styles";
import { useTask } from "./use-task";

export function InwardPanel() {
  const styles = usePanelStyles();
  const app = useImsApp();
  const session = useSession();
  const activity = useActivity();
  const task = useTask<CountRow[]>("counts refresh");
  const [counts, setCounts] = useState<CountRow[] | null>(null);
  const signedIn = session.status === "signed-in";
  const who = session.status === "signed-in" ? `${session.session.gstin}/${session.session.username}` : null;
  const loadedFor = useRef<string | null>(null);

  const refresh = useCallback(
    async (onStart?: () => void) => {
      const rows = await task.run((o) => {
        onStart?.();
        return app.loadCounts(o);
      });
      if (rows) setCounts(rows);
    },
    [app, task],
  );

  // Counts load by themselves once per sign-in, as soon as nothing else is running.
  const idle = activity.current === null;
  useEffect(() => {
    if (!who) {
      loadedFor.current = null;
      setCounts(null);
      return;
    }
    if (loadedFor.current === who || !idle) return;
    void refresh(() => {
      loadedFor.current = who;
    });
  }, [who, idle, activity.ends, refresh]);

  return (
    <div className={styles.panel}>
      <CountsPanel counts={counts} task={task} signedIn={signedIn} busy={!idle} onRefresh={() => void refresh()} />
      <PullPanel counts={counts} signedIn={signedIn} busy={!idle} />
    </div>
  );
}
