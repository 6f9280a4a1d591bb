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
import { formError, formTexts, type FormState } from "@/lib/forms";

export type SignInState = FormState<"email" | "password">;
export type SignUpState = FormState<"name" | "email" | "password">;

function messageForSignInError(err: AuthError): string {
  const code = (err as AuthError & { code?: string }).code ?? "";
  const throttled = /^throttled:([a-z-]+):(\d+)$/.exec(code);
  if (throttled) return refusalMessage(throttled[1] as Refusal, Number(throttled[2]));
  if (code === "invalid-input") return "Enter your email and password.";
  return WRONG_CREDENTIALS;
}

export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const { email, password } = formTexts(form, ["email", "password"]);
  const redirectTo = safeReturnPath(form.get("callbackUrl"));
  try {
    await signIn("credentials", { email, password, redirectTo });
  } catch (err) {
    if (err instanceof AuthError) return formError(messageForSignInError(err), { email });
    throw err; // NEXT_REDIRECT on success
  }
  return {};
}

export async function signUpAction(_prev: SignUpState, form: FormData): Promise<SignUpState> {
  const input = formTexts(form, ["name", "email", "password"]);
  const result = await signUp(await getDb(), input, clientAddress(await headers()));
  if (!result.ok) return { errors: result.errors, values: { name: input.name, email: input.email } };
  try {
    // The password was just hashed: the new session starts from a one-time ticket, not a second hash.
    await signIn("credentials", { ticket: issueSignInTicket(result.user.id), redirectTo: "/?welcome=1" });
  } catch (err) {
    if (err instanceof AuthError) return formError(messageForSignInError(err));
    throw err;
  }
  return {};
}

export async function signOutAction() {
  await signOut({ redirectTo: "/" });
}
