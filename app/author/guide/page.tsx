import type { Metadata } from "next";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { AuthorNav } from "@/components/author/author-nav";
import { requireUser } from "@/lib/auth/session.server";
import { CONTENT_STATS } from "@/lib/permissions";
import { renderMarkdown } from "@/lib/content/markdown.server";

export const metadata: Metadata = { title: "Authoring guide" };

/** docs/authoring.md, the same file authors read in the repository, shown in the author area. */
export default async function AuthoringGuidePage() {
  await requireUser("/author/guide", "read", CONTENT_STATS); // app/author/forbidden.tsx, HTTP 403
  const guide = await readFile(path.join(process.cwd(), "docs", "authoring.md"), "utf8");
  // The page has its own title; the guide's first heading would repeat it.
  const body = guide.replace(/^# .*\n/, "");
  return (
    <div className="container page author-page">
      <header className="author-header">
        <h1>Authoring guide</h1>
        <p className="lead muted">
          How to write a lesson and its questions, from <code>docs/authoring.md</code> (the contract is <code>docs/content-format.md</code>).
        </p>
        <AuthorNav current="/author/guide" />
      </header>
      <article className="author-guide author-prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(body) }} />
    </div>
  );
}
