// Joining and leaving cohorts, on both databases: what learners and mentors depend on is that an
// invitation works exactly as long and as often as the mentor said, and that leaving a cohort
// ends the mentor's access on the very next request.
import { acceptInvitation, createInvitation, formatCode, parseInvitationKey, previewInvitation, revokeInvitation } from "@/lib/mentor/invitations";
import { createCohort, leaveCohort, mentorCohorts, myMentors, removeLearner } from "@/lib/mentor/cohorts";
import { MentorError } from "@/lib/mentor/errors";
import { can } from "@/lib/permissions";
import { learnerDataResource, mentorIdsOf } from "@/lib/permissions/relations";
import { createUser } from "@/tests/support/content-fixtures";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";
import { DAY } from "./fixtures";

describe.each(databaseTargets())("cohort invitations on %s", (kind) => {
  const db = openTestDatabase(kind);
  const now = new Date("2025-04-01T10:00:00Z");

  async function setup() {
    const mentor = await createUser(db, "Mira Mentor", { role: "MENTOR" });
    const learner = await createUser(db, "Lou Learner");
    const cohort = await createCohort(db, mentor.id, "  Spring interview prep  ", now);
    return { mentor, learner, cohort };
  }

  it("lets a learner join by link or by code, shows the mentor, and lets them leave with access ending at once", async () => {
    const { mentor, learner, cohort } = await setup();
    expect(cohort.name).toBe("Spring interview prep");
    // A new cohort has an invitation to share straight away: 14 days, no use limit.
    expect(await db.invitation.findMany({ where: { cohortId: cohort.id }, select: { id: true, maxUses: true } })).toEqual([{ id: cohort.invitation.id, maxUses: null }]);
    expect(cohort.invitation.expiresAt.toISOString()).toBe("2025-04-15T10:00:00.000Z");
    const inv = await createInvitation(db, cohort.id, mentor.id, { expiresInDays: 7 }, now);
    expect(inv.code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(inv.expiresAt.toISOString()).toBe("2025-04-08T10:00:00.000Z");

    // Before joining, the mentor cannot see the learner's data.
    expect(can(mentor, "read", await learnerDataResource(db, learner.id))).toBe(false);

    const joined = await acceptInvitation(db, learner.id, `  ${formatCode(inv.code).toLowerCase()} `, now);
    expect(joined).toEqual({ cohortId: cohort.id, cohortName: "Spring interview prep", mentorName: "Mira Mentor", alreadyMember: false });
    expect(can(mentor, "read", await learnerDataResource(db, learner.id))).toBe(true);
    expect((await myMentors(db, learner.id)).map((m) => [m.cohortName, m.mentor.name])).toEqual([["Spring interview prep", "Mira Mentor"]]);

    // Joining again (the link this time) changes nothing and uses nothing.
    const again = await acceptInvitation(db, learner.id, inv.token, now);
    expect(again.alreadyMember).toBe(true);
    expect((await db.invitation.findUniqueOrThrow({ where: { id: inv.id } })).useCount).toBe(1);

    // Leaving: the very next permission check, which reads memberships fresh, says no.
    expect(await leaveCohort(db, learner.id, cohort.id, now)).toBe(true);
    expect(await mentorIdsOf(db, learner.id)).toEqual([]);
    expect(can(mentor, "read", await learnerDataResource(db, learner.id))).toBe(false);
    expect(await myMentors(db, learner.id)).toEqual([]);
    expect(await leaveCohort(db, learner.id, cohort.id, now)).toBe(false);

    // A learner who left can come back with a valid invitation.
    const back = await acceptInvitation(db, learner.id, inv.code, new Date(now.getTime() + DAY));
    expect(back.alreadyMember).toBe(false);
    expect(await mentorIdsOf(db, learner.id)).toEqual([mentor.id]);
  });

  it("refuses expired, withdrawn and used-up invitations, unknown codes, and the cohort's own mentor", async () => {
    const { mentor, learner, cohort } = await setup();
    const expiring = await createInvitation(db, cohort.id, mentor.id, { expiresInDays: 1 }, now);
    await expect(acceptInvitation(db, learner.id, expiring.code, new Date(now.getTime() + DAY))).rejects.toThrow("This invitation has expired");
    expect((await previewInvitation(db, expiring.token, new Date(now.getTime() + DAY)))?.status).toBe("expired");

    const withdrawn = await createInvitation(db, cohort.id, mentor.id, {}, now);
    expect(await revokeInvitation(db, cohort.id, withdrawn.id, now)).toBe(true);
    await expect(acceptInvitation(db, learner.id, withdrawn.token, now)).rejects.toThrow("withdrawn");

    const once = await createInvitation(db, cohort.id, mentor.id, { maxUses: "1" as unknown as number }, now);
    await acceptInvitation(db, learner.id, once.code, now);
    const second = await createUser(db, "Second Learner");
    await expect(acceptInvitation(db, second.id, once.code, now)).rejects.toThrow("used as many times");

    await expect(acceptInvitation(db, learner.id, "ZZZZ-ZZZZ", now)).rejects.toThrow("not valid");
    await expect(acceptInvitation(db, learner.id, "not a code!", now)).rejects.toThrow("not valid");

    const own = await createInvitation(db, cohort.id, mentor.id, {}, now);
    await expect(acceptInvitation(db, mentor.id, own.code, now)).rejects.toThrow("You mentor this cohort");
    expect(await mentorIdsOf(db, mentor.id)).toEqual([]);
    // Refused joins write nothing.
    expect(await db.cohortMembership.count({ where: { userId: second.id } })).toBe(0);
    expect((await db.invitation.findUniqueOrThrow({ where: { id: own.id } })).useCount).toBe(0);
  });

  it("never lets concurrent joins exceed the use limit", async () => {
    const { mentor, cohort } = await setup();
    const inv = await createInvitation(db, cohort.id, mentor.id, { maxUses: 2 }, now);
    const learners = await Promise.all([1, 2, 3, 4].map((i) => createUser(db, `Racer ${i}`)));
    const results = await Promise.allSettled(learners.map((l) => acceptInvitation(db, l.id, inv.code, now)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    expect(results.filter((r) => r.status === "rejected").every((r) => (r as PromiseRejectedResult).reason instanceof MentorError)).toBe(true);
    expect(await db.cohortMembership.count({ where: { cohortId: cohort.id, leftAt: null } })).toBe(2);
    expect((await db.invitation.findUniqueOrThrow({ where: { id: inv.id } })).useCount).toBe(2);
  });

  it("lets a mentor remove a learner, which ends access like leaving, and lists only usable invitations", async () => {
    const { mentor, learner, cohort } = await setup();
    const usable = await createInvitation(db, cohort.id, mentor.id, { maxUses: 5 }, now);
    const usedUp = await createInvitation(db, cohort.id, mentor.id, { maxUses: 1 }, now);
    await acceptInvitation(db, learner.id, usedUp.code, now);
    const [summary] = await mentorCohorts(db, mentor.id, now);
    expect(summary.learners).toBe(1);
    expect(summary.invitations.map((i) => i.id).sort()).toEqual([cohort.invitation.id, usable.id].sort());

    expect(await removeLearner(db, cohort.id, learner.id, now)).toBe(true);
    expect(can(mentor, "read", await learnerDataResource(db, learner.id))).toBe(false);
    expect((await mentorCohorts(db, mentor.id, now))[0].learners).toBe(0);
  });

  it("validates invitation settings and cohort names, writing nothing on bad input", async () => {
    const { mentor, cohort } = await setup();
    await expect(createInvitation(db, cohort.id, mentor.id, { expiresInDays: 0 }, now)).rejects.toThrow("at least 1 day");
    await expect(createInvitation(db, cohort.id, mentor.id, { expiresInDays: 91 }, now)).rejects.toThrow("at most 90 days");
    await expect(createInvitation(db, cohort.id, mentor.id, { maxUses: 0 }, now)).rejects.toThrow("at least 1 use");
    await expect(createCohort(db, mentor.id, " x ")).rejects.toThrow("at least 2 characters");
    // Only the invitation the cohort was created with.
    expect(await db.invitation.count({ where: { cohortId: cohort.id } })).toBe(1);
  });
});

describe("invitation keys", () => {
  it("reads codes in any case with dashes or spaces, and tells link tokens apart", () => {
    expect(parseInvitationKey("abcd-2345")).toEqual({ code: "ABCD2345" });
    expect(parseInvitationKey(" ABCD 2345 ")).toEqual({ code: "ABCD2345" });
    expect(parseInvitationKey("Xq3_9-aaaaaaaaaaaaaaaaaaaaaaaaaa")).toEqual({ token: "Xq3_9-aaaaaaaaaaaaaaaaaaaaaaaaaa" });
    expect(parseInvitationKey("ABCD-1234")).toBeNull(); // 1 is not in the code alphabet, too short for a token
    expect(parseInvitationKey("")).toBeNull();
  });
});
