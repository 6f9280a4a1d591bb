// The access-control matrix: every page, route handler and server action that reads or changes
// learner data, tried by seven people, with who may do what written down as a table below.
//
// A learner (the "victim") practises, is in a mentor's cohort and has a comment thread. Six others
// try every entry against the victim's ids: anonymous, another learner (a member of the same
// cohort, the closest outsider), the victim's mentor, another mentor, an author and an admin. Each
// cell's outcome is asserted; a refused request must not show any of the victim's marker strings,
// name or email; denied changes must leave the victim's data, threads, notifications, cohorts and
// roles exactly as they were; and the allowed changes, run last, must change what they should.
//
// Server actions are called over HTTP as the browser calls them: POST to the page that uses the
// action, with its id (from the build's server-reference-manifest.json) in the Next-Action header
// and the arguments encoded as React encodes them (a JSON array, or multipart when an argument is
// FormData). A file under app/ that is in neither the matrix nor the exempt list fails the test.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { baseUrl, launchBrowser, watchPageErrors } from "./support/browser";
import { answerShownQuestion, signIn, signUp } from "./support/accounts";
import { actionHeaders, answerForServedQuestion as answerFor, encodeArgs, flightResult, form, isRecord, readManifest, routeOf, type ActionArgs, type ManifestAction, type ServedQuestion } from "../support/server-actions";

// ── Who ──────────────────────────────────────────────────────────────────────────────────────────

const ACTORS = ["anonymous", "victim", "otherLearner", "mentor", "otherMentor", "author", "admin"] as const;
type ActorName = (typeof ACTORS)[number];
/** The people entitled to the victim's data somewhere (their own, their mentee's, any learner's). */
const ENTITLED: ReadonlySet<ActorName> = new Set(["victim", "mentor", "admin"]);

// ── Outcomes ─────────────────────────────────────────────────────────────────────────────────────
//   ok       allowed: 200 (a route may redirect elsewhere than sign-in); an action does its work
//   sees     allowed, and the response shows the victim's data (the entry's evidence string)
//   signin   sent to sign in: a redirect to /signin?callbackUrl=… (for an action, x-action-redirect)
//   401      the route answers 401
//   403      the page or route answers 403 (app/**/forbidden.tsx for pages)
//   404      answers 404, exactly as if the victim's item did not exist
//   refused  the action answers with an error message and writes nothing
//   ignored  the action (or route) answers without an error and does nothing
// Zero leaks: no response to someone not entitled to the victim's data (ENTITLED) contains any of
// the victim's secrets, whatever the outcome; and no sign-in, 401, 403 or 404 response does, to
// anyone. (A refused or ignored action may re-render the page it was posted to, which the victim,
// their mentor or an admin may well be allowed to see.)
const OUTCOMES = ["ok", "sees", "signin", "401", "403", "404", "refused", "ignored"] as const;
type Outcome = (typeof OUTCOMES)[number];
const ALLOWED_OUTCOMES: ReadonlySet<Outcome> = new Set(["ok", "sees"]);
const REFUSED_PAGES: ReadonlySet<Outcome> = new Set(["signin", "401", "403", "404"]);

/** One table row: seven outcomes in ACTORS order, separated by spaces. */
function cells(row: string): Record<ActorName, Outcome> {
  const words = row.trim().split(/\s+/);
  if (words.length !== ACTORS.length) throw new Error(`"${row}" has ${words.length} cells, not ${ACTORS.length}`);
  const bad = words.filter((w) => !(OUTCOMES as readonly string[]).includes(w));
  if (bad.length > 0) throw new Error(`Unknown outcome ${bad.join(", ")} in "${row}"`);
  return Object.fromEntries(ACTORS.map((a, i) => [a, words[i] as Outcome])) as Record<ActorName, Outcome>;
}

// ── What the entries need ────────────────────────────────────────────────────────────────────────

interface Ids {
  victimId: string;
  cohortId: string;
  /** The other mentor's cohort, which the victim is not in. */
  otherCohortId: string;
  invitationId: string;
  invitationToken: string;
  invitationCode: string;
  finishedQuizId: string;
  /** The free-text answer the mentor commented on. */
  quizAnswerId: string;
  openQuizId: string;
  openQuizItemId: string;
  openQuizQuestion: ServedQuestion;
  drillId: string;
  drillPromptId: string;
  /** A second drill, through its phases and waiting for the self-assessment. */
  assessedDrillId: string;
  assessmentRatings: Record<string, string>;
  cardId: string;
  /** The version of the victim's card as the review screen shows it now: ratings name it. */
  cardVersion: number;
  /** A second card of the victim's, lapsed until it was set aside as a leech. */
  leechCardId: string;
  /** A third card of the victim's, which the card browser's actions change. */
  browserCardId: string;
  notificationId: string;
  questionId: string;
}

/** What must never reach someone the matrix denies. */
interface Secrets {
  name: string;
  email: string;
  quizText: string;
  drillText: string;
  commentText: string;
}

/** Per call: who calls, and the marker to write (DENIED… in the denied phase, ALLOWED… after). */
interface Call {
  actor: ActorName;
  marker: string;
  /** Unique per call, for submission ids. */
  serial: string;
}

/** Runs before an entry's allowed cells; returns the check that they changed what they should. */
type Verify = (h: Harness) => Promise<() => Promise<void>>;

interface EntryBase {
  expect: Record<ActorName, Outcome>;
  /** For "sees" cells: which secret the response must show. */
  evidence?: keyof Secrets;
  /** Allowed cells change data: they run last, after the denied phase. */
  changes?: boolean;
  verify?: Verify;
}
interface PageEntry extends EntryBase {
  kind: "page";
  route: string;
  url: (i: Ids) => string;
}
interface RouteEntry extends EntryBase {
  kind: "route";
  route: string;
  method: "GET" | "POST";
  url: (i: Ids) => string;
  body?: (i: Ids, c: Call) => unknown;
  /** Extra checks on a cell's reply; returns a problem or null. */
  check?: (outcome: Outcome, reply: Reply) => string | null;
}
interface ActionEntry extends EntryBase {
  kind: "action";
  /** "file#export", as the manifest and the source name it. */
  action: string;
  /** The page the browser posts the action to (a route pattern), and its concrete URL. */
  page: string;
  url: (i: Ids) => string;
  args: (i: Ids, c: Call) => ActionArgs;
  /** Tells rows apart when one action appears twice. */
  variant?: string;
}
type Entry = PageEntry | RouteEntry | ActionEntry;

const page = (route: string, row: string, o: Partial<Omit<PageEntry, "kind" | "route" | "expect">> = {}): PageEntry => ({
  kind: "page", route, url: () => route, ...o, expect: cells(row),
});
const route = (method: "GET" | "POST", path: string, row: string, o: Omit<RouteEntry, "kind" | "route" | "method" | "expect">): RouteEntry => ({
  kind: "route", method, route: path, ...o, expect: cells(row),
});
const action = (name: string, row: string, o: Omit<ActionEntry, "kind" | "action" | "expect">): ActionEntry => ({
  kind: "action", action: name, changes: true, ...o, expect: cells(row),
});

/** The lesson the victim queues during set-up. */
const QUEUED_LESSON_URL = "/learn/replication/leader-follower-replication";
/** The quizzes' lesson: 10 questions, one of them free text. Not queued nor read before the matrix runs. */
const QUIZ_LESSON = { id: "leaderless-replication-and-quorums", url: "/learn/replication/leaderless-replication-and-quorums" };
const LESSON_ACTIONS = "app/(learn)/learn/[family]/[lesson]/actions.ts";

// ── The matrix ───────────────────────────────────────────────────────────────────────────────────
// Columns: anonymous, victim, another learner (same cohort), the victim's mentor, another mentor,
// author, admin. Changing entries run their denied cells first and their allowed cells last, in
// this order (so, e.g., comments come before the mentor removes the victim from the cohort).

