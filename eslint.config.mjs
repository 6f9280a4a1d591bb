import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";

const LIB_PLAIN = "lib/ imports neither Next.js nor React; only request adapters named *.server.ts may.";
const NEXT_AND_REACT = ["next", "next-auth", "react", "react-dom"].map((name) => ({ name, message: LIB_PLAIN }));

const config = [
  ...nextCoreWebVitals,
  ...nextTypeScript,
  {
    ignores: ["node_modules/**", ".next/**", ".next-*/**", "lib/generated/**", "data/**", "coverage/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // Floors (docs/architecture.md, decision 103): imports only run down. Components never import
  // routes (a component that needs a server action lives under its route, in `_components/`);
  // lib/ is plain TypeScript except the request adapters named *.server.ts; lib/content (what the
  // lessons say) never imports lib/practice (what a learner does with them).
  {
    files: ["components/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["@/app/*"], message: "components/ must not import from app/: colocate the component under its route (_components/) or pass the action as a prop." }] }] },
  },
  {
    files: ["lib/**"],
    ignores: ["lib/**/*.server.ts", "lib/**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { paths: NEXT_AND_REACT, patterns: [{ group: ["next/*", "next-auth/*"], message: LIB_PLAIN }] }] },
  },
  {
    files: ["lib/content/**"],
    ignores: ["lib/**/*.server.ts", "lib/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: NEXT_AND_REACT, patterns: [{ group: ["next/*", "next-auth/*"], message: LIB_PLAIN }, { group: ["@/lib/practice/*"], message: "lib/content must not import lib/practice (practice builds on content, not the other way)." }] }],
    },
  },
];

export default config;
