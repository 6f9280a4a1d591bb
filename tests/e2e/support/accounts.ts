// Signing up and in through the real forms, and the small page helpers several journeys share.
import type { Page } from "playwright-core";
import { baseUrl } from "./browser";

/** A password that meets the sign-up policy; tests that sign in again pass their own. */
export const TEST_PASSWORD = "partition-heals-at-30s";

/** Creates an account through the sign-up form and waits for the welcome page; returns the email. */
export async function signUp(page: Page, name: string, email: string, password = TEST_PASSWORD): Promise<string> {
  await page.goto(`${baseUrl()}/signup`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/\?welcome=1$/);
  return email;
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl()}/signin`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
}

/** Waits until React has hydrated the element (keyboard handlers are attached only then). */
export async function hydrated(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    return !!el && Object.keys(el).some((k) => k.startsWith("__reactFiber") || k.startsWith("__reactProps"));
  }, selector);
}

/** Answers whatever quiz question is on screen; true when it was the free-text one. */
export async function answerShownQuestion(page: Page, freeText: string): Promise<boolean> {
  const form = page.locator("main form");
  if (await form.locator("textarea").count()) {
    await form.locator("textarea").fill(freeText);
    return true;
  }
  if (await form.getByRole("radio").count()) await form.getByRole("radio").first().check();
  else if (await form.getByRole("checkbox").count()) await form.getByRole("checkbox").first().check();
  else if (await form.getByRole("spinbutton").count()) await form.getByRole("spinbutton").fill("3");
  return false; // an ordering question is already answered by the order shown
}
