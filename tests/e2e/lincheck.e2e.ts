/**
 * The linearizability checker page in a real browser: a pasted history that is known not to be
 * linearizable (Porcupine's published key-value history c01-bad) gets its verdict, the operation that
 * could not have happened is highlighted and in view, and the timeline is usable from the keyboard;
 * a parse error points at its line; a slow check leaves the page responsive and can be cancelled.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { baseUrl, launchBrowser, watchPageErrors } from "./support/browser";

const FIXTURES = path.join(process.cwd(), "tests", "lincheck", "fixtures");

async function paste(page: Page, text: string): Promise<void> {
  await page.getByLabel("History to check").fill(text);
}

describe("the linearizability checker page", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("shows why a published non-linearizable history is not linearizable, with the culprit highlighted", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchPageErrors(page);
    await page.goto(`${baseUrl()}/tools/linearizability`);
    await page.getByRole("link", { name: "Checker" }).and(page.locator('[aria-current="page"]')).waitFor();

    await paste(page, readFileSync(path.join(FIXTURES, "kv", "c01-bad.txt"), "utf8"));
    await page.getByRole("button", { name: "Check", exact: true }).click();

    const report = page.getByTestId("lincheck-report");
    await report.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("lincheck-verdict").innerText()).toBe("Not linearizable");
    expect(await report.getAttribute("data-verdict")).toBe("not-linearizable");
    expect(await report.innerText()).toMatch(/Knossos EDN, key-value model · 38 operations on 8 keys/);

    // The explanation names a get that missed a completed append.
    const summary = await page.getByTestId("lincheck-summary").innerText();
    expect(summary).toMatch(/^Client \d+'s get\(".+"\) → ".*" \(events \d+–\d+\) returned a stale value: client \d+'s append\(/);

    // That get is the highlighted operation, drawn inside the timeline's visible area.
    const culprit = report.locator('[data-role="culprit"]');
    expect(await culprit.count()).toBe(1);
    const culpritLabel = (await culprit.getAttribute("aria-label"))!;
    expect(culpritLabel).toMatch(/get\(.*could not have happened$/);
    const scroller = page.getByTestId("lincheck-timeline-scroll");
    const [box, bar] = await Promise.all([scroller.boundingBox(), culprit.boundingBox()]);
    expect(bar!.x).toBeGreaterThanOrEqual(box!.x);
    expect(bar!.x + bar!.width).toBeLessThanOrEqual(box!.x + box!.width);
    expect(await report.locator('[data-role="missed"]').count()).toBe(1);

    // The details panel describes the selected (culprit) operation; arrow keys move the selection.
    const details = page.getByTestId("lincheck-details");
    const culpritId = (await culprit.getAttribute("data-op"))!;
    expect(await details.innerText()).toContain(`#${culpritId}`);
    await culprit.focus();
    await page.keyboard.press("Home");
    // React moves the focus after the key's state update: wait for it rather than read too early.
    await page.waitForFunction((id) => {
      const op = document.activeElement?.getAttribute("data-op");
      return !!op && op !== id;
    }, culpritId, { timeout: 10_000 });
    const first = page.locator("[data-op]:focus");
    expect(await first.getAttribute("data-op")).not.toBe(culpritId);
    expect(await details.innerText()).toContain(`#${await first.getAttribute("data-op")}`);

    // Clicking the "missed write" chip selects that operation.
    await report.getByRole("button", { name: /Missed write/ }).click();
    const missedId = (await report.locator('[data-role="missed"]').getAttribute("data-op"))!;
    expect(await details.innerText()).toContain(`#${missedId}`);

    expect(errors).toEqual([]);
    await page.close();
  });

  it("points at the line of a parse error", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors = watchPageErrors(page);
    await page.goto(`${baseUrl()}/tools/linearizability`);
    await paste(page, "INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:ok\t:write\t1\n");
    await page.keyboard.press("Control+Enter");
    const error = page.getByTestId("lincheck-parse-error");
    await error.waitFor({ timeout: 30_000 });
    expect(await error.innerText()).toMatch(/^Line 2: process 0 invoked :read \(line 1\) but completes :write/);
    await error.getByRole("button", { name: "Go to line 2" }).click();
    const selected = await page.getByLabel("History to check").evaluate((el) => {
      const t = el as HTMLTextAreaElement;
      return t.value.slice(t.selectionStart, t.selectionEnd);
    });
    expect(selected).toBe("INFO  jepsen.util - 0\t:ok\t:write\t1");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("keeps the page responsive during a long check, and cancels it", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchPageErrors(page);
    await page.goto(`${baseUrl()}/tools/linearizability`);
    // 22 concurrent writes, then reads that no order explains: the search must try a great many orders.
    const lines: string[] = [];
    for (let p = 0; p < 22; p++) lines.push(`{:process ${p}, :type :invoke, :f :write, :value ${p}}`);
    for (let p = 0; p < 22; p++) lines.push(`{:process ${p}, :type :ok, :f :write, :value ${p}}`);
    for (let p = 0; p < 22; p++) lines.push(`{:process ${p}, :type :invoke, :f :read, :value nil}`, `{:process ${p}, :type :ok, :f :read, :value ${21 - p}}`);
    await paste(page, lines.join("\n"));
    await page.getByRole("button", { name: "Check", exact: true }).click();

    // While the worker searches, the main thread keeps updating the elapsed time.
    const status = page.getByRole("status").filter({ hasText: "Searching in a Web Worker" });
    await status.waitFor();
    const first = await status.innerText();
    await page.waitForFunction((before) => {
      const el = [...document.querySelectorAll('[role="status"]')].find((e) => e.textContent?.includes("Searching in a Web Worker"));
      return !!el && el.textContent !== before;
    }, first);

    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("button", { name: "Check", exact: true }).waitFor();
    expect(await page.getByTestId("lincheck-report").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
