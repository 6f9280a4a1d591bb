"use client";
// One quiz question at a time, against the server's clock. The countdown starts from what the
// server said was left (deadlineAt - serverNow) and runs on performance.now(), a monotonic clock:
// changing the computer's time cannot add any, and a reload asks the server again, which keeps
// the deadline it wrote when the question was first shown.
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { AnswerInput, answerWithOption, initialAnswer, isTextEntry, missingAnswer, optionNumberForKey, submittedAnswer, type AnswerValue } from "@/components/practice/answer-input";
import { QuestionPrompt } from "@/components/practice/question-prompt";
import { familyBySlug } from "@/lib/content/families";
import { clock as clockFace } from "@/lib/format";
import type { ActionResult } from "@/lib/forms";
import { newSubmissionId } from "./submission-id";
import { remainingAtServer, type AnswerResponse, type QuizQuestionItem, type ServedItem } from "@/lib/views/quiz";

type Phase = "answering" | "submitting" | "expired" | "finishing";

/** The countdown's reference point: `remaining` ms were left at performance.now() = `anchor`. */
interface Clock {
  remaining: number;
  anchor: number | null;
}

const CHOICE_TYPES = new Set(["single", "multiple", "simulation"]);
const TICK_MS = 200;

function timeLeft(clock: Clock): number {
  return clock.anchor === null ? clock.remaining : clock.remaining - (performance.now() - clock.anchor);
}

async function postJson<T>(url: string, body?: unknown): Promise<ActionResult<{ data: T }>> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
    const data = await response.json().catch(() => ({}));
    if (response.ok) return { ok: true, data: data as T };
    return { ok: false, status: response.status, error: (data as { error?: string }).error ?? "Something went wrong. Try again." };
  } catch {
    return { ok: false, status: 0, error: "Could not reach Quorum. Check your connection; your answer is kept and will be sent once when you submit again." };
  }
}

