// Completing a guided simulation task (lib/sim/tasks.ts) against the database: the server grades the
// submitted configuration itself, stores only a task it finds done, never for a signed-out visitor, and
// a task's completion belongs to its learner alone.
import { completedTaskIds, submitSimTask } from "@/lib/practice/progress";
import { getSimTask, type TaskRun } from "@/lib/sim/tasks";
import { simTaskSubmissionSchema } from "@/lib/validations/sim-task";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";
import { createUser } from "@/tests/support/content-fixtures";

const t0 = new Date("2026-04-01T09:00:00Z");
const task = getSimTask("quorum-non-linearizable")!;
const run = (params: Record<string, unknown>): TaskRun => ({ seed: task.start.seed, params: { ...task.start.params, ...params }, faults: task.start.faults });

describe.each(databaseTargets())("guided tasks on %s", (kind) => {
  const db = openTestDatabase(kind, { clearBeforeEach: "users" });

  it("stores a task the server finds done, for that learner only", async () => {
    const learner = await createUser(db, "Leo Learner");
    const other = await createUser(db, "Olga Other");
    const result = await submitSimTask(db, learner.id, { taskId: task.id, runs: [run({ r: 1 })] }, t0);
    expect(result).toMatchObject({ ok: true, saved: true, grade: { done: true } });
    expect(await completedTaskIds(db, learner.id)).toEqual(new Set([task.id]));
    expect(await completedTaskIds(db, other.id)).toEqual(new Set());
    const row = await db.simTaskCompletion.findUniqueOrThrow({ where: { userId_taskId: { userId: learner.id, taskId: task.id } } });
    expect(row.runs).toEqual([run({ r: 1 })]);
    expect(row.completedAt).toEqual(t0);
  });

  it("does not store a run that does not meet the goal, whatever the browser said", async () => {
    const learner = await createUser(db, "Leo Learner");
    const result = await submitSimTask(db, learner.id, { taskId: task.id, runs: [run({ r: 2, w: 2 })] }, t0);
    expect(result).toMatchObject({ ok: true, saved: false, grade: { done: false } });
    expect(await completedTaskIds(db, learner.id)).toEqual(new Set());
  });

  it("grades a signed-out visitor's run and stores nothing", async () => {
    const result = await submitSimTask(db, null, { taskId: task.id, runs: [run({ r: 1 })] }, t0);
    expect(result).toMatchObject({ ok: true, saved: false, grade: { done: true } });
    expect(await db.simTaskCompletion.count()).toBe(0);
  });

  it("answers an unknown task with an error, not an exception", async () => {
    const learner = await createUser(db, "Leo Learner");
    expect(await submitSimTask(db, learner.id, { taskId: "no-such-task", runs: [run({})] })).toEqual({ ok: false, error: "That task does not exist." });
  });
});

describe("submission schema", () => {
  it("accepts a run as the player sends it", () => {
    expect(simTaskSubmissionSchema.safeParse({ taskId: task.id, runs: [run({ r: 1 })] }).success).toBe(true);
  });
  it("refuses text the database cannot store, oversized scripts and a non-integer seed", () => {
    const bad = [
      { taskId: task.id, runs: [{ ...run({}), params: { "r\u0000": 1 } }] },
      { taskId: task.id, runs: [{ ...run({}), faults: Array.from({ length: 101 }, (_, i) => ({ at: i, fault: "heal" })) }] },
      { taskId: task.id, runs: [{ ...run({}), seed: 1.5 }] },
      { taskId: "../etc", runs: [run({})] },
      { taskId: task.id, runs: [] },
    ];
    for (const input of bad) expect(simTaskSubmissionSchema.safeParse(input).success).toBe(false);
  });
});
