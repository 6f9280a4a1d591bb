// The search index as JSON, built once at build time (force-static) from content/.
import { getCatalog } from "@/lib/content/catalog.server";
import { buildSearchIndex } from "@/lib/content/search";

export const dynamic = "force-static";

export async function GET() {
  const { lessons, questions } = await getCatalog();
  const index = buildSearchIndex(
    lessons.map((l) => ({ id: l.id, family: l.family, slug: l.slug, title: l.title, summary: l.summary, sections: l.analysis.sections })),
    questions,
  );
  return Response.json(index, { headers: { "Cache-Control": "public, max-age=300, stale-while-revalidate=86400" } });
}
