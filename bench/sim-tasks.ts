/**
 * Guided-task grading: what one "Check my run" costs, in the browser and again in the server action
 * (the same function: re-run the configuration, then the step's predicate; the quorum tasks include the
 * linearizability checker). Run with `npm run bench:tasks`. Goal: every task graded in ≤ 100 ms (median).
 */
import { getSimTask, gradeTask, simTasks, type TaskRun } from "../lib/sim/tasks";
import type { Fault } from "../lib/sim/faults";

const figure8: Fault[] = [
  { at: 1000, fault: "partition", groups: [[4, 1], [2], [3], [5]] },
  { at: 1700, fault: "partition", groups: [[4, 1], [2, 3, 5]] },
  { at: 1831, fault: "partition", groups: [[4, 1], [3], [2, 5]] },
  { at: 2131, fault: "partition", groups: [[4, 1, 2, 5], [3]] },
  { at: 2354, fault: "crash", node: 1 },
  { at: 2354, fault: "heal" },
  { at: 4854, fault: "restart", node: 1, durable: true },
];
const overload: Fault[] = [{ at: 3000, fault: "load", rate: 10 }];

/** One configuration per step that completes each task (the unit tests use the same ones). */
function solved(id: string): TaskRun[] {
  const t = getSimTask(id)!;
  const run = (params: Record<string, unknown>, faults = t.start.faults): TaskRun => ({ seed: t.start.seed, params: { ...t.start.params, ...params }, faults });
  switch (id) {
    case "quorum-non-linearizable": return [run({ r: 1 })];
    case "quorum-smallest-overlap": return [run({ r: 2, w: 2 })];
    case "raft-split-vote": return [run({ electionTimeoutMinMs: 150, electionTimeoutMaxMs: 160 })];
    case "raft-figure-8": return [run({}, figure8)];
    case "queue-overload-bound": return [run({}, overload), run({ capacity: 10 }, overload)];
    default: throw new Error(`no solution for ${id}`);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ROUNDS = 15;
console.log(`task                       median ms   max ms   done`);
for (const id of Object.keys(simTasks)) {
  const task = getSimTask(id)!;
  const runs = solved(id);
  const times: number[] = [];
  let done = false;
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    done = gradeTask(task, runs).done;
    times.push(performance.now() - t0);
  }
  console.log(`${id.padEnd(26)} ${median(times).toFixed(1).padStart(9)} ${Math.max(...times).toFixed(1).padStart(8)}   ${done}`);
}
