"use client";
/** The card's parts: its heading, the answer form, the revealed answer and the rating buttons. */
import Link from "next/link";
import type { FormEvent, KeyboardEvent, ReactNode, RefObject } from "react";
import { AnswerInput, InlineMarkdown, type AnswerValue } from "@/components/practice/answer-input";
import { RenderedMarkdown } from "@/components/practice/question-prompt";
import type { LessonLink, RevealView, ReviewCardView } from "@/lib/views/review";
import type { RatingValue } from "@/lib/practice/scheduler";
import type { Busy } from "./review-state";

export const PROMPT_ID = "review-prompt";

export function CardHeader({ card, headingRef }: { card: ReviewCardView; headingRef: RefObject<HTMLHeadingElement | null> }) {
  return (
    <header className="review-card-header">
      <h2 id="review-card-heading" ref={headingRef} tabIndex={-1}>
        <span className="review-card-kind" data-new={card.isNew || undefined}>
          {card.isNew ? "New card" : "Review"}
        </span>
        <span className="review-card-family">{card.familyName}</span>
      </h2>
      <span className="review-card-meta">
        {card.question.mode === "scenario" ? "Scenario" : "Recall"} · {card.question.difficulty}
      </span>
    </header>
  );
}

/** The answer controls and, until the answer is shown, the Show answer button. */
export function AnswerForm({
  card,
  answer,
  reveal,
  busy,
  onChange,
  onReveal,
}: {
  card: ReviewCardView;
  answer: AnswerValue;
  reveal: RevealView | null;
  busy: Busy | null;
  onChange: (answer: AnswerValue) => void;
  onReveal: () => void;
}) {
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    onReveal();
  }
  function onKeyDown(e: KeyboardEvent) {
    // In the free-text box Enter is a new line; Ctrl+Enter shows the answer.
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      onReveal();
    }
  }
  return (
    <form className="review-answer" onSubmit={onSubmit} onKeyDown={onKeyDown}>
      <AnswerInput
        key={`${card.cardId}:${card.version}`}
        question={card.question}
        value={answer}
        onChange={onChange}
        disabled={busy !== null}
        reveal={reveal ? { correct: reveal.correct, correctAnswer: reveal.correctAnswer } : null}
        promptId={PROMPT_ID}
      />
      {!reveal ? (
        <div className="review-actions">
          <button type="submit" className="button" disabled={busy !== null} aria-keyshortcuts="Space">
            {busy === "reveal" ? "Checking…" : "Show answer"} <kbd aria-hidden="true">Space</kbd>
          </button>
          <span className="muted review-hint">
            {card.question.type === "free" ? "Write your answer, then compare it with the model answer." : "Answer first, or reveal if you don't know: that is worth knowing too."}
          </span>
        </div>
      ) : null}
    </form>
  );
}

/** "Re-read: Title §Section", to the part of the lesson that teaches the card. */
export function RereadLink({ lesson }: { lesson: LessonLink }) {
  return (
    <Link href={lesson.href}>
      Re-read: {lesson.title}
      {lesson.section ? ` §${lesson.section}` : ""}
    </Link>
  );
}

/** The verdict, model answer, rubric, explanation and lesson link; the rating buttons come as children. */
export function AnswerReveal({
  reveal,
  verdictRef,
  rubricChecked,
  onTick,
  explanationOpen,
  onToggleExplanation,
  children,
}: {
  reveal: RevealView;
  verdictRef: RefObject<HTMLHeadingElement | null>;
  rubricChecked: readonly boolean[];
  onTick: (index: number, checked: boolean) => void;
  explanationOpen: boolean;
  onToggleExplanation: () => void;
  children: ReactNode;
}) {
  return (
    <section className="review-result" aria-labelledby="review-verdict">
      <h3 id="review-verdict" ref={verdictRef} tabIndex={-1} className="review-verdict" data-state={reveal.correct === null ? "self" : reveal.correct ? "right" : "wrong"}>
        {reveal.correct === null ? "Compare your answer with the model answer" : reveal.correct ? "✓ Correct" : "✗ Not quite"}
      </h3>

      {reveal.modelAnswerHtml ? (
        <div className="review-model">
          <h4>Model answer</h4>
          <RenderedMarkdown html={reveal.modelAnswerHtml} />
        </div>
      ) : null}
      {reveal.rubric.length > 0 ? (
        <fieldset className="review-rubric">
          <legend>Tick what your answer covered</legend>
          {reveal.rubric.map((point, i) => (
            <label key={point}>
              <input type="checkbox" checked={rubricChecked[i] ?? false} onChange={(e) => onTick(i, e.target.checked)} />
              <span>
                <InlineMarkdown text={point} />
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}

      {reveal.explanationHtml ? (
        <div className="review-explanation">
          <button type="button" className="review-disclosure" aria-expanded={explanationOpen} aria-controls="review-explanation" aria-keyshortcuts="E" onClick={onToggleExplanation}>
            <span aria-hidden="true" className="review-disclosure-icon">▸</span> Explanation <kbd aria-hidden="true">E</kbd>
          </button>
          <div id="review-explanation" hidden={!explanationOpen}>
            <RenderedMarkdown html={reveal.explanationHtml} />
          </div>
        </div>
      ) : null}

      <p className="review-reread">
        <RereadLink lesson={reveal.lesson} />
      </p>

      {children}
    </section>
  );
}

export function RatingButtons({
  previews,
  suggested,
  busy,
  onRate,
}: {
  previews: ReviewCardView["previews"];
  suggested: RatingValue | null;
  busy: Busy | null;
  onRate: (rating: RatingValue) => void;
}) {
  return (
    <div className="rating-group" role="group" aria-labelledby="rating-label">
      <p id="rating-label" className="rating-label">
        How well did you know it?
      </p>
      <div className="rating-buttons">
        {previews.map((p) => (
          <button
            key={p.rating}
            type="button"
            className="rating-button"
            data-rating={p.rating}
            data-suggested={suggested === p.rating || undefined}
            aria-keyshortcuts={String(p.rating)}
            disabled={busy !== null}
            onClick={() => onRate(p.rating)}
          >
            <span className="rating-name">
              {p.label} <kbd aria-hidden="true">{p.rating}</kbd>
            </span>
            <span className="rating-interval">
              <span className="visually-hidden">next in </span>
              {p.interval}
            </span>
            <span className="rating-suggested">{suggested === p.rating ? "Suggested" : ""}</span>
          </button>
        ))}
      </div>
    </div>
  );
}
