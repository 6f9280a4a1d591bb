/**
 * Sign-up and sign-in latency over HTTP against a production server with production settings
 * (scrypt N = 2^17, not the browser tests' 2^12): the time from submitting the form to the redirect that
 * carries the session cookie, one user at a time. Also: how long a health check waits while a
 * sign-up is running, which shows whether password hashing blocks the server's other requests.
 * Needs a build: `E2E_DIST_DIR=.next-e2e npm run test:e2e -- <any file>` or `NEXT_DIST_DIR=.next-e2e next build`.
 * Run with `npm run bench:sign-up`.
 */
import { startAppServer } from "@/tests/e2e/support/app-server";
import { HttpClient } from "@/tests/e2e/support/http";
import { loadAverage, machine, printTable, summarize, timed, type Row } from "./support/stats";

const RUNS = 20;
const WARMUP = 2;

async function main() {
  const server = await startAppServer({ PASSWORD_HASH_COST: "" });
  try {
    const rows: Row[] = [];
    const signUpMs: number[] = [];
    const healthDuringSignUpMs: number[] = [];
    const signInMs: number[] = [];
    const password = "benchmark-password-1";
    for (let i = 0; i < WARMUP + RUNS; i++) {
      // A new address per user keeps the sign-up limit out of the measurement.
      const client = new HttpClient(server.url, { localAddress: `127.0.${1 + (i >> 8)}.${i & 255 || 1}` });
      const email = `bench-${Date.now()}-${i}@example.com`;
      const signUp = timed(async () => {
        const r = await client.action("app/(auth)/actions.ts#signUpAction", "/signup", { name: "Bench", email, password });
        if (!r.redirected) throw new Error(`sign-up ${i} was not accepted: ${r.status} ${r.body.slice(0, 200)}\n${server.log().slice(-3000)}`);
      });
      // While it runs: a request that needs no password work.
      await new Promise((r) => setTimeout(r, 30));
      const health = timed(() => fetch(`${server.url}/api/health`).then((r) => r.text()));
      const [up, h] = await Promise.all([signUp, health]);
      const inMs = await timed(async () => {
        const r = await new HttpClient(server.url, client.options).action("app/(auth)/actions.ts#signInAction", "/signin", { email, password, callbackUrl: "/" });
        if (!r.redirected) throw new Error(`sign-in ${i} was not accepted: ${r.status}`);
      });
      if (i >= WARMUP) {
        signUpMs.push(up);
        healthDuringSignUpMs.push(h);
        signInMs.push(inMs);
      }
    }
    const row = (operation: string, samples: number[]): Row => ({ backend: "PGlite, next start", operation, ...summarize(samples), opsPerSec: 1000 / summarize(samples).p50 });
    rows.push(row("sign-up (form to session)", signUpMs), row("health check during a sign-up", healthDuringSignUpMs), row("sign-in (form to session)", signInMs));
    console.log(`Sign-up benchmark — ${machine()} — load ${loadAverage()}`);
    printTable(rows);
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
