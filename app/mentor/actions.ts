"use server";
// Forms of the mentor area, of joining and leaving cohorts, and of comment threads. Each action
// finds the user, asks lib/permissions, then calls lib/mentor; refusals come back as messages.
import { revalidatePath } from "next/cache";
import { currentUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { acceptInvitation, createInvitation } from "@/lib/mentor/invitations";
import { cohortAccessFacts, createCohort, leaveCohort, removeLearner } from "@/lib/mentor/cohorts";
import { revokeInvitation } from "@/lib/mentor/invitations";
import { addComment, threadSubject, threadTargetSchema } from "@/lib/mentor/comments";
import { formError, formRefusal, formText, formTexts, type FormState } from "@/lib/forms";
import { can, newCohort, ownData } from "@/lib/permissions";
import { mentorIdsOf } from "@/lib/permissions/relations";

export type CohortFormState = FormState<"name">;
export type InvitationFormState = FormState<"expiresInDays" | "maxUses">;
export type JoinFormState = FormState<"key">;
export type CommentFormState = FormState<"body">;

const SIGNED_OUT = "Your session has ended. Sign in again and retry.";

export async function createCohortAction(_prev: CohortFormState, form: FormData): Promise<CohortFormState> {
  const values = formTexts(form, ["name"]);
  const user = await currentUser();
  if (!user) return formError(SIGNED_OUT, values);
  if (!can(user, "create", newCohort(user))) return formError("Only mentors and admins can create cohorts.", values);
  try {
    const cohort = await createCohort(await getDb(), user.id, values.name);
    revalidatePath("/mentor");
    return { success: `Created “${cohort.name}”. Invite learners with a link or a code below.` };
  } catch (err) {
    return formRefusal(err, values);
  }
}

/** The cohort named in the form, if the user may manage it (its mentor, or an admin). */
async function managedCohort(form: FormData) {
  const user = await currentUser();
  if (!user) return { ok: false, error: SIGNED_OUT } as const;
  const db = await getDb();
  const facts = await cohortAccessFacts(db, formText(form, "cohortId"));
  if (!facts || !can(user, "update", facts.resource)) return { ok: false, error: "You can't manage that cohort." } as const;
  return { ok: true, user, db, cohort: facts.cohort } as const;
}

export async function createInvitationAction(_prev: InvitationFormState, form: FormData): Promise<InvitationFormState> {
  const values = formTexts(form, ["expiresInDays", "maxUses"]);
  const managed = await managedCohort(form);
  if (!managed.ok) return formError(managed.error, values);
  try {
    await createInvitation(managed.db, managed.cohort.id, managed.user.id, values);
    revalidatePath("/mentor");
    return { success: "New invitation ready: share the link or the code." };
  } catch (err) {
    return formRefusal(err, values);
  }
}

export async function revokeInvitationAction(form: FormData): Promise<void> {
  const managed = await managedCohort(form);
  if (!managed.ok) return;
  await revokeInvitation(managed.db, managed.cohort.id, formText(form, "invitationId"));
  revalidatePath("/mentor");
}

export async function removeLearnerAction(form: FormData): Promise<void> {
  const managed = await managedCohort(form);
  if (!managed.ok) return;
  await removeLearner(managed.db, managed.cohort.id, formText(form, "learnerId"));
  revalidatePath(`/mentor/cohorts/${managed.cohort.id}`);
  revalidatePath("/mentor");
}

export async function joinCohortAction(_prev: JoinFormState, form: FormData): Promise<JoinFormState> {
  const values = formTexts(form, ["key"]);
  const user = await currentUser();
  if (!user) return formError(SIGNED_OUT, values);
  const db = await getDb();
  // Joining shares the learner's own progress with the cohort's mentor: their decision alone.
  if (!can(user, "update", ownData(user))) return formError("You can't join cohorts.", values);
  if (!values.key.trim()) return formError("Enter the invitation code your mentor gave you.", values);
  try {
    const joined = await acceptInvitation(db, user.id, values.key);
    revalidatePath("/account");
    return {
      success: joined.alreadyMember
        ? `You are already in “${joined.cohortName}”. ${joined.mentorName} can see your progress.`
        : `You joined “${joined.cohortName}”. ${joined.mentorName} can now see your progress; you can leave at any time from your account.`,
    };
  } catch (err) {
    return formRefusal(err, values);
  }
}

export async function leaveCohortAction(form: FormData): Promise<void> {
  const user = await currentUser();
  if (!user) return;
  const db = await getDb();
  const facts = await cohortAccessFacts(db, formText(form, "cohortId"));
  if (!facts || !can(user, "leave", facts.resource)) return;
  await leaveCohort(db, user.id, facts.cohort.id);
  revalidatePath("/account");
}

export async function commentAction(_prev: CommentFormState, form: FormData): Promise<CommentFormState> {
  const values = formTexts(form, ["body"]);
  const user = await currentUser();
  if (!user) return formError(SIGNED_OUT, values);
  const target = threadTargetSchema.safeParse({ kind: formText(form, "kind"), id: formText(form, "targetId") });
  if (!target.success) return formError("That answer could not be found.", values);
  const db = await getDb();
  const subject = await threadSubject(db, target.data);
  if (!subject) return formError("That answer no longer exists.", values);
  const thread = { type: "comment" as const, learnerId: subject.learnerId, mentorIds: await mentorIdsOf(db, subject.learnerId) };
  if (!can(user, "comment", thread)) return formError("You can no longer comment on this learner's answers.", values);
  try {
    await addComment(db, user, target.data, values.body);
  } catch (err) {
    return formRefusal(err, values);
  }
  revalidatePath(`/mentor/learners/${subject.learnerId}`);
  revalidatePath(`/notifications/threads/${target.data.kind}/${target.data.id}`);
  return { success: "Comment posted." };
}
