// One learner's dashboard, from `learnerDashboard()`: numbers and tables first, charts beside
// them. Rendered for the learner on /dashboard; a mentor's page can render it for a mentee.
import Link from "next/link";
import { FAMILIES, lessonHref } from "@/lib/content/families";
import { MASTERY_LEVELS, RECALL_MIN_CARDS, RECENT_DAYS, masteryRules, weakestFamily, type LearnerDashboard, type MasteryLevel } from "@/lib/practice/dashboard";
import { QuizHistoryTable } from "@/components/quiz/quiz-history-table";
import { calendarDay, dateTime, duration, percent, plural } from "@/lib/format";
import { ActivityChartBox, ForecastChartBox, RecallChartBox } from "./charts";
import "./dashboard.css";

const accuracy = (r: { graded: number; correct: number }) => (r.graded === 0 ? "no answers" : `${r.correct} of ${r.graded} right`);

/** A prompt's markdown `code` spans as <code>; the rest as text. */
function PromptText({ text }: { text: string }) {
  return text.split("`").map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
}


function LevelBadge({ level }: { level: MasteryLevel }) {
  return <span className={`level level-${level.toLowerCase().replace(" ", "-")}`}>{level}</span>;
}

function Stat({ label, value, detail }: { label: string; value: React.ReactNode; detail: React.ReactNode }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>
        <span className="stat-value">{value}</span>
        <span className="stat-detail">{detail}</span>
      </dd>
    </div>
  );
}

function EmptyDashboard({ self, name }: { self: boolean; name: string }) {
  return (
    <div className="card dash-empty">
      <h2>{self ? "Nothing to show yet" : `${name} has not practised yet`}</h2>
      {self ? (
        <>
          <p>
            Your dashboard fills in as you practise: recall per family, what is due, your streak and the questions you find hardest.
            Read a lesson and add its questions to your review queue, then review them.
          </p>
          <div className="dash-empty-actions">
            <Link href="/learn" className="button">Browse lessons</Link>
            <Link href="/review" className="button secondary">Go to your review queue</Link>
          </div>
        </>
      ) : (
        <p className="muted">Their recall, streak and weakest questions will appear here once they review or take a quiz.</p>
      )}
    </div>
  );
}

