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

/**
 * Where a term occurs in a document, best first: its title (a lesson's title, a section's
 * heading), then other text. A lesson's title outranks a section's heading, which outranks any
 * body text (summary, section text, question prompt, tags).
 */
export const TIER = { title: 3, heading: 2, body: 1 } as const;
export type Tier = (typeof TIER)[keyof typeof TIER];

/** Bumped when the index's shape changes; the browser asks for this version, so a cached older index is never read. */
export const SEARCH_INDEX_VERSION = 2;

export interface SearchIndex {
  version: typeof SEARCH_INDEX_VERSION;
  docs: SearchDoc[];
  /**
   * term → flat [docIndex, packed, docIndex, packed, ...], docIndex ascending; packed = weight × 4 + tier
   * (weights are whole numbers), which keeps the index as small as pairs.
   */
  terms: Record<string, number[]>;
}

export interface SearchResult extends SearchDoc {
  /** The weakest tier any query word matched in: 3 every word is in the title, 2 in the heading, 1 somewhere in the text. */
  tier: Tier;
  /** Within a tier: how much of the title the query covers (0..1; prefix matches count 0.7). */
  coverage: number;
  /** Within a tier and coverage: summed field weights of the matching words. */
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

const WEIGHT = { title: 12, heading: 8, tag: 5, summary: 3, prompt: 2, body: 1 } as const;

export function buildSearchIndex(lessons: IndexableLesson[], questions: IndexableQuestion[]): SearchIndex {
  const docs: SearchDoc[] = [];
  // term → doc → { best tier, weight per field }: each field's repeats add up to 3× its weight.
  const postings = new Map<string, Map<number, { tier: Tier; fields: Map<string, number> }>>();
  const add = (doc: number, text: string, field: keyof typeof WEIGHT, tier: Tier) => {
    const weight = WEIGHT[field];
    for (const term of tokenize(text)) {
      let byDoc = postings.get(term);
      if (!byDoc) postings.set(term, (byDoc = new Map()));
      let entry = byDoc.get(doc);
      if (!entry) byDoc.set(doc, (entry = { tier, fields: new Map() }));
      if (tier > entry.tier) entry.tier = tier;
      // Repeated body words add up slowly; a title or heading word counts fully once.
      entry.fields.set(field, Math.min((entry.fields.get(field) ?? 0) + weight, weight * 3));
    }
  };

  for (const lesson of lessons) {
    const href = `/learn/${lesson.family}/${lesson.slug}`;
    const lessonDoc = docs.push({ kind: "lesson", family: lesson.family, title: lesson.title, lessonTitle: lesson.title, href }) - 1;
    add(lessonDoc, lesson.title, "title", TIER.title);
    add(lessonDoc, lesson.summary, "summary", TIER.body);
    for (const section of lesson.sections) {
      if (!section.slug) {
        add(lessonDoc, section.text, "body", TIER.body);
        continue;
      }
      const doc = docs.push({ kind: "section", family: lesson.family, title: section.heading, lessonTitle: lesson.title, href: `${href}#${section.slug}` }) - 1;
      add(doc, section.heading, "heading", TIER.heading);
      add(doc, section.text, "body", TIER.body);
    }
    for (const q of questions.filter((q) => q.lessonId === lesson.id)) {
      const firstLine = q.prompt.split(/\n/).find((l) => l.trim())?.trim() ?? "";
      const title = firstLine.length > 110 ? `${firstLine.slice(0, 107)}...` : firstLine;
      const doc = docs.push({ kind: "question", family: lesson.family, title: title.replace(/[*_`]/g, ""), lessonTitle: lesson.title, href: `${href}#${q.section}` }) - 1;
      add(doc, q.prompt, "prompt", TIER.body);
      for (const tag of q.tags) add(doc, tag.replace(/-/g, " "), "tag", TIER.body);
    }
  }

  const terms: Record<string, number[]> = {};
  for (const term of [...postings.keys()].sort()) {
    terms[term] = [...postings.get(term)!.entries()]
      .sort(([a], [b]) => a - b)
      .flatMap(([doc, { tier, fields }]) => [doc, [...fields.values()].reduce((sum, w) => sum + w, 0) * 4 + tier]);
  }
  return { version: SEARCH_INDEX_VERSION, docs, terms };
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

/** How well a term found in the index matches a query word: 1 exact, 0.7 as a prefix. */
function matchFactor(term: string, token: string): number {
  return term === token ? 1 : 0.7;
}

/**
 * Every query word must match (the last one as a prefix, so results follow typing). Ranked by
 * where the words matched: results whose title holds every word first (lessons, then sections by
 * heading), then those that match in their text; within a tier by how much of the title the query
 * covers ("Raft: leader election…" before "Raft in production: log compaction, snapshots…"), then
 * by weight, then alphabetically.
 */
export function search(index: SearchIndex, query: string, limit = 20): SearchResult[] {
  const tokens = tokenize(query);
  if (tokens.length === 0) return [];
  // doc → { tier: weakest tier over the words so far, score }
  let matches: Map<number, { tier: Tier; score: number }> | null = null;
  tokens.forEach((token, i) => {
    const isLast = i === tokens.length - 1;
    const found = new Map<number, { tier: Tier; score: number }>();
    // Earlier words also match as prefixes of longer words ("replica" finds "replicas"), at a discount.
    for (const term of matchingTerms(index, token, true)) {
      if (!isLast && term !== token && term.length > token.length + 3) continue;
      const factor = matchFactor(term, token);
      const list = index.terms[term];
      for (let j = 0; j < list.length; j += 2) {
        const doc = list[j];
        const tier = (list[j + 1] % 4) as Tier;
        const score = Math.floor(list[j + 1] / 4) * factor;
        const prev = found.get(doc);
        if (!prev) found.set(doc, { tier, score });
        else found.set(doc, { tier: Math.max(prev.tier, tier) as Tier, score: Math.max(prev.score, score) });
      }
    }
    if (matches === null) matches = found;
    else {
      const next = new Map<number, { tier: Tier; score: number }>();
      for (const [doc, m] of matches) {
        const f = found.get(doc);
        if (f) next.set(doc, { tier: Math.min(m.tier, f.tier) as Tier, score: m.score + f.score });
      }
      matches = next;
    }
  });
  const kindBonus: Record<SearchKind, number> = { lesson: 1.2, section: 1, question: 0.8 };
  // Rank plain numbers; build result objects only for the ones returned.
  const ranked = [...(matches ?? new Map<number, { tier: Tier; score: number }>()).entries()].map(([doc, m]) => ({
    doc,
    tier: m.tier,
    coverage: m.tier > TIER.body ? coverage(titleWords(index, doc), tokens) : 0,
    score: m.score * kindBonus[index.docs[doc].kind],
  }));
  ranked.sort((a, b) => b.tier - a.tier || b.coverage - a.coverage || b.score - a.score || index.docs[a.doc].title.localeCompare(index.docs[b.doc].title));
  return ranked.slice(0, limit).map(({ doc, tier, coverage, score }) => ({ ...index.docs[doc], tier, coverage, score }));
}

/** Each document's title words, tokenized once per index (searching runs on every keystroke). */
const titleTokens = new WeakMap<SearchIndex, Array<string[] | undefined>>();

function titleWords(index: SearchIndex, doc: number): string[] {
  let cache = titleTokens.get(index);
  if (!cache) titleTokens.set(index, (cache = []));
  return (cache[doc] ??= tokenize(index.docs[doc].title));
}

/** The share of a title's words the query matches (exact 1, prefix 0.7): a short title that is mostly the query ranks first. */
export function titleCoverage(title: string, tokens: readonly string[]): number {
  return coverage(tokenize(title), tokens);
}

function coverage(words: readonly string[], tokens: readonly string[]): number {
  if (words.length === 0) return 0;
  let covered = 0;
  for (const word of words) {
    let best = 0;
    for (const token of tokens) if (word.startsWith(token)) best = Math.max(best, matchFactor(word, token));
    covered += best;
  }
  return covered / words.length;
}

/**
 * Results grouped by family for display, each group where its best result ranks (so the best
 * match is always the first result shown), best result first within each.
 */
export function groupByFamily(results: SearchResult[]): Array<{ family: string; name: string; results: SearchResult[] }> {
  const order = [...new Set(results.map((r) => r.family))];
  return order.map((slug) => ({ family: slug, name: FAMILIES.find((f) => f.slug === slug)?.name ?? slug, results: results.filter((r) => r.family === slug) }));
}
