"use server";
import { revalidatePath } from "next/cache";
import { currentUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { markAllNotificationsRead } from "@/lib/mentor/notifications";
import { can } from "@/lib/permissions";

export async function markAllReadAction(): Promise<void> {
  const user = await currentUser();
  if (!user || !can(user, "update", { type: "account", userId: user.id })) return;
  await markAllNotificationsRead(await getDb(), user.id);
  revalidatePath("/notifications");
}
