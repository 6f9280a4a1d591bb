/** The player's state machine, without a browser: playback, stepping, announcements, fault re-runs, reset. */
import { cache } from "@/lib/sim/cache";
import { raft, type RaftState } from "@/lib/sim/raft";
import { initialPlayerState, playerReducer, type PlayerAction, type PlayerState, type Run } from "./player-state";
import { record } from "./recording";

type Snap = { leader: number | null };

function makeRun(faults: Run<Snap>["faults"], duration = 2000): Run<Snap> {
  const r = record(raft, { seed: 7, params: {}, faults, duration }, (s) => ({ leader: (s as RaftState).leader }));
  return r.ok ? { faults, recording: r.recording, errors: [] } : { faults, recording: null, errors: r.errors };
}

const run = makeRun([]);
const start = (speed = 1) => initialPlayerState(run, { fallbackDuration: 2000, importantKinds: ["leader", "crash"], speed, seriesKey: "commitIndex" });
const apply = (state: PlayerState<Snap>, ...actions: PlayerAction<Snap>[]) => actions.reduce(playerReducer<Snap>, state);
const trace = run.recording!.trace;

describe("player state machine", () => {
  it("at 1× plays one simulated millisecond per wall-clock millisecond, and other speeds in proportion", () => {
    expect(apply(start(1), { type: "toggle-play" }, { type: "tick", wallMs: 16 }, { type: "tick", wallMs: 16 }).t).toBe(32);
    expect(apply(start(0.25), { type: "toggle-play" }, { type: "tick", wallMs: 100 }).t).toBe(25);
    expect(apply(start(5), { type: "toggle-play" }, { type: "tick", wallMs: 100 }).t).toBe(500);
    // Ticks do nothing while paused.
    expect(apply(start(1), { type: "tick", wallMs: 100 }).t).toBe(0);
  });

  it("stops at the end of the run; pressing play there starts over from zero", () => {
    const ended = apply(start(10), { type: "toggle-play" }, ...Array.from({ length: 30 }, () => ({ type: "tick" as const, wallMs: 100 })));
    expect(ended.t).toBe(2000);
    expect(ended.playing).toBe(false);
    const again = apply(ended, { type: "toggle-play" });
    expect(again.playing).toBe(true);
    expect(again.t).toBe(0);
  });

  it("announces the latest important event that playback crosses, and not events crossed by seeking", () => {
    const leader = trace.find((e) => e.kind === "leader")!;
    const played = apply(start(1), { type: "toggle-play" }, { type: "tick", wallMs: leader.t + 1 });
    expect(played.announcement).toBe(`At ${(leader.t / 1000).toFixed(3)} s: ${leader.text}`);
    expect(apply(start(1), { type: "seek", t: leader.t + 1 }).announcement).toBe("");
  });

  it("steps forward to the next event and back to the previous one, pausing playback", () => {
    const first = apply(start(), { type: "toggle-play" }, { type: "step-forward" });
    expect(first.playing).toBe(false);
    expect(first.t).toBe(trace[0].t);
    const later = trace.find((e) => e.t > trace[0].t)!;
    const second = apply(first, { type: "step-forward" });
    expect(second.t).toBe(later.t);
    expect(apply(second, { type: "step-back" }).t).toBe(trace[0].t);
    expect(apply(first, { type: "step-back" }).t).toBe(0);
  });

  it("clamps seeks to the run", () => {
    expect(apply(start(), { type: "seek", t: -50 }).t).toBe(0);
    expect(apply(start(), { type: "seek", t: 99_999 }).t).toBe(2000);
  });

  it("keeps the moment when a fault re-runs the simulation, and keeps the old run with a notice when the fault is invalid", () => {
    const at = apply(start(), { type: "seek", t: 1500 });
    const crashed = apply(at, { type: "replace-run", run: makeRun([{ at: 1500, fault: "crash", node: 1 }]), message: "Node 1 crashed.", failure: "x" });
    expect(crashed.t).toBe(1500);
    expect(crashed.run.faults).toHaveLength(1);
    expect(crashed.announcement).toBe("Node 1 crashed.");
    const invalid = makeRun([{ at: 100, fault: "crash", node: 9 }]);
    expect(invalid.recording).toBeNull();
    const refused = apply(crashed, { type: "replace-run", run: invalid, message: null, failure: "That fault could not be added" });
    expect(refused.run).toBe(crashed.run);
    expect(refused.notice).toBe("That fault could not be added: faults[0].node: node 9 does not exist (nodes are 1-5)");
    // The next successful change clears the notice.
    expect(apply(refused, { type: "replace-run", run: makeRun([]), message: null, failure: "x" }).notice).toBeNull();
  });

  it("a run over its event budget cannot be played, and says why", () => {
    const r = record(cache, { seed: 1, params: { requestsPerSec: 100_000 }, faults: [], duration: 600_000 }, () => ({ leader: null }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatch(/too busy to simulate/);
    const busy = initialPlayerState<Snap>({ faults: [], recording: null, errors: r.errors }, { fallbackDuration: 600_000, importantKinds: [], speed: 1, seriesKey: "x" });
    expect(apply(busy, { type: "toggle-play" }).playing).toBe(false);
    expect(apply(busy, { type: "step-forward" }).t).toBe(0);
  });

  it("collects partition group A and resets everything on reset", () => {
    const picked = apply(start(), { type: "start-selecting" }, { type: "toggle-selected", id: 3 }, { type: "toggle-selected", id: 1 }, { type: "toggle-selected", id: 3 });
    expect(picked.selecting).toEqual([1]);
    const reset = apply(picked, { type: "seek", t: 900 }, { type: "reset", run });
    expect(reset).toMatchObject({ t: 0, playing: false, selecting: null, notice: null });
  });
});
