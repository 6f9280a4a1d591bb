"use client";
// A drill in progress: the phase stepper, the current phase's timer and text, then the
// self-assessment and the summary. The countdown starts from what the server said was left
// (deadlineAt - serverNow) and runs on performance.now(), a monotonic clock, so a reload or a
// changed computer clock cannot reset it. Text autosaves shortly after typing stops; saves are
// sent one at a time, always the latest text, and "Next phase" waits until the text is saved.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { ActionResult } from "@/lib/forms";
import type { DrillView, SavedPhaseText, SelfRating } from "@/lib/practice/drill";
import { DrillSummary } from "./drill-summary";
import { clock as clockFace, duration, plural } from "@/lib/format";
import { wordCount } from "./word-count";
import { InlineText, PromptCard } from "./inline-text";
import { PhaseStepper } from "./phase-stepper";
import { SelfAssessmentForm } from "./self-assessment-form";

const AUTOSAVE_DELAY_MS = 800;
const RETRY_DELAY_MS = 3_000;
const TICK_MS = 250;

/** The server actions the runner calls (app/practice/drills/actions.ts), passed in by the page. */
export interface DrillActions {
  read(drillId: string): Promise<ActionResult<{ data: DrillView }>>;
  save(drillId: string, phase: string, text: string): Promise<ActionResult<{ data: SavedPhaseText }>>;
  advance(drillId: string, fromPhase: string): Promise<ActionResult<{ data: DrillView }>>;
  finish(drillId: string, assessment: { ratings: Record<string, SelfRating>; note: string }): Promise<ActionResult<{ data: DrillView }>>;
}

type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; late: boolean } | { kind: "error"; message: string };

/** Server actions fail with an exception when the network does; that becomes a message too (status 0). */
async function call<T>(action: () => Promise<ActionResult<{ data: T }>>): Promise<ActionResult<{ data: T }>> {
  try {
    return await action();
  } catch {
    return { ok: false, status: 0, error: "Could not reach Quorum. Your text is kept in this tab; trying again…" };
  }
}

function currentOf(view: DrillView) {
  return view.phases.find((p) => p.key === view.currentPhase) ?? null;
}

function remainingAtServer(view: DrillView): number {
  const phase = currentOf(view);
  return phase?.deadlineAt ? Date.parse(phase.deadlineAt) - Date.parse(view.serverNow) : 0;
}

