// The mentor journey end to end: an admin makes a new user a mentor; the mentor creates a cohort
// and an invitation; a new learner joins through the link and takes a quiz with a free-text
// question; the mentor sees them on the dashboard and comments on that answer; the learner is
// notified, replies, leaves the cohort; and the mentor can no longer open the learner's page.
import type { Browser, Page } from "playwright-core";
import { baseUrl, launchBrowser, watchPageErrors } from "./support/browser";
import { answerShownQuestion, signIn, signUp, TEST_PASSWORD } from "./support/accounts";

const LESSON_ID = "leaderless-replication-and-quorums"; // 10 questions, one of them free text
const FREE_ANSWER = "Any read quorum overlaps any write quorum when R + W > N, so a read sees the latest acknowledged write.";

describe("mentors and cohorts in the browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("takes a learner from invitation to mentor feedback, and ends the mentor's access when they leave", async () => {
    const stamp = Date.now();
    const mentorName = `Mira Mentor ${stamp}`;
    const learnerName = `Lars Learner ${stamp}`;
    const cohortName = `Cohort ${stamp}`;

    // A new user signs up; an admin makes them a mentor.
    const mentor = await browser.newPage();
    const mentorErrors = watchPageErrors(mentor);
    const mentorEmail = await signUp(mentor, mentorName, `mentor-${stamp}@example.com`);
    expect((await mentor.goto(`${baseUrl()}/mentor`))?.status()).toBe(403);
    await text(mentor, "Mentors and admins only");

    const admin = await browser.newPage();
    await signIn(admin, "admin@quorum.test", "admin-demo-pass");
    await admin.goto(`${baseUrl()}/admin/users?q=${encodeURIComponent(mentorEmail)}`);
    await admin.getByLabel(`Role of ${mentorName}`, { exact: true }).selectOption("MENTOR");
    await admin.getByRole("button", { name: `Save the role of ${mentorName}` }).click();
    await text(admin, `${mentorName} is now a mentor.`);
    await admin.close();

    // The role change ended the new mentor's session: they sign in again, now as a mentor.
    await mentor.goto(`${baseUrl()}/mentor`);
    await mentor.waitForURL(/\/signin\?callbackUrl=%2Fmentor$/);
    await signIn(mentor, mentorEmail, TEST_PASSWORD);

    // The mentor creates a cohort, which comes with an invitation to share at once.
    await mentor.goto(`${baseUrl()}/mentor`);
    await mentor.getByLabel("Cohort name").fill(cohortName);
    await mentor.getByRole("button", { name: "Create cohort" }).click();
    await text(mentor, `Created “${cohortName}”.`);
    const cohortCard = mentor.locator("li.mentor-cohort").filter({ hasText: cohortName });
    await cohortCard.getByRole("textbox", { name: `Invitation link for ${cohortName}` }).waitFor({ timeout: 15_000 });
    const link = await cohortCard.getByRole("textbox", { name: `Invitation link for ${cohortName}` }).inputValue();
    expect(link).toMatch(/\/join\/[A-Za-z0-9_-]{20,}$/);
    expect(await cohortCard.locator("code.mentor-code").textContent()).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    // A new learner follows the link and joins.
    const learner = await browser.newPage();
    const learnerErrors = watchPageErrors(learner);
    await signUp(learner, learnerName, `learner-${stamp}@example.com`);
    await learner.goto(`${baseUrl()}${new URL(link).pathname}`);
    await text(learner, `${mentorName} invited you to their cohort.`);
    await learner.getByRole("button", { name: `Join ${cohortName}` }).click();
    await text(learner, `You joined “${cohortName}”.`);
    await learner.goto(`${baseUrl()}/account`);
    await learner.locator("#my-mentors").waitFor();
    await learner.locator("section.my-mentors").getByText(mentorName).waitFor();

    // The learner takes a quiz on one lesson: all ten of its questions, one of them free text.
    await learner.goto(`${baseUrl()}/practice?lesson=${LESSON_ID}`);
    await learner.getByLabel("Number of questions").fill("10");
    await learner.getByRole("button", { name: "Start quiz" }).click();
    await learner.waitForURL(/\/practice\/quiz\/[^/]+$/);
    let wroteFreeText = false;
    for (let k = 1; k <= 10; k++) {
      await learner.getByRole("heading", { level: 1, name: `Question ${k} of 10` }).waitFor({ timeout: 20_000 });
      wroteFreeText = (await answerShownQuestion(learner, FREE_ANSWER)) || wroteFreeText;
      await learner.getByRole("button", { name: k === 10 ? "Submit and finish" : "Submit answer" }).click();
    }
    expect(wroteFreeText).toBe(true);
    await learner.waitForURL(/\/results$/, { timeout: 20_000 });

    // The mentor finds the learner on the cohort dashboard and comments on the free-text answer.
    await mentor.goto(`${baseUrl()}/mentor`);
    await mentor.locator("li.mentor-cohort").filter({ hasText: cohortName }).getByRole("link", { name: "Open dashboard" }).click();
    await mentor.getByRole("heading", { level: 1, name: cohortName }).waitFor();
    await mentor.locator(".mentor-learners").getByRole("link", { name: learnerName }).click();
    await mentor.getByRole("heading", { level: 1, name: learnerName }).waitFor();
    const learnerPage = mentor.url();
    const answerCard = mentor.locator("li.mentor-answer").filter({ hasText: FREE_ANSWER });
    await answerCard.waitFor();
    await answerCard.getByLabel(`Comment on ${learnerName}'s answer`).fill("Good. Now say what happens when R + W ≤ N.");
    await answerCard.getByRole("button", { name: "Post comment" }).click();
    await answerCard.getByText("Now say what happens when R + W ≤ N.", { exact: false }).first().waitFor();

    // The learner is notified, reads the comment, and replies in the thread.
    await learner.goto(`${baseUrl()}/`);
    await learner.getByLabel(`Account menu for ${learnerName}, 1 unread notification`).waitFor({ timeout: 15_000 });
    await learner.goto(`${baseUrl()}/notifications`);
    await learner.getByRole("link", { name: new RegExp(`${mentorName} commented on your answer`) }).click();
    await learner.waitForURL(/\/notifications\/threads\/quiz\//);
    await text(learner, "Now say what happens when R + W ≤ N.");
    await learner.getByLabel("Reply").fill("The quorums may miss each other, so a read can return stale data.");
    await learner.getByRole("button", { name: "Post comment" }).click();
    await learner.locator(".mentor-thread-list").getByText("The quorums may miss each other").waitFor();
    await learner.goto(`${baseUrl()}/notifications`);
    await text(learner, "You're all caught up.");

    // The mentor is told about the reply.
    await mentor.goto(`${baseUrl()}/notifications`);
    await mentor.getByRole("link", { name: new RegExp(`${learnerName} replied`) }).waitFor();

    // The learner leaves; the mentor's next request for their page is refused.
    await learner.goto(`${baseUrl()}/account`);
    await learner.getByRole("button", { name: `Leave ${cohortName}` }).click();
    await learner.locator("section.my-mentors").getByText("Nobody else can see your progress.").waitFor();

    const refused = await mentor.goto(learnerPage);
    expect(refused?.status()).toBe(404);
    await text(mentor, "This learner's progress is not available");
    const csv = await mentor.request.get(`${learnerPage}/answers.csv`);
    expect(csv.status()).toBe(404);

    expect(mentorErrors).toEqual([]);
    expect(learnerErrors).toEqual([]);
    await learner.close();
    await mentor.close();
  });
});

async function text(page: Page, value: string) {
  await page.locator("main").getByText(value, { exact: false }).first().waitFor({ timeout: 15_000 });
}

