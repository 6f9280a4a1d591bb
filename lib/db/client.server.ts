import "server-only";
// The app's process-wide database (one PGlite instance or one pg pool per process).
// Every route and server action reaches the database through `getDb()`.
import { openDatabase, type Database, type Db } from "./database";
import { DataDirectoryLockedError } from "./pglite-lock";

declare global {
  var quorumDb: Database | undefined;
  var quorumDbReady: Promise<Db> | undefined;
}
const globalForDb = globalThis;

/** Opens the database once per process and applies pending migrations before the first query. */
export function getDb(): Promise<Db> {
  if (!globalForDb.quorumDbReady) {
    const database = (globalForDb.quorumDb = openDatabase());
    globalForDb.quorumDbReady = database.migrate((line) => console.log(`[db] ${line}`)).then(() => database.prisma);
    globalForDb.quorumDbReady.catch(() => {
      globalForDb.quorumDbReady = undefined;
    });
  }
  return globalForDb.quorumDbReady;
}

/**
 * Called as the server starts (instrumentation.ts). Opening the embedded database takes its lock
 * synchronously, so a second server on the same folder ends here with the lock's message and exit
 * status 1, before it answers anything. Migrations go on in the background (requests wait for
 * them through getDb); a PostgreSQL server that is not reachable yet is retried by the next request.
 */
export function openDatabaseAtStartup(): void {
  try {
    getDb().catch((err: unknown) => console.error(`[db] database not ready: ${err instanceof Error ? err.message : String(err)}`));
  } catch (err) {
    if (!(err instanceof DataDirectoryLockedError)) throw err;
    console.error(`✗ ${err.message}`);
    process.exit(1);
  }
}

export type { Db };
