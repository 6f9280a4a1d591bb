// Who may see item statistics and content status: the rule every /author route asks through the
// guards (requireUser / can with CONTENT_STATS) and the one the lib makes again (assertCan).
import { assertCan, can, CONTENT_STATS, ForbiddenError, UnauthenticatedError, type Actor } from "@/lib/permissions";
import type { Role } from "@/lib/generated/prisma/enums";

const actor = (role: Role): Actor => ({ id: `${role.toLowerCase()}-1`, role });

describe("author area access", () => {
  it.each(["read", "export"] as const)("lets authors and admins %s content statistics", (action) => {
    for (const role of ["AUTHOR", "ADMIN"] as const) {
      expect(can(actor(role), action, CONTENT_STATS)).toBe(true);
      expect(() => assertCan(actor(role), action, CONTENT_STATS)).not.toThrow();
    }
  });

  it.each(["read", "export"] as const)("refuses learners and mentors (%s) with a 403, not a sign-in", (action) => {
    for (const role of ["LEARNER", "MENTOR"] as const) {
      expect(can(actor(role), action, CONTENT_STATS)).toBe(false);
      expect(() => assertCan(actor(role), action, CONTENT_STATS)).toThrow(ForbiddenError);
    }
  });

  it("sends anonymous visitors to sign in (401)", () => {
    expect(can(null, "read", CONTENT_STATS)).toBe(false);
    expect(() => assertCan(null, "export", CONTENT_STATS)).toThrow(UnauthenticatedError);
  });
});
