import Link from "next/link";
import { signOutAction } from "@/app/(auth)/actions";
import { currentUser } from "@/lib/auth/session.server";
import { navFor, roleLabels } from "@/lib/navigation";
import { Logo } from "./logo";
import { MainNav } from "./main-nav";
import { SearchBox } from "./search/search-box";
import { ThemeToggle } from "./theme-toggle";

export async function SiteHeader() {
  const user = await currentUser();
  return (
    <header className="site-header">
      <div className="container">
        <Link href="/" className="brand" aria-label="Quorum home">
          <Logo />
          Quorum
        </Link>
        <MainNav items={navFor(user?.role)} />
        <div className="header-actions">
          <SearchBox />
          <ThemeToggle />
          {user ? (
            <details className="account-menu">
              <summary aria-label={`Account menu for ${user.name}`}>
                <span className="avatar" aria-hidden="true">{user.name.slice(0, 1).toUpperCase()}</span>
                <span className="account-name">{user.name}</span>
              </summary>
              <div className="menu">
                <div className="menu-header">
                  <strong>{user.name}</strong>
                  <div className="muted">{user.email}</div>
                  <span className="role-badge">{roleLabels[user.role]}</span>
                </div>
                <Link href="/account">Account and settings</Link>
                <form action={signOutAction}>
                  <button type="submit">Sign out</button>
                </form>
              </div>
            </details>
          ) : (
            <>
              <Link href="/signin" className="button secondary">Sign in</Link>
              <Link href="/signup" className="button">Sign up</Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
