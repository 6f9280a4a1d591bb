"use client";
import { useActionState } from "react";
import { FormMessage, TextField } from "@/components/forms/field";
import { PASSWORD_MIN_LENGTH } from "@/lib/validations/user";
import { signUpAction, type SignUpState } from "../actions";

export function SignUpForm() {
  const [state, action, pending] = useActionState<SignUpState, FormData>(signUpAction, {});
  const e = state.errors ?? {};
  return (
    <form action={action} className="form" noValidate>
      <FormMessage state={state} />
      <TextField name="name" label="Name" autoComplete="name" error={e.name} defaultValue={state.values?.name} />
      <TextField name="email" label="Email" type="email" autoComplete="email" error={e.email} defaultValue={state.values?.email} />
      <TextField
        name="password" label="Password" type="password" autoComplete="new-password" error={e.password}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. A short phrase is easier to remember than symbols.`}
      />
      <button className="button" type="submit" disabled={pending}>{pending ? "Creating your account…" : "Create account"}</button>
    </form>
  );
}
