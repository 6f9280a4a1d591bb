// Security headers in the browser (docs/decisions/042, 043). The Content-Security-Policy stops
// script that an injection would add, on pages rendered per request (nonce) and on prerendered
// lessons (hashes); every kind of page still works under it — mermaid diagrams, simulations,
// charts, forms — with no violation reported; and invitation links use the configured public
// address, whatever host a request claims.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { baseUrl, isCspViolation, launchBrowser, watchPageErrors } from "./support/browser";
import { answerShownQuestion, hydrated, signIn } from "./support/accounts";

const LESSON = "/learn/caching/cache-stampedes"; // mermaid diagrams and a simulation

/** Records `securitypolicyviolation` events, which name the blocked directive and source. */
async function watchViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding("__reportViolation", (_source, text: string) => violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportViolation(t: string): void }).__reportViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} on ${location.pathname}`);
    });
  });
  return violations;
}

async function injectScripts(page: Page): Promise<unknown[]> {
  await page.evaluate(() => {
    document.body.insertAdjacentHTML("beforeend", '<img alt="" src="data:," onerror="window.__injectedHandler = 1">');
    const script = document.createElement("script");
    script.textContent = "window.__injectedScript = 1";
    document.body.append(script);
  });
  await page.waitForTimeout(300); // the image's error event fires on the next tasks
  return page.evaluate(() => {
    const w = window as unknown as { __injectedHandler?: number; __injectedScript?: number };
    return [w.__injectedHandler, w.__injectedScript];
  });
}

describe("security headers in the browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("does not run an injected inline script or event handler, on a page rendered per request or prerendered", async () => {
    const context = await browser.newContext();
    const violations = await watchViolations(context);
    const page = await context.newPage();
    const console: string[] = [];
    page.on("console", (m) => console.push(m.text()));
    for (const path of ["/signin", LESSON]) {
      await page.goto(`${baseUrl()}${path}`);
      await page.getByRole("heading", { level: 1 }).waitFor();
      expect({ path, ran: await injectScripts(page) }).toEqual({ path, ran: [undefined, undefined] });
    }
    // The browser says why: script-src refused both, on both pages.
    expect(violations.filter((v) => v.startsWith("script-src")).length).toBeGreaterThanOrEqual(4);
    expect(console.some(isCspViolation)).toBe(true);
    await context.close();
  });

  it("runs every kind of page — lesson with diagram and simulation, practice, review, dashboard charts, mentor, author, admin — with no violation", async () => {
    const context = await browser.newContext();
    const violations = await watchViolations(context);
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const visit = async (path: string, ready: string) => {
      const response = await page.goto(`${baseUrl()}${path}`);
      expect({ path, status: response?.status() }).toEqual({ path, status: expect.any(Number) });
      await page.locator(ready).first().waitFor({ timeout: 30_000 });
    };

    // Signed out: home, sign-in and sign-up forms, the lesson index, a family, the not-found page.
    await visit("/", "main h1");
    await visit("/signup", "form");
    await visit("/learn", "main h1");
    await visit("/learn/caching", "main h1");
    expect((await page.goto(`${baseUrl()}/no-such-page`))?.status()).toBe(404);
    await page.locator("main").first().waitFor();

    // The lesson: a mermaid diagram drawn as SVG, a simulation that plays.
    await signIn(page, "admin@quorum.test", "admin-demo-pass");
    await visit(LESSON, "main h1");
    const diagram = page.locator("figure.diagram").first();
    await diagram.scrollIntoViewIfNeeded();
    await diagram.locator(".diagram-svg svg").waitFor({ state: "attached", timeout: 30_000 });
    const frame = page.locator("[data-sim]").first();
    await frame.scrollIntoViewIfNeeded();
    const play = frame.getByTestId("sim-play");
    await play.waitFor({ state: "visible", timeout: 30_000 });
    const time = frame.getByTestId("sim-time");
    const before = Number(await time.getAttribute("data-t"));
    await play.click();
    await page.waitForFunction(([el, t0]) => Number((el as HTMLElement).getAttribute("data-t")) > (t0 as number) + 500, [await time.elementHandle(), before] as const, {
      timeout: 15_000,
    });

    // Review: queue the lesson, reveal and rate a card; then the dashboard draws its charts.
    const queue = page.getByRole("button", { name: /Add to my review queue|In your review queue/ });
    if ((await queue.innerText()).includes("Add")) {
      await queue.click();
      await page.getByRole("button", { name: "In your review queue" }).waitFor();
    }
    await visit("/review", ".review-card");
    await hydrated(page, ".review-layout");
    const type = await page.locator(".answer-input").getAttribute("data-type");
    if (type === "single" || type === "multiple" || type === "simulation") {
      await page.keyboard.press("1");
      await page.locator(".answer-input input:checked").first().waitFor();
      await page.keyboard.press("Space");
    } else {
      if (type === "numeric" || type === "free") await page.locator(".answer-input").locator("input, textarea").first().fill(type === "numeric" ? "3" : "A majority quorum.");
      await page.getByRole("button", { name: /show answer/i }).click();
    }
    await page.locator(".review-verdict").waitFor();
    await page.keyboard.press("3");
    await page.waitForFunction(() => !document.querySelector(".review-result"));
    // Undo it too: the shared demo admin keeps no rating of its own for the access matrix to find.
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/review"),
      page.getByRole("button", { name: /Undo last rating/ }).click(),
    ]);
    await page.waitForFunction(() => (document.querySelector(".review-undo") as HTMLButtonElement | null)?.disabled === true);
    await visit("/dashboard", "main h1");
    await page.locator(".chart-area svg.recharts-surface").first().waitFor();

    // Practice: a two-question quiz to its results, and a design drill.
    await visit("/practice?lesson=leaderless-replication-and-quorums", "main h1");
    // The demo admin is shared by the browser tests: one of them may have left a timed attempt running,
    // and only one runs at a time. End it first (that page is checked for violations too).
    const endRunning = page.getByRole("button", { name: "End it and see results" });
    if (await endRunning.count()) {
      await endRunning.click();
      await page.waitForURL(/\/practice\/quiz\/[^/]+\/results$/);
      await visit("/practice?lesson=leaderless-replication-and-quorums", "main h1");
    }
    await page.getByLabel("Number of questions").fill("2");
    await page.getByRole("button", { name: "Start quiz" }).click();
    await page.waitForURL(/\/practice\/quiz\/[^/]+$/);
    for (let k = 1; k <= 2; k++) {
      await page.getByRole("heading", { level: 1, name: `Question ${k} of 2` }).waitFor({ timeout: 20_000 });
      await answerShownQuestion(page, "A read quorum overlaps a write quorum when R + W > N.");
      await page.getByRole("button", { name: k === 2 ? "Submit and finish" : "Submit answer" }).click();
    }
    await page.waitForURL(/\/results$/, { timeout: 20_000 });
    await page.locator("main h1").waitFor();
    await visit("/practice/drills", "main h1");
    await page.getByRole("button", { name: "Start drill" }).first().click();
    await page.waitForURL(/\/practice\/drills\/[\w-]+$/);
    await page.locator("main h1").waitFor();

    // Mentor: a cohort, an invitation whose link uses the configured address, the cohort dashboard.
    const cohortName = `CSP cohort ${Date.now()}`;
    await visit("/mentor", "main h1");
    await page.getByLabel("Cohort name").fill(cohortName);
    await page.getByRole("button", { name: "Create cohort" }).click();
    await page.locator("main").getByText(`Created “${cohortName}”.`).waitFor();
    const card = page.locator("li.mentor-cohort").filter({ hasText: cohortName });
    await card.getByRole("button", { name: "New invitation" }).click();
    const link = await card.getByRole("textbox", { name: `Invitation link for ${cohortName}` }).inputValue();
    expect(link.startsWith(`${baseUrl()}/join/`)).toBe(true);
    // A request that claims another host gets the same links.
    const forged = await (await context.request.get(`${baseUrl()}/mentor`, { headers: { "x-forwarded-host": "evil.example" } })).text();
    expect({ hasLink: forged.includes(link), namesForgedHost: forged.includes("evil.example") }).toEqual({ hasLink: true, namesForgedHost: false });
    const cohortHref = (await card.getByRole("link", { name: "Open dashboard" }).getAttribute("href")) ?? "";
    await visit(cohortHref, "main h1");
    await visit(new URL(link).pathname, "main h1");

    // Author and admin pages, account and notifications.
    await visit("/author", "main h1");
    const question = await page.locator('a[href^="/author/questions/"]').first().getAttribute("href");
    if (question) await visit(question, "main h1");
    await visit("/author/status", "main h1");
    await visit("/admin/users?q=admin%40quorum.test", "main h1");
    const adminId = await page.locator('input[name="userId"]').first().getAttribute("value");
    if (adminId) await visit(`/mentor/learners/${adminId}`, "main");
    await visit("/account", "main h1");
    await visit("/notifications", "main h1");

    expect({ errors, violations }).toEqual({ errors: [], violations: [] });
    await context.close();
  });
});