const PAGES: PageEntry[] = [
  //                                          anon    victim  learner mentor  o.ment  author  admin
  // Signed in, the start page is the person's own: what is due, their lesson, their challenge.
  page("/",                                  "ok      sees    ok      ok      ok      ok      ok", { evidence: "name" }),
  page("/account",                           "signin  sees    ok      ok      ok      ok      ok", { evidence: "email" }),
  page("/admin/users",                       "signin  403     403     403     403     403     sees", {
    evidence: "email", url: () => `/admin/users?q=${encodeURIComponent(world.secrets.email)}` }),
  page("/author",                            "signin  403     403     403     403     ok      ok"),
  page("/author/status",                     "signin  403     403     403     403     ok      ok"),
  page("/author/guide",                      "signin  403     403     403     403     ok      ok"),
  page("/author/questions/[id]",             "signin  403     403     403     403     ok      ok", { url: (i) => `/author/questions/${i.questionId}` }),
  // Everyone's own cards; one card's page is its owner's alone (an admin or mentor reads a learner's answers elsewhere).
  page("/cards",                             "signin  ok      ok      ok      ok      ok      ok"),
  page("/cards/[id]",                        "signin  ok      404     404     404     404     404", { url: (i) => `/cards/${i.browserCardId}` }),
  page("/dashboard",                         "signin  ok      ok      ok      ok      ok      ok"),
  page("/join/[token]",                      "signin  ok      ok      ok      ok      ok      ok", { url: (i) => `/join/${i.invitationToken}` }),
  page("/mentor",                            "signin  403     403     ok      ok      403     ok"),
  page("/mentor/join",                       "signin  ok      ok      ok      ok      ok      ok"),
  // The dashboard shows every member's progress; the victim and the other learner are both members.
  page("/mentor/cohorts/[id]",               "signin  404     404     sees    404     404     sees", { evidence: "email", url: (i) => `/mentor/cohorts/${i.cohortId}` }),
  page("/mentor/learners/[id]",              "signin  sees    404     sees    404     404     sees", { evidence: "quizText", url: (i) => `/mentor/learners/${i.victimId}` }),
  page("/notifications",                     "signin  sees    ok      ok      ok      ok      ok", { evidence: "commentText" }),
  page("/notifications/threads/[kind]/[id]", "signin  sees    404     sees    404     404     sees", { evidence: "quizText", url: (i) => `/notifications/threads/quiz/${i.quizAnswerId}` }),
  page("/practice",                          "signin  ok      ok      ok      ok      ok      ok"),
  page("/practice/drills",                   "signin  ok      ok      ok      ok      ok      ok"),
  page("/practice/drills/[id]",              "signin  sees    404     sees    404     404     sees", { evidence: "drillText", url: (i) => `/practice/drills/${i.drillId}` }),
  // Opening a quiz serves its current question (the owner's clock keeps running, nothing is recorded).
  page("/practice/quiz/[id]",                "signin  ok      404     404     404     404     404", { url: (i) => `/practice/quiz/${i.openQuizId}` }),
  page("/practice/quiz/[id]/results",        "signin  sees    404     404     404     404     404", { evidence: "quizText", url: (i) => `/practice/quiz/${i.finishedQuizId}/results` }),
  page("/review",                            "signin  ok      ok      ok      ok      ok      ok"),
];

const ROUTES: RouteEntry[] = [
  //                                                 anon    victim  learner mentor  o.ment  author  admin
  route("GET", "/api/me",                           "ok      sees    ok      ok      ok      ok      ok", { evidence: "email", url: () => "/api/me" }),
  route("GET", "/api/lessons/[id]/progress",        "ok      ok      ok      ok      ok      ok      ok", { url: () => `/api/lessons/${QUIZ_LESSON.id}/progress` }),
  // "Download my data": always the caller's own; nobody can name another account.
  route("GET", "/account/export",                   "401     sees    ok      ok      ok      ok      ok", { evidence: "email", url: () => "/account/export" }),
  // One's own cards as an Anki deck (or a lesson's questions): nobody else's cards are in it.
  route("GET", "/cards/export.apkg",                "signin  ok      ok      ok      ok      ok      ok", { url: () => "/cards/export.apkg" }),
  route("GET", "/author/items.csv",                 "signin  403     403     403     403     ok      ok", { url: () => "/author/items.csv" }),
  route("GET", "/mentor/cohorts/[id]/export.csv",   "401     404     404     sees    404     404     sees", { evidence: "email", url: (i) => `/mentor/cohorts/${i.cohortId}/export.csv` }),
  route("GET", "/mentor/learners/[id]/answers.csv", "401     sees    404     sees    404     404     sees", { evidence: "quizText", url: (i) => `/mentor/learners/${i.victimId}/answers.csv` }),
  // Opening a notification marks it read, so it changes data although it is a GET.
  route("GET", "/notifications/open/[id]",          "signin  ok      ignored ignored ignored ignored ignored", {
    changes: true,
    url: (i) => `/notifications/open/${i.notificationId}`,
    check: (outcome, reply) => {
      if (outcome === "ok" && !reply.location.startsWith("/notifications/threads/")) return `expected the thread, went to ${reply.location}`;
      if (outcome === "ignored" && reply.location !== "/notifications") return `expected /notifications, went to ${reply.location}`;
      return null;
    },
    verify: async (h) => {
      expect(await h.unread("victim")).toBe(1);
      return async () => expect(await h.unread("victim")).toBe(0);
    },
  }),
  route("POST", "/api/quiz/[id]/current",           "401     ok      404     404     404     404     404", { changes: true, url: (i) => `/api/quiz/${i.openQuizId}/current` }),
  route("POST", "/api/quiz/[id]/answers",           "401     ok      404     404     404     404     404", {
    changes: true,
    url: (i) => `/api/quiz/${i.openQuizId}/answers`,
    body: (i, c) => ({ itemId: i.openQuizItemId, answer: answerFor(i.openQuizQuestion, c.marker), clientSubmissionId: `matrix-${c.serial}` }),
    // The quiz is still running, so its answers show nowhere yet: the answered question is past.
    verify: async (h) => {
      expect(await h.currentQuizItem()).toBe(h.ids.openQuizItemId);
      return async () => expect(await h.currentQuizItem()).not.toBe(h.ids.openQuizItemId);
    },
  }),
];

