import { createRoot } from "react-dom/client";
import { App, type HostInfo } from "./App";
import { getImsApp } from "./app-instance";

function render(host: HostInfo): void {
  const container = document.getElementById("root");
  if (!container) throw new Error("IMS for Excel: #root element is missing from taskpane.html");
  createRoot(container).render(<App app={getImsApp()} host={host} />);
}

// Wait for Office.js before rendering. In a plain browser (office.js not loaded) render
// straight away; outside an Office host, Office.onReady resolves with host: null.
if (typeof Office !== "undefined" && typeof Office.onReady === "function") {
  void Office.onReady().then((info) =>
    render({
      host: info.host ? String(info.host) : null,
      platform: info.platform ? String(info.platform) : null,
    }),
  );
} else {
  render({ host: null, platform: null });
}
