import "server-only";
// The app's view of content/: lessons in teaching order, their questions, and neighbours.
// Loaded once per process in production; on every request in development so edits show up.
import { FAMILIES } from "./families";
import { loadContent, type ContentSet, type Lesson, type Question } from "./loader";

export interface Catalog {
  lessons: Lesson[];
  questions: Question[];
  families: Array<(typeof FAMILIES)[number] & { lessons: Lesson[] }>;
}

declare global {
  var quorumCatalog: Promise<Catalog> | undefined;
}
const globalForCatalog = globalThis;

function build(content: ContentSet): Catalog {
  const lessons = uniqueIds(content.lessons);
  return {
    lessons,
    questions: content.questions,
    families: FAMILIES.map((f) => ({ ...f, lessons: lessons.filter((l) => l.family === f.slug) })),
  };
}

function uniqueIds(lessons: Lesson[]): Lesson[] {
  const seen = new Set<string>();
  return lessons.filter((l) => (seen.has(l.id) ? false : (seen.add(l.id), true)));
}

export function getCatalog(): Promise<Catalog> {
  if (process.env.NODE_ENV === "development") return loadContent().then(build);
  globalForCatalog.quorumCatalog ??= loadContent().then(build);
  return globalForCatalog.quorumCatalog;
}

export async function getLesson(family: string, slug: string): Promise<Lesson | undefined> {
  return (await getCatalog()).lessons.find((l) => l.family === family && l.slug === slug);
}

/** The lessons before and after, across families, in teaching order. */
export function neighbours(catalog: Catalog, lesson: Lesson): { previous?: Lesson; next?: Lesson } {
  const i = catalog.lessons.indexOf(lesson);
  return { previous: catalog.lessons[i - 1], next: catalog.lessons[i + 1] };
}

