/**
 * Linearizability checking by search, after Wing & Gong (1993) with Lowe's memoisation (2017), the
 * algorithm Porcupine implements.
 *
 * Each key is checked on its own (P-compositionality: a history is linearizable iff every key's
 * sub-history is, Herlihy & Wing 1990). For one key, the calls and returns are laid out in time order
 * in a doubly linked list. The search walks the list from the front: a call may be linearized next if
 * the model accepts it in the current state; it is then unlinked (with its return) and the walk
 * restarts at the front. Reaching a return means that operation had to take effect before it returned
 * and could not: the search backtracks to the last choice. A memo of (set of linearized operations,
 * state) pairs already explored prunes orders that reach the same configuration, which is what makes
 * the exponential search fast on real histories.
 */
import { ILLEGAL, MODELS, type Model } from "./models";
import type { CheckOptions, CheckResult, History, Operation, PartitionResult, StuckOperation, Value, Verdict } from "./types";

export const DEFAULT_TIME_LIMIT_MS = 10_000;
/** Memory for the memos of one check; past it the answer is "unknown" rather than a crashed tab. */
export const DEFAULT_MEMORY_LIMIT_MB = 512;
/** The clock is read once per this many steps: reading it every step would cost more than the step. */
const CLOCK_EVERY = 512;
/** Steps each undecided key gets in the first round; the slice doubles every round. */
const FIRST_SLICE = 1024;

/** Natural order for keys: "2" before "10", "k2" before "k10". */
export function compareKeys(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/** Splits a history by key, leaving out operations that constrain nothing (reads whose result is unknown). */
export function partitionByKey(history: History): Map<string, Operation[]> {
  const model = MODELS[history.model];
  const byKey = new Map<string, Operation[]>();
  const ids = new Set<number>();
  for (const op of history.operations) {
    if (ids.has(op.id)) throw new Error(`operation id ${op.id} appears twice`);
    ids.add(op.id);
    if (!(op.ret >= op.call)) throw new Error(`operation ${op.id} returns (${op.ret}) before it is invoked (${op.call})`);
    if (model.readOnly(op) && model.resultUnknown(op)) continue;
    const list = byKey.get(op.key);
    if (list) list.push(op);
    else byKey.set(op.key, [op]);
  }
  return new Map([...byKey.entries()].sort(([a], [b]) => compareKeys(a, b)));
}

/**
 * Checks every key. Keys are searched in rounds, each undecided key getting a slice of steps that
 * doubles every round, so one hard key cannot use up the budget before an easy violation in another
 * key is found. Once a key is shown not linearizable the verdict is settled and the rest stop
 * (unless `checkAllKeys`).
 */
export function checkHistory(history: History, options: CheckOptions = {}): CheckResult {
  const now = options.now ?? (() => performance.now());
  const start = now();
  const deadline = start + (options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS);
  const maxSteps = options.maxSteps ?? Infinity;
  const model = MODELS[history.model];
  const memory = new MemoryBudget((options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB) * 1024 * 1024);
  const searches = [...partitionByKey(history).entries()].map(([key, ops]) => new PartitionSearch(model, key, ops, memory));

  let steps = 0;
  let budgetExhausted = false;
  let violation = false;
  const outOfTime = () => now() > deadline;
  let active = searches.filter((s) => !s.done);
  for (let slice = FIRST_SLICE; active.length > 0 && !budgetExhausted && (!violation || options.checkAllKeys); slice *= 2) {
    for (const search of active) {
      const allowed = Math.min(slice, maxSteps - steps);
      steps += search.run(allowed, outOfTime);
      if (search.verdict === "not-linearizable") {
        violation = true;
        if (!options.checkAllKeys) break;
      }
      if (!search.done && (steps >= maxSteps || search.stoppedByBudget)) {
        budgetExhausted = true;
        break;
      }
    }
    active = active.filter((s) => !s.done);
  }

  const partitions = searches.map((s) => s.result(budgetExhausted ? "budget" : "violation-elsewhere"));
  const verdict: Verdict = partitions.some((p) => p.verdict === "not-linearizable")
    ? "not-linearizable"
    : partitions.some((p) => p.verdict === "unknown")
      ? "unknown"
      : "linearizable";
  return { verdict, model: history.model, partitions, budgetExhausted: budgetExhausted && verdict === "unknown", steps, elapsedMs: now() - start };
}

// ── Memo ──────────────────────────────────────────────────────────────────────────────────────────

/** Deterministic pseudo-random 32-bit words (splitmix32), for Zobrist hashing of the linearized set. */
function zobristWords(n: number): Int32Array {
  const out = new Int32Array(n);
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    out[i] = z ^ (z >>> 16);
  }
  return out;
}

