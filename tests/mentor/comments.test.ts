// Comment threads and notifications on both databases: a mentor's comment reaches the learner as
// a notification, the learner's reply reaches the mentor, and nobody who has lost access (or was
// never in the thread) gets anything.
import { addComment, listThread, threadSubject } from "@/lib/mentor/comments";
import { listNotifications, markAllNotificationsRead, notificationHref, openNotification, unreadNotificationCount } from "@/lib/mentor/notifications";
import { leaveCohort } from "@/lib/mentor/cohorts";
import { can } from "@/lib/permissions";
import { mentorIdsOf } from "@/lib/permissions/relations";
import { createUser } from "@/tests/support/content-fixtures";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";
import { joinCohort, makeQuestions, makeQuizAnswer } from "./fixtures";

describe.each(databaseTargets())("comments and notifications on %s", (kind) => {
  const db = openTestDatabase(kind);
  const now = new Date("2025-05-01T09:00:00Z");

  async function setup() {
    const q = await makeQuestions(db, ["replication"], 1, "free");
    const mentor = await createUser(db, "Mona Mentor", { role: "MENTOR" });
    const learner = await createUser(db, "Lee Learner");
    const cohort = await db.cohort.create({ data: { name: "Thread cohort", mentorId: mentor.id } });
    await joinCohort(db, cohort.id, learner.id, now);
    const answer = await makeQuizAnswer(db, learner.id, q.replication[0], { answer: "A majority quorum overlaps every other.", correct: null, durationMs: 30_000, at: now });
    return { mentor, learner, cohort, target: { kind: "quiz" as const, id: answer.id } };
  }

  it("notifies the learner of a mentor's comment and the mentor of the learner's reply", async () => {
    const { mentor, learner, target } = await setup();
    const thread = { type: "comment" as const, learnerId: learner.id, mentorIds: await mentorIdsOf(db, learner.id) };
    expect(can(mentor, "comment", thread)).toBe(true);
    expect(can(learner, "comment", thread)).toBe(true);

    await addComment(db, mentor, target, "  Good start: now say why two majorities must overlap.  ", now);
    expect(await unreadNotificationCount(db, learner.id)).toBe(1);
    expect(await unreadNotificationCount(db, mentor.id)).toBe(0);
    const [note] = await listNotifications(db, learner.id);
    expect(note.comment).toMatchObject({ threadKind: "quiz", targetId: target.id, learnerId: learner.id, authorName: "Mona Mentor", excerpt: "Good start: now say why two majorities must overlap." });
    expect(notificationHref(learner.id, note.comment!)).toBe(`/notifications/threads/quiz/${target.id}`);

    await addComment(db, learner, target, "Because each has more than half of the nodes.", new Date(now.getTime() + 60_000));
    expect(await unreadNotificationCount(db, mentor.id)).toBe(1);
    const [reply] = await listNotifications(db, mentor.id);
    expect(notificationHref(mentor.id, reply.comment!)).toBe(`/mentor/learners/${learner.id}#answer-${target.id}`);

    const comments = await listThread(db, target);
    expect(comments.map((c) => [c.author.name, c.body])).toEqual([
      ["Mona Mentor", "Good start: now say why two majorities must overlap."],
      ["Lee Learner", "Because each has more than half of the nodes."],
    ]);
    expect((await threadSubject(db, target))?.answer).toBe("A majority quorum overlaps every other.");
  });

  it("lets users open and read only their own notifications", async () => {
    const { mentor, learner, target } = await setup();
    await addComment(db, mentor, target, "First", now);
    await addComment(db, mentor, target, "Second", now);
    const [latest] = await listNotifications(db, learner.id);
    expect(await openNotification(db, mentor.id, latest.id, now)).toBeNull(); // not the mentor's
    expect(await unreadNotificationCount(db, learner.id)).toBe(2);
    expect((await openNotification(db, learner.id, latest.id, now))?.readAt).toEqual(now);
    expect(await unreadNotificationCount(db, learner.id)).toBe(1);
    expect(await markAllNotificationsRead(db, learner.id, now)).toBe(1);
    expect(await unreadNotificationCount(db, learner.id)).toBe(0);
  });

  it("stops notifying a mentor once the learner has left, and refuses empty comments", async () => {
    const { mentor, learner, cohort, target } = await setup();
    await addComment(db, mentor, target, "Have a look at read repair.", now);
    await leaveCohort(db, learner.id, cohort.id, now);
    const thread = { type: "comment" as const, learnerId: learner.id, mentorIds: await mentorIdsOf(db, learner.id) };
    expect(can(mentor, "read", thread)).toBe(false);
    expect(can(mentor, "comment", thread)).toBe(false);
    await addComment(db, learner, target, "Thanks, I did.", now);
    expect(await unreadNotificationCount(db, mentor.id)).toBe(0);

    await expect(addComment(db, learner, target, "   ", now)).rejects.toThrow("Write a comment.");
    await expect(addComment(db, learner, { kind: "quiz", id: "missing" }, "Hello", now)).rejects.toThrow("no longer exists");
    expect(await db.comment.count({ where: { quizAnswerId: target.id } })).toBe(2);
  });
});
