import type { Fault } from "./faults";
import { getSimTask, gradeStep, gradeTask, simTasks, splitVoteTerms, taskRunProblems, type SimTaskDefinition, type TaskRun } from "./tasks";

const task = (id: string): SimTaskDefinition => getSimTask(id)!;
/** The task's start run with some parameters changed and, optionally, another fault script. */
const tuned = (id: string, params: Record<string, unknown>, faults?: Fault[]): TaskRun => {
  const t = task(id);
  return { seed: t.start.seed, params: { ...t.start.params, ...params }, faults: faults ?? t.start.faults };
};

describe("every task", () => {
  it.each(Object.keys(simTasks))("%s is not already done at its start", (id) => {
    const t = task(id);
    expect(taskRunProblems(t, t.start)).toEqual([]);
    const verdict = gradeStep(t, 0, t.start);
    expect(verdict.done).toBe(false);
    expect(verdict.reason.length).toBeGreaterThan(20);
  });
});

describe("quorum-non-linearizable", () => {
  it("is done when R = 1 lets a read miss the slow replica's write, and names the read", () => {
    const v = gradeStep(task("quorum-non-linearizable"), 0, tuned("quorum-non-linearizable", { r: 1, w: 2 }));
    expect(v.done).toBe(true);
    expect(v.reason).toMatch(/^Not linearizable\. Client \d+'s read/);
  });
  it("is not done when the quorums overlap and the run is linearizable, and says why", () => {
    const v = gradeStep(task("quorum-non-linearizable"), 0, tuned("quorum-non-linearizable", { r: 2, w: 2 }));
    expect(v).toEqual({ done: false, reason: expect.stringContaining("R + W = 4 > N = 3") });
  });
});

describe("quorum-smallest-overlap", () => {
  const id = "quorum-smallest-overlap";
  it("is done with R = 2, W = 2", () => {
    expect(gradeStep(task(id), 0, tuned(id, { r: 2, w: 2 }))).toMatchObject({ done: true, reason: expect.stringContaining("R + W = N + 1 = 4") });
  });
  it("is not done with R = 1, W = 3: overlapping, but a read sees a write in progress and a later read misses it", () => {
    expect(gradeStep(task(id), 0, tuned(id, { r: 1, w: 3 }))).toMatchObject({ done: false, reason: expect.stringContaining("and still not linearizable") });
  });
  it("is not done with larger quorums than needed, or with quorums that need not overlap", () => {
    expect(gradeStep(task(id), 0, tuned(id, { r: 3, w: 2 }))).toMatchObject({ done: false, reason: expect.stringContaining("find a pair with R + W = 4") });
    expect(gradeStep(task(id), 0, tuned(id, { r: 1, w: 1 }))).toMatchObject({ done: false, reason: expect.stringContaining("R + W = 2 ≤ N = 3") });
  });
  it("refuses a run that removed the fixed slow replica", () => {
    expect(gradeStep(task(id), 0, tuned(id, { r: 2, w: 2 }, []))).toMatchObject({ done: false, reason: expect.stringContaining("scenario is fixed") });
  });
});

describe("raft-split-vote", () => {
  const id = "raft-split-vote";
  it("is done when the election timeouts are almost equal", () => {
    expect(gradeStep(task(id), 0, tuned(id, { electionTimeoutMinMs: 150, electionTimeoutMaxMs: 160 }))).toMatchObject({ done: true, reason: expect.stringMatching(/^Split vote in term \d+: nodes \d+, \d+/) });
  });
  it("finds no split vote where every term has a leader", () => {
    expect(splitVoteTerms([
      { t: 1, kind: "election", node: 1, term: 1, text: "" },
      { t: 2, kind: "election", node: 2, term: 1, text: "" },
      { t: 3, kind: "leader", node: 2, term: 1, text: "" },
    ])).toEqual([]);
  });
});

describe("raft-figure-8", () => {
  const id = "raft-figure-8";
  const lessonScript: Fault[] = [
    { at: 1000, fault: "partition", groups: [[4, 1], [2], [3], [5]] },
    { at: 1700, fault: "partition", groups: [[4, 1], [2, 3, 5]] },
    { at: 1831, fault: "partition", groups: [[4, 1], [3], [2, 5]] },
    { at: 2131, fault: "partition", groups: [[4, 1, 2, 5], [3]] },
    { at: 2354, fault: "crash", node: 1 },
    { at: 2354, fault: "heal" },
    { at: 4854, fault: "restart", node: 1, durable: true },
  ];
  it("is done with the lesson's fault script: an entry held on a majority, not committed, then overwritten", () => {
    expect(gradeStep(task(id), 0, tuned(id, {}, lessonScript))).toMatchObject({ done: true, reason: expect.stringMatching(/did not commit it; at .* overwrote it/) });
  });
  it("is not done when the old leader never comes back to a majority", () => {
    expect(gradeStep(task(id), 0, tuned(id, {}, lessonScript.slice(0, 2)))).toMatchObject({ done: false });
  });
  it("refuses changed parameters the task keeps fixed", () => {
    expect(gradeStep(task(id), 0, tuned(id, { nodes: 3 }, lessonScript))).toMatchObject({ done: false, reason: expect.stringContaining("params.nodes: this task keeps it at 5") });
  });
});

describe("queue-overload-bound", () => {
  const id = "queue-overload-bound";
  const overload: Fault[] = [{ at: 3000, fault: "load", rate: 10 }];
  it("step 1 is done when a message waits more than 2 s under overload", () => {
    expect(gradeStep(task(id), 0, tuned(id, {}, overload))).toMatchObject({ done: true, reason: expect.stringMatching(/reached [2-9]\.\d s/) });
  });
  it("step 2 is done with a bound of 10, and not with a bound of 20 or without overload", () => {
    expect(gradeStep(task(id), 1, tuned(id, { capacity: 10 }, overload))).toMatchObject({ done: true });
    expect(gradeStep(task(id), 1, tuned(id, { capacity: 20 }, overload))).toMatchObject({ done: false, reason: expect.stringContaining("too large") });
    expect(gradeStep(task(id), 1, tuned(id, { capacity: 10 }, []))).toMatchObject({ done: false, reason: expect.stringContaining("never filled") });
  });
  it("counts the task only when both steps are done, in order", () => {
    expect(gradeTask(task(id), [tuned(id, {}, overload), tuned(id, { capacity: 10 }, overload)]).done).toBe(true);
    const skipped = gradeTask(task(id), [tuned(id, {}, []), tuned(id, { capacity: 10 }, overload)]);
    expect(skipped.done).toBe(false);
    expect(skipped.steps[1].reason).toBe("Finish the step before this one first.");
  });
});

describe("run rules", () => {
  it("refuses another seed and unknown parameters", () => {
    const t = task("raft-split-vote");
    expect(taskRunProblems(t, { seed: 1, params: { nodes: 5, bogus: 1 }, faults: [] })).toEqual([
      "seed: this task runs with seed 756",
      "params.bogus: not a parameter of the raft simulation",
    ]);
  });
  it("reports an invalid run as not done instead of throwing", () => {
    const v = gradeStep(task("raft-split-vote"), 0, tuned("raft-split-vote", { electionTimeoutMinMs: -5 }));
    expect(v).toMatchObject({ done: false, reason: expect.stringContaining("cannot start") });
  });
});