/**
 * A hash of a state. Long strings (appended values) are hashed by length and their ends only:
 * equal states still hash equally, and the memo compares states in full on a collision.
 */
function stateHash(v: Value): number {
  if (v === null) return 0x6a09e667;
  if (typeof v === "number") return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? Math.imul(v | 0, 0x27d4eb2d) ^ 0x3c6ef372 : stateHash(String(v)) ^ 1;
  let h = Math.imul(v.length, 0x01000193) ^ 0x811c9dc5;
  const n = v.length;
  const limit = n <= 96 ? n : 32;
  for (let i = 0; i < limit; i++) h = Math.imul(h ^ v.charCodeAt(i), 0x01000193);
  if (n > 96) for (let i = n - 64; i < n; i++) h = Math.imul(h ^ v.charCodeAt(i), 0x01000193);
  return h;
}

/** Memory shared by the memos of every key being searched, so one check cannot exhaust a tab or a process. */
export class MemoryBudget {
  bytes = 0;
  constructor(readonly limitBytes: number) {}
  get exhausted(): boolean {
    return this.bytes > this.limitBytes;
  }
}

/**
 * The set of explored (linearized set, state) configurations: an open-addressing hash table over
 * flat arrays (a bitset of `words` 32-bit words per entry, its state, its hash), which costs a few
 * bytes plus the bitset per entry and no object per entry.
 */
class Memo {
  private capacity = 1024;
  private arena: Uint32Array;
  private hashes: Int32Array;
  private states: Value[] = [];
  private table: Int32Array;
  private count = 0;
  private accounted = 0;

  constructor(
    private readonly words: number,
    private readonly memory: MemoryBudget,
  ) {
    this.arena = new Uint32Array(this.capacity * words);
    this.hashes = new Int32Array(this.capacity);
    this.table = new Int32Array(2 * this.capacity).fill(-1);
    this.account();
  }

  /** Adds the configuration; false if it was already there. */
  add(hash: number, bits: Uint32Array, state: Value): boolean {
    const { table, hashes, states, arena, words } = this;
    const mask = table.length - 1;
    let slot = hash & mask;
    for (let e = table[slot]; e !== -1; e = table[slot]) {
      if (hashes[e] === hash && states[e] === state) {
        let same = true;
        for (let k = 0, base = e * words; k < words; k++) {
          if (arena[base + k] !== bits[k]) {
            same = false;
            break;
          }
        }
        if (same) return false;
      }
      slot = (slot + 1) & mask;
    }
    if (this.count === this.capacity) {
      this.grow();
      return this.add(hash, bits, state);
    }
    const e = this.count++;
    arena.set(bits, e * words);
    hashes[e] = hash;
    states[e] = state;
    table[slot] = e;
    return true;
  }

  private grow(): void {
    this.capacity *= 2;
    const arena = new Uint32Array(this.capacity * this.words);
    arena.set(this.arena);
    this.arena = arena;
    const hashes = new Int32Array(this.capacity);
    hashes.set(this.hashes);
    this.hashes = hashes;
    // The table stays at most half full.
    const table = new Int32Array(2 * this.capacity).fill(-1);
    const mask = table.length - 1;
    for (let e = 0; e < this.count; e++) {
      let slot = hashes[e] & mask;
      while (table[slot] !== -1) slot = (slot + 1) & mask;
      table[slot] = e;
    }
    this.table = table;
    this.account();
  }

  private account(): void {
    const bytes = 4 * (this.arena.length + this.hashes.length + this.table.length) + 8 * this.capacity;
    this.memory.bytes += bytes - this.accounted;
    this.accounted = bytes;
  }

