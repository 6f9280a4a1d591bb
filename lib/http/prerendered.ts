// The inline scripts of the pages Next.js prerendered at build time (lessons, families, the static
// not-found page), read from the build folder. Those pages are served as built, so the policy that
// goes with each lists its scripts' hashes instead of a nonce, and the pages stay static
// (docs/decisions/042). Read once per page and process; a page rewritten on disk (a future
// revalidation) is read again.
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { inlineScriptHashes } from "./csp";

interface Page {
  file: string;
  mtimeMs: number;
  hashes: string[];
}

export class PrerenderedPages {
  private routes: Map<string, string> | null = null;
  private readonly pages = new Map<string, Page>();

  constructor(private readonly distDir: string) {}

  /** Route → HTML file, from the build's prerender manifest (empty in development). */
  private htmlFiles(): Map<string, string> {
    if (this.routes) return this.routes;
    const routes = new Map<string, string>();
    const manifest = path.join(this.distDir, "prerender-manifest.json");
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { routes?: Record<string, { routeType?: string }> };
      for (const [route, info] of Object.entries(parsed.routes ?? {})) {
        if (info.routeType !== undefined && info.routeType !== "page") continue;
        const file = path.join(this.distDir, "server", "app", `${route === "/" ? "/index" : route}.html`);
        if (existsSync(file)) routes.set(route, file);
      }
    }
    this.routes = routes;
    return routes;
  }

  /** The hash sources of a prerendered page's inline scripts, or null when the route is rendered per request. */
  hashesFor(route: string): string[] | null {
    const file = this.htmlFiles().get(route);
    if (!file) return null;
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return null;
    }
    const known = this.pages.get(route);
    if (known && known.mtimeMs === mtimeMs) return known.hashes;
    const hashes = inlineScriptHashes(readFileSync(file, "utf8"));
    this.pages.set(route, { file, mtimeMs, hashes });
    return hashes;
  }

  /**
   * Scripts every policy must also allow: any path may be answered with the prerendered not-found
   * page (an unknown address) or global error page, whatever the proxy decided beforehand.
   */
  fallbackHashes(): string[] {
    return [...new Set([...(this.hashesFor("/_not-found") ?? []), ...(this.hashesFor("/_global-error") ?? [])])];
  }
}
