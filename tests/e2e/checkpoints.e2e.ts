/**
 * Checkpoints in a lesson: a reader answers a question in place, by keyboard, and the server's
 * verdict and explanation appear (the page held neither before); a signed-in learner then puts the
 * question's card in their review queue from the checkpoint.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { baseUrl, launchBrowser, watchPageErrors } from "./support/browser";
import { hydrated, signUp } from "./support/accounts";

const LESSON = "/learn/caching/cache-patterns";

function checkpoint(page: Page, questionId: string): Locator {
  return page.locator(`#checkpoint-${questionId}`);
}

describe("checkpoints in a lesson", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("a signed-out reader answers a numeric checkpoint by keyboard and sees the verdict and explanation", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchPageErrors(page);
    await page.goto(`${baseUrl()}${LESSON}`);
    // The page as served holds no key and no explanation for its checkpoints.
    const html = await page.content();
    expect(html).not.toContain("A common slip is to use 9 ms");
    const box = checkpoint(page, "cp-average-latency");
    await box.scrollIntoViewIfNeeded();
    await hydrated(page, "#checkpoint-cp-average-latency form");

    await box.getByRole("spinbutton").focus();
    await page.keyboard.type("1.9");
    await page.keyboard.press("Enter");
    const verdict = box.getByRole("region", { name: "Result and explanation" });
    await verdict.waitFor();
    expect(await verdict.locator(".checkpoint-verdict-line").innerText()).toMatch(/Correct/);
    expect(await verdict.innerText()).toContain("A common slip is to use 9 ms");
    // Focus moves to the verdict, so a keyboard or screen-reader user lands on it.
    await page.waitForFunction(() => document.activeElement?.matches("#checkpoint-cp-average-latency .checkpoint-verdict") === true, null, { timeout: 5_000 });
    // Signed out: graded, nothing stored, and the way to keep it is to sign in.
    const signIn = box.getByRole("link", { name: "Sign in to add it to review" });
    expect(await signIn.getAttribute("href")).toContain(encodeURIComponent("#checkpoint-cp-average-latency"));

    expect(errors).toEqual([]);
    await page.close();
  });

  it("a signed-in learner answers a choice checkpoint wrongly, reads why, and adds it to review", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors = watchPageErrors(page);
    await signUp(page, "Chen Checkpoint", `checkpoint-${Date.now()}@example.com`);
    await page.goto(`${baseUrl()}${LESSON}`);
    const box = checkpoint(page, "cp-write-behind-risk");
    await box.scrollIntoViewIfNeeded();
    await hydrated(page, "#checkpoint-cp-write-behind-risk form");

    // Options are shuffled under labels: choose by text, as a reader would.
    const wrong = box.locator(".answer-option", { hasText: "Reads of recent orders will be stale" });
    const wrongLabel = await wrong.locator(".answer-option-key").innerText();
    const right = box.locator(".answer-option", { hasText: "If the Redis node fails" });
    const rightLabel = await right.locator(".answer-option-key").innerText();
    // By keyboard: Space chooses the focused option, Enter checks the answer.
    await wrong.locator("input").focus();
    await page.keyboard.press("Space");
    expect(await wrong.locator("input").isChecked()).toBe(true);
    await page.keyboard.press("Enter");

    const verdict = box.getByRole("region", { name: "Result and explanation" });
    await verdict.waitFor();
    expect(await verdict.locator(".checkpoint-verdict-line").innerText()).toMatch(/Not quite/);
    // The right option is marked, and the explanation names options by the labels shown here.
    expect(await right.getAttribute("data-state")).toBe("missed");
    expect(await wrong.getAttribute("data-state")).toBe("wrong");
    expect(await verdict.innerText()).toContain(`(${wrongLabel}) Reads would come from Redis`);
    expect(rightLabel).toMatch(/^[A-D]$/);

    await box.getByRole("button", { name: "Add to review" }).click();
    await box.getByRole("status").getByText("Added to your review queue.").waitFor();

    // The card is in the learner's queue: the cards page lists this question.
    await page.goto(`${baseUrl()}/cards?lesson=cache-patterns-and-invalidation`);
    expect(await page.locator("main").innerText()).toContain("To cut checkout latency, a team proposes write-behind");

    // Coming back to the lesson, the checkpoint says the question is already queued after answering.
    await page.goto(`${baseUrl()}${LESSON}`);
    await hydrated(page, "#checkpoint-cp-write-behind-risk form");
    const again = checkpoint(page, "cp-write-behind-risk");
    await again.locator(".answer-option", { hasText: "If the Redis node fails" }).click();
    await again.getByRole("button", { name: "Check answer" }).click();
    await again.getByRole("status").getByText("This question is in your review queue.").waitFor();
    expect(await again.locator(".checkpoint-verdict-line").innerText()).toMatch(/Correct/);

    expect(errors).toEqual([]);
    await page.close();
  });
});
