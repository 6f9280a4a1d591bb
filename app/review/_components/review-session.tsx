"use client";
// The review screen: one card at a time. Answer, reveal (checked on the server, nothing written),
// rate (recorded once per submission id, so retries and double clicks are safe), undo.
// Keys: Space reveals, 1–4 rate (before the reveal, number keys pick options), E toggles the
// explanation, U or Ctrl+Z undoes. Keys typed into text fields stay text.
import Link from "next/link";
import { useEffect, useEffectEvent, useRef, useState, type FormEvent, type KeyboardEvent as ReactKeyboardEvent } from "react";
import { AnswerInput, InlineMarkdown, answerWithOption, initialAnswer, isTextEntry, optionNumberForKey, submittedAnswer, type AnswerValue } from "@/components/practice/answer-input";
import { QuestionPrompt, RenderedMarkdown } from "@/components/practice/question-prompt";
import { addToQueueAction, loadQueueAction, rateAction, revealAction, undoAction } from "@/app/review/actions";
import type { RatingValue } from "@/lib/practice/scheduler";
import { DueForecast } from "@/components/review/due-forecast";
import { QueueSummary } from "@/components/review/queue-summary";
import { QUEUE_CHANGED_EVENT, type LessonLink, type QueueView, type RevealView, type ReviewCardView } from "@/components/review/types";
import { plural } from "@/lib/format";

type Busy = null | "reveal" | "rate" | "undo" | "load" | "add";
type Retry = { kind: "reveal" } | { kind: "rate"; rating: RatingValue } | { kind: "undo" } | { kind: "load" };
interface Failure {
  message: string;
  retry?: Retry;
}

const OFFLINE = "Quorum could not be reached. Check your connection and try again.";

/** Space already does something on these: let it. */
function spaceIsTaken(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest("button, a, summary, select, [role='button']")) return true;
  return target instanceof HTMLInputElement && (target.type === "checkbox" || (target.type === "radio" && !target.checked));
}

/** Free text is not auto-graded: the rubric points the learner ticked suggest a rating. */
function rubricSuggestion(checked: boolean[], points: number): RatingValue | null {
  const n = checked.filter(Boolean).length;
  if (n === 0 || points === 0) return null;
  if (n >= points) return 3;
  return n * 2 >= points ? 2 : 1;
}

