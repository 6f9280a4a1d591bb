// npm run content:check — validates content/ and prints `file:line: message` per problem.
// Exit code 1 when there is any error (warnings alone pass).
import { checkContent, formatProblem } from "@/lib/content/check";

async function main() {
  const started = Date.now();
  const result = await checkContent({ repoRoot: process.cwd() });
  for (const p of result.problems) console.log(formatProblem(p));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`${result.errors > 0 ? "✗" : "✓"} content check: ${result.summary} (${seconds} s)`);
  process.exitCode = result.errors > 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(`✗ content check crashed: ${err instanceof Error ? err.stack : err}`);
  process.exit(2);
});
