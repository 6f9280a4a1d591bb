/**
 * The simulation history check and a guided task in a real browser: in the quorum lesson a learner lowers R
 * in a task's player, checks the run's history and sees the read that could not have happened explained and
 * highlighted; "Check my run" then says the task is done. Signed out, nothing is stored; signed in, the
 * server grades the run again, stores it, and the lesson page and the lesson list count it.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { signUp } from "./support/accounts";
import { baseUrl, launchBrowser, watchPageErrors } from "./support/browser";

const QUORUM = "/learn/replication/leaderless-replication-and-quorums";
const TASK = "quorum-non-linearizable";

/** The task scrolled into view with its player loaded. */
async function openTask(page: Page, id: string): Promise<Locator> {
  const frame = page.locator(`[data-sim-task="${id}"]`);
  await frame.scrollIntoViewIfNeeded();
  const task = page.getByTestId(`sim-task-${id}`);
  await task.getByTestId("sim-quorum").waitFor({ state: "visible", timeout: 30_000 });
  return task;
}

/** Sets R = 1 in the task's form and waits for the player to run again with it. */
async function lowerReadQuorum(task: Locator): Promise<void> {
  await task.getByLabel("Read quorum (R)").fill("1");
  await task.getByRole("button", { name: "Run with these values" }).click();
  await task.getByText("Coordinator · N=3 · R=1 · W=2").waitFor();
}

describe("guided simulation tasks", () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = watchPageErrors(page);
  });
  afterEach(async () => {
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a signed-out learner breaks linearizability, sees the impossible read explained, and completes the task without storing it", async () => {
    await page.goto(`${baseUrl()}${QUORUM}`);
    const task = await openTask(page, TASK);
    expect(await task.getByTestId("sim-task-state").innerText()).toBe("Not done yet");

    // At the start (R = W = 2) the task is not done, and says why.
    await task.getByTestId("sim-task-check").click();
    expect(await task.getByTestId("sim-task-verdict").innerText()).toMatch(/^Not yet\. Linearizable: the checker found an order for all \d+ operations\. R \+ W = 4 > N = 3/);

    await lowerReadQuorum(task);
    await task.getByRole("button", { name: "Check linearizability" }).click();
    const report = task.getByTestId("lincheck-report");
    await report.waitFor({ timeout: 30_000 });
    expect(await report.getAttribute("data-verdict")).toBe("not-linearizable");
    expect(await task.getByTestId("lincheck-summary").innerText()).toMatch(/^Client \d+'s read\(\) → "v\d+" \(.* ms\) returned a stale value: client \d+'s write\("v\d+"\) completed/);
    expect(await report.locator('[data-role="culprit"]').count()).toBe(1);
    expect(await report.locator('[data-role="missed"]').count()).toBe(1);
    // The player jumped to the moment that read returned.
    expect(Number(await task.getByTestId("sim-time").getAttribute("data-t"))).toBeGreaterThan(1000);

    await task.getByTestId("sim-task-check").click();
    const verdict = task.getByTestId("sim-task-verdict");
    expect(await verdict.innerText()).toMatch(/^Done\. Not linearizable\. Client \d+'s read/);
    expect(await verdict.innerText()).toContain("Sign in to keep your progress.");
    expect(await task.getAttribute("data-done")).toBe("true");
  });

  it("a signed-in learner's completed task is stored and counted on the lesson page and the lesson list", async () => {
    await signUp(page, "Tara Tasks", `tasks-${Date.now()}@example.com`);
    await page.goto(`${baseUrl()}${QUORUM}`);
    const note = page.getByTestId("lesson-task-note");
    await page.getByText("0 of 2 simulation tasks done.").waitFor();

    const task = await openTask(page, TASK);
    await lowerReadQuorum(task);
    await task.getByTestId("sim-task-check").click();
    await task.getByText("Saved: it counts toward this lesson.").waitFor({ timeout: 30_000 });
    expect((await note.innerText()).trim()).toBe("1 of 2 simulation tasks done.");

    // After a reload the task shows as done; the lesson list shows the count.
    await page.reload();
    const again = await openTask(page, TASK);
    await page.locator(`[data-testid="sim-task-${TASK}"][data-done="true"]`).waitFor();
    expect(await again.getByTestId("sim-task-state").innerText()).toBe("✓ Done");

    await page.goto(`${baseUrl()}/learn`);
    const row = page.locator(".lesson-row").filter({ hasText: "Leaderless replication" });
    expect(await row.getByTestId("task-marker").innerText()).toMatch(/1\/2$/);
  });
});
