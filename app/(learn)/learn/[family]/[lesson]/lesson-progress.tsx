"use client";
// The per-learner parts of a static lesson page: the read marker and the "make it stick" actions.
// Loaded after the page from /api/lessons/<id>/progress; space is reserved so nothing jumps.
import Link from "next/link";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, useTransition, type ReactNode } from "react";
import { SimTaskHostContext, type SimTaskHost } from "@/components/sim/task-host";
import { plural } from "@/lib/format";
import { ReadMarker } from "../../lesson-bits";
import { addToReviewQueueAction, submitSimTaskAction, toggleReadAction } from "./actions";

type Progress = { signedIn: false } | { signedIn: true; read: boolean; queued: number; total: number; tasksDone: string[]; tasksTotal: number };
type Ctx = { progress: Progress | null; refresh: () => Promise<void> };

const ProgressContext = createContext<Ctx>({ progress: null, refresh: async () => {} });

export function LessonProgressProvider({ lessonId, signInHref, children }: { lessonId: string; signInHref: string; children: ReactNode }) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const refresh = useCallback(async () => {
    const r = await fetch(`/api/lessons/${encodeURIComponent(lessonId)}/progress`, { cache: "no-store" });
    setProgress(r.ok ? await r.json() : { signedIn: false });
  }, [lessonId]);
  useEffect(() => {
    let live = true;
    fetch(`/api/lessons/${encodeURIComponent(lessonId)}/progress`, { cache: "no-store" })
      .then((r) => (r.ok ? r.json() : { signedIn: false }))
      .then((p: Progress) => live && setProgress(p))
      .catch(() => live && setProgress({ signedIn: false }));
    return () => {
      live = false;
    };
  }, [lessonId]);
  // The lesson's guided tasks: who is signed in, what they have done, and saving a finished task.
  const taskHost = useMemo<SimTaskHost>(
    () => ({
      signedIn: progress ? progress.signedIn : null,
      done: new Set(progress?.signedIn ? progress.tasksDone : []),
      signInHref,
      save: async (taskId, runs) => {
        const result = await submitSimTaskAction({ taskId, runs });
        if (result.ok && result.saved) await refresh();
        return result;
      },
    }),
    [progress, signInHref, refresh],
  );
  return (
    <ProgressContext.Provider value={{ progress, refresh }}>
      <SimTaskHostContext.Provider value={taskHost}>{children}</SimTaskHostContext.Provider>
    </ProgressContext.Provider>
  );
}

/** "1 of 2 simulation tasks done" for a lesson with guided tasks. */
export function LessonTaskNote({ total }: { total: number }) {
  const { progress } = useContext(ProgressContext);
  if (total === 0) return null;
  const done = progress?.signedIn ? progress.tasksDone.length : null;
  return (
    <span data-testid="lesson-task-note">
      {" "}
      {done === null ? `${plural(total, "simulation task")} to try.` : `${done} of ${plural(total, "simulation task")} done.`}
    </span>
  );
}

export function LessonReadMarker() {
  const { progress } = useContext(ProgressContext);
  return progress?.signedIn ? <ReadMarker read={progress.read} /> : null;
}

export function LessonQueueNote() {
  const { progress } = useContext(ProgressContext);
  return progress?.signedIn && progress.total > 0 ? <> {progress.queued} of {progress.total} are in your review queue.</> : null;
}

export function LessonActions({ lessonId, signInHref, hasQuestions }: { lessonId: string; signInHref: string; hasQuestions: boolean }) {
  const { progress, refresh } = useContext(ProgressContext);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  // Said out loud and shown: greying the button alone did not tell anyone what happened.
  const [added, setAdded] = useState<{ added: number; total: number } | null>(null);

  function run<T extends { ok: boolean; error?: string }>(action: (fd: FormData) => Promise<T>, fields: Record<string, string>, done?: (result: T) => void) {
    const fd = new FormData();
    fd.set("lessonId", lessonId);
    for (const [k, v] of Object.entries(fields)) fd.set(k, v);
    setError(null);
    startTransition(async () => {
      try {
        const result = await action(fd);
        if (!result.ok) return setError(result.error ?? "That didn't work.");
        await refresh();
        done?.(result);
      } catch {
        setError("That didn't work. Check your connection and try again.");
      }
    });
  }

  if (!progress) return <div className="lesson-actions-buttons" aria-busy="true" />;
  if (!progress.signedIn) {
    return (
      <div className="lesson-actions-buttons">
        {hasQuestions ? <Link className="button secondary" href={signInHref}>Add to my review queue</Link> : null}
        <Link className="button secondary" href={signInHref}>Mark as read</Link>
      </div>
    );
  }
  const allQueued = progress.total > 0 && progress.queued >= progress.total;
  return (
    <div className="lesson-actions-buttons">
      {hasQuestions ? (
        <button type="button" className="button secondary" disabled={allQueued || pending} onClick={() => run(addToReviewQueueAction, {}, (r) => r.ok && setAdded({ added: r.added, total: r.total }))}>
          {allQueued ? "In your review queue" : "Add to my review queue"}
        </button>
      ) : null}
      {hasQuestions ? (
        <a className="button secondary" href={`/cards/export.apkg?lesson=${encodeURIComponent(lessonId)}`} download>
          Anki deck (.apkg)
        </a>
      ) : null}
      <button type="button" className="button secondary" aria-pressed={progress.read} disabled={pending} onClick={() => run(toggleReadAction, { read: progress.read ? "false" : "true" })}>
        {progress.read ? "Read ✓ (mark as unread)" : "Mark as read"}
      </button>
      {error ? <p role="alert" className="form-error">{error}</p> : null}
      <p role="status" className="lesson-actions-status">
        {added ? (
          <>
            {added.added > 0 ? `Added ${plural(added.added, "question")} to your review queue. ` : "These questions were already in your review queue. "}
            <Link href="/review">Review now</Link> · <Link href={`/cards?lesson=${encodeURIComponent(lessonId)}`}>See the cards</Link>
          </>
        ) : null}
      </p>
    </div>
  );
}
