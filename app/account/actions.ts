"use server";
// Saving practice settings from the account page (validated in lib/practice/settings).
import { revalidatePath } from "next/cache";
import { currentUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { can } from "@/lib/permissions";
import { learnerDataResource } from "@/lib/permissions/relations";
import { savePracticeSettings } from "@/lib/practice/settings";

export interface SettingsFormState {
  errors?: Record<string, string>;
  /** What was submitted, so a refused form keeps the learner's input. */
  values?: Record<string, string>;
  saved?: boolean;
}

const FIELDS = ["desiredRetention", "dailyNewLimit", "dailyReviewLimit", "timezone", "learningSteps", "relearningSteps"] as const;

export async function savePracticeSettingsAction(_prev: SettingsFormState, form: FormData): Promise<SettingsFormState> {
  const values = Object.fromEntries(FIELDS.map((f) => [f, String(form.get(f) ?? "")]));
  const user = await currentUser();
  if (!user) return { errors: { form: "Your session has ended. Sign in again to change your settings." }, values };
  const db = await getDb();
  const resource = await learnerDataResource(db, user.id);
  if (!can(user, "update", resource)) return { errors: { form: "You can't change these settings." }, values };
  const result = await savePracticeSettings(db, user.id, values);
  if (!result.ok) return { errors: { form: "Nothing was saved. Correct the fields marked below.", ...result.errors }, values };
  revalidatePath("/account");
  revalidatePath("/dashboard");
  return { saved: true, values };
}
