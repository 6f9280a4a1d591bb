// The signed-in start page and the card browser in the browser, as a new learner meets them:
// the start page says what to do next and R starts the review; the card browser lists, filters
// and opens cards, and suspend, resume, reset and forget show in the card's state and history;
// the Anki download is a zip with one note per card.
import type { Browser } from "playwright-core";
import { strFromU8, unzipSync } from "fflate";
import { baseUrl, launchBrowser, watchPageErrors } from "./support/browser";
import { hydrated, signUp } from "./support/accounts";

const LESSON = "/learn/replication/leader-follower-replication";
const LESSON_TITLE = /Leader–follower replication/;

describe("start page and card browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("the start page says what to do next, and R starts the review", async () => {
    const page = await browser.newPage();
    const errors = watchPageErrors(page);
    const name = `Sam Start ${Date.now()}`;
    await signUp(page, name, `start-${Date.now()}@example.com`);

    // Straight after sign-up: the start page, not the introduction; the first lesson to read.
    await page.getByRole("heading", { level: 1, name: `Hello, ${name}` }).waitFor();
    const learning = page.locator("section", { has: page.getByRole("heading", { name: "Start learning" }) });
    expect(await learning.getByRole("link", { name: LESSON_TITLE }).getAttribute("href")).toBe(LESSON);
    await page.locator("section", { hasText: "Today's challenge" }).getByText("Not taken yet.").waitFor();
    await page.getByText("No cards yet.").waitFor();

    // Read the first lesson and add its questions: the page confirms how many were added.
    await page.goto(`${baseUrl()}${LESSON}`);
    await page.getByRole("button", { name: "Add to my review queue" }).click();
    const added = await page.getByRole("status").filter({ hasText: "to your review queue" }).innerText();
    expect(added).toMatch(/^Added \d+ questions to your review queue\./);
    await page.getByRole("button", { name: "Mark as read" }).click();
    await page.getByRole("button", { name: /Read ✓/ }).waitFor();

    // Back on the start page: cards are ready, the next lesson follows the one read.
    await page.goto(`${baseUrl()}/`);
    await page.getByText(/new cards? (is|are) ready/).waitFor();
    const next = page.locator("section", { has: page.getByRole("heading", { name: "Continue learning" }) });
    expect(await next.getByRole("link").first().getAttribute("href")).toBe("/learn/replication/leaderless-replication-and-quorums");
    await hydrated(page, ".start-review a.button");
    await page.keyboard.press("r");
    await page.waitForURL(/\/review$/);
    await page.locator(".review-card").waitFor();

    // A drill left under way shows as unfinished.
    await page.goto(`${baseUrl()}/practice/drills`);
    await page.getByRole("button", { name: "Start drill" }).first().click();
    await page.waitForURL(/\/practice\/drills\/[\w-]+$/);
    const drillPath = new URL(page.url()).pathname;
    await page.goto(`${baseUrl()}/`);
    const unfinished = page.locator("section", { has: page.getByRole("heading", { name: "Unfinished" }) });
    expect(await unfinished.getByRole("link").first().getAttribute("href")).toBe(drillPath);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("lists, filters and opens cards; suspend, resume, reset and forget show in the card; the Anki deck has every card", async () => {
    const page = await browser.newPage();
    const errors = watchPageErrors(page);
    await signUp(page, "Cora Cards", `cards-${Date.now()}@example.com`);
    await page.goto(`${baseUrl()}${LESSON}`);
    await page.getByRole("button", { name: "Add to my review queue" }).click();
    await page.getByRole("status").filter({ hasText: "to your review queue" }).waitFor();

    // Rate one card Good without answering (reveal, then Good).
    await page.goto(`${baseUrl()}/review`);
    await page.locator(".review-card").waitFor();
    await hydrated(page, ".review-layout");
    const prompt = (await page.locator("#review-prompt").innerText()).trim();
    await page.getByRole("button", { name: /^Show answer/ }).click();
    await page.getByRole("button", { name: /^Good/ }).click();
    await page.waitForFunction((prev) => document.querySelector("#review-prompt")?.textContent?.trim() !== prev, prompt);

    await page.goto(`${baseUrl()}/cards`);
    const total = Number(/^(\d+) cards/.exec(await page.locator(".cards-count").innerText())?.[1]);
    expect(total).toBeGreaterThan(3);
    // Filter to cards in their learning steps: the one just rated.
    await page.getByLabel("State").selectOption("learning");
    await page.getByRole("button", { name: "Show cards" }).click();
    await page.waitForURL(/state=learning/);
    expect(await page.locator(".cards-count").innerText()).toBe("1 card matches.");
    await page.locator(".card-row-prompt").first().click();
    await page.waitForURL(/\/cards\/[\w-]+$/);
    const cardPath = new URL(page.url()).pathname;
    const history = page.getByRole("region", { name: "Review history" });
    expect(await history.getByRole("row").nth(1).innerText()).toMatch(/Rated Good/);

    await page.getByRole("button", { name: "Suspend" }).click();
    await page.getByRole("status").filter({ hasText: "Suspended:" }).waitFor();
    expect(await page.locator(".card-facts .card-chip").innerText()).toBe("Suspended");
    await page.getByRole("button", { name: "Resume" }).click();
    await page.getByRole("status").filter({ hasText: "Back in your queue" }).waitFor();
    expect(await page.locator(".card-facts .card-chip").innerText()).toBe("Learning");

    await page.getByRole("button", { name: "Reset to new" }).click();
    await page.getByRole("status").filter({ hasText: "Reset:" }).waitFor();
    expect(await page.locator(".card-facts .card-chip").innerText()).toBe("New");
    await page.getByRole("button", { name: "Forget" }).click();
    await page.getByRole("status").filter({ hasText: "Forgotten:" }).waitFor();
    const rows = await history.getByRole("row").allInnerTexts();
    expect(rows.slice(1).map((r) => r.split("\t")[1]?.trim())).toEqual(["Rated Good", "Reset to new", "Forgotten (counts cleared)"]);
    expect(await page.locator(".card-facts").innerText()).toMatch(/0 reviews, 0 lapses/);
    expect(new URL(page.url()).pathname).toBe(cardPath);

    // The Anki download: a zip with the collection and an empty media map.
    await page.goto(`${baseUrl()}/cards`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download for Anki (.apkg)" }).click()]);
    expect(download.suggestedFilename()).toBe("quorum-cards.apkg");
    const path = await download.path();
    const { readFile } = await import("node:fs/promises");
    const files = unzipSync(new Uint8Array(await readFile(path)));
    expect(Object.keys(files).sort()).toEqual(["collection.anki2", "media"]);
    expect(strFromU8(files.media)).toBe("{}");
    expect(strFromU8(files["collection.anki2"].slice(0, 15))).toBe("SQLite format 3");
    expect(errors).toEqual([]);
    await page.close();
  });
});
