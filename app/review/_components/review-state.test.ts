/**
 * The review screen's state machine, without a browser: answering, revealing, rating (and a card
 * another tab rated first), failures and retries, undo, the learning-step countdown, the empty
 * queue and the keyboard shortcuts.
 */
import { servedQuestion } from "@/lib/practice/grading";
import { cardKey } from "@/lib/practice/presentation";
import type { QueueView, RevealView, ReviewCardView } from "@/lib/views/review";
import {
  OFFLINE,
  UNDONE,
  countdownText,
  initialReviewState,
  keyCommand,
  nextCheckDelay,
  queueStatus,
  reviewReducer,
  shownCard,
  suggestedRating,
  type KeyPress,
  type ReviewAction,
  type ReviewState,
} from "./review-state";

const options = [{ id: "a", text: "One" }, { id: "b", text: "Two" }, { id: "c", text: "Three" }];
const previews = ([1, 2, 3, 4] as const).map((rating) => ({ rating, label: ["Again", "Hard", "Good", "Easy"][rating - 1], interval: `${rating} d` }));

function card(id: string, type = "single", version = 0): ReviewCardView {
  const q = { id: `q-${id}`, type, prompt: "?", mode: "recall", difficulty: "easy", family: "replication", data: { options, answer: type === "multiple" ? ["a"] : "a" } };
  return { cardId: id, version, isNew: true, question: servedQuestion(q, cardKey(id, version)), promptHtml: `<p>${id}</p>`, familyName: "Replication", previews };
}

function queue(overrides: Partial<QueueView> = {}): QueueView {
  return {
    due: 0,
    newAvailable: 0,
    waiting: { reviews: 0, new: 0 },
    total: 3,
    doneToday: 0,
    limits: { newPerDay: 20, reviewsPerDay: 200 },
    nextDue: null,
    nextLearning: null,
    forecast: [],
    ...overrides,
  };
}

const lesson = { href: "/learn/replication/leader-follower-replication", title: "Leader–follower replication", section: "Failover" };
function revealView(overrides: Partial<RevealView> = {}): RevealView {
  return { correct: true, correctAnswer: "A", suggestedRating: 3, explanationHtml: "<p>Because.</p>", modelAnswerHtml: null, rubric: [], lesson, ...overrides };
}

const apply = (state: ReviewState, ...actions: ReviewAction[]) => actions.reduce(reviewReducer, state);
const key = (k: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, spaceTaken: false, ...mods });

const first = card("c1");
const second = card("c2");
const start = () => initialReviewState(first, queue({ due: 2 }));
/** The first card, answered with option A and revealed (as right) after 4 s. */
const revealed = (reveal = revealView()) => apply(start(), { type: "answer-changed", answer: "A" }, { type: "started", busy: "reveal" }, { type: "revealed", reveal, answerMs: 4_000 });

