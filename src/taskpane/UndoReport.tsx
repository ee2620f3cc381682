/** What an undo of bulk-written actions did (Action for all, or applied suggestions), in words. */
import { MessageBar, MessageBarBody } from "@fluentui/react-components";
import type { BulkUndoReport } from "../app/types";
import { plural } from "./format";

export function UndoReport({ report }: { report: BulkUndoReport }) {
  if (!report.undone) {
    return (
      <MessageBar intent="info">
        <MessageBarBody>There was nothing to undo.</MessageBarBody>
      </MessageBar>
    );
  }
  const left: string[] = [];
  if (report.changed) left.push(`${plural(report.changed, "cell")} you changed since`);
  if (report.sent) left.push(`${plural(report.sent, "row")} already sent to the portal`);
  if (report.gone) left.push(`${plural(report.gone, "row")} no longer on the sheets`);
  return (
    <MessageBar intent="success" layout="multiline">
      <MessageBarBody>
        Put back {plural(report.restored, "cell")} as they were.{left.length ? ` Left as they are: ${left.join("; ")}.` : ""}
      </MessageBarBody>
    </MessageBar>
  );
}
