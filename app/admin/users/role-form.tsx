"use client";
import { useActionState, useId } from "react";
import { Field, InlineStatus } from "@/components/forms/field";
import type { Role } from "@/lib/generated/prisma/enums";
import { changeRoleAction, type RoleFormState } from "../actions";

const LABELS: Record<Role, string> = { LEARNER: "Learner", AUTHOR: "Author", MENTOR: "Mentor", ADMIN: "Admin" };

export function RoleForm({ userId, userName, role }: { userId: string; userName: string; role: Role }) {
  const [state, action, pending] = useActionState<RoleFormState, FormData>(changeRoleAction, {});
  const id = useId();
  return (
    <form action={action} className="admin-role-form">
      <input type="hidden" name="userId" value={userId} />
      {/* One row per user: the field has no wrapper, and its message is the row's status below. */}
      <Field id={`${id}-role`} label={`Role of ${userName}`} labelClassName="visually-hidden" className={null}>
        {(control) => (
          <select {...control} name="role" defaultValue={role}>
            {(Object.keys(LABELS) as Role[]).map((r) => (
              <option key={r} value={r}>{LABELS[r]}</option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" className="button secondary mentor-small" disabled={pending} aria-label={`Save the role of ${userName}`}>
        {pending ? "Saving…" : "Save"}
      </button>
      <InlineStatus className="admin-role-message" error={state.errors?.form} message={state.success} successClassName="admin-saved" />
    </form>
  );
}
