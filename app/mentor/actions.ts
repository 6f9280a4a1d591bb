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
import { asDomainError } from "@/lib/errors";
import { can, newCohort, ownData } from "@/lib/permissions";
import { mentorIdsOf } from "@/lib/permissions/relations";

export interface ActionState {
  error?: string;
  success?: string;
  /** What was typed, so a refused form keeps it. */
  values?: Record<string, string>;
}

const SIGNED_OUT = "Your session has ended. Sign in again and retry.";
const field = (form: FormData, name: string) => String(form.get(name) ?? "");

function refusal(err: unknown, values?: Record<string, string>): ActionState {
  const refused = asDomainError(err);
  if (refused) return { error: refused.message, values };
  throw err;
}

export async function createCohortAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = { name: field(form, "name") };
  const user = await currentUser();
  if (!user) return { error: SIGNED_OUT, values };
  if (!can(user, "create", newCohort(user))) return { error: "Only mentors and admins can create cohorts.", values };
  try {
    const cohort = await createCohort(await getDb(), user.id, values.name);
    revalidatePath("/mentor");
    return { success: `Created “${cohort.name}”. Invite learners with a link or a code below.` };
  } catch (err) {
    return refusal(err, values);
  }
}

/** The cohort named in the form, if the user may manage it (its mentor, or an admin). */
async function managedCohort(form: FormData) {
  const user = await currentUser();
  if (!user) return { error: SIGNED_OUT } as const;
  const db = await getDb();
  const facts = await cohortAccessFacts(db, field(form, "cohortId"));
  if (!facts || !can(user, "update", facts.resource)) return { error: "You can't manage that cohort." } as const;
  return { user, db, cohort: facts.cohort } as const;
}

export async function createInvitationAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = { expiresInDays: field(form, "expiresInDays"), maxUses: field(form, "maxUses") };
  const managed = await managedCohort(form);
  if ("error" in managed) return { error: managed.error, values };
  try {
    await createInvitation(managed.db, managed.cohort.id, managed.user.id, values);
    revalidatePath("/mentor");
    return { success: "New invitation ready: share the link or the code." };
  } catch (err) {
    return refusal(err, values);
  }
}

export async function revokeInvitationAction(form: FormData): Promise<void> {
  const managed = await managedCohort(form);
  if ("error" in managed) return;
  await revokeInvitation(managed.db, managed.cohort.id, field(form, "invitationId"));
  revalidatePath("/mentor");
}

export async function removeLearnerAction(form: FormData): Promise<void> {
  const managed = await managedCohort(form);
  if ("error" in managed) return;
  await removeLearner(managed.db, managed.cohort.id, field(form, "learnerId"));
  revalidatePath(`/mentor/cohorts/${managed.cohort.id}`);
  revalidatePath("/mentor");
}

export async function joinCohortAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = { key: field(form, "key") };
  const user = await currentUser();
  if (!user) return { error: SIGNED_OUT, values };
  const db = await getDb();
  // Joining shares the learner's own progress with the cohort's mentor: their decision alone.
  if (!can(user, "update", ownData(user))) return { error: "You can't join cohorts.", values };
  if (!values.key.trim()) return { error: "Enter the invitation code your mentor gave you.", values };
  try {
    const joined = await acceptInvitation(db, user.id, values.key);
    revalidatePath("/account");
    return {
      success: joined.alreadyMember
        ? `You are already in “${joined.cohortName}”. ${joined.mentorName} can see your progress.`
        : `You joined “${joined.cohortName}”. ${joined.mentorName} can now see your progress; you can leave at any time from your account.`,
    };
  } catch (err) {
    return refusal(err, values);
  }
}

export async function leaveCohortAction(form: FormData): Promise<void> {
  const user = await currentUser();
  if (!user) return;
  const db = await getDb();
  const facts = await cohortAccessFacts(db, field(form, "cohortId"));
  if (!facts || !can(user, "leave", facts.resource)) return;
  await leaveCohort(db, user.id, facts.cohort.id);
  revalidatePath("/account");
}

export async function commentAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = { body: field(form, "body") };
  const user = await currentUser();
  if (!user) return { error: SIGNED_OUT, values };
  const target = threadTargetSchema.safeParse({ kind: field(form, "kind"), id: field(form, "targetId") });
  if (!target.success) return { error: "That answer could not be found.", values };
  const db = await getDb();
  const subject = await threadSubject(db, target.data);
  if (!subject) return { error: "That answer no longer exists.", values };
  const thread = { type: "comment" as const, learnerId: subject.learnerId, mentorIds: await mentorIdsOf(db, subject.learnerId) };
  if (!can(user, "comment", thread)) return { error: "You can no longer comment on this learner's answers.", values };
  try {
    await addComment(db, user, target.data, values.body);
  } catch (err) {
    return refusal(err, values);
  }
  revalidatePath(`/mentor/learners/${subject.learnerId}`);
  revalidatePath(`/notifications/threads/${target.data.kind}/${target.data.id}`);
  return { success: "Comment posted." };
}