describe("review state machine", () => {
  it("opens on the server's card with nothing answered, or on the queue when there is none", () => {
    const s = start();
    expect(s.screen).toEqual({ kind: "prompt", card: first, answer: "" });
    expect(s.busy).toBeNull();
    expect(s.canUndo).toBe(false);
    const multiple = initialReviewState(card("m", "multiple"), queue());
    expect(multiple.screen.kind === "prompt" && multiple.screen.answer).toEqual([]);
    expect(initialReviewState(null, queue()).screen).toEqual({ kind: "none" });
  });

  it("reveals the checked answer: busy while checking, then the verdict, with the explanation open only when not right", () => {
    const checking = apply(start(), { type: "answer-changed", answer: "B" }, { type: "started", busy: "reveal" });
    expect(checking.busy).toBe("reveal");
    const right = reviewReducer(checking, { type: "revealed", reveal: revealView(), answerMs: 4_000 });
    expect(right.busy).toBeNull();
    expect(right.screen).toMatchObject({ kind: "revealed", card: first, answer: "B", answerMs: 4_000, explanationOpen: false, rubricChecked: [] });
    const wrong = reviewReducer(checking, { type: "revealed", reveal: revealView({ correct: false, suggestedRating: 1 }), answerMs: 4_000 });
    expect(wrong.screen.kind === "revealed" && wrong.screen.explanationOpen).toBe(true);
    const selfGraded = reviewReducer(checking, { type: "revealed", reveal: revealView({ correct: null, suggestedRating: null }), answerMs: 4_000 });
    expect(selfGraded.screen.kind === "revealed" && selfGraded.screen.explanationOpen).toBe(true);
    // The answer that was checked is the one rated: it no longer changes.
    expect(reviewReducer(right, { type: "answer-changed", answer: "C" }).screen).toMatchObject({ answer: "B" });
  });

  it("clears a notice from the last rating when the next answer is revealed", () => {
    const withNotice = apply(start(), { type: "undo-refused", message: "There is no rating to undo." });
    expect(withNotice.notice).toBe("There is no rating to undo.");
    expect(apply(withNotice, { type: "started", busy: "reveal" }, { type: "revealed", reveal: revealView(), answerMs: 1 }).notice).toBeNull();
  });

  it("rating shows the next card, unanswered, with the new queue, and allows undo", () => {
    const nextQueue = queue({ due: 1, doneToday: 1 });
    const s = apply(revealed(), { type: "started", busy: "rate" }, { type: "rated", card: second, queue: nextQueue, leech: false, notice: null });
    expect(s.screen).toEqual({ kind: "prompt", card: second, answer: "" });
    expect(s.queue).toBe(nextQueue);
    expect(s.busy).toBeNull();
    expect(s.canUndo).toBe(true);
    expect(s.leech).toBeNull();
  });

  it("a card set aside as a leech offers its own lesson to re-read, until the next rating or undo", () => {
    const leech = apply(revealed(revealView({ correct: false })), { type: "started", busy: "rate" }, { type: "rated", card: second, queue: queue(), leech: true, notice: null });
    expect(leech.leech).toEqual(lesson);
    const rereveal = apply(leech, { type: "started", busy: "reveal" }, { type: "revealed", reveal: revealView({ lesson: { href: "/other", title: "Other", section: null } }), answerMs: 1 });
    expect(apply(rereveal, { type: "started", busy: "rate" }, { type: "rated", card: null, queue: queue(), leech: false, notice: null }).leech).toBeNull();
    expect(apply(leech, { type: "started", busy: "undo" }, { type: "undone", card: first, queue: queue() }).leech).toBeNull();
  });

  it("a card rated first in another tab moves on to the current card and says why", () => {
    const stale = "This card changed since it was shown (rated in another tab, or undone). Showing the current card.";
    const s = apply(revealed(), { type: "started", busy: "rate" }, { type: "rated", card: card("c1", "single", 1), queue: queue(), leech: false, notice: stale });
    expect(s.notice).toBe(stale);
    expect(s.failure).toBeNull();
    expect(s.screen).toMatchObject({ kind: "prompt", card: { cardId: "c1", version: 1 }, answer: "" });
  });

  it("a refused rating keeps the revealed card to rate again; no retry is offered for a refusal", () => {
    const before = revealed();
    const s = apply(before, { type: "started", busy: "rate" }, { type: "failed", message: "Missing card version." });
    expect(s.failure).toEqual({ message: "Missing card version." });
    expect(s.busy).toBeNull();
    expect(s.screen).toBe(before.screen);
    expect(s.canUndo).toBe(false);
  });

  it("when the server cannot be reached, the failure offers a retry of the same request, cleared when it starts again", () => {
    const s = apply(revealed(), { type: "started", busy: "rate" }, { type: "failed", message: OFFLINE, retry: { kind: "rate", rating: 3 } });
    expect(s.failure).toEqual({ message: OFFLINE, retry: { kind: "rate", rating: 3 } });
    expect(s.screen.kind).toBe("revealed");
    const retrying = reviewReducer(s, { type: "started", busy: "rate" });
    expect(retrying.failure).toBeNull();
    expect(retrying.busy).toBe("rate");
  });

  it("undo shows the undone card again, unanswered, and can be used once", () => {
    const rated = apply(revealed(), { type: "started", busy: "rate" }, { type: "rated", card: second, queue: queue({ doneToday: 1 }), leech: false, notice: null });
    const back = card("c1", "single", 2);
    const undoneQueue = queue({ doneToday: 0 });
    const s = apply(rated, { type: "started", busy: "undo" }, { type: "undone", card: back, queue: undoneQueue });
    expect(s.screen).toEqual({ kind: "prompt", card: back, answer: "" });
    expect(s.notice).toBe(UNDONE);
    expect(s.queue).toBe(undoneQueue);
    expect(s.canUndo).toBe(false);
    expect(s.busy).toBeNull();
  });

  it("an undo the server refuses says so and disables undo, leaving the card on screen", () => {
    const rated = apply(revealed(), { type: "started", busy: "rate" }, { type: "rated", card: second, queue: queue(), leech: false, notice: null });
    const s = apply(rated, { type: "started", busy: "undo" }, { type: "undo-refused", message: "There is no rating to undo." });
    expect(s.notice).toBe("There is no rating to undo.");
    expect(s.failure).toBeNull();
    expect(s.canUndo).toBe(false);
    expect(shownCard(s)).toBe(second);
  });

  it("an undo that cannot reach the server keeps undo available to retry", () => {
    const rated = apply(revealed(), { type: "started", busy: "rate" }, { type: "rated", card: second, queue: queue(), leech: false, notice: null });
    const s = apply(rated, { type: "started", busy: "undo" }, { type: "failed", message: OFFLINE, retry: { kind: "undo" } });
    expect(s.canUndo).toBe(true);
    expect(s.failure?.retry).toEqual({ kind: "undo" });
  });

  it("after the last due card, a card in its learning step is counted down to and shown when the countdown reaches zero", () => {
    const inMs = 40_000;
    const learning = { iso: "2026-03-02T10:00:40.000Z", words: "in 1 min", inMs };
    const waiting = apply(revealed(revealView({ correct: false })), { type: "started", busy: "rate" }, {
      type: "rated",
      card: null,
      queue: queue({ nextLearning: learning, nextDue: { iso: learning.iso, words: learning.words } }),
      leech: false,
      notice: null,
    });
    expect(waiting.screen.kind).toBe("none");
    expect(queueStatus(waiting.queue)).toBe("waiting");
    expect(countdownText(inMs)).toBe("40 s");
    expect(countdownText(185_000)).toBe("3 min 5 s");
    expect(countdownText(120_000)).toBe("2 min");
    expect(countdownText(0)).toBe("0 s");
    expect(countdownText(-250)).toBe("0 s");
    // The wait is the server's inMs (this computer's clock may be set differently), plus half a second.
    expect(nextCheckDelay(learning.iso, inMs, Date.parse(learning.iso) + 3_600_000)).toBe(40_500);
    // At zero the screen asks for the queue, and the card that came back is shown.
    const due = apply(waiting, { type: "started", busy: "load" }, { type: "loaded", card: first, queue: queue({ due: 1 }) });
    expect(due.screen).toEqual({ kind: "prompt", card: first, answer: "" });
    expect(due.busy).toBeNull();
    // If it is not due yet by the server's clock, the countdown starts again from the new queue.
    const notYet = queue({ nextLearning: { ...learning, inMs: 2_000 }, nextDue: { iso: learning.iso, words: learning.words } });
    const still = apply(waiting, { type: "started", busy: "load" }, { type: "loaded", card: null, queue: notYet });
    expect(still.screen.kind).toBe("none");
    expect(queueStatus(still.queue)).toBe("waiting");
  });

  it("checks for the next due card when it falls due within two hours, never sooner than half a second", () => {
    const now = Date.parse("2026-03-02T10:00:00.000Z");
    expect(nextCheckDelay("2026-03-02T10:09:00.000Z", null, now)).toBe(9 * 60_000 + 500);
    expect(nextCheckDelay("2026-03-02T09:00:00.000Z", null, now)).toBe(500);
    expect(nextCheckDelay("2026-03-02T12:30:00.000Z", null, now)).toBeNull();
    expect(nextCheckDelay(null, null, now)).toBeNull();
  });

  it("a fresh queue while a card is being answered updates the counts and leaves the card and answer alone", () => {
    const answering = apply(start(), { type: "answer-changed", answer: "C" });
    const fresh = queue({ due: 5 });
    const s = apply(answering, { type: "started", busy: "load" }, { type: "loaded", card: second, queue: fresh });
    expect(s.queue).toBe(fresh);
    expect(s.screen).toEqual({ kind: "prompt", card: first, answer: "C" });
  });

  it("says why no card is shown: an empty queue, today's limits, or all caught up", () => {
    expect(queueStatus(queue({ total: 0 }))).toBe("empty");
    expect(queueStatus(queue({ waiting: { reviews: 0, new: 4 } }))).toBe("limit");
    expect(queueStatus(queue({ waiting: { reviews: 2, new: 0 } }))).toBe("limit");
    expect(queueStatus(queue())).toBe("caught-up");
    // A learning card coming back counts down even when today's limits are reached.
    expect(queueStatus(queue({ waiting: { reviews: 2, new: 0 }, nextLearning: { iso: "x", words: "in 1 min", inMs: 1 } }))).toBe("waiting");
  });

  it("adding cards to an empty queue says how many were added and shows the first", () => {
    const empty = initialReviewState(null, queue({ total: 0 }));
    const added = apply(empty, { type: "started", busy: "add" }, { type: "added", added: 3, from: "Replication", card: first, queue: queue() });
    expect(added.notice).toBe("Added 3 cards from Replication.");
    expect(added.screen).toEqual({ kind: "prompt", card: first, answer: "" });
    const one = apply(empty, { type: "started", busy: "add" }, { type: "added", added: 1, from: "every lesson", card: first, queue: queue() });
    expect(one.notice).toBe("Added 1 card from every lesson.");
    const none = apply(added, { type: "started", busy: "add" }, { type: "added", added: 0, from: "Replication", card: second, queue: queue() });
    expect(none.notice).toBe("Every question from Replication is already in your queue.");
    expect(shownCard(none)).toBe(first);
  });

  it("marks the server's suggested rating, and for free text the rating the ticked rubric points suggest", () => {
    expect(suggestedRating(revealed(revealView({ suggestedRating: 4 })).screen)).toBe(4);
    expect(suggestedRating(start().screen)).toBeNull();
    const free = revealed(revealView({ correct: null, suggestedRating: null, rubric: ["quorum", "fencing", "leases"] }));
    expect(suggestedRating(free.screen)).toBeNull();
    const one = reviewReducer(free, { type: "rubric-ticked", index: 1, checked: true });
    expect(one.screen.kind === "revealed" && one.screen.rubricChecked).toEqual([undefined, true]);
    expect(suggestedRating(one.screen)).toBe(1);
    const two = reviewReducer(one, { type: "rubric-ticked", index: 0, checked: true });
    expect(suggestedRating(two.screen)).toBe(2);
    const all = reviewReducer(two, { type: "rubric-ticked", index: 2, checked: true });
    expect(suggestedRating(all.screen)).toBe(3);
    expect(suggestedRating(reviewReducer(all, { type: "rubric-ticked", index: 2, checked: false }).screen)).toBe(2);
  });

  it("toggles the explanation only once revealed", () => {
    const s = revealed();
    const opened = reviewReducer(s, { type: "explanation-toggled" });
    expect(opened.screen.kind === "revealed" && opened.screen.explanationOpen).toBe(true);
    expect(reviewReducer(opened, { type: "explanation-toggled" }).screen).toEqual(s.screen);
    expect(reviewReducer(start(), { type: "explanation-toggled" })).toEqual(start());
  });
});

