/**
 * The lessons' simulation scenarios show what their text says, in a real browser: Raft's Figure 8 moment and
 * the overwrite that follows, stale reads from a deposed leader only without check quorum, stale reads under
 * R + W ≤ N and read repair in the quorum lesson, a metastable retry storm and its way out; and the player
 * stays readable at 390 px.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { baseUrl, launchBrowser, watchPageErrors } from "./support/browser";
import { eventLog, openSim, scrubTo, simTime } from "./support/sim";

const RAFT = "/learn/consensus/raft-leader-election-and-log-replication";
const QUORUM = "/learn/replication/leaderless-replication-and-quorums";
const RETRY = "/learn/reliability/timeouts-retries-and-circuit-breakers";

async function summary(sim: Locator): Promise<string> {
  return (await sim.locator("header p").innerText()).replace(/\s+/g, " ");
}

async function end(sim: Locator): Promise<void> {
  await scrubTo(sim, Number(await sim.getByTestId("sim-timeline").getAttribute("max")));
}

describe("lesson simulations in the browser", () => {
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

  it("Raft Figure 8: the timeline marks the entry the new leader must not commit, and the later overwrite", async () => {
    await page.goto(`${baseUrl()}${RAFT}`);
    const sim = await openSim(page, "raft", "Figure 8, live");
    const notCommitted = sim.locator('[data-testid="sim-mark"][data-kind="not-committed"]').first();
    expect(await sim.locator('[data-testid="sim-mark"][data-kinds~="overwrite"]').count()).toBeGreaterThan(0);
    await notCommitted.click();
    const at = await simTime(sim);
    expect(at).toBeGreaterThan(2000);
    const log = await eventLog(sim);
    expect(log).toMatch(/has entry 5 from term 1 on 3 of 5 nodes but does not commit it/);
    // At that moment no leader has committed index 5; after the heal another leader overwrites it.
    expect(await summary(sim)).toMatch(/committed 4\b/);
    await end(sim);
    expect(await eventLog(sim)).toMatch(/Node \d replaced 4 entries from index 5 \(term 1\) with leader 3's entry from term 5/);
  });

  it("Raft reads: a leader cut off in a minority serves stale reads without check quorum, none with it", async () => {
    await page.goto(`${baseUrl()}${RAFT}`);
    const without = await openSim(page, "raft", "Reads from a leader cut off in a minority, without check quorum");
    await end(without);
    expect(await summary(without)).toMatch(/\b[1-9]\d* stale reads/);
    expect(await without.locator('[data-testid="sim-mark"][data-kinds~="stale-read"]').count()).toBeGreaterThan(0);
    const withLease = await openSim(page, "raft", "The same partition with check quorum and a leader lease");
    await end(withLease);
    expect(await summary(withLease)).not.toMatch(/stale reads/);
    expect(await eventLog(withLease)).toMatch(/stepped down \(check quorum\)/);
  });

  it("the header and the chart agree on the commit index at every moment", async () => {
    await page.goto(`${baseUrl()}${RAFT}`);
    const sim = await openSim(page, "raft", "Figure 8, live");
    for (const t of [554, 2353, 3500, 8000]) {
      await scrubTo(sim, t);
      const committed = /committed (\d+)/.exec(await summary(sim))![1];
      const chart = (await sim.locator("select + span").first().innerText()).split(" ")[0];
      expect(chart).toBe(committed);
    }
  });

  it("quorums: read repair is visible in the lesson's run, and R = W = 1 with a slow replica shows stale reads", async () => {
    await page.goto(`${baseUrl()}${QUORUM}`);
    const repair = await openSim(page, "quorum", "Leaderless replication with read and write quorums");
    await end(repair);
    expect(await summary(repair)).toMatch(/^0 stale reads/);
    expect(await repair.locator('[data-testid="sim-mark"][data-kinds~="read-repair"]').count()).toBeGreaterThan(0);
    const weak = await openSim(page, "quorum", "R + W ≤ N");
    await end(weak);
    expect(await summary(weak)).toMatch(/^[1-9]\d* stale reads/);
    expect(await eventLog(weak)).toMatch(/STALE/);
  });

  it("retries: a two-second slowdown leaves retrying clients overloaded to the end; skipping expired calls recovers", async () => {
    await page.goto(`${baseUrl()}${RETRY}`);
    const storm = await openSim(page, "retry", "A two-second slowdown, retried");
    await end(storm);
    const stormLog = await eventLog(storm);
    expect(stormLog).toMatch(/queue passed/);
    expect(stormLog).not.toMatch(/queue is empty again/);
    const shed = await openSim(page, "retry", "skips calls whose client gave up");
    await end(shed);
    expect(await eventLog(shed)).toMatch(/queue is empty again/);
  });

  it.each([390, 1280])("at %i px every simulation's labels are at least 12 px and nothing overflows the page sideways", async (width) => {
    await page.setViewportSize({ width, height: 900 });
    const scenarios: [string, string, string, number][] = [
      [RAFT, "raft", "Raft: leader election", 4000],
      [RAFT, "raft", "without check quorum", 5000], // partitioned: nodes laid out by group
      [RAFT, "raft", "Figure 8, live", 2200],
      [QUORUM, "quorum", "Leaderless replication", 9000],
      [RETRY, "retry", "A two-second slowdown", 20000],
      ["/learn/caching/cache-stampedes", "cache", "A cache in front", 9000],
      ["/learn/caching/load-balancing", "balancer", "Load balancing", 9000],
      ["/learn/queues/delivery-guarantees", "queue", "A work queue", 5000],
      ["/learn/partitioning/hash-vs-range-and-consistent-hashing", "hashring", "Consistent hashing", 7000],
    ];
    for (const [path, name, title, t] of scenarios) {
      await page.goto(`${baseUrl()}${path}`);
      const sim = await openSim(page, name, title);
      await scrubTo(sim, t);
      const smallest = await sim.locator("svg[role=img]").first().evaluate((svg) => {
        const scale = (svg as SVGSVGElement).getScreenCTM()!.a;
        let min = Infinity;
        for (const text of svg.querySelectorAll("text")) {
          if (text.textContent?.trim()) min = Math.min(min, parseFloat(getComputedStyle(text).fontSize) * scale);
        }
        return min;
      });
      expect([name, title, smallest >= 11.9]).toEqual([name, title, true]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    }
  });
});
