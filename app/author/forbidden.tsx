import { AccessDenied } from "@/components/author/access-denied";
import { currentUser } from "@/lib/auth/session.server";

/** HTTP 403 for the author area: item statistics are for authors and admins. */
export default async function AuthorForbidden() {
  const user = await currentUser();
  return <AccessDenied role={user?.role ?? "LEARNER"} />;
}
