/** The built pane (dist/) as static files, with serve-static (the static file server of Express). */
import serveStatic from "serve-static";
import type { Assets } from "./server";

export function staticAssets(dir: string): Assets {
  const serve = serveStatic(dir, {
    index: ["taskpane.html"],
    fallthrough: true,
    dotfiles: "ignore",
    setHeaders: (res, path) => {
      // Bundles carry a content hash in their name; the page and the manifest do not.
      if (/\.[0-9a-f]{8,}\.js$/.test(path)) res.setHeader("cache-control", "public, max-age=31536000, immutable");
      else res.setHeader("cache-control", "no-cache");
    },
  });
  return (req, res, next) => serve(req, res, () => next());
}
