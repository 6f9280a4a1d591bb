// Prisma 7 CLI configuration: used by `prisma generate` only. Migrations are generated offline by
// scripts/db-migration.mjs and applied by lib/db/migrate.ts (docs/decisions/002).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
});
