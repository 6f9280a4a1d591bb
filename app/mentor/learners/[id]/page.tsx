import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { familyBySlug } from "@/lib/content/families";
import { drillPhases, threadsFor } from "@/lib/mentor/comments";
import { sharedCohorts } from "@/lib/mentor/cohorts";
import { activityTimeline, drillHistory, freeTextAnswers, learnerIdentity, recallByLesson, weakestQuestions } from "@/lib/mentor/learner";
import { can } from "@/lib/permissions";
import { learnerDataResource } from "@/lib/permissions/relations";
import { drillPrompts, DRILL_PHASES } from "@/lib/content/drills";
import { quizHistory } from "@/lib/practice/quiz";
import { heldOutQuestions } from "@/lib/practice/daily";
import { renderMarkdown } from "@/lib/content/markdown.server";
import { RenderedMarkdown } from "@/components/practice/question-prompt";
import { ActivityChartBox } from "@/components/mentor/charts";
import { QuizHistoryTable } from "@/components/quiz/quiz-history-table";
import { CommentThread } from "@/app/mentor/_components/comment-thread";
import { recallBand } from "@/components/mentor/bands";
import { date, dateTime, duration, percent, plural } from "@/lib/format";
import { removeLearnerAction } from "../../actions";

export const metadata: Metadata = { title: "Learner" };

const RATINGS = ["", "Again", "Hard", "Good", "Easy"];

