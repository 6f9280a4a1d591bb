import nextJest from "next/jest.js";

const createJestConfig = nextJest({ dir: "./" });

/** Unit and integration tests: beside the code (`lib/**\/*.test.ts`) and in `tests/`. */
export default createJestConfig({
  testEnvironment: "node",
  moduleNameMapper: {
    "^@/(.*)$": "<rootDir>/$1",
    "^server-only$": "<rootDir>/tests/support/empty.js",
    // marked exports only ESM; its UMD build is the same code in a form Jest's CommonJS loader runs.
    "^marked$": "<rootDir>/node_modules/marked/lib/marked.umd.js",
    // The MDX parser's packages are ESM-only; the test build loads them with a native import().
    "^\\./mdx-tools$": "<rootDir>/tests/support/mdx-tools.ts",
  },
  testMatch: ["<rootDir>/app/**/*.test.ts", "<rootDir>/lib/**/*.test.ts", "<rootDir>/tests/**/*.test.ts", "<rootDir>/components/**/*.test.tsx"],
  testPathIgnorePatterns: ["/node_modules/", "/tests/e2e/", "/.next/"],
  testTimeout: 60_000,
});
