// Load-balancer health check: 200 when this instance can reach its database.
import { getDb } from "@/lib/db/client.server";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const db = await getDb();
    await db.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok" });
  } catch (err) {
    return Response.json({ status: "unavailable", error: (err as Error).message }, { status: 503 });
  }
}
