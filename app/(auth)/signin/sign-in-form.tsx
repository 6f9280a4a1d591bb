"use client";
import { useActionState } from "react";
import { FormMessage, TextField } from "@/components/forms/field";
import { signInAction, type SignInState } from "../actions";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, {});
  return (
    <form action={action} className="form" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <TextField name="email" label="Email" type="email" autoComplete="email" defaultValue={state.values?.email} />
      <TextField name="password" label="Password" type="password" autoComplete="current-password" />
      <button className="button" type="submit" disabled={pending}>{pending ? "Signing in…" : "Sign in"}</button>
    </form>
  );
}
