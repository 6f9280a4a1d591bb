"use client";
// Leeches the learner has set aside (suspended after eight lapses): each with the lesson section to
// re-read and a button that puts the card back in the queue. Keyboard: ordinary links and buttons.
import Link from "next/link";
import { useState, useTransition } from "react";
import { resumeLeechAction } from "@/app/review/actions";
import { QUEUE_CHANGED_EVENT, type SetAsideCard } from "@/lib/views/review";

export function SetAsideCards({ cards: all }: { cards: SetAsideCard[] }) {
  const [pending, startTransition] = useTransition();
  // Cards brought back leave the list here; the queue panel recounts on QUEUE_CHANGED_EVENT.
  const [resumed, setResumed] = useState<ReadonlySet<string>>(new Set());
  const [busyId, setBusyId] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: "error" | "done"; text: string } | null>(null);

  const cards = all.filter((c) => !resumed.has(c.cardId));
  if (cards.length === 0 && !message) return null;

  const resume = (card: SetAsideCard) => {
    setBusyId(card.cardId);
    startTransition(async () => {
      try {
        const result = await resumeLeechAction({ cardId: card.cardId });
        setMessage(result.ok ? { kind: "done", text: "Back in your queue: it comes up when it is due." } : { kind: "error", text: result.error });
        if (result.ok) {
          setResumed((ids) => new Set(ids).add(card.cardId));
          window.dispatchEvent(new Event(QUEUE_CHANGED_EVENT));
        }
      } catch {
        setMessage({ kind: "error", text: "Could not reach the server. Check your connection and try again." });
      } finally {
        setBusyId(null);
      }
    });
  };

  return (
    <section className="set-aside" aria-labelledby="set-aside-title">
      <h2 id="set-aside-title">Set-aside cards</h2>
      <p className="muted">
        Cards you forgot eight times are taken out of the queue: more drilling rarely helps, re-reading does. Re-read the section, then bring
        the card back.
      </p>
      <p className={message?.kind === "error" ? "set-aside-message error" : "set-aside-message"} role="status" aria-live="polite">
        {message?.text}
      </p>
      {cards.length > 0 ? (
        <ul className="set-aside-list">
          {cards.map((card) => (
            <li key={card.cardId} className="set-aside-item">
              <div className="set-aside-prompt prose" dangerouslySetInnerHTML={{ __html: card.promptHtml }} />
              <p className="set-aside-meta">
                <span className="muted">{card.lapses} lapses · </span>
                <Link href={card.lesson.href}>
                  Re-read: {card.lesson.title}
                  {card.lesson.section ? ` §${card.lesson.section}` : ""}
                </Link>
              </p>
              <button type="button" className="button secondary" onClick={() => resume(card)} disabled={pending}>
                {busyId === card.cardId ? "Bringing back…" : "Bring back"}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