export function DrillRunner({ initial, actions, textMax, noteMax, hasMentor }: { initial: DrillView; actions: DrillActions; textMax: number; noteMax: number; hasMentor: boolean }) {
  const [view, setView] = useState(initial);
  const [draft, setDraft] = useState(() => currentOf(initial)?.text ?? "");
  const [save, setSave] = useState<SaveState>(() => (currentOf(initial)?.text ? { kind: "saved", late: currentOf(initial)?.withinTime === false } : { kind: "idle" }));
  const [advancing, setAdvancing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  // Whole seconds left in the current phase (negative once over time).
  const [secondsLeft, setSecondsLeft] = useState(() => Math.ceil(remainingAtServer(initial) / 1000));

  // Refs mirror state for timers and async callbacks.
  const viewRef = useRef(view);
  const draftRef = useRef(draft);
  const savedRef = useRef(draft); // the text the server has for the current phase
  const pumpRef = useRef<Promise<boolean> | null>(null);
  const autosaveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const clock = useRef<{ remaining: number; anchor: number | null }>({ remaining: remainingAtServer(initial), anchor: null });
  const warned = useRef(false);
  // Views from older requests (a slow re-read overtaken by "Next phase") are ignored.
  const requestSeq = useRef(0);
  const appliedSeq = useRef(0);
  const textareaRef = useRef<HTMLTextAreaElement>(null);

  const timeLeft = () => (clock.current.anchor === null ? clock.current.remaining : clock.current.remaining - (performance.now() - clock.current.anchor));

  /** Applies a view from the server; a new phase brings its own text and clock. */
  const receive = useCallback((next: DrillView, seq: number, receivedAt: number) => {
    if (seq < appliedSeq.current) return;
    appliedSeq.current = seq;
    const before = viewRef.current;
    viewRef.current = next;
    setView(next);
    clock.current = { remaining: remainingAtServer(next), anchor: receivedAt };
    setSecondsLeft(Math.ceil(remainingAtServer(next) / 1000));
    if (next.currentPhase !== before.currentPhase) {
      const text = currentOf(next)?.text ?? "";
      draftRef.current = savedRef.current = text;
      warned.current = false;
      setDraft(text);
      setSave({ kind: "idle" });
    }
  }, []);

  /** Sends the latest text until the server has it; resolves false if a save failed. */
  const pump = useCallback(function pump(): Promise<boolean> {
    if (pumpRef.current) return pumpRef.current;
    if (draftRef.current === savedRef.current) return Promise.resolve(true);
    const running = (async () => {
      try {
        while (draftRef.current !== savedRef.current) {
          const phase = viewRef.current.currentPhase;
          if (!phase) return false;
          const text = draftRef.current;
          setSave({ kind: "saving" });
          const result = await call(() => actions.save(viewRef.current.id, phase, text));
          if (!result.ok) {
            setSave({ kind: "error", message: result.error });
            // A lost connection is retried; a refusal (finished drill, signed out) is shown as is.
            if (result.status === 0) autosaveTimer.current = setTimeout(() => void pump(), RETRY_DELAY_MS);
            return false;
          }
          // The phase moved on meanwhile (another tab): its text and saved state were reset.
          if (viewRef.current.currentPhase !== phase) return true;
          savedRef.current = text;
          setSave({ kind: "saved", late: result.data.withinTime === false });
        }
        return true;
      } finally {
        pumpRef.current = null;
      }
    })();
    pumpRef.current = running;
    return running;
  }, [actions]);

  const pumpLater = useCallback(() => {
    if (autosaveTimer.current) clearTimeout(autosaveTimer.current);
    autosaveTimer.current = setTimeout(() => void pump(), AUTOSAVE_DELAY_MS);
  }, [pump]);

  /** Saves now (no waiting for the pause in typing) and waits until the server has the text. */
  const flush = useCallback(async (): Promise<boolean> => {
    if (autosaveTimer.current) clearTimeout(autosaveTimer.current);
    while (draftRef.current !== savedRef.current) {
      if (!(await pump())) return false;
    }
    return true;
  }, [pump]);

  // Start the countdown in the browser, then ask the server's clock once: the time between
  // rendering the page and running it here is not the learner's to keep. Waking a sleeping
  // computer asks again, since performance.now() may have paused while the server's clock did not.
  useEffect(() => {
    clock.current = { ...clock.current, anchor: performance.now() };
    const refresh = async () => {
      const seq = ++requestSeq.current;
      const result = await call(() => actions.read(viewRef.current.id));
      if (result.ok) receive(result.data, seq, performance.now());
    };
    void refresh();
    const onVisible = () => {
      if (document.visibilityState === "visible") void refresh();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      document.removeEventListener("visibilitychange", onVisible);
      if (autosaveTimer.current) clearTimeout(autosaveTimer.current);
    };
  }, [actions, receive]);

  useEffect(() => {
    const timer = setInterval(() => {
      if (viewRef.current.stage !== "phase") return;
      const left = timeLeft();
      setSecondsLeft(Math.ceil(left / 1000));
      if (left <= 60_000 && left > 0 && !warned.current) {
        warned.current = true;
        setAnnouncement("One minute left in this phase.");
      } else if (left <= 0 && warned.current) {
        warned.current = false;
        setAnnouncement("Time is up for this phase. You can keep writing; the summary will show the overrun.");
      }
    }, TICK_MS);
    return () => clearInterval(timer);
  }, []);

  // Leaving with unsaved text asks first.
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (draftRef.current !== savedRef.current) event.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, []);

  function onChange(text: string) {
    draftRef.current = text;
    setDraft(text);
    setSave(text === savedRef.current ? (text ? { kind: "saved", late: false } : { kind: "idle" }) : { kind: "saving" });
    pumpLater();
  }

  async function nextPhase() {
    const from = viewRef.current.currentPhase;
    if (advancing || !from) return;
    setAdvancing(true);
    setError(null);
    if (!(await flush())) {
      setAdvancing(false);
      setError("Your text is not saved yet, so this phase stays open. Try again in a moment.");
      return;
    }
    const seq = ++requestSeq.current;
    const result = await call(() => actions.advance(viewRef.current.id, from));
    setAdvancing(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    receive(result.data, seq, performance.now());
    const next = currentOf(result.data);
    if (next) {
      setAnnouncement(`Phase ${next.number} of ${result.data.phases.length}: ${next.title}. ${duration(next.allottedMs)}.`);
      requestAnimationFrame(() => textareaRef.current?.focus());
    } else {
      setAnnouncement("All six phases done. Rate your answer against the rubric.");
      requestAnimationFrame(() => document.getElementById("assessment-title")?.focus());
    }
  }

  async function finish(assessment: { ratings: Record<string, SelfRating>; note: string }): Promise<string | null> {
    const seq = ++requestSeq.current;
    const result = await call(() => actions.finish(viewRef.current.id, assessment));
    if (!result.ok) return result.status === 0 ? "Could not reach Quorum. Your ratings are kept; submit again." : result.error;
    receive(result.data, seq, performance.now());
    setAnnouncement("Self-assessment saved. Here is your summary.");
    requestAnimationFrame(() => {
      window.scrollTo({ top: 0 });
      document.getElementById("drill-summary-title")?.focus();
    });
    return null;
  }

  // Ctrl/⌘+Enter in the text area moves on, as in the quiz.
  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void nextPhase();
    }
  }

  const phase = currentOf(view);
  const isLast = phase !== null && phase.number === view.phases.length;
  const over = secondsLeft <= 0;
  const urgent = !over && secondsLeft <= 60;
  const words = wordCount(draft);

  return (
    <div className="drill-runner">
      <PhaseStepper phases={view.phases} current={view.currentPhase} stage={view.stage} />
      <div className="drill-columns">
        <div className="drill-main">
          {view.stage === "phase" && phase ? (
            <section className="card drill-workspace" aria-labelledby="phase-title">
              <div className="drill-workspace-header">
                <div>
                  <p className="drill-eyebrow">
                    Phase {phase.number} of {view.phases.length} · {duration(phase.allottedMs)}
                  </p>
                  <h2 id="phase-title">{phase.title}</h2>
                </div>
                <div className="drill-timer" data-urgent={urgent || undefined} data-over={over || undefined}>
                  <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
                    <circle cx="12" cy="13" r="8" />
                    <path d="M12 9v4l2.5 2.5M9 2h6" />
                  </svg>
                  <span className="drill-timer-label">{over ? "Over by" : "Time left"}</span>
                  <span role="timer" className="drill-clock" data-seconds-left={secondsLeft}>
                    {clockFace(secondsLeft * 1000, over ? "elapsed" : "remaining")}
                  </span>
                </div>
              </div>
              <div className="drill-time-bar" aria-hidden="true" data-urgent={urgent || undefined} data-over={over || undefined}>
                <span style={{ width: `${over ? 100 : Math.min(100, ((secondsLeft * 1000) / phase.allottedMs) * 100)}%` }} />
              </div>
              <p className="drill-question" id="phase-question">
                <InlineText inlines={phase.question} />
              </p>
              <div className="field drill-text-field">
                <label htmlFor="phase-text">Your answer for {phase.title.toLowerCase()}</label>
                <textarea
                  ref={textareaRef}
                  id="phase-text"
                  rows={14}
                  maxLength={textMax}
                  value={draft}
                  onChange={(e) => onChange(e.target.value)}
                  onBlur={() => void flush()}
                  onKeyDown={onKeyDown}
                  aria-describedby="phase-question drill-save-status"
                  spellCheck
                />
              </div>
              <div className="drill-workspace-footer">
                <p id="drill-save-status" className="drill-save-status" data-state={save.kind} role="status">
                  {save.kind === "saving"
                    ? "Saving…"
                    : save.kind === "saved"
                      ? save.late
                        ? "Saved (after this phase's time)"
                        : "Saved"
                      : save.kind === "error"
                        ? `Not saved: ${save.message}`
                        : "Saves as you type"}
                  <span className="muted">
                    {" "}
                    · {plural(words, "word")}
                    {draft.length > textMax * 0.9 ? ` · ${draft.length.toLocaleString("en")} of ${textMax.toLocaleString("en")} characters` : ""}
                  </span>
                </p>
                <div className="drill-next">
                  <span className="hint">
                    <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
                  </span>
                  <button type="button" className="button" onClick={() => void nextPhase()} disabled={advancing}>
                    {advancing ? "Saving…" : isLast ? "Finish phases" : "Next phase"}
                  </button>
                </div>
              </div>
              <p className="drill-message" aria-live="assertive">
                {error ? <span className="form-error">{error}</span> : null}
              </p>
            </section>
          ) : view.stage === "assessment" ? (
            <SelfAssessmentForm view={view} noteMax={noteMax} hasMentor={hasMentor} onSubmit={finish} />
          ) : (
            <DrillSummary view={view} headingId="drill-summary-title" />
          )}
        </div>
        {view.prompt ? <PromptCard blocks={view.prompt.blocks} /> : null}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
