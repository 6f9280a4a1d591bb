import { rmSync } from "node:fs";
import pg from "pg";
import { groupMembers, waitFor } from "../../support/app-server";
import type { E2eState } from "./global-setup";

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { __QUORUM_E2E__?: E2eState }).__QUORUM_E2E__;
  if (!state) return;
  if (state.pgid) {
    try {
      process.kill(-state.pgid, "SIGTERM");
      await waitFor("the app to stop", () => groupMembers(state.pgid ?? 0).length === 0, 10_000).catch(() => process.kill(-(state.pgid ?? 0), "SIGKILL"));
    } catch {
      /* already gone */
    }
  }
  if (state.dataDir) rmSync(state.dataDir, { recursive: true, force: true });
  if (state.dropDatabase) {
    const admin = new pg.Client({ connectionString: state.dropDatabase.admin });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${state.dropDatabase.name}" WITH (FORCE)`);
    await admin.end();
  }
}