const ACTIONS: ActionEntry[] = [
  //                                                            anon    victim  learner mentor  o.ment  author  admin
  action(`${LESSON_ACTIONS}#addToReviewQueueAction`,           "signin  ok      ok      ok      ok      ok      ok", {
    page: "/learn/[family]/[lesson]", url: () => QUIZ_LESSON.url, args: () => form({ lessonId: QUIZ_LESSON.id }),
    verify: async (h) => {
      const before = await h.queueTotal();
      return async () => expect(await h.queueTotal()).toBeGreaterThan(before);
    },
  }),
  action(`${LESSON_ACTIONS}#toggleReadAction`,                 "signin  ok      ok      ok      ok      ok      ok", {
    page: "/learn/[family]/[lesson]", url: () => QUIZ_LESSON.url, args: () => form({ lessonId: QUIZ_LESSON.id, read: "true" }),
    verify: async (h) => {
      expect(await h.lessonRead()).toBe(false);
      return async () => expect(await h.lessonRead()).toBe(true);
    },
  }),
  // Review: the victim's card id.
  action("app/review/actions.ts#revealAction",                 "refused ok      refused refused refused refused refused", {
    changes: false, page: "/review", url: () => "/review", args: (i) => ({ json: [{ cardId: i.cardId, version: i.cardVersion, answer: null, durationMs: 4000 }] }),
  }),
  action("app/review/actions.ts#rateAction",                   "refused ok      refused refused refused refused refused", {
    page: "/review", url: () => "/review",
    args: (i) => ({ json: [{ cardId: i.cardId, version: i.cardVersion, rating: 3, answer: null, durationMs: 4000 }] }),
    verify: async (h) => {
      const before = rowsOf(await h.answersCsv(), "review");
      return async () => expect(rowsOf(await h.answersCsv(), "review")).toBe(before + 1);
    },
  }),
  // Undo acts on the caller's own last rating: the others have none, so nothing happens to anyone.
  action("app/review/actions.ts#undoAction",                   "refused ok      refused refused refused refused refused", {
    page: "/review", url: () => "/review", args: () => ({ json: [] }),
    verify: async (h) => {
      const before = rowsOf(await h.answersCsv(), "review");
      return async () => expect(rowsOf(await h.answersCsv(), "review")).toBe(before - 1);
    },
  }),
  // Bringing back a set-aside leech: only its owner; for anyone else it is not one of their cards.
  action("app/review/actions.ts#resumeLeechAction",            "refused ok      refused refused refused refused refused", {
    page: "/review", url: () => "/review", args: (i) => ({ json: [{ cardId: i.leechCardId }] }),
    verify: async (h) => {
      expect(await h.text("victim", "/review")).toContain('id="set-aside-title"');
      return async () => expect(await h.text("victim", "/review")).not.toContain('id="set-aside-title"');
    },
  }),
  // The card browser's changes to the victim's third card: its owner alone; for anyone else it does not exist.
  action("app/cards/actions.ts#suspendCardAction",              "signin  ok      404     404     404     404     404", {
    page: "/cards/[id]", url: (i) => `/cards/${i.browserCardId}`, args: (i) => form({ cardId: i.browserCardId }),
    verify: async (h) => {
      expect(await h.cardPage()).not.toContain('data-state="suspended"');
      return async () => expect(await h.cardPage()).toContain('data-state="suspended"');
    },
  }),
  action("app/cards/actions.ts#resumeCardAction",               "signin  ok      404     404     404     404     404", {
    page: "/cards/[id]", url: (i) => `/cards/${i.browserCardId}`, args: (i) => form({ cardId: i.browserCardId }),
    verify: async (h) => async () => expect(await h.cardPage()).not.toContain('data-state="suspended"'),
  }),
  action("app/cards/actions.ts#resetCardAction",                "signin  ok      404     404     404     404     404", {
    page: "/cards/[id]", url: (i) => `/cards/${i.browserCardId}`, args: (i) => form({ cardId: i.browserCardId }),
    verify: async (h) => {
      expect(await h.cardPage()).not.toContain('data-kind="reset"');
      return async () => expect(await h.cardPage()).toContain('data-kind="reset"');
    },
  }),
  action("app/cards/actions.ts#forgetCardAction",               "signin  ok      404     404     404     404     404", {
    page: "/cards/[id]", url: (i) => `/cards/${i.browserCardId}`, args: (i) => form({ cardId: i.browserCardId }),
    verify: async (h) => {
      expect(await h.cardPage()).not.toContain('data-kind="forget"');
      return async () => expect(await h.cardPage()).toContain('data-kind="forget"');
    },
  }),
  action("app/review/actions.ts#loadQueueAction",              "refused ok      ok      ok      ok      ok      ok", {
    changes: false, page: "/review", url: () => "/review", args: () => ({ json: [] }),
  }),
  action("app/review/actions.ts#addToQueueAction",             "refused ok      ok      ok      ok      ok      ok", {
    page: "/review", url: () => "/review", args: () => ({ json: [{ family: "caching" }] }),
    verify: async (h) => {
      const before = await h.queueTotal();
      return async () => expect(await h.queueTotal()).toBeGreaterThan(before);
    },
  }),
  // Quizzes: the victim's finished quiz.
  // One timed attempt at a time: the victim has a quiz in progress, so theirs is refused with a message.
  action("app/practice/actions.ts#createQuizAction",           "signin  refused ok      ok      ok      ok      ok", {
    page: "/practice", url: () => "/practice", args: () => form({ count: "1", secondsPerQuestion: "60" }, true),
  }),
  action("app/practice/actions.ts#startDailyChallengeAction",  "signin  ok      ok      ok      ok      ok      ok", {
    page: "/practice", url: () => "/practice", args: () => form({}),
  }),
  action("app/practice/actions.ts#queueMissedQuestionsAction", "signin  ok      404     404     404     404     404", {
    page: "/practice/quiz/[id]/results", url: (i) => `/practice/quiz/${i.finishedQuizId}/results`, args: (i) => form({ quizId: i.finishedQuizId }),
  }),
  // Ending the victim's quiz in progress: theirs alone. Runs after the quiz routes' allowed cells.
  action("app/practice/actions.ts#endQuizAction",              "signin  ok      404     404     404     404     404", {
    page: "/practice", url: () => "/practice", args: (i) => form({ quizId: i.openQuizId }),
    verify: async (h) => {
      expect(await h.text("victim", "/practice")).toContain('id="in-progress-title"');
      return async () => expect(await h.text("victim", "/practice")).not.toContain('id="in-progress-title"');
    },
  }),
  // Drills: the victim's drill in its first phase, and their drill waiting for its self-assessment.
  action("app/practice/drills/actions.ts#startDrillAction",    "signin  ok      ok      ok      ok      ok      ok", {
    page: "/practice/drills", url: () => "/practice/drills", args: (i) => form({ promptId: i.drillPromptId }),
  }),
  action("app/practice/drills/actions.ts#readDrillAction",     "refused sees    refused sees    refused refused sees", {
    changes: false, evidence: "drillText", page: "/practice/drills/[id]", url: (i) => `/practice/drills/${i.drillId}`, args: (i) => ({ json: [i.drillId] }),
  }),
  action("app/practice/drills/actions.ts#saveDrillTextAction", "refused ok      refused refused refused refused refused", {
    page: "/practice/drills/[id]", url: (i) => `/practice/drills/${i.drillId}`, args: (i, c) => ({ json: [i.drillId, "requirements", `${c.marker} drill text`] }),
    verify: async (h) => async () => expect((await h.drill(h.ids.drillId)).texts.requirements).toBe(`${h.allowed} drill text`),
  }),
  action("app/practice/drills/actions.ts#advanceDrillAction",  "refused ok      refused refused refused refused refused", {
    page: "/practice/drills/[id]", url: (i) => `/practice/drills/${i.drillId}`, args: (i) => ({ json: [i.drillId, "requirements"] }),
    verify: async (h) => async () => expect((await h.drill(h.ids.drillId)).currentPhase).toBe("hot-path"),
  }),
  action("app/practice/drills/actions.ts#finishDrillAction",   "refused ok      refused refused refused refused refused", {
    page: "/practice/drills/[id]", url: (i) => `/practice/drills/${i.assessedDrillId}`,
    args: (i, c) => ({ json: [i.assessedDrillId, { ratings: i.assessmentRatings, note: c.marker }] }),
    verify: async (h) => async () => expect((await h.drill(h.ids.assessedDrillId)).stage).toBe("finished"),
  }),
  // Settings: each person's own; nobody can name someone else's account here.
  action("app/account/actions.ts#savePracticeSettingsAction",  "refused ok      ok      ok      ok      ok      ok", {
    page: "/account", url: () => "/account",
    args: () => form({ desiredRetention: "91", dailyNewLimit: "21", dailyReviewLimit: "201", timezone: "Europe/Paris" }, true),
    verify: async (h) => async () => expect((await h.settings()).dailyReviewLimit).toBe("201"),
  }),
  // Comment threads on the victim's free-text answer and on their drill.
  action("app/mentor/actions.ts#commentAction",                "refused ok      refused ok      refused refused ok", {
    variant: "on a quiz answer", page: "/notifications/threads/[kind]/[id]", url: (i) => `/notifications/threads/quiz/${i.quizAnswerId}`,
    args: (i, c) => form({ kind: "quiz", targetId: i.quizAnswerId, body: `${c.marker} comment by ${c.actor}` }, true),
    verify: async (h) => async () => {
      const bodies = await h.thread("quiz", h.ids.quizAnswerId);
      for (const who of ["victim", "mentor", "admin"]) expect(bodies).toContain(`${h.allowed} comment by ${who}`);
    },
  }),
  action("app/mentor/actions.ts#commentAction",                "refused ok      refused ok      refused refused ok", {
    variant: "on a drill", page: "/notifications/threads/[kind]/[id]", url: (i) => `/notifications/threads/drill/${i.drillId}`,
    args: (i, c) => form({ kind: "drill", targetId: i.drillId, body: `${c.marker} comment by ${c.actor}` }, true),
    verify: async (h) => async () => {
      const bodies = await h.thread("drill", h.ids.drillId);
      for (const who of ["victim", "mentor", "admin"]) expect(bodies).toContain(`${h.allowed} comment by ${who}`);
    },
  }),
  action("app/notifications/actions.ts#markAllReadAction",     "ignored ok      ok      ok      ok      ok      ok", {
    page: "/notifications", url: () => "/notifications", args: () => form({}),
    verify: async (h) => {
      // The mentor's and the admin's comments just notified the victim.
      expect(await h.unread("victim")).toBeGreaterThan(0);
      return async () => expect(await h.unread("victim")).toBe(0);
    },
  }),
  // Cohorts: the victim's cohort, its invitation, its membership.
  action("app/mentor/actions.ts#createCohortAction",           "refused refused refused ok      ok      refused ok", {
    page: "/mentor", url: () => "/mentor", args: (_i, c) => form({ name: `${c.marker} cohort` }, true),
    verify: async (h) => async () => expect(await h.text("mentor", "/mentor")).toContain(`${h.allowed} cohort`),
  }),
  action("app/mentor/actions.ts#createInvitationAction",       "refused refused refused ok      refused refused ok", {
    page: "/mentor", url: () => "/mentor", args: (i) => form({ cohortId: i.cohortId, expiresInDays: "7", maxUses: "" }, true),
    verify: async (h) => {
      const before = (await h.invitations()).length;
      return async () => expect((await h.invitations()).length).toBe(before + 2);
    },
  }),
  // Anyone with the code may join (the mentor of the cohort may not); the two members already are.
  action("app/mentor/actions.ts#joinCohortAction",             "refused ok      ok      refused ok      ok      ok", {
    page: "/mentor/join", url: () => "/mentor/join", args: (i) => form({ key: i.invitationCode }, true),
    verify: async (h) => async () => {
      const members = await h.members(h.ids.cohortId);
      for (const who of ["otherMentor", "author", "admin"] as const) expect(members).toContain(h.emails[who]);
    },
  }),
  action("app/mentor/actions.ts#revokeInvitationAction",       "ignored ignored ignored ok      ignored ignored ok", {
    page: "/mentor", url: () => "/mentor", args: (i) => form({ cohortId: i.cohortId, invitationId: i.invitationId }),
    verify: async (h) => async () => {
      expect(await h.invitations()).not.toContain(h.ids.invitationToken);
      expect(await h.text("victim", `/join/${h.ids.invitationToken}`)).toContain("This invitation was withdrawn");
    },
  }),
  // The same invitation named with a cohort it is not in: whoever manages that cohort gets nothing.
  action("app/mentor/actions.ts#revokeInvitationAction",       "ignored ignored ignored ignored ignored ignored ignored", {
    variant: "named with another cohort", page: "/mentor", url: () => "/mentor", args: (i) => form({ cohortId: i.otherCohortId, invitationId: i.invitationId }),
  }),
  action("app/mentor/actions.ts#removeLearnerAction",          "ignored ignored ignored ok      ignored ignored ok", {
    page: "/mentor/learners/[id]", url: (i) => `/mentor/learners/${i.victimId}`, args: (i) => form({ cohortId: i.cohortId, learnerId: i.victimId }),
    verify: async (h) => async () => {
      expect(await h.members(h.ids.cohortId)).not.toContain(h.secrets.email);
      expect((await h.get("mentor", `/mentor/learners/${h.ids.victimId}`)).status).toBe(404);
    },
  }),
  action("app/mentor/actions.ts#removeLearnerAction",          "ignored ignored ignored ignored ignored ignored ignored", {
    variant: "named with another cohort", page: "/mentor/learners/[id]", url: (i) => `/mentor/learners/${i.victimId}`,
    args: (i) => form({ cohortId: i.otherCohortId, learnerId: i.victimId }),
  }),
  // Leaving ends the caller's own membership only.
  action("app/mentor/actions.ts#leaveCohortAction",            "ignored ok      ok      ignored ignored ignored ignored", {
    page: "/account", url: () => "/account", args: (i) => form({ cohortId: i.cohortId }),
    verify: async (h) => async () => expect(await h.members(h.ids.cohortId)).not.toContain(h.emails.otherLearner),
  }),
  // Last: once the victim is an admin, every later cell would change. A role change ends the
  // victim's sessions (docs/decisions/051): their cookie is signed out, the admin sees the new role.
  action("app/admin/actions.ts#changeRoleAction",              "refused refused refused refused refused refused ok", {
    page: "/admin/users", url: () => "/admin/users", args: (i) => form({ userId: i.victimId, role: "ADMIN" }, true),
    verify: async (h) => async () => {
      expect((await h.me("victim")).role).toBeNull();
      expect(await h.text("admin", `/admin/users?q=${encodeURIComponent(h.secrets.email)}`)).toMatch(/<option[^>]*value="ADMIN"[^>]*selected/);
    },
  }),
];

