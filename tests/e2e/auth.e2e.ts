import type { Browser } from "playwright-core";
import { baseUrl, launchBrowser, watchPageErrors } from "./support/browser";

describe("accounts in the browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("a new user signs up, lands on the home page, signs out, and signs back in", async () => {
    const page = await browser.newPage();
    const errors = watchPageErrors(page);
    const email = `new-${Date.now()}@example.com`;

    await page.goto(`${baseUrl()}/`);
    await page.getByRole("link", { name: "Sign up" }).click();
    await page.waitForURL(/\/signup$/);

    // A weak password is refused with a message on the field, and no account is created.
    await page.getByLabel("Name").fill("Nia Newcomer");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await expectText(page, "Use at least 10 characters.");

    await page.getByLabel("Password").fill("heartbeat-timeout-150");
    await recordHeaderAtNavigation(page);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/\?welcome=1$/);
    await expectText(page, "Welcome to Quorum, Nia Newcomer.");
    // The header knows at once, without a reload, and never offered to sign in on the welcome page.
    await expectSignedInHeader(page, "Nia Newcomer");
    expect(await headerAtNavigation(page)).toEqual([{ path: "/", header: "placeholder" }]);

    // Sign out from the account menu.
    await page.getByLabel("Account menu for Nia Newcomer").click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("link", { name: "Sign in" }).waitFor();

    // A wrong password is refused clearly; the right one signs in and lands on the home page.
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("heartbeat-timeout-151");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expectText(page, "That email and password don't match an account.");
    await page.getByLabel("Password").fill("heartbeat-timeout-150");
    await recordHeaderAtNavigation(page);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await expectSignedInHeader(page, "Nia Newcomer");
    expect(await headerAtNavigation(page)).toEqual([{ path: "/", header: "placeholder" }]);

    // Signed-in pages work; signed-out they send you to sign in and back.
    await page.goto(`${baseUrl()}/account`);
    await expectText(page, email);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("sends an anonymous visitor of a private page to sign in, then back to that page", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl()}/account`);
    await page.waitForURL(/\/signin\?callbackUrl=%2Faccount$/);
    await page.getByLabel("Email").fill("learner@quorum.test");
    await page.getByLabel("Password").fill("learner-demo-pass");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/account$/);
    await expectText(page, "learner@quorum.test");
    await expectSignedInHeader(page, "Lena Learner");
    await page.close();
  });
});

async function expectText(page: import("playwright-core").Page, text: string) {
  await page.locator("main").getByText(text, { exact: false }).first().waitFor({ timeout: 15_000 });
}

/** The header shows the account menu and no sign-in links, without a reload. */
async function expectSignedInHeader(page: import("playwright-core").Page, name: string) {
  const header = page.locator("header.site-header");
  await header.getByLabel(`Account menu for ${name}`).waitFor({ timeout: 10_000 });
  expect(await header.getByRole("link", { name: "Sign in" }).count()).toBe(0);
  expect(await header.getByRole("link", { name: "Sign up" }).count()).toBe(0);
}

/**
 * From now on, records what the header shows as the app changes the URL (Next.js calls pushState /
 * replaceState while it commits the new page): "links" would be the stale "Sign in / Sign up".
 */
async function recordHeaderAtNavigation(page: import("playwright-core").Page) {
  await page.evaluate(() => {
    const seen: Array<{ path: string; header: string }> = [];
    (window as unknown as { __headerAtNavigation: typeof seen }).__headerAtNavigation = seen;
    const record = () => {
      const header = document.querySelector("header.site-header");
      const state = header?.querySelector("details.account-menu")
        ? "menu"
        : [...(header?.querySelectorAll("a") ?? [])].some((a) => a.textContent === "Sign in")
          ? "links"
          : "placeholder";
      if (seen.at(-1)?.path !== location.pathname) seen.push({ path: location.pathname, header: state });
    };
    for (const method of ["pushState", "replaceState"] as const) {
      const original = history[method].bind(history);
      history[method] = (...args: Parameters<History["pushState"]>) => {
        original(...args);
        // Once the commit that changed the URL has finished, before any network answer can arrive.
        queueMicrotask(record);
      };
    }
  });
}

/** What the header showed as each page after the sign-in or sign-up form appeared. */
async function headerAtNavigation(page: import("playwright-core").Page): Promise<Array<{ path: string; header: string }>> {
  const seen = await page.evaluate(() => (window as unknown as { __headerAtNavigation: Array<{ path: string; header: string }> }).__headerAtNavigation);
  return seen.filter((e) => !/^\/sign(in|up)$/.test(e.path));
}
