"use server";
// Changing a user's role from /admin/users. Permissions decide who may; lib/admin keeps the
// last-admin rule.
import { revalidatePath } from "next/cache";
import { currentUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { changeRole } from "@/lib/admin/users";
import { formError, formRefusal, formText, type FormState } from "@/lib/forms";
import { aRole } from "@/lib/navigation";
import { can } from "@/lib/permissions";

export type RoleFormState = FormState<"role">;

export async function changeRoleAction(_prev: RoleFormState, form: FormData): Promise<RoleFormState> {
  const user = await currentUser();
  if (!user) return formError("Your session has ended. Sign in again and retry.");
  const userId = formText(form, "userId");
  if (!can(user, "update", { type: "role", userId })) return formError("Only admins can change roles.");
  try {
    const changed = await changeRole(await getDb(), { userId, role: formText(form, "role") });
    revalidatePath("/admin/users");
    return { success: `${changed.name} is now ${aRole(changed.role)}.` };
  } catch (err) {
    return formRefusal(err);
  }
}