// ── Exempt: under app/, but no learner data to protect ───────────────────────────────────────────
const EXEMPT: Record<string, string> = {
  "page /signin": "The sign-in form.",
  "page /signup": "The sign-up form.",
  "page /learn": "Published lessons, the same for everyone.",
  "page /learn/[family]": "Published lessons, the same for everyone.",
  "page /learn/[family]/[lesson]": "A published lesson; the learner's progress on it comes from /api/lessons/[id]/progress, in the matrix.",
  "page /sim-preview/[name]": "Simulation preview: content only.",
  "page /tools/linearizability": "The linearizability checker: runs in the visitor's browser, reads no user data.",
  "GET /api/health": "Load-balancer health check; reads no user data.",
  "GET /api/search": "The search index, built from content/ at build time.",
  "GET /api/auth/[...nextauth]": "next-auth's own endpoints (CSRF token, the caller's own session).",
  "POST /api/auth/[...nextauth]": "next-auth's own endpoints (credential sign-in, sign-out of the caller's own session).",
  "POST /api/signout": "Ends the caller's own session.",
  "action app/(auth)/actions.ts#signInAction": "Signs the caller in.",
  "action app/(auth)/actions.ts#signUpAction": "Creates a new account and signs it in.",
  "action app/(auth)/actions.ts#signOutAction": "Signs the caller out.",
  // Each acts on the caller's own account and takes no id; tests/e2e/sessions.e2e.ts covers them,
  // and running them here would end the sessions the matrix reuses.
  "action app/account/actions.ts#changePasswordAction": "Changes the caller's own password, given the current one.",
  "action app/account/actions.ts#signOutEverywhereAction": "Ends every session of the caller's own account.",
  "action app/account/actions.ts#deleteAccountAction": "Deletes the caller's own account, given its password.",
  // Lesson exercises take a content id (a question placed in the lesson, a simulation task) and act on
  // the caller alone: nobody else's data can be named. tests/e2e/checkpoints.e2e.ts, sim-tasks.e2e.ts
  // and tests/practice/checkpoint.test.ts, tests/content/sim-tasks.test.ts cover what they refuse.
  "action app/(learn)/learn/[family]/[lesson]/checkpoint-actions.ts#answerCheckpointAction": "Grades an answer to a checkpoint of a published lesson; stores nothing.",
  "action app/(learn)/learn/[family]/[lesson]/checkpoint-actions.ts#addCheckpointToReviewAction": "Adds one checkpoint question to the caller's own review queue.",
  "action app/(learn)/learn/[family]/[lesson]/actions.ts#submitSimTaskAction": "Grades a simulation task on the caller's run; stores the caller's own completion when signed in.",
};

const ENTRIES: Entry[] = [...PAGES, ...ROUTES, ...ACTIONS];

function keyOf(e: Entry): string {
  if (e.kind === "page") return `page ${e.route}`;
  if (e.kind === "route") return `${e.method} ${e.route}`;
  return `action ${e.action}`;
}
const labelOf = (e: Entry) => (e.kind === "action" && e.variant ? `${keyOf(e)} (${e.variant})` : keyOf(e));

// ── What app/ holds ──────────────────────────────────────────────────────────────────────────────

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}


