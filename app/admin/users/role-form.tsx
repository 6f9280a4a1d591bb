"use client";
import { useActionState, useId } from "react";
import type { Role } from "@/lib/generated/prisma/enums";
import { changeRoleAction, type RoleFormState } from "../actions";

const LABELS: Record<Role, string> = { LEARNER: "Learner", AUTHOR: "Author", MENTOR: "Mentor", ADMIN: "Admin" };

export function RoleForm({ userId, userName, role }: { userId: string; userName: string; role: Role }) {
  const [state, action, pending] = useActionState<RoleFormState, FormData>(changeRoleAction, {});
  const id = useId();
  return (
    <form action={action} className="admin-role-form">
      <input type="hidden" name="userId" value={userId} />
      <label htmlFor={`${id}-role`} className="visually-hidden">Role of {userName}</label>
      <select id={`${id}-role`} name="role" defaultValue={role}>
        {(Object.keys(LABELS) as Role[]).map((r) => (
          <option key={r} value={r}>{LABELS[r]}</option>
        ))}
      </select>
      <button type="submit" className="button secondary mentor-small" disabled={pending} aria-label={`Save the role of ${userName}`}>
        {pending ? "Saving…" : "Save"}
      </button>
      <span className="admin-role-message" role="status">
        {state.error ? <span className="error">{state.error}</span> : state.success ? <span className="admin-saved">{state.success}</span> : null}
      </span>
    </form>
  );
}
