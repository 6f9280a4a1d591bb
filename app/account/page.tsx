import { requireUser } from "@/lib/auth/session.server";
import { roleLabels } from "@/lib/navigation";
import { signOutAction } from "@/app/(auth)/actions";

export const metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireUser("/account");
  return (
    <div className="container page" style={{ maxWidth: "40rem" }}>
      <h1>Account</h1>
      <div className="card">
        <dl className="facts">
          <dt>Name</dt><dd>{user.name}</dd>
          <dt>Email</dt><dd>{user.email}</dd>
          <dt>Role</dt><dd>{roleLabels[user.role]}</dd>
        </dl>
      </div>
      <form action={signOutAction} style={{ marginTop: "1.5rem" }}>
        <button className="button secondary" type="submit">Sign out</button>
      </form>
    </div>
  );
}
