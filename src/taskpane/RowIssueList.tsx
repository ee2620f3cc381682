/** Rows to look at (refused, in conflict, failed): each one click from being selected in its sheet. */
import { Button, Caption1, Subtitle2, Text } from "@fluentui/react-components";
import { useId, useState } from "react";
import type { RowIssue } from "../app/types";
import { useImsApp, type ExplainedErrorPlus } from "./context";
import { ErrorNotice } from "./ErrorNotice";
import { count } from "./format";
import { usePanelStyles } from "./styles";

export interface RowIssueListProps {
  title: string;
  rows: readonly RowIssue[];
  /** Shown under the title: what these rows mean and what to do. */
  note?: string;
  /** Lists longer than this show the first ones and a "Show all" button. */
  limit?: number;
}

/**
 * Codes from the portal (IMSSAV0010, RET191106, ...) are worth showing: the sheet's Message
 * column and the provider's documentation use them. The add-in's own codes ("pending-blocked",
 * "version-changed") are not.
 */
export function isPortalCode(code: string): boolean {
  return /^[A-Z][A-Z0-9]{2,}$/.test(code);
}

export function RowIssueList({ title, rows, note, limit = 20 }: RowIssueListProps) {
  const styles = usePanelStyles();
  const app = useImsApp();
  const headingId = useId();
  const [showAll, setShowAll] = useState(false);
  const [error, setError] = useState<ExplainedErrorPlus | null>(null);
  if (rows.length === 0) return null;
  const shown = showAll ? rows : rows.slice(0, limit);

  const select = (row: RowIssue) => {
    setError(null);
    app.selectRow(row.section, row.sheetRow).catch((e: unknown) => setError(app.explain(e)));
  };

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Subtitle2 as="h3" id={headingId} className={styles.heading}>
        {title} ({count(rows.length)})
      </Subtitle2>
      {note ? <Caption1 className={styles.muted}>{note}</Caption1> : null}
      {error ? <ErrorNotice error={error} onDismiss={() => setError(null)} /> : null}
      <ul className={styles.list}>
        {shown.map((row) => (
          <li key={`${row.section}:${row.sheetRow}:${row.code}:${row.field ?? ""}`} className={styles.listItem}>
            <div className={styles.row}>
              <Text weight="semibold">
                {row.section} row {row.sheetRow}
              </Text>
              <Text className={styles.wrap}>{row.docNumber}</Text>
              <Caption1 className={styles.mono}>{row.supplierGstin}</Caption1>
            </div>
            <Text className={styles.wrap}>
              {row.field ? `${row.field}: ` : ""}
              {row.message}
            </Text>
            {isPortalCode(row.code) ? (
              <Caption1 className={styles.muted}>
                Portal code <span className={styles.mono}>{row.code}</span>
              </Caption1>
            ) : null}
            <div>
              <Button size="small" aria-label={`Go to row ${row.sheetRow} of ${row.section}`} onClick={() => select(row)}>
                Go to row
              </Button>
            </div>
          </li>
        ))}
      </ul>
      {rows.length > shown.length ? (
        <div>
          <Button size="small" appearance="subtle" onClick={() => setShowAll(true)}>
            Show all {count(rows.length)}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