  release(): void {
    this.memory.bytes -= this.accounted;
    this.accounted = 0;
    this.arena = new Uint32Array(0);
    this.hashes = new Int32Array(0);
    this.table = new Int32Array(0);
    this.states = [];
  }
}

// ── Search for one key ────────────────────────────────────────────────────────────────────────────

/** The search over one key's operations; `run` advances it by a number of steps and can be resumed. */
class PartitionSearch {
  done = false;
  verdict: Verdict = "unknown";
  /** Stopped because time or memory ran out. */
  stoppedByBudget = false;
  private steps = 0;

  private readonly entries: { op: number; isCall: boolean; t: number }[];
  // The list: node 0 is the head, node k is entries[k - 1], -1 ends it.
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly opOf: Int32Array;
  private readonly isCall: Uint8Array;
  private readonly returnOf: Int32Array;
  // Memo of explored (linearized set, state) pairs; the set is a bitset with a Zobrist hash.
  private readonly zobrist: Int32Array;
  private readonly bits: Uint32Array;
  private bitsHash = 0;
  private readonly memo: Memo;
  // The current order: the call nodes linearized so far and the state before each.
  private readonly stackNode: Int32Array;
  private readonly stackState: Value[];
  private depth = 0;
  /** Operations in the current order that returned (the others never did). */
  private settled = 0;
  private state: Value;
  private node: number;
  // The longest prefix reached, the evidence when there is no linearization. "Longest" counts the
  // operations that returned; among equals, fewer that never returned. Those may be left out of any
  // order, so a prefix padded with them explains nothing more.
  private bestSettled = -1;
  private bestOpen = 0;
  private bestPrefix: number[] = [];
  private bestState: Value;

  constructor(
    private readonly model: Model,
    private readonly key: string,
    private readonly ops: Operation[],
    private readonly memory: MemoryBudget,
  ) {
    const n = ops.length;
    // Time order; at equal times calls come first, because intervals are closed: an operation
    // returning at t and one invoked at t are concurrent.
    const entries: { op: number; isCall: boolean; t: number }[] = [];
    ops.forEach((o, i) => {
      entries.push({ op: i, isCall: true, t: o.call });
      entries.push({ op: i, isCall: false, t: o.ret });
    });
    entries.sort((a, b) => a.t - b.t || Number(!a.isCall) - Number(!b.isCall) || a.op - b.op);
    this.entries = entries;

    const size = 2 * n + 1;
    this.next = new Int32Array(size);
    this.prev = new Int32Array(size);
    this.opOf = new Int32Array(size);
    this.isCall = new Uint8Array(size);
    this.returnOf = new Int32Array(size);
    const callNodeOf = new Int32Array(n);
    for (let k = 0; k < size; k++) {
      this.next[k] = k + 1 < size ? k + 1 : -1;
      this.prev[k] = k - 1;
    }
    entries.forEach((e, i) => {
      const node = i + 1;
      this.opOf[node] = e.op;
      this.isCall[node] = e.isCall ? 1 : 0;
      if (e.isCall) callNodeOf[e.op] = node;
      else this.returnOf[callNodeOf[e.op]] = node;
    });

    this.zobrist = zobristWords(n);
    this.bits = new Uint32Array((n + 31) >>> 5);
    this.memo = new Memo(this.bits.length, memory);
    this.stackNode = new Int32Array(n);
    this.stackState = new Array(n);
    this.state = model.init;
    this.bestState = model.init;
    this.node = this.next[0];
    if (n === 0) this.finish("linearizable");
  }

