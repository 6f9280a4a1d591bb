// "Download my data" and "Delete my account" against the database (docs/decisions/052): the export
// holds everything about its owner and nothing about anyone else; deleting removes all of it, the
// comments on the owner's work included, and leaves other people's data as it was.
import { deleteAccount, exportAccountData, EXPORT_FORMAT } from "@/lib/account/data";
import { addComment } from "@/lib/mentor/comments";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";
import { createUser } from "@/tests/support/content-fixtures";
import { joinCohort, makeCard, makeQuestions, makeQuizAnswer, makeReview } from "@/tests/mentor/fixtures";

const t0 = new Date("2026-04-01T09:00:00Z");

describe.each(databaseTargets())("account data on %s", (kind) => {
  const db = openTestDatabase(kind, { clearBeforeEach: "users" });

  /** A learner in a mentor's cohort with a reviewed card, a free-text answer, a comment thread on it, and a classmate with the same. */
  async function world() {
    const mentor = await createUser(db, "Mia Mentor", { role: "MENTOR" });
    const learner = await createUser(db, "Leo Learner", { passwordHash: "$2b$04$notarealhashnotarealhashnotarealhashnotarealhashnot" });
    const classmate = await createUser(db, "Cleo Classmate");
    const cohort = await db.cohort.create({ data: { name: "Spring cohort", mentorId: mentor.id }, select: { id: true } });
    await joinCohort(db, cohort.id, learner.id, t0);
    await joinCohort(db, cohort.id, classmate.id, t0);
    const questions = (await makeQuestions(db, ["replication"], 2)).replication;
    const card = await makeCard(db, learner.id, questions[0], { due: t0 });
    await makeReview(db, card, learner.id, questions[0], 3, t0);
    const answer = await makeQuizAnswer(db, learner.id, questions[1], { answer: "LEARNER-ANSWER quorums overlap", correct: null, durationMs: 9000, at: t0 });
    const classmateAnswer = await makeQuizAnswer(db, classmate.id, questions[1], { answer: "CLASSMATE-ANSWER", correct: null, durationMs: 9000, at: t0 });
    await addComment(db, mentor, { kind: "quiz", id: answer.id }, "MENTOR-ON-LEARNER: and with R + W ≤ N?", t0);
    await addComment(db, learner, { kind: "quiz", id: answer.id }, "LEARNER-REPLY: then a read can miss it", t0);
    await addComment(db, mentor, { kind: "quiz", id: classmateAnswer.id }, "MENTOR-ON-CLASSMATE", t0);
    await db.authAttempt.create({ data: { kind: "SIGN_IN", email: learner.email, address: "203.0.113.9", outcome: "SUCCESS", createdAt: t0 } });
    return { mentor, learner, classmate, cohort, answer, classmateAnswer, questions };
  }

  it("exports everything about the owner, including others' comments on their work, and nothing about anyone else", async () => {
    const { learner, classmate } = await world();
    const data = await exportAccountData(db, learner.id, t0);
    if (!data) throw new Error("no export");
    expect(data).toMatchObject({
      format: EXPORT_FORMAT,
      account: { email: learner.email, name: "Leo Learner", role: "LEARNER" },
      practiceSettings: { desiredRetention: 0.9, timezone: "UTC" },
      cohorts: { memberOf: [{ cohortName: "Spring cohort", mentorName: "Mia Mentor", leftAt: null }], mentoring: [] },
      comments: {
        written: [expect.objectContaining({ body: "LEARNER-REPLY: then a read can miss it" })],
        onYourWork: [expect.objectContaining({ body: "MENTOR-ON-LEARNER: and with R + W ≤ N?", authorName: "Mia Mentor" })],
      },
      signInActivity: [{ kind: "SIGN_IN", address: "203.0.113.9", outcome: "SUCCESS", createdAt: t0 }],
    });
    expect(data.cards).toHaveLength(1);
    expect(data.reviews).toHaveLength(1);
    expect(data.quizzes.flatMap((q) => q.items.map((i) => i.answer?.answer))).toEqual(["LEARNER-ANSWER quorums overlap"]);
    expect(data.notifications).toEqual([expect.objectContaining({ kind: "comment" })]);
    const text = JSON.stringify(data);
    expect(text).not.toContain("passwordHash");
    expect(text).not.toContain("$2b$");
    for (const other of [classmate.email, "CLASSMATE-ANSWER", "MENTOR-ON-CLASSMATE"]) expect(text).not.toContain(other);
  });

  it("exports a mentor's cohorts as their own records: names and member counts, not the members", async () => {
    const { mentor, learner } = await world();
    const data = await exportAccountData(db, mentor.id, t0);
    expect(data?.cohorts.mentoring).toEqual([expect.objectContaining({ name: "Spring cohort", members: 2 })]);
    expect(JSON.stringify(data)).not.toContain(learner.email);
  });

  it("deletes the learner's account with their answers, reviews, threads and sign-in records; the classmate's stay", async () => {
    const { mentor, learner, classmate, cohort, answer, classmateAnswer, questions } = await world();
    const counted = (id: string) => db.questionStat.findUnique({ where: { questionId: id }, select: { attempts: true, learners: true } });
    expect(await counted(questions[1])).toEqual({ attempts: 2, learners: 2 });
    const mentorNotifications = await db.notification.count({ where: { userId: mentor.id } });
    expect(mentorNotifications).toBe(1); // the learner's reply

    expect(await deleteAccount(db, learner.id)).toEqual({ ok: true });

    expect(await db.user.findUnique({ where: { id: learner.id } })).toBeNull();
    expect(await db.quizAnswer.findUnique({ where: { id: answer.id } })).toBeNull();
    expect(await db.reviewLog.count({ where: { userId: learner.id } })).toBe(0);
    expect(await db.card.count({ where: { userId: learner.id } })).toBe(0);
    // The mentor's comment on the learner's answer went with it, and so did the notification quoting the reply.
    expect(await db.comment.count({ where: { learnerId: learner.id } })).toBe(0);
    expect(await db.notification.count({ where: { userId: mentor.id } })).toBe(0);
    expect(await db.authAttempt.count({ where: { email: learner.email } })).toBe(0);
    // Everyone else's data is untouched.
    expect(await db.quizAnswer.findUnique({ where: { id: classmateAnswer.id }, select: { id: true } })).toEqual({ id: classmateAnswer.id });
    expect(await db.comment.count({ where: { learnerId: classmate.id } })).toBe(1);
    expect(await db.notification.count({ where: { userId: classmate.id } })).toBe(1);
    expect(await db.cohortMembership.count({ where: { cohortId: cohort.id } })).toBe(1);
    // The learner's answers left the item statistics with them; the classmate's stay.
    expect(await counted(questions[1])).toEqual({ attempts: 1, learners: 1 });
  });

  it("deletes a mentor's cohorts and comments with the account; their learners keep their own work", async () => {
    const { mentor, learner, classmate, cohort, answer } = await world();
    expect(await deleteAccount(db, mentor.id)).toEqual({ ok: true });
    expect(await db.cohort.findUnique({ where: { id: cohort.id } })).toBeNull();
    expect(await db.quizAnswer.findUnique({ where: { id: answer.id }, select: { id: true } })).toEqual({ id: answer.id });
    expect(await db.comment.findMany({ where: { learnerId: learner.id }, select: { body: true } })).toEqual([{ body: "LEARNER-REPLY: then a read can miss it" }]);
    // The learners' notifications quoted the mentor's comments: gone.
    expect(await db.notification.count({ where: { userId: { in: [learner.id, classmate.id] } } })).toBe(0);
  });

  it("refuses to delete the last admin", async () => {
    const admin = await createUser(db, "Ada Admin", { role: "ADMIN" });
    expect(await deleteAccount(db, admin.id)).toEqual({ ok: false, error: expect.stringMatching(/at least one admin/) });
    await createUser(db, "Second Admin", { role: "ADMIN" });
    expect(await deleteAccount(db, admin.id)).toEqual({ ok: true });
  });
});
