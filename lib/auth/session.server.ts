import "server-only";
// "Who is this?" for server components and actions. The JWT says which user; the role is read
// from the database on each request, so a role change or a deleted account takes effect at once.
import { cache } from "react";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client.server";
import type { SessionUser } from "./accounts";
import { auth } from "./auth.server";

export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const db = await getDb();
  return db.user.findUnique({ where: { id }, select: { id: true, email: true, name: true, role: true } });
});

/** For pages that need a signed-in user: sends anyone else to sign in, then back here. */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}
