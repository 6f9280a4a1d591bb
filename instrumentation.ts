// Runs once in each server process before it handles requests (Next.js instrumentation hook).
// - The client's socket address is stamped on each request for the sign-in limits (decision 050).
// - The database is opened here rather than on the first request, so the embedded database's lock
//   is held before the server reports it is ready and a second server on the same data folder
//   stops at once (decision 040).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { stampSocketAddresses, trustedProxyHops } = await import("./lib/auth/client-address");
  trustedProxyHops(); // a malformed TRUST_PROXY stops start-up here rather than at the first sign-in
  stampSocketAddresses();
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { openDatabaseAtStartup } = await import("./lib/db/client.server");
  openDatabaseAtStartup();
}
