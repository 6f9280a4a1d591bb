import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { listUsers } from "@/lib/admin/users";
import { roleLabels } from "@/lib/navigation";
import { ALL_ACCOUNTS } from "@/lib/permissions";
import { date, plural } from "@/lib/format";
import { RoleForm } from "./role-form";
import "@/components/mentor/mentor.css";

export const metadata: Metadata = { title: "Users and roles" };

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<{ q?: string; page?: string }> }) {
  const { q = "", page = "1" } = await searchParams;
  // Listing every account needs "any" access to accounts (app/admin/forbidden.tsx, HTTP 403 otherwise).
  const user = await requireUser("/admin/users", "read", ALL_ACCOUNTS);
  const query = typeof q === "string" ? q : "";
  const result = await listUsers(await getDb(), { query, page: Number(page) || 1 });
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const href = (p: number) => `/admin/users?${new URLSearchParams({ ...(query ? { q: query } : {}), page: String(p) })}`;

  return (
    <div className="container page mentor-page">
      <header className="mentor-header">
        <h1>Users and roles</h1>
        <p className="lead muted">
          Roles decide what each person can open: mentors create cohorts, authors see item statistics, admins manage everything. A
          change applies on the person&apos;s next page load.
        </p>
      </header>
      <form className="mentor-controls" role="search" action="/admin/users">
        <div className="field">
          <label htmlFor="user-search">Find by name or email</label>
          <input id="user-search" name="q" type="search" defaultValue={query} />
        </div>
        <button className="button secondary" type="submit">Search</button>
        <p className="mentor-count muted">{plural(result.total, "user")}</p>
      </form>
      <div className="mentor-scroll" tabIndex={0} role="region" aria-label="Users">
        <table className="mentor-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Joined</th>
              <th scope="col">Role</th>
            </tr>
          </thead>
          <tbody>
            {result.users.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.name}{u.id === user.id ? <small className="muted"> (you)</small> : null}</th>
                <td>{u.email}</td>
                <td>{date(u.createdAt)}</td>
                <td>
                  <span className="visually-hidden">Currently {roleLabels[u.role]}. </span>
                  <RoleForm userId={u.id} userName={u.name} role={u.role} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {result.users.length === 0 ? <p className="muted mentor-empty">No user matches “{query}”.</p> : null}
      </div>
      {pages > 1 ? (
        <nav className="mentor-pager" aria-label="Pages">
          {result.page > 1 ? <Link href={href(result.page - 1)}>Previous</Link> : <span />}
          <span className="muted">Page {result.page} of {pages}</span>
          {result.page < pages ? <Link href={href(result.page + 1)}>Next</Link> : <span />}
        </nav>
      ) : null}
    </div>
  );
}
