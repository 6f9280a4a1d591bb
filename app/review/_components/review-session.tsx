"use client";
// The review screen: one card at a time. Answer, reveal (checked on the server, nothing written),
// rate (recorded once per shown card version, so retries and double clicks are safe), undo.
// Keys: Space reveals, 1–4 rate (before the reveal, number keys pick options), E toggles the
// explanation, U or Ctrl+Z undoes. Keys typed into text fields stay text.
// The state machine is review-state.ts; this component calls the server actions, dispatches what
// they answer, and owns what a reducer cannot: the clock, timers, focus and key listeners.
import { useEffect, useEffectEvent, useReducer, useRef } from "react";
import { isTextEntry, submittedAnswer } from "@/components/practice/answer-input";
import { QuestionPrompt } from "@/components/practice/question-prompt";
import { addToQueueAction, loadQueueAction, rateAction, revealAction, undoAction } from "@/app/review/actions";
import type { RatingValue } from "@/lib/practice/scheduler";
import { DueForecast } from "@/components/review/due-forecast";
import { QueueSummary } from "@/components/review/queue-summary";
import { QUEUE_CHANGED_EVENT, type QueueView, type ReviewCardView } from "@/lib/views/review";
import { AnswerForm, AnswerReveal, CardHeader, PROMPT_ID, RatingButtons } from "./review-card";
import { EmptyQueue } from "./queue-status";
import { ReviewMessages } from "./review-messages";
import {
  OFFLINE,
  initialReviewState,
  keyCommand,
  nextCheckDelay,
  reviewReducer,
  shownCard,
  suggestedRating,
  type Busy,
  type KeyCommand,
  type Retry,
  type ReviewAction,
} from "./review-state";

