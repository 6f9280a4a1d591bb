"use client";
/**
 * A guided task next to a simulation (`<SimTask id="…" />` in MDX): the goal, the parameters the learner may
 * change, the player, and "Check my run", which grades the run on screen with the task's pure predicate
 * (lib/sim/tasks.ts). A finished task is saved through the page's host, whose server action re-runs the same
 * configuration and grades it again; signed out, nothing is stored.
 */
import Link from "next/link";
import { useCallback, useContext, useId, useMemo, useRef, useState, type FormEvent } from "react";
import type { ParamSpec } from "@/lib/sim/params";
import { describeFault } from "@/lib/sim/faults";
import { getSimTask, gradeStep, type SimTaskDefinition, type StepVerdict, type TaskRun } from "@/lib/sim/tasks";
import { SimPlayer, type SimConfig } from "./player";
import type { Run } from "./player-state";
import { queueConfig } from "./queue-sim";
import { quorumConfig } from "./quorum-sim";
import { raftConfig } from "./raft-sim";
import { SimTaskHostContext } from "./task-host";
import simStyles from "./sim.module.css";
import styles from "./task.module.css";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const CONFIGS: Partial<Record<string, SimConfig<any>>> = { quorum: quorumConfig, raft: raftConfig, queue: queueConfig };

type Status = { kind: "idle" } | { kind: "verdict"; verdict: StepVerdict; stepDone: number | null } | { kind: "saving" } | { kind: "saved" } | { kind: "error"; message: string };

