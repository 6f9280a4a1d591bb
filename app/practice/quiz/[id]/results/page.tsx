import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { getCatalog } from "@/lib/content/catalog.server";
import { familyName, lessonHref } from "@/lib/content/families";
import { renderMarkdown } from "@/lib/content/markdown.server";
import { QuizNotFinishedError, dailyDistribution, quizResults, type QuizResults } from "@/lib/practice/quiz";
import { describeAbility } from "@/lib/practice/ability";
import { NotFoundError } from "@/lib/errors";
import { RenderedMarkdown, QuestionPrompt } from "@/components/practice/question-prompt";
import { AnswerReview } from "@/components/quiz/answer-review";
import { QUIZ_KIND_LABELS } from "@/components/quiz/labels";
import { calendarDay, duration, percent, plural, score as formatScore } from "@/lib/format";
import { OUTCOME_LABELS, answerOutcome, isMissed, type AnswerOutcome } from "@/lib/practice/outcome";
import { ScoreDistribution } from "@/components/quiz/score-distribution";
import { queueMissedQuestionsAction } from "../../../actions";
import "../../../practice.css";

export const metadata: Metadata = { title: "Quiz results" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ queued?: string }> };

function timing(item: QuizResults["items"][number], outcome: AnswerOutcome): string {
  const limit = duration(item.timeLimitMs);
  if (outcome === "timed-out") return `No answer within the ${limit} limit`;
  if (item.durationMs === null) return `Limit ${limit}`;
  if (outcome === "late") return `Answered after ${duration(item.durationMs)}, over the ${limit} limit`;
  return `Answered in ${duration(item.durationMs)} of ${limit}`;
}

