"use server";
import { asDomainError } from "@/lib/errors";
// Changing a user's role from /admin/users. Permissions decide who may; lib/admin keeps the
// last-admin rule.
import { revalidatePath } from "next/cache";
import { currentUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { changeRole } from "@/lib/admin/users";
import { aRole } from "@/lib/navigation";
import { can } from "@/lib/permissions";

export interface RoleFormState {
  error?: string;
  success?: string;
}

export async function changeRoleAction(_prev: RoleFormState, form: FormData): Promise<RoleFormState> {
  const user = await currentUser();
  if (!user) return { error: "Your session has ended. Sign in again and retry." };
  const userId = String(form.get("userId") ?? "");
  if (!can(user, "update", { type: "role", userId })) return { error: "Only admins can change roles." };
  try {
    const changed = await changeRole(await getDb(), { userId, role: String(form.get("role") ?? "") });
    revalidatePath("/admin/users");
    return { success: `${changed.name} is now ${aRole(changed.role)}.` };
  } catch (err) {
    const refused = asDomainError(err);
    if (refused) return { error: refused.message };
    throw err;
  }
}
