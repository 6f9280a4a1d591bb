/**
 * The Raft simulation in a real browser: it loads when scrolled into view, elects a leader, survives
 * the leader's crash (injected by clicking the node), and replays exactly when scrubbed back in time.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { baseUrl, launchBrowser, watchPageErrors } from "./support/browser";
import { scrubTo, simTime } from "./support/sim";

/** A consensus lesson that embeds <RaftSim>, or the preview page while no such lesson exists. */
function raftPagePath(): string {
  const dir = path.join(process.cwd(), "content", "consensus");
  if (existsSync(dir)) {
    for (const file of readdirSync(dir).sort()) {
      if (file.endsWith(".mdx") && /<RaftSim\b/.test(readFileSync(path.join(dir, file), "utf8"))) {
        return `/learn/consensus/${file.replace(/\.mdx$/, "")}`;
      }
    }
  }
  return "/sim-preview/raft";
}

async function leaderIds(sim: Locator): Promise<string[]> {
  return sim.locator('[data-testid^="sim-node-"][data-role="leader"]').evaluateAll((els) =>
    els.map((el) => (el.getAttribute("data-testid") ?? "").replace("sim-node-", "")),
  );
}

async function waitForLeader(page: Page, sim: Locator, not: string | null, timeout = 30_000): Promise<string> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const ids = (await leaderIds(sim)).filter((id) => id !== not);
    if (ids.length > 0) return ids[0];
    if (Date.now() > deadline) throw new Error(`no leader${not ? ` other than node ${not}` : ""} within ${timeout} ms`);
    await page.waitForTimeout(50);
  }
}

describe("Raft simulation in the browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("elects a leader, re-elects after the leader is crashed, and replays the old leader when scrubbed back", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchPageErrors(page);
    await page.goto(`${baseUrl()}${raftPagePath()}`);

    // The player loads only once its box scrolls into view.
    const frame = page.locator('[data-sim="raft"]').first();
    await frame.scrollIntoViewIfNeeded();
    const sim = frame.getByTestId("sim-raft");
    await sim.waitFor({ state: "visible", timeout: 30_000 });
    expect(await sim.locator('[data-testid^="sim-node-"]').count()).toBeGreaterThanOrEqual(3);
    expect(await leaderIds(sim)).toEqual([]);

    // The lesson may script faults of its own; remember them to find the one the click adds.
    type Fault = { at: number; fault: string; node: number };
    await sim.getByRole("tab", { name: /Fault script/ }).click();
    const authored = JSON.parse(await sim.getByTestId("sim-faults-json").innerText()) as Fault[];
    await sim.getByRole("tab", { name: /Events/ }).click();

    // Let it run until a leader exists.
    await sim.getByLabel("Speed").selectOption("2");
    await sim.getByTestId("sim-play").click();
    const oldLeader = await waitForLeader(page, sim, null);
    const leaderSeenAt = await simTime(sim);
    expect(leaderSeenAt).toBeGreaterThan(0);

    // Crash it by clicking its node: the fault is scripted at the current time and the run replayed.
    const oldNode = sim.getByTestId(`sim-node-${oldLeader}`);
    expect(await oldNode.getAttribute("aria-label")).toMatch(new RegExp(`^Node ${oldLeader}, leader, term \\d+`));
    await oldNode.click();
    await expectAttribute(oldNode, "data-role", "crashed");

    // Another node takes over.
    const newLeader = await waitForLeader(page, sim, oldLeader);
    expect(newLeader).not.toBe(oldLeader);
    await sim.getByTestId("sim-play").click(); // pause
    expect(await oldNode.getAttribute("data-role")).toBe("crashed");

    // The fault script records the crash at the moment of the click, after the leader was seen.
    await sim.getByRole("tab", { name: /Fault script/ }).click();
    const script = JSON.parse(await sim.getByTestId("sim-faults-json").innerText()) as Fault[];
    expect(script).toHaveLength(authored.length + 1);
    const added = script.filter((f) => !authored.some((a) => JSON.stringify(a) === JSON.stringify(f)));
    expect(added).toHaveLength(1);
    const [crash] = added;
    expect(crash).toMatchObject({ fault: "crash", node: Number(oldLeader) });
    expect(crash.at).toBeGreaterThanOrEqual(Math.floor(leaderSeenAt));

    // Scrub back to before the crash: the same run shows the old leader leading again.
    await scrubTo(sim, Math.ceil(leaderSeenAt)); // the slider moves in whole milliseconds

    await expectAttribute(oldNode, "data-role", "leader");
    expect(await leaderIds(sim)).toEqual([oldLeader]);
    expect(await simTime(sim)).toBeLessThan(crash.at);

    // And forward again past the crash: the replay is exact, the new leader is back.
    await scrubTo(sim, crash.at + 2000);
    await expectAttribute(oldNode, "data-role", "crashed");
    const later = await leaderIds(sim);
    expect(later.length).toBeGreaterThan(0);
    expect(later).not.toContain(oldLeader);

    expect(errors).toEqual([]);
    await page.close();
  });
});

async function expectAttribute(locator: Locator, name: string, value: string, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const actual = await locator.getAttribute(name);
    if (actual === value) return;
    if (Date.now() > deadline) throw new Error(`expected ${name}="${value}", found "${actual}"`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
