import Link from "next/link";
import { mainNav } from "@/lib/navigation";
import { AccountMenu } from "./account-menu";
import { CurrentUserProvider } from "./current-user";
import { Logo } from "./logo";
import { MainNav } from "./main-nav";
import { SearchBox } from "./search/search-box";
import { ThemeToggle } from "./theme-toggle";

// Static: the per-user parts (role-specific links, account menu) load in the browser from /api/me,
// so pages such as lessons can be prerendered.
export function SiteHeader() {
  return (
    <CurrentUserProvider>
      <header className="site-header">
        <div className="container">
          <Link href="/" className="brand" aria-label="Quorum home">
            <Logo />
            Quorum
          </Link>
          <MainNav items={[...mainNav]} />
          <div className="header-actions">
            <SearchBox />
            <ThemeToggle />
            <AccountMenu />
          </div>
        </div>
      </header>
    </CurrentUserProvider>
  );
}
