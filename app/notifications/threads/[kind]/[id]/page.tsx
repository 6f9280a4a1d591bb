import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { listThread, threadSubject, threadTargetSchema } from "@/lib/mentor/comments";
import { can } from "@/lib/permissions";
import { mentorIdsOf } from "@/lib/permissions/relations";
import { CommentThread } from "@/app/mentor/_components/comment-thread";
import { dateTime } from "@/lib/format";
import "@/components/mentor/mentor.css";

export const metadata: Metadata = { title: "Comments on your answer" };

/** One answer and its comment thread, where the learner reads their mentor's feedback and replies. */
export default async function ThreadPage({ params }: { params: Promise<{ kind: string; id: string }> }) {
  const { kind, id } = await params;
  const user = await requireUser(`/notifications/threads/${kind}/${id}`);
  const target = threadTargetSchema.safeParse({ kind, id });
  if (!target.success) notFound();
  const db = await getDb();
  const subject = await threadSubject(db, target.data);
  if (!subject) notFound();
  const thread = { type: "comment" as const, learnerId: subject.learnerId, mentorIds: await mentorIdsOf(db, subject.learnerId) };
  if (!can(user, "read", thread)) notFound();
  const comments = await listThread(db, target.data);
  const own = subject.learnerId === user.id;

  return (
    <div className="container page mentor-page mentor-narrow">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/notifications">Notifications</Link> <span aria-hidden="true">/</span> <span aria-current="page">Comments</span>
      </nav>
      <h1>{own ? "Comments on your answer" : "Comments on the answer"}</h1>
      <article className="card mentor-answer">
        <p className="mentor-answer-question">{subject.title}</p>
        <p className="muted mentor-answer-meta">Answered {dateTime(subject.at)}</p>
        <blockquote className="mentor-answer-text">{subject.answer || "No answer was given."}</blockquote>
        {subject.modelAnswer ? (
          <details className="mentor-model">
            <summary>Model answer</summary>
            <p>{subject.modelAnswer}</p>
          </details>
        ) : null}
        <h2 className="mentor-thread-title">Comments</h2>
        <CommentThread
          kind={target.data.kind}
          targetId={target.data.id}
          comments={comments}
          learnerId={subject.learnerId}
          canComment={can(user, "comment", thread)}
          formLabel={own ? "Reply" : "Comment"}
        />
      </article>
    </div>
  );
}
