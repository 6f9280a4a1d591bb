import { rmSync } from "node:fs";
import pg from "pg";

export default async function globalTeardown() {
  const state = globalThis.__QUORUM_E2E__;
  if (!state) return;
  try {
    process.kill(-state.server.pid, "SIGTERM"); // the whole process group: npx and next
  } catch {
    /* already gone */
  }
  await new Promise((r) => setTimeout(r, 500));
  if (state.dataDir) rmSync(state.dataDir, { recursive: true, force: true });
  if (state.dropDatabase) {
    const admin = new pg.Client({ connectionString: state.dropDatabase.admin });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${state.dropDatabase.name}" WITH (FORCE)`);
    await admin.end();
  }
}
