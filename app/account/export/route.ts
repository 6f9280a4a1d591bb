// "Download my data": everything Quorum holds about the signed-in user, as a JSON file (docs/decisions/052).
import { exportAccountData } from "@/lib/account/data";
import { currentUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";

export const dynamic = "force-dynamic";

export async function GET() {
  const user = await currentUser();
  const headers = { "Cache-Control": "private, no-store" };
  if (!user) return Response.json({ error: "Sign in to download your data." }, { status: 401, headers });
  const now = new Date();
  const data = await exportAccountData(await getDb(), user.id, now);
  if (!data) return Response.json({ error: "Sign in to download your data." }, { status: 401, headers });
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      ...headers,
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="quorum-data-${now.toISOString().slice(0, 10)}.json"`,
    },
  });
}
