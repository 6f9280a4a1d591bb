"use client";
import { useActionState } from "react";
import { FormMessage, InlineStatus, TextField } from "@/components/forms/field";
import { DELETE_CONFIRMATION, PASSWORD_MIN_LENGTH } from "@/lib/validations/user";
import { changePasswordAction, deleteAccountAction, type DeleteAccountFormState, type PasswordFormState } from "./actions";

export function ChangePasswordForm() {
  const [state, action, pending] = useActionState<PasswordFormState, FormData>(changePasswordAction, {});
  const e = state.errors ?? {};
  return (
    <form action={action} className="form" noValidate>
      <FormMessage state={state} success={false} />
      <TextField name="currentPassword" label="Current password" type="password" autoComplete="current-password" error={e.currentPassword} />
      <TextField
        name="newPassword" label="New password" type="password" autoComplete="new-password" error={e.newPassword}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. Every other device you are signed in on is signed out.`}
      />
      <div className="settings-actions">
        <button className="button" type="submit" disabled={pending}>{pending ? "Changing…" : "Change password"}</button>
        <InlineStatus className="saved-note" message={pending ? undefined : state.success} />
      </div>
    </form>
  );
}

export function DeleteAccountForm() {
  const [state, action, pending] = useActionState<DeleteAccountFormState, FormData>(deleteAccountAction, {});
  const e = state.errors ?? {};
  return (
    <form action={action} className="form" noValidate>
      <FormMessage state={state} />
      <TextField name="password" label="Your password" type="password" autoComplete="current-password" error={e.password} />
      <TextField name="confirmation" label={`Type “${DELETE_CONFIRMATION}” to confirm`} autoComplete="off" error={e.confirmation} />
      <button className="button danger" type="submit" disabled={pending}>{pending ? "Deleting…" : "Delete my account"}</button>
    </form>
  );
}
