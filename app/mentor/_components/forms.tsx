"use client";
// The mentor area's small forms. Each posts to a server action and shows its message in place;
// a refused form keeps what was typed.
import Link from "next/link";
import { useActionState, useId } from "react";
import { commentAction, createCohortAction, createInvitationAction, joinCohortAction, type ActionState } from "@/app/mentor/actions";

function Message({ state }: { state: ActionState }) {
  if (state.error) return <p className="form-error" role="alert">{state.error}</p>;
  if (state.success) return <p className="notice" role="status">{state.success}</p>;
  return null;
}

export function CreateCohortForm() {
  const [state, action, pending] = useActionState(createCohortAction, {});
  return (
    <form action={action} className="form mentor-inline-form" noValidate>
      <div className="field">
        <label htmlFor="cohort-name">Cohort name</label>
        <input id="cohort-name" name="name" required minLength={2} maxLength={80} placeholder="e.g. Spring interview prep" defaultValue={state.values?.name ?? ""} />
      </div>
      <button className="button" type="submit" disabled={pending}>{pending ? "Creating…" : "Create cohort"}</button>
      <Message state={state} />
    </form>
  );
}

export function InvitationForm({ cohortId, cohortName }: { cohortId: string; cohortName: string }) {
  const [state, action, pending] = useActionState(createInvitationAction, {});
  const id = useId();
  return (
    <form action={action} className="form mentor-invitation-form" noValidate aria-label={`New invitation to ${cohortName}`}>
      <input type="hidden" name="cohortId" value={cohortId} />
      <div className="field">
        <label htmlFor={`${id}-days`}>Valid for (days)</label>
        <input id={`${id}-days`} name="expiresInDays" type="number" inputMode="numeric" min={1} max={90} required defaultValue={state.values?.expiresInDays ?? "14"} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-uses`}>Maximum uses</label>
        <input id={`${id}-uses`} name="maxUses" type="number" inputMode="numeric" min={1} max={500} placeholder="No limit" defaultValue={state.values?.maxUses ?? ""} aria-describedby={`${id}-uses-hint`} />
        <span id={`${id}-uses-hint`} className="hint">Leave empty for no limit.</span>
      </div>
      <button className="button secondary" type="submit" disabled={pending}>{pending ? "Creating…" : "New invitation"}</button>
      <Message state={state} />
    </form>
  );
}

export function JoinCohortForm({ initialKey = "" }: { initialKey?: string }) {
  const [state, action, pending] = useActionState(joinCohortAction, {});
  return (
    <form action={action} className="form mentor-inline-form" noValidate>
      <div className="field">
        <label htmlFor="join-key">Invitation code</label>
        <input
          id="join-key" name="key" required autoComplete="off" autoCapitalize="characters" spellCheck={false} placeholder="ABCD-2345"
          defaultValue={state.values?.key ?? initialKey} aria-describedby="join-key-hint" className="mentor-code-input"
        />
        <span id="join-key-hint" className="hint">The 8-character code from your mentor; an invitation link works too.</span>
      </div>
      <button className="button" type="submit" disabled={pending}>{pending ? "Joining…" : "Join cohort"}</button>
      <Message state={state} />
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
      <div className="field">
        <label htmlFor={`${id}-body`}>{label}</label>
        <textarea id={`${id}-body`} name="body" rows={3} required maxLength={4000} defaultValue={state.error ? state.values?.body : ""} />
      </div>
      <div className="mentor-comment-actions">
        <button className="button mentor-small" type="submit" disabled={pending}>{pending ? "Posting…" : "Post comment"}</button>
        <Message state={state} />
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
      <Message state={state} />
      {state.success ? <Link className="button secondary" href="/dashboard">Go to your dashboard</Link> : null}
    </form>
  );
}
