"use client";
/** What the screen shows when no card is: a countdown to a learning card, or why the queue is empty and how to add cards. */
import Link from "next/link";
import { useEffect, useState, type RefObject } from "react";
import type { QueueView } from "@/lib/views/review";
import { plural } from "@/lib/format";
import { countdownText, queueStatus, type Busy } from "./review-state";

/** Time left until a learning card comes back, counting down every second. */
function Countdown({ ms }: { ms: number }) {
  const [left, setLeft] = useState(ms);
  useEffect(() => {
    const start = performance.now();
    const timer = window.setInterval(() => setLeft(Math.max(0, ms - (performance.now() - start))), 1_000);
    return () => window.clearInterval(timer);
  }, [ms]);
  return <span className="review-countdown">{countdownText(left)}</span>;
}

export function EmptyQueue({
  queue,
  families,
  headingRef,
  busy,
  onAdd,
  onCheck,
}: {
  queue: QueueView;
  families: ReadonlyArray<{ slug: string; name: string }>;
  headingRef: RefObject<HTMLHeadingElement | null>;
  busy: Busy | null;
  onAdd: (scope: { family: string } | { all: true }, name: string) => void;
  onCheck: () => void;
}) {
  const status = queueStatus(queue);
  if (status === "waiting" && queue.nextLearning) {
    return (
      <section className="card review-empty" aria-labelledby="review-empty-heading">
        <h2 id="review-empty-heading" ref={headingRef} tabIndex={-1}>
          Next card in <Countdown key={queue.nextLearning.iso} ms={queue.nextLearning.inMs} />
        </h2>
        <p>
          A card you just missed comes back after its learning step, while it is still fresh: answering it again now
          is what makes it stick. It appears here by itself.
        </p>
        <p className="review-next-due">
          <button type="button" className="link-button" onClick={onCheck} disabled={busy !== null}>
            Check now
          </button>
        </p>
      </section>
    );
  }
  return (
    <section className="card review-empty" aria-labelledby="review-empty-heading">
      <h2 id="review-empty-heading" ref={headingRef} tabIndex={-1}>
        {status === "empty" ? "Your review queue is empty" : status === "limit" ? "That's today's limit" : "All caught up"}
      </h2>
      {status === "empty" ? (
        <p>Cards come from lessons: each question becomes a card that returns just before you would forget it.</p>
      ) : status === "limit" ? (
        <p>
          You have done {plural(queue.doneToday, "card")} today.{" "}
          {queue.waiting.new > 0 ? `${plural(queue.waiting.new, "new card")} wait for tomorrow (${queue.limits.newPerDay} a day). ` : ""}
          {queue.waiting.reviews > 0 ? `${plural(queue.waiting.reviews, "review")} wait for tomorrow (${queue.limits.reviewsPerDay} a day).` : ""}
        </p>
      ) : (
        <p>Nothing is due right now.</p>
      )}
      {queue.nextDue ? (
        <p className="review-next-due">
          Next card due <time dateTime={queue.nextDue.iso}>{queue.nextDue.words}</time>.{" "}
          <button type="button" className="link-button" onClick={onCheck} disabled={busy !== null}>
            Check again
          </button>
        </p>
      ) : null}

      <div className="review-add">
        <h3>Add cards</h3>
        <p className="muted">Adding a lesson again only adds its questions you don&apos;t have yet.</p>
        <div className="review-add-buttons">
          <Link className="button" href="/learn">
            Add a lesson
          </Link>
          <button type="button" className="button secondary" onClick={() => onAdd({ all: true }, "every lesson")} disabled={busy !== null}>
            Add everything
          </button>
        </div>
        <ul className="review-add-families" aria-label="Add a whole family">
          {families.map((f) => (
            <li key={f.slug}>
              <button type="button" className="button secondary" onClick={() => onAdd({ family: f.slug }, f.name)} disabled={busy !== null}>
                Add {f.name}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
