// Opening a notification: marks it read, then sends the user to what it is about.
import { currentUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { notificationHref, openNotification } from "@/lib/mentor/notifications";
import { can, ownAccount } from "@/lib/permissions";

export const dynamic = "force-dynamic";

/** A relative redirect, so it works behind any proxy or host name. */
const seeOther = (location: string) => new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "private, no-store" } });

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  if (!user) return seeOther(`/signin?callbackUrl=${encodeURIComponent("/notifications")}`);
  if (!can(user, "update", ownAccount(user))) return seeOther("/notifications");
  const notification = await openNotification(await getDb(), user.id, id);
  return seeOther(notification?.comment ? notificationHref(user.id, notification.comment) : "/notifications");
}
