/** The session at a glance, in the header: signed in until when, waiting for the OTP, or signed out. */
import { Badge } from "@fluentui/react-components";
import { useSession } from "./context";
import { clockTime } from "./format";
import { useNow } from "./use-now";

export function SessionBadge() {
  const session = useSession();
  const now = useNow();
  let text: string;
  let color: "success" | "warning" | "danger" | "informative";
  if (session.status === "signed-in") {
    const expired = session.session.tokenExpiry <= now;
    text = expired ? "Session expired" : `Signed in until ${clockTime(session.session.tokenExpiry)}`;
    color = expired ? "danger" : "success";
  } else if (session.status === "otp-sent") {
    text = "Waiting for OTP";
    color = "warning";
  } else {
    text = "Not signed in";
    color = "informative";
  }
  return (
    <Badge appearance="tint" color={color} role="status" aria-live="polite" aria-label={`Session: ${text}`}>
      {text}
    </Badge>
  );
}
