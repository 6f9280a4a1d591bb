"use server";
// The account page's forms: practice settings (validated in lib/practice/settings), password,
// sessions and the account itself (docs/decisions/051, 052).
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { deleteAccount } from "@/lib/account/data";
import { changePassword, endAllSessions, verifyCredentials } from "@/lib/auth/accounts";
import { signIn, signOut } from "@/lib/auth/auth.server";
import { clientAddress } from "@/lib/auth/client-address";
import { currentUser } from "@/lib/auth/session.server";
import { issueSignInTicket } from "@/lib/auth/sign-in-ticket";
import { fieldErrors, formError, formTexts, type FormState } from "@/lib/forms";
import { accountDeletionSchema } from "@/lib/validations/user";
import { getDb } from "@/lib/db/client.server";
import { can } from "@/lib/permissions";
import { learnerDataResource } from "@/lib/permissions/relations";
import { savePracticeSettings } from "@/lib/practice/settings";

const SETTINGS_FIELDS = ["desiredRetention", "dailyNewLimit", "dailyReviewLimit", "timezone", "learningSteps", "relearningSteps"] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];
/** The settings form keeps what was submitted, refused or saved. */
export type SettingsFormState = FormState<SettingsField, Record<SettingsField, string>>;

export async function savePracticeSettingsAction(_prev: SettingsFormState, form: FormData): Promise<SettingsFormState> {
  const values = formTexts(form, SETTINGS_FIELDS);
  const user = await currentUser();
  if (!user) return formError("Your session has ended. Sign in again to change your settings.", values);
  const db = await getDb();
  const resource = await learnerDataResource(db, user.id);
  if (!can(user, "update", resource)) return formError("You can't change these settings.", values);
  const result = await savePracticeSettings(db, user.id, values);
  if (!result.ok) return { errors: { form: "Nothing was saved. Correct the fields marked below.", ...result.errors }, values };
  revalidatePath("/account");
  revalidatePath("/dashboard");
  return { success: "Settings saved.", values };
}

export type PasswordFormState = FormState<"currentPassword" | "newPassword">;
export type DeleteAccountFormState = FormState<"password" | "confirmation">;

/** Changes the password; every other session ends, and this device continues in a new one. */
export async function changePasswordAction(_prev: PasswordFormState, form: FormData): Promise<PasswordFormState> {
  const user = await currentUser();
  if (!user) return formError("Your session has ended. Sign in again to change your password.");
  const db = await getDb();
  const input = formTexts(form, ["currentPassword", "newPassword"]);
  const result = await changePassword(db, user.id, input, clientAddress(await headers()));
  if (!result.ok) return { errors: result.errors };
  await signIn("credentials", { ticket: issueSignInTicket(user.id), redirect: false });
  return { success: "Password changed. Other devices are signed out." };
}

/** Ends every session of the account, this one included. */
export async function signOutEverywhereAction() {
  const user = await currentUser();
  if (user) await endAllSessions(await getDb(), user.id);
  await signOut({ redirectTo: "/signin?signedOut=everywhere" });
}

/** Deletes the account and all its data, after the password and the typed confirmation (docs/decisions/052). */
export async function deleteAccountAction(_prev: DeleteAccountFormState, form: FormData): Promise<DeleteAccountFormState> {
  const user = await currentUser();
  if (!user) return formError("Your session has ended. Sign in again to delete your account.");
  const parsed = accountDeletionSchema.safeParse(formTexts(form, ["password", "confirmation"]));
  if (!parsed.success) return { errors: fieldErrors(parsed.error, ["password", "confirmation"]) };
  const db = await getDb();
  const check = await verifyCredentials(db, { email: user.email, password: parsed.data.password }, clientAddress(await headers()));
  if (!check.ok) return { errors: check.reason === "throttled" ? { form: check.message } : { password: "That is not your password." } };
  const deleted = await deleteAccount(db, user.id);
  if (!deleted.ok) return formError(deleted.error);
  await signOut({ redirectTo: "/?deleted=1" }); // answers with the redirect: nothing below runs
  return {};
}
