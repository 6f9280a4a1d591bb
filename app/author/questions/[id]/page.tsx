import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FlagBadges } from "@/components/author/flag-badges";
import { ShareBar } from "@/components/author/share-bar";
import { correlation, dateTime, duration, percent } from "@/lib/format";
import { FLAG_EXPLANATIONS, MIN_SAMPLE, popularDistractor, questionStatistics, sourceLocation, type ItemStats } from "@/lib/author/item-stats";
import { requireUser } from "@/lib/auth/session.server";
import { CONTENT_STATS } from "@/lib/permissions";
import { familyBySlug } from "@/lib/content/families";
import { renderMarkdown } from "@/lib/content/markdown.server";
import { getDb } from "@/lib/db/client.server";
import { questionData } from "@/lib/practice/grading";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  return { title: `Question ${id}` };
}

function Markdown({ source, className }: { source: string; className?: string }) {
  // Trusted content from content/ (raw HTML in it is escaped by renderMarkdown).
  return <div className={["author-prose", className].filter(Boolean).join(" ")} dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />;
}

export default async function QuestionStatisticsPage({ params }: Params) {
  const { id } = await params;
  // Question ids are kebab-case (lib/content/schema.ts); anything else cannot exist.
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) notFound();
  const user = await requireUser(`/author/questions/${encodeURIComponent(id)}`, "read", CONTENT_STATS); // app/author/forbidden.tsx, HTTP 403
  const found = await questionStatistics(await getDb(), user, id);
  if (!found) notFound();
  const { item, computedAt } = found;
  const family = familyBySlug(item.family);

  return (
    <div className="container page author-page author-question">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/author">Item statistics</Link>
        <span aria-hidden="true">/</span>
        <Link href={`/author?family=${item.family}`}>{family?.name ?? item.family}</Link>
      </nav>
      <header className="author-header">
        <h1 className="author-question-title">{item.questionId}</h1>
        <p className="author-meta">
          <span className="author-chip">{item.type}</span>
          <span className="author-chip">{item.difficulty}</span>
          <span className="author-chip">
            {item.mode} · {duration(item.timeLimitMs)}
          </span>
          <span className="author-chip">version {item.version}</span>
          {item.retiredAt ? <span className="author-chip author-chip-retired">retired {dateTime(item.retiredAt)}</span> : null}
        </p>
        <p className="author-source-line">
          Source <code>{sourceLocation(item)}</code> · lesson{" "}
          <Link href={`/learn/${item.family}/${item.lessonSlug}`}>{item.lessonTitle}</Link>
        </p>
        <p className="muted author-as-of">Figures as of {dateTime(computedAt)}.</p>
        {item.countedSince ? (
          <p className="muted author-since">Counting answers since the last edit, {dateTime(item.countedSince)}.</p>
        ) : null}
      </header>

      <section aria-labelledby="flags-title" className="author-section">
        <h2 id="flags-title">Flags</h2>
        <FlagVerdict item={item} />
      </section>

      <section aria-labelledby="figures-title" className="author-section">
        <h2 id="figures-title">Figures</h2>
        <dl className="author-figures">
          <Figure label="Attempts" value={String(item.attempts)} note={`${item.quizAnswers} in quizzes, ${item.reviewAnswers} in reviews; ${item.learners} learners`} />
          <Figure label="Facility" value={percent(item.facility)} note={`${item.correct} right of ${item.graded} graded`} />
          <Figure label="Discrimination" value={correlation(item.discrimination)} note={`${item.discriminationLearners} learners with other answers`} />
          <Figure label="Median time" value={duration(item.medianMs)} note={`limit ${duration(item.timeLimitMs)}; ${item.timed} timed`} />
          <Figure label="Again" value={percent(item.againShare)} note={`${item.again} of ${item.reviews} reviews`} />
          <Figure label="Late in quizzes" value={percent(item.lateShare)} note={`${item.late} of ${item.quizAnswers}, ${item.unanswered} timed out`} />
        </dl>
      </section>

      <section aria-labelledby="question-title" className="author-section">
        <h2 id="question-title">The question</h2>
        <div className="card author-question-card">
          <Markdown source={item.prompt} className="author-prompt-full" />
          <Answers item={item} />
          {typeof item.data.explanation === "string" ? (
            <div className="author-explanation">
              <h3>Explanation</h3>
              <Markdown source={item.data.explanation} />
            </div>
          ) : null}
        </div>
      </section>
    </div>
  );
}

