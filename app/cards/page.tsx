import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { FAMILIES } from "@/lib/content/families";
import { familyName } from "@/lib/content/catalog.server";
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
        <div className="field">
          <label htmlFor="f-family">Family</label>
          <select id="f-family" name="family" defaultValue={filters.family ?? ""}>
            <option value="">All families</option>
            {FAMILIES.map((f) => (
              <option key={f.slug} value={f.slug}>
                {f.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-lesson">Lesson</label>
          <select id="f-lesson" name="lesson" defaultValue={filters.lesson ?? ""}>
            <option value="">All lessons</option>
            {lessons.map((l) => (
              <option key={l.id} value={l.id}>
                {l.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-state">State</label>
          <select id="f-state" name="state" defaultValue={filters.state ?? ""}>
            <option value="">Any state</option>
            <option value="new">New</option>
            <option value="learning">Learning</option>
            <option value="review">Review</option>
            <option value="relearning">Relearning</option>
            <option value="suspended">Suspended</option>
            <option value="leech">Leech</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-due">Due</label>
          <select id="f-due" name="due" defaultValue={filters.due ?? ""}>
            <option value="">Any time</option>
            <option value="now">Now</option>
            <option value="today">By the end of today</option>
            <option value="week">Within 7 days</option>
            <option value="later">Later than 7 days</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-lapses">Lapses at least</label>
          <input id="f-lapses" name="lapses" type="number" min={1} max={1000} inputMode="numeric" defaultValue={filters.lapses ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="f-sort">Order</label>
          <select id="f-sort" name="sort" defaultValue={filters.sort}>
            <option value="due">Due first</option>
            <option value="lapses">Most lapses first</option>
            <option value="reviewed">Reviewed most recently</option>
            <option value="added">Added most recently</option>
          </select>
        </div>
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