export function QuizRunner({ quizId, initialItem }: { quizId: string; initialItem: QuizQuestionItem }) {
  const router = useRouter();
  const promptId = useId();
  const [item, setItem] = useState(initialItem);
  const [value, setValue] = useState<AnswerValue>(() => initialAnswer(initialItem.question));
  const [phase, setPhase] = useState<Phase>("answering");
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  // Server-rendered with the server's numbers; the anchor is set once the page runs in the browser.
  const clock = useRef<Clock>({ remaining: remainingAtServer(initialItem), anchor: null });
  const [remaining, setRemaining] = useState(() => remainingAtServer(initialItem));

  // Refs mirror state for the timers and async callbacks below.
  const itemRef = useRef(item);
  const phaseRef = useRef(phase);
  const submissionIds = useRef(new Map<string, string>());
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const requestSeq = useRef(0);
  const appliedSeq = useRef(0);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const warned = useRef(false);
  // receive() schedules refresh() and refresh() calls receive(): the ref breaks the cycle.
  const refreshRef = useRef<() => void>(() => {});

  const changePhase = useCallback((next: Phase) => {
    phaseRef.current = next;
    setPhase(next);
  }, []);

  const resultsHref = `/practice/quiz/${quizId}/results`;

  /** Applies what the server says is current. Stale responses (an older request, an earlier question) are ignored. */
  const receive = useCallback(
    function receive(served: ServedItem, seq: number, receivedAt: number) {
      if (seq < appliedSeq.current) return;
      appliedSeq.current = seq;
      if (retryTimer.current) clearTimeout(retryTimer.current);
      retryTimer.current = null;
      if (served.status === "finished") {
        changePhase("finishing");
        setAnnouncement("All questions done. Opening your results.");
        router.replace(resultsHref);
        return;
      }
      const current = itemRef.current;
      if (served.position < current.position) return;
      clock.current = { remaining: remainingAtServer(served), anchor: receivedAt };
      setRemaining(timeLeft(clock.current));
      if (served.itemId !== current.itemId) {
        itemRef.current = served;
        warned.current = false;
        setItem(served);
        setValue(initialAnswer(served.question));
        setError(null);
        setAnnouncement(`Question ${served.position + 1} of ${served.total}.`);
        changePhase("answering");
        requestAnimationFrame(() => headingRef.current?.focus());
      } else if (remainingAtServer(served) > 0 && phaseRef.current === "expired") {
        changePhase("answering");
      }
      if (remainingAtServer(served) <= 0) {
        // Time is up but the server still allows answers in flight; ask again when its grace ends.
        changePhase("expired");
        const wait = Date.parse(served.deadlineAt) + served.graceMs - Date.parse(served.serverNow) + 150;
        retryTimer.current = setTimeout(() => refreshRef.current(), Math.max(200, wait));
      }
    },
    [changePhase, resultsHref, router],
  );

  const refresh = useCallback(async () => {
    const seq = ++requestSeq.current;
    const result = await postJson<ServedItem>(`/api/quiz/${quizId}/current`);
    if (!result.ok) {
      setError(result.error);
      // Keep trying on a lost connection while the clock has run out; a real refusal is shown as is.
      if (result.status === 0 && phaseRef.current === "expired") retryTimer.current = setTimeout(() => refreshRef.current(), 3_000);
      return;
    }
    setError(null);
    receive(result.data, seq, performance.now());
  }, [quizId, receive]);

  useEffect(() => {
    refreshRef.current = () => void refresh();
  }, [refresh]);

  // Start the countdown in the browser, then re-read the server's clock once: the time between
  // rendering this page on the server and running it here is not the learner's to keep.
  useEffect(() => {
    clock.current = { ...clock.current, anchor: performance.now() };
    refreshRef.current();
    const onVisible = () => {
      // A sleeping computer may pause performance.now(); the server's clock did not pause.
      if (document.visibilityState === "visible" && phaseRef.current === "answering") refreshRef.current();
    };
    document.addEventListener("visibilitychange", onVisible);
    const retry = retryTimer;
    return () => {
      document.removeEventListener("visibilitychange", onVisible);
      if (retry.current) clearTimeout(retry.current);
    };
  }, []);

  useEffect(() => {
    const timer = setInterval(() => {
      const left = timeLeft(clock.current);
      setRemaining(left);
      if (phaseRef.current !== "answering") return;
      if (left <= 10_000 && !warned.current && itemRef.current.timeLimitMs > 20_000) {
        warned.current = true;
        setAnnouncement("10 seconds left.");
      }
      if (left <= 0) {
        changePhase("expired");
        setAnnouncement("Time is up for this question.");
        void refresh();
      }
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [changePhase, refresh]);

  /** Sends the answer, or a skip. An empty answer is refused here, without a round trip. */
  async function submit(skip = false) {
    if (phaseRef.current !== "answering") return;
    const current = itemRef.current;
    if (!skip) {
      const missing = missingAnswer(current.question, value);
      if (missing) {
        setError(missing);
        return;
      }
    }
    changePhase("submitting");
    setError(null);
    let clientSubmissionId = submissionIds.current.get(current.itemId);
    if (!clientSubmissionId) {
      clientSubmissionId = newSubmissionId();
      submissionIds.current.set(current.itemId, clientSubmissionId);
    }
    const seq = ++requestSeq.current;
    const result = await postJson<AnswerResponse>(
      `/api/quiz/${quizId}/answers`,
      skip ? { itemId: current.itemId, skip: true, clientSubmissionId } : { itemId: current.itemId, answer: submittedAnswer(current.question, value), clientSubmissionId },
    );
    if (result.ok) {
      receive(result.data.next, seq, performance.now());
      if (result.data.next.status === "question") setAnnouncement(`${skip ? "Skipped" : "Answer saved"}. Question ${result.data.next.position + 1} of ${result.data.next.total}.`);
      return;
    }
    setError(result.error);
    if (timeLeft(clock.current) > 0) changePhase("answering");
    else {
      changePhase("expired");
      void refresh();
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit();
  }

  // Keyboard: Enter submits, from the answer controls or from nowhere in particular (the heading
  // focused after a new question); in a textarea it takes Ctrl/⌘+Enter, and buttons and links keep
  // their own Enter. Number keys choose options, as in the review queue.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const target = event.target instanceof Element ? event.target : null;
      const form = formRef.current;
      if (event.key === "Enter" && !event.isComposing) {
        if (!form || target?.closest("button, a, select, summary, [contenteditable]")) return;
        const inForm = target !== null && form.contains(target);
        if (!inForm && isTextEntry(target)) return;
        if (target instanceof HTMLTextAreaElement && !(event.ctrlKey || event.metaKey)) return;
        event.preventDefault();
        form.requestSubmit();
        return;
      }
      if (event.altKey || event.ctrlKey || event.metaKey || event.repeat || isTextEntry(target)) return;
      if (phaseRef.current !== "answering") return;
      const n = optionNumberForKey(itemRef.current.question, event.key);
      if (n === 0) return;
      event.preventDefault();
      setValue((v) => answerWithOption(itemRef.current.question, v, n) ?? v);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const question = item.question;
  const family = familyBySlug(question.family)?.name ?? question.family;
  const shown = Math.max(0, remaining);
  const urgent = shown <= Math.min(10_000, item.timeLimitMs * 0.25);
  const isLast = item.position + 1 >= item.total;
  const isText = question.type === "free";

  return (
    <div className="quiz-runner">
      <div className="quiz-status">
        <div className="quiz-status-row">
          <h1 ref={headingRef} tabIndex={-1} className="quiz-heading">
            Question {item.position + 1} <span className="muted">of {item.total}</span>
          </h1>
          <div className="quiz-timer" data-urgent={urgent || undefined} data-expired={shown <= 0 || undefined}>
            <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
              <circle cx="12" cy="13" r="8" />
              <path d="M12 9v4l2.5 2.5M9 2h6" />
            </svg>
            <span className="visually-hidden">Time left:</span>
            <span role="timer" className="quiz-clock" data-remaining-ms={Math.round(shown)}>
              {clockFace(shown, "remaining")}
            </span>
          </div>
        </div>
        <div
          className="quiz-progress"
          role="progressbar"
          aria-label="Questions answered"
          aria-valuemin={0}
          aria-valuemax={item.total}
          aria-valuenow={item.position}
          aria-valuetext={`${item.position} of ${item.total} answered`}
        >
          <span style={{ width: `${(item.position / item.total) * 100}%` }} />
        </div>
        <div className="quiz-time-bar" aria-hidden="true" data-urgent={urgent || undefined}>
          <span style={{ width: `${Math.min(100, (shown / item.timeLimitMs) * 100)}%` }} />
        </div>
      </div>

      <form ref={formRef} className="card quiz-question" onSubmit={onSubmit} aria-labelledby={promptId}>
        <p className="quiz-question-meta">
          <span className={`quiz-difficulty quiz-difficulty-${question.difficulty}`}>{question.difficulty}</span>
          <span>{family}</span>
          <span aria-hidden="true">·</span>
          <span>{question.mode === "scenario" ? "Scenario" : "Recall"}</span>
        </p>
        <QuestionPrompt html={item.promptHtml} id={promptId} />
        <AnswerInput
          key={item.itemId}
          question={question}
          value={value}
          onChange={setValue}
          disabled={phase !== "answering"}
          promptId={promptId}
        />
        <div className="quiz-actions">
          <div className="quiz-message">
            {error ? (
              <p className="form-error" role="alert">
                {error}
              </p>
            ) : phase === "expired" ? (
              <p className="quiz-note">Time is up. Moving on to the next question…</p>
            ) : phase === "finishing" ? (
              <p className="quiz-note">All done. Opening your results…</p>
            ) : (
              <p className="hint">
                {isText ? (
                  <>
                    <kbd>Ctrl</kbd>+<kbd>Enter</kbd> submits
                  </>
                ) : (
                  <>
                    <kbd>Enter</kbd> submits
                    {CHOICE_TYPES.has(question.type) ? (
                      <>
                        {" "}
                        · <kbd>A</kbd>–<kbd>{String.fromCharCode(64 + (question.options?.length ?? 4))}</kbd> or number keys choose
                      </>
                    ) : null}
                  </>
                )}
              </p>
            )}
          </div>
          <div className="quiz-buttons">
            <button className="button secondary" type="button" disabled={phase !== "answering"} onClick={() => void submit(true)}>
              Skip
            </button>
            <button className="button" type="submit" disabled={phase !== "answering"}>
              {phase === "submitting" ? "Saving…" : isLast ? "Submit and finish" : "Submit answer"}
            </button>
          </div>
        </div>
      </form>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