export default function SimTask({ id }: { id?: unknown }) {
  const task = typeof id === "string" ? getSimTask(id) : undefined;
  const config = task ? CONFIGS[task.sim] : undefined;
  if (!task || !config) {
    return (
      <p role="alert" className="form-error">
        Unknown simulation task {JSON.stringify(id)}.
      </p>
    );
  }
  return <TaskPanel task={task} config={config} />;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function TaskPanel({ task, config }: { task: SimTaskDefinition; config: SimConfig<any> }) {
  const uid = useId();
  const host = useContext(SimTaskHostContext);
  const [params, setParams] = useState<Record<string, unknown>>(task.start.params);
  const [step, setStep] = useState(0);
  const [passed, setPassed] = useState<TaskRun[]>([]);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const faults = useRef(task.start.faults);
  const onRun = useCallback((run: Run<unknown>) => {
    faults.current = run.faults;
  }, []);

  const alreadyDone = host?.done.has(task.id) ?? false;
  const finished = step >= task.steps.length;
  const done = finished || alreadyDone;

  const check = () => {
    const run: TaskRun = { seed: task.start.seed, params, faults: faults.current };
    const verdict = gradeStep(task, step, run);
    if (!verdict.done) return setStatus({ kind: "verdict", verdict, stepDone: null });
    const runs = [...passed, run];
    setPassed(runs);
    setStep(step + 1);
    setStatus({ kind: "verdict", verdict, stepDone: step });
    if (step + 1 < task.steps.length || !host?.signedIn) return;
    setStatus({ kind: "saving" });
    host.save(task.id, runs).then(
      (r) => setStatus(r.ok ? (r.grade.done ? { kind: "saved" } : { kind: "error", message: r.grade.steps.find((s) => !s.done)?.reason ?? "The server did not accept this run." }) : { kind: "error", message: r.error }),
      () => setStatus({ kind: "error", message: "Your run could not be saved. Check your connection and check it again." }),
    );
  };

  const lastVerdict = status.kind === "verdict" ? status : null;
  return (
    <section className={styles.task} aria-labelledby={`${uid}-title`} data-testid={`sim-task-${task.id}`} data-done={done ? "true" : "false"}>
      <header className={styles.head}>
        <span className={styles.badge}>Task</span>
        <h3 id={`${uid}-title`} className={styles.title}>
          {task.title}
        </h3>
        <span className={done ? styles.stateDone : styles.state} data-testid="sim-task-state">
          {done ? "✓ Done" : task.steps.length > 1 ? `Step ${step + 1} of ${task.steps.length}` : "Not done yet"}
        </span>
      </header>
      <p className={styles.goal}>{task.goal}</p>
      {task.steps.length > 1 ? (
        <ol className={styles.steps}>
          {task.steps.map((s, i) => (
            <li key={s.goal} className={i < step ? styles.stepDone : i === step ? styles.stepCurrent : undefined} aria-current={i === step ? "step" : undefined}>
              {i < step ? <span className="visually-hidden">Done: </span> : null}
              {s.goal}
            </li>
          ))}
        </ol>
      ) : null}
      <details className={styles.hint}>
        <summary>Hint</summary>
        <p>{task.hint}</p>
      </details>

      {task.tunable.length > 0 ? <ParamForm task={task} schema={config.definition.paramsSchema} params={params} onApply={setParams} /> : null}
      {task.faults === "fixed" ? (
        <p className={styles.note}>
          The scenario is fixed: {task.start.faults.map((f) => describeFault(f, config.nodeWord)).join("; ")}.
        </p>
      ) : (
        <p className={styles.note}>Add faults with the player&apos;s controls; they are part of your run.</p>
      )}

      <div className={`${simStyles.frame} ${styles.playerFrame}`}>
        <SimPlayer config={config} seed={task.start.seed} params={params} faults={task.start.faults} duration={task.duration} onRun={onRun} />
      </div>

      <div className={styles.checkRow}>
        <button type="button" className="button" onClick={check} disabled={finished || status.kind === "saving"} data-testid="sim-task-check">
          Check my run
        </button>
        <div role="status" className={styles.verdictBox} data-testid="sim-task-verdict">
          {lastVerdict ? (
            <p className={lastVerdict.verdict.done ? styles.yes : styles.no}>
              <strong>{lastVerdict.verdict.done ? (lastVerdict.stepDone !== null && lastVerdict.stepDone + 1 < task.steps.length ? `Step ${lastVerdict.stepDone + 1} done.` : "Done.") : "Not yet."}</strong>{" "}
              {lastVerdict.verdict.reason}
              {finished && host?.signedIn === false ? (
                <>
                  {" "}
                  <Link href={host.signInHref}>Sign in</Link> to keep your progress.
                </>
              ) : null}
            </p>
          ) : null}
          {status.kind === "saving" ? <p className={styles.yes}>Saving…</p> : null}
          {status.kind === "saved" ? (
            <p className={styles.yes}>
              <strong>Done.</strong> Saved: it counts toward this lesson.
            </p>
          ) : null}
          {status.kind === "error" ? <p className="form-error">{status.message}</p> : null}
          {alreadyDone && status.kind === "idle" ? <p className={styles.yes}>You completed this task before; try it again if you like.</p> : null}
        </div>
      </div>
    </section>
  );
}

function ParamForm({ task, schema, params, onApply }: { task: SimTaskDefinition; schema: Record<string, ParamSpec>; params: Record<string, unknown>; onApply(params: Record<string, unknown>): void }) {
  const uid = useId();
  const [draft, setDraft] = useState<Record<string, unknown>>(params);
  const changed = useMemo(() => task.tunable.some((k) => draft[k] !== params[k]), [task.tunable, draft, params]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply({ ...params, ...Object.fromEntries(task.tunable.map((k) => [k, draft[k]])) });
  };
  return (
    <form className={styles.params} onSubmit={submit} aria-label="Parameters you can change">
      {task.tunable.map((key) => {
        const spec = schema[key];
        if (!spec) return null;
        const value = draft[key] ?? spec.default;
        const fieldId = `${uid}-${key}`;
        if (spec.type === "boolean") {
          return (
            <label key={key} className={styles.checkField} htmlFor={fieldId}>
              <input id={fieldId} type="checkbox" checked={value === true} onChange={(e) => setDraft({ ...draft, [key]: e.currentTarget.checked })} /> {spec.label}
            </label>
          );
        }
        if (spec.type === "enum") {
          return (
            <label key={key} className={styles.field} htmlFor={fieldId}>
              <span>{spec.label}</span>
              <select id={fieldId} value={String(value)} onChange={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })}>
                {spec.options.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            </label>
          );
        }
        if (spec.type === "number") {
          return (
            <label key={key} className={styles.field} htmlFor={fieldId}>
              <span>
                {spec.label}
                {spec.unit ? ` (${spec.unit})` : ""}
              </span>
              <input
                id={fieldId}
                type="number"
                inputMode="decimal"
                min={spec.min}
                max={spec.max}
                step={spec.integer ? 1 : "any"}
                value={String(value)}
                onChange={(e) => setDraft({ ...draft, [key]: e.currentTarget.value === "" ? "" : Number(e.currentTarget.value) })}
                required
              />
            </label>
          );
        }
        return null;
      })}
      <button type="submit" className="button secondary" disabled={!changed}>
        Run with these values
      </button>
    </form>
  );
}
