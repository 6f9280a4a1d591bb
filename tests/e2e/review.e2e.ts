// The review queue in the browser, driven by the keyboard only once the cards are in the queue:
// a new learner adds a lesson, reviews three cards (answer, Space to reveal, a number to rate),
// watches the due forecast fill up, and undoes with U and with Ctrl+Z.
import type { Browser, Page } from "playwright-core";
import { baseUrl, launchBrowser, watchPageErrors } from "./support/browser";
import { hydrated, signUp } from "./support/accounts";

const LESSON = "/learn/replication/leader-follower-replication";

describe("the review queue in the browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("a new learner adds a lesson, reviews three cards by keyboard, sees the forecast change, and undoes", async () => {
    const page = await browser.newPage();
    const errors = watchPageErrors(page);
    await signUp(page, "Rae Reviewer", `review-${Date.now()}@example.com`);

    // Before any card exists the queue is empty and nothing is forecast.
    await page.goto(`${baseUrl()}/review`);
    await page.getByRole("heading", { name: "Your review queue is empty" }).waitFor();
    expect(await forecastTotal(page)).toBe(0);

    await page.goto(`${baseUrl()}${LESSON}`);
    await page.getByRole("button", { name: "Add to my review queue" }).click();
    await page.getByRole("button", { name: "In your review queue" }).waitFor();

    await page.goto(`${baseUrl()}/review`);
    await page.locator(".review-card").waitFor();
    await hydrated(page, ".review-layout");
    // New cards are not forecast until studied.
    expect(await forecastTotal(page)).toBe(0);
    expect(await dueOn(page, 0)).toBe(0);

    const ratings = ["3", "4", "3"] as const; // Good, Easy, Good
    const prompts: string[] = [];
    for (const rating of ratings) {
      prompts.push(await promptText(page));
      await answerByKeyboard(page);
      await page.locator(".review-verdict").waitFor();
      // The suggested rating is marked, and each button shows when the card would come back.
      expect(await page.locator(".rating-button .rating-interval").count()).toBe(4);
      await page.keyboard.press(rating);
      await nextCardShown(page, prompts[prompts.length - 1]);
    }

    // Three studied cards are now forecast: the two rated Good come back within minutes (today, or
    // tomorrow just before midnight), the Easy one days later.
    await expectForecastTotal(page, 3);
    expect((await dueOn(page, 0)) + (await dueOn(page, 1))).toBe(2);
    expect(await page.locator(".queue-summary").innerText()).toMatch(/Done today\s*3/);

    // U undoes the last rating: that card is back, and the forecast drops by one.
    await page.keyboard.press("u");
    await page.getByText("Last rating undone.").waitFor();
    expect(await promptText(page)).toBe(prompts[2]);
    await expectForecastTotal(page, 2);
    expect(await page.locator(".queue-summary").innerText()).toMatch(/Done today\s*2/);

    // Rate it again, then undo with Ctrl+Z.
    await answerByKeyboard(page);
    await page.locator(".review-verdict").waitFor();
    await page.keyboard.press("3");
    await nextCardShown(page, prompts[2]);
    await expectForecastTotal(page, 3);
    await page.keyboard.press("Control+z");
    await page.getByText("Last rating undone.").waitFor();
    expect(await promptText(page)).toBe(prompts[2]);
    await expectForecastTotal(page, 2);

    expect(errors).toEqual([]);
    await page.close();
  });
});

async function promptText(page: Page): Promise<string> {
  return (await page.locator("#review-prompt").innerText()).trim();
}

async function forecastTotal(page: Page): Promise<number> {
  return Number(await page.locator(".due-forecast-total strong").innerText());
}

async function expectForecastTotal(page: Page, total: number) {
  await page.waitForFunction((n) => document.querySelector(".due-forecast-total strong")?.textContent === String(n), total);
}

/** The count the forecast shows for the day `index` days from today, as a screen reader hears it. */
async function dueOn(page: Page, index: number): Promise<number> {
  const text = await page.getByRole("list", { name: /Cards due on each of the next 14 days/ }).getByRole("listitem").nth(index).innerText();
  return Number(/: (\d+) cards?/.exec(text)?.[1]);
}

async function nextCardShown(page: Page, previousPrompt: string) {
  await page.waitForFunction(
    (prev) => !document.querySelector(".review-result") && document.querySelector("#review-prompt")?.textContent?.trim() !== prev,
    previousPrompt,
  );
}

/** Answers the card on screen with the keyboard alone, then reveals with Space. */
async function answerByKeyboard(page: Page) {
  const type = await page.locator(".answer-input").getAttribute("data-type");
  if (type === "single" || type === "multiple" || type === "simulation") {
    // Number keys pick options.
    await page.keyboard.press("1");
    await page.locator(".answer-input input:checked").first().waitFor();
    await page.keyboard.press("Space");
    return;
  }
  // Tab from wherever focus is into the answer controls.
  for (let i = 0; i < 40 && !(await page.evaluate(() => !!document.activeElement?.closest(".answer-input"))); i++) await page.keyboard.press("Tab");
  if (type === "ordering") {
    // Alt+Arrow moves the focused step; Space on a step reveals.
    const first = (await page.locator(".answer-order-item").first().innerText()).trim();
    await page.keyboard.press("Alt+ArrowDown");
    expect((await page.locator(".answer-order-item").nth(1).innerText()).trim()).toBe(first);
    await page.keyboard.press("Space");
    return;
  }
  await page.keyboard.type(type === "numeric" ? "3" : "Elect a new leader with a majority quorum and fence the old one.");
  // Space types into a text field, so move to the Show answer button and press Space there.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
}