export function ReviewSession({
  initialCard,
  initialQueue,
  families,
}: {
  initialCard: ReviewCardView | null;
  initialQueue: QueueView;
  families: ReadonlyArray<{ slug: string; name: string }>;
}) {
  const [card, setCard] = useState(initialCard);
  const [queue, setQueue] = useState(initialQueue);
  const [answer, setAnswer] = useState<AnswerValue>(() => (initialCard ? initialAnswer(initialCard.question) : ""));
  const [reveal, setReveal] = useState<RevealView | null>(null);
  const [explanationOpen, setExplanationOpen] = useState(true);
  const [rubricChecked, setRubricChecked] = useState<boolean[]>([]);
  const [busy, setBusy] = useState<Busy>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [leech, setLeech] = useState<LessonLink | null>(null);
  const [canUndo, setCanUndo] = useState(false);

  // A second click (or key press) before React re-renders must not start a second request.
  const inFlight = useRef(false);
  const shownAt = useRef(0);
  const answerMs = useRef(0);
  const cardHeading = useRef<HTMLHeadingElement>(null);
  const verdict = useRef<HTMLHeadingElement>(null);
  const emptyHeading = useRef<HTMLHeadingElement>(null);
  const moveFocus = useRef(false);

  const cardKey = card ? `${card.cardId}:${card.version}` : null;
  useEffect(() => {
    shownAt.current = Date.now();
    if (!moveFocus.current) return;
    moveFocus.current = false;
    (cardKey ? cardHeading : emptyHeading).current?.focus();
  }, [cardKey]);

  useEffect(() => {
    if (reveal) verdict.current?.focus();
  }, [reveal]);

  function showCard(next: ReviewCardView | null) {
    moveFocus.current = true;
    setCard(next);
    setAnswer(next ? initialAnswer(next.question) : "");
    setReveal(null);
    setRubricChecked([]);
  }

  async function run(kind: Exclude<Busy, null>, work: () => Promise<void>, retry?: Retry) {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(kind);
    setFailure(null);
    try {
      await work();
    } catch {
      setFailure({ message: OFFLINE, retry });
    } finally {
      inFlight.current = false;
      setBusy(null);
    }
  }

  function showAnswer() {
    if (!card || reveal) return;
    const durationMs = Math.max(0, Math.round(Date.now() - shownAt.current));
    void run(
      "reveal",
      async () => {
        const result = await revealAction({ cardId: card.cardId, version: card.version, answer: submittedAnswer(card.question, answer), durationMs });
        if (!result.ok) return setFailure({ message: result.error });
        answerMs.current = durationMs;
        setNotice(null);
        setReveal(result.reveal);
        setExplanationOpen(result.reveal.correct !== true);
      },
      { kind: "reveal" },
    );
  }

  function rate(rating: RatingValue) {
    if (!card || !reveal) return;
    const lesson = reveal.lesson;
    void run(
      "rate",
      async () => {
        const result = await rateAction({
          cardId: card.cardId,
          rating,
          answer: submittedAnswer(card.question, answer),
          durationMs: answerMs.current,
          version: card.version,
        });
        if (!result.ok) return setFailure({ message: result.error });
        setLeech(result.leech ? lesson : null);
        setNotice(result.notice);
        setCanUndo(true);
        setQueue(result.queue);
        showCard(result.card);
      },
      { kind: "rate", rating },
    );
  }

  function undo() {
    void run(
      "undo",
      async () => {
        const result = await undoAction();
        setCanUndo(false);
        if (!result.ok) return setNotice(result.error);
        setLeech(null);
        setNotice("Last rating undone. Here is that card again.");
        setQueue(result.queue);
        showCard(result.card);
      },
      { kind: "undo" },
    );
  }

  function reload() {
    void run(
      "load",
      async () => {
        const result = await loadQueueAction();
        if (!result.ok) return setFailure({ message: result.error });
        setQueue(result.queue);
        if (!card) showCard(result.card);
      },
      { kind: "load" },
    );
  }

  function addCards(scope: { family: string } | { all: true }, name: string) {
    void run("add", async () => {
      const result = await addToQueueAction(scope);
      if (!result.ok) return setFailure({ message: result.error });
      setNotice(
        result.added > 0
          ? `Added ${plural(result.added, "card")} from ${name}.`
          : `Every question from ${name} is already in your queue.`,
      );
      setQueue(result.queue);
      if (!card) showCard(result.card);
    });
  }

  function retry(r: Retry) {
    if (r.kind === "reveal") showAnswer();
    else if (r.kind === "rate") rate(r.rating);
    else if (r.kind === "undo") undo();
    else reload();
  }

  // Another part of the page changed the queue (a set-aside card brought back): recount, and show
  // a card if none is on screen; a card being answered is left alone.
  const onQueueChanged = useEffectEvent(() => reload());
  useEffect(() => {
    const listener = () => onQueueChanged();
    window.addEventListener(QUEUE_CHANGED_EVENT, listener);
    return () => window.removeEventListener(QUEUE_CHANGED_EVENT, listener);
  }, []);

  // A card still in its learning steps falls due within minutes: fetch it when it does. The wait
  // comes from the server's clock (inMs), not this computer's, which may be set differently.
  const learningDue = !card ? queue.nextLearning : null;
  const nextDueIso = !card ? queue.nextDue?.iso : undefined;
  const onNextDue = useEffectEvent(() => reload());
  useEffect(() => {
    if (!nextDueIso) return;
    const wait = (learningDue ? learningDue.inMs : Date.parse(nextDueIso) - Date.now()) + 500;
    if (wait > 2 * 3_600_000) return;
    const timer = window.setTimeout(onNextDue, Math.max(500, wait));
    return () => window.clearTimeout(timer);
    // learningDue is new with every queue the server sends.
  }, [nextDueIso, learningDue]);

  const onKeyDown = useEffectEvent((e: KeyboardEvent) => {
    if (e.defaultPrevented || e.repeat || isTextEntry(e.target)) return;
    const key = e.key.toLowerCase();
    if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && key === "z") {
      e.preventDefault();
      undo();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (key === "u") {
      e.preventDefault();
      undo();
    } else if (key === " " && card && !reveal && !spaceIsTaken(e.target)) {
      e.preventDefault();
      showAnswer();
    } else if (/^[1-4]$/.test(key) && card && reveal) {
      e.preventDefault();
      rate(Number(key) as RatingValue);
    } else if (card && !reveal && !busy && optionNumberForKey(card.question, key) > 0) {
      // Number keys choose by position, letter keys by the label shown (A, B, C…).
      const next = answerWithOption(card.question, answer, optionNumberForKey(card.question, key));
      if (next === null) return;
      e.preventDefault();
      setAnswer(next);
    } else if (key === "e" && reveal) {
      e.preventDefault();
      setExplanationOpen((open) => !open);
    }
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKeyDown(e);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    showAnswer();
  }
  function onFormKeyDown(e: ReactKeyboardEvent) {
    // In the free-text box Enter is a new line; Ctrl+Enter shows the answer.
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      showAnswer();
    }
  }

  const suggested = reveal ? (reveal.suggestedRating ?? rubricSuggestion(rubricChecked, reveal.rubric.length)) : null;
  const promptId = "review-prompt";

  return (
    <div className="review-layout">
      <div className="review-main">
        <div className="review-toolbar">
          <QueueSummary queue={queue} />
          <button type="button" className="button secondary review-undo" onClick={undo} disabled={!canUndo || busy !== null} aria-keyshortcuts="U Control+Z">
            Undo last rating <kbd aria-hidden="true">U</kbd>
          </button>
        </div>

        <div className="review-messages" aria-live="polite">
          {failure ? (
            <div className="form-error review-failure" role="alert">
              <span>{failure.message}</span>
              {failure.retry ? (
                <button type="button" className="button secondary" onClick={() => retry(failure.retry!)} disabled={busy !== null}>
                  Retry
                </button>
              ) : null}
            </div>
          ) : null}
          {leech ? (
            <div className="review-leech" role="status">
              <strong>That card keeps slipping, so it has been set aside.</strong> After eight lapses more drilling rarely helps; re-reading does.
              It waits under Set-aside cards below until you bring it back.{" "}
              <Link href={leech.href}>
                Re-read: {leech.title}
                {leech.section ? ` §${leech.section}` : ""}
              </Link>
            </div>
          ) : null}
          {notice ? <p className="notice review-notice">{notice}</p> : null}
        </div>

        {card ? (
          <article className="card review-card" aria-labelledby="review-card-heading" data-busy={busy ?? undefined}>
            <header className="review-card-header">
              <h2 id="review-card-heading" ref={cardHeading} tabIndex={-1}>
                <span className="review-card-kind" data-new={card.isNew || undefined}>
                  {card.isNew ? "New card" : "Review"}
                </span>
                <span className="review-card-family">{card.familyName}</span>
              </h2>
              <span className="review-card-meta">
                {card.question.mode === "scenario" ? "Scenario" : "Recall"} · {card.question.difficulty}
              </span>
            </header>

            <QuestionPrompt html={card.promptHtml} id={promptId} />

            <form className="review-answer" onSubmit={onSubmit} onKeyDown={onFormKeyDown}>
              <AnswerInput
                key={`${card.cardId}:${card.version}`}
                question={card.question}
                value={answer}
                onChange={setAnswer}
                disabled={busy !== null}
                reveal={reveal ? { correct: reveal.correct, correctAnswer: reveal.correctAnswer } : null}
                promptId={promptId}
              />
              {!reveal ? (
                <div className="review-actions">
                  <button type="submit" className="button" disabled={busy !== null} aria-keyshortcuts="Space">
                    {busy === "reveal" ? "Checking…" : "Show answer"} <kbd aria-hidden="true">Space</kbd>
                  </button>
                  <span className="muted review-hint">
                    {card.question.type === "free" ? "Write your answer, then compare it with the model answer." : "Answer first, or reveal if you don't know: that is worth knowing too."}
                  </span>
                </div>
              ) : null}
            </form>

            {reveal ? (
              <section className="review-result" aria-labelledby="review-verdict">
                <h3 id="review-verdict" ref={verdict} tabIndex={-1} className="review-verdict" data-state={reveal.correct === null ? "self" : reveal.correct ? "right" : "wrong"}>
                  {reveal.correct === null ? "Compare your answer with the model answer" : reveal.correct ? "✓ Correct" : "✗ Not quite"}
                </h3>

                {reveal.modelAnswerHtml ? (
                  <div className="review-model">
                    <h4>Model answer</h4>
                    <RenderedMarkdown html={reveal.modelAnswerHtml} />
                  </div>
                ) : null}
                {reveal.rubric.length > 0 ? (
                  <fieldset className="review-rubric">
                    <legend>Tick what your answer covered</legend>
                    {reveal.rubric.map((point, i) => (
                      <label key={point}>
                        <input
                          type="checkbox"
                          checked={rubricChecked[i] ?? false}
                          onChange={(e) => {
                            const ticked = e.target.checked;
                            setRubricChecked((checked) => {
                              const next = [...checked];
                              next[i] = ticked;
                              return next;
                            });
                          }}
                        />
                        <span>
                          <InlineMarkdown text={point} />
                        </span>
                      </label>
                    ))}
                  </fieldset>
                ) : null}

                {reveal.explanationHtml ? (
                  <div className="review-explanation">
                    <button type="button" className="review-disclosure" aria-expanded={explanationOpen} aria-controls="review-explanation" aria-keyshortcuts="E" onClick={() => setExplanationOpen((o) => !o)}>
                      <span aria-hidden="true" className="review-disclosure-icon">▸</span> Explanation <kbd aria-hidden="true">E</kbd>
                    </button>
                    <div id="review-explanation" hidden={!explanationOpen}>
                      <RenderedMarkdown html={reveal.explanationHtml} />
                    </div>
                  </div>
                ) : null}

                <p className="review-reread">
                  <Link href={reveal.lesson.href}>
                    Re-read: {reveal.lesson.title}
                    {reveal.lesson.section ? ` §${reveal.lesson.section}` : ""}
                  </Link>
                </p>

                <div className="rating-group" role="group" aria-labelledby="rating-label">
                  <p id="rating-label" className="rating-label">
                    How well did you know it?
                  </p>
                  <div className="rating-buttons">
                    {card.previews.map((p) => (
                      <button
                        key={p.rating}
                        type="button"
                        className="rating-button"
                        data-rating={p.rating}
                        data-suggested={suggested === p.rating || undefined}
                        aria-keyshortcuts={String(p.rating)}
                        disabled={busy !== null}
                        onClick={() => rate(p.rating)}
                      >
                        <span className="rating-name">
                          {p.label} <kbd aria-hidden="true">{p.rating}</kbd>
                        </span>
                        <span className="rating-interval">
                          <span className="visually-hidden">next in </span>
                          {p.interval}
                        </span>
                        <span className="rating-suggested">{suggested === p.rating ? "Suggested" : ""}</span>
                      </button>
                    ))}
                  </div>
                </div>
              </section>
            ) : null}
          </article>
        ) : (
          <EmptyQueue queue={queue} families={families} headingRef={emptyHeading} busy={busy} onAdd={addCards} onCheck={reload} />
        )}

        {card ? (
          <p className="review-keys muted">
            <kbd>Space</kbd> show answer · <kbd>1</kbd>–<kbd>4</kbd> rate · <kbd>E</kbd> explanation · <kbd>U</kbd> or <kbd>Ctrl</kbd>+<kbd>Z</kbd> undo
          </p>
        ) : null}
      </div>

      <aside className="review-aside" aria-label="Your queue">
        <DueForecast days={queue.forecast} />
      </aside>
    </div>
  );
}

