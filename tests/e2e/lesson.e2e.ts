/**
 * A candidate reading a lesson: the page is prerendered, its diagrams are drawn as SVG when they
 * come into view, its simulation runs, and the header search finds a term and opens the right lesson.
 */
import type { Browser } from "playwright-core";
import { baseUrl, launchBrowser, watchPageErrors } from "./support/browser";

describe("a lesson in the browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("renders its diagram as SVG, runs its simulation, and search leads to another lesson", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchPageErrors(page);
    await page.goto(`${baseUrl()}/learn/caching/cache-stampedes`);
    await page.getByRole("heading", { level: 1 }).waitFor();

    // The first diagram is drawn by mermaid once it scrolls near the viewport.
    const diagram = page.locator("figure.diagram").first();
    await diagram.scrollIntoViewIfNeeded();
    const svg = diagram.locator(".diagram-svg svg");
    await svg.waitFor({ state: "attached", timeout: 30_000 });
    expect(await svg.evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(40);
    expect(await diagram.locator(".diagram-svg").getAttribute("aria-label")).toBeTruthy();

    // The embedded simulation loads when scrolled into view and advances simulated time when played.
    const frame = page.locator("[data-sim]").first();
    await frame.scrollIntoViewIfNeeded();
    const play = frame.getByTestId("sim-play");
    await play.waitFor({ state: "visible", timeout: 30_000 });
    const time = frame.getByTestId("sim-time");
    const before = Number(await time.getAttribute("data-t"));
    await play.click();
    await page.waitForFunction(
      ([el, t0]) => Number((el as HTMLElement).getAttribute("data-t")) > (t0 as number) + 500,
      [await time.elementHandle(), before] as const,
      { timeout: 15_000 },
    );

    // "/" focuses the header search; a term from another lesson leads there.
    await page.locator("body").click({ position: { x: 5, y: 300 } });
    await page.keyboard.press("/");
    const search = page.getByRole("combobox", { name: /search/i });
    expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type("fencing token");
    const option = page.getByRole("option").first();
    await option.waitFor();
    expect(await page.getByRole("listbox", { name: "Search results" }).innerText()).toMatch(/coordination & consensus|replication/i);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/learn\/(consensus|replication)\//);
    expect(await page.locator("body").innerText()).toMatch(/fencing token/i);

    expect(errors).toEqual([]);
    await page.close();
  });
});
