"use client";
// A checkpoint inside a lesson: one of the lesson's questions, answered in place with the same
// controls as the review queue and quizzes. The page holds no key: the server action grades the
// answer and sends back the verdict, the right answer in this checkpoint's labels and the
// explanation. Then the reader can put the question's card in their review queue.
import Link from "next/link";
import { useEffect, useId, useRef, useState, useTransition, type FormEvent, type KeyboardEvent } from "react";
import { AnswerInput, initialAnswer, missingAnswer, submittedAnswer, type AnswerValue } from "@/components/practice/answer-input";
import { QuestionPrompt, RenderedMarkdown } from "@/components/practice/question-prompt";
import type { PublicQuestion } from "@/lib/practice/grading";
import "./checkpoint.css";

export type CheckpointVerdict = { ok: true; correct: boolean; score: number; correctAnswer: unknown; explanationHtml: string; signedIn: boolean; inQueue: boolean } | { ok: false; error: string };
export type CheckpointAnswerAction = (input: { lessonId: string; questionId: string; answer: unknown }) => Promise<CheckpointVerdict>;
export type CheckpointQueueAction = (input: { lessonId: string; questionId: string }) => Promise<{ ok: true; added: boolean } | { ok: false; error: string }>;

export interface CheckpointProps {
  lessonId: string;
  questionId: string;
  question: PublicQuestion;
  promptHtml: string;
  /** Sign-in page that returns to this checkpoint. */
  signInHref: string;
  answerAction: CheckpointAnswerAction;
  addToReviewAction: CheckpointQueueAction;
}

type Graded = Extract<CheckpointVerdict, { ok: true }>;

function verdictText(question: PublicQuestion, graded: Graded): string {
  if (graded.correct) return "Correct";
  if (question.type === "ordering" && graded.score > 0) {
    const steps = question.items?.length ?? 0;
    const inPlace = Math.round(graded.score * steps);
    return `Partly right: ${inPlace} of ${steps} steps in place`;
  }
  return "Not quite";
}

export function Checkpoint({ lessonId, questionId, question, promptHtml, signInHref, answerAction, addToReviewAction }: CheckpointProps) {
  const baseId = useId();
  const promptId = `${baseId}-prompt`;
  const titleId = `${baseId}-title`;
  const [value, setValue] = useState<AnswerValue>(() => initialAnswer(question));
  const [graded, setGraded] = useState<Graded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [queued, setQueued] = useState<"no" | "added" | "already">("no");
  const [pending, startTransition] = useTransition();
  const verdictRef = useRef<HTMLDivElement>(null);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (graded || pending) return;
    const missing = missingAnswer(question, value);
    if (missing) {
      // The shared messages offer a skip, which a checkpoint does not have.
      setError(missing.replace(/, or skip the question\.$/, "."));
      return;
    }
    setError(null);
    startTransition(async () => {
      try {
        const result = await answerAction({ lessonId, questionId, answer: submittedAnswer(question, value) });
        if (!result.ok) return setError(result.error);
        setGraded(result);
        if (result.inQueue) setQueued("already");
      } catch {
        setError("Could not check the answer. Check your connection and try again.");
      }
    });
  }

  // The verdict takes focus once it is shown, so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (graded) verdictRef.current?.focus();
  }, [graded]);

  // Enter checks the answer from any control of the checkpoint (a chosen option, a focused step),
  // not only from the number field, where the browser already does it. Buttons and links keep theirs.
  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key !== "Enter" || event.nativeEvent.isComposing || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = event.target as HTMLElement;
    if (target.closest("button, a, textarea") || (target instanceof HTMLInputElement && target.type === "number")) return;
    event.preventDefault();
    event.currentTarget.requestSubmit();
  }

  function addToReview() {
    setError(null);
    startTransition(async () => {
      try {
        const result = await addToReviewAction({ lessonId, questionId });
        if (!result.ok) return setError(result.error);
        setQueued(result.added ? "added" : "already");
      } catch {
        setError("Could not add it. Check your connection and try again.");
      }
    });
  }

  return (
    <aside className="checkpoint" id={`checkpoint-${questionId}`} aria-labelledby={titleId} data-state={graded ? (graded.correct ? "right" : "wrong") : undefined}>
      <p className="checkpoint-title" id={titleId}>
        <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
          <path d="M9 11l3 3L22 4M21 12v7a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h11" />
        </svg>
        <span>Checkpoint</span>
        <span className="checkpoint-note">Graded now, not timed</span>
      </p>
      <form className="checkpoint-form" onSubmit={onSubmit} onKeyDown={onKeyDown} aria-labelledby={promptId} noValidate>
        <QuestionPrompt html={promptHtml} id={promptId} />
        <AnswerInput
          question={question}
          value={value}
          onChange={setValue}
          disabled={pending}
          reveal={graded ? { correct: graded.correct, correctAnswer: graded.correctAnswer } : null}
          promptId={promptId}
        />
        {!graded ? (
          <div className="checkpoint-actions">
            <button className="button" type="submit" disabled={pending}>
              {pending ? "Checking…" : "Check answer"}
            </button>
          </div>
        ) : null}
      </form>
      {graded ? (
        <div className="checkpoint-verdict" ref={verdictRef} tabIndex={-1} role="region" aria-label="Result and explanation">
          <p className="checkpoint-verdict-line" data-state={graded.correct ? "right" : "wrong"}>
            {graded.correct ? "✓ " : "✗ "}
            {verdictText(question, graded)}
          </p>
          <RenderedMarkdown html={graded.explanationHtml} className="checkpoint-explanation" />
          <div className="checkpoint-actions">
            {!graded.signedIn ? (
              <Link className="button secondary" href={signInHref}>
                Sign in to add it to review
              </Link>
            ) : queued === "no" ? (
              <button className="button secondary" type="button" disabled={pending} onClick={addToReview}>
                {pending ? "Adding…" : "Add to review"}
              </button>
            ) : null}
            <p className="checkpoint-queued" role="status">
              {queued === "no" ? null : (
                <>
                  {queued === "added" ? "Added to your review queue. " : "This question is in your review queue. "}
                  <Link href="/review">Review now</Link>
                </>
              )}
            </p>
          </div>
        </div>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </aside>
  );
}
