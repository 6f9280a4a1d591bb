// Site search over lessons, their sections and questions (decision 005: a small hand-rolled
// inverted index rather than a library). Built on the server from the loaded content, shipped as
// JSON from /api/search (static), queried in the browser. This module is pure: no fs, no React.
import { FAMILIES } from "./families";

export type SearchKind = "lesson" | "section" | "question";

export interface SearchDoc {
  kind: SearchKind;
  family: string;
  /** What the result shows: a lesson title, a heading, or a question's first line. */
  title: string;
  /** The lesson it belongs to (for sections and questions). */
  lessonTitle: string;
  href: string;
}

export interface SearchIndex {
  version: 1;
  docs: SearchDoc[];
  /** term → flat [docIndex, weight, docIndex, weight, ...], docIndex ascending. */
  terms: Record<string, number[]>;
}

export interface SearchResult extends SearchDoc {
  score: number;
}

// Words that carry no meaning in a query about this material.
const STOPWORDS = new Set(
  "a an and are as at be but by can do does for from has have how i if in into is it its of on or so that the their them then there these this to was what when where which while who why will with you your".split(" "),
);

export function tokenize(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 1 && !STOPWORDS.has(t));
}

export interface IndexableLesson {
  id: string;
  family: string;
  slug: string;
  title: string;
  summary: string;
  tags?: string[];
  sections: Array<{ slug: string; heading: string; text: string }>;
}

export interface IndexableQuestion {
  lessonId: string;
  section: string;
  prompt: string;
  tags: string[];
}

const WEIGHT = { title: 12, heading: 8, tag: 5, summary: 3, body: 1 } as const;

export function buildSearchIndex(lessons: IndexableLesson[], questions: IndexableQuestion[]): SearchIndex {
  const docs: SearchDoc[] = [];
  const postings = new Map<string, Map<number, number>>();
  const add = (doc: number, text: string, weight: number) => {
    for (const term of tokenize(text)) {
      let byDoc = postings.get(term);
      if (!byDoc) postings.set(term, (byDoc = new Map()));
      // Repeated body words add up slowly; a title or heading word counts fully once.
      byDoc.set(doc, Math.min((byDoc.get(doc) ?? 0) + weight, weight * 3));
    }
  };

  for (const lesson of lessons) {
    const href = `/learn/${lesson.family}/${lesson.slug}`;
    const lessonDoc = docs.push({ kind: "lesson", family: lesson.family, title: lesson.title, lessonTitle: lesson.title, href }) - 1;
    add(lessonDoc, lesson.title, WEIGHT.title);
    add(lessonDoc, lesson.summary, WEIGHT.summary);
    for (const section of lesson.sections) {
      if (!section.slug) {
        add(lessonDoc, section.text, WEIGHT.body);
        continue;
      }
      const doc = docs.push({ kind: "section", family: lesson.family, title: section.heading, lessonTitle: lesson.title, href: `${href}#${section.slug}` }) - 1;
      add(doc, section.heading, WEIGHT.heading);
      add(doc, section.text, WEIGHT.body);
    }
    for (const q of questions.filter((q) => q.lessonId === lesson.id)) {
      const firstLine = q.prompt.split(/\n/).find((l) => l.trim())?.trim() ?? "";
      const title = firstLine.length > 110 ? `${firstLine.slice(0, 107)}...` : firstLine;
      const doc = docs.push({ kind: "question", family: lesson.family, title: title.replace(/[*_`]/g, ""), lessonTitle: lesson.title, href: `${href}#${q.section}` }) - 1;
      add(doc, q.prompt, WEIGHT.body * 2);
      for (const tag of q.tags) add(doc, tag.replace(/-/g, " "), WEIGHT.tag);
    }
  }

  const terms: Record<string, number[]> = {};
  for (const term of [...postings.keys()].sort()) {
    terms[term] = [...postings.get(term)!.entries()].sort(([a], [b]) => a - b).flat();
  }
  return { version: 1, docs, terms };
}

/** Sorted term list for prefix lookups, computed once per index. */
const sortedTerms = new WeakMap<SearchIndex, string[]>();

function matchingTerms(index: SearchIndex, token: string, prefix: boolean): string[] {
  if (!prefix) return index.terms[token] ? [token] : [];
  let list = sortedTerms.get(index);
  if (!list) sortedTerms.set(index, (list = Object.keys(index.terms).sort()));
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < token) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < list.length && list[i].startsWith(token); i++) out.push(list[i]);
  return out;
}

/** Every query word must match (the last one as a prefix, so results follow typing). */
export function search(index: SearchIndex, query: string, limit = 20): SearchResult[] {
  const tokens = tokenize(query);
  if (tokens.length === 0) return [];
  let scores: Map<number, number> | null = null;
  tokens.forEach((token, i) => {
    const isLast = i === tokens.length - 1;
    const found = new Map<number, number>();
    // Earlier words also match as prefixes of longer words ("replica" finds "replicas"), at a discount.
    for (const term of matchingTerms(index, token, true)) {
      if (!isLast && term !== token && term.length > token.length + 3) continue;
      const factor = term === token ? 1 : 0.7;
      const list = index.terms[term];
      for (let j = 0; j < list.length; j += 2) found.set(list[j], Math.max(found.get(list[j]) ?? 0, list[j + 1] * factor));
    }
    if (scores === null) scores = found;
    else {
      const next = new Map<number, number>();
      for (const [doc, s] of scores) if (found.has(doc)) next.set(doc, s + found.get(doc)!);
      scores = next;
    }
  });
  const kindBonus: Record<SearchKind, number> = { lesson: 1.2, section: 1, question: 0.8 };
  return [...(scores ?? new Map<number, number>()).entries()]
    .map(([doc, score]) => ({ ...index.docs[doc], score: score * kindBonus[index.docs[doc].kind] }))
    .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title))
    .slice(0, limit);
}

/** Results grouped by family, families in teaching order, best result first within each. */
export function groupByFamily(results: SearchResult[]): Array<{ family: string; name: string; results: SearchResult[] }> {
  return FAMILIES.map((f) => ({ family: f.slug as string, name: f.name as string, results: results.filter((r) => r.family === f.slug) })).filter(
    (g) => g.results.length > 0,
  );
}
