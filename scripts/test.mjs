#!/usr/bin/env node
// npm test: the whole suite, in the order that fails fastest.
//   1. content check (every lesson and question file)   2. type check   3. lint
//   4. unit + integration tests (PGlite always; PostgreSQL too when reachable)
//   5. browser tests (built app on a throwaway embedded database, Debian's Chromium)
// `npm test -- --skip-e2e` leaves out step 5.
import { spawnSync } from "node:child_process";

const skipE2e = process.argv.includes("--skip-e2e");
const env = {
  ...process.env,
  NODE_NO_WARNINGS: "1", // hides the one-line "VM modules are experimental" notice
  NEXT_TELEMETRY_DISABLED: "1",
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/false",
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? "/bin/false",
};

const steps = [
  ["content check", ["node_modules/tsx/dist/cli.mjs", "scripts/content-check.ts"]],
  ["type check", ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "tsconfig.json"]],
  ["lint", ["node_modules/eslint/bin/eslint.js", ".", "--max-warnings=0"]],
  ["unit and integration tests", ["--experimental-vm-modules", "node_modules/jest/bin/jest.js", "--ci"]],
];
if (!skipE2e) steps.push(["browser tests", ["--experimental-vm-modules", "node_modules/jest/bin/jest.js", "--ci", "-c", "jest.e2e.config.mjs", "--runInBand"]]);

const timings = [];
for (const [name, args] of steps) {
  console.log(`\n━━ ${name} ━━`);
  const started = Date.now();
  const r = spawnSync(process.execPath, args, { stdio: "inherit", env });
  const seconds = (Date.now() - started) / 1000;
  timings.push(`${name}: ${seconds.toFixed(1)} s`);
  if (r.status !== 0) {
    console.error(`\n✗ ${name} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}
console.log(`\n✓ all passed\n  ${timings.join("\n  ")}`);
