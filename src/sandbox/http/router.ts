/** A minimal method + path-pattern router: "/invoices/:year/:month/sales". */
export type Params = Record<string, string>;

interface Route<H> {
  method: string;
  parts: string[];
  handler: H;
}

export interface RouteMatch<H> {
  handler: H;
  params: Params;
}

export class Router<H> {
  private readonly routes: Route<H>[] = [];

  add(method: string, pattern: string, handler: H): this {
    this.routes.push({ method, parts: split(pattern), handler });
    return this;
  }

  /** A match, "method" when only the method is wrong, or null for an unknown path. */
  match(method: string, path: string): RouteMatch<H> | "method" | null {
    const parts = split(path);
    let pathKnown = false;
    for (const route of this.routes) {
      const params = matchParts(route.parts, parts);
      if (!params) continue;
      if (route.method === method) return { handler: route.handler, params };
      pathKnown = true;
    }
    return pathKnown ? "method" : null;
  }
}

function split(path: string): string[] {
  return path.split("/").filter((p) => p.length > 0);
}

function matchParts(pattern: string[], parts: string[]): Params | null {
  if (pattern.length !== parts.length) return null;
  const params: Params = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const v = parts[i] as string;
    if (p.startsWith(":")) params[p.slice(1)] = decodeURIComponent(v);
    else if (p !== v) return null;
  }
  return params;
}
