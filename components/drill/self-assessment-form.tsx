"use client";
// After the sixth phase: rate each rubric point of the prompt as met, partly or missed, with an
// optional note. Every point must be rated; the server checks that too and writes nothing otherwise.
import { useRef, useState, type FormEvent } from "react";
import type { DrillView, SelfRating } from "@/lib/practice/drill";
import { InlineText } from "./inline-text";
import { RATING_LABELS } from "./drill-summary";

const RATINGS: SelfRating[] = ["met", "partly", "missed"];

export function SelfAssessmentForm({
  view,
  noteMax,
  hasMentor,
  onSubmit,
}: {
  view: DrillView;
  noteMax: number;
  /** Whether a mentor can read this drill: only then does the note say so. */
  hasMentor: boolean;
  onSubmit: (assessment: { ratings: Record<string, SelfRating>; note: string }) => Promise<string | null>;
}) {
  const [ratings, setRatings] = useState<Record<string, SelfRating>>({});
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const keys = view.phases.flatMap((p) => p.rubric.map((r) => `${p.key}.${r.index}`));
  const unrated = keys.filter((k) => !ratings[k]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setAttempted(true);
    if (unrated.length > 0) {
      setError(`Rate every point: ${unrated.length} ${unrated.length === 1 ? "is" : "are"} not rated yet.`);
      formRef.current?.querySelector<HTMLInputElement>(`input[name="${CSS.escape(unrated[0])}"]`)?.focus();
      return;
    }
    setPending(true);
    setError(null);
    const failure = await onSubmit({ ratings, note });
    setPending(false);
    if (failure) setError(failure);
  }

  return (
    <form ref={formRef} className="drill-assessment" onSubmit={submit} noValidate aria-labelledby="assessment-title">
      <div className="card drill-assessment-intro">
        <p className="drill-eyebrow">All six phases done</p>
        <h2 id="assessment-title" tabIndex={-1}>
          Self-assessment
        </h2>
        <p className="muted">
          Compare what you wrote with what a strong answer covers. Be strict: <strong>met</strong> means an interviewer would have heard it
          from you, with the numbers; <strong>partly</strong> means you gestured at it.
        </p>
        <p className="drill-progress-count" aria-live="polite">
          {keys.length - unrated.length} of {keys.length} points rated
        </p>
      </div>

      {view.phases.map((phase) => (
        <section key={phase.key} className="card drill-assessment-phase" aria-labelledby={`assess-${phase.key}`}>
          <h3 id={`assess-${phase.key}`}>
            <span className="drill-phase-number" aria-hidden="true">
              {phase.number}
            </span>
            {phase.title}
          </h3>
          <details className="drill-own-answer">
            <summary>Your answer{phase.text.trim() ? "" : " (empty)"}</summary>
            {phase.text.trim() ? <p>{phase.text}</p> : <p className="muted">Nothing written in this phase.</p>}
          </details>
          {phase.rubric.map((point) => {
            const name = `${phase.key}.${point.index}`;
            const missing = attempted && !ratings[name];
            return (
              <fieldset key={name} className="drill-point" data-missing={missing || undefined}>
                <legend>
                  <InlineText inlines={point.inlines} />
                </legend>
                <div className="drill-choice">
                  {RATINGS.map((rating) => (
                    <label key={rating} data-rating={rating}>
                      <input
                        type="radio"
                        name={name}
                        value={rating}
                        checked={ratings[name] === rating}
                        onChange={() => setRatings((r) => ({ ...r, [name]: rating }))}
                      />
                      <span>{RATING_LABELS[rating]}</span>
                    </label>
                  ))}
                  {missing ? <span className="drill-point-missing">Not rated yet</span> : null}
                </div>
              </fieldset>
            );
          })}
        </section>
      ))}

      <div className="card drill-assessment-finish">
        <div className="field">
          <label htmlFor="drill-note">Note (optional)</label>
          <textarea
            id="drill-note"
            rows={4}
            maxLength={noteMax}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            aria-describedby="drill-note-hint"
          />
          <span id="drill-note-hint" className="hint">
            What to practise next, or what you would say differently.{hasMentor ? " Your mentor will see it." : ""}
          </span>
        </div>
        <div className="drill-assessment-actions">
          <p className="drill-message" aria-live="assertive">
            {error ? <span className="form-error">{error}</span> : null}
          </p>
          <button className="button" type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save self-assessment"}
          </button>
        </div>
      </div>
    </form>
  );
}
