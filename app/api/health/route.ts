// Load-balancer health check: 200 {status:"ok"} when this instance can reach its database, else
// 503 {status:"unavailable"}. Anyone can call it, so the reason (a path, another process's pid, a
// connection string) goes to the server log only, once per distinct reason and minute.
import { getDb } from "@/lib/db/client.server";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };
let lastLogged = { reason: "", at: 0 };

export async function GET() {
  try {
    const db = await getDb();
    await db.$queryRaw`SELECT 1`;
    lastLogged = { reason: "", at: 0 };
    return Response.json({ status: "ok" }, { headers: NO_STORE });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const now = Date.now();
    if (reason !== lastLogged.reason || now - lastLogged.at > 60_000) {
      console.error(`[health] database unavailable: ${reason.split("\n")[0]}`);
      lastLogged = { reason, at: now };
    }
    return Response.json({ status: "unavailable" }, { status: 503, headers: NO_STORE });
  }
}
