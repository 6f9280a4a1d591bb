import "server-only";
// Turns the review queue's domain results into what the review screen shows: Markdown rendered,
// lesson links resolved, dates in words in the learner's time zone.
import type { Db } from "@/lib/db/database";
import { getCatalog } from "@/lib/content/catalog.server";
import { familyName } from "@/lib/content/families";
import { renderMarkdown } from "@/lib/content/markdown.server";
import { renderMarkdownCached } from "@/lib/content/markdown-cache.server";
import { reviewQueue, type NextCard, type ReviewQueue, type RevealedAnswer, type SetAsideLeech } from "@/lib/practice/review";
import { calendarDay, formatDate, interval, time as timeOfDay } from "@/lib/format";
import { dayKey } from "@/lib/practice/time";
import type { ForecastDayView, LessonLink, NextView, QueueView, RevealView, ReviewCardView, SetAsideCard } from "./review";

/**
 * A card in its learning steps that comes back within this long keeps the session open: the
 * screen counts down to it instead of saying "all caught up" (Anki's learn-ahead limit is 20 min).
 */
const LEARN_AHEAD_MS = 20 * 60_000;

export function cardView(card: NextCard): ReviewCardView {
  return {
    cardId: card.cardId,
    version: card.version,
    isNew: card.state === "NEW",
    question: card.question,
    promptHtml: renderMarkdownCached(card.question.prompt),
    familyName: familyName(card.question.family),
    previews: card.previews.map(({ rating, label, interval }) => ({ rating, label, interval })),
  };
}

/** "in 40 s", "in 9 min (14:32)", "tomorrow at 09:30", "on Fri 6 Mar". */
function dueInWords(due: Date, now: Date, timezone: string): string {
  const ms = due.getTime() - now.getTime();
  if (ms <= 0) return "now";
  if (ms < 60_000) return `in ${Math.ceil(ms / 1000)}\u00a0s`;
  const time = timeOfDay(due, timezone);
  const days = Math.round((Date.parse(dayKey(due, timezone)) - Date.parse(dayKey(now, timezone))) / 86_400_000);
  if (days === 0) return `in ${interval(ms)} (${time})`;
  if (days === 1) return `tomorrow at ${time}`;
  return `on ${formatDate(due, { weekday: "short", day: "numeric", month: "short" }, timezone)}`;
}

function forecastDay(date: string, due: number, index: number): ForecastDayView {
  // Calendar dates name a day, not an instant: the date never shifts.
  const long = calendarDay(date, "long").replace(/ \d{4}$/, "");
  return {
    date,
    label: index === 0 ? "Today" : calendarDay(date, "short"),
    longLabel: index === 0 ? `Today, ${long}` : index === 1 ? `Tomorrow, ${long}` : long,
    due,
  };
}

function queueViewOf(q: ReviewQueue, now: Date): QueueView {
  const { status, forecast, timezone } = q;
  return {
    due: status.due,
    newAvailable: status.newAvailable,
    waiting: status.waiting,
    total: status.total,
    doneToday: status.today.newDone + status.today.reviewsDone,
    limits: status.limits,
    nextDue: status.nextDue && status.nextDue > now ? { iso: status.nextDue.toISOString(), words: dueInWords(status.nextDue, now, timezone) } : null,
    nextLearning:
      status.nextLearning && status.nextLearning.getTime() - now.getTime() <= LEARN_AHEAD_MS
        ? { iso: status.nextLearning.toISOString(), words: dueInWords(status.nextLearning, now, timezone), inMs: status.nextLearning.getTime() - now.getTime() }
        : null,
    forecast: forecast.map((d, i) => forecastDay(d.date, d.due, i)),
  };
}

/** The card to show next and the queue around it, from one read (reviewQueue). */
export async function nextView(db: Db, userId: string, now = new Date()): Promise<NextView> {
  const q = await reviewQueue(db, userId, now);
  return { card: q.card && cardView(q.card), queue: queueViewOf(q, now) };
}

/** After an undo: the card undone (null if it left the queue meanwhile) and the queue, from one read. */
export async function undoneView(db: Db, userId: string, cardId: string, now = new Date()): Promise<NextView> {
  const q = await reviewQueue(db, userId, now, { cardId });
  return { card: q.card && cardView(q.card), queue: queueViewOf(q, now) };
}

/** The whole review page (next card, queue, set-aside cards) from one read. */
export async function reviewPageView(db: Db, userId: string, now = new Date()): Promise<NextView & { setAside: SetAsideCard[] }> {
  const [q, catalog] = await Promise.all([reviewQueue(db, userId, now, { setAside: true }), getCatalog()]);
  return { card: q.card && cardView(q.card), queue: queueViewOf(q, now), setAside: setAsideOf(q.setAside, catalog) };
}

export async function lessonLink(db: Db, lessonId: string, section: string | null): Promise<LessonLink> {
  const [lesson, catalog] = await Promise.all([
    db.lesson.findUniqueOrThrow({ where: { id: lessonId }, select: { id: true, family: true, slug: true, title: true } }),
    getCatalog(),
  ]);
  return lessonLinkFrom(lesson, section, catalog);
}

type LessonRow = { id: string; family: string; slug: string; title: string };

/** The link to a lesson's section, named by its heading in the content catalog. */
function lessonLinkFrom(lesson: LessonRow, section: string | null, catalog: Awaited<ReturnType<typeof getCatalog>>): LessonLink {
  const heading = section ? catalog.lessons.find((l) => l.id === lesson.id)?.headings.find((h) => h.slug === section)?.text : undefined;
  return {
    href: `/learn/${lesson.family}/${lesson.slug}${section ? `#${section}` : ""}`,
    title: lesson.title,
    section: section ? (heading ?? section.replace(/-/g, " ")) : null,
  };
}

export async function revealView(db: Db, revealed: RevealedAnswer): Promise<RevealView> {
  return {
    correct: revealed.correct,
    correctAnswer: revealed.correctAnswer,
    suggestedRating: revealed.suggestedRating,
    explanationHtml: renderMarkdown(revealed.explanation),
    modelAnswerHtml: revealed.modelAnswer ? renderMarkdown(revealed.modelAnswer) : null,
    rubric: revealed.rubric ?? [],
    lesson: await lessonLink(db, revealed.lessonId, revealed.section),
  };
}

/** The learner's suspended leeches with the lesson section to re-read before resuming each. */
function setAsideOf(cards: readonly SetAsideLeech[], catalog: Awaited<ReturnType<typeof getCatalog>>): SetAsideCard[] {
  return cards.map((c) => ({
    cardId: c.id,
    promptHtml: renderMarkdown(c.question.prompt),
    lapses: c.lapses,
    lesson: lessonLinkFrom(c.question.lesson, c.question.section, catalog),
  }));
}
