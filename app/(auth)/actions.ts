"use server";
// Sign-up, sign-in and sign-out as server actions (our own forms: see docs/decisions/003).
import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { getDb } from "@/lib/db/client.server";
import { registerUser, throttleMessage } from "@/lib/auth/accounts";
import { signIn, signOut } from "@/lib/auth/auth.server";
import { safeReturnPath } from "@/lib/auth/redirect";

export interface FormState {
  errors?: Record<string, string>;
  values?: Record<string, string>;
}

function messageForSignInError(err: AuthError): string {
  const code = (err as AuthError & { code?: string }).code ?? "";
  if (code.startsWith("throttled:")) return throttleMessage(Number(code.slice("throttled:".length)));
  if (code === "invalid-input") return "Enter your email and password.";
  return "That email and password don't match an account.";
}

export async function signInAction(_prev: FormState, form: FormData): Promise<FormState> {
  const email = String(form.get("email") ?? "");
  const redirectTo = safeReturnPath(form.get("callbackUrl"));
  try {
    await signIn("credentials", { email, password: String(form.get("password") ?? ""), redirectTo });
  } catch (err) {
    if (err instanceof AuthError) return { errors: { form: messageForSignInError(err) }, values: { email } };
    throw err; // NEXT_REDIRECT on success
  }
  return {};
}

export async function signUpAction(_prev: FormState, form: FormData): Promise<FormState> {
  const input = {
    name: String(form.get("name") ?? ""),
    email: String(form.get("email") ?? ""),
    password: String(form.get("password") ?? ""),
  };
  const result = await registerUser(await getDb(), input);
  if (!result.ok) return { errors: result.errors, values: { name: input.name, email: input.email } };
  await headers(); // keep this action dynamic
  try {
    await signIn("credentials", { email: result.user.email, password: input.password, redirectTo: "/?welcome=1" });
  } catch (err) {
    if (err instanceof AuthError) return { errors: { form: messageForSignInError(err) } };
    throw err;
  }
  return {};
}

export async function signOutAction() {
  await signOut({ redirectTo: "/" });
}
