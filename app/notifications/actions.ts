"use server";
import { revalidatePath } from "next/cache";
import { currentUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { markAllNotificationsRead } from "@/lib/mentor/notifications";
import { can, ownAccount } from "@/lib/permissions";

export async function markAllReadAction(): Promise<void> {
  const user = await currentUser();
  if (!user || !can(user, "update", ownAccount(user))) return;
  await markAllNotificationsRead(await getDb(), user.id);
  revalidatePath("/notifications");
}
