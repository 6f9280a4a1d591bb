// The start page of a signed-in learner: what to do now, most urgent first. Server-rendered from
// `startPage()` (lib/practice/start.ts); the only script is the R key that starts a review.
import Link from "next/link";
import { calendarDay, dateTime, plural, relative, score } from "@/lib/format";
import type { StartPage } from "@/lib/practice/start";
import { QUIZ_KIND_LABELS } from "@/components/quiz/labels";
import { DRILL_PHASES } from "@/lib/content/drills";
import { ReviewKey } from "./review-key";
import "./start.css";

export interface ContinueLesson {
  href: string;
  title: string;
  family: string;
  minutes: number;
  afterLastRead: boolean;
}

interface Props {
  name: string;
  welcome: boolean;
  data: StartPage;
  lesson: ContinueLesson | null;
  today: string;
  now: Date;
  roleLinks: Array<{ href: string; label: string }>;
}

export function StartView({ name, welcome, data, lesson, today, now, roleLinks }: Props) {
  const { queue, streak, daily, quiz, drill } = data;
  const toReview = queue.due + queue.newAvailable;
  return (
    <div className="container page start-page">
      {welcome ? (
        <p className="notice" role="status">
          Welcome to Quorum, {name}. Your account is ready.
        </p>
      ) : null}
      <header className="start-header">
        <h1>Hello, {name}</h1>
        <p className="muted">
          {streak.current > 0
            ? `${plural(streak.current, "day")} in a row${streak.activeToday ? ", today included" : ": practise today to keep it going"}.`
            : streak.longest > 0
              ? `Your longest run was ${plural(streak.longest, "day")}. Practise today to start a new one.`
              : "Here is what to do next."}
        </p>
      </header>

      <div className="start-grid">
        <section className="card start-card start-review" aria-labelledby="start-review-title">
          <h2 id="start-review-title">Review</h2>
          {toReview > 0 ? (
            <>
              <p className="start-figure">
                {queue.due > 0 ? (
                  <>
                    <strong>{queue.due}</strong> {queue.due === 1 ? "card is" : "cards are"} due
                    {queue.newAvailable > 0 ? <>, and {plural(queue.newAvailable, "new card")} {queue.newAvailable === 1 ? "is" : "are"} ready</> : null}.
                  </>
                ) : (
                  <>
                    <strong>{queue.newAvailable}</strong> new {queue.newAvailable === 1 ? "card is" : "cards are"} ready to learn.
                  </>
                )}
              </p>
              <Link className="button large" href="/review" aria-keyshortcuts="r">
                Start review <kbd aria-hidden="true">R</kbd>
              </Link>
              <ReviewKey href="/review" />
            </>
          ) : queue.total > 0 ? (
            <p>
              Nothing due now{queue.doneToday > 0 ? ` (${plural(queue.doneToday, "card")} done today)` : ""}.
              {queue.nextDue ? ` The next card comes back ${relative(queue.nextDue, now)}.` : ""}
            </p>
          ) : (
            <p>No cards yet. Add a lesson&apos;s questions from its page and they come back here when due.</p>
          )}
          <p className="start-more">
            <Link href="/cards">Browse your cards</Link>
            {queue.total > 0 ? <span className="muted"> · {plural(queue.total, "card")} in your queue</span> : null}
          </p>
        </section>

        <section className="card start-card" aria-labelledby="start-lesson-title">
          <h2 id="start-lesson-title">{lesson?.afterLastRead ? "Continue learning" : "Start learning"}</h2>
          {lesson ? (
            <>
              <p>
                <Link className="start-lesson-link" href={lesson.href}>
                  {lesson.title}
                </Link>
              </p>
              <p className="muted">
                {lesson.family} · about {lesson.minutes} min{lesson.afterLastRead ? " · next after the lesson you read last" : ""}
              </p>
            </>
          ) : (
            <p>You have read every lesson. Keep them fresh with reviews and quizzes.</p>
          )}
          <p className="start-more">
            <Link href="/learn">All lessons</Link>
          </p>
        </section>

        <section className="card start-card" aria-labelledby="start-daily-title">
          <h2 id="start-daily-title">Today&apos;s challenge</h2>
          <p className="muted">
            <time dateTime={today}>{calendarDay(today)}</time>
          </p>
          {daily.state === "not-started" ? (
            <>
              <p>Five questions, the same for everyone today. Not taken yet.</p>
              <Link className="button secondary" href="/practice#daily-title">
                Go to the challenge
              </Link>
            </>
          ) : daily.state === "in-progress" ? (
            <>
              <p>Started, not finished: its clock is running.</p>
              <Link className="button" href={`/practice/quiz/${daily.id}`}>
                Continue the challenge
              </Link>
            </>
          ) : (
            <>
              <p>
                Taken: <strong>{score(daily.score)}</strong> of {daily.total}.
              </p>
              <Link href={`/practice/quiz/${daily.id}/results`}>See your answers</Link>
            </>
          )}
        </section>

        {quiz || drill ? (
          <section className="card start-card" aria-labelledby="start-unfinished-title">
            <h2 id="start-unfinished-title">Unfinished</h2>
            <ul className="start-list">
              {quiz ? (
                <li>
                  <Link href={`/practice/quiz/${quiz.id}`}>{QUIZ_KIND_LABELS[quiz.kind] ?? "Quiz"}</Link>{" "}
                  <span className="muted">
                    started {dateTime(quiz.startedAt)}
                    {quiz.running ? " · its clock is running" : ""}
                  </span>
                </li>
              ) : null}
              {drill ? (
                <li>
                  <Link href={`/practice/drills/${drill.id}`}>{drill.title}</Link>{" "}
                  <span className="muted">
                    design drill{drill.phaseNumber ? `, phase ${drill.phaseNumber} of ${DRILL_PHASES.length}` : ", self-assessment to do"}
                  </span>
                </li>
              ) : null}
            </ul>
          </section>
        ) : null}
      </div>

      <p className="start-footer muted">
        <Link href="/dashboard">Your dashboard</Link> · <Link href="/practice">Practice</Link>
        {roleLinks.map((l) => (
          <span key={l.href}>
            {" "}
            · <Link href={l.href}>{l.label}</Link>
          </span>
        ))}
      </p>
    </div>
  );
}
