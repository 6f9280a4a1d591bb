import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LessonBody, type LessonCheckpoints } from "@/components/mdx/lesson-body";
import { checkpointUses } from "@/lib/content/checkpoints";
import { renderMarkdownCached } from "@/lib/content/markdown-cache.server";
import { findCheckpoint, serveCheckpoint } from "@/lib/practice/checkpoint";
import { addCheckpointToReviewAction, answerCheckpointAction } from "./checkpoint-actions";
import { getCatalog, getLesson, neighbours } from "@/lib/content/catalog.server";
import { familyName, lessonHref } from "@/lib/content/families";
import { compileLesson } from "@/lib/content/compile.server";
import { DifficultyBadge } from "../../lesson-bits";
import { LessonActions, LessonProgressProvider, LessonQueueNote, LessonReadMarker, LessonTaskNote } from "./lesson-progress";
import { lessonTaskIds } from "@/lib/content/simulations";
import { TableOfContents } from "./toc";
import { plural } from "@/lib/format";

type Params = { params: Promise<{ family: string; lesson: string }> };

// Every lesson is known at build time; anything else is a 404.
export const dynamicParams = false;

export async function generateStaticParams() {
  const { lessons } = await getCatalog();
  return lessons.map((l) => ({ family: l.family, lesson: l.slug }));
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { family, lesson: slug } = await params;
  const lesson = await getLesson(family, slug);
  return lesson ? { title: lesson.title, description: lesson.summary } : {};
}

export default async function LessonPage({ params }: Params) {
  const { family, lesson: slug } = await params;
  const catalog = await getCatalog();
  const lesson = catalog.lessons.find((l) => l.family === family && l.slug === slug);
  if (!lesson) notFound();

  // Static page: compiled at build time; the learner's progress loads in the browser.
  const compiled = await compileLesson(lesson);
  const { previous, next } = neighbours(catalog, lesson);
  const prerequisites = lesson.prerequisites.map((id) => catalog.lessons.find((l) => l.id === id)).filter((l) => l !== undefined);
  const toc = lesson.headings.filter((h) => h.depth === 2 || h.depth === 3).map(({ depth, text, slug }) => ({ depth, text, slug }));
  const questionCount = catalog.questions.filter((q) => q.lessonId === lesson.id).length;
  const signIn = `/signin?callbackUrl=${encodeURIComponent(lessonHref(lesson))}`;
  // Checkpoints carry their question as served in practice: shuffled labels, no key, no explanation.
  const checkpoints: LessonCheckpoints = {};
  for (const use of checkpointUses(lesson)) {
    const question = use.id ? findCheckpoint(lesson, catalog.questions, use.id) : null;
    if (!question) continue;
    const served = serveCheckpoint(question);
    checkpoints[question.id] = {
      lessonId: lesson.id,
      questionId: question.id,
      question: served.question,
      promptHtml: renderMarkdownCached(question.prompt),
      signInHref: `/signin?callbackUrl=${encodeURIComponent(lessonHref(lesson, `checkpoint-${question.id}`))}`,
      answerAction: answerCheckpointAction,
      addToReviewAction: addCheckpointToReviewAction,
    };
  }

  return (
    <div className="container lesson-layout">
      <LessonProgressProvider lessonId={lesson.id} signInHref={signIn}>
      <article className="lesson" aria-labelledby="lesson-title">
        <nav className="breadcrumb" aria-label="Breadcrumb">
          <Link href="/learn">Lessons</Link>
          <span aria-hidden="true">/</span>
          <Link href={`/learn#${lesson.family}`}>{familyName(lesson.family)}</Link>
        </nav>
        <header className="lesson-header">
          <h1 id="lesson-title">{lesson.title}</h1>
          <p className="lesson-summary">{lesson.summary}</p>
          <p className="lesson-meta">
            <DifficultyBadge difficulty={lesson.difficulty} />
            <span>{lesson.readingMinutes} min read</span>
            <span aria-hidden="true">·</span>
            <span>about {lesson.minutes} min with the exercises</span>
            <LessonReadMarker />
          </p>
        </header>

        <section className="lesson-intro" aria-label="About this lesson">
          <div>
            <h2 className="intro-heading">You will be able to</h2>
            <ul className="objectives">
              {lesson.objectives.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          </div>
          {prerequisites.length > 0 ? (
            <div>
              <h2 className="intro-heading">Read first</h2>
              <ul className="prerequisites">
                {prerequisites.map((p) => (
                  <li key={p.id}>
                    <Link href={lessonHref(p)}>{p.title}</Link>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </section>

        <TableOfContents items={toc} variant="inline" />

        <div className="prose">
          {compiled.ok ? (
            <LessonBody code={compiled.code} checkpoints={checkpoints} />
          ) : (
            <div className="compile-error" role="alert">
              <p className="compile-error-title">This lesson could not be built</p>
              <p>
                <strong>{lesson.title}</strong> — <code>{`${compiled.error.file}:${compiled.error.line}`}</code>
              </p>
              <pre>{compiled.error.message}</pre>
              <p className="muted">Run <code>npm run content:check</code> to see every problem with its line.</p>
            </div>
          )}
        </div>

        <section className="lesson-sources" aria-labelledby="sources-title">
          <h2 id="sources-title">Sources</h2>
          <ol>
            {lesson.sources.map((s) => (
              <li key={`${s.title}-${s.year}`}>
                {s.author}, {s.url ? <a href={s.url}>{s.title}</a> : <cite>{s.title}</cite>} ({s.year}).
              </li>
            ))}
          </ol>
        </section>

        <section className="lesson-actions" aria-label="Practise and track this lesson">
          <div className="lesson-actions-text">
            <h2>Make it stick</h2>
            <p className="muted">
              {questionCount > 0
                ? `${plural(questionCount, "question")} ${questionCount === 1 ? "goes" : "go"} with this lesson.`
                : "Questions for this lesson are being written."}
              <LessonQueueNote />
              <LessonTaskNote total={lessonTaskIds(lesson).length} />
            </p>
          </div>
          <div className="lesson-actions-practise">
            {questionCount > 0 ? (
              <Link className="button" href={`/practice?lesson=${encodeURIComponent(lesson.id)}`}>
                Practise this lesson&apos;s questions
              </Link>
            ) : null}
          </div>
          <LessonActions lessonId={lesson.id} signInHref={signIn} hasQuestions={questionCount > 0} />
        </section>

        <nav className="lesson-pager" aria-label="Previous and next lesson">
          {previous ? (
            <Link href={lessonHref(previous)} className="pager-link" rel="prev">
              <span className="pager-label">← Previous</span>
              <span className="pager-title">{previous.title}</span>
            </Link>
          ) : (
            <span />
          )}
          {next ? (
            <Link href={lessonHref(next)} className="pager-link pager-next" rel="next">
              <span className="pager-label">Next →</span>
              <span className="pager-title">{next.title}</span>
            </Link>
          ) : null}
        </nav>
      </article>
      </LessonProgressProvider>
      <aside className="lesson-aside">
        <TableOfContents items={toc} variant="sidebar" />
      </aside>
    </div>
  );
}
