import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { AttemptInProgressError, currentQuizItem } from "@/lib/practice/quiz";
import { NotFoundError } from "@/lib/errors";
import { QuizRunner } from "@/components/quiz/quiz-runner";
import { toServedItem } from "@/lib/views/quiz.server";
import "../../practice.css";

export const metadata: Metadata = { title: "Quiz" };

type Params = { params: Promise<{ id: string }> };

export default async function QuizPage({ params }: Params) {
  const { id } = await params;
  const user = await requireUser(`/practice/quiz/${id}`, "update");
  const db = await getDb();
  let item;
  try {
    // Serving starts (or, on a reload, keeps) the question's clock on the server.
    item = toServedItem(await currentQuizItem(db, user.id, id));
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    // Another timed attempt is running: the practice page offers to resume or end it.
    if (err instanceof AttemptInProgressError) redirect("/practice?blocked=1");
    throw err;
  }
  if (item.status === "finished") redirect(`/practice/quiz/${id}/results`);
  return (
    <div className="container page quiz-page">
      <QuizRunner quizId={id} initialItem={item} />
    </div>
  );
}
