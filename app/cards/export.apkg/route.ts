// GET /cards/export.apkg: the learner's cards as an Anki deck; ?lesson=<id>: one lesson's
// questions. Signed-in learners only (answers are in it); questions on the clock in a timed
// attempt in progress are left out (lib/anki/deck.ts).
import { currentUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { can, ownData } from "@/lib/permissions";
import { buildApkg } from "@/lib/anki/apkg";
import { cardsDeck, lessonDeck } from "@/lib/anki/deck";

export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const lessonId = url.searchParams.get("lesson");
  const user = await currentUser();
  if (!user) {
    const back = `/cards/export.apkg${url.search}`;
    return new Response(null, { status: 303, headers: { location: `/signin?callbackUrl=${encodeURIComponent(back)}` } });
  }
  if (!can(user, "export", ownData(user))) return new Response("You can't export these cards.", { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
  const db = await getDb();
  const now = new Date();
  const exported = lessonId ? await lessonDeck(db, user.id, lessonId.slice(0, 200), url.origin, now) : await cardsDeck(db, user.id, url.origin, now);
  if (!exported) return new Response("No such lesson.", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  const bytes = await buildApkg(exported.deck, now);
  const name = lessonId ? `quorum-${lessonId.replace(/[^a-z0-9-]/gi, "").slice(0, 80)}.apkg` : "quorum-cards.apkg";
  return new Response(bytes as BodyInit, {
    headers: {
      "content-type": "application/octet-stream",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "private, no-store",
      // How many questions a running attempt held back, for a page that wants to say so.
      "x-quorum-withheld": String(exported.withheld),
    },
  });
}
