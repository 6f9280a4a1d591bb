import type { ForecastDayView } from "@/lib/views/review";
import { plural, pluralForm } from "@/lib/format";

/** How many cards fall due on each of the next 14 days, as a small bar list that a screen reader reads as sentences. */
export function DueForecast({ days }: { days: ForecastDayView[] }) {
  const most = Math.max(1, ...days.map((d) => d.due));
  const total = days.reduce((sum, d) => sum + d.due, 0);
  return (
    <section className="due-forecast" aria-labelledby="due-forecast-title">
      <h2 id="due-forecast-title">Coming up</h2>
      <p className="due-forecast-total">
        <strong>{total}</strong> {pluralForm(total, "card")} due in the next {days.length} days
      </p>
      <ol className="due-forecast-bars" aria-label={`Cards due on each of the next ${days.length} days`}>
        {days.map((d) => (
          <li key={d.date} data-due={d.due}>
            <span className="visually-hidden">
              {d.longLabel}: {plural(d.due, "card")}
            </span>
            <span className="due-forecast-day" aria-hidden="true">
              {d.label}
            </span>
            <span className="due-forecast-track" aria-hidden="true">
              <span className="due-forecast-bar" style={{ width: `${(d.due / most) * 100}%` }} />
            </span>
            <span className="due-forecast-count" aria-hidden="true">
              {d.due}
            </span>
          </li>
        ))}
      </ol>
      <p className="muted due-forecast-note">New cards are not counted until you first study them.</p>
    </section>
  );
}
