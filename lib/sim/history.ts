/** Client histories: what each simulated client invoked and saw, for linearizability checking and tests. */
import type { ClientOperation } from "./types";

/**
 * Records operations in invocation order. A client has at most one operation outstanding: invoking a
 * second one before the first completes is a bug in the simulation, so it throws.
 */
export class ClientHistory {
  readonly operations: ClientOperation[] = [];
  /** Finished operations by outcome (outstanding ones are not counted). */
  readonly outcomes = { ok: 0, fail: 0, unknown: 0 };
  private readonly outstanding = new Map<number, ClientOperation>();

  busy(client: number): boolean {
    return this.outstanding.has(client);
  }

  invoke(client: number, key: string, kind: ClientOperation["kind"], value: ClientOperation["value"], at: number): ClientOperation {
    if (this.outstanding.has(client)) throw new Error(`client ${client} already has operation ${this.outstanding.get(client)!.id} outstanding`);
    const op: ClientOperation = {
      id: this.operations.length + 1,
      client,
      key,
      kind,
      value: kind === "read" ? undefined : value,
      invokedAt: at,
      returnedAt: null,
      outcome: "unknown",
    };
    this.operations.push(op);
    this.outstanding.set(client, op);
    return op;
  }

  isOutstanding(op: ClientOperation): boolean {
    return this.outstanding.get(op.client) === op;
  }

  /** The client got an answer: "ok" (reads carry the value returned) or "fail" (definitely not applied). */
  returned(op: ClientOperation, outcome: "ok" | "fail", at: number, readValue?: string | number | null): void {
    if (!this.isOutstanding(op)) return;
    op.outcome = outcome;
    op.returnedAt = at;
    if (op.kind === "read") op.value = outcome === "ok" ? (readValue ?? null) : undefined;
    this.outstanding.delete(op.client);
    this.outcomes[outcome]++;
  }

  /** The client gave up (timeout, deposed leader): the operation may or may not have taken effect. */
  gaveUp(op: ClientOperation): void {
    if (!this.isOutstanding(op)) return;
    op.outcome = "unknown";
    op.returnedAt = null;
    if (op.kind === "read") op.value = undefined;
    this.outstanding.delete(op.client);
    this.outcomes.unknown++;
  }
}

/**
 * Reads that returned a value older than one a completed write had already installed before the read began:
 * the reads a linearizable register can never return. `order(key, value)` ranks values per key (a version or
 * log index; 0 for null). A write counts once it returned "ok".
 */
export function staleReads(history: readonly ClientOperation[], order: (key: string, value: string | number | null) => number): ClientOperation[] {
  const out: ClientOperation[] = [];
  for (const read of history) {
    if (read.kind !== "read" || read.outcome !== "ok" || read.value === undefined) continue;
    const seen = order(read.key, read.value);
    const newer = history.some(
      (w) => w.kind === "write" && w.key === read.key && w.outcome === "ok" && w.returnedAt !== null && w.returnedAt < read.invokedAt && order(w.key, w.value ?? null) > seen,
    );
    if (newer) out.push(read);
  }
  return out;
}
