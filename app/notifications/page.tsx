import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { listNotifications } from "@/lib/mentor/notifications";
import { ownAccount } from "@/lib/permissions";
import { dateTime } from "@/lib/format";
import { markAllReadAction } from "./actions";
import "@/components/mentor/mentor.css";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const user = await requireUser("/notifications", "read", ownAccount);
  const notifications = await listNotifications(await getDb(), user.id);
  const unread = notifications.filter((n) => !n.readAt).length;

  return (
    <div className="container page mentor-page mentor-narrow">
      <header className="mentor-header mentor-header-row">
        <div>
          <h1>Notifications</h1>
          <p className="lead muted">{unread === 0 ? "You're all caught up." : `${unread} unread.`}</p>
        </div>
        {unread > 0 ? (
          <form action={markAllReadAction}>
            <button type="submit" className="button secondary">Mark all as read</button>
          </form>
        ) : null}
      </header>
      {notifications.length === 0 ? (
        <p className="muted">
          Nothing yet. When a mentor comments on one of your answers, or a learner replies to your comment, it appears here.
        </p>
      ) : (
        <ul className="mentor-notifications">
          {notifications.map((n) => (
            <li key={n.id} data-unread={!n.readAt || undefined}>
              {/* A plain link: opening marks the notification read on the server, then goes to the thread. */}
              <a href={`/notifications/open/${n.id}`} className="mentor-notification">
                <span className="mentor-notification-title">
                  {!n.readAt ? <span className="mentor-unread-dot" aria-label="Unread" /> : null}
                  {n.comment ? (
                    <>
                      <strong>{n.comment.authorName}</strong>{" "}
                      {n.comment.learnerId === user.id ? "commented on your answer" : "replied"} to “{n.comment.subject}”
                    </>
                  ) : (
                    "Notification"
                  )}
                </span>
                {n.comment ? <span className="mentor-notification-excerpt">{n.comment.excerpt}</span> : null}
                <time className="muted" dateTime={n.createdAt.toISOString()}>{dateTime(n.createdAt)}</time>
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
