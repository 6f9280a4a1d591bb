import type { Browser, Page } from "playwright-core";
import { baseUrl, launchBrowser, watchPageErrors } from "./support/browser";
import { signUp } from "./support/accounts";

const PHASES = ["Requirements and contract", "Hot path", "Data model", "First bottleneck", "Trade-offs", "Observability and recovery"];

describe("design drills in the browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("a new learner writes in phase 1, reloads without losing text or time, goes through the phases, self-assesses and sees the summary", async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(30_000);
    const errors = watchPageErrors(page);
    await signUp(page, "Dara Drill", `drill-${Date.now()}@example.com`);

    await page.goto(`${baseUrl()}/practice/drills`);
    await page.getByText("No drills yet.").waitFor();
    await page.getByRole("button", { name: "Start drill" }).first().click();
    await page.waitForURL(/\/practice\/drills\/[\w-]+$/);
    const drillUrl = page.url();

    // All six phases (and the self-assessment after them) are in the stepper; the first one runs.
    const steps = page.getByRole("navigation", { name: "Drill phases" }).getByRole("listitem");
    expect(await steps.count()).toBe(7);
    for (const [i, title] of PHASES.entries()) expect(await steps.nth(i).textContent()).toContain(title);
    expect(await steps.nth(0).getAttribute("aria-current")).toBe("step");
    await waitForPhase(page, "Requirements and contract");

    const answer = "Token bucket per API key: 100/s, burst 200. 429 with Retry-After. Fail open with a local limit.";
    await page.getByLabel("Your answer for requirements and contract").fill(answer);
    await waitForSaved(page);
    const before = await secondsLeft(page);
    expect(before).toBeLessThanOrEqual(300);
    await page.waitForTimeout(2_500);

    // A reload keeps the text and the server's clock: the countdown goes on from where it was.
    await page.reload();
    await waitForPhase(page, "Requirements and contract");
    expect(await page.getByLabel("Your answer for requirements and contract").inputValue()).toBe(answer);
    expect(await page.locator("#drill-save-status").textContent()).toMatch(/^Saved/);
    const after = await secondsLeft(page);
    expect(after).toBeLessThanOrEqual(before - 2);

    // Next phase with the button, then with Ctrl+Enter from the text area.
    await page.getByRole("button", { name: "Next phase" }).click();
    await waitForPhase(page, "Hot path");
    expect(await secondsLeft(page)).toBeGreaterThan(590);
    await page.getByLabel("Your answer for hot path").fill("Local buckets, synced to Redis every 100 ms.");
    await page.getByLabel("Your answer for hot path").press("Control+Enter");
    for (const title of PHASES.slice(2, 5)) {
      await waitForPhase(page, title);
      await page.getByRole("button", { name: "Next phase" }).click();
    }
    await waitForPhase(page, "Observability and recovery");
    await page.getByRole("button", { name: "Finish phases" }).click();

    // The self-assessment asks for every rubric point before it saves anything.
    await page.getByRole("heading", { name: "Self-assessment" }).waitFor();
    await page.getByRole("button", { name: "Save self-assessment" }).click();
    await page.getByText(/Rate every point: \d+ are not rated yet\./).waitFor();
    const met = await page.getByRole("radio", { name: "Met" }).all();
    for (const radio of met) await radio.check();
    await page.getByRole("radio", { name: "Partly" }).first().check();
    await page.getByLabel("Note (optional)").fill("Quantify the over-admission next time.");
    await page.getByRole("button", { name: "Save self-assessment" }).click();

    // The summary: each phase's text, time used against time allotted, and the ratings.
    await page.getByRole("heading", { name: "Drill summary" }).waitFor();
    const summary = page.locator(".drill-summary");
    expect(await summary.textContent()).toContain(answer);
    expect(await summary.textContent()).toContain("Local buckets, synced to Redis every 100 ms.");
    expect(await summary.textContent()).toContain(`${met.length - 1} met`);
    expect(await summary.textContent()).toContain("1 partly");
    expect(await summary.textContent()).toContain("Quantify the over-admission next time.");
    expect(await page.getByRole("article", { name: /Requirements and contract/ }).textContent()).toContain("of 5:00");
    expect(await page.getByRole("article", { name: /Hot path/ }).textContent()).toContain("of 10:00");

    // The finished drill reads the same after a reload and is listed with its self-assessment.
    await page.goto(drillUrl);
    await page.getByRole("heading", { name: "Drill summary" }).waitFor();
    await page.goto(`${baseUrl()}/practice/drills`);
    const row = page.getByRole("row", { name: /Finished/ });
    expect(await row.textContent()).toContain("1 partly");
    expect(errors).toEqual([]);
    await page.close();
  });
});

async function waitForPhase(page: Page, title: string) {
  await page.locator("#phase-title", { hasText: title }).waitFor();
}

async function waitForSaved(page: Page) {
  await page.waitForFunction(() => document.querySelector("#drill-save-status")?.textContent?.startsWith("Saved"));
}

async function secondsLeft(page: Page): Promise<number> {
  return Number(await page.locator("[role=timer]").getAttribute("data-seconds-left"));
}
