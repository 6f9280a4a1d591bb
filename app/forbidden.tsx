import Link from "next/link";
import { ForbiddenNotice } from "@/components/forbidden-notice";

/**
 * Shown with HTTP 403 when `forbidden()` is called below a segment without its own forbidden.tsx.
 * Static on purpose: a root boundary that read the session would make every page of the app,
 * lessons included, render per request instead of at build time.
 */
export default function Forbidden() {
  return (
    <ForbiddenNotice
      title="You can't open this page"
      actions={
        <>
          <Link className="button" href="/learn">Go to lessons</Link>
          <Link className="button secondary" href="/account">Your account</Link>
        </>
      }
    >
      <p>This page is not part of what your account can do. If you think it should be, ask an admin.</p>
    </ForbiddenNotice>
  );
}