/** Every page, route handler method and server action under app/, as matrix keys. */
function appSurface(): string[] {
  const keys: string[] = [];
  for (const file of walk("app").map((f) => f.split(path.sep).join("/"))) {
    const source = readFileSync(file, "utf8");
    const base = path.basename(file);
    if (/^page\.(tsx|ts|jsx|js|mdx)$/.test(base)) keys.push(`page ${routeOf(file)}`);
    if (/^route\.(ts|js)$/.test(base)) {
      const methods = new Set<string>();
      for (const m of source.matchAll(/export\s+(?:async\s+)?(?:function|const|let)\s+([A-Z]+)\b/g)) methods.add(m[1]);
      for (const m of source.matchAll(/export\s+const\s+\{([^}]*)\}/g)) for (const n of m[1].split(",")) methods.add(n.trim().split(/\s+as\s+/).pop() ?? "");
      const known = [...methods].filter((m) => (HTTP_METHODS as readonly string[]).includes(m));
      if (known.length === 0) throw new Error(`${file}: no HTTP method export found; teach this test how it exports them`);
      for (const m of known) keys.push(`${m} ${routeOf(file)}`);
    }
    if (/^\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*["']use server["']/.test(source)) {
      if (/^export\s+(?:\{|\*|default)/m.test(source)) throw new Error(`${file}: list server actions as named function exports so this test can see them`);
      for (const m of source.matchAll(/^export\s+(?:async\s+)?(?:function\s+(\w+)|const\s+(\w+))/gm)) keys.push(`action ${file}#${m[1] ?? m[2]}`);
    } else if (/["']use server["']/.test(source)) {
      throw new Error(`${file}: an inline "use server" function; move it to an actions file so the matrix can list it`);
    }
  }
  return keys.sort();
}

// ── HTTP as each person ──────────────────────────────────────────────────────────────────────────

interface Reply {
  status: number;
  /** Location of a redirect, relative to the site. */
  location: string;
  /** Where a server action redirected (x-action-redirect), without its ";push". */
  actionRedirect: string;
  body: string;
  /** A server action's return value. */
  result?: unknown;
}

const relative = (url: string | null) => (url ? url.replace(baseUrl(), "") : "");

async function request(cookie: string, method: string, url: string, init: { body?: string | FormData; headers?: Record<string, string> } = {}): Promise<Reply> {
  const res = await fetch(`${baseUrl()}${url}`, {
    method,
    redirect: "manual",
    headers: { ...(cookie ? { cookie } : {}), ...init.headers },
    body: init.body,
  });
  return {
    status: res.status,
    location: relative(res.headers.get("location")),
    actionRedirect: relative(res.headers.get("x-action-redirect")).split(";")[0],
    body: await res.text(),
  };
}

interface World {
  ids: Ids;
  secrets: Secrets;
  cookies: Record<ActorName, string>;
  emails: Record<Exclude<ActorName, "anonymous">, string>;
  actions: ManifestAction[];
  stamp: string;
}
let world: World;
let serial = 0;

async function callAction(actor: ActorName, name: string, url: string, args: ActionArgs): Promise<Reply> {
  const { body, contentType } = encodeArgs(args);
  const reply = await request(world.cookies[actor], "POST", url, { body, headers: actionHeaders(world.actions, name, baseUrl(), contentType) });
  return { ...reply, result: reply.status === 200 && !reply.actionRedirect ? flightResult(reply.body) : undefined };
}

/** Allowed reads used to look at the victim's data before and after. */
class Harness {
  readonly ids: Ids;
  readonly secrets: Secrets;
  readonly emails: World["emails"];
  readonly allowed: string;
  constructor(w: World) {
    this.ids = w.ids;
    this.secrets = w.secrets;
    this.emails = w.emails;
    this.allowed = `ALLOWED${w.stamp}`;
  }
  get(actor: ActorName, url: string) {
    return request(world.cookies[actor], "GET", url);
  }
  async text(actor: ActorName, url: string): Promise<string> {
    const r = await this.get(actor, url);
    if (r.status !== 200) throw new Error(`${actor} GET ${url}: ${r.status}`);
    return r.body;
  }
  async json(actor: ActorName, url: string): Promise<Record<string, unknown>> {
    const parsed: unknown = JSON.parse(await this.text(actor, url));
    if (!isRecord(parsed)) throw new Error(`${url}: not a JSON object`);
    return parsed;
  }
  async me(actor: ActorName): Promise<{ role: string | null; unread: number }> {
    const me = await this.json(actor, "/api/me");
    const user = isRecord(me.user) ? me.user : null;
    return { role: typeof user?.role === "string" ? user.role : null, unread: typeof me.unreadNotifications === "number" ? me.unreadNotifications : -1 };
  }
  async unread(actor: ActorName): Promise<number> {
    return (await this.me(actor)).unread;
  }
  /** The question the victim's open quiz is on now (serving it, as the quiz page would). */
  async currentQuizItem(): Promise<string | null> {
    const r = await request(world.cookies.victim, "POST", `/api/quiz/${this.ids.openQuizId}/current`);
    const served: unknown = JSON.parse(r.body);
    return isRecord(served) && typeof served.itemId === "string" ? served.itemId : null;
  }
  answersCsv(): Promise<string> {
    return this.text("admin", `/mentor/learners/${this.ids.victimId}/answers.csv`);
  }
  /** Emails of a cohort's current members, from its dashboard export (its mentor's, or the admin's). */
  async members(cohortId: string): Promise<string[]> {
    const owner: ActorName = cohortId === this.ids.cohortId ? "mentor" : "otherMentor";
    const [header, ...rows] = parseCsv(await this.text(owner, `/mentor/cohorts/${cohortId}/export.csv`));
    const email = header.indexOf("email");
    return rows.map((r) => r[email]).sort();
  }
  /** The victim's row of the cohort export, without the columns that move with the clock. */
  async victimRow(): Promise<Record<string, string>> {
    const [header, ...rows] = parseCsv(await this.text("mentor", `/mentor/cohorts/${this.ids.cohortId}/export.csv`));
    const row = rows.find((r) => r[header.indexOf("email")] === this.secrets.email) ?? [];
    const stable = ["learner", "email", "joined", "reviews (7 d)", "quiz answers (7 d)", "leeches"];
    return Object.fromEntries(stable.map((c) => [c, row[header.indexOf(c)] ?? ""]));
  }
  /** Open invitation tokens of the mentor's cohorts, from the mentor's page. */
  async invitations(): Promise<string[]> {
    const html = await this.text("mentor", "/mentor");
    return [...new Set([...html.matchAll(/\/join\/([A-Za-z0-9_-]{20,})/g)].map((m) => m[1]))].sort();
  }
  async thread(kind: "quiz" | "drill", id: string): Promise<string[]> {
    const html = await this.text("victim", `/notifications/threads/${kind}/${id}`);
    return [...html.matchAll(/<p class="mentor-comment-body">([^<]*)<\/p>/g)].map((m) => m[1]);
  }
  async queueTotal(): Promise<number> {
    const r = await callAction("victim", "app/review/actions.ts#loadQueueAction", "/review", { json: [] });
    const queue = isRecord(r.result) && isRecord(r.result.queue) ? r.result.queue : null;
    if (typeof queue?.total !== "number") throw new Error(`loadQueueAction: unexpected reply ${r.status}`);
    return queue.total;
  }
  /** The victim's own page of the card the card browser's actions change. */
  cardPage(): Promise<string> {
    return this.text("victim", `/cards/${this.ids.browserCardId}`);
  }
  async lessonRead(): Promise<boolean> {
    return (await this.json("victim", `/api/lessons/${QUIZ_LESSON.id}/progress`)).read === true;
  }
  async drill(id: string): Promise<{ stage: string; currentPhase: string; texts: Record<string, string> }> {
    const r = await callAction("victim", "app/practice/drills/actions.ts#readDrillAction", `/practice/drills/${id}`, { json: [id] });
    const view = isRecord(r.result) && r.result.ok === true && isRecord(r.result.data) ? r.result.data : null;
    if (!view || !Array.isArray(view.phases)) throw new Error(`readDrillAction ${id}: unexpected reply ${r.status}`);
    const texts = Object.fromEntries(view.phases.filter(isRecord).map((p) => [String(p.key), String(p.text)]));
    return { stage: String(view.stage), currentPhase: String(view.currentPhase), texts };
  }
  /** A drill's prompt, and its phases with their rubric points (for a complete self-assessment). */
  async drillPhases(id: string): Promise<{ promptId: string; phases: Array<{ key: string; rubric: number[] }> }> {
    const r = await callAction("victim", "app/practice/drills/actions.ts#readDrillAction", `/practice/drills/${id}`, { json: [id] });
    const view = isRecord(r.result) && r.result.ok === true && isRecord(r.result.data) ? r.result.data : null;
    if (!view || !Array.isArray(view.phases)) throw new Error(`readDrillAction ${id}: unexpected reply ${r.status}`);
    const phases = view.phases.filter(isRecord).map((p) => ({
      key: String(p.key),
      rubric: (Array.isArray(p.rubric) ? p.rubric : []).filter(isRecord).map((point) => Number(point.index)),
    }));
    return { promptId: String(view.promptId), phases };
  }
  async settings(): Promise<Record<string, string>> {
    const html = await this.text("victim", "/account");
    const value = (name: string) => /value="([^"]*)"/.exec(new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0] ?? "")?.[1] ?? "";
    return { desiredRetention: value("desiredRetention"), dailyNewLimit: value("dailyNewLimit"), dailyReviewLimit: value("dailyReviewLimit") };
  }
  /** Everything denied requests might have touched, through allowed reads. */
  async snapshot() {
    const people = ACTORS.filter((a) => a !== "anonymous");
    return {
      answers: await this.answersCsv(),
      victimRow: await this.victimRow(),
      members: await this.members(this.ids.cohortId),
      otherMembers: await this.members(this.ids.otherCohortId),
      invitations: await this.invitations(),
      quizThread: await this.thread("quiz", this.ids.quizAnswerId),
      drillThread: await this.thread("drill", this.ids.drillId),
      rolesAndNotifications: Object.fromEntries(await Promise.all(people.map(async (a) => [a, await this.me(a)] as const))),
      queueTotal: await this.queueTotal(),
      lessonRead: await this.lessonRead(),
      drill: await this.drill(this.ids.drillId),
      assessedDrill: await this.drill(this.ids.assessedDrillId),
      settings: await this.settings(),
      // The card the card browser's actions change: its state and its history's kinds.
      browserCard: ((await this.cardPage()).match(/data-(?:state|kind)="[^"]+"/g) ?? []).join(" "),
    };
  }
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') cell += c;
      else if (text[i + 1] === '"') cell += text[++i];
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ",") endCell();
    else if (c === "\n") {
      endCell();
      rows.push(row);
      row = [];
    } else if (c !== "\r") cell += c;
  }
  if (cell || row.length) {
    endCell();
    rows.push(row);
  }
  return rows;
}

