/**
 * Once, when the pane opens: finishes a pull that Excel interrupted (app.recoverWorkbook) and
 * says so. Shows nothing when there was nothing to finish.
 */
import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { useImsApp } from "./context";

export function RecoveryNotice() {
  const app = useImsApp();
  const [said, setSaid] = useState<{ intent: "success" | "warning"; text: string } | null>(null);
  useEffect(() => {
    let live = true;
    app.recoverWorkbook().then(
      (text) => live && text !== null && setSaid({ intent: "success", text }),
      (e: unknown) => live && setSaid({ intent: "warning", text: `${app.explain(e).detail} Your sheets stay as they are; the add-in tries again at the next pull.` }),
    );
    return () => {
      live = false;
    };
  }, [app]);
  if (!said) return null;
  return (
    <MessageBar intent={said.intent} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{said.intent === "success" ? "Interrupted pull finished" : "An interrupted pull is not finished yet"}</MessageBarTitle> {said.text}
      </MessageBarBody>
    </MessageBar>
  );
}
