import { Caption1 } from "@fluentui/react-components";
import { useActivity } from "./context";
import { usePanelStyles } from "./styles";

/** Why a button is disabled: another long operation is running elsewhere in the pane. */
export function BusyHint({ task }: { task?: { running: boolean } }) {
  const styles = usePanelStyles();
  const activity = useActivity();
  if (!activity.current || task?.running) return null;
  return <Caption1 className={styles.muted}>Available when the {activity.current} has finished (or is cancelled).</Caption1>;
}