export function LearnerDashboardView({ data, self }: { data: LearnerDashboard; self: boolean }) {
  const tz = data.learner.timezone;
  if (data.empty) return <EmptyDashboard self={self} name={data.learner.name} />;

  const { totals, streak } = data;
  const dueToday = data.forecast[0]?.due ?? 0;
  const dueFortnight = data.forecast.reduce((n, d) => n + d.due, 0);
  const busiest = data.forecast.reduce((best, d) => (d.due > best.due ? d : best), data.forecast[0]);
  const thisWeek = data.weeks[data.weeks.length - 1];
  const levelCounts = MASTERY_LEVELS.map((level) => ({ level, count: data.lessons.filter((l) => l.level === level).length }));
  const reviewedFamilies = data.families.filter((f) => f.recall !== null);
  const weakest = weakestFamily(data.families, data.learner.desiredRetention);
  const activeWeeks = data.weeks.filter((w) => w.reviews + w.quizAnswers > 0);

  return (
    <div className="dashboard">
      <section aria-labelledby="dash-summary">
        <h2 id="dash-summary" className="visually-hidden">Summary</h2>
        <dl className="stats">
          <Stat
            label="Streak"
            value={plural(streak.current, "day")}
            detail={
              <>
                {streak.activeToday ? "Practised today." : streak.current > 0 ? "Practise today to keep it." : "Practise today to start one."} Longest: {streak.longest}.
              </>
            }
          />
          <Stat
            label="Recall now"
            value={totals.recall === null ? "Not enough reviews yet" : percent(totals.recall)}
            detail={
              totals.recall === null
                ? `${totals.reviewedCards} of ${RECALL_MIN_CARDS} cards past their learning steps. Last ${RECENT_DAYS} days: ${accuracy(totals.recent)}; ${plural(totals.lapses, "lapse")}.`
                : `Mean over ${plural(totals.reviewedCards, "card")} past their learning steps.`
            }
          />
          <Stat
            label="Due now"
            value={totals.dueNow}
            detail={self && totals.dueNow > 0 ? <Link href="/review">Start reviewing</Link> : `${dueFortnight} in the next 14 days.`}
          />
          <Stat label="Reviews" value={totals.reviews} detail={`${plural(totals.quizAnswers, "quiz answer")} too.`} />
        </dl>
      </section>

      <section aria-labelledby="dash-recall" className="dash-section">
        <h2 id="dash-recall">Recall by family</h2>
        <p className="muted dash-intro">
          The chance of remembering each card right now, from its FSRS memory model, averaged over the cards past their
          learning steps; a family shows it once it has {RECALL_MIN_CARDS} such cards.
          {weakest ? ` Weakest: ${weakest.name} (${percent(weakest.recall)}, below the ${percent(data.learner.desiredRetention)} target).` : ""}
        </p>
        <details className="dash-formula">
          <summary>How recall is computed</summary>
          <p>
            For a card last reviewed <var>t</var> days ago with FSRS stability <var>S</var> days, recall is{" "}
            <code>R = (1 + F·t/S)^(−d)</code> with <code>F = 0.9^(−1/d) − 1</code> and <var>d</var> the FSRS-6 decay (so{" "}
            <var>R</var> = 90&nbsp;% when <var>t</var> = <var>S</var>). Cards still in their learning steps are left out: they
            were just seen, so their <var>R</var> would read near 100&nbsp;% whether or not you knew them. Lapses and recent
            accuracy count every answer.
          </p>
        </details>
        <div className="dash-split">
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Recall by family</caption>
              <thead>
                <tr>
                  <th scope="col">Family</th><th scope="col" className="num">Cards</th><th scope="col" className="num">Learned</th>
                  <th scope="col" className="num">Recall</th><th scope="col" className="num">Lapses</th><th scope="col" className="num">Last {RECENT_DAYS} days</th>
                </tr>
              </thead>
              <tbody>
                {data.families.map((f) => (
                  <tr key={f.slug}>
                    <th scope="row"><Link href={`/learn#${f.slug}`}>{f.name}</Link></th>
                    <td className="num">{f.cards}</td>
                    <td className="num">{f.reviewed}</td>
                    <td className="num">{f.recall === null ? (f.cards > 0 ? <span className="muted">not enough reviews yet</span> : "—") : percent(f.recall)}</td>
                    <td className="num">{f.lapses}</td>
                    <td className="num">{accuracy(f.recent)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <RecallChartBox
            data={data.families.map((f) => ({ family: f.name.split(" & ")[0], recall: f.recall === null ? null : Math.round(f.recall * 100) }))}
            summary={`Bar chart of recall by family: ${reviewedFamilies.map((f) => `${f.name} ${percent(f.recall)}`).join(", ") || "no family reviewed yet"}.`}
          />
        </div>
      </section>

      <section aria-labelledby="dash-forecast" className="dash-section">
        <h2 id="dash-forecast">Due in the next 14 days</h2>
        <p className="muted dash-intro">
          {plural(dueFortnight, "review")} due, {dueToday} of them today (overdue cards count as today). New cards are not included.
        </p>
        <div className="dash-split">
          <div className="table-wrap">
            <table className="table compact">
              <caption className="visually-hidden">Reviews due per day</caption>
              <thead>
                <tr><th scope="col">Day</th><th scope="col" className="num">Due</th></tr>
              </thead>
              <tbody>
                {data.forecast.map((d, i) => (
                  <tr key={d.date}>
                    <th scope="row">{i === 0 ? "Today" : i === 1 ? "Tomorrow" : calendarDay(d.date, "weekday")}</th>
                    <td className="num">{d.due}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ForecastChartBox
            data={data.forecast.map((d, i) => ({ day: i === 0 ? "Today" : calendarDay(d.date, "dayMonth"), due: d.due }))}
            summary={`Bar chart of reviews due per day over 14 days: ${dueFortnight} in all${busiest && busiest.due > 0 ? `, most on ${calendarDay(busiest.date, "weekday")} (${busiest.due})` : ""}.`}
          />
        </div>
      </section>

      <section aria-labelledby="dash-activity" className="dash-section">
        <h2 id="dash-activity">Accuracy and answer time</h2>
        <p className="muted dash-intro">
          Per week (Monday to Sunday, {tz.replaceAll("_", " ")}), over reviews and quiz answers. Accuracy counts automatically graded
          answers; the median time is the middle answer time of the week.
          {thisWeek && thisWeek.reviews + thisWeek.quizAnswers > 0 ? ` This week: ${percent(thisWeek.accuracy)} correct, median ${duration(thisWeek.medianMs)}.` : ""}
        </p>
        <div className="dash-split">
          <div className="table-wrap">
            <table className="table compact">
              <caption className="visually-hidden">Accuracy and median answer time per week</caption>
              <thead>
                <tr><th scope="col">Week of</th><th scope="col" className="num">Answers</th><th scope="col" className="num">Correct</th><th scope="col" className="num">Median time</th></tr>
              </thead>
              <tbody>
                {[...data.weeks].reverse().map((w) => (
                  <tr key={w.week}>
                    <th scope="row">{calendarDay(w.week, "dayMonth")}</th>
                    <td className="num">{w.reviews + w.quizAnswers}</td>
                    <td className="num">{percent(w.accuracy)}</td>
                    <td className="num">{duration(w.medianMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ActivityChartBox
            data={data.weeks.map((w) => ({
              week: calendarDay(w.week, "dayMonth"),
              accuracy: w.accuracy === null ? null : Math.round(w.accuracy * 100),
              medianSeconds: w.medianMs === null ? null : Math.round(w.medianMs / 100) / 10,
            }))}
            summary={`Chart of weekly accuracy (line) and median answer time (bars) over the last ${data.weeks.length} weeks; ${activeWeeks.length} of them with answers.`}
          />
        </div>
      </section>

      <section aria-labelledby="dash-lessons" className="dash-section">
        <h2 id="dash-lessons">Mastery by lesson</h2>
        <p className="level-summary">
          {levelCounts.map(({ level, count }) => (
            <span key={level}><LevelBadge level={level} /> {count}</span>
          ))}
        </p>
        <div className="table-wrap">
          <table className="table lessons-table">
            <caption className="visually-hidden">Mastery level of each lesson</caption>
            <thead>
              <tr><th scope="col">Lesson</th><th scope="col">Level</th><th scope="col" className="num">Reviewed</th><th scope="col" className="num">Recall</th></tr>
            </thead>
            {FAMILIES.map((f) => {
              const lessons = data.lessons.filter((l) => l.family === f.slug);
              if (lessons.length === 0) return null;
              return (
                <tbody key={f.slug}>
                  <tr className="group-row"><th scope="rowgroup" colSpan={4}>{f.name}</th></tr>
                  {lessons.map((l) => (
                    <tr key={l.lessonId}>
                      <th scope="row"><Link href={lessonHref(l)}>{l.title}</Link></th>
                      <td><LevelBadge level={l.level} /></td>
                      <td className="num">{l.reviewed} of {l.questions}</td>
                      <td className="num">{percent(l.recall)}</td>
                    </tr>
                  ))}
                </tbody>
              );
            })}
          </table>
        </div>
        <h3 className="level-rules-title">How levels are decided</h3>
        <dl className="level-rules">
          {masteryRules().map((r) => (
            <div key={r.level}>
              <dt><LevelBadge level={r.level} /></dt>
              <dd>{r.rule}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="dash-weakest" className="dash-section">
        <h2 id="dash-weakest">Weakest questions</h2>
        {data.weakest.length === 0 ? (
          <p className="muted">Nothing weak right now: no question was missed at its last review, and every learned one is above your {percent(data.learner.desiredRetention)} target.</p>
        ) : (
          <>
            <p className="muted dash-intro">
              Questions missed at their last review, then learned ones below your {percent(data.learner.desiredRetention)} recall target. Re-read
              their section before the next review.
            </p>
            <div className="table-wrap">
              <table className="table weakest-table">
                <caption className="visually-hidden">Weakest questions</caption>
                <thead>
                  <tr><th scope="col">Question</th><th scope="col" className="num">Recall</th><th scope="col" className="num">Lapses</th></tr>
                </thead>
                <tbody>
                  {data.weakest.map((w) => (
                    <tr key={w.cardId}>
                      <td className="prompt-cell">
                        <PromptText text={w.prompt} />
                        {w.suspended ? <span className="suspended-tag">suspended</span> : null}
                        <span className="reread">
                          Re-read: <Link href={lessonHref({ family: w.family, slug: w.lessonSlug }, w.section ?? undefined)}>{w.lessonTitle}</Link>
                        </span>
                      </td>
                      <td className="num">{w.missedLast ? "missed last time" : percent(w.recall)}</td>
                      <td className="num">{w.lapses}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      <section aria-labelledby="dash-quizzes" className="dash-section">
        <h2 id="dash-quizzes">Quiz history</h2>
        {data.quizzes.length === 0 ? (
          <p className="muted">No quizzes yet.{self ? <> <Link href="/practice">Take a timed quiz</Link>.</> : null}</p>
        ) : (
          <QuizHistoryTable quizzes={data.quizzes} formatStarted={(d) => dateTime(d, tz)} own={self} label="Recent quizzes" />
        )}
      </section>
    </div>
  );
}
