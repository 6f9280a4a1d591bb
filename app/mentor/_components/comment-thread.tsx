// A comment thread under an answer: who said what and when, then the form to add to it.
import type { ThreadComment } from "@/lib/mentor/comments";
import { roleLabels } from "@/lib/navigation";
import type { Role } from "@/lib/generated/prisma/enums";
import { CommentForm } from "./forms";
import { dateTime } from "@/lib/format";

export function CommentThread({
  kind, targetId, comments, learnerId, canComment, formLabel,
}: {
  kind: "quiz" | "drill";
  targetId: string;
  comments: ThreadComment[];
  learnerId: string;
  canComment: boolean;
  formLabel: string;
}) {
  return (
    <div className="mentor-thread">
      {comments.length > 0 ? (
        <ol className="mentor-thread-list" aria-label="Comments">
          {comments.map((c) => (
            <li key={c.id} className="mentor-comment" data-own={c.author.id === learnerId || undefined}>
              <p className="mentor-comment-meta">
                <strong>{c.author.name}</strong>
                <span className="role-badge">{c.author.id === learnerId ? "Learner" : roleLabels[c.author.role as Role]}</span>
                <time dateTime={new Date(c.createdAt).toISOString()}>{dateTime(c.createdAt)}</time>
              </p>
              <p className="mentor-comment-body">{c.body}</p>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted mentor-thread-empty">No comments yet.</p>
      )}
      {canComment ? <CommentForm kind={kind} targetId={targetId} label={formLabel} /> : null}
    </div>
  );
}