/** Answer rows of one source ("quiz" or "review") in a learner's answers.csv. */
function rowsOf(csv: string, source: "quiz" | "review"): number {
  const [header, ...rows] = parseCsv(csv);
  return rows.filter((r) => r[header.indexOf("source")] === source).length;
}

// ── Running one cell ─────────────────────────────────────────────────────────────────────────────

async function run(entry: Entry, actor: ActorName, marker: string): Promise<Reply> {
  const call: Call = { actor, marker, serial: `${world.stamp}-${actor}-${++serial}` };
  if (entry.kind === "page") return request(world.cookies[actor], "GET", entry.url(world.ids));
  if (entry.kind === "route") {
    const body = entry.body ? JSON.stringify(entry.body(world.ids, call)) : undefined;
    return request(world.cookies[actor], entry.method, entry.url(world.ids), { body, headers: body ? { "content-type": "application/json" } : {} });
  }
  return callAction(actor, entry.action, entry.url(world.ids), entry.args(world.ids, call));
}

/** The message of a refusal: `{ error }`, `{ ok: false, error }` or `{ errors: { field: message } }`. */
function refusalOf(result: unknown): string | null {
  if (!isRecord(result)) return null;
  if (typeof result.error === "string" && result.error) return result.error;
  const first = isRecord(result.errors) ? Object.values(result.errors).find((m) => typeof m === "string" && m) : undefined;
  return typeof first === "string" ? first : null;
}

/** What was wrong with a cell's reply, or null. */
function judge(entry: Entry, actor: ActorName, expected: Outcome, r: Reply): string | null {
  const toSignIn = (to: string) => to.startsWith("/signin?callbackUrl=");
  const error = refusalOf(r.result);
  let got: string | null = null;
  if (entry.kind === "action") {
    const ok = r.status === 200 && (r.actionRedirect ? !toSignIn(r.actionRedirect) : error === null && !(isRecord(r.result) && r.result.ok === false));
    const fits: Record<Outcome, boolean> = {
      ok, sees: ok,
      signin: r.status === 200 && toSignIn(r.actionRedirect),
      "401": r.status === 401, "403": r.status === 403, "404": r.status === 404,
      refused: r.status === 200 && !r.actionRedirect && error !== null,
      ignored: r.status === 200 && !r.actionRedirect && r.result === undefined,
    };
    if (!fits[expected]) got = `${r.status}${r.actionRedirect ? ` → ${r.actionRedirect}` : ""} ${JSON.stringify(r.result)?.slice(0, 160) ?? "(no result)"}`;
  } else {
    const redirected = [302, 303, 307, 308].includes(r.status);
    const ok = r.status === 200 || (entry.kind === "route" && redirected && !toSignIn(r.location));
    const fits: Record<Outcome, boolean> = {
      ok, sees: ok,
      signin: redirected && toSignIn(r.location),
      "401": r.status === 401, "403": r.status === 403, "404": r.status === 404,
      refused: false,
      ignored: entry.kind === "route" && ok,
    };
    if (!fits[expected]) got = `${r.status}${r.location ? ` → ${r.location}` : ""}`;
  }
  const problems: string[] = [];
  if (got !== null) problems.push(`expected ${expected}, got ${got}`);
  else if (entry.kind === "route" && entry.check) problems.push(entry.check(expected, r) ?? "");
  const seen = `${r.location}\n${r.actionRedirect}\n${r.body}`;
  if (expected === "sees") {
    const evidence = entry.evidence ? world.secrets[entry.evidence] : null;
    if (!evidence) problems.push("a sees cell needs the entry's evidence");
    else if (got === null && !seen.includes(evidence)) problems.push(`expected the victim's ${entry.evidence} in the response`);
  } else if (!ENTITLED.has(actor) || REFUSED_PAGES.has(expected)) {
    const leaked = (Object.keys(world.secrets) as Array<keyof Secrets>).filter((k) => seen.includes(world.secrets[k]));
    if (leaked.length > 0) problems.push(`LEAK: the response contains the victim's ${leaked.join(", ")}`);
  }
  return problems.filter(Boolean).join("; ") || null;
}

async function runCells(entries: Entry[], which: (e: Entry, o: Outcome) => boolean, marker: string, problems: string[], h?: Harness) {
  for (const entry of entries) {
    const chosen = ACTORS.filter((a) => which(entry, entry.expect[a]));
    if (chosen.length === 0) continue;
    let after: (() => Promise<void>) | null = null;
    try {
      after = h && entry.verify ? await entry.verify(h) : null;
    } catch (err) {
      problems.push(`${labelOf(entry)}: before the allowed cells, ${firstLines(err)}`);
    }
    for (const actor of chosen) {
      const problem = judge(entry, actor, entry.expect[actor], await run(entry, actor, marker));
      if (problem) problems.push(`${labelOf(entry)} as ${actor}: ${problem}`);
    }
    if (after) {
      try {
        await after();
      } catch (err) {
        problems.push(`${labelOf(entry)}: the allowed change did not happen: ${firstLines(err)}`);
      }
    }
  }
}

const firstLines = (err: unknown) => (err instanceof Error ? err.message : String(err)).split("\n").filter(Boolean).slice(0, 3).join(" ");

// ── The tests ────────────────────────────────────────────────────────────────────────────────────

