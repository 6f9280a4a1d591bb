import type { Browser } from "playwright-core";
import { baseUrl, launchBrowser, watchPageErrors } from "./support/browser";
import { signUp } from "./support/accounts";

describe("author area in the browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("sends an anonymous visitor to sign in, then shows an author item statistics, a question, the CSV and content status", async () => {
    const page = await browser.newPage();
    const errors = watchPageErrors(page);

    await page.goto(`${baseUrl()}/author`);
    await page.waitForURL(/\/signin\?callbackUrl=%2Fauthor$/);
    await page.getByLabel("Email").fill("author@quorum.test");
    await page.getByLabel("Password").fill("author-demo-pass");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/author$/);
    await page.getByRole("heading", { level: 1, name: "Item statistics" }).waitFor();
    // Either the explanatory empty state or the table, never a broken page.
    await page.locator(".author-empty, .author-table").first().waitFor();

    const csv = await page.request.get(`${baseUrl()}/author/items.csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toMatch(/^text\/csv/);
    const [header, firstRow] = (await csv.text()).split("\r\n");
    expect(header.startsWith("question_id,family,")).toBe(true);
    const questionId = firstRow.split(",")[0];

    await page.goto(`${baseUrl()}/author/questions/${questionId}`);
    await page.getByRole("heading", { level: 1, name: questionId }).waitFor();
    await page.getByRole("heading", { name: "Figures" }).waitFor();
    await page.locator("main").getByText(/content\/[a-z]+\/[a-z0-9-]+\.questions\.yaml:\d+/).first().waitFor();

    await page.getByRole("link", { name: "Item statistics" }).first().click();
    await page.waitForURL(/\/author$/);
    await page.getByRole("navigation", { name: "Author area" }).getByRole("link", { name: "Content status" }).click();
    await page.waitForURL(/\/author\/status$/);
    await page.getByRole("heading", { name: "Last content sync" }).waitFor();
    await page.getByRole("heading", { name: "By family and difficulty" }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows a learner a 403 page and refuses the CSV", async () => {
    const page = await browser.newPage();
    await signUp(page, "Lou Learner", `author-denied-${Date.now()}@example.com`);
    for (const path of ["/author", "/author/status"]) {
      expect((await page.goto(`${baseUrl()}${path}`))?.status()).toBe(403);
      await page.getByRole("heading", { level: 1, name: "Authors and admins only" }).waitFor();
      await page.locator("main").getByText("403").first().waitFor();
    }
    const csv = await page.request.get(`${baseUrl()}/author/items.csv`);
    expect(csv.status()).toBe(403);
    await page.close();
  });
});

