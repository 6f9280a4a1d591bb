"use client";
// The mentor area's small forms. Each posts to a server action and shows its message in place;
// a refused form keeps what was typed.
import Link from "next/link";
import { useActionState, useId } from "react";
import { Field, FormMessage } from "@/components/forms/field";
import { commentAction, createCohortAction, createInvitationAction, joinCohortAction } from "@/app/mentor/actions";

export function CreateCohortForm() {
  const [state, action, pending] = useActionState(createCohortAction, {});
  return (
    <form action={action} className="form mentor-inline-form" noValidate>
      <Field id="cohort-name" label="Cohort name">
        {(control) => <input {...control} name="name" required minLength={2} maxLength={80} placeholder="e.g. Spring interview prep" defaultValue={state.values?.name ?? ""} />}
      </Field>
      <button className="button" type="submit" disabled={pending}>{pending ? "Creating…" : "Create cohort"}</button>
      <FormMessage state={state} />
    </form>
  );
}

export function InvitationForm({ cohortId, cohortName }: { cohortId: string; cohortName: string }) {
  const [state, action, pending] = useActionState(createInvitationAction, {});
  const id = useId();
  return (
    <form action={action} className="form mentor-invitation-form" noValidate aria-label={`New invitation to ${cohortName}`}>
      <input type="hidden" name="cohortId" value={cohortId} />
      <Field id={`${id}-days`} label="Valid for (days)">
        {(control) => <input {...control} name="expiresInDays" type="number" inputMode="numeric" min={1} max={90} required defaultValue={state.values?.expiresInDays ?? "14"} />}
      </Field>
      <Field id={`${id}-uses`} label="Maximum uses" hint="Leave empty for no limit.">
        {(control) => <input {...control} name="maxUses" type="number" inputMode="numeric" min={1} max={500} placeholder="No limit" defaultValue={state.values?.maxUses ?? ""} />}
      </Field>
      <button className="button secondary" type="submit" disabled={pending}>{pending ? "Creating…" : "New invitation"}</button>
      <FormMessage state={state} />
    </form>
  );
}

export function JoinCohortForm({ initialKey = "" }: { initialKey?: string }) {
  const [state, action, pending] = useActionState(joinCohortAction, {});
  return (
    <form action={action} className="form mentor-inline-form" noValidate>
      <Field id="join-key" label="Invitation code" hint="The 8-character code from your mentor; an invitation link works too.">
        {(control) => (
          <input
            {...control} name="key" required autoComplete="off" autoCapitalize="characters" spellCheck={false} placeholder="ABCD-2345"
            defaultValue={state.values?.key ?? initialKey} className="mentor-code-input"
          />
        )}
      </Field>
      <button className="button" type="submit" disabled={pending}>{pending ? "Joining…" : "Join cohort"}</button>
      <FormMessage state={state} />
    </form>
  );
}

export function CommentForm({ kind, targetId, label }: { kind: "quiz" | "drill"; targetId: string; label: string }) {
  const [state, action, pending] = useActionState(commentAction, {});
  const id = useId();
  return (
    <form action={action} className="form mentor-comment-form" noValidate>
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="targetId" value={targetId} />
      <Field id={`${id}-body`} label={label}>
        {(control) => <textarea {...control} name="body" rows={3} required maxLength={4000} defaultValue={state.errors?.form ? state.values?.body : ""} />}
      </Field>
      <div className="mentor-comment-actions">
        <button className="button mentor-small" type="submit" disabled={pending}>{pending ? "Posting…" : "Post comment"}</button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}

/** The join button of an invitation link's page: the link's token travels in a hidden field. */
export function JoinByLinkForm({ token, cohortName }: { token: string; cohortName: string }) {
  const [state, action, pending] = useActionState(joinCohortAction, {});
  return (
    <form action={action} className="mentor-join-form">
      <input type="hidden" name="key" value={token} />
      {state.success ? null : (
        <button className="button" type="submit" disabled={pending}>{pending ? "Joining…" : `Join ${cohortName}`}</button>
      )}
      <FormMessage state={state} />
      {state.success ? <Link className="button secondary" href="/dashboard">Go to your dashboard</Link> : null}
    </form>
  );
}
