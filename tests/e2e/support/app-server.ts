// A second production server from the browser tests' build, on its own empty embedded database and
// with settings of the test's choosing, for tests whose limits or logs must not mix with the
// shared server's. Built on the one app-server helper (tests/support/app-server.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { appEnv, startApp, stopApp } from "@/tests/support/app-server";

export interface AppServer {
  url: string;
  /** Everything the server printed so far (stdout and stderr, in order). */
  log(): string;
  stop(): Promise<void>;
}

export async function startAppServer(settings: Record<string, string> = {}): Promise<AppServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "quorum-e2e-own-"));
  // The app migrates the empty database as it opens it; no demo users or content are needed here.
  const app = await startApp(appEnv({ QUORUM_DATA_DIR: dataDir, ...settings }));
  return {
    url: app.url,
    log: () => app.output(),
    async stop() {
      await stopApp(app);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