/** "40 s", "3 min 5 s": time left until a learning card comes back, counting down every second. */
function Countdown({ ms }: { ms: number }) {
  const [left, setLeft] = useState(ms);
  useEffect(() => {
    const start = performance.now();
    const timer = window.setInterval(() => setLeft(Math.max(0, ms - (performance.now() - start))), 1_000);
    return () => window.clearInterval(timer);
  }, [ms]);
  const seconds = Math.ceil(left / 1000);
  const text = seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ""}`;
  return <span className="review-countdown">{text}</span>;
}

function EmptyQueue({
  queue,
  families,
  headingRef,
  busy,
  onAdd,
  onCheck,
}: {
  queue: QueueView;
  families: ReadonlyArray<{ slug: string; name: string }>;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  busy: Busy;
  onAdd: (scope: { family: string } | { all: true }, name: string) => void;
  onCheck: () => void;
}) {
  const held = queue.waiting.new + queue.waiting.reviews;
  if (queue.nextLearning) {
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
        {queue.total === 0 ? "Your review queue is empty" : held > 0 ? "That's today's limit" : "All caught up"}
      </h2>
      {queue.total === 0 ? (
        <p>Cards come from lessons: each question becomes a card that returns just before you would forget it.</p>
      ) : held > 0 ? (
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
