"use client";
// The header's right-hand side for the signed-in user (or Sign in / Sign up). Space is reserved
// while the user loads so the header does not jump.
import Link from "next/link";
import { roleLabels } from "@/lib/navigation";
import { useCurrentUser } from "./current-user";
import { plural } from "@/lib/format";

export function AccountMenu() {
  const state = useCurrentUser();
  if (state.status === "loading") return <span className="account-placeholder" aria-hidden="true" />;
  if (state.status === "anonymous") {
    return (
      <>
        <Link href="/signin" className="button secondary">Sign in</Link>
        <Link href="/signup" className="button signup-link">Sign up</Link>
      </>
    );
  }
  const { user, unreadNotifications } = state;
  return (
    <details className="account-menu">
      <summary aria-label={`Account menu for ${user.name}${unreadNotifications ? `, ${plural(unreadNotifications, "unread notification")}` : ""}`}>
        <span className="avatar" aria-hidden="true">{user.name.slice(0, 1).toUpperCase()}</span>
        <span className="account-name">{user.name}</span>
        {unreadNotifications > 0 ? <span className="notification-dot" aria-hidden="true">{unreadNotifications}</span> : null}
      </summary>
      <div className="menu">
        <div className="menu-header">
          <strong>{user.name}</strong>
          <div className="muted">{user.email}</div>
          <span className="role-badge">{roleLabels[user.role]}</span>
        </div>
        <Link href="/notifications">Notifications{unreadNotifications > 0 ? ` (${unreadNotifications} unread)` : ""}</Link>
        <Link href="/account">Account and settings</Link>
        <form method="post" action="/api/signout">
          <button type="submit">Sign out</button>
        </form>
      </div>
    </details>
  );
}