describe("review keyboard shortcuts", () => {
  it("Space reveals a card being answered, unless Space already acts on the focused control", () => {
    expect(keyCommand(start(), key(" "))).toEqual({ type: "reveal" });
    expect(keyCommand(start(), key(" ", { spaceTaken: true }))).toBeNull();
    expect(keyCommand(revealed(), key(" "))).toBeNull();
    expect(keyCommand(initialReviewState(null, queue()), key(" "))).toBeNull();
  });

  it("before the reveal number and letter keys pick options; after it 1–4 rate", () => {
    const s = start();
    const shown = s.screen.kind === "prompt" ? s.screen.card.question.options! : [];
    expect(keyCommand(s, key("2"))).toEqual({ type: "answer", answer: shown[1].id });
    expect(keyCommand(s, key("C"))).toEqual({ type: "answer", answer: shown[2].id });
    expect(keyCommand(s, key("4"))).toBeNull(); // only three options
    expect(keyCommand(reviewReducer(s, { type: "started", busy: "reveal" }), key("2"))).toBeNull();
    const many = initialReviewState(card("m", "multiple"), queue());
    const picked = keyCommand(many, key("1"));
    expect(picked).toEqual({ type: "answer", answer: ["A"] });
    expect(keyCommand(reviewReducer(many, { type: "answer-changed", answer: ["A"] }), key("1"))).toEqual({ type: "answer", answer: [] });

    for (const rating of [1, 2, 3, 4] as const) expect(keyCommand(revealed(), key(String(rating)))).toEqual({ type: "rate", rating });
    expect(keyCommand(revealed(), key("5"))).toBeNull();
  });

  it("E toggles the explanation once revealed; U and Ctrl+Z (or Cmd+Z) undo; other modified keys pass through", () => {
    expect(keyCommand(revealed(), key("e"))).toEqual({ type: "toggle-explanation" });
    expect(keyCommand(revealed(), key("E"))).toEqual({ type: "toggle-explanation" });
    expect(keyCommand(start(), key("x"))).toBeNull();
    for (const s of [start(), revealed(), initialReviewState(null, queue())]) {
      expect(keyCommand(s, key("u"))).toEqual({ type: "undo" });
      expect(keyCommand(s, key("z", { ctrlKey: true }))).toEqual({ type: "undo" });
      expect(keyCommand(s, key("Z", { metaKey: true }))).toEqual({ type: "undo" });
    }
    expect(keyCommand(start(), key("z", { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(keyCommand(start(), key("u", { altKey: true }))).toBeNull();
    expect(keyCommand(revealed(), key("3", { ctrlKey: true }))).toBeNull();
    expect(keyCommand(start(), key("1", { metaKey: true }))).toBeNull();
  });
});
