// Checkpoints: a question of the lesson's own questions file, placed by the author after the
// section it tests (`<Checkpoint id="…" />`) and answered in place. The page carries the question
// as every practice screen serves it (options shuffled under labels A, B, C…, no answer, no
// explanation); the verdict, the key and the explanation come back from the server only after an
// answer. Pure: the route looks the question up and decides who may see what (docs/decisions/096).
import { DomainError } from "@/lib/errors";
import { correctAnswer, gradeAnswer, parseServedAnswer, servedAnswer, servedQuestion, servedText, type GradableQuestion, type PublicQuestion } from "./grading";
import type { PresentationKey } from "./presentation";
import { checkpointTypeProblem, checkpointUses } from "@/lib/content/checkpoints";
import { questionData, type Lesson, type Question } from "@/lib/content/loader";

/**
 * The presentation of a checkpoint: one order per question and version for every reader, since the
 * lesson page is the same for everyone. It differs from the order of any quiz item or card, so a
 * label learned here says nothing there.
 */
export function checkpointKey(questionId: string, version: string): PresentationKey {
  return `checkpoint:${questionId}:${version}`;
}

export interface CheckpointQuestion extends GradableQuestion {
  prompt: string;
  mode: string;
  difficulty: string;
  family: string;
  explanation: string;
  /** Changes when the question's content changes (its content hash): a new order for a new version. */
  version: string;
}

export interface ServedCheckpoint {
  questionId: string;
  question: PublicQuestion;
}

export function serveCheckpoint(q: CheckpointQuestion): ServedCheckpoint {
  if (checkpointTypeProblem(q.type)) throw new DomainError("This question cannot be answered in the lesson.");
  return { questionId: q.id, question: servedQuestion(q, checkpointKey(q.id, q.version)) };
}

export interface CheckpointVerdict {
  correct: boolean;
  /** 0..1: an ordering earns a share for each step in place. */
  score: number;
  /** The right answer in the labels this checkpoint shows (a number for numeric questions). */
  correctAnswer: unknown;
  /** The explanation (Markdown) with its option references rewritten to those labels. */
  explanation: string;
}

/**
 * Grades an answer given in the checkpoint's labels. Bad input (an unknown label, an ordering that
 * leaves a step out, no number) throws InvalidAnswerError with a message for the reader (400).
 */
export function gradeCheckpoint(q: CheckpointQuestion, answer: unknown): CheckpointVerdict {
  if (checkpointTypeProblem(q.type)) throw new DomainError("This question cannot be answered in the lesson.");
  const key = checkpointKey(q.id, q.version);
  const ids = parseServedAnswer(q, key, answer);
  const grade = gradeAnswer(q, ids);
  return {
    correct: grade.correct === true,
    score: grade.score,
    correctAnswer: servedAnswer(q, key, correctAnswer(q)),
    explanation: servedText(q, key, q.explanation),
  };
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