/** Space already does something on these: let it. */
function spaceIsTaken(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest("button, a, summary, select, [role='button']")) return true;
  return target instanceof HTMLInputElement && (target.type === "checkbox" || (target.type === "radio" && !target.checked));
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
  const [state, dispatch] = useReducer(reviewReducer, null, () => initialReviewState(initialCard, initialQueue));
  const { screen, queue, busy } = state;
  const card = shownCard(state);
  const reveal = screen.kind === "revealed" ? screen.reveal : null;

  // A second click (or key press) before React re-renders must not start a second request.
  const inFlight = useRef(false);
  const shownAt = useRef(0);
  const cardHeading = useRef<HTMLHeadingElement>(null);
  const verdict = useRef<HTMLHeadingElement>(null);
  const emptyHeading = useRef<HTMLHeadingElement>(null);

  // A card shown after rating, undoing or loading (or the empty queue) takes the focus; the first
  // card of the page does not.
  const cardKey = card ? `${card.cardId}:${card.version}` : null;
  const focusedKey = useRef(cardKey);
  useEffect(() => {
    shownAt.current = Date.now();
    if (focusedKey.current === cardKey) return;
    focusedKey.current = cardKey;
    (cardKey ? cardHeading : emptyHeading).current?.focus();
  }, [cardKey]);

  useEffect(() => {
    if (reveal) verdict.current?.focus();
  }, [reveal]);

  /** Runs one request at a time and dispatches its outcome; a request that throws could not reach the server. */
  async function run(kind: Busy, work: () => Promise<ReviewAction>, retry?: Retry) {
    if (inFlight.current) return;
    inFlight.current = true;
    dispatch({ type: "started", busy: kind });
    let outcome: ReviewAction;
    try {
      outcome = await work();
    } catch {
      outcome = { type: "failed", message: OFFLINE, retry };
    } finally {
      inFlight.current = false;
    }
    dispatch(outcome);
  }

  function showAnswer() {
    if (screen.kind !== "prompt") return;
    const { card: shown, answer } = screen;
    const answerMs = Math.max(0, Math.round(Date.now() - shownAt.current));
    void run(
      "reveal",
      async () => {
        const result = await revealAction({ cardId: shown.cardId, version: shown.version, answer: submittedAnswer(shown.question, answer), durationMs: answerMs });
        return result.ok ? { type: "revealed", reveal: result.reveal, answerMs } : { type: "failed", message: result.error };
      },
      { kind: "reveal" },
    );
  }

  function rate(rating: RatingValue) {
    if (screen.kind !== "revealed") return;
    const { card: shown, answer, answerMs } = screen;
    void run(
      "rate",
      async () => {
        const result = await rateAction({ cardId: shown.cardId, rating, answer: submittedAnswer(shown.question, answer), durationMs: answerMs, version: shown.version });
        return result.ok
          ? { type: "rated", card: result.card, queue: result.queue, leech: result.leech, notice: result.notice }
          : { type: "failed", message: result.error };
      },
      { kind: "rate", rating },
    );
  }

  function undo() {
    void run(
      "undo",
      async () => {
        const result = await undoAction();
        return result.ok ? { type: "undone", card: result.card, queue: result.queue } : { type: "undo-refused", message: result.error };
      },
      { kind: "undo" },
    );
  }

  function reload() {
    void run(
      "load",
      async () => {
        const result = await loadQueueAction();
        return result.ok ? { type: "loaded", card: result.card, queue: result.queue } : { type: "failed", message: result.error };
      },
      { kind: "load" },
    );
  }

  function addCards(scope: { family: string } | { all: true }, name: string) {
    void run("add", async () => {
      const result = await addToQueueAction(scope);
      return result.ok ? { type: "added", added: result.added, from: name, card: result.card, queue: result.queue } : { type: "failed", message: result.error };
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

  // With no card on screen, fetch the next one when it falls due (a learning card within minutes).
  const learningDue = !card ? queue.nextLearning : null;
  const nextDueIso = !card ? (queue.nextDue?.iso ?? null) : null;
  const onNextDue = useEffectEvent(() => reload());
  useEffect(() => {
    const wait = nextCheckDelay(nextDueIso, learningDue?.inMs ?? null, Date.now());
    if (wait === null) return;
    const timer = window.setTimeout(onNextDue, wait);
    return () => window.clearTimeout(timer);
    // learningDue is new with every queue the server sends.
  }, [nextDueIso, learningDue]);

  function perform(command: KeyCommand) {
    if (command.type === "undo") undo();
    else if (command.type === "reveal") showAnswer();
    else if (command.type === "rate") rate(command.rating);
    else if (command.type === "answer") dispatch({ type: "answer-changed", answer: command.answer });
    else dispatch({ type: "explanation-toggled" });
  }

  const onKeyDown = useEffectEvent((e: KeyboardEvent) => {
    if (e.defaultPrevented || e.repeat || isTextEntry(e.target)) return;
    const command = keyCommand(state, { key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, shiftKey: e.shiftKey, spaceTaken: spaceIsTaken(e.target) });
    if (!command) return;
    e.preventDefault();
    perform(command);
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKeyDown(e);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);

  return (
    <div className="review-layout">
      <div className="review-main">
        <div className="review-toolbar">
          <QueueSummary queue={queue} />
          <button type="button" className="button secondary review-undo" onClick={undo} disabled={!state.canUndo || busy !== null} aria-keyshortcuts="U Control+Z">
            Undo last rating <kbd aria-hidden="true">U</kbd>
          </button>
        </div>

        <ReviewMessages failure={state.failure} leech={state.leech} notice={state.notice} busy={busy} onRetry={retry} />

        {screen.kind !== "none" ? (
          <article className="card review-card" aria-labelledby="review-card-heading" data-busy={busy ?? undefined}>
            <CardHeader card={screen.card} headingRef={cardHeading} />
            <QuestionPrompt html={screen.card.promptHtml} id={PROMPT_ID} />
            <AnswerForm
              card={screen.card}
              answer={screen.answer}
              reveal={reveal}
              busy={busy}
              onChange={(answer) => dispatch({ type: "answer-changed", answer })}
              onReveal={showAnswer}
            />
            {screen.kind === "revealed" ? (
              <AnswerReveal
                reveal={screen.reveal}
                verdictRef={verdict}
                rubricChecked={screen.rubricChecked}
                onTick={(index, checked) => dispatch({ type: "rubric-ticked", index, checked })}
                explanationOpen={screen.explanationOpen}
                onToggleExplanation={() => dispatch({ type: "explanation-toggled" })}
              >
                <RatingButtons previews={screen.card.previews} suggested={suggestedRating(screen)} busy={busy} onRate={rate} />
              </AnswerReveal>
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
