import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { FAMILIES, familyName } from "@/lib/content/families";
import { CARDS_PER_PAGE, browseCards, filterQuery, lessonsWithCards, parseCardFilters, type CardListRow } from "@/lib/practice/cards";
import { count, percent, plural, relative } from "@/lib/format";
import { CardStateChip, InlineText } from "./card-state";
import "./cards.css";

export const metadata: Metadata = { title: "Your cards", description: "Every card in your review queue: filter, look into one, suspend, reset or export to Anki." };

type Params = Record<string, string | string[] | undefined>;

function dueText(card: CardListRow, now: Date): string {
  if (card.suspended) return "suspended";
  if (card.due.getTime() <= now.getTime()) return card.state === "NEW" ? "new, ready" : "due now";
  return `due ${relative(card.due, now)}`;
}

type Choice = readonly [value: string, label: string];

const STATE_OPTIONS: Choice[] = [
  ["", "Any state"],
  ["new", "New"],
  ["learning", "Learning"],
  ["review", "Review"],
  ["relearning", "Relearning"],
  ["suspended", "Suspended"],
  ["leech", "Leech"],
];
const DUE_OPTIONS: Choice[] = [
  ["", "Any time"],
  ["now", "Now"],
  ["today", "By the end of today"],
  ["week", "Within 7 days"],
  ["later", "Later than 7 days"],
];
const SORT_OPTIONS: Choice[] = [
  ["due", "Due first"],
  ["lapses", "Most lapses first"],
  ["reviewed", "Reviewed most recently"],
  ["added", "Added most recently"],
];

function FilterSelect({ id, name, label, value, options }: { id: string; name: string; label: string; value: string | undefined; options: readonly Choice[] }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ""}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

export default async function CardsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  const { filters, problems } = parseCardFilters(params);
  const user = await requireUser(`/cards${filterQuery(filters, filters.page)}`);
  const db = await getDb();
  const now = new Date();
  const [{ cards, total, page, pages }, lessons] = await Promise.all([browseCards(db, user.id, filters, now), lessonsWithCards(db, user.id)]);
  const filtered = Boolean(filters.family || filters.lesson || filters.state || filters.due || filters.lapses);
  const first = (page - 1) * CARDS_PER_PAGE + 1;
  const lessonTitle = filters.lesson ? lessons.find((l) => l.id === filters.lesson)?.title : undefined;

  return (
    <div className="container page cards-page">
      <header className="cards-header">
        <div>
          <h1>Your cards</h1>
          <p className="muted">
            Every question in your review queue, with when it comes back and how well you know it. Open a card to see its history,
            or to suspend, reset or forget it.
          </p>
        </div>
        <div className="cards-export">
          <a className="button secondary" href="/cards/export.apkg" download>
            Download for Anki (.apkg)
          </a>
          {filters.lesson && lessonTitle ? (
            <a className="cards-export-lesson" href={`/cards/export.apkg?lesson=${encodeURIComponent(filters.lesson)}`} download>
              Only “{lessonTitle}” (all its questions)
            </a>
          ) : null}
        </div>
      </header>

      <form className="cards-filters" method="get" action="/cards" aria-label="Filter your cards">
        <FilterSelect id="f-family" name="family" label="Family" value={filters.family} options={[["", "All families"], ...FAMILIES.map((f) => [f.slug, f.name] as const)]} />
        <FilterSelect id="f-lesson" name="lesson" label="Lesson" value={filters.lesson} options={[["", "All lessons"], ...lessons.map((l) => [l.id, l.title] as const)]} />
        <FilterSelect id="f-state" name="state" label="State" value={filters.state} options={STATE_OPTIONS} />
        <FilterSelect id="f-due" name="due" label="Due" value={filters.due} options={DUE_OPTIONS} />
        <div className="field">
          <label htmlFor="f-lapses">Lapses at least</label>
          <input id="f-lapses" name="lapses" type="number" min={1} max={1000} inputMode="numeric" defaultValue={filters.lapses ?? ""} />
        </div>
        <FilterSelect id="f-sort" name="sort" label="Order" value={filters.sort} options={SORT_OPTIONS} />
        <div className="cards-filter-actions">
          <button className="button" type="submit">
            Show cards
          </button>
          {filtered || filters.sort !== "due" ? <Link href="/cards">Clear filters</Link> : null}
        </div>
      </form>
      {problems.length > 0 ? (
        <p className="muted" role="status">
          Ignored a filter this page does not understand ({problems.join(", ")}).
        </p>
      ) : null}

      <p className="cards-count" role="status">
        {total === 0
          ? filtered
            ? "No card matches these filters."
            : "No cards yet."
          : total <= CARDS_PER_PAGE
            ? `${plural(total, "card")}${filtered ? (total === 1 ? " matches" : " match") : ""}.`
            : `${count(first)}–${count(first + cards.length - 1)} of ${plural(total, "card")}.`}
      </p>
      {total === 0 && !filtered ? (
        <p>
          Add a lesson&apos;s questions from its page (<Link href="/learn">lessons</Link>) or whole families from the{" "}
          <Link href="/review">review screen</Link>.
        </p>
      ) : null}

      {cards.length > 0 ? (
        <ol className="card-list">
          {cards.map((c) => (
            <li key={c.cardId} className="card-row">
              <Link href={`/cards/${c.cardId}`} className="card-row-prompt">
                <InlineText text={c.prompt} />
              </Link>
              <div className="card-row-meta">
                <CardStateChip state={c.state} suspended={c.suspended} leech={c.leech} />
                <span>{dueText(c, now)}</span>
                <span>{plural(c.lapses, "lapse")}</span>
                {c.recall !== null ? <span>recall {percent(c.recall)}</span> : null}
                <span className="muted">
                  {familyName(c.family)} · {c.lesson.title}
                </span>
              </div>
            </li>
          ))}
        </ol>
      ) : null}

      {pages > 1 ? (
        <nav className="cards-pages" aria-label="Pages of cards">
          {page > 1 ? <Link href={`/cards${filterQuery(filters, page - 1)}`} rel="prev">Previous</Link> : <span />}
          <span className="muted">
            Page {page} of {pages}
          </span>
          {page < pages ? <Link href={`/cards${filterQuery(filters, page + 1)}`} rel="next">Next</Link> : <span />}
        </nav>
      ) : null}
    </div>
  );
}
