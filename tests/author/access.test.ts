// Who may see item statistics and content status: the check every /author route makes first
// (contentStatsAccess, which asks the permissions module) and the one the lib makes again.
import { contentStatsAccess } from "@/lib/author/access";
import { can, type Actor } from "@/lib/permissions";
import type { Role } from "@/lib/generated/prisma/enums";

const actor = (role: Role): Actor => ({ id: `${role.toLowerCase()}-1`, role });

describe("author area access", () => {
  it.each(["read", "export"] as const)("lets authors and admins %s content statistics", (action) => {
    for (const role of ["AUTHOR", "ADMIN"] as const) {
      expect(contentStatsAccess(actor(role), action)).toEqual({ kind: "allowed", actor: actor(role) });
      expect(can(actor(role), action, { type: "contentStats" })).toBe(true);
    }
  });

  it.each(["read", "export"] as const)("refuses learners and mentors (%s) with a 403, not a sign-in", (action) => {
    for (const role of ["LEARNER", "MENTOR"] as const) {
      expect(contentStatsAccess(actor(role), action)).toEqual({ kind: "forbidden" });
      expect(can(actor(role), action, { type: "contentStats" })).toBe(false);
    }
  });

  it("sends anonymous visitors to sign in", () => {
    expect(contentStatsAccess(null, "read")).toEqual({ kind: "sign-in" });
    expect(contentStatsAccess(undefined, "export")).toEqual({ kind: "sign-in" });
  });
});
