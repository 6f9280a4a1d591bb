// Comment threads on a learner's free-text quiz answers and mock-drill answers. A mentor's comment
// notifies the learner; the learner's reply notifies the people who commented before and can still
// see the learner (a mentor whose learner has left gets nothing, not even an excerpt).
import { recordId, storableText } from "@/lib/validations/input";
import { z } from "zod";
import type { Db } from "@/lib/db/database";
import type { Prisma } from "@/lib/generated/prisma/client";
import { mentorIdsOf } from "@/lib/permissions/relations";
import { MentorError } from "./errors";

export type ThreadKind = "quiz" | "drill";
export interface ThreadTarget {
  kind: ThreadKind;
  /** A QuizAnswer id (kind "quiz") or a DrillSession id (kind "drill"). */
  id: string;
}

export const threadTargetSchema = z.object({ kind: z.enum(["quiz", "drill"]), id: recordId });

export const commentBodySchema = storableText("Write a comment.")
  .trim()
  .min(1, "Write a comment.")
  .max(4000, "Keep a comment under 4,000 characters.");

export interface ThreadComment {
  id: string;
  body: string;
  createdAt: Date;
  author: { id: string; name: string; role: string };
}

const commentSelect = {
  id: true,
  body: true,
  createdAt: true,
  author: { select: { id: true, name: true, role: true } },
} satisfies Prisma.CommentSelect;

function targetWhere(target: ThreadTarget) {
  return target.kind === "quiz" ? { quizAnswerId: target.id } : { drillSessionId: target.id };
}

/** Whose answer the thread is on, and what it was; null if the answer does not exist. */
export async function threadSubject(db: Db, target: ThreadTarget) {
  if (target.kind === "quiz") {
    const a = await db.quizAnswer.findUnique({
      where: { id: target.id },
      select: { userId: true, answer: true, submittedAt: true, item: { select: { question: { select: { id: true, prompt: true, type: true, family: true, data: true } } } } },
    });
    if (!a) return null;
    const data = (a.item.question.data ?? {}) as { modelAnswer?: string; rubric?: string[] };
    return {
      learnerId: a.userId,
      title: a.item.question.prompt,
      answer: typeof a.answer === "string" ? a.answer : a.answer === null ? "" : JSON.stringify(a.answer),
      at: a.submittedAt,
      modelAnswer: data.modelAnswer ?? null,
    };
  }
  const d = await db.drillSession.findUnique({ where: { id: target.id }, select: { userId: true, promptId: true, startedAt: true, phases: true } });
  if (!d) return null;
  return { learnerId: d.userId, title: `Mock drill: ${d.promptId}`, answer: drillText(d.phases), at: d.startedAt, modelAnswer: null };
}

/** A drill's phases as readable text: each phase's name and what the learner wrote. */
export function drillPhases(phases: unknown): Array<{ phase: string; text: string }> {
  if (!Array.isArray(phases)) return [];
  return phases.map((p) => {
    const o = (p ?? {}) as { phase?: unknown; text?: unknown };
    return { phase: String(o.phase ?? ""), text: typeof o.text === "string" ? o.text : "" };
  });
}

function drillText(phases: unknown): string {
  return drillPhases(phases)
    .filter((p) => p.text.trim())
    .map((p) => `${p.phase}: ${p.text}`)
    .join("\n\n");
}

export async function listThread(db: Db, target: ThreadTarget): Promise<ThreadComment[]> {
  return db.comment.findMany({ where: targetWhere(target), orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: commentSelect });
}

/** Threads for many answers at once, keyed by answer id (for the drill-down page). */
export async function threadsFor(db: Db, quizAnswerIds: string[], drillSessionIds: string[]): Promise<Map<string, ThreadComment[]>> {
  const rows = await db.comment.findMany({
    where: { OR: [{ quizAnswerId: { in: quizAnswerIds } }, { drillSessionId: { in: drillSessionIds } }] },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { ...commentSelect, quizAnswerId: true, drillSessionId: true },
  });
  const threads = new Map<string, ThreadComment[]>();
  for (const { quizAnswerId, drillSessionId, ...c } of rows) {
    const key = (quizAnswerId ?? drillSessionId)!;
    threads.set(key, [...(threads.get(key) ?? []), c]);
  }
  return threads;
}

/** Notification.payload of a "comment" notification, parsed where it is read (lib/mentor/notifications.ts). */
export const commentNotificationPayload = z.object({
  commentId: z.string(),
  threadKind: z.enum(["quiz", "drill"]) satisfies z.ZodType<ThreadKind>,
  targetId: z.string(),
  learnerId: z.string(),
  authorName: z.string(),
  /** The start of the comment, for the notification list. */
  excerpt: z.string(),
  /** What the thread is about (a question's prompt or the drill). */
  subject: z.string(),
});
export type CommentNotificationPayload = z.infer<typeof commentNotificationPayload>;

function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/**
 * Adds a comment to the thread and notifies the other side. The caller has already checked that
 * `author` may comment on this learner's answers (`can(author, "comment", …)`).
 */
export async function addComment(db: Db, author: { id: string; name: string }, target: ThreadTarget, body: unknown, now = new Date()): Promise<ThreadComment> {
  const parsedBody = commentBodySchema.safeParse(body);
  if (!parsedBody.success) throw new MentorError(parsedBody.error.issues[0].message);
  const subject = await threadSubject(db, target);
  if (!subject) throw new MentorError("That answer no longer exists.", 404);

  let recipients: string[];
  if (author.id === subject.learnerId) {
    const earlier = await db.comment.findMany({ where: { ...targetWhere(target), authorId: { not: author.id } }, distinct: ["authorId"], select: { authorId: true } });
    const stillMentors = new Set(await mentorIdsOf(db, subject.learnerId));
    recipients = earlier.map((c) => c.authorId).filter((id) => stillMentors.has(id));
  } else {
    recipients = [subject.learnerId];
  }

  return db.$transaction(async (tx) => {
    const comment = await tx.comment.create({
      data: { authorId: author.id, learnerId: subject.learnerId, ...targetWhere(target), body: parsedBody.data, createdAt: now },
      select: commentSelect,
    });
    if (recipients.length > 0) {
      const payload: CommentNotificationPayload = {
        commentId: comment.id,
        threadKind: target.kind,
        targetId: target.id,
        learnerId: subject.learnerId,
        authorName: author.name,
        excerpt: excerpt(parsedBody.data, 160),
        subject: excerpt(subject.title, 120),
      };
      await tx.notification.createMany({
        data: recipients.map((userId) => ({ userId, kind: "comment", payload, createdAt: now })),
      });
    }
    return comment;
  });
}