function Figure({ label, value, note }: { label: string; value: string; note: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        <span className="author-figure-value">{value}</span>
        <span className="author-figure-note">{note}</span>
      </dd>
    </div>
  );
}

function FlagVerdict({ item }: { item: ItemStats }) {
  if (item.flags.length > 0) {
    const distractor = item.options ? popularDistractor(item.options) : null;
    return (
      <ul className="author-flag-list">
        {item.flags.map((f) => (
          <li key={f}>
            <FlagBadges flags={[f]} />
            <span>
              {FLAG_EXPLANATIONS[f]}
              {f === "ambiguous-distractor" && distractor ? ` Most chosen wrong option: ${distractor.id}.` : null}
            </span>
          </li>
        ))}
      </ul>
    );
  }
  // Each flag waits for its own sample; say which checks could not run yet.
  const pending = [
    item.type === "free" ? null : item.graded < MIN_SAMPLE ? `facility (${item.graded} of ${MIN_SAMPLE} graded attempts)` : null,
    item.type === "free" ? null : item.discriminationLearners < MIN_SAMPLE ? `discrimination (${item.discriminationLearners} of ${MIN_SAMPLE} learners)` : null,
    item.timed < MIN_SAMPLE ? `time (${item.timed} of ${MIN_SAMPLE} timed attempts)` : null,
  ].filter((p) => p !== null);
  return (
    <p className="muted">
      {pending.length === 0 ? "No flags: this question behaves as expected." : `No flags yet. Too few answers to judge ${pending.join(", ")}.`}
      {item.type === "free" ? " Free-text answers are not auto-graded, so facility and discrimination do not apply." : null}
    </p>
  );
}

function Answers({ item }: { item: ItemStats }) {
  const data = questionData({ id: item.questionId, type: item.type, data: item.data });
  if (item.options) {
    const distractor = popularDistractor(item.options);
    return (
      <div className="author-answers">
        <h3>
          Options <span className="muted">· share of {item.answeredChoices} answers{item.type === "multiple" ? " that ticked each" : ""}</span>
        </h3>
        {item.type === "simulation" && data.simulation ? (
          <p className="muted author-note">
            The key comes from running the {data.simulation.name} simulation (seed {data.simulation.seed}, query {data.simulation.query}).
          </p>
        ) : null}
        <ol className="author-options">
          {item.options.map((o) => (
            <li key={o.id} data-correct={o.correct || undefined} data-alarm={o.id === distractor?.id || undefined}>
              <span className="author-option-text">
                <Markdown source={o.text} />
                {o.correct ? <span className="author-key">Correct</span> : null}
              </span>
              <span className="author-option-share">
                <ShareBar share={o.share} tone={o.correct ? "correct" : o.id === distractor?.id ? "alarm" : "neutral"} />
                <span>
                  {percent(o.share)} <span className="muted">({o.chosen})</span>
                </span>
              </span>
            </li>
          ))}
        </ol>
      </div>
    );
  }
  if (item.type === "numeric") {
    return (
      <p className="author-answers">
        <strong>Answer:</strong> {String(data.answer)}
        {data.unit ? ` ${data.unit}` : ""} (± {data.tolerance ?? 0})
      </p>
    );
  }
  if (item.type === "ordering" && data.items && Array.isArray(data.answer)) {
    const byId = new Map(data.items.map((i) => [i.id, i]));
    return (
      <div className="author-answers">
        <h3>Correct order</h3>
        <ol className="author-ordering">
          {(data.answer as string[]).map((itemId) => (
            <li key={itemId}>
              <span className="author-option-id">{itemId}</span>
              <Markdown source={byId.get(itemId)?.text ?? ""} />
            </li>
          ))}
        </ol>
      </div>
    );
  }
  if (item.type === "free") {
    return (
      <div className="author-answers">
        <h3>Model answer</h3>
        {data.modelAnswer ? <Markdown source={data.modelAnswer} /> : null}
        <h3>Rubric</h3>
        <ul>
          {(data.rubric ?? []).map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      </div>
    );
  }
  return null;
}
