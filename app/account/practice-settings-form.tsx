"use client";
import { useActionState, useState } from "react";
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
  const describedBy = (name: string, ...ids: string[]) => [...ids, e[name] ? `${name}-error` : ""].filter(Boolean).join(" ") || undefined;

  return (
    <form action={action} className="form settings-form" noValidate>
      {e.form ? <p className="form-error" role="alert">{e.form}</p> : null}

      <div className="field">
        <label htmlFor="desiredRetention">Desired retention</label>
        <div className="retention-control">
          <input
            id="desiredRetention" name="desiredRetention" type="range" min={retention.min} max={retention.max} step={1}
            value={percent} onChange={(ev) => setPercent(Number(ev.target.value))}
            aria-valuetext={`${percent} percent`}
            aria-invalid={e.desiredRetention ? true : undefined}
            aria-describedby={describedBy("desiredRetention", "desiredRetention-hint", "desiredRetention-load")}
          />
          <output htmlFor="desiredRetention" className="retention-value">{percent} %</output>
        </div>
        <span id="desiredRetention-hint" className="hint">
          The chance of still remembering a card when it comes back ({retention.min}–{retention.max} %). Higher retention means
          shorter intervals, so more reviews each day; lower means fewer reviews but more cards forgotten.
        </span>
        <span id="desiredRetention-load" className="hint retention-load">{loadSentence(percent, loadByPercent[percent])}</span>
        {e.desiredRetention ? <span id="desiredRetention-error" className="error" role="alert">{e.desiredRetention}</span> : null}
      </div>

      <div className="settings-row">
        <div className="field">
          <label htmlFor="dailyNewLimit">New cards per day</label>
          <input
            id="dailyNewLimit" name="dailyNewLimit" type="number" inputMode="numeric" required
            min={limits.newCards.min} max={limits.newCards.max} step={1} defaultValue={values.dailyNewLimit}
            aria-invalid={e.dailyNewLimit ? true : undefined} aria-describedby={describedBy("dailyNewLimit", "dailyNewLimit-hint")}
          />
          <span id="dailyNewLimit-hint" className="hint">{limits.newCards.min}–{limits.newCards.max}. 0 pauses new cards.</span>
          {e.dailyNewLimit ? <span id="dailyNewLimit-error" className="error" role="alert">{e.dailyNewLimit}</span> : null}
        </div>
        <div className="field">
          <label htmlFor="dailyReviewLimit">Reviews per day</label>
          <input
            id="dailyReviewLimit" name="dailyReviewLimit" type="number" inputMode="numeric" required
            min={limits.reviews.min} max={limits.reviews.max} step={1} defaultValue={values.dailyReviewLimit}
            aria-invalid={e.dailyReviewLimit ? true : undefined} aria-describedby={describedBy("dailyReviewLimit", "dailyReviewLimit-hint")}
          />
          <span id="dailyReviewLimit-hint" className="hint">{limits.reviews.min}–{limits.reviews.max}. Due cards beyond it wait for tomorrow.</span>
          {e.dailyReviewLimit ? <span id="dailyReviewLimit-error" className="error" role="alert">{e.dailyReviewLimit}</span> : null}
        </div>
      </div>

      <div className="settings-row">
        <div className="field">
          <label htmlFor="learningSteps">Learning steps</label>
          <input
            id="learningSteps" name="learningSteps" type="text" inputMode="text" autoComplete="off" spellCheck={false}
            defaultValue={values.learningSteps} placeholder="1m 10m"
            aria-invalid={e.learningSteps ? true : undefined} aria-describedby={describedBy("learningSteps", "learningSteps-hint")}
          />
          <span id="learningSteps-hint" className="hint">When a new card comes back in the same session: whole minutes, hours or days, e.g. 1m 10m.</span>
          {e.learningSteps ? <span id="learningSteps-error" className="error" role="alert">{e.learningSteps}</span> : null}
        </div>
        <div className="field">
          <label htmlFor="relearningSteps">Relearning steps</label>
          <input
            id="relearningSteps" name="relearningSteps" type="text" inputMode="text" autoComplete="off" spellCheck={false}
            defaultValue={values.relearningSteps} placeholder="10m"
            aria-invalid={e.relearningSteps ? true : undefined} aria-describedby={describedBy("relearningSteps", "relearningSteps-hint")}
          />
          <span id="relearningSteps-hint" className="hint">When a card you forgot (rated Again) comes back, e.g. 10m.</span>
          {e.relearningSteps ? <span id="relearningSteps-error" className="error" role="alert">{e.relearningSteps}</span> : null}
        </div>
      </div>

      <div className="field">
        <label htmlFor="timezone">Time zone</label>
        <select
          id="timezone" name="timezone" defaultValue={values.timezone}
          aria-invalid={e.timezone ? true : undefined} aria-describedby={describedBy("timezone", "timezone-hint")}
        >
          {timeZones.map((tz) => (
            <option key={tz} value={tz}>{tz.replaceAll("_", " ")}</option>
          ))}
        </select>
        <span id="timezone-hint" className="hint">Your day, daily limits and streak start at midnight here.</span>
        {e.timezone ? <span id="timezone-error" className="error" role="alert">{e.timezone}</span> : null}
      </div>

      <div className="settings-actions">
        <button className="button" type="submit" disabled={pending}>{pending ? "Saving…" : "Save settings"}</button>
        <span className="saved-note" aria-live="polite">{state.saved && !pending ? "Settings saved." : ""}</span>
      </div>
    </form>
  );
}
