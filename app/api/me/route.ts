// Who is signed in, for the header's client parts: pages stay static and only this is per-user.
import { currentUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";

export const dynamic = "force-dynamic";

export async function GET() {
  const user = await currentUser();
  const headers = { "Cache-Control": "private, no-store" };
  if (!user) return Response.json({ user: null }, { headers });
  const db = await getDb();
  const unreadNotifications = await db.notification.count({ where: { userId: user.id, readAt: null } });
  return Response.json({ user: { name: user.name, email: user.email, role: user.role }, unreadNotifications }, { headers });
}
