// Every page at 390 px (a phone held upright) has no page-wide horizontal scroll: signed out, and
// signed in as a learner, a mentor, an author and an admin. Wide content (tables, code, diagrams)
// must scroll inside its own box. A page under app/ that this test does not visit fails it, so a
// new page cannot skip the check.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { baseUrl, launchBrowser, watchPageErrors } from "./support/browser";
import { answerShownQuestion, signIn, signUp } from "./support/accounts";

const PHONE = { width: 390, height: 844 };
const LESSON = "/learn/replication/leader-follower-replication";

/** Page routes under app/, as the access matrix names them ("/learn/[family]"). */
function pageRoutes(dir = "app"): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return pageRoutes(p);
    if (!/^page\.(tsx|ts|jsx|js|mdx)$/.test(name)) return [];
    const segments = path.dirname(p).split(path.sep).slice(1).filter((s) => !(s.startsWith("(") && s.endsWith(")")) && !s.startsWith("_"));
    return [`/${segments.join("/")}`];
  });
}

interface Overflow {
  url: string;
  scrollWidth: number;
  /** The widest elements sticking out past the viewport, to say what to fix. */
  culprits: string[];
}

async function overflowOf(page: Page, url: string): Promise<Overflow | null> {
  const response = await page.goto(`${baseUrl()}${url}`, { waitUntil: "load" });
  if (!response || response.status() >= 400) throw new Error(`${url} answered ${response?.status()}`);
  // Client parts (diagrams, charts, simulations) draw after load.
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await page.waitForTimeout(300);
  return page.evaluate((u) => {
    const width = window.innerWidth; // 390: the context is not mobile-emulated, so this is the viewport
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= width) return null;
    const culprits = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= width + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.trim().split(/\s+/).join(".")}` : ""} (right ${Math.round(el.getBoundingClientRect().right)} px)`);
    return { url: u, scrollWidth, culprits };
  }, url);
}

