/** Browser tests: build the app once, serve it on a throwaway database, drive Debian's Chromium. */
import nextJest from "next/jest.js";

const createJestConfig = nextJest({ dir: "./" });

export default createJestConfig({
  testEnvironment: "node",
  moduleNameMapper: { "^@/(.*)$": "<rootDir>/$1", "^server-only$": "<rootDir>/tests/support/empty.js" },
  testMatch: ["<rootDir>/tests/e2e/**/*.e2e.ts"],
  globalSetup: "<rootDir>/tests/e2e/support/global-setup.ts",
  globalTeardown: "<rootDir>/tests/e2e/support/global-teardown.ts",
  testTimeout: 120_000,
  maxWorkers: 1,
});
