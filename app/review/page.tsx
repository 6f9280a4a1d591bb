import type { Metadata } from "next";
import { ReviewSession } from "./_components/review-session";
import { requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { FAMILIES } from "@/lib/content/families";
import { SetAsideCards } from "./_components/set-aside-cards";
import { reviewPageView } from "@/lib/views/review.server";
import "./review.css";

export const metadata: Metadata = { title: "Review" };

export default async function ReviewPage() {
  const user = await requireUser("/review");
  const db = await getDb();
  const { card, queue, setAside } = await reviewPageView(db, user.id);
  return (
    <div className="container page review-page">
      <header className="review-header">
        <h1>Review</h1>
        <p className="muted">Answer from memory, check, then say how well you knew it. Each rating sets when the card comes back.</p>
      </header>
      <ReviewSession initialCard={card} initialQueue={queue} families={FAMILIES.map(({ slug, name }) => ({ slug, name }))} />
      <SetAsideCards cards={setAside} />
    </div>
  );
}
