"use client";
// The controls for answering one question of any type, shared by the review queue and timed
// quizzes. Controlled: the parent holds the value (see `initialAnswer`) and turns it into the
// graded shape with `submittedAnswer`. With `reveal`, the controls lock and mark what was right.
import { Fragment, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { PublicQuestion } from "@/lib/practice/grading";
import "./practice.css";

/**
 * What the controls hold: option label (single, simulation), labels (multiple, ordering), or typed
 * text (numeric, free). Options arrive shuffled for this learner under labels A, B, C…, which are
 * shown beside them and which explanations use.
 */
export type AnswerValue = string | string[];
/** A graded answer, as lib/practice/grading.ts returns it. */
export interface AnswerReveal {
  correct: boolean | null;
  correctAnswer: unknown;
}
type Option = { id: string; text: string };

export function initialAnswer(question: PublicQuestion): AnswerValue {
  if (question.type === "multiple") return [];
  // An untouched ordering is still an answer: the order shown.
  if (question.type === "ordering") return (question.items ?? []).map((i) => i.id);
  return "";
}

/** The answer in the shape the server grades; null when nothing was given. */
export function submittedAnswer(question: PublicQuestion, value: AnswerValue): string | string[] | number | null {
  switch (question.type) {
    case "multiple":
    case "ordering":
      return Array.isArray(value) && value.length > 0 ? value : null;
    case "numeric": {
      const text = typeof value === "string" ? value.trim() : "";
      const n = Number(text);
      return text !== "" && Number.isFinite(n) ? n : null;
    }
    default:
      return typeof value === "string" && value.trim() !== "" ? value : null;
  }
}

/** The message for an answer that cannot be sent yet, or null: saves a round trip the server would refuse. */
export function missingAnswer(question: PublicQuestion, value: AnswerValue): string | null {
  if (submittedAnswer(question, value) !== null) return null;
  switch (question.type) {
    case "multiple":
      return "Select at least one option, or skip the question.";
    case "numeric":
      return typeof value === "string" && value.trim() !== "" ? "Enter a number (digits, with a decimal point if needed)." : "Enter a number, or skip the question.";
    case "free":
      return "Write an answer, or skip the question.";
    default:
      return "Choose an option, or skip the question.";
  }
}

/**
 * Which option a key chooses on a choice question: number keys by position (1 = A) and letter
 * keys by label; 0 when the key chooses nothing.
 */
export function optionNumberForKey(question: PublicQuestion, key: string): number {
  if (!["single", "multiple", "simulation"].includes(question.type)) return 0;
  const count = question.options?.length ?? 0;
  const n = /^[1-9]$/.test(key) ? Number(key) : /^[a-j]$/i.test(key) ? key.toLowerCase().charCodeAt(0) - 96 : 0;
  return n <= count ? n : 0;
}

/** Option `n` (1-based) on a choice question: selects it, or toggles it for "select all". */
export function answerWithOption(question: PublicQuestion, value: AnswerValue, n: number): AnswerValue | null {
  if (!["single", "multiple", "simulation"].includes(question.type)) return null;
  const option = question.options?.[n - 1];
  if (!option) return null;
  if (question.type !== "multiple") return option.id;
  const chosen = Array.isArray(value) ? value : [];
  return chosen.includes(option.id) ? chosen.filter((id) => id !== option.id) : [...chosen, option.id];
}

/** Keys typed here are text, not shortcuts. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit", "reset", "range", "color", "file"].includes(target.type);
}

/** Option texts are short: inline code and bold are the only Markdown they use. */
export function InlineMarkdown({ text }: { text: string }) {
  const parts = text.split(/(`[^`]+`|\*\*[^*]+\*\*)/g);
  return (
    <>
      {parts.map((part, i) =>
        part.startsWith("`") && part.endsWith("`") && part.length > 1 ? (
          <code key={i}>{part.slice(1, -1)}</code>
        ) : part.startsWith("**") && part.endsWith("**") && part.length > 3 ? (
          <strong key={i}>{part.slice(2, -2)}</strong>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

interface AnswerInputProps {
  question: PublicQuestion;
  value: AnswerValue;
  onChange: (value: AnswerValue) => void;
  disabled?: boolean;
  /** After grading: lock the controls and mark correct and incorrect parts. */
  reveal?: AnswerReveal | null;
  /** Id of the element holding the prompt, read out with the controls. */
  promptId?: string;
}

const INSTRUCTIONS: Record<string, string> = {
  single: "Choose one answer",
  simulation: "Choose what the simulation shows",
  multiple: "Select all that apply",
  numeric: "Your answer",
  ordering: "Put the steps in order, first at the top",
  free: "Your answer",
};

export function AnswerInput({ question, value, onChange, disabled = false, reveal = null, promptId }: AnswerInputProps) {
  const baseId = useId();
  const legendId = `${baseId}-legend`;
  const locked = disabled || reveal !== null;
  const labelledBy = [promptId, legendId].filter(Boolean).join(" ");
  const instruction = INSTRUCTIONS[question.type] ?? "Your answer";

  let control: ReactNode;
  switch (question.type) {
    case "single":
    case "simulation":
    case "multiple":
      control = (
        <OptionList
          name={`${baseId}-choice`}
          options={question.options ?? []}
          multiple={question.type === "multiple"}
          value={value}
          onChange={onChange}
          disabled={locked}
          reveal={reveal}
        />
      );
      break;
    case "numeric":
      control = <NumericInput id={`${baseId}-number`} labelledBy={legendId} unit={question.unit} value={typeof value === "string" ? value : ""} onChange={onChange} disabled={locked} reveal={reveal} />;
      break;
    case "ordering":
      control = <OrderingInput items={question.items ?? []} value={Array.isArray(value) ? value : []} onChange={onChange} disabled={locked} reveal={reveal} hintId={`${baseId}-hint`} />;
      break;
    default:
      control = <FreeTextInput id={`${baseId}-text`} labelledBy={legendId} value={typeof value === "string" ? value : ""} onChange={onChange} disabled={locked} />;
  }

  return (
    <fieldset className="answer-input" aria-labelledby={labelledBy} data-type={question.type}>
      <legend id={legendId} className="answer-legend">
        {instruction}
      </legend>
      {control}
    </fieldset>
  );
}

function correctIds(reveal: AnswerReveal | null): Set<string> {
  const answer = reveal?.correctAnswer;
  return new Set(Array.isArray(answer) ? answer.map(String) : typeof answer === "string" ? [answer] : []);
}

function OptionList({
  name, options, multiple, value, onChange, disabled, reveal,
}: {
  name: string; options: Option[]; multiple: boolean; value: AnswerValue; onChange: (v: AnswerValue) => void;
  disabled: boolean; reveal: AnswerReveal | null;
}) {
  const chosen = new Set(Array.isArray(value) ? value : value ? [value] : []);
  const right = correctIds(reveal);
  const marked = reveal !== null && right.size > 0;
  return (
    <ul className="answer-options" role="list">
      {options.map((o) => {
        const isChosen = chosen.has(o.id);
        const isRight = right.has(o.id);
        const state = !marked ? undefined : isRight ? (isChosen ? "right" : "missed") : isChosen ? "wrong" : undefined;
        return (
          <li key={o.id}>
            <label className="answer-option" data-state={state} data-chosen={isChosen || undefined}>
              <input
                type={multiple ? "checkbox" : "radio"}
                name={name}
                value={o.id}
                checked={isChosen}
                disabled={disabled}
                onChange={(e) => {
                  if (!multiple) onChange(o.id);
                  else onChange(e.target.checked ? [...chosen, o.id] : [...chosen].filter((id) => id !== o.id));
                }}
              />
              <span className="answer-option-key">{o.id}</span>
              <span className="answer-option-text">
                <InlineMarkdown text={o.text} />
              </span>
              {state ? (
                <span className="answer-mark" data-state={state}>
                  {state === "right" ? "✓ Your answer, correct" : state === "missed" ? (multiple ? "✓ Correct, not chosen" : "✓ Correct answer") : "✗ Your answer"}
                </span>
              ) : null}
            </label>
          </li>
        );
      })}
    </ul>
  );
}

function NumericInput({
  id, labelledBy, unit, value, onChange, disabled, reveal,
}: {
  id: string; labelledBy: string; unit?: string; value: string; onChange: (v: AnswerValue) => void; disabled: boolean; reveal: AnswerReveal | null;
}) {
  const unitId = `${id}-unit`;
  const expected = reveal && typeof reveal.correctAnswer === "number" ? reveal.correctAnswer : null;
  return (
    <div className="answer-numeric">
      <div className="answer-numeric-row" data-state={reveal ? (reveal.correct ? "right" : "wrong") : undefined}>
        <input
          id={id}
          type="number"
          step="any"
          inputMode="decimal"
          autoComplete="off"
          aria-labelledby={labelledBy}
          aria-describedby={unit ? unitId : undefined}
          value={value}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value)}
        />
        {unit ? (
          <span id={unitId} className="answer-unit">
            {unit}
          </span>
        ) : null}
      </div>
      {reveal && expected !== null ? (
        <p className="answer-mark" data-state={reveal.correct ? "right" : "wrong"}>
          {reveal.correct ? "✓ Within tolerance. " : value.trim() === "" ? "✗ Not answered. " : "✗ Not within tolerance. "}
          Correct answer: {expected.toLocaleString("en-US")}
          {unit ? ` ${unit}` : ""}
        </p>
      ) : null}
    </div>
  );
}

function FreeTextInput({ id, labelledBy, value, onChange, disabled }: { id: string; labelledBy: string; value: string; onChange: (v: AnswerValue) => void; disabled: boolean }) {
  return (
    <div className="answer-free">
      <textarea
        id={id}
        aria-labelledby={labelledBy}
        rows={6}
        maxLength={10_000}
        value={value}
        // Read-only rather than disabled after the reveal, so the answer stays selectable beside the model answer.
        readOnly={disabled}
        aria-readonly={disabled || undefined}
        onChange={(e) => onChange(e.target.value)}
        placeholder="Answer as you would in the interview, then compare with the model answer."
      />
    </div>
  );
}

function OrderingInput({
  items, value, onChange, disabled, reveal, hintId,
}: {
  items: Option[]; value: string[]; onChange: (v: AnswerValue) => void; disabled: boolean; reveal: AnswerReveal | null; hintId: string;
}) {
  const byId = new Map(items.map((i) => [i.id, i]));
  const order = value.filter((id) => byId.has(id));
  const [announcement, setAnnouncement] = useState("");
  const nodes = useRef(new Map<string, HTMLElement>());
  // Reordering moves DOM nodes, which can drop focus; the control that was used gets it back.
  const pendingFocus = useRef<string | null>(null);
  useEffect(() => {
    const key = pendingFocus.current;
    if (!key) return;
    pendingFocus.current = null;
    const el = nodes.current.get(key);
    if (el && !(el instanceof HTMLButtonElement && el.disabled)) el.focus();
    else nodes.current.get(key.split(":")[0])?.focus();
  }, [value]);

  const right = reveal && Array.isArray(reveal.correctAnswer) ? (reveal.correctAnswer as string[]) : null;

  function move(index: number, delta: number, focusKey: string) {
    const to = index + delta;
    if (disabled || to < 0 || to >= order.length) return;
    const next = [...order];
    [next[index], next[to]] = [next[to], next[index]];
    pendingFocus.current = focusKey;
    setAnnouncement(`${byId.get(order[index])?.text} moved to position ${to + 1} of ${order.length}.`);
    onChange(next);
  }

  function onItemKeyDown(e: KeyboardEvent<HTMLLIElement>, index: number, id: string) {
    if (!e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
    e.preventDefault();
    move(index, e.key === "ArrowUp" ? -1 : 1, id);
  }

  const ref = (key: string) => (el: HTMLElement | null) => {
    if (el) nodes.current.set(key, el);
    else nodes.current.delete(key);
  };

  return (
    <div className="answer-ordering">
      {!disabled ? (
        <p id={hintId} className="answer-hint">
          Focus a step and press <kbd>Alt</kbd>+<kbd>↑</kbd> or <kbd>Alt</kbd>+<kbd>↓</kbd> to move it, or use its buttons.
        </p>
      ) : null}
      <ol className="answer-order-list">
        {order.map((id, index) => {
          const item = byId.get(id)!;
          const belongsAt = right ? right.indexOf(id) : -1;
          const state = right ? (belongsAt === index ? "right" : "wrong") : undefined;
          return (
            <li
              key={id}
              ref={ref(id)}
              tabIndex={disabled ? undefined : 0}
              aria-describedby={disabled ? undefined : hintId}
              aria-label={`${index + 1} of ${order.length}: ${id}, ${item.text}`}
              className="answer-order-item"
              data-state={state}
              onKeyDown={(e) => onItemKeyDown(e, index, id)}
            >
              <span className="answer-order-position" aria-hidden="true">
                {index + 1}
              </span>
              <span className="answer-option-key">{id}</span>
              <span className="answer-option-text">
                <InlineMarkdown text={item.text} />
              </span>
              {state ? (
                <span className="answer-mark" data-state={state}>
                  {state === "right" ? "✓ In place" : `✗ Belongs at ${belongsAt + 1}`}
                </span>
              ) : null}
              {!disabled ? (
                <span className="answer-order-buttons">
                  <button type="button" ref={ref(`${id}:up`)} className="icon-button" aria-label={`Move “${item.text}” up`} disabled={index === 0} onClick={() => move(index, -1, `${id}:up`)}>
                    ↑
                  </button>
                  <button type="button" ref={ref(`${id}:down`)} className="icon-button" aria-label={`Move “${item.text}” down`} disabled={index === order.length - 1} onClick={() => move(index, 1, `${id}:down`)}>
                    ↓
                  </button>
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
      {right && right.some((id, i) => order[i] !== id) ? (
        <div className="answer-correct-order">
          <p className="answer-legend">Correct order</p>
          <ol>
            {right.map((id) => (
              <li key={id}>
                <InlineMarkdown text={byId.get(id)?.text ?? id} />
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
