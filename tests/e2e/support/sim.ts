// Helpers for driving an embedded simulation player.
import type { Locator, Page } from "playwright-core";

/** The embedded simulation whose frame (placeholder or player) shows this title; scrolled into view and loaded. */
export async function openSim(page: Page, name: string, title: string | RegExp): Promise<Locator> {
  const frame = page.locator(`[data-sim="${name}"]`).filter({ hasText: title }).first();
  await frame.scrollIntoViewIfNeeded();
  const sim = frame.getByTestId(`sim-${name}`);
  await sim.waitFor({ state: "visible", timeout: 30_000 });
  return sim;
}

/** Scrub like a user dragging the slider: set the value and fire `input` (what React listens to). */
export async function scrubTo(sim: Locator, t: number): Promise<void> {
  await sim.getByTestId("sim-timeline").evaluate((el, value) => {
    const input = el as HTMLInputElement;
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
    setter.call(input, String(value));
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }, t);
}

export async function simTime(sim: Locator): Promise<number> {
  return Number(await sim.getByTestId("sim-time").getAttribute("data-t"));
}

/** The event log's text (newest first, up to 150 events). */
export async function eventLog(sim: Locator): Promise<string> {
  await sim.getByRole("tab", { name: /Events/ }).click();
  return sim.getByRole("tabpanel").innerText();
}
