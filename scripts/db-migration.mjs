#!/usr/bin/env node
// npm run db:migration -- <name>
// Creates prisma/migrations/<NNNN>_<name>/ with the SQL that takes the database from the schema of
// the previous migration (its schema.prisma snapshot) to prisma/schema.prisma. Works offline: the
// diff runs in the Prisma 6.19 CLI's WASM engine against an in-memory PGlite (docs/decisions/002).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const migrationsDir = path.join(root, "prisma", "migrations");
const check = process.argv.includes("--check");
const name = process.argv.slice(2).find((a) => !a.startsWith("--"));

if (!check && !process.argv.includes("--print-from-empty") && (!name || !/^[a-z0-9_]+$/.test(name))) {
  console.error("usage: npm run db:migration -- <name>   (name: lowercase letters, digits and _ , e.g. add_drills)");
  process.exit(2);
}

/** The Prisma 6 CLI reads a datasource url from the schema; Prisma 7 keeps it out. Add one. */
function toPrisma6Schema(source, dir) {
  const withUrl = source
    .replace(/datasource\s+db\s*\{[^}]*\}/, 'datasource db {\n  provider = "postgresql"\n  url = "postgresql://unused"\n}')
    .replace(/generator\s+client\s*\{[^}]*\}/, 'generator client {\n  provider = "prisma-client-js"\n}');
  const file = path.join(dir, `schema-${Math.random().toString(36).slice(2)}.prisma`);
  writeFileSync(file, withUrl);
  return file;
}

export function diffSql(fromSchemaSource, toSchemaSource) {
  const dir = mkdtempSync(path.join(tmpdir(), "quorum-migration-"));
  try {
    const config = path.join(dir, "prisma.config.mjs");
    writeFileSync(
      config,
      `import { PGlite } from ${JSON.stringify(path.join(root, "node_modules/@electric-sql/pglite/dist/index.js"))};\n` +
        `import { PrismaPGlite } from ${JSON.stringify(path.join(root, "node_modules/pglite-prisma-adapter-6/dist/index.mjs"))};\n` +
        `export default { experimental: { adapter: true }, engine: "js", adapter: async () => new PrismaPGlite(new PGlite()) };\n`,
    );
    const to = toPrisma6Schema(toSchemaSource, dir);
    const from = fromSchemaSource ? ["--from-schema-datamodel", toPrisma6Schema(fromSchemaSource, dir)] : ["--from-empty"];
    const r = spawnSync(
      process.execPath,
      [path.join(root, "node_modules/prisma6/build/index.js"), "migrate", "diff", "--config", config, ...from, "--to-schema-datamodel", to, "--script"],
      {
        cwd: dir,
        encoding: "utf8",
        env: {
          ...process.env,
          PRISMA_QUERY_ENGINE_LIBRARY: "/bin/false",
          PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false",
          PRISMA_HIDE_UPDATE_MESSAGE: "1",
          CHECKPOINT_DISABLE: "1",
        },
        timeout: 120_000,
      },
    );
    if (r.status !== 0) throw new Error(`prisma migrate diff failed:\n${r.stderr}\n${r.stdout}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function latestSnapshot() {
  if (!existsSync(migrationsDir)) return null;
  const dirs = readdirSync(migrationsDir).filter((d) => /^\d{4}_/.test(d)).sort();
  if (dirs.length === 0) return null;
  return { dir: dirs[dirs.length - 1], count: dirs.length, schema: readFileSync(path.join(migrationsDir, dirs.at(-1), "schema.prisma"), "utf8") };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const current = readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8");
  if (process.argv.includes("--print-from-empty")) {
    process.stdout.write(diffSql(null, current));
    process.exit(0);
  }
  const prev = latestSnapshot();
  const sql = diffSql(prev?.schema ?? null, current);
  const empty = sql.trim() === "" || /^-- This is an empty migration\.?\s*$/.test(sql.trim());
  if (check) {
    if (!empty) {
      console.error("prisma/schema.prisma has changes that no migration covers. Run: npm run db:migration -- <name>\n" + sql);
      process.exit(1);
    }
    console.log("Migrations are up to date with prisma/schema.prisma.");
    process.exit(0);
  }
  if (empty) {
    console.log("No schema changes since " + (prev?.dir ?? "the beginning") + "; nothing to do.");
    process.exit(0);
  }
  const id = String((prev?.count ?? 0) + 1).padStart(4, "0");
  const out = path.join(migrationsDir, `${id}_${name}`);
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, "migration.sql"), sql);
  writeFileSync(path.join(out, "schema.prisma"), current);
  console.log(`Created ${path.relative(root, out)}/migration.sql (${sql.split("\n").length} lines). Review it, then commit it with the schema change.`);
}
