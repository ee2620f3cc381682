import { Button, MessageBar, MessageBarActions, MessageBarBody } from "@fluentui/react-components";
import { usePane } from "./context";

/** The empty state of panels that need the portal. */
export function SignInFirst({ what }: { what: string }) {
  const pane = usePane();
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>Sign in to {what}.</MessageBarBody>
      <MessageBarActions>
        <Button size="small" onClick={() => pane.goTo("connect")}>
          Go to Connect
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
