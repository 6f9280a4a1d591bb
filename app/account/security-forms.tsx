"use client";
import { useActionState } from "react";
import { FormField } from "@/components/ui/form-field";
import { DELETE_CONFIRMATION, PASSWORD_MIN_LENGTH } from "@/lib/validations/user";
import { changePasswordAction, deleteAccountAction, type AccountFormState } from "./actions";

export function ChangePasswordForm() {
  const [state, action, pending] = useActionState<AccountFormState, FormData>(changePasswordAction, {});
  const e = state.errors ?? {};
  return (
    <form action={action} className="form" noValidate>
      {e.form ? <p className="form-error" role="alert">{e.form}</p> : null}
      <FormField name="currentPassword" label="Current password" type="password" autoComplete="current-password" error={e.currentPassword} />
      <FormField
        name="newPassword" label="New password" type="password" autoComplete="new-password" error={e.newPassword}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. Every other device you are signed in on is signed out.`}
      />
      <div className="settings-actions">
        <button className="button" type="submit" disabled={pending}>{pending ? "Changing…" : "Change password"}</button>
        <span className="saved-note" aria-live="polite">{state.done && !pending ? "Password changed. Other devices are signed out." : ""}</span>
      </div>
    </form>
  );
}

export function DeleteAccountForm() {
  const [state, action, pending] = useActionState<AccountFormState, FormData>(deleteAccountAction, {});
  const e = state.errors ?? {};
  return (
    <form action={action} className="form" noValidate>
      {e.form ? <p className="form-error" role="alert">{e.form}</p> : null}
      <FormField name="password" label="Your password" type="password" autoComplete="current-password" error={e.password} />
      <FormField name="confirmation" label={`Type “${DELETE_CONFIRMATION}” to confirm`} autoComplete="off" error={e.confirmation} />
      <button className="button danger" type="submit" disabled={pending}>{pending ? "Deleting…" : "Delete my account"}</button>
    </form>
  );
}
