/**
 * Histories, operations and results of the linearizability checker. Everything here is plain JSON
 * (apart from `Infinity` in `ret`), so a result crosses to a Web Worker and back unchanged.
 */

/** A register's or key's value. `null` = absent (never written, or Jepsen's `nil`). */
export type Value = string | number | null;

export type ModelName = "register" | "kv";

interface OperationBase {
  /** Unique within the history; evidence refers to operations by this id. */
  id: number;
  /** The process that issued it (a Jepsen process, a simulated client). */
  client: number;
  /** Operations on different keys never constrain each other (P-compositionality). */
  key: string;
  /** Invocation time. */
  call: number;
  /**
   * Completion time, `>= call`. `Infinity` = never returned (a crashed client, Jepsen's `:info`):
   * the operation may take effect at any moment after `call`, or never.
   */
  ret: number;
  /** 1-based line of the completion (or invocation) in the source text, for messages. */
  line?: number;
}

/** Register model: read, write, compare-and-set. */
export type RegisterOperation = OperationBase &
  (
    | { f: "read"; /** Value returned; `undefined` = unknown (never returned). */ value?: Value }
    | { f: "write"; value: Value }
    | { f: "cas"; from: Value; to: Value; /** Whether the swap happened; `undefined` = unknown. */ ok?: boolean }
  );

/** Key-value model: get, put, append (strings; a missing key reads as ""). */
export type KvOperation = OperationBase &
  (
    | { f: "get"; /** Value returned; `undefined` = unknown (never returned). */ value?: string }
    | { f: "put"; value: string }
    | { f: "append"; value: string }
  );

export type Operation = RegisterOperation | KvOperation;

export type TimeUnit = "ms" | "event";

export interface History {
  model: ModelName;
  /** What `call` and `ret` count: simulated milliseconds, or positions in an event log. */
  timeUnit: TimeUnit;
  operations: Operation[];
}

export type Verdict = "linearizable" | "not-linearizable" | "unknown";

/** An operation that cannot be the next one after the longest linearizable prefix, and why. */
export interface StuckOperation {
  id: number;
  /** "read returned 1, but the register holds 3 at that point" */
  reason: string;
}

export interface PartitionResult {
  key: string;
  verdict: Verdict;
  /** Operations checked in this partition (reads that never returned are left out: they constrain nothing). */
  operationIds: number[];
  /** Linearizable: one valid order of every operation (ids), each at a moment inside its interval. */
  linearization?: number[];
  /** Not linearizable: the longest prefix the search could order legally. */
  prefix?: number[];
  /** The state after `prefix`, described for people ("3", "absent", '"x 1 y"'). */
  stateAfterPrefix?: string;
  /** Not linearizable: every operation that could come next after `prefix`, none of which is legal there. */
  stuck?: StuckOperation[];
  /** Why the verdict is "unknown": the budget ran out, or another key was already shown not linearizable. */
  unknownBecause?: "budget" | "violation-elsewhere";
  /** Search steps taken (one per operation tried). */
  steps: number;
}

export interface CheckResult {
  verdict: Verdict;
  model: ModelName;
  /** One per key, in key order. */
  partitions: PartitionResult[];
  /** Why the verdict is "unknown": the time, step or memory budget ran out. */
  budgetExhausted: boolean;
  steps: number;
  elapsedMs: number;
}

export interface CheckOptions {
  /** Wall-clock budget; past it the answer is "unknown". Default 10,000 ms. */
  timeLimitMs?: number;
  /** Budget in search steps (deterministic, unlike time). Default unlimited. */
  maxSteps?: number;
  /** Memory for the search's memo, in MB. Default 512. */
  memoryLimitMb?: number;
  /** Clock for the time budget (milliseconds). */
  now?: () => number;
  /** Keep checking the other keys after one is shown not linearizable (default: stop, the verdict is settled). */
  checkAllKeys?: boolean;
}
