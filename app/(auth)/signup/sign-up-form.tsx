"use client";
import { useActionState } from "react";
import { FormField } from "@/components/ui/form-field";
import { PASSWORD_MIN_LENGTH } from "@/lib/validations/user";
import { signUpAction, type FormState } from "../actions";

export function SignUpForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(signUpAction, {});
  const e = state.errors ?? {};
  return (
    <form action={action} className="form" noValidate>
      {e.form ? <p className="form-error" role="alert">{e.form}</p> : null}
      <FormField name="name" label="Name" autoComplete="name" error={e.name} defaultValue={state.values?.name} />
      <FormField name="email" label="Email" type="email" autoComplete="email" error={e.email} defaultValue={state.values?.email} />
      <FormField
        name="password" label="Password" type="password" autoComplete="new-password" error={e.password}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. A short phrase is easier to remember than symbols.`}
      />
      <button className="button" type="submit" disabled={pending}>{pending ? "Creating your account…" : "Create account"}</button>
    </form>
  );
}