describe("access-control matrix", () => {
  let browser: Browser;
  let h: Harness;

  beforeAll(async () => {
    browser = await launchBrowser();
    world = await setUpWorld(browser);
    h = new Harness(world);
  }, 240_000);
  afterAll(async () => browser?.close());

  it("lists every page, route handler and server action under app/ either in the matrix or as exempt", () => {
    const surface = appSurface();
    const decided = new Set([...ENTRIES.map(keyOf), ...Object.keys(EXEMPT)]);
    expect(surface.filter((k) => !decided.has(k))).toEqual([]);
    // No stale rows either: each one names something that exists.
    expect([...decided].filter((k) => !surface.includes(k))).toEqual([]);
    // The build agrees: every server action it knows is decided, and each is posted to a page that uses it.
    const built = world.actions.map((a) => `action ${a.file}#${a.name}`);
    expect(built.filter((k) => !decided.has(k))).toEqual([]);
    for (const e of ACTIONS) {
      const [file, name] = e.action.split("#");
      expect({ action: e.action, pages: world.actions.find((a) => a.file === file && a.name === name)?.pages.includes(e.page) }).toEqual({ action: e.action, pages: true });
    }
  });

  it("shows every page, GET route and read action only to whom the matrix allows, and leaks nothing to the others", async () => {
    const problems: string[] = [];
    await runCells(ENTRIES.filter((e) => !e.changes), () => true, `READ${world.stamp}`, problems);
    expect(problems).toEqual([]);
  });

  it("refuses every denied change and leaves the victim's data, threads, notifications, cohorts and roles as they were", async () => {
    const denied = `DENIED${world.stamp}`;
    const before = await h.snapshot();
    // The snapshot sees the victim's data, so "unchanged" below means something.
    expect(before.answers).toContain(world.secrets.quizText);
    expect(before.victimRow.email).toBe(world.secrets.email);
    expect(before.members).toEqual([world.emails.otherLearner, world.secrets.email].sort());
    expect(before.invitations).toContain(world.ids.invitationToken);
    expect(before.quizThread).toEqual([expect.stringContaining(world.secrets.commentText)]);
    expect(before.rolesAndNotifications.victim).toEqual({ role: "LEARNER", unread: 1 });
    expect(before.drill.texts.requirements).toContain(world.secrets.drillText);
    expect(before.assessedDrill.stage).toBe("assessment");
    expect(before.settings.dailyReviewLimit).toMatch(/^\d+$/);
    const problems: string[] = [];
    await runCells(ENTRIES.filter((e) => e.changes), (_e, o) => !ALLOWED_OUTCOMES.has(o), denied, problems);
    const after = await h.snapshot();
    const changed = (Object.keys(before) as Array<keyof typeof before>).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
    expect({ problems, changed }).toEqual({ problems: [], changed: [] });
    expect(after).toEqual(before);
    expect(JSON.stringify(after)).not.toContain(denied);
  });

  it("carries out every allowed change, and each one changes what it should", async () => {
    const problems: string[] = [];
    await runCells(ENTRIES.filter((e) => e.changes), (_e, o) => ALLOWED_OUTCOMES.has(o), h.allowed, problems, h);
    expect(problems).toEqual([]);
  });
});

// ── Setting the scene ────────────────────────────────────────────────────────────────────────────

const PASSWORD = "quorum-matrix-pass-1";

async function setUpWorld(browser: Browser): Promise<World> {
  const stamp = Date.now().toString(36);
  const people = {
    victim: { name: `Vera Victim ${stamp}`, email: `victim-${stamp}@example.com` },
    otherLearner: { name: `Lio Learner ${stamp}`, email: `learner-${stamp}@example.com` },
    mentor: { name: `Mara Mentor ${stamp}`, email: `mentor-${stamp}@example.com` },
    otherMentor: { name: `Otto Mentor ${stamp}`, email: `other-mentor-${stamp}@example.com` },
    author: { name: `Aino Author ${stamp}`, email: `author-${stamp}@example.com` },
    admin: { name: "", email: "admin@quorum.test" },
  };
  const secrets: Secrets = {
    name: people.victim.name,
    email: people.victim.email,
    quizText: `QUIZMARK${stamp}`,
    drillText: `DRILLMARK${stamp}`,
    commentText: `COMMENTMARK${stamp}`,
  };
  const contexts = Object.fromEntries(
    await Promise.all((["victim", "otherLearner", "mentor", "otherMentor", "author", "admin"] as const).map(async (a) => [a, await browser.newContext()] as const)),
  ) as Record<Exclude<ActorName, "anonymous">, BrowserContext>;
  const pages = Object.fromEntries(
    await Promise.all(Object.entries(contexts).map(async ([a, c]) => [a, await c.newPage()] as const)),
  ) as Record<Exclude<ActorName, "anonymous">, Page>;
  const errors = Object.values(pages).map(watchPageErrors);

  // Everyone signs in through the UI once; later requests reuse their cookies.
  await Promise.all([
    ...(["victim", "otherLearner", "mentor", "otherMentor", "author"] as const).map((a) => signUp(pages[a], people[a].name, people[a].email, PASSWORD)),
    signIn(pages.admin, "admin@quorum.test", "admin-demo-pass"),
  ]);
  for (const [who, role, said] of [["mentor", "MENTOR", "a mentor"], ["otherMentor", "MENTOR", "a mentor"], ["author", "AUTHOR", "an author"]] as const) {
    await promote(pages.admin, people[who], role, said);
  }
  // A role change ends the person's sessions (docs/decisions/051): the promoted sign in again.
  await Promise.all((["mentor", "otherMentor", "author"] as const).map((a) => signIn(pages[a], people[a].email, PASSWORD)));

  const [cohort, otherCohort, practised] = await Promise.all([
    createCohort(pages.mentor, `Cohort ${stamp}`),
    createCohort(pages.otherMentor, `Other cohort ${stamp}`),
    // Meanwhile the victim queues a lesson, takes a quiz with a free-text answer and starts a drill.
    practise(pages.victim, secrets),
  ]);
  // Joining also takes the victim off the drill page, whose clock would advance the phase.
  await Promise.all([joinByLink(pages.victim, cohort.link, cohort.name), joinByLink(pages.otherLearner, cohort.link, cohort.name)]);

  const cookies = { anonymous: "" } as Record<ActorName, string>;
  for (const [a, c] of Object.entries(contexts)) {
    cookies[a as ActorName] = (await c.cookies(baseUrl())).map((k) => `${k.name}=${k.value}`).join("; ");
  }
  world = {
    ids: {} as Ids, // filled below
    secrets,
    cookies,
    emails: Object.fromEntries(Object.entries(people).map(([a, p]) => [a, p.email])) as World["emails"],
    actions: readManifest(),
    stamp,
  };
  const h = new Harness(world);

  const victimId = /name="userId" value="([^"]+)"/.exec(await h.text("admin", `/admin/users?q=${encodeURIComponent(secrets.email)}`))?.[1];
  if (!victimId) throw new Error("Could not find the victim's id on the admin's users page");
  const drillId = practised.drillId;

  // The mentor comments on the victim's free-text answer: a thread, and a notification for the victim.
  await pages.mentor.goto(`${baseUrl()}/mentor/learners/${victimId}`);
  const answerCard = pages.mentor.locator("li.mentor-answer").filter({ hasText: secrets.quizText });
  const quizAnswerId = ((await answerCard.getAttribute("id")) ?? "").replace(/^answer-/, "");
  await answerCard.getByLabel(`Comment on ${people.victim.name}'s answer`).fill(`${secrets.commentText}: and when R + W ≤ N?`);
  await answerCard.getByRole("button", { name: "Post comment" }).click();
  await answerCard.getByText(secrets.commentText).first().waitFor();

  // Over HTTP, as the victim: review a card, open a second quiz, take a second drill to its self-assessment.
  const queue = await callAction("victim", "app/review/actions.ts#loadQueueAction", "/review", { json: [] });
  const card = isRecord(queue.result) && isRecord(queue.result.card) ? queue.result.card : null;
  if (!card || typeof card.cardId !== "string") throw new Error(`No card to review: ${queue.body.slice(0, 200)}`);
  const rated = await callAction("victim", "app/review/actions.ts#rateAction", "/review", {
    json: [{ cardId: card.cardId, version: card.version, rating: 3, answer: null, durationMs: 6000 }],
  });
  if (!isRecord(rated.result) || rated.result.ok !== true) throw new Error(`The victim's review failed: ${rated.body.slice(0, 200)}`);

  // A second card, lapsed until it is set aside as a leech: Again from Review is a lapse, and three
  // Goods bring a learning or relearning card back to Review (eight lapses take about 35 ratings).
  const second = await callAction("victim", "app/review/actions.ts#loadQueueAction", "/review", { json: [] });
  const leechCard = isRecord(second.result) && isRecord(second.result.card) ? second.result.card : null;
  if (!leechCard || typeof leechCard.cardId !== "string" || leechCard.cardId === card.cardId) throw new Error(`No second card: ${second.body.slice(0, 200)}`);
  let setAside = false;
  for (let n = 0; n < 80 && !setAside; n++) {
    // Each rating moves the card to its next version, which the next rating names.
    const lapsed = await callAction("victim", "app/review/actions.ts#rateAction", "/review", {
      json: [{ cardId: leechCard.cardId, version: Number(leechCard.version) + n, rating: n % 4 === 0 ? 1 : 3, answer: null, durationMs: 3000 }],
    });
    if (!isRecord(lapsed.result) || lapsed.result.ok !== true) throw new Error(`Lapsing the second card failed: ${lapsed.body.slice(0, 200)}`);
    setAside = lapsed.result.leech === true;
  }
  if (!setAside) throw new Error("The second card was not set aside as a leech after 80 ratings");

  const quiz = await callAction("victim", "app/practice/actions.ts#createQuizAction", "/practice", form({ count: "2", secondsPerQuestion: "900", lessonId: QUIZ_LESSON.id }, true));
  const openQuizId = /^\/practice\/quiz\/([\w-]+)$/.exec(quiz.actionRedirect)?.[1] ?? "";
  const served: unknown = JSON.parse((await request(cookies.victim, "POST", `/api/quiz/${openQuizId}/current`)).body);
  if (!isRecord(served) || typeof served.itemId !== "string" || !isRecord(served.question)) throw new Error("The second quiz served no question");

  const drillsPage = await h.text("victim", "/practice/drills");
  const secondPrompt = /name="promptId" value="([^"]+)"/.exec(drillsPage)?.[1] ?? "";
  const started = await callAction("victim", "app/practice/drills/actions.ts#startDrillAction", "/practice/drills", form({ promptId: secondPrompt }));
  const assessedDrillId = /^\/practice\/drills\/([\w-]+)$/.exec(started.actionRedirect)?.[1] ?? "";
  const { phases } = await h.drillPhases(assessedDrillId);
  for (const phase of phases) {
    const advanced = await callAction("victim", "app/practice/drills/actions.ts#advanceDrillAction", `/practice/drills/${assessedDrillId}`, { json: [assessedDrillId, phase.key] });
    if (!isRecord(advanced.result) || advanced.result.ok !== true) throw new Error(`Advancing the second drill failed: ${advanced.body.slice(0, 200)}`);
  }
  const firstDrill = await h.drillPhases(drillId);

  const notifications = await h.text("victim", "/notifications");
  const cardsPage = await h.text("victim", "/cards?sort=added");
  const browserCardId = [...cardsPage.matchAll(/href="\/cards\/([\w-]+)"/g)].map((m) => m[1]).find((id) => id !== card.cardId && id !== leechCard.cardId) ?? "";
  world.ids = {
    victimId,
    cohortId: cohort.id,
    otherCohortId: otherCohort.id,
    invitationId: cohort.invitationId,
    invitationToken: cohort.link.split("/join/")[1],
    invitationCode: cohort.code,
    finishedQuizId: practised.quizId,
    quizAnswerId,
    openQuizId,
    openQuizItemId: served.itemId,
    openQuizQuestion: served.question as unknown as ServedQuestion,
    drillId,
    drillPromptId: firstDrill.promptId,
    assessedDrillId,
    assessmentRatings: Object.fromEntries(phases.flatMap((p) => p.rubric.map((i) => [`${p.key}.${i}`, "met"]))),
    cardId: card.cardId,
    cardVersion: Number(card.version) + 1,
    leechCardId: leechCard.cardId,
    browserCardId,
    notificationId: /\/notifications\/open\/([\w-]+)/.exec(notifications)?.[1] ?? "",
    questionId: /\/author\/questions\/([\w-]+)/.exec(await h.text("admin", "/author"))?.[1] ?? "",
  };
  const missing = Object.entries(world.ids).filter(([, v]) => v === "" || v === undefined);
  if (missing.length > 0) throw new Error(`Set-up could not find: ${missing.map(([k]) => k).join(", ")}`);
  expect(errors.flat()).toEqual([]);
  await Promise.all(Object.values(contexts).map((c) => c.close()));
  return world;
}

