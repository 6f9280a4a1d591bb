"use client";
// The learner's answer in the same controls they answered with, locked, with the right answer marked.
import { AnswerInput, initialAnswer, type AnswerValue } from "@/components/practice/answer-input";
import type { PublicQuestion } from "@/lib/practice/grading";

interface Props {
  question: PublicQuestion;
  answer: unknown;
  correct: boolean | null;
  correctAnswer: unknown;
  promptId: string;
}

function asValue(question: PublicQuestion, answer: unknown): AnswerValue {
  if (answer === null || answer === undefined) return question.type === "ordering" ? [] : initialAnswer(question);
  if (Array.isArray(answer)) return answer.map(String);
  return String(answer);
}

export function AnswerReview({ question, answer, correct, correctAnswer, promptId }: Props) {
  return (
    <AnswerInput
      question={question}
      value={asValue(question, answer)}
      onChange={() => {}}
      disabled
      reveal={question.type === "free" ? null : { correct, correctAnswer }}
      promptId={promptId}
    />
  );
}
