import { can, assertCan, canReadCohortDashboard, ForbiddenError, UnauthenticatedError, ALL_ACCOUNTS, newCohort, ownAccount, ownData, type Actor, type Resource } from "./index";

const learner: Actor = { id: "u-learner", role: "LEARNER" };
const otherLearner: Actor = { id: "u-other", role: "LEARNER" };
const mentor: Actor = { id: "u-mentor", role: "MENTOR" };
const otherMentor: Actor = { id: "u-mentor-2", role: "MENTOR" };
const author: Actor = { id: "u-author", role: "AUTHOR" };
const admin: Actor = { id: "u-admin", role: "ADMIN" };

const learnerData: Resource = { type: "learnerData", ownerId: learner.id, mentorIds: [mentor.id] };

describe("can()", () => {
  it("lets everyone, signed in or not, read lessons but not change them", () => {
    for (const actor of [null, learner, mentor, author, admin]) {
      expect(can(actor, "read", { type: "lesson" })).toBe(true);
      expect(can(actor, "update", { type: "lesson" })).toBe(false);
    }
  });

  it.each([
    ["anonymous", null, false, false],
    ["the learner", learner, true, true],
    ["another learner", otherLearner, false, false],
    ["the learner's mentor", mentor, true, false],
    ["another mentor", otherMentor, false, false],
    ["an author", author, false, false],
    ["an admin", admin, true, false],
  ] as const)("gives %s read=%s update=%s on a learner's data", (_who, actor, read, update) => {
    expect(can(actor, "read", learnerData)).toBe(read);
    expect(can(actor, "update", learnerData)).toBe(update);
  });

  it("lets a mentor comment on and export only their own learners' data", () => {
    expect(can(mentor, "comment", learnerData)).toBe(true);
    expect(can(mentor, "export", learnerData)).toBe(true);
    expect(can(otherMentor, "comment", learnerData)).toBe(false);
    expect(can(otherMentor, "export", learnerData)).toBe(false);
  });

  it("ends a mentor's access as soon as the learner leaves (no longer in mentorIds)", () => {
    const afterLeaving: Resource = { type: "learnerData", ownerId: learner.id, mentorIds: [] };
    expect(can(mentor, "read", afterLeaving)).toBe(false);
  });

  it("lets mentors and admins create cohorts, and only the owner or an admin manage one", () => {
    expect(can(mentor, "create", newCohort(mentor))).toBe(true);
    expect(can(learner, "create", newCohort(learner))).toBe(false);
    const cohort: Resource = { type: "cohort", mentorId: mentor.id, memberIds: [learner.id] };
    expect(can(mentor, "update", cohort)).toBe(true);
    expect(can(otherMentor, "read", cohort)).toBe(false);
    expect(can(admin, "delete", cohort)).toBe(true);
    expect(can(learner, "read", cohort)).toBe(true); // a member sees who can see their progress
    expect(can(otherLearner, "read", cohort)).toBe(false);
  });

  it("never treats a cohort whose mentor is not given as the actor's own", () => {
    // Before, a cohort resource without `mentorId` counted as "own" for anyone: a mentor could
    // update, delete or export it, whichever cohort the caller meant. Types now require the
    // mentor; data that arrives without one (untyped JSON, a missing column) still grants nothing.
    const unknownMentor = { type: "cohort", memberIds: [learner.id] } as unknown as Resource;
    for (const action of ["read", "update", "delete", "export"] as const) expect(can(mentor, action, unknownMentor)).toBe(false);
    expect(can(learner, "update", unknownMentor)).toBe(false);
    expect(can(admin, "update", unknownMentor)).toBe(true); // "any" covers a cohort of no one
  });

  it("names the everyday resources once: own data, own account, a new cohort, every account", () => {
    for (const actor of [learner, mentor, author, admin]) {
      expect(can(actor, "read", ownData(actor))).toBe(true);
      expect(can(actor, "update", ownAccount(actor))).toBe(true);
      expect(can(otherLearner, "read", ownData(actor))).toBe(false);
      expect(can(otherLearner, "update", ownAccount(actor))).toBe(false);
    }
    expect(can(mentor, "create", newCohort(mentor))).toBe(true);
    expect(can(mentor, "update", newCohort(otherMentor))).toBe(false);
    expect(can(admin, "read", ALL_ACCOUNTS)).toBe(true);
    for (const actor of [learner, mentor, author]) expect(can(actor, "read", ALL_ACCOUNTS)).toBe(false);
  });

  it("lets a member of any role leave a cohort, and never lets membership manage it", () => {
    const cohort: Resource = { type: "cohort", mentorId: mentor.id, memberIds: [learner.id, otherMentor.id, author.id] };
    expect(can(learner, "leave", cohort)).toBe(true);
    expect(can(otherMentor, "leave", cohort)).toBe(true); // a mentor who joined someone else's cohort as a learner
    expect(can(author, "leave", cohort)).toBe(true);
    expect(can(otherLearner, "leave", cohort)).toBe(false);
    for (const member of [learner, otherMentor, author]) {
      expect(can(member, "update", cohort)).toBe(false); // no inviting or removing learners
      expect(can(member, "export", cohort)).toBe(false);
    }
    expect(can(mentor, "update", cohort)).toBe(true);
  });

  it("opens a cohort's dashboard, which shows every member's progress, to its mentor and admins, never to its members", () => {
    const cohort = { mentorId: mentor.id, memberIds: [learner.id, otherLearner.id, otherMentor.id] };
    expect(canReadCohortDashboard(mentor, cohort)).toBe(true);
    expect(canReadCohortDashboard(admin, cohort)).toBe(true);
    expect(can(learner, "read", { type: "cohort", ...cohort })).toBe(true); // a member sees who mentors them…
    for (const member of [learner, otherLearner, otherMentor]) expect(canReadCohortDashboard(member, cohort)).toBe(false); // …not the others' progress
    // The dashboard is the mentor's tool: a member never opens it, even alone in the cohort.
    expect(canReadCohortDashboard(learner, { mentorId: mentor.id, memberIds: [learner.id] })).toBe(false);
    expect(canReadCohortDashboard(author, cohort)).toBe(false);
    expect(canReadCohortDashboard(null, cohort)).toBe(false);
  });

  it("shows item statistics to authors and admins only", () => {
    expect(can(author, "read", { type: "contentStats" })).toBe(true);
    expect(can(admin, "read", { type: "contentStats" })).toBe(true);
    expect(can(learner, "read", { type: "contentStats" })).toBe(false);
    expect(can(mentor, "read", { type: "contentStats" })).toBe(false);
  });

  it("lets only admins change roles, including their own", () => {
    expect(can(admin, "update", { type: "role", userId: learner.id })).toBe(true);
    expect(can(learner, "update", { type: "role", userId: learner.id })).toBe(false);
    expect(can(mentor, "update", { type: "role", userId: learner.id })).toBe(false);
  });

  it("lets a learner and their mentor read a comment thread, and nobody else but admins", () => {
    const thread: Resource = { type: "comment", learnerId: learner.id, authorId: mentor.id, mentorIds: [mentor.id] };
    expect(can(learner, "read", thread)).toBe(true);
    expect(can(mentor, "read", thread)).toBe(true);
    expect(can(otherLearner, "read", thread)).toBe(false);
    expect(can(otherMentor, "read", thread)).toBe(false);
    expect(can(admin, "read", thread)).toBe(true);
  });

  it("assertCan distinguishes signing in from being forbidden", () => {
    expect(() => assertCan(null, "read", learnerData)).toThrow(UnauthenticatedError);
    expect(() => assertCan(otherLearner, "read", learnerData)).toThrow(ForbiddenError);
    expect(() => assertCan(learner, "read", learnerData)).not.toThrow();
  });
});