async function promote(admin: Page, person: { name: string; email: string }, role: string, said: string) {
  await admin.goto(`${baseUrl()}/admin/users?q=${encodeURIComponent(person.email)}`);
  await admin.getByLabel(`Role of ${person.name}`, { exact: true }).selectOption(role);
  await admin.getByRole("button", { name: `Save the role of ${person.name}` }).click();
  await admin.locator("main").getByText(`${person.name} is now ${said}.`).waitFor();
}

async function createCohort(mentor: Page, name: string) {
  await mentor.goto(`${baseUrl()}/mentor`);
  await mentor.getByLabel("Cohort name").fill(name);
  await mentor.getByRole("button", { name: "Create cohort" }).click();
  await mentor.locator("main").getByText(`Created “${name}”.`).waitFor();
  const card = mentor.locator("li.mentor-cohort").filter({ hasText: name });
  // A new cohort comes with its first invitation.
  const linkBox = card.getByRole("textbox", { name: `Invitation link for ${name}` });
  await linkBox.waitFor();
  const href = (await card.getByRole("link", { name: "Open dashboard" }).getAttribute("href")) ?? "";
  return {
    name,
    id: href.split("/").pop() ?? "",
    link: await linkBox.inputValue(),
    code: ((await card.locator("code.mentor-code").first().textContent()) ?? "").trim(),
    invitationId: (await card.locator('input[name="invitationId"]').first().getAttribute("value")) ?? "",
  };
}

async function joinByLink(page: Page, link: string, cohortName: string) {
  await page.goto(`${baseUrl()}${new URL(link).pathname}`);
  await page.getByRole("button", { name: `Join ${cohortName}` }).click();
  await page.locator("main").getByText(`You joined “${cohortName}”.`).waitFor();
}

/** The victim's own practice: a lesson in the review queue, a quiz with free text, a drill. */
async function practise(page: Page, secrets: Secrets): Promise<{ quizId: string; drillId: string }> {
  await page.goto(`${baseUrl()}${QUEUED_LESSON_URL}`);
  await page.getByRole("button", { name: "Add to my review queue" }).click();
  await page.getByRole("button", { name: "In your review queue" }).waitFor();

  await page.goto(`${baseUrl()}/practice?lesson=${QUIZ_LESSON.id}`);
  await page.getByLabel("Number of questions").fill("10");
  await page.getByRole("button", { name: "Start quiz" }).click();
  await page.waitForURL(/\/practice\/quiz\/[^/]+$/);
  const quizId = new URL(page.url()).pathname.split("/").pop() ?? "";
  let wroteFreeText = false;
  for (let k = 1; k <= 10; k++) {
    await page.getByRole("heading", { level: 1, name: `Question ${k} of 10` }).waitFor({ timeout: 20_000 });
    wroteFreeText = (await answerShownQuestion(page, `${secrets.quizText}: a read quorum overlaps a write quorum when R + W > N.`)) || wroteFreeText;
    await page.getByRole("button", { name: k === 10 ? "Submit and finish" : "Submit answer" }).click();
  }
  expect(wroteFreeText).toBe(true);
  await page.waitForURL(/\/results$/, { timeout: 20_000 });

  await page.goto(`${baseUrl()}/practice/drills`);
  await page.getByRole("button", { name: "Start drill" }).first().click();
  await page.waitForURL(/\/practice\/drills\/[\w-]+$/);
  await page.getByLabel("Your answer for requirements and contract").fill(`${secrets.drillText}: token bucket per key, 429 with Retry-After.`);
  await page.waitForFunction(() => document.querySelector("#drill-save-status")?.textContent?.startsWith("Saved"));
  return { quizId, drillId: new URL(page.url()).pathname.split("/").pop() ?? "" };
}

