"use client";
import { useActionState } from "react";
import { FormField } from "@/components/ui/form-field";
import { signInAction, type FormState } from "../actions";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(signInAction, {});
  return (
    <form action={action} className="form" noValidate>
      {state.errors?.form ? <p className="form-error" role="alert">{state.errors.form}</p> : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormField name="email" label="Email" type="email" autoComplete="email" defaultValue={state.values?.email} />
      <FormField name="password" label="Password" type="password" autoComplete="current-password" />
      <button className="button" type="submit" disabled={pending}>{pending ? "Signing in…" : "Sign in"}</button>
    </form>
  );
}
