"use server";
// Sign-up, sign-in and sign-out as server actions (our own forms: see docs/decisions/003).
import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { getDb } from "@/lib/db/client.server";
import { signUp, WRONG_CREDENTIALS } from "@/lib/auth/accounts";
import { signIn, signOut } from "@/lib/auth/auth.server";
import { clientAddress } from "@/lib/auth/client-address";
import { safeReturnPath } from "@/lib/auth/redirect";
import { issueSignInTicket } from "@/lib/auth/sign-in-ticket";
import { refusalMessage, type Refusal } from "@/lib/auth/throttle";

export interface FormState {
  errors?: Record<string, string>;
  values?: Record<string, string>;
}

function messageForSignInError(err: AuthError): string {
  const code = (err as AuthError & { code?: string }).code ?? "";
  const throttled = /^throttled:([a-z-]+):(\d+)$/.exec(code);
  if (throttled) return refusalMessage(throttled[1] as Refusal, Number(throttled[2]));
  if (code === "invalid-input") return "Enter your email and password.";
  return WRONG_CREDENTIALS;
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
  const result = await signUp(await getDb(), input, clientAddress(await headers()));
  if (!result.ok) return { errors: result.errors, values: { name: input.name, email: input.email } };
  try {
    // The password was just hashed: the new session starts from a one-time ticket, not a second hash.
    await signIn("credentials", { ticket: issueSignInTicket(result.user.id), redirectTo: "/?welcome=1" });
  } catch (err) {
    if (err instanceof AuthError) return { errors: { form: messageForSignInError(err) } };
    throw err;
  }
  return {};
}

export async function signOutAction() {
  await signOut({ redirectTo: "/" });
}
