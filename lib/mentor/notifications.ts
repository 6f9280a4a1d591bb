// A user's notifications (today: comments on answers). Every query is scoped by the owner's id,
// so nobody can read or mark another person's notifications.
import type { Db } from "@/lib/db/database";
import { commentNotificationPayload, type CommentNotificationPayload } from "./comments";

export async function unreadNotificationCount(db: Db, userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}

export interface NotificationItem {
  id: string;
  kind: string;
  createdAt: Date;
  readAt: Date | null;
  comment: CommentNotificationPayload | null;
}

/** A comment notification's payload, checked; null for other kinds and for a payload of another shape. */
function commentOf(n: { kind: string; payload: unknown }): CommentNotificationPayload | null {
  if (n.kind !== "comment") return null;
  const parsed = commentNotificationPayload.safeParse(n.payload);
  return parsed.success ? parsed.data : null;
}

export async function listNotifications(db: Db, userId: string, take = 50): Promise<NotificationItem[]> {
  const rows = await db.notification.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, kind: true, createdAt: true, readAt: true, payload: true },
  });
  return rows.map((n) => ({
    id: n.id,
    kind: n.kind,
    createdAt: n.createdAt,
    readAt: n.readAt,
    comment: commentOf(n),
  }));
}

/** Marks one notification read and returns it; null if it is not the user's. */
export async function openNotification(db: Db, userId: string, notificationId: string, now = new Date()): Promise<NotificationItem | null> {
  await db.notification.updateMany({ where: { id: notificationId, userId, readAt: null }, data: { readAt: now } });
  const n = await db.notification.findFirst({ where: { id: notificationId, userId }, select: { id: true, kind: true, createdAt: true, readAt: true, payload: true } });
  if (!n) return null;
  return { ...n, comment: commentOf(n) };
}

export async function markAllNotificationsRead(db: Db, userId: string, now = new Date()): Promise<number> {
  const r = await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: now } });
  return r.count;
}

/** Where a comment notification leads: the learner's own thread page, or the mentor's view of the learner. */
export function notificationHref(recipientId: string, payload: CommentNotificationPayload): string {
  if (recipientId === payload.learnerId) return `/notifications/threads/${payload.threadKind}/${payload.targetId}`;
  return `/mentor/learners/${payload.learnerId}#answer-${payload.targetId}`;
}