export default async function QuizResultsPage({ params, searchParams }: Props) {
  const [{ id }, { queued }] = await Promise.all([params, searchParams]);
  const user = await requireUser(`/practice/quiz/${id}/results`);
  const db = await getDb();
  let results: QuizResults;
  try {
    results = await quizResults(db, user.id, id);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    // Correctness of an attempt in progress is shown nowhere: back to the question.
    if (err instanceof QuizNotFinishedError) redirect(`/practice/quiz/${id}`);
    throw err;
  }

  const catalog = await getCatalog();
  const distribution = results.dailyDate ? await dailyDistribution(db, results.dailyDate) : null;
  const items = results.items.map((item) => ({ ...item, outcome: answerOutcome(item) }));
  const count = (o: AnswerOutcome) => items.filter((i) => i.outcome === o).length;
  const missed = items.filter((i) => isMissed(i.outcome));
  const missedOutsideQueue = missed.filter((i) => !i.inReviewQueue);
  const graded = items.filter((i) => i.type !== "free").length;
  const share = graded ? results.score / graded : 0;
  const queuedCount = queued === undefined ? null : Number(queued);
  const title = results.dailyDate ? `Daily challenge · ${calendarDay(results.dailyDate)}` : (QUIZ_KIND_LABELS[results.kind] ?? "Quiz");

  const summary: Array<[AnswerOutcome, number]> = (["correct", "partial", "incorrect", "late", "timed-out", "skipped", "not-graded", "withheld"] as const).map((o) => [o, count(o)]);

  return (
    <div className="container page quiz-results">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/practice">Practice</Link>
        <span aria-hidden="true">/</span>
        <span>Results</span>
      </nav>
      <header className="results-header">
        <div>
          <p className="eyebrow">{title}</p>
          <h1>
            Your score: {formatScore(results.score)} <span className="muted">of {graded}</span>
          </h1>
          <p className="muted results-lead">
            {percent(share)} of the auto-graded questions
            {graded < results.total ? `; ${results.total - graded} free-text ${results.total - graded === 1 ? "answer is" : "answers are"} for you to compare with the model answer` : ""}.
          </p>
          {results.ability ? (
            <p className="results-ability">
              Ability estimate: <strong>{describeAbility(results.ability)}</strong>{" "}
              <span className="muted">
                on a scale where an easy question sits at −1, a medium one at 0 and a hard one at +1 (a learner at a
                question&apos;s level answers it right half the time). The ± is one standard deviation of the estimate; more
                questions narrow it.
              </span>
            </p>
          ) : null}
          <ul className="outcome-summary" aria-label="Answers by outcome">
            {summary
              .filter(([, n]) => n > 0)
              .map(([o, n]) => (
                <li key={o} className="outcome-chip" data-outcome={o}>
                  {OUTCOME_LABELS[o]}: <strong>{n}</strong>
                </li>
              ))}
          </ul>
        </div>
        <div className="results-actions card">
          <h2 className="results-actions-title">Review what you missed</h2>
          {queuedCount !== null && Number.isFinite(queuedCount) ? (
            <p className="notice" role="status">
              {queuedCount > 0 ? `Added ${plural(queuedCount, "question")} to your review queue.` : "Those questions were already in your review queue."}
            </p>
          ) : null}
          {missed.length === 0 ? (
            <p className="muted">Nothing missed: every answer was correct and in time.</p>
          ) : missedOutsideQueue.length === 0 ? (
            <p className="muted">All {missed.length} missed {missed.length === 1 ? "question is" : "questions are"} in your review queue.</p>
          ) : (
            <form action={queueMissedQuestionsAction}>
              <input type="hidden" name="quizId" value={results.sessionId} />
              <p className="muted">
                {plural(missed.length, { one: "missed question", other: "missed questions" })}
                {missed.length > missedOutsideQueue.length ? `, ${missed.length - missedOutsideQueue.length} already queued` : ""}.
              </p>
              <button className="button" type="submit">
                Add missed questions to my review queue
              </button>
            </form>
          )}
          <div className="results-links">
            <Link href="/practice">Start another quiz</Link>
            <Link href="/review">Open the review queue</Link>
          </div>
        </div>
      </header>

      {distribution && results.dailyDate ? (
        <section className="card results-distribution" aria-labelledby="distribution-title">
          <h2 id="distribution-title">Everyone&apos;s scores today</h2>
          <ScoreDistribution rows={distribution} maxScore={results.total} ownScore={results.score} caption={`Scores on ${calendarDay(results.dailyDate)}`} />
        </section>
      ) : null}

      <ol className="result-list">
        {items.map((item) => {
          const lesson = catalog.lessons.find((l) => l.id === item.lessonId);
          const section = item.section ? lesson?.headings.find((h) => h.slug === item.section) : undefined;
          const promptId = `prompt-${item.itemId}`;
          return (
            <li key={item.itemId} className="card result-item" data-outcome={item.outcome}>
              <header className="result-item-header">
                <h2 className="result-item-title">Question {item.position + 1}</h2>
                <span className="outcome-chip" data-outcome={item.outcome}>
                  {OUTCOME_LABELS[item.outcome]}
                  {item.outcome === "partial" ? ` (${percent(item.score)})` : ""}
                </span>
                {item.inReviewQueue ? <span className="queue-chip">In your review queue</span> : null}
                <span className="result-item-meta">
                  {item.difficulty[0].toUpperCase() + item.difficulty.slice(1)} · {familyName(item.family)}
                </span>
              </header>
              <QuestionPrompt html={renderMarkdown(item.prompt)} id={promptId} />
              {item.outcome === "late" ? (
                <p className="result-note">Late answers score 0. {item.correct ? "This one would have been correct." : "It was also not correct."}</p>
              ) : null}
              <div className="result-answer">
                <AnswerReview
                  question={{ type: item.type, prompt: item.prompt, mode: "", difficulty: item.difficulty, family: item.family, options: item.options, items: item.items, unit: item.unit }}
                  answer={item.answer}
                  correct={item.correct}
                  correctAnswer={item.correctAnswer}
                  promptId={promptId}
                />
                {item.outcome === "timed-out" ? <p className="result-note">You gave no answer before the time ran out.</p> : null}
                {item.outcome === "skipped" ? <p className="result-note">You skipped this question; it scores 0.</p> : null}
                {item.withheld ? (
                  <p className="result-note">
                    This question is in today&apos;s challenge. Its answer and explanation are hidden until you have taken the
                    challenge (or until midnight UTC).
                  </p>
                ) : null}
              </div>
              {item.type === "free" && item.modelAnswer ? (
                <div className="result-model">
                  <h3>Model answer</h3>
                  <RenderedMarkdown html={renderMarkdown(item.modelAnswer)} />
                  {item.rubric?.length ? (
                    <>
                      <h3>A good answer</h3>
                      <ul className="rubric">
                        {item.rubric.map((r) => (
                          <li key={r}>{r}</li>
                        ))}
                      </ul>
                    </>
                  ) : null}
                </div>
              ) : null}
              <p className="result-timing">{timing(item, item.outcome)}</p>
              {item.explanation ? (
                <div className="result-explanation">
                  <h3>Why</h3>
                  <RenderedMarkdown html={renderMarkdown(item.explanation)} />
                </div>
              ) : null}
              {lesson ? (
                <p className="result-lesson">
                  <Link href={lessonHref(lesson, item.section ?? undefined)}>
                    Read it again: {lesson.title}
                    {section ? ` › ${section.text}` : ""}
                  </Link>
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
