import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { getCatalog } from "@/lib/content/catalog.server";
import { FAMILIES } from "@/lib/content/families";
import { attemptInProgress, dailyAttempt, dailyDistribution, quizHistory } from "@/lib/practice/quiz";
import { dayKey } from "@/lib/practice/time";
import { QuizSetupForm } from "./_components/quiz-setup-form";
import { ScoreDistribution } from "@/components/quiz/score-distribution";
import { calendarDay, dateTime, score } from "@/lib/format";
import { QuizHistoryTable } from "@/components/quiz/quiz-history-table";
import { endQuizAction, startDailyChallengeAction } from "./actions";
import "./practice.css";

export const metadata: Metadata = { title: "Practice", description: "Timed quizzes, the daily challenge and mock design drills." };

export default async function PracticePage({ searchParams }: { searchParams: Promise<{ lesson?: string; blocked?: string }> }) {
  const user = await requireUser("/practice");
  const [db, params, catalog] = await Promise.all([getDb(), searchParams, getCatalog()]);
  const today = dayKey(new Date(), "UTC");
  const [attempt, history, running] = await Promise.all([dailyAttempt(db, user.id, today), quizHistory(db, user.id), attemptInProgress(db, user.id)]);
  const distribution = attempt?.finished ? await dailyDistribution(db, today) : null;
  const lesson = params.lesson ? catalog.lessons.find((l) => l.id === params.lesson) : undefined;

  return (
    <div className="container page practice-hub">
      <header className="practice-header">
        <h1>Practice</h1>
        <p className="lead muted">Answer against the clock. The server keeps time, so every attempt is as fair as an interview.</p>
      </header>

      {running ? (
        <section className="card notice-card in-progress" aria-labelledby="in-progress-title" role={params.blocked ? "alert" : undefined}>
          <h2 id="in-progress-title">{running.kind === "DAILY" ? "Today's challenge is in progress" : "You have a quiz in progress"}</h2>
          <p className="muted">
            One timed attempt at a time{params.blocked ? ": finish or end this one before starting another" : ""}. Ending it
            records the question on screen as skipped; questions not yet shown stay unanswered.
          </p>
          <div className="in-progress-actions">
            <Link className="button" href={`/practice/quiz/${running.id}`}>
              Resume
            </Link>
            <form action={endQuizAction}>
              <input type="hidden" name="quizId" value={running.id} />
              <button className="button secondary" type="submit">
                End it and see results
              </button>
            </form>
          </div>
        </section>
      ) : null}

      <div className="practice-grid">
        <section className="card practice-quiz" aria-labelledby="quiz-setup-title">
          <h2 id="quiz-setup-title">Timed quiz</h2>
          <p className="muted section-lead">Pick families and a pace; results show every answer beside the right one.</p>
          <QuizSetupForm families={FAMILIES} lesson={lesson ? { id: lesson.id, title: lesson.title } : null} />
        </section>

        <div className="practice-side">
          <section className="card daily-card" aria-labelledby="daily-title">
            <p className="eyebrow">Daily challenge</p>
            <h2 id="daily-title">
              <time dateTime={today}>{calendarDay(today)}</time>
            </h2>
            {!attempt ? (
              <>
                <p className="muted">Five questions, the same for everyone today, from easy to hard. One attempt; it resets at midnight UTC.</p>
                <form action={startDailyChallengeAction}>
                  <button className="button" type="submit">
                    Start today&apos;s challenge
                  </button>
                </form>
              </>
            ) : !attempt.finished ? (
              <>
                <p className="muted">You have started today&apos;s challenge. Its clock is running on the question you were on.</p>
                <Link className="button" href={`/practice/quiz/${attempt.id}`}>
                  Continue the challenge
                </Link>
              </>
            ) : (
              <>
                <p className="daily-score">
                  <span className="daily-score-value">{score(attempt.score)}</span>
                  <span className="muted"> of {attempt.total}</span>
                </p>
                <p className="muted">Your one attempt for today. A new challenge starts at midnight UTC.</p>
                {distribution ? <ScoreDistribution rows={distribution} maxScore={attempt.total} ownScore={attempt.score} caption="How everyone scored today" /> : null}
                <Link href={`/practice/quiz/${attempt.id}/results`}>See your answers</Link>
              </>
            )}
          </section>

          <section className="card drill-card" aria-labelledby="drill-title">
            <p className="eyebrow">Mock design drill</p>
            <h2 id="drill-title">Design a system in 45 minutes</h2>
            <p className="muted">A mock system-design interview, worked through in timed phases.</p>
            <Link className="button secondary" href="/practice/drills">
              Go to design drills
            </Link>
          </section>
        </div>
      </div>

      <section className="quiz-history" aria-labelledby="history-title">
        <h2 id="history-title">Your quizzes</h2>
        {history.length === 0 ? (
          <p className="muted">No quizzes yet. Your first one will appear here with its score.</p>
        ) : (
          <QuizHistoryTable quizzes={history} formatStarted={(d) => dateTime(d)} own label="Your quizzes" />
        )}
      </section>
    </div>
  );
}
