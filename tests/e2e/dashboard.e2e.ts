// The learner's dashboard and practice settings in the browser: a new learner sees the empty
// state, a refused setting saves nothing, good settings stick, and after a first review the
// dashboard shows it in tables and in charts that load without errors.
import type { Browser, Page } from "playwright-core";
import { baseUrl, launchBrowser, watchPageErrors } from "./support/browser";
import { hydrated, signUp } from "./support/accounts";

const LESSON = "/learn/replication/leader-follower-replication";

describe("dashboard and practice settings in the browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("a new learner sets their practice settings, reviews once, and reads their dashboard", async () => {
    const page = await browser.newPage();
    const errors = watchPageErrors(page);
    await signUp(page, "Dana Dashboard", `dash-${Date.now()}@example.com`);

    // Nothing practised yet: the dashboard says so and points to lessons and the review queue.
    await page.goto(`${baseUrl()}/dashboard`);
    await page.getByRole("heading", { name: "Nothing to show yet" }).waitFor();
    expect(await page.getByRole("link", { name: "Browse lessons" }).getAttribute("href")).toBe("/learn");
    expect(await page.getByRole("link", { name: "Go to your review queue" }).getAttribute("href")).toBe("/review");

    // A review limit out of range is refused with a message on the field, and nothing is saved.
    await page.goto(`${baseUrl()}/account`);
    await page.getByText("you have 0 of 400 reviews needed to personalise").waitFor();
    await hydrated(page, "form");
    await page.getByLabel("Reviews per day").fill("5");
    await page.getByLabel("New cards per day").fill("35");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Choose a daily review limit from 10 to 2000.").waitFor();
    await page.getByText("Nothing was saved.").waitFor();
    expect(await page.getByLabel("Reviews per day").getAttribute("aria-invalid")).toBe("true");
    await page.reload();
    expect(await page.getByLabel("Reviews per day").inputValue()).toBe("200");
    expect(await page.getByLabel("New cards per day").inputValue()).toBe("20");

    // Retention by keyboard on the slider; its trade-off sentence follows the value.
    await hydrated(page, "form");
    const slider = page.getByLabel("Desired retention");
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    expect(await slider.inputValue()).toBe("92");
    expect(await page.locator("#desiredRetention-load").innerText()).toMatch(/^At 92 %: about 1\.\d× the reviews of 90 %/);
    await page.getByLabel("Reviews per day").fill("300");
    await page.getByLabel("Time zone").selectOption("Asia/Tokyo");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Settings saved.").waitFor();
    await page.reload();
    expect(await page.getByLabel("Desired retention").inputValue()).toBe("92");
    expect(await page.getByLabel("Reviews per day").inputValue()).toBe("300");
    expect(await page.getByLabel("Time zone").inputValue()).toBe("Asia/Tokyo");

    // One review: add a lesson, answer the first card, rate it Good.
    await page.goto(`${baseUrl()}${LESSON}`);
    await page.getByRole("button", { name: "Add to my review queue" }).click();
    await page.getByRole("button", { name: "In your review queue" }).waitFor();
    await page.goto(`${baseUrl()}/review`);
    await page.locator(".review-card").waitFor();
    await hydrated(page, ".review-layout");
    await answerFirstOption(page);
    await page.locator(".review-verdict").waitFor();
    await page.keyboard.press("3");
    await page.waitForFunction(() => !document.querySelector(".review-result"));

    await page.goto(`${baseUrl()}/dashboard`);
    await page.getByRole("heading", { name: "Recall by family" }).waitFor();
    await page.getByText("Asia/Tokyo").first().waitFor();
    const stat = (label: string) => page.locator(".stat", { has: page.locator("dt", { hasText: label }) }).locator(".stat-value").innerText();
    expect(await stat("Streak")).toBe("1 day");
    expect(await stat("Reviews")).toBe("1");
    const recallSection = page.locator("section", { has: page.getByRole("heading", { name: "Recall by family" }) });
    const replication = recallSection.getByRole("row", { name: /Replication & consistency/ });
    // One review does not take a card past its learning steps: no recall figure yet, and the page says so.
    expect(await replication.getByRole("cell").nth(1).innerText()).toBe("0"); // cards past their learning steps
    expect(await replication.getByRole("cell").nth(2).innerText()).toBe("not enough reviews yet");
    expect(await stat("Recall now")).toBe("Not enough reviews yet");
    // The lesson is being learned, and the levels' rules are on the page.
    expect(await page.getByRole("row", { name: /Leader–follower replication/ }).getByText("Learning").count()).toBe(1);
    await page.getByRole("heading", { name: "How levels are decided" }).waitFor();

    // The charts load in the browser into their reserved space, each with a text alternative.
    await page.locator(".chart-area svg.recharts-surface").first().waitFor();
    const charts = page.locator(".chart-area");
    expect(await charts.count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      const box = await charts.nth(i).boundingBox();
      expect(box!.height).toBeGreaterThan(200);
      expect(await charts.nth(i).getAttribute("aria-label")).toMatch(/chart/i);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it("sends an anonymous visitor of the dashboard to sign in", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl()}/dashboard`);
    await page.waitForURL(/\/signin\?callbackUrl=%2Fdashboard$/);
    await page.close();
  });
});

/** Answers the card on screen (first option, or a short text) and reveals the answer. */
async function answerFirstOption(page: Page) {
  const type = await page.locator(".answer-input").getAttribute("data-type");
  if (type === "single" || type === "multiple" || type === "simulation") {
    await page.keyboard.press("1");
    await page.locator(".answer-input input:checked").first().waitFor();
    await page.keyboard.press("Space");
    return;
  }
  if (type === "numeric" || type === "free") await page.locator(".answer-input").locator("input, textarea").first().fill(type === "numeric" ? "3" : "A majority quorum.");
  await page.getByRole("button", { name: /show answer/i }).click();
}
