// A card's state as a chip (its place in the schedule, or that it is suspended: a leech says so), and a prompt excerpt's inline Markdown.
import type { CardStateName } from "@/lib/practice/scheduler";

export const STATE_LABELS: Record<CardStateName, string> = { NEW: "New", LEARNING: "Learning", REVIEW: "Review", RELEARNING: "Relearning" };

export function CardStateChip({ state, suspended, leech }: { state: CardStateName; suspended: boolean; leech: boolean }) {
  if (suspended) return <span className="card-chip" data-state="suspended">{leech ? "Suspended (leech)" : "Suspended"}</span>;
  return <span className="card-chip" data-state={state.toLowerCase()}>{STATE_LABELS[state]}</span>;
}

/** A prompt excerpt's inline Markdown: `code` as code, **bold** as bold, the rest as text. */
export function InlineText({ text }: { text: string }) {
  return text.split(/(`[^`]+`|\*\*[^*]+\*\*)/g).map((part, i) =>
    part.startsWith("`") && part.endsWith("`") && part.length > 2 ? (
      <code key={i}>{part.slice(1, -1)}</code>
    ) : part.startsWith("**") && part.endsWith("**") && part.length > 4 ? (
      <strong key={i}>{part.slice(2, -2)}</strong>
    ) : (
      part
    ),
  );
}
