import Link from "next/link";
import { FAMILIES, familyName, lessonHref } from "@/lib/content/families";
import { currentUser } from "@/lib/auth/session.server";
import { getCatalog } from "@/lib/content/catalog.server";
import { getDb } from "@/lib/db/client.server";
import { navFor } from "@/lib/navigation";
import { can, ownData } from "@/lib/permissions";
import { lessonToContinue, startPage } from "@/lib/practice/start";
import { dayKey } from "@/lib/practice/time";
import { StartView } from "./_start/start-view";

const FIRST_LESSON = "/learn/replication/leader-follower-replication";

export default async function Home({ searchParams }: { searchParams: Promise<{ welcome?: string; deleted?: string }> }) {
  const [user, params] = await Promise.all([currentUser(), searchParams]);
  if (user && can(user, "read", ownData(user))) {
    // Signed in: what to do now, instead of the pitch.
    const now = new Date();
    const [db, catalog] = await Promise.all([getDb(), getCatalog()]);
    const data = await startPage(db, user.id, now);
    const next = lessonToContinue(catalog.lessons, data.read, data.lastReadId);
    const roleLinks = navFor(user.role)
      .filter((i) => i.roles)
      .map((i) => ({ href: i.href, label: `${i.label} area` }));
    return (
      <StartView
        name={user.name}
        welcome={Boolean(params.welcome)}
        data={data}
        now={now}
        today={dayKey(now, "UTC")}
        roleLinks={roleLinks}
        lesson={next && { href: lessonHref(next.lesson), title: next.lesson.title, family: familyName(next.lesson.family), minutes: next.lesson.minutes, afterLastRead: next.afterLastRead }}
      />
    );
  }
  return (
    <div className="container">
      <section className="hero">
        {params.deleted && !user ? <p className="notice" role="status">Your account and everything Quorum held about you were deleted.</p> : null}
        <h1>Get fluent in distributed systems before the interview.</h1>
        <p className="lead">
          Quorum teaches the six families of system-design questions with short lessons, simulations you can break,
          timed quizzes, and a review queue that brings each idea back just before you would forget it.
        </p>
        <div className="actions">
          <Link href={FIRST_LESSON} className="button large">Start the first lesson</Link>
          <Link href="/learn" className="button secondary large">Browse all lessons</Link>
        </div>
      </section>

      <section aria-labelledby="how">
        <h2 id="how" className="section-title">How it works</h2>
        <div className="grid">
          <div className="card feature">
            <h3 style={{ margin: "0 0 0.4rem", fontSize: "1.05rem" }}>Read and run</h3>
            <p>Each lesson explains one idea for interview use and embeds a deterministic simulation: crash a Raft leader, partition a quorum, overload a queue.</p>
          </div>
          <div className="card feature">
            <h3 style={{ margin: "0 0 0.4rem", fontSize: "1.05rem" }}>Answer against the clock</h3>
            <p>Timed quizzes with server-kept time, a daily challenge, and 45-minute mock design drills in phases.</p>
          </div>
          <div className="card feature">
            <h3 style={{ margin: "0 0 0.4rem", fontSize: "1.05rem" }}>Remember it</h3>
            <p>Spaced repetition (FSRS) schedules every question you add, and a dashboard shows what is weak and what is due.</p>
          </div>
        </div>
      </section>

      <section aria-labelledby="families" style={{ paddingBottom: "4rem" }}>
        <h2 id="families" className="section-title">The six question families</h2>
        <ul className="family-list">
          {FAMILIES.map((f) => (
            <li key={f.slug}>
              <Link href={`/learn#${f.slug}`}><strong>{f.name}</strong></Link>
              <span className="muted">{f.blurb}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
