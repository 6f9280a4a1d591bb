// Runs once in each server process before it handles requests (Next.js instrumentation hook).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { stampSocketAddresses, trustedProxyHops } = await import("./lib/auth/client-address");
  trustedProxyHops(); // a malformed TRUST_PROXY stops start-up here rather than at the first sign-in
  stampSocketAddresses();
}
