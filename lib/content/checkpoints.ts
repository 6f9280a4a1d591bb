// Where a lesson's checkpoints are (`<Checkpoint id="…" />` in its MDX) and the questions they
// name, for the checker, the lesson page and its server actions. See docs/decisions/096.
import { questionData, type Lesson, type Question } from "./loader";
import { checkpointTypeProblem, type CheckpointQuestion } from "@/lib/practice/checkpoint";

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

/** A question from the content files in the shape grading takes (the same data sync stores). */
export function checkpointQuestion(q: Question): CheckpointQuestion {
  return {
    id: q.id,
    type: q.type,
    data: questionData(q),
    prompt: q.prompt,
    mode: q.mode,
    difficulty: q.difficulty,
    family: q.family,
    explanation: q.explanation,
    version: q.contentHash,
  };
}

/**
 * The checkpoint `questionId` of `lesson`, or null unless the lesson places it, the question is
 * one of the lesson's own and its type can be a checkpoint. Server actions answer only these, so
 * they cannot be used to grade or explain any other question.
 */
export function findCheckpoint(lesson: Lesson, questions: readonly Question[], questionId: string): CheckpointQuestion | null {
  if (!checkpointUses(lesson).some((u) => u.id === questionId)) return null;
  const q = questions.find((x) => x.id === questionId && x.lessonId === lesson.id);
  if (!q || checkpointTypeProblem(q.type)) return null;
  return checkpointQuestion(q);
}
