"use client";
import { useActionState, useState } from "react";
import { Field, FormMessage, InlineStatus } from "@/components/forms/field";
import { savePracticeSettingsAction, type SettingsFormState } from "./actions";

export interface PracticeSettingsFormProps {
  initial: { desiredRetention: string; dailyNewLimit: string; dailyReviewLimit: string; timezone: string; learningSteps: string; relearningSteps: string };
  retention: { min: number; max: number };
  limits: { newCards: { min: number; max: number }; reviews: { min: number; max: number } };
  timeZones: string[];
  /** Reviews per day at each whole retention percentage, relative to 90 % (from the learner's FSRS decay). */
  loadByPercent: Record<number, number>;
}

function loadSentence(percent: number, factor: number | undefined): string {
  const forgotten = 100 - percent;
  if (factor === undefined) return "";
  const load =
    Math.abs(factor - 1) < 0.05
      ? "the reference workload"
      : factor > 1
        ? `about ${factor.toFixed(1)}× the reviews of 90 %`
        : `about ${Math.round(factor * 100)} % of the reviews of 90 %`;
  return `At ${percent} %: ${load}; you would forget about ${forgotten} of every 100 cards by the time they come back.`;
}

export function PracticeSettingsForm({ initial, retention, limits, timeZones, loadByPercent }: PracticeSettingsFormProps) {
  const [state, action, pending] = useActionState<SettingsFormState, FormData>(savePracticeSettingsAction, {});
  const values = state.values ?? initial;
  const e = state.errors ?? {};
  const [percent, setPercent] = useState(() => Number(values.desiredRetention) || 90);

  return (
    <form action={action} className="form settings-form" noValidate>
      <FormMessage state={state} success={false} />

      <Field
        id="desiredRetention" label="Desired retention" error={e.desiredRetention} describedBy={["desiredRetention-load"]}
        hint={
          <>
            The chance of still remembering a card when it comes back ({retention.min}–{retention.max} %). Higher retention means
            shorter intervals, so more reviews each day; lower means fewer reviews but more cards forgotten.
          </>
        }
        extra={<span id="desiredRetention-load" className="hint retention-load">{loadSentence(percent, loadByPercent[percent])}</span>}
      >
        {(control) => (
          <div className="retention-control">
            <input
              {...control} name="desiredRetention" type="range" min={retention.min} max={retention.max} step={1}
              value={percent} onChange={(ev) => setPercent(Number(ev.target.value))}
              aria-valuetext={`${percent} percent`}
            />
            <output htmlFor="desiredRetention" className="retention-value">{percent} %</output>
          </div>
        )}
      </Field>

      <div className="settings-row">
        <Field id="dailyNewLimit" label="New cards per day" error={e.dailyNewLimit} hint={<>{limits.newCards.min}–{limits.newCards.max}. 0 pauses new cards.</>}>
          {(control) => (
            <input
              {...control} name="dailyNewLimit" type="number" inputMode="numeric" required
              min={limits.newCards.min} max={limits.newCards.max} step={1} defaultValue={values.dailyNewLimit}
            />
          )}
        </Field>
        <Field id="dailyReviewLimit" label="Reviews per day" error={e.dailyReviewLimit} hint={<>{limits.reviews.min}–{limits.reviews.max}. Due cards beyond it wait for tomorrow.</>}>
          {(control) => (
            <input
              {...control} name="dailyReviewLimit" type="number" inputMode="numeric" required
              min={limits.reviews.min} max={limits.reviews.max} step={1} defaultValue={values.dailyReviewLimit}
            />
          )}
        </Field>
      </div>

      <div className="settings-row">
        <Field id="learningSteps" label="Learning steps" error={e.learningSteps} hint="When a new card comes back in the same session: whole minutes, hours or days, e.g. 1m 10m.">
          {(control) => (
            <input
              {...control} name="learningSteps" type="text" inputMode="text" autoComplete="off" spellCheck={false}
              defaultValue={values.learningSteps} placeholder="1m 10m"
            />
          )}
        </Field>
        <Field id="relearningSteps" label="Relearning steps" error={e.relearningSteps} hint="When a card you forgot (rated Again) comes back, e.g. 10m.">
          {(control) => (
            <input
              {...control} name="relearningSteps" type="text" inputMode="text" autoComplete="off" spellCheck={false}
              defaultValue={values.relearningSteps} placeholder="10m"
            />
          )}
        </Field>
      </div>

      <Field id="timezone" label="Time zone" error={e.timezone} hint="Your day, daily limits and streak start at midnight here.">
        {(control) => (
          <select {...control} name="timezone" defaultValue={values.timezone}>
            {timeZones.map((tz) => (
              <option key={tz} value={tz}>{tz.replaceAll("_", " ")}</option>
            ))}
          </select>
        )}
      </Field>

      <div className="settings-actions">
        <button className="button" type="submit" disabled={pending}>{pending ? "Saving…" : "Save settings"}</button>
        <InlineStatus className="saved-note" message={pending ? undefined : state.success} />
      </div>
    </form>
  );
}