export default async function LearnerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const db = await getDb();
  const resource = await learnerDataResource(db, id);
  // Someone who may not see this learner learns nothing, not even that the account exists.
  const user = await requireUser(`/mentor/learners/${id}`, "read", resource, "notFound");
  const learner = await learnerIdentity(db, id);
  if (!learner) notFound();
  const thread = { type: "comment" as const, learnerId: id, mentorIds: resource.mentorIds };
  const canComment = can(user, "comment", thread);
  const now = new Date();

  // Today's challenge questions stay hidden from a viewer who has not taken it yet.
  const withheld = await heldOutQuestions(db, user.id, now);
  const [cohorts, activity, lessons, weakest, quizzes, drills, freeAnswers, prompts] = await Promise.all([
    sharedCohorts(db, user.id, id),
    activityTimeline(db, id, now),
    recallByLesson(db, id, now),
    weakestQuestions(db, id, now, 8, withheld),
    quizHistory(db, id, 15),
    drillHistory(db, id),
    freeTextAnswers(db, id),
    drillPrompts(),
  ]);
  const threads = await threadsFor(db, freeAnswers.map((a) => a.id), drills.map((d) => d.id));
  const promptTitle = new Map(prompts.map((p) => [p.id, p.title]));
  const phaseTitle = new Map<string, string>(DRILL_PHASES.map((p) => [p.key, p.title]));

  const totals = activity.reduce((t, d) => ({ reviews: t.reviews + d.reviews, quiz: t.quiz + d.quizAnswers, drills: t.drills + d.drills, days: t.days + (d.reviews + d.quizAnswers + d.drills > 0 ? 1 : 0) }), { reviews: 0, quiz: 0, drills: 0, days: 0 });
  const families = [...new Set(lessons.map((l) => l.family))];
  const activitySummary = `${plural(totals.reviews, "review")}, ${plural(totals.quiz, "quiz answer")} and ${plural(totals.drills, "drill")}`;

  return (
    <div className="container page mentor-page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/mentor">Mentor</Link>
        {cohorts.map((c) => (
          <span key={c.id}> <span aria-hidden="true">/</span> <Link href={`/mentor/cohorts/${c.id}`}>{c.name}</Link></span>
        ))}{" "}
        <span aria-hidden="true">/</span> <span aria-current="page">{learner.name}</span>
      </nav>
      <header className="mentor-header mentor-header-row">
        <div>
          <h1>{learner.name}</h1>
          <p className="lead muted">{learner.email} · on Quorum since {date(learner.createdAt)}</p>
        </div>
        <a className="button secondary" href={`/mentor/learners/${id}/answers.csv`} download>Download answers (CSV)</a>
      </header>

      <section aria-labelledby="activity">
        <h2 id="activity">Activity</h2>
        <p className="muted mentor-intro">
          Last 4 weeks: {activitySummary}, on {totals.days} of {plural(activity.length, "day")}.
        </p>
        <ActivityChartBox
          data={activity.map((d) => ({ ...d, day: d.day.slice(5) }))}
          summary={`Daily activity over the last 4 weeks: ${activitySummary}, active on ${plural(totals.days, "day")}.`}
        />
      </section>

      <section aria-labelledby="recall">
        <h2 id="recall">Recall by family and lesson</h2>
        {lessons.length === 0 ? (
          <p className="muted">No cards in the review queue yet.</p>
        ) : (
          <div className="mentor-scroll" tabIndex={0} role="region" aria-label="Recall by lesson">
            <table className="mentor-table">
              <thead>
                <tr>
                  <th scope="col">Lesson</th>
                  <th scope="col" className="num">Cards</th>
                  <th scope="col" className="num">Reviewed</th>
                  <th scope="col" className="num">Recall now</th>
                  <th scope="col" className="num">Due</th>
                  <th scope="col" className="num">Lapses</th>
                </tr>
              </thead>
              {families.map((f) => (
                <tbody key={f}>
                  <tr className="mentor-group-row">
                    <th scope="rowgroup" colSpan={6}>{familyBySlug(f)?.name ?? f}</th>
                  </tr>
                  {lessons.filter((l) => l.family === f).map((l) => (
                    <tr key={l.lessonId}>
                      <th scope="row">{l.lessonTitle}</th>
                      <td className="num">{l.cards}</td>
                      <td className="num">{l.reviewed}</td>
                      <td className="num"><span className={`mentor-chip band-${recallBand(l.recall)}`}>{percent(l.recall)}</span></td>
                      <td className="num">{l.due}</td>
                      <td className="num">{l.lapses}</td>
                    </tr>
                  ))}
                </tbody>
              ))}
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="weakest">
        <h2 id="weakest">Weakest questions</h2>
        {weakest.length === 0 ? (
          <p className="muted">No missed questions in recent attempts.</p>
        ) : (
          <ol className="mentor-weakest">
            {weakest.map((q) => (
              <li key={q.questionId} className="card">
                <RenderedMarkdown className="mentor-weak-prompt" html={renderMarkdown(q.prompt)} />
                <p className="muted mentor-weak-meta">
                  {familyBySlug(q.family)?.name ?? q.family} · {q.lessonTitle} · missed {q.misses} of the last {q.attempts} ·{" "}
                  {plural(q.lapses, "lapse")} · {q.recall === null ? "in learning steps (no recall figure yet)" : `recall now ${percent(q.recall)}`}
                </p>
                <ul className="mentor-recent">
                  {q.recent.map((a, i) => (
                    <li key={i}>
                      <span className={`mentor-outcome ${a.correct === true || (a.rating ?? 0) > 1 ? "is-right" : a.correct === false || a.rating === 1 ? "is-wrong" : ""}`}>
                        {a.withheld
                          ? `${a.source === "quiz" ? "Quiz" : "Review"}, hidden until you take today's challenge`
                          : a.source === "quiz"
                            ? a.correct === null
                              ? "Quiz, not graded"
                              : a.correct
                                ? "Quiz, right"
                                : "Quiz, wrong"
                            : `Review, ${RATINGS[a.rating ?? 0]}`}
                      </span>{" "}
                      <span className="muted">{dateTime(a.at)}</span>
                      {a.answer !== null ? <> <span className="mentor-answer-inline">{a.answer}</span></> : a.source === "quiz" && !a.withheld ? <span className="muted"> (no answer)</span> : null}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="free-answers">
        <h2 id="free-answers">Free-text answers</h2>
        {freeAnswers.length === 0 ? (
          <p className="muted">No free-text quiz answers yet.</p>
        ) : (
          <ol className="mentor-answers">
            {freeAnswers.map((a) => {
              const data = (a.item.question.data ?? {}) as { modelAnswer?: string };
              return (
                <li key={a.id} id={`answer-${a.id}`} className="card mentor-answer">
                  <RenderedMarkdown className="mentor-answer-question" html={renderMarkdown(a.item.question.prompt)} />
                  <p className="muted mentor-answer-meta">
                    {familyBySlug(a.item.question.family)?.name ?? a.item.question.family} · answered {dateTime(a.submittedAt)} in {duration(a.durationMs)}
                    {a.late ? " · after the time limit" : ""}
                  </p>
                  <blockquote className="mentor-answer-text">{typeof a.answer === "string" ? a.answer : ""}</blockquote>
                  {data.modelAnswer ? (
                    <details className="mentor-model">
                      <summary>Model answer</summary>
                      <p>{data.modelAnswer}</p>
                    </details>
                  ) : null}
                  <CommentThread kind="quiz" targetId={a.id} comments={threads.get(a.id) ?? []} learnerId={id} canComment={canComment} formLabel={`Comment on ${learner.name}'s answer`} />
                </li>
              );
            })}
          </ol>
        )}
      </section>

      <section aria-labelledby="drills">
        <h2 id="drills">Mock drills</h2>
        {drills.length === 0 ? (
          <p className="muted">No mock design drills yet.</p>
        ) : (
          <ol className="mentor-answers">
            {drills.map((d) => {
              const phases = drillPhases(d.phases).filter((p) => p.text.trim());
              const points = ((d.selfAssessment as { points?: Array<{ rating: string }> } | null)?.points ?? []);
              const met = points.filter((p) => p.rating === "met").length;
              return (
                <li key={d.id} id={`answer-${d.id}`} className="card mentor-answer">
                  <p className="mentor-answer-question">{promptTitle.get(d.promptId) ?? d.promptId}</p>
                  <p className="muted mentor-answer-meta">
                    Started {dateTime(d.startedAt)} · {d.finishedAt ? `finished ${dateTime(d.finishedAt)}` : "not finished"}
                    {points.length > 0 ? ` · self-assessed ${met} of ${points.length} rubric points met` : ""}
                  </p>
                  {phases.length === 0 ? (
                    <p className="muted">Nothing written yet.</p>
                  ) : (
                    <dl className="mentor-phases">
                      {phases.map((p) => (
                        <div key={p.phase}>
                          <dt>{phaseTitle.get(p.phase) ?? p.phase}</dt>
                          <dd>{p.text}</dd>
                        </div>
                      ))}
                    </dl>
                  )}
                  <CommentThread kind="drill" targetId={d.id} comments={threads.get(d.id) ?? []} learnerId={id} canComment={canComment} formLabel={`Comment on ${learner.name}'s drill`} />
                </li>
              );
            })}
          </ol>
        )}
      </section>

      <section aria-labelledby="quizzes">
        <h2 id="quizzes">Quizzes</h2>
        {quizzes.length === 0 ? (
          <p className="muted">No quizzes yet.</p>
        ) : (
          <QuizHistoryTable quizzes={quizzes} formatStarted={dateTime} own={false} label="Quiz history" tableClassName="mentor-table" />
        )}
      </section>

      {cohorts.length > 0 ? (
        <section aria-labelledby="membership" className="mentor-membership">
          <h2 id="membership">Cohort membership</h2>
          {cohorts.map((c) => (
            <form key={c.id} action={removeLearnerAction} className="mentor-remove">
              <input type="hidden" name="cohortId" value={c.id} />
              <input type="hidden" name="learnerId" value={id} />
              <p>
                In <Link href={`/mentor/cohorts/${c.id}`}>{c.name}</Link>. Removing {learner.name} ends your access to their progress at once.
              </p>
              <button type="submit" className="button secondary">Remove from {c.name}</button>
            </form>
          ))}
        </section>
      ) : null}
    </div>
  );
}
