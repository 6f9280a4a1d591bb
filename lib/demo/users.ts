// Demo accounts, one per role, seeded into the embedded database so a new user can try every
// area at once. Listed in the README; never seeded into a PostgreSQL database unless asked.
import type { Db } from "@/lib/db/database";
import type { Role } from "@/lib/generated/prisma/enums";
import { hashPassword } from "@/lib/auth/password";

export const DEMO_USERS: ReadonlyArray<{ email: string; name: string; password: string; role: Role }> = [
  { email: "learner@quorum.test", name: "Lena Learner", password: "learner-demo-pass", role: "LEARNER" },
  { email: "mentor@quorum.test", name: "Mo Mentor", password: "mentor-demo-pass", role: "MENTOR" },
  { email: "author@quorum.test", name: "Ari Author", password: "author-demo-pass", role: "AUTHOR" },
  { email: "admin@quorum.test", name: "Ada Admin", password: "admin-demo-pass", role: "ADMIN" },
];

/** Creates the demo users that do not exist yet; leaves existing ones (and their history) alone. */
export async function seedDemoUsers(db: Db): Promise<string[]> {
  const created: string[] = [];
  for (const u of DEMO_USERS) {
    const exists = await db.user.findUnique({ where: { email: u.email }, select: { id: true } });
    if (exists) continue;
    await db.user.create({ data: { email: u.email, name: u.name, role: u.role, passwordHash: await hashPassword(u.password) } });
    created.push(u.email);
  }
  return created;
}
