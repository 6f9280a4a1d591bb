import "server-only";
// The app's process-wide database (one PGlite instance or one pg pool per process).
// Every route and server action reaches the database through `getDb()`.
import { openDatabase, type Database, type Db } from "./database";

const globalForDb = globalThis as unknown as { quorumDb?: Database; quorumDbReady?: Promise<Db> };

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

export type { Db };
