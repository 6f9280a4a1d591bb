// Debian's Chromium through playwright-core (never a downloaded browser: docs/decisions/007).
// playwright-core gives every launch a fresh, empty profile of its own.
import { chromium, type Browser, type Page } from "playwright-core";
import { existsSync } from "node:fs";

export const CHROMIUM = "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it with: apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

export function baseUrl(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error("E2E_BASE_URL is not set: run browser tests with npm run test:e2e");
  return url;
}

/**
 * Fails the test on any uncaught page error, which a user would see as a broken page, and on any
 * Content-Security-Policy violation, which the browser reports in the console: something the page
 * needs (a script, a style, a font) was blocked (docs/decisions/042).
 */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  page.on("console", (msg) => {
    if (isCspViolation(msg.text())) errors.push(`CSP: ${msg.text()}`);
  });
  return errors;
}

/** Chromium's console message for a blocked resource or inline script. */
export function isCspViolation(text: string): boolean {
  return /Content Security Policy/i.test(text);
}
