/**
 * The session at a glance, in the header: signed in until when, waiting for the OTP, or signed
 * out; and which IMS API the add-in server works against ("Local sandbox, demo data" or the provider).
 */
import { Badge } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import type { UpstreamInfo } from "../api/upstream";
import { useImsApp, useSession } from "./context";
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
    <span style={{ display: "inline-flex", flexWrap: "wrap", gap: "4px" }}>
      <Badge appearance="tint" color={color} role="status" aria-live="polite" aria-label={`Session: ${text}`}>
        {text}
      </Badge>
      <UpstreamBadge />
    </span>
  );
}

/** "Local sandbox, demo data" or "IMS API provider (host)", once the add-in server has said. */
function UpstreamBadge() {
  const app = useImsApp();
  const session = useSession();
  const [info, setInfo] = useState<UpstreamInfo | null>(null);
  useEffect(() => {
    let live = true;
    app.upstream().then(
      (state) => {
        if (live && state.status === "ready") setInfo(state.upstream);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
    // Asked again when the session changes: a shared server answers once its access key is given.
  }, [app, session.status]);
  if (!info) return null;
  const label = info.label.charAt(0).toUpperCase() + info.label.slice(1);
  return (
    <Badge appearance="outline" color={info.kind === "sandbox" ? "warning" : "brand"} aria-label={`IMS API: ${label}`}>
      {label}
    </Badge>
  );
}
