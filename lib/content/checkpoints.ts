// Where a lesson's checkpoints are (`<Checkpoint id="…" />` in its MDX) and the questions they
// name, for the checker, the lesson page and its server actions. See docs/decisions/096.
import type { Lesson } from "./loader";

export const CHECKPOINT_COMPONENT = "Checkpoint";

export interface CheckpointUse {
  /** The `id` prop, or null when it is missing or not a literal string. */
  id: string | null;
  line: number;
}

export function checkpointUses(lesson: Pick<Lesson, "analysis">): CheckpointUse[] {
  return lesson.analysis.components
    .filter((c) => c.name === CHECKPOINT_COMPONENT)
    .map((c) => {
      const id = c.props.id;
      return { id: id?.ok && typeof id.value === "string" && id.value !== "" ? id.value : null, line: c.line };
    });
}

/** Question types a reader can answer inline and have graded at once. */
export const CHECKPOINT_TYPES = ["single", "multiple", "numeric", "ordering", "simulation"] as const;

/** Why a question type cannot be a checkpoint, or null when it can. */
export function checkpointTypeProblem(type: string): string | null {
  if ((CHECKPOINT_TYPES as readonly string[]).includes(type)) return null;
  if (type === "free") return "free-text questions are not auto-graded, so a checkpoint could give no verdict: use them in the review queue and drills";
  return `questions of type "${type}" cannot be checkpoints`;
}