  /** Takes at most `maxSteps` steps (fewer if decided, or if `outOfTime` says so); returns the steps taken. */
  run(maxSteps: number, outOfTime: () => boolean): number {
    if (this.done) return 0;
    const { next, prev, opOf, isCall, returnOf, zobrist, bits, memo, stackNode, stackState, model, ops } = this;
    let { depth, settled, state, node, bitsHash } = this;
    let taken = 0;

    const lift = (c: number) => {
      next[prev[c]] = next[c];
      prev[next[c]] = prev[c]; // a call is always followed, at least, by its return
      const r = returnOf[c];
      next[prev[r]] = next[r];
      if (next[r] !== -1) prev[next[r]] = prev[r];
    };
    // The exact reverse of lift: the return first, then the call.
    const unlift = (c: number) => {
      const r = returnOf[c];
      next[prev[r]] = r;
      if (next[r] !== -1) prev[next[r]] = r;
      next[prev[c]] = c;
      prev[next[c]] = c;
    };

    let outcome: Verdict = "unknown";
    while (next[0] !== -1) {
      if (taken >= maxSteps) break;
      taken++;
      if (taken % CLOCK_EVERY === 0 && (outOfTime() || this.memory.exhausted)) {
        this.stoppedByBudget = true;
        break;
      }
      if (isCall[node]) {
        const i = opOf[node];
        const after = model.step(state, ops[i]);
        if (after !== ILLEGAL) {
          bits[i >>> 5] |= 1 << (i & 31);
          bitsHash ^= zobrist[i];
          if (memo.add((bitsHash ^ stateHash(after)) | 0, bits, after)) {
            stackNode[depth] = node;
            stackState[depth] = state;
            depth++;
            if (ops[i].ret !== Infinity) settled++;
            state = after;
            lift(node);
            node = next[0];
            continue;
          }
          bits[i >>> 5] &= ~(1 << (i & 31));
          bitsHash ^= zobrist[i];
        }
        node = next[node];
      } else {
        // A return: this operation had to take effect by now and could not. Back to the last choice.
        if (settled > this.bestSettled || (settled === this.bestSettled && depth - settled < this.bestOpen)) {
          this.bestSettled = settled;
          this.bestOpen = depth - settled;
          this.bestPrefix = Array.from(stackNode.subarray(0, depth), (c) => opOf[c]);
          this.bestState = state;
        }
        if (depth === 0) {
          outcome = "not-linearizable";
          break;
        }
        depth--;
        const c = stackNode[depth];
        state = stackState[depth];
        const i = opOf[c];
        if (ops[i].ret !== Infinity) settled--;
        bits[i >>> 5] &= ~(1 << (i & 31));
        bitsHash ^= zobrist[i];
        unlift(c);
        node = next[c];
      }
    }
    if (next[0] === -1) outcome = "linearizable";
    Object.assign(this, { depth, settled, state, node, bitsHash });
    this.steps += taken;
    if (outcome !== "unknown") this.finish(outcome);
    return taken;
  }

  private finish(verdict: Verdict): void {
    this.done = true;
    this.verdict = verdict;
    this.memo.release(); // the memo can be large; the result does not need it
  }

  result(unknownBecause: "budget" | "violation-elsewhere"): PartitionResult {
    const { key, ops, model } = this;
    const operationIds = ops.map((o) => o.id);
    const base = { key, operationIds, steps: this.steps };
    if (this.verdict === "unknown") return { ...base, verdict: "unknown", unknownBecause };
    if (this.verdict === "linearizable") {
      const linearization = Array.from(this.stackNode.subarray(0, this.depth), (c) => ops[this.opOf[c]].id);
      return { ...base, verdict: "linearizable", linearization };
    }
    return {
      ...base,
      verdict: "not-linearizable",
      prefix: this.bestPrefix.map((i) => ops[i].id),
      stateAfterPrefix: model.describeState(this.bestState),
      stuck: stuckAfter(model, ops, this.entries, this.bestPrefix, this.bestState),
    };
  }
}

/**
 * The operations that returned and could come next after the longest prefix: those invoked before
 * the earliest return among the rest. The model rejects each of them in that state: one it accepted
 * would have led, directly or through the memo, to a prefix with more returned operations. (Operations
 * that never returned may come next too, but they are optional and none of them led anywhere.)
 */
function stuckAfter(
  model: Model,
  ops: Operation[],
  entries: readonly { op: number; isCall: boolean }[],
  prefix: number[],
  state: Value,
): StuckOperation[] {
  const placed = new Set(prefix);
  const stuck: StuckOperation[] = [];
  for (const e of entries) {
    if (placed.has(e.op)) continue;
    if (!e.isCall) break;
    const op = ops[e.op];
    if (op.ret === Infinity) continue;
    const reason =
      model.step(state, op) === ILLEGAL ? model.whyIllegal(state, op) : "it is legal here, but no order of the remaining operations works after it";
    stuck.push({ id: op.id, reason });
  }
  return stuck;
}
