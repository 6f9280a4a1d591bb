// GET /author/items.csv: the item statistics table (same ?family=&flag=&sort=&dir= as /author) as CSV.
import { itemStatsCsv } from "@/lib/author/csv";
import { csvDownload } from "@/lib/csv";
import { itemStatisticsSnapshot } from "@/lib/author/item-stats";
import { filterItems, parseItemView, sortItems } from "@/lib/author/item-view";
import { currentUser } from "@/lib/auth/session.server";
import { can, CONTENT_STATS } from "@/lib/permissions";
import { getDb } from "@/lib/db/client.server";

export const dynamic = "force-dynamic";

const text = (body: string, status: number) =>
  new Response(`${body}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" } });

export async function GET(request: Request) {
  const url = new URL(request.url);
  const user = await currentUser();
  if (!user) {
    const back = `${url.pathname}${url.search}`;
    return new Response(null, { status: 303, headers: { Location: `/signin?callbackUrl=${encodeURIComponent(back)}`, "Cache-Control": "no-store" } });
  }
  if (!can(user, "export", CONTENT_STATS)) return text("403 Forbidden: item statistics are for authors and admins.", 403);

  const { view, problems } = parseItemView(Object.fromEntries(url.searchParams));
  if (problems.length > 0) return text(problems.join("\n"), 400);

  const { items: all } = await itemStatisticsSnapshot(await getDb(), user);
  const items = sortItems(filterItems(all, view), view.sort, view.dir);
  const date = new Date().toISOString().slice(0, 10);
  const suffix = [view.family, view.flag].filter((v) => v !== "all").join("-");
  return csvDownload(itemStatsCsv(items), `quorum-item-statistics-${date}${suffix ? `-${suffix}` : ""}.csv`);
}
