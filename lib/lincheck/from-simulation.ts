/**
 * Simulation runs → checker histories. The quorum and Raft simulations record what their clients saw
 * as a list of `ClientOperation`s; each key is a register (read/write), checked on its own.
 */
import { checkHistory } from "./checker";
import { explainViolation, type Violation } from "./explain";
import type { CheckOptions, CheckResult, History, RegisterOperation } from "./types";

// The simulations' record of one client operation, as lib/sim defines it.
import type { ClientOperation } from "@/lib/sim/types";
export type { ClientOperation };

/**
 * A failed write did not take effect and is left out. A write that never returned, or whose outcome
 * is unknown, may take effect at any moment after its invocation, even after the client gave up (a
 * quorum write that reached fewer than W replicas can still be read later): it stays open for ever.
 * A read that failed or never returned tells nothing and is left out.
 */
export function historyFromSimulation(ops: readonly ClientOperation[]): History {
  const operations: RegisterOperation[] = [];
  for (const op of ops) {
    if (op.returnedAt !== null && op.returnedAt < op.invokedAt) {
      throw new Error(`operation ${op.id} returned at ${op.returnedAt} ms, before it was invoked at ${op.invokedAt} ms`);
    }
    const base = { id: op.id, client: op.client, key: op.key, call: op.invokedAt };
    if (op.kind === "write") {
      if (op.outcome === "fail") continue;
      if (op.value === undefined) throw new Error(`write ${op.id} has no value`);
      const settled = op.outcome === "ok" && op.returnedAt !== null;
      operations.push({ ...base, f: "write", value: op.value, ret: settled ? op.returnedAt! : Infinity });
    } else {
      if (op.outcome !== "ok" || op.returnedAt === null || op.value === undefined) continue;
      operations.push({ ...base, f: "read", value: op.value, ret: op.returnedAt });
    }
  }
  return { model: "register", timeUnit: "ms", operations };
}

export interface SimulationCheck {
  result: CheckResult;
  /** Null when linearizable (or unknown); otherwise the read that could not have happened, in ClientOperation ids. */
  violation: Violation | null;
}

/** Checks a simulation run; every id in the answer is a `ClientOperation` id, so a player can highlight it. */
export function checkSimulationRun(ops: readonly ClientOperation[], options?: CheckOptions): SimulationCheck {
  const history = historyFromSimulation(ops);
  const result = checkHistory(history, options);
  return { result, violation: explainViolation(history, result) };
}