describe("pages on a 390 px wide phone", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  // Not isMobile: mobile emulation widens the layout viewport to fit overflowing content, and
  // innerWidth with it, which would hide exactly what this test looks for.
  const phone = (b: Browser): Promise<BrowserContext> => b.newContext({ viewport: PHONE, deviceScaleFactor: 2, hasTouch: true });

  it("has no page-wide horizontal overflow on any page, for anyone", async () => {
    const stamp = Date.now().toString(36);
    const visited = new Set<string>();
    const overflows: Overflow[] = [];
    const check = async (page: Page, route: string, url: string) => {
      visited.add(route);
      const o = await overflowOf(page, url);
      if (o) overflows.push(o);
    };

    // ── A learner with something on every page of theirs ──
    const learnerContext = await phone(browser);
    const learner = await learnerContext.newPage();
    const errors = watchPageErrors(learner);
    const learnerName = `Pia Phone ${stamp}`;
    await signUp(learner, learnerName, `phone-${stamp}@example.com`);
    await learner.goto(`${baseUrl()}${LESSON}`);
    await learner.getByRole("button", { name: "Add to my review queue" }).click();
    await learner.getByRole("status").filter({ hasText: "to your review queue" }).waitFor();
    // A finished quiz with a long history row, a drill under way, a reviewed card.
    await learner.goto(`${baseUrl()}/practice?lesson=leader-follower-replication`);
    await learner.getByLabel("Number of questions").fill("1");
    await learner.getByRole("button", { name: "Start quiz" }).click();
    await learner.waitForURL(/\/practice\/quiz\/[^/]+$/);
    const quizUrl = new URL(learner.url()).pathname;
    await learner.getByRole("heading", { level: 1, name: "Question 1 of 1" }).waitFor({ timeout: 20_000 });
    await answerShownQuestion(learner, "A follower applies the leader's log in order.");
    await learner.getByRole("button", { name: "Submit and finish" }).click();
    await learner.waitForURL(/\/results$/, { timeout: 20_000 });
    await learner.goto(`${baseUrl()}/practice/drills`);
    await learner.getByRole("button", { name: "Start drill" }).first().click();
    await learner.waitForURL(/\/practice\/drills\/[\w-]+$/);
    const drillUrl = new URL(learner.url()).pathname;
    await learner.goto(`${baseUrl()}/cards`);
    const cardUrl = (await learner.locator(".card-row-prompt").first().getAttribute("href")) ?? "";
    expect(cardUrl).toMatch(/^\/cards\/[\w-]+$/);

    // ── A mentor with a cohort the learner joins ──
    const mentorContext = await phone(browser);
    const mentor = await mentorContext.newPage();
    await signIn(mentor, "mentor@quorum.test", "mentor-demo-pass");
    await mentor.goto(`${baseUrl()}/mentor`);
    await mentor.getByLabel("Cohort name").fill(`Phones ${stamp}`);
    await mentor.getByRole("button", { name: "Create cohort" }).click();
    const cohortCard = mentor.locator("li.mentor-cohort").filter({ hasText: `Phones ${stamp}` });
    const joinUrl = new URL(await cohortCard.getByRole("textbox", { name: /Invitation link/ }).inputValue()).pathname;
    const cohortUrl = (await cohortCard.getByRole("link", { name: "Open dashboard" }).getAttribute("href")) ?? "";
    await learner.goto(`${baseUrl()}${joinUrl}`);
    await check(learner, "/join/[token]", joinUrl);
    await learner.getByRole("button", { name: /^Join / }).click();
    await learner.locator("main").getByText("You joined").waitFor();
    await mentor.goto(`${baseUrl()}${cohortUrl}`);
    const learnerUrl = (await mentor.locator(".mentor-learners").getByRole("link", { name: learnerName }).getAttribute("href")) ?? "";

    // ── Signed out ──
    const anonymousContext = await phone(browser);
    const anonymous = await anonymousContext.newPage();
    for (const url of ["/", "/signin", "/signup", "/learn", "/tools/linearizability"]) await check(anonymous, url, url);
    await anonymous.goto(`${baseUrl()}/learn`);
    const lessonUrls = [...new Set(await anonymous.locator('main a[href^="/learn/"]').evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? "")))];
    const families = [...new Set(lessonUrls.map((u) => u.split("#")[0].split("/").slice(0, 3).join("/")))];
    for (const url of families) await check(anonymous, "/learn/[family]", url);
    for (const url of lessonUrls.map((u) => u.split("#")[0]).filter((u) => u.split("/").length === 4)) await check(anonymous, "/learn/[family]/[lesson]", url);
    for (const name of ["raft", "quorum", "hashring", "queue", "retry", "balancer", "cache"]) await check(anonymous, "/sim-preview/[name]", `/sim-preview/${name}`);

    // ── Signed in, each role ──
    const own = ["/", "/dashboard", "/practice", "/practice/drills", "/review", "/cards", "/account", "/notifications", "/mentor/join"];
    for (const url of own) await check(learner, url, url);
    await check(learner, "/cards/[id]", cardUrl);
    await check(learner, "/practice/quiz/[id]/results", `${quizUrl}/results`);
    await check(learner, "/practice/drills/[id]", drillUrl);
    await check(learner, "/notifications/threads/[kind]/[id]", `/notifications/threads/drill/${drillUrl.split("/").pop()}`);
    // A quiz in progress: start one and look at its question page.
    await learner.goto(`${baseUrl()}/practice`);
    await learner.getByLabel("Number of questions").fill("1");
    await learner.getByRole("button", { name: "Start quiz" }).click();
    await learner.waitForURL(/\/practice\/quiz\/[^/]+$/);
    await check(learner, "/practice/quiz/[id]", new URL(learner.url()).pathname);

    for (const url of [...own, "/mentor", cohortUrl, learnerUrl]) await check(mentor, url.startsWith("/mentor/cohorts/") ? "/mentor/cohorts/[id]" : url.startsWith("/mentor/learners/") ? "/mentor/learners/[id]" : url, url);

    for (const [email, password] of [["author@quorum.test", "author-demo-pass"], ["admin@quorum.test", "admin-demo-pass"]] as const) {
      const context = await phone(browser);
      const page = await context.newPage();
      await signIn(page, email, password);
      for (const url of [...own, "/author", "/author/status", "/author/guide"]) await check(page, url, url);
      await page.goto(`${baseUrl()}/author`);
      const question = (await page.locator("a.author-qid").first().getAttribute("href")) ?? "";
      await check(page, "/author/questions/[id]", question);
      if (email.startsWith("admin")) await check(page, "/admin/users", "/admin/users");
      await context.close();
    }

    // Every page under app/ was looked at.
    expect(pageRoutes().filter((r) => !visited.has(r)).sort()).toEqual([]);
    expect(overflows).toEqual([]);
    expect(errors).toEqual([]);
    await Promise.all([learnerContext.close(), mentorContext.close(), anonymousContext.close()]);
  }, 600_000);
});
