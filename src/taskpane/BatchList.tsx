/** Submit batches as they go: section, save or reset, records, the portal's reference and a live state. */
import { Badge, Caption1, Text, type BadgeProps } from "@fluentui/react-components";
import type { BatchProgress } from "../app/types";
import { BATCH_STATE_TEXT, plural } from "./format";
import { usePanelStyles } from "./styles";

const BADGE_COLOR: Readonly<Record<BatchProgress["state"], NonNullable<BadgeProps["color"]>>> = {
  sending: "informative",
  waiting: "brand",
  done: "success",
  "partly-failed": "warning",
  failed: "danger",
  unknown: "severe",
};

export function BatchList({ batches, label = "Batches" }: { batches: readonly BatchProgress[]; label?: string }) {
  const styles = usePanelStyles();
  if (batches.length === 0) return null;
  return (
    <ol className={styles.list} aria-label={label}>
      {batches.map((b, i) => (
        <li key={`${i}:${b.section}:${b.kind}`} className={styles.listItem}>
          <div className={styles.row}>
            <Text weight="semibold">
              {i + 1}. {b.section} {b.kind === "save" ? "save" : "reset"}
            </Text>
            <Text>{plural(b.records, "record")}</Text>
            <Badge appearance="tint" color={BADGE_COLOR[b.state]}>
              {BATCH_STATE_TEXT[b.state]}
            </Badge>
          </div>
          {b.referenceId ? <Caption1 className={styles.mono}>Reference {b.referenceId}</Caption1> : null}
        </li>
      ))}
    </ol>
  );
}
