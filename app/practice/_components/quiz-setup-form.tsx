"use client";
// The timed-quiz settings. Validation is the server's (quizConfigSchema): its messages appear on
// the field they concern, and nothing is created until the settings are valid.
import Link from "next/link";
import { useActionState } from "react";
import { createQuizAction, type QuizSetupState } from "@/app/practice/actions";
import { Field, FieldError, FormMessage, describedBy } from "@/components/forms/field";

const DIFFICULTY_CHOICES = [
  { value: "mixed", label: "Mixed", hint: "easy → hard" },
  { value: "easy", label: "Easy" },
  { value: "medium", label: "Medium" },
  { value: "hard", label: "Hard" },
] as const;

interface Props {
  families: ReadonlyArray<{ slug: string; name: string }>;
  /** Set when arriving from a lesson's "Practise this lesson's questions". */
  lesson: { id: string; title: string } | null;
}

export function QuizSetupForm({ families, lesson }: Props) {
  const [state, action, pending] = useActionState<QuizSetupState, FormData>(createQuizAction, {});
  const e = state.errors ?? {};
  const v = state.values;
  const chosenFamilies = new Set(v?.families ?? []);

  return (
    <form action={action} className="form quiz-setup" noValidate aria-describedby={e.form ? "quiz-form-error" : undefined}>
      <FormMessage state={state} errorId="quiz-form-error" />

      {lesson ? (
        <div className="quiz-scope">
          <input type="hidden" name="lessonId" value={lesson.id} />
          <span>
            Questions from <strong>{lesson.title}</strong>
          </span>
          <Link href="/practice">Choose families instead</Link>
        </div>
      ) : (
        <fieldset className="quiz-fieldset" aria-describedby={describedBy("families-hint", e.families && "families-error")}>
          <legend>Families</legend>
          <p id="families-hint" className="hint">
            Tick none to draw from all six.
          </p>
          <div className="quiz-family-grid">
            {families.map((f) => (
              <label key={f.slug} className="quiz-check">
                <input type="checkbox" name="families" value={f.slug} defaultChecked={chosenFamilies.has(f.slug)} />
                <span>{f.name}</span>
              </label>
            ))}
          </div>
          <FieldError id="families-error" message={e.families} />
        </fieldset>
      )}

      <div className="quiz-setup-row">
        <Field id="quiz-count" label="Number of questions" error={e.count} hint="1 to 30.">
          {(control) => <input {...control} name="count" type="number" inputMode="numeric" min={1} max={30} defaultValue={v?.count ?? "5"} />}
        </Field>
        <Field id="quiz-seconds" label="Seconds per question" error={e.secondsPerQuestion} hint="Empty: 60 s for recall, 120 s for scenario questions.">
          {(control) => (
            <input {...control} name="secondsPerQuestion" type="number" inputMode="numeric" min={10} max={900} placeholder="Default" defaultValue={v?.secondsPerQuestion ?? ""} />
          )}
        </Field>
      </div>

      <fieldset className="quiz-fieldset" aria-describedby={e.difficulty ? "difficulty-error" : undefined}>
        <legend>Difficulty</legend>
        <div className="quiz-segmented">
          {DIFFICULTY_CHOICES.map((d) => (
            <label key={d.value}>
              <input type="radio" name="difficulty" value={d.value} defaultChecked={(v?.difficulty || "mixed") === d.value} />
              <span>
                {d.label}
                {"hint" in d ? <small> {d.hint}</small> : null}
              </span>
            </label>
          ))}
        </div>
        <FieldError id="difficulty-error" message={e.difficulty} />
      </fieldset>

      <div className="quiz-toggle">
        <input id="quiz-adaptive" type="checkbox" name="adaptive" defaultChecked={v?.adaptive ?? false} aria-describedby="quiz-adaptive-hint" />
        <div>
          <label htmlFor="quiz-adaptive">Adaptive difficulty</label>
          <p id="quiz-adaptive-hint" className="hint">
            Measures you as you go: after every answer Quorum re-estimates your ability from all your answers so far (a
            one-parameter IRT model) and asks the question whose difficulty is nearest it, the one your answer tells most
            about. It starts at medium; results show the estimate and its uncertainty. Overrides the difficulty above.
          </p>
        </div>
      </div>

      <div className="quiz-setup-submit">
        <button className="button large" type="submit" disabled={pending}>
          {pending ? "Preparing your quiz…" : "Start quiz"}
        </button>
        <span className="hint">The clock starts when each question is shown.</span>
      </div>
    </form>
  );
}
