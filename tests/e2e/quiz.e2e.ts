import type { Browser, Page } from "playwright-core";
import { baseUrl, launchBrowser, watchPageErrors } from "./support/browser";
import { answerShownQuestion } from "./support/accounts";

const FREE_TEXT = "Acknowledge after a majority has the write, so a new leader must have it.";

describe("timed quiz in the browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("keeps the server's time across a reload, times out an unanswered question, and shows it in the results", async () => {
    const page = await browser.newPage();
    const errors = watchPageErrors(page);

    await page.goto(`${baseUrl()}/signup`);
    await page.getByLabel("Name").fill("Quinn Quizzer");
    await page.getByLabel("Email").fill(`quiz-${Date.now()}@example.com`);
    await page.getByLabel("Password").fill("follower-lag-2500ms");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/\?welcome=1$/);

    // Bad settings are refused on the field and start nothing.
    await page.goto(`${baseUrl()}/practice`);
    await page.getByLabel("Number of questions").fill("0");
    await page.getByRole("button", { name: "Start quiz" }).click();
    await page.getByText("Ask for at least 1 question.").waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).pathname).toBe("/practice");

    await page.getByLabel("Number of questions").fill("3");
    await page.getByLabel("Seconds per question").fill("10");
    await page.getByRole("button", { name: "Start quiz" }).click();
    await page.waitForURL(/\/practice\/quiz\/[^/]+$/);

    // 1: answered with the button.
    await questionHeading(page, 1).waitFor();
    await answerShownQuestion(page, FREE_TEXT);
    await page.getByRole("button", { name: "Submit answer" }).click();

    // 2: reloaded mid-question; the clock carries on from where it was instead of restarting.
    await questionHeading(page, 2).waitFor({ timeout: 15_000 });
    await page.waitForTimeout(500);
    const beforeReload = await secondsLeft(page);
    expect(beforeReload).toBeLessThanOrEqual(10);
    await page.waitForTimeout(1_500);
    await page.reload();
    await questionHeading(page, 2).waitFor();
    const afterReload = await secondsLeft(page);
    expect(afterReload).toBeLessThan(beforeReload);

    // …then left to run out: the runner says so and moves on by itself.
    await page.getByText("Time is up.").waitFor({ timeout: 15_000 });
    await questionHeading(page, 3).waitFor({ timeout: 15_000 });

    // 3: answered from the keyboard.
    const usesTextarea = await answerShownQuestion(page, FREE_TEXT);
    await page.keyboard.press(usesTextarea ? "Control+Enter" : "Enter");

    await page.waitForURL(/\/practice\/quiz\/[^/]+\/results$/, { timeout: 20_000 });
    await page.getByRole("heading", { level: 1, name: /Your score: \d/ }).waitFor();
    const second = page.locator("main li").filter({ has: page.getByRole("heading", { name: "Question 2", exact: true }) });
    await second.getByText("Timed out", { exact: true }).waitFor();
    await second.getByText("You gave no answer before the time ran out.").waitFor();
    const first = page.locator("main li").filter({ has: page.getByRole("heading", { name: "Question 1", exact: true }) });
    expect(await first.getByText("Timed out", { exact: true }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

function questionHeading(page: Page, k: number) {
  return page.getByRole("heading", { level: 1, name: `Question ${k} of 3` });
}

async function secondsLeft(page: Page): Promise<number> {
  const [minutes, seconds] = ((await page.getByRole("timer").textContent()) ?? "").trim().split(":").map(Number);
  return minutes * 60 + seconds;
}

