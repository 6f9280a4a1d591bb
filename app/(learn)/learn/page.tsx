import type { Metadata } from "next";
import Link from "next/link";
import { currentUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { getCatalog } from "@/lib/content/catalog.server";
import { lessonHref } from "@/lib/content/families";
import { completedTaskIds, readLessonIds } from "@/lib/practice/progress";
import { lessonTaskIds } from "@/lib/content/simulations";
import { DifficultyBadge, ReadMarker, TaskMarker } from "./lesson-bits";

export const metadata: Metadata = { title: "Lessons", description: "Every lesson, family by family, in teaching order." };

export default async function LearnPage() {
  const [catalog, user] = await Promise.all([getCatalog(), currentUser()]);
  const db = user ? await getDb() : null;
  const [read, tasks] = user && db ? await Promise.all([readLessonIds(db, user.id), completedTaskIds(db, user.id)]) : [new Set<string>(), new Set<string>()];
  const tasksOf = (lesson: (typeof catalog.lessons)[number]) => lessonTaskIds(lesson);
  const total = catalog.lessons.length;
  const done = catalog.lessons.filter((l) => read.has(l.id)).length;

  return (
    <div className="container page learn-index">
      <header className="learn-index-header">
        <h1>Lessons</h1>
        <p className="lead muted">
          Six families of distributed-systems topics, in teaching order. Each lesson ends with how to say it in an interview, and
          its questions feed your review queue.
        </p>
        {user ? (
          <p className="progress-summary">
            <span>
              <strong>{done}</strong> of {total} lessons read
            </span>
            <span className="progress-bar" aria-hidden="true">
              <span style={{ width: `${total ? (done / total) * 100 : 0}%` }} />
            </span>
          </p>
        ) : null}
      </header>
      {catalog.families.map((family, i) => (
        <section key={family.slug} id={family.slug} className="family-section" aria-labelledby={`${family.slug}-title`}>
          <div className="family-heading">
            <span className="family-number" aria-hidden="true">{i + 1}</span>
            <div>
              <h2 id={`${family.slug}-title`}>{family.name}</h2>
              <p className="muted">{family.blurb}</p>
            </div>
          </div>
          {family.lessons.length === 0 ? (
            <p className="muted empty-family">Lessons for this family are being written.</p>
          ) : (
            <ol className="lesson-list">
              {family.lessons.map((lesson) => (
                <li key={lesson.id}>
                  <Link href={lessonHref(lesson)} className="lesson-row">
                    <span className="lesson-row-main">
                      <span className="lesson-row-title">{lesson.title}</span>
                      <span className="lesson-row-summary">{lesson.summary}</span>
                    </span>
                    <span className="lesson-row-meta">
                      <DifficultyBadge difficulty={lesson.difficulty} />
                      <span>{lesson.minutes} min</span>
                      {user ? <TaskMarker done={tasksOf(lesson).filter((t) => tasks.has(t)).length} total={tasksOf(lesson).length} /> : null}
                      {user ? <ReadMarker read={read.has(lesson.id)} /> : null}
                    </span>
                  </Link>
                </li>
              ))}
            </ol>
          )}
        </section>
      ))}
    </div>
  );
}
