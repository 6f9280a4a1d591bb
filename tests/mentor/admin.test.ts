// Changing roles: only what the admin asked changes, the new role applies on the user's next
// request (currentUser() reads it fresh), and Quorum always keeps at least one admin.
import { changeRole, listUsers } from "@/lib/admin/users";
import { can, newCohort } from "@/lib/permissions";
import { createUser } from "@/tests/support/content-fixtures";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";

describe.each(databaseTargets())("admin role changes on %s", (kind) => {
  const db = openTestDatabase(kind);

  it("promotes a learner to mentor, who can then create cohorts", async () => {
    const admin = await createUser(db, "Root Admin", { role: "ADMIN" });
    const user = await createUser(db, "Soon Mentor");
    expect(can(admin, "update", { type: "role", userId: user.id })).toBe(true);
    expect(can(user, "update", { type: "role", userId: user.id })).toBe(false);
    expect(await changeRole(db, { userId: user.id, role: "MENTOR" })).toMatchObject({ id: user.id, role: "MENTOR" });
    const fresh = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { id: true, role: true } });
    expect(can(fresh, "create", newCohort(fresh))).toBe(true);
  });

  it("refuses unknown roles and demoting the last admin, changing nothing", async () => {
    await db.user.updateMany({ where: { role: "ADMIN" }, data: { role: "LEARNER" } });
    const only = await createUser(db, "Only Admin", { role: "ADMIN" });
    await expect(changeRole(db, { userId: only.id, role: "OWNER" })).rejects.toThrow("Choose learner, author, mentor or admin.");
    await expect(changeRole(db, { userId: only.id, role: "LEARNER" })).rejects.toThrow("at least one admin");
    await expect(changeRole(db, { userId: "nobody", role: "MENTOR" })).rejects.toThrow("no longer exists");
    expect((await db.user.findUniqueOrThrow({ where: { id: only.id } })).role).toBe("ADMIN");
    const second = await createUser(db, "Second Admin", { role: "ADMIN" });
    await changeRole(db, { userId: only.id, role: "LEARNER" });
    expect((await db.user.findUniqueOrThrow({ where: { id: second.id } })).role).toBe("ADMIN");
  });

  it("finds users by name or email, case-insensitively", async () => {
    const u = await createUser(db, "Findable Person");
    const found = await listUsers(db, { query: "FINDABLE" });
    expect(found.users.map((x) => x.id)).toEqual([u.id]);
    expect((await listUsers(db, { query: u.email.slice(0, 12) })).users.map((x) => x.id)).toContain(u.id);
  });
});
